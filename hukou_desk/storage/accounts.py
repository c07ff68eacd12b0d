"""Staff accounts: passwords hashed with argon2id, lockout after repeated failures, first start.

There is no default password: a new station's first start asks for the administrator's. A
failed login says only "wrong user name or password" (never which) and takes as long either
way; both outcomes go into the audit trail, under the account's name when the name typed is
one (never what was typed otherwise: it may be a password in the wrong field).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from hukou_desk.domain import passwords
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.passwords import WeakPassword as WeakPassword
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, cases, keyring, person_keys, registry
from hukou_desk.storage.attempts import Attempt, Attempts, Locked
from hukou_desk.storage.cases import snapshot
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import Station, User, utc_now


def _hasher() -> PasswordHasher:
    """argon2id at the keyring's cost (`storage.keyring.COST`, calibrated in
    benchmarks/bench_passwords.py): a guess at a stolen hash costs what a guess at a stolen
    keyring costs. Hashes carry their own parameters; a cheaper one is made anew at sign-in."""
    cost = keyring.COST
    return _hasher_at(cost["time_cost"], cost["memory_cost"], cost["parallelism"])


@lru_cache(maxsize=4)
def _hasher_at(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


class LoginRefused(HukouDeskError):
    """Wrong name or password, a disabled account, or a locked one."""


class WrongCredentials(LoginRefused):
    """The name or the password did not match (the sign-in never says which)."""


def known_words(user: User, session: Session) -> list[str]:
    """What an attacker knows of this account before guessing: its names, the station's."""
    station = session.exec(select(Station)).first()
    words = [user.username, user.display_name]
    if station is not None:
        words += [station.code, station.name]
    return words


def check_password_rules(password: str, *, known: Iterable[str] = ()) -> None:
    """The station's rule (`domain.passwords`): 12 characters, hard to guess."""
    passwords.require_strong(password, known=known)


def set_password(session: Session, *, actor: str, user: User, password: str) -> None:
    """Set (or reset) a password, if the station's rule accepts it (the services then lift
    any lockout: `lift_lockout`)."""
    check_password_rules(password, known=known_words(user, session))
    before = snapshot(user)
    user.password_hash = _hasher().hash(password)
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
    _key_for_password(session, actor=actor, user=user, password=password)


def _key_for_password(session: Session, *, actor: str, user: User, password: str) -> None:
    """The person's signing key follows their password: their own change rewraps the key they
    hold; anyone else setting it (an administrator creating the account or resetting it) makes
    a new pair, which the administrator never holds (`storage.person_keys`)."""
    held = person_keys.keychain(session)
    row = person_keys.current(session, user.username)
    own = actor == user.username
    if own and row is not None and user.username in held:
        person_keys.rewrap(session, row=row, private=held[user.username], password=password)
        return
    _row, private = person_keys.make(
        session, actor=actor, user=user, password=password, training=_training(session)
    )
    if own:
        held[user.username] = private
    else:
        held.pop(user.username, None)


def _training(session: Session) -> bool:
    return registry.get(session, registry.TRAINING) is True


def hold_key(session: Session, user: User, password: str) -> None:
    """At a good sign-in: the person's key unwrapped and held while they work; an account from
    before keys (or whose key no longer opens with this password) gets a new one, on the
    record."""
    row = person_keys.current(session, user.username)
    private = None if row is None else person_keys.open_key(row, password)
    if private is None:
        _row, private = person_keys.make(
            session,
            actor=user.username,
            user=user,
            password=password,
            training=_training(session),
        )
    person_keys.keychain(session)[user.username] = private


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
    hasher = _hasher()
    decoy = _DECOYS.get(id(hasher))
    if decoy is None:
        decoy = _DECOYS[id(hasher)] = hasher.hash("decoy: no account has this password")
    with suppress(VerificationError, InvalidHashError):
        hasher.verify(decoy, password)


def _refused() -> LoginRefused:
    return WrongCredentials(text("用户名或密码不正确。", "Wrong user name or password."))


