"""Staff accounts: passwords hashed with argon2id, lockout after repeated failures, first start.

There is no default password: a new station's first start asks for the administrator's. A
failed login says only "wrong user name or password" (never which) and takes as long either
way; both outcomes go into the audit trail, under the account's name when the name typed is
one (never what was typed otherwise: it may be a password in the wrong field).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, cases
from hukou_desk.storage.cases import snapshot
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import User, utc_now

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_LENGTH = 8

# argon2id with the library's RFC 9106 "low memory" profile: 64 MiB, 3 passes (~0.1 s here).
_HASHER = PasswordHasher()


def cheap_hashing_for_tests() -> None:
    """Tests only: argon2id at its smallest cost, so hundreds of sign-ins take no time. Hashes
    carry their own parameters, so the real cost applies to every password set afterwards
    by a desk that never calls this."""
    global _HASHER
    _HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class LoginRefused(HukouDeskError):
    """Wrong name or password, a disabled account, or a locked one."""


class WrongCredentials(LoginRefused):
    """The name or the password did not match (the sign-in never says which)."""


class WeakPassword(HukouDeskError):
    """A password the station's rules do not accept."""


def check_password_rules(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            text(
                f"密码至少需要 {MIN_LENGTH} 个字符。",
                f"The password needs at least {MIN_LENGTH} characters.",
            )
        )
    if password.isdigit() or password.isalpha():
        raise WeakPassword(
            text(
                "密码须同时包含字母和数字（或符号）。",
                "The password must mix letters with digits or symbols.",
            )
        )


def set_password(session: Session, *, actor: str, user: User, password: str) -> None:
    """Set (or reset) a password; the failure count and any lockout are cleared."""
    check_password_rules(password)
    before = snapshot(user)
    user.password_hash = _HASHER.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    audit.record(
        session,
        actor=actor,
        action="user.password",
        entity="user",
        entity_id=str(user.id),
        before=before,
        after=snapshot(user),
    )


def needs_first_start(session: Session) -> bool:
    """True until an active administrator with a password exists."""
    admins = session.exec(
        select(User).where(User.role == Role.ADMIN.value, User.active == True)  # noqa: E712
    ).all()
    return not any(admin.password_hash for admin in admins)


_DECOYS: dict[int, str] = {}


def _as_long_as_a_real_check(password: str) -> None:
    """An argon2id verification that cannot succeed, so that an unknown, disabled or locked
    account takes as long to refuse as a wrong password (no user names read off the timing)."""
    decoy = _DECOYS.get(id(_HASHER))
    if decoy is None:
        decoy = _DECOYS[id(_HASHER)] = _HASHER.hash("decoy: no account has this password")
    with suppress(VerificationError, InvalidHashError):
        _HASHER.verify(decoy, password)


def _refused() -> LoginRefused:
    return WrongCredentials(text("用户名或密码不正确。", "Wrong user name or password."))


def login(database: Database, *, username: str, password: str, now: datetime | None = None) -> User:
    """The user, if the password matches and the account is usable; else LoginRefused.

    The attempt is one action: its audit event and failure count are saved even when it fails.
    """
    with database.write() as session:
        outcome = _attempt(session, username=username, password=password, now=now or utc_now())
    if isinstance(outcome, LoginRefused):
        raise outcome
    return outcome


def _attempt(
    session: Session, *, username: str, password: str, now: datetime
) -> User | LoginRefused:
    user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or user.password_hash is None:
        _as_long_as_a_real_check(password)
        # What was typed is not recorded: it may be a password typed in the wrong field.
        audit.record(
            session, actor="(unknown)", action="login.failed", entity="user", entity_id="-"
        )
        return _refused()
    if not user.active:
        _as_long_as_a_real_check(password)
        audit.record(
            session,
            actor=user.username,
            action="login.disabled",
            entity="user",
            entity_id=str(user.id),
        )
        return LoginRefused(
            text("该账号已停用，请联系管理员。", "This account is disabled; ask the administrator.")
        )
    if user.locked_until is not None and user.locked_until > now:
        _as_long_as_a_real_check(password)
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        return LoginRefused(
            text(
                f"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试或请管理员重置密码。",
                f"Too many wrong passwords: the account is locked. Try again in {minutes} "
                "minutes, or ask the administrator to reset the password.",
            )
        )
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
        session.add(user)
        audit.record(
            session,
            actor=user.username,
            action="login.failed",
            entity="user",
            entity_id=str(user.id),
            detail={"failures": user.failed_logins},
        )
        return _refused()
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    audit.record(
        session, actor=user.username, action="login", entity="user", entity_id=str(user.id)
    )
    return user


def set_active(session: Session, *, actor: str, user: User, active: bool) -> None:
    """Disable (or enable again) an account; its history stays."""
    before = snapshot(user)
    user.active = active
    session.add(user)
    audit.record(
        session,
        actor=actor,
        action="user.enable" if active else "user.disable",
        entity="user",
        entity_id=str(user.id),
        before=before,
        after=snapshot(user),
    )


def first_start(
    session: Session,
    *,
    station_code: str,
    station_name: str,
    district: str,
    admin_username: str,
    admin_name: str,
    password: str,
    phone: str = "",
    address: str = "",
) -> User:
    """A new station: its code, name, telephone and address, and the administrator with their
    own password."""
    check_password_rules(password)
    if not (station_code.isdigit() and 6 <= len(station_code) <= 12):
        raise HukouDeskError(
            text(
                "派出所代码应为6至12位数字（以所在县区代码开头）。",
                "The station code is 6 to 12 digits, starting with its county code.",
            )
        )
    cases.set_station(
        session,
        actor=admin_username,
        code=station_code,
        name=station_name,
        district=district,
        phone=phone.strip(),
        address=address.strip(),
    )
    admin = session.exec(select(User).where(User.username == admin_username)).first()
    if admin is not None and (admin.role != Role.ADMIN.value or admin.password_hash):
        # Only an administrator account nobody can log into yet (the demo's) is taken over.
        raise HukouDeskError(
            text(f"用户名“{admin_username}”已存在。", f"The user name '{admin_username}' is taken.")
        )
    if admin is None:
        admin = cases.add_user(
            session,
            actor=admin_username,
            username=admin_username,
            display_name=admin_name,
            role=Role.ADMIN,
        )
    admin.display_name = admin_name
    admin.active = True
    set_password(session, actor=admin_username, user=admin, password=password)
    return admin
