"""Staff accounts and station settings: signing in, the first start, and the administrator's
work (add users, set passwords, disable or enable accounts, change settings).

Only administrators manage accounts and settings; nobody disables themself; the station always
keeps one active administrator (`domain.staff`). Anyone may change their own password.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, select

from hukou_desk.domain import passwords
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.passwords import Strength
from hukou_desk.domain.staff import (
    MANAGE_STAFF,
    Clerk,
    NotPermitted,
    StationSettings,
    check_account_change,
)
from hukou_desk.domain.text import text
from hukou_desk.services import rekey
from hukou_desk.services.counter import Counter, OpenFile, clerk, current_account, database_of
from hukou_desk.storage import accounts, cases, keyring, registry
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import Station, User
from hukou_desk.storage.settings import load_settings, save_settings

ADMINS = frozenset({Role.ADMIN})


def sign_in(file: OpenFile, *, username: str, password: str, slot_opened: bool = False) -> Clerk:
    """The user whose password this is (argon2id), or LoginRefused; lockout after 5 wrong
    passwords at any door (`storage.attempts`). `slot_opened`: the keyring's slot of this
    user has just opened with this password (`vault.sign_in`)."""
    user = accounts.login(
        database_of(file), username=username, password=password, slot_opened=slot_opened
    )
    return clerk(user)


def password_strength(
    password: str, *, known: Sequence[str] = (), file: OpenFile | None = None
) -> Strength:
    """The verdict on a password as it is typed — the rule `set_password` applies: `known`,
    the user's names (and at a first start, the station's), and the station's name and code
    from `file`, count as known to an attacker."""
    words = [*known]
    if file is not None:
        with database_of(file).read() as session:
            found = session.exec(select(Station)).first()
        if found is not None:
            words += [found.code, found.name]
    return passwords.judge(password, known=words)


def unlock(file: OpenFile, *, username: str, password: str) -> Clerk:
    """The locked desk's own user, again: only their password is asked, so a refusal says
    "wrong password" (the name is the desk's, not typed)."""
    try:
        return clerk(accounts.login(database_of(file), username=username, password=password))
    except accounts.WrongCredentials:
        raise accounts.LoginRefused(text("密码错误。", "Wrong password.")) from None


def needs_first_start(file: OpenFile) -> bool:
    with database_of(file).read() as session:
        return accounts.needs_first_start(session)


def first_start(
    file: OpenFile,
    *,
    station_code: str,
    station_name: str,
    district: str,
    admin_username: str,
    admin_name: str,
    password: str,
    phone: str,
    address: str = "",
    counter: str | None = None,
) -> Clerk:
    """A new station: its code, name, telephone (printed on every slip) and address, and its
    administrator with their own password; `counter`, which counter of the station this PC
    is ("01".."99", docs/counters.md): its case numbers and its key are that counter's."""
    from hukou_desk.storage import counters

    database = database_of(file)
    if counter is not None:
        counter = counters.checked(counter)
    if not re.fullmatch(r"[0-9][0-9\- ]{4,30}", phone.strip()):
        raise HukouDeskError(
            text(
                "请填写本所的联系电话（如 0750-3301110），它印在每一份文书上。",
                "Enter the station's telephone (e.g. 0750-3301110): every paper prints it.",
            )
        )
    with database.write() as session:
        if not accounts.needs_first_start(session):
            raise NotPermitted(
                text("本机已设置派出所和管理员。", "This station is already set up.")
            )
        admin = accounts.first_start(
            session,
            station_code=station_code,
            station_name=station_name,
            district=district,
            admin_username=admin_username,
            admin_name=admin_name,
            password=password,
            phone=phone,
            address=address,
        )
        # A training file's demo cases were made before its first start, under no counter:
        # practice needs no counter of its own (it is never exported), so it stays unnumbered.
        practice = registry.get(session, registry.TRAINING) is True
        if counter is not None and not practice:
            counters.set_counter(session, counter, actor=admin_username)
    # The station's key pair is made now, once, and its public half recorded in the case file
    # (so that a restore elsewhere never mints another silently); it goes to the centre.
    from hukou_desk import keys  # cryptography: loaded only here

    with database.write() as session:
        keys.own_key(session, database.keys_dir, station_code, database.key)
    return clerk(admin)


@dataclass(frozen=True)
class Account:
    """A staff account as the administrator's list shows it."""

    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool
    has_password: bool


def _slot(database: Database, username: str, password: str | None) -> None:
    """The user's slot in an encrypted file's keyring: written with the new password, or
    removed (None). After the change is committed: a keyring that cannot be written leaves
    the account as it was in the file and the administrator is told."""
    if database.key is None:
        return
    ring = keyring.Keyring.load(keyring.path_for(database.path))
    if password is None:
        ring.remove_user(username)
    else:
        ring.set_user(username, password, database.key)


def staff(counter: Counter, actor: Clerk) -> list[Account]:
    with counter.acting(actor, roles=ADMINS, what=MANAGE_STAFF) as (session, _me):
        return [
            Account(
                u.username,
                u.display_name,
                Role(u.role),
                u.active,
                accounts.is_locked(counter.database, u.username),
                u.password_hash is not None,
            )
            for u in session.exec(select(User).order_by(col(User.username)))
        ]


def add_user(
    counter: Counter,
    actor: Clerk,
    *,
    username: str,
    display_name: str,
    role: Role,
    password: str,
) -> None:
    accounts.check_password_rules(password, known=[username, display_name])
    with counter.acting(actor, roles=ADMINS, what=MANAGE_STAFF) as (session, me):
        user = cases.add_user(
            session,
            actor=me.username,
            username=username.strip(),
            display_name=display_name.strip(),
            role=role,
        )
        accounts.set_password(session, actor=me.username, user=user, password=password)
    accounts.lift_lockout(counter.database, username.strip())
    _slot(counter.database, username.strip(), password)


def reset_password(counter: Counter, actor: Clerk, *, username: str, password: str) -> None:
    """The administrator sets someone's password (and so lifts a lockout)."""
    with counter.acting(actor, roles=ADMINS, what=MANAGE_STAFF) as (session, me):
        user = cases.user_named(session, username)
        accounts.set_password(session, actor=me.username, user=user, password=password)
    accounts.lift_lockout(counter.database, username)
    _slot(counter.database, username, password)


def change_own_password(file: OpenFile, actor: Clerk, *, old: str, new: str) -> None:
    """Anyone, for their own account, with their current password."""
    database = database_of(file)
    accounts.login(database, username=actor.username, password=old)
    with database.write() as session:
        me = current_account(session, actor)
        if new == old:
            raise NotPermitted(
                text(
                    "新密码不能与当前密码相同。",
                    "The new password must differ from the current one.",
                )
            )
        accounts.set_password(session, actor=me.username, user=me, password=new)
    accounts.lift_lockout(database, actor.username)
    _slot(database, actor.username, new)


def must_change_password(file: OpenFile, user: Clerk) -> bool:
    """Whether the user signs in with a password someone else set (an administrator, at
    creation or a reset): they choose their own before they work."""
    with database_of(file).read() as session:
        account = session.get(User, user.id)
        setter = None if account is None else cases.password_set_by(session, account)
    return setter is not None and setter != user.username


def set_active(
    counter: Counter, actor: Clerk, *, username: str, active: bool
) -> rekey.Rekeyed | None:
    """Disable an account (its history stays) or enable it again. Disabling takes the access
    away: an encrypted case file is re-keyed without the user's slot (`services.rekey`), so
    their password — or a copy of the keyring they kept — opens nothing written from now on.
    Returns what the re-key tells the administrator (None for a plain file or enabling)."""
    with counter.acting(actor, roles=ADMINS, what=MANAGE_STAFF) as (session, me):
        user = cases.user_named(session, username)
        others = session.exec(
            select(User).where(
                User.role == Role.ADMIN.value,
                User.active == True,  # noqa: E712
                User.id != user.id,
                col(User.password_hash).is_not(None),
            )
        ).all()
        check_account_change(
            actor=me.username,
            target=user.username,
            target_role=Role(user.role),
            target_active=user.active,
            disabling=not active,
            other_active_admins=len(others),
        )
        if user.active != active:
            accounts.set_active(session, actor=me.username, user=user, active=active)
    if active or counter.database.key is None:
        return None
    return rekey.rekey(
        counter.database, actor=actor.username, reason="disabled", without=[username]
    )


def settings(counter: Counter, actor: Clerk) -> StationSettings:
    with counter.reading(actor) as (session, _me):
        return load_settings(session)


def change_settings(counter: Counter, actor: Clerk, **changes: object) -> StationSettings:
    with counter.acting(actor, roles=ADMINS, what=MANAGE_STAFF) as (session, me):
        return save_settings(session, actor=me.username, **changes)