def attempts_for(database: Database) -> Attempts:
    return Attempts(database.path)


def login(
    database: Database,
    *,
    username: str,
    password: str,
    now: datetime | None = None,
    counted: Attempts | None = None,
    slot_opened: bool = False,
) -> User:
    """The user, if the password matches and the account is usable; else LoginRefused.

    The attempt is one action: its audit event is saved even when it fails; it is counted in
    the station's one count (`counted`: the station's, when `database` is a copy of it).
    `slot_opened`: the keyring's slot of this very user opened with this password a moment
    ago (counted there): the password is proven, and not checked a second time.
    """
    now = now or utc_now()
    counter = counted or attempts_for(database)
    with database.read() as session:
        user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or user.password_hash is None or not user.active or slot_opened:
        outcome = _without_check(database, user, password, slot_opened=slot_opened)
    else:
        try:
            attempt = counter.begin(user.username, now=now)
        except Locked as exc:
            _as_long_as_a_real_check(password)
            raise LoginRefused(exc.message) from None
        outcome = _checked(database, user, password, attempt, counter, now)
    if isinstance(outcome, LoginRefused):
        raise outcome
    return outcome


def _without_check(
    database: Database, user: User | None, password: str, *, slot_opened: bool
) -> User | LoginRefused:
    """Unknown and disabled accounts (as long as a real check, and audited), and a password
    the keyring has proven."""
    if not slot_opened:
        _as_long_as_a_real_check(password)
    with database.write() as session:
        if user is None or user.password_hash is None:
            # What was typed is not recorded: it may be a password typed in the wrong field.
            audit.record(
                session, actor="(unknown)", action="login.failed", entity="user", entity_id="-"
            )
            return _refused()
        if not user.active:
            audit.record(
                session,
                actor=user.username,
                action="login.disabled",
                entity="user",
                entity_id=str(user.id),
            )
            return LoginRefused(
                text(
                    "该账号已停用，请联系管理员。",
                    "This account is disabled; ask the administrator.",
                )
            )
        audit.record(
            session, actor=user.username, action="login", entity="user", entity_id=str(user.id)
        )
        hold_key(session, user, password)
    return user


def _checked(
    database: Database,
    user: User,
    password: str,
    attempt: Attempt,
    counter: Attempts,
    now: datetime,
) -> User | LoginRefused:
    assert user.password_hash is not None
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        counter.failed(attempt, recorded=True, now=now)
        with database.write() as session:
            audit.record(
                session,
                actor=user.username,
                action="login.failed",
                entity="user",
                entity_id=str(user.id),
                detail={"failures": attempt.count},
            )
        return _refused()
    unrecorded = counter.succeeded(attempt)
    with database.write() as session:
        me = session.get(User, user.id)
        assert me is not None
        if _hasher().check_needs_rehash(user.password_hash):
            me.password_hash = _hasher().hash(password)
            session.add(me)
        record_unseen_failures(session, me, unrecorded)
        audit.record(
            session, actor=me.username, action="login", entity="user", entity_id=str(me.id)
        )
        hold_key(session, me, password)
    return me


def record_unseen_failures(session: Session, user: User, failures: int) -> None:
    """Wrong passwords tried while the case file was closed (the keyring's slot), on record
    at the next good sign-in."""
    if failures:
        audit.record(
            session,
            actor=user.username,
            action="login.failed",
            entity="user",
            entity_id=str(user.id),
            detail={"failures": failures, "while": "locked file"},
        )


def is_locked(database: Database, username: str) -> bool:
    return attempts_for(database).locked(username)


def is_locked_at(session: Session, username: str) -> bool:
    """Whether the account is locked, for an action in `session` on a station's case file."""
    where = session.get_bind().engine.url.database
    return where is not None and Attempts(Path(where)).locked(username)


def lift_lockout(database: Database, username: str) -> None:
    """A password set by an administrator (or the user): the count starts again."""
    attempts_for(database).clear(username)


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
    check_password_rules(password, known=[admin_username, admin_name, station_code, station_name])
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
