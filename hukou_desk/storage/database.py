"""Opening the station's case file: SQLite set up for a desk PC, migrated, checked, locked.

Choices, for a PC that loses power without warning:
- WAL journal: readers never block the writer, and a crash leaves the last committed state.
- synchronous=FULL: each commit is on the disk before the clerk sees "saved". NORMAL would be
  consistent too, but may lose the last commits on a power cut; commits here are a few per
  minute, so the fsync costs nothing the clerk would notice.
- foreign keys on; a busy timeout so a second process waits instead of failing at once.
- Write transactions begin IMMEDIATE: the write lock is taken at the start, so two writers
  queue instead of deadlocking when a read turns into a write.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from filelock import FileLock, Timeout
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from hukou_desk.storage import audit, driver, keyring, ledger, migrations, person_keys, seals
from hukou_desk.storage.backup import latest_backup, make_backup
from hukou_desk.storage.errors import (
    CaseFileLocked,
    CorruptDatabase,
    DatabaseBusy,
    DatabaseInUse,
    DiskFull,
    LostCaseFile,
    NewerDatabase,
    ReadOnlyCaseFile,
)
from hukou_desk.storage.models import Station
from hukou_desk.storage.sqlite_file import FULL_CHECK_BYTES, quick_check

__all__ = ["FULL_CHECK_BYTES", "Database", "open_database", "quick_check"]

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
CACHE_SIZE = -65536  # 64 MiB of page cache a connection (an export takes less: sync.exporting)


def _on_connect(dbapi_connection: driver.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is DEFERRED and late).
    dbapi_connection.isolation_level = None
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
        "temp_store=MEMORY",
        f"cache_size={CACHE_SIZE}",
    ):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _on_begin(connection: sa.Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get("writing") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_engine(path: Path, key: bytes | None = None) -> Engine:
    """SQLAlchemy over SQLCipher's SQLite (`storage.driver`); every connection keyed first
    when the file is encrypted."""
    # A URL object, not a string: a file name with "?" or "#" in it stays a file name.
    url = sa.engine.URL.create("sqlite", database=str(path))
    engine = sa.create_engine(
        url,
        module=driver.dbapi2,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        # JSON columns (facts, outcomes) read with orjson, several times faster; what is
        # written stays the standard library's.
        json_deserializer=orjson.loads,
    )
    if key is not None:
        pragma = driver.key_pragma(key)

        @event.listens_for(engine, "connect", insert=True)
        def _key(dbapi_connection: driver.Connection, _record: Any) -> None:
            dbapi_connection.execute(pragma)

    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _owner_only(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.chmod(0o600)


def storage_errors(exc: Exception) -> Exception:
    """The clerk's version of an SQLite operational error, or the error itself (a bug)."""
    message = str(exc.orig if isinstance(exc, OperationalError) else exc).lower()
    if "disk is full" in message or "disk i/o error" in message:
        return DiskFull()
    if "database is locked" in message or "database is busy" in message:
        return DatabaseBusy()
    return exc


