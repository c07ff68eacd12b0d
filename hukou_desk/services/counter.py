"""The counter a service works at: the case file, the plan in force, the working calendar."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session

from hukou_desk.devices.readers import CardReader
from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.staff import Clerk, NotPermitted, require_role
from hukou_desk.domain.text import Text, text
from hukou_desk.paths import forms_dir
from hukou_desk.services.handle import OpenFile, database_of
from hukou_desk.storage import accounts
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import User

__all__ = ["Clerk", "Counter", "NotPermitted", "OpenFile", "clerk", "database_of", "open_case_file"]


def open_case_file(path: Path) -> Database:
    """Open (creating, upgrading, checking) the case file at `path` (the command line)."""
    return open_database(path)


def clerk(user: User) -> Clerk:
    """The signed-in user as the screens see them."""
    return Clerk(
        id=user.id, username=user.username, display_name=user.display_name, role=Role(user.role)
    )


@dataclass
class Counter:
    """Everything a user action needs besides who acts."""

    database: Database
    policy: Policy
    calendar: WorkCalendar
    forms: Path = field(default_factory=forms_dir)
    today: Callable[[], date] = field(default=china_today)  # China's day, not the PC's
    training: bool = False  # a training file: marked on every screen and slip, never exported
    # The counter's card reader, opened from the administrator's settings (`services.cards`).
    reader: CardReader | None = None

    @property
    def file(self) -> OpenFile:
        """The case file as a screen hands it back (the lock screen, a password's change)."""
        return OpenFile(self.database)

    @contextmanager
    def acting(
        self,
        actor: Clerk,
        *,
        roles: Collection[Role] | None = None,
        what: Text | None = None,
    ) -> Iterator[tuple[Session, User]]:
        """One user action: a write transaction and the actor's account as it is now.

        Refused (NotPermitted) when the account is gone, disabled or locked, or its role is
        not among `roles`."""
        with self.database.write() as session:
            me = current_account(session, actor)
            if roles is not None:
                require_role(Role(me.role), roles, what or text("执行此操作", "do this"))
            yield session, me

    def account(self, actor: Clerk) -> User:
        """The acting user's account as stored now (refused if disabled or locked)."""
        with self.database.read() as session:
            return current_account(session, actor)

    @contextmanager
    def reading(self, actor: Clerk) -> Iterator[tuple[Session, User]]:
        """A look that changes nothing (and is not audited): the account still checked."""
        with self.database.read() as session:
            yield session, current_account(session, actor)


def current_account(session: Session, actor: Clerk) -> User:
    """The acting user's account as stored now: a user object kept from an earlier sign-in
    carries no rights of its own."""
    me = session.get(User, actor.id)
    if me is None or not me.active:
        raise NotPermitted(
            text(
                "该账号已停用，不能再办理业务；请联系管理员。",
                "This account is disabled and can do nothing more; ask the administrator.",
            )
        )
    if accounts.is_locked_at(session, me.username):
        raise NotPermitted(
            text(
                "该账号因密码错误次数过多已被锁定。",
                "This account is locked after too many wrong passwords.",
            )
        )
    return me
