"""The encrypted case file: opening it by signing in, encrypting a plain one, recovering it.

A station's file is encrypted from its first start (the new, empty file is encrypted as soon as
the administrator has chosen a password), and a file from before encryption is encrypted in
place at the administrator's first sign-in after the upgrade: a backup first, an encrypted copy
written beside it, the keyring, then the copy renamed over the plain file in one step — a power
cut at any point leaves either the plain file (encrypted again next time) or the encrypted one,
never neither. The plain backups are then removed: the case file's contents are nowhere on the
disk in clear.

Only the administrator's password is known at that moment, so the other staff get a slot when
the administrator next sets their password (`staff.reset_password`); they are named.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from hukou_desk import keys
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.staff import Clerk, NotPermitted
from hukou_desk.domain.text import text
from hukou_desk.services import rekey, staff
from hukou_desk.services.counter import OpenFile, current_account, database_of
from hukou_desk.storage import (
    accounts,
    attachments,
    audit,
    backup,
    cases,
    driver,
    keyring,
    registry,
)
from hukou_desk.storage import rekey as rekeying
from hukou_desk.storage.accounts import LoginRefused as LoginRefused
from hukou_desk.storage.attempts import Attempts
from hukou_desk.storage.database import Database, claim, open_database
from hukou_desk.storage.errors import BackupError, DatabaseInUse
from hukou_desk.storage.keyring import Keyring, KeyringRefused
from hukou_desk.storage.models import Attachment, Case, User, utc_now
from hukou_desk.storage.sqlite_file import quick_check
from hukou_desk.sync import exporting


def is_encrypted(path: Path) -> bool:
    """Whether the case file at `path` is encrypted (and so opens only by signing in)."""
    return (
        path.exists()
        and path.stat().st_size > 0
        and not driver.is_plain(path)
        and keyring.path_for(path).exists()
    )


def is_new_pc(path: Path) -> bool:
    """No case file at `path` and no backup beside it: a PC to set up, or to restore onto."""
    empty = not path.exists() or path.stat().st_size == 0
    return empty and not backup.backups(path.parent / "backups")


def sign_in(path: Path, *, username: str, password: str) -> tuple[Database, Clerk]:
    """Open the case file as `username`: the keyring's slot gives the key (or, for a plain
    file, nothing is needed), then the account's own checks. The attempt is counted once, in
    the station's one count; wrong attempts on the slot are recorded in the audit trail at the
    next good sign-in."""
    key = None
    failures = 0
    settle(path)
    if is_encrypted(path):
        try:
            opened = Keyring.load(keyring.path_for(path)).unlock(
                username, password, attempts=Attempts(path)
            )
        except KeyringRefused as exc:
            raise LoginRefused(exc.message) from None
        key, failures = opened.key, opened.failures
    database = open_database(path, key=key)
    try:
        user = staff.sign_in(
            OpenFile(database), username=username, password=password, slot_opened=key is not None
        )
    except BaseException:
        database.close()
        raise
    if key is not None:
        _seal_leftover_scans(database, key)
        try:
            rekey.finish_disabling(database, actor=user.username)
        except BaseException:
            database.close()
            raise
    if failures:
        with database.write() as session:
            accounts.record_unseen_failures(session, current_account(session, user), failures)
    return database, user


def _seal_leftover_scans(database: Database, key: bytes) -> None:
    """Scans still in clear from an encryption a power cut interrupted: sealed now."""
    folder = database.attachments_dir
    if not folder.is_dir() or not any(
        f.suffix == "" for sub in folder.iterdir() if sub.is_dir() for f in sub.iterdir()
    ):
        return
    with database.read() as session:
        digests = list(session.exec(select(Attachment.sha256)))
    attachments.seal_all(folder, key, digests)


def settle(path: Path) -> None:
    """A re-key a power cut interrupted, finished or undone before the file is opened — unless
    another window has the file open (its own re-key is then under way, or done)."""
    if not path.parent.is_dir():
        return
    try:
        claimed = claim(path)
    except DatabaseInUse:
        return
    try:
        rekeying.settle(path)
    finally:
        claimed.release()


def recover(path: Path, *, secret: str) -> Database:
    """The case file opened with the recovery secret (the administrator's safe)."""
    settle(path)
    return open_database(path, key=Keyring.load(keyring.path_for(path)).recover(secret))


@dataclass(frozen=True)
class SetUp:
    """A new station: its administrator, and the recovery secret to show once (None for a
    training file, which stays plain)."""

    admin: str
    recovery_secret: str | None


def set_up_station(
    path: Path,
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
) -> SetUp:
    """The first start from the command line, the same as the desk's: the station and its
    administrator, then the case file encrypted at once (its keyring and recovery secret);
    only a training file (made by `demo-data`) stays plain."""
    if is_encrypted(path):
        raise NotPermitted(text("本机已设置派出所和管理员。", "This station is already set up."))
    # Judged before anything is written: a refused password leaves no file behind.
    accounts.check_password_rules(
        password, known=[admin_username, admin_name, station_code, station_name]
    )
    database = open_database(path)
    try:
        with database.read() as session:
            training = registry.get(session, registry.TRAINING) is True
        admin = staff.first_start(
            OpenFile(database),
            station_code=station_code,
            station_name=station_name,
            district=district,
            admin_username=admin_username,
            admin_name=admin_name,
            password=password,
            phone=phone,
            address=address,
            counter=counter,
        )
    except BaseException:
        database.close()
        raise
    if training:
        database.close()
        return SetUp(admin.username, None)
    done = encrypt(OpenFile(database), admin=admin.username, password=password)
    database_of(done.file).close()
    return SetUp(admin.username, done.recovery_secret)


@dataclass(frozen=True)
class Encrypted:
    file: OpenFile  # the encrypted case file, open (its opener has it: `database_of`)
    recovery_secret: str  # shown once, to be printed or written down for the safe
    without_slot: list[str]  # staff who need a new password from the administrator


def encrypt(
    file: OpenFile,
    *,
    admin: str,
    password: str,
    progress: Callable[[str], None] | None = None,
) -> Encrypted:
    """Encrypt a plain case file in place (see the module's note); the database given is
    closed, the encrypted one returned open."""
    database = database_of(file)
    path = database.path
    if database.key is not None:
        raise KeyringRefused(text("案件数据库已加密。", "The case file is already encrypted."))
    say = progress or (lambda _step: None)
    with database.read() as session:
        others = [
            u.username
            for u in session.exec(
                select(User).where(col(User.active), col(User.password_hash).is_not(None))
            )
            if u.username != admin
        ]
        has_cases = session.exec(select(Case.id)).first() is not None
    if has_cases:
        say("backup")
        backup.make_backup(database, reason="before-encryption")
    say("encrypting")
    key = keyring.new_key()
    copy = path.with_name(path.name + ".encrypting")
    copy.unlink(missing_ok=True)
    os.close(os.open(copy, os.O_CREAT | os.O_WRONLY, 0o600))
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    plain = driver.connect(path)
    try:
        plain.execute(f"ATTACH DATABASE ? AS sealed KEY \"x'{key.hex()}'\"", (str(copy),))
        plain.execute("SELECT sqlcipher_export('sealed')")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"PRAGMA sealed.user_version = {int(version)}")
        plain.execute("DETACH DATABASE sealed")
    finally:
        plain.close()
    with copy.open("rb+") as handle:
        os.fsync(handle.fileno())
    _, secret = Keyring.create(keyring.path_for(path), key, admin=admin, password=password)
    for suffix in ("-wal", "-shm"):  # the plain file's, checkpointed: never beside the new one
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    copy.replace(path)
    _fsync_folder(path.parent)
    encrypted = open_database(path, key=key)
    # Whoever was signed in stays so: the keys they opened sign their acts on the new file too.
    encrypted.signers.update(database.signers)
    if (encrypted.keys_dir / keys.STATION_KEY_FILE).exists():
        keys.station_key(encrypted.keys_dir, key)  # its signing key encrypted too
    say("scans")
    with encrypted.read() as session:
        digests = list(session.exec(select(Attachment.sha256)))
    attachments.seal_all(encrypted.attachments_dir, key, digests)
    say("backups")
    backup.make_backup(encrypted, reason="encrypted")
    for old in backup.backups(encrypted.backups_dir):
        if driver.is_plain(old):
            old.unlink()
    with encrypted.write() as session:
        audit.record(
            session,
            actor=admin,
            action="casefile.encrypt",
            entity="station",
            entity_id="-",
            detail={"staff_without_slot": len(others)},
        )
    return Encrypted(OpenFile(encrypted), secret, sorted(others))