@dataclass
class Database:
    """An open case file. `read()` and `write()` hand out sessions; one write = one action."""

    path: Path
    engine: Engine
    key: bytes | None = field(default=None, repr=False)  # the case file's key, if encrypted
    _lock: FileLock | None = field(default=None, repr=False)
    _signer: tuple[tuple[int, int], Ed25519PrivateKey] | None = field(default=None, repr=False)
    # The private keys of the people signed in through this file (`storage.person_keys`), in
    # memory only: their acts are signed with them as they commit (`storage.ledger`).
    signers: dict[str, Ed25519PrivateKey] = field(default_factory=dict, repr=False)

    @property
    def attachments_dir(self) -> Path:
        return self.path.parent / "attachments"

    @property
    def keys_dir(self) -> Path:
        """The station's signing key: beside the case file, never inside it or its backups."""
        return self.path.parent / "keys"

    @property
    def backups_dir(self) -> Path:
        return self.path.parent / "backups"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            session.info[person_keys.KEYCHAIN] = self.signers
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action: everything inside commits together, or nothing does."""
        writer = self.engine.execution_options(writing=True)
        try:
            with Session(writer, expire_on_commit=False) as session, session.begin():
                session.info[person_keys.KEYCHAIN] = self.signers
                session.info[ledger.ENABLED] = True
                yield session
                station = session.get(Station, 1)
                ledger.finish(
                    session,
                    first_appended=session.info.get(audit.APPENDED),
                    station=station.code if station is not None else "",
                )
                if audit.APPENDED in session.info:
                    self.seal(session, first_appended=session.info.pop(audit.APPENDED))
        except OperationalError as exc:
            raise storage_errors(exc) from exc

    def switch_key(self, key: bytes) -> None:
        """The same open case file under another key (`storage.rekey`): every holder of this
        object goes on, its new connections keyed with `key`."""
        self.engine.dispose()
        self.engine = sqlite_engine(self.path, key)
        self.key = key
        self._signer = None

    def signing_key(self) -> Ed25519PrivateKey | None:
        """The station's signing key on this PC, read once (again if the file changes)."""
        path = self.keys_dir / seals.STATION_KEY_FILE
        try:
            stat = path.stat()
            version = (stat.st_ino, stat.st_mtime_ns)
            if self._signer is not None and self._signer[0] == version:
                return self._signer[1]
            key = seals.load_station_key(path.read_bytes(), self.key)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError):
            log.warning("the station's signing key cannot be read: audit events left unsealed")
            return None
        if not isinstance(key, Ed25519PrivateKey):
            return None
        self._signer = (version, key)
        return key

    def seal(self, session: Session, *, first_appended: int | None) -> None:
        """Seal the audit events this transaction appended with the station's key (none
        before the station and its key exist: the first seal then covers them)."""
        station = session.get(Station, 1)
        key = self.signing_key()
        if station is not None and key is not None:
            seals.seal(session, key, station.code, first_appended=first_appended)

    def sign_out(self, username: str) -> None:
        """The person's key leaves memory (signing out, or the desk locked by another)."""
        self.signers.pop(username, None)

    def lock(self) -> None:
        """Claim the file for this window; a second window on the same file is refused."""
        self._lock = claim(self.path)

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def claim(path: Path) -> FileLock:
    """An exclusive claim on the case file, released when the process ends, even by a crash."""
    lock = FileLock(path.with_name(path.name + ".lock"), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseInUse(path) from None
    _owner_only(Path(lock.lock_file))  # one left by an older version, readable by others
    return lock


def open_database(
    path: Path,
    *,
    key: bytes | None = None,
    upgrade: bool = True,
    backup_first: bool = True,
    new_file: bool = False,
) -> Database:
    """Open (creating or upgrading) the case file at `path`.

    A damaged file raises CorruptDatabase naming the latest backup; a file from a newer
    version raises NewerDatabase. An older file is backed up, then upgraded. A file that is
    missing or empty while backups of it exist raises LostCaseFile, unless `new_file` says a
    new, empty one is wanted (the empty one is then kept aside, not overwritten).

    With `key` (unwrapped from the keyring), a new file is created encrypted and an encrypted
    one is opened; a file still in plain SQLite opens plain (`Database.key` is then None: the
    desk offers to encrypt it). An encrypted file without a key raises CaseFileLocked.
    """
    _check_place(path)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        key = _check_existing(path, key)
    else:
        _make_new(path, new_file=new_file)
    engine = sqlite_engine(path, key)
    database = Database(path=path, engine=engine, key=key)
    try:
        _upgrade(database, upgrade=upgrade, backup_first=backup_first)
    except BaseException:
        engine.dispose()
        raise
    _owner_only(path)
    return database


def _check_place(path: Path) -> None:
    """The case file's folder is made and writable, and the path is not a folder or a device."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except PermissionError:
        raise ReadOnlyCaseFile(path) from None
    # SQLite writes its journal beside the file: a folder it cannot write is not damage.
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ReadOnlyCaseFile(path)
    if path.exists() and not path.is_file():  # a folder, a device
        raise CorruptDatabase(path, "not a file", None)


def _check_existing(path: Path, key: bytes | None) -> bytes | None:
    """The key an existing file opens with (None for one still in plain SQLite), once the file
    is known to be this desk's and whole."""
    if not driver.is_plain(path) and key is None:
        if keyring.path_for(path).exists():
            raise CaseFileLocked(path)
        # Neither SQLite nor encrypted by this desk: damage.
        raise CorruptDatabase(
            path, "not an SQLite database", latest_backup(path.parent / "backups")
        )
    if driver.is_plain(path):
        key = None  # not encrypted yet: opened as it is
    problem = quick_check(path, full=path.stat().st_size < FULL_CHECK_BYTES, key=key)
    if problem is not None:
        raise CorruptDatabase(path, problem, latest_backup(path.parent / "backups", key=key))
    return key


def _make_new(path: Path, *, new_file: bool) -> None:
    """A new file, owner-only before SQLite writes a byte into it — unless backups say the
    station had one (it was lost, not never made), and no new one was asked for."""
    kept = latest_backup(path.parent / "backups")
    if kept is not None and not new_file:
        raise LostCaseFile(path, kept)
    if path.exists() and new_file:  # the empty one kept aside, for whoever looks into it
        path.rename(path.with_name(f"{path.name}.empty-{os.getpid()}"))
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _upgrade(database: Database, *, upgrade: bool, backup_first: bool) -> None:
    """The file brought to this desk's schema (backed up first), or refused if newer."""
    current = migrations.current_revision(database.engine)
    if current is not None and not migrations.is_known(current):
        raise NewerDatabase(database.path, current)
    if current != migrations.head() and upgrade:
        if current is not None and backup_first:
            made = make_backup(database, reason="before-upgrade")
            log.info("backup before upgrading schema %s: %s", current, made.name)
        migrations.upgrade(database.engine)