def _fsync_folder(folder: Path) -> None:
    if os.name == "posix":
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _reseal_scans(database: Database, old_key: bytes) -> None:
    """Scans left on this PC under the backup's key (its keyring was lost, its scans were not)
    sealed under the new key; a new PC has none (the centre holds what was exported)."""
    assert database.key is not None
    folder = database.attachments_dir
    if not folder.is_dir():
        return
    with database.read() as session:
        digests = list(session.exec(select(Attachment.sha256)))
    for sha256 in digests:
        content = attachments.load(folder, sha256, old_key)
        if content:
            attachments.store(folder, sha256, content, database.key)
            attachments.sealed_path(folder, sha256, old_key).unlink(missing_ok=True)


@dataclass(frozen=True)
class Restored:
    """A station brought back from a backup with the recovery secret."""

    admin: str
    without_slot: list[str]  # staff who need a new password from the administrator
    replaced_key: str | None  # the station's signing key before (now retired)
    station_key: str  # its new signing key, for the centre (the registration file)


def _no_sidecar(backup_file: Path) -> KeyringRefused:
    side = keyring.path_for(backup_file).name
    return KeyringRefused(
        text(
            f"备份旁缺少它的密钥文件 {side}：恢复密钥只能通过它打开备份。请把备份文件和同名的"
            ".keyring 文件一起复制过来。",
            f"The backup's key file {side} is not beside it: the recovery secret opens the "
            "backup only through it. Copy the backup together with its .keyring file.",
        )
    )


def restore_from_backup(
    path: Path,
    *,
    backup_file: Path,
    secret: str,
    admin_username: str,
    password: str,
) -> Restored:
    """Disaster recovery: the case file at `path` (a new PC, or one whose keyring is lost)
    brought back from `backup_file` and its recovery sidecar, opened by the recovery secret.

    The restored file is re-keyed at once (a stolen old PC's keyring opens nothing here); the
    administrator chooses a new password now; the other staff get theirs from the
    administrator and choose their own at their next sign-in. The station gets a new signing
    key, recorded (and audited) as the replacement of the old one, for the centre. Whatever was
    at `path` is kept beside it, renamed."""
    if not backup_file.is_file():
        raise KeyringRefused(
            text(f"没有备份文件 {backup_file}。", f"There is no backup file {backup_file}.")
        )
    if driver.is_plain(backup_file):
        backup.refuse_plain(backup_file)
    side = keyring.path_for(backup_file)
    if not side.is_file():
        raise _no_sidecar(backup_file)
    sidecar = Keyring.load(side)
    old_key = sidecar.recover(secret)
    if quick_check(backup_file, key=old_key) is not None:
        raise BackupError(
            text(f"备份 {backup_file.name} 已损坏。", f"The backup {backup_file.name} is damaged.")
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = path.with_name(path.name + ".restoring")
    work.unlink(missing_ok=True)
    os.close(os.open(work, os.O_CREAT | os.O_WRONLY, 0o600))
    shutil.copyfile(backup_file, work)
    key = keyring.new_key()
    connection = driver.connect(work, old_key)
    try:
        admin = connection.execute(
            "SELECT display_name FROM user WHERE username = ? AND role = ? AND active",
            (admin_username.strip(), Role.ADMIN.value),
        ).fetchone()
        here = connection.execute("SELECT code, name FROM station").fetchone() or ()
        if admin is None:
            raise NotPermitted(
                text(
                    f"备份中没有启用的管理员“{admin_username}”：请用备份中的管理员用户名。",
                    f"The backup has no active administrator '{admin_username}': use an "
                    "administrator's user name from the backup.",
                )
            )
        # Judged as the account's own password change judges it, before anything is put
        # in place (the slot and the account then hold the same password).
        accounts.check_password_rules(password, known=[admin_username, admin[0], *here])
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")  # a copy: nothing to keep
    except BaseException:
        connection.close()
        work.unlink(missing_ok=True)
        raise
    connection.close()
    with work.open("rb+") as handle:
        os.fsync(handle.fileno())
    stamp = utc_now().strftime("%Y%m%d-%H%M%S")
    for part in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", ".keyring"))):
        if part.exists():
            part.replace(part.with_name(f"{part.name}.replaced-{stamp}"))
    ring = Keyring(keyring.path_for(path), key_id=keyring.key_id(key))
    ring.slots[keyring.RECOVERY] = sidecar.recovery_with(secret, key)
    ring.slots[admin_username.strip()] = keyring.Slot.seal(
        "user", admin_username.strip(), password, key
    )
    ring.save()
    work.replace(path)
    _fsync_folder(path.parent)
    return _after_recovery(
        path, key, admin_username.strip(), password, backup_file.name, old_key=old_key
    )


def _after_recovery(
    path: Path, key: bytes, admin_username: str, password: str, source: str, *, old_key: bytes
) -> Restored:
    database = open_database(path, key=key)
    try:
        _reseal_scans(database, old_key)
        with database.write() as session:
            admin = session.exec(select(User).where(User.username == admin_username)).one()
            accounts.set_password(session, actor=admin.username, user=admin, password=password)
            others = [
                u.username
                for u in session.exec(
                    select(User).where(col(User.active), col(User.password_hash).is_not(None))
                )
                if u.username != admin.username
            ]
            audit.record(
                session,
                actor=admin.username,
                action="restore",
                entity="station",
                entity_id="-",
                detail={"file": source, "by": "recovery secret", "staff_without_slot": others},
            )
            exporting.begin_epoch(session, actor=admin.username)
        with database.write() as session:
            here = cases.station(session)
            before = keys.known_keys(session).get(here.code)
            made = keys.new_station_key(
                session, database.keys_dir, station_code=here.code, actor=admin.username,
                secret=key,
            )  # fmt: skip
            new = keys.public_text(made)
            if before is not None and before != new:
                registry.put(session, registry.REPLACED_KEY, before)
            audit.record(
                session,
                actor=admin.username,
                action="station.key_replace",
                entity="station",
                entity_id=here.code,
                detail={"old": before, "new": new, "reason": "restore from a backup"},
            )
        accounts.lift_lockout(database, admin.username)
        backup.make_backup(database, reason="restored")
    finally:
        database.close()
    return Restored(admin_username, sorted(others), before, new)
