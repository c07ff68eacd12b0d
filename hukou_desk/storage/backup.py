"""Online backups through SQLite's backup API, kept for N days, and restoring one.

A backup is a complete, checked database file in `backups/` beside the case file, readable by
the owner only, named by the time it was taken. The app takes one a day at start (and before
every schema upgrade); `hukou-desk backup` takes one on demand.

A backup of an encrypted case file is under the file's key, and carries beside it its recovery
sidecar (`<backup>.keyring`): that key sealed to the station's recovery slot, nothing else. The
backup and its sidecar, copied to a stick, are all a new PC needs with the recovery secret from
the station's safe (`services.vault.restore_from_backup`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from hukou_desk.domain.text import text
from hukou_desk.storage import driver, keyring, migrations
from hukou_desk.storage.errors import BackupError, DiskFull
from hukou_desk.storage.sqlite_file import quick_check

KEEP_DAYS = 30


class CaseFile(Protocol):
    """What a backup needs of an open case file (a `storage.database.Database`)."""

    @property
    def path(self) -> Path: ...

    @property
    def backups_dir(self) -> Path: ...

    @property
    def key(self) -> bytes | None: ...


_NAME = re.compile(r"^hukou-desk-(\d{8}-\d{6})(?:-[a-z-]+)?\.db$")


def _taken_at(path: Path) -> datetime | None:
    found = _NAME.match(path.name)
    if found is None:
        return None
    return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)


def backups(folder: Path) -> list[Path]:
    """Backups in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [(taken, p) for p in folder.iterdir() if (taken := _taken_at(p)) is not None]
    return [p for _taken, p in sorted(found, reverse=True)]


def latest_backup(folder: Path, *, key: bytes | None = None) -> Path | None:
    for candidate in backups(folder):
        if quick_check(candidate, key=key) is None:
            return candidate
    return None


def make_backup(
    database: CaseFile, *, reason: str = "", now: datetime | None = None, folder: Path | None = None
) -> Path:
    """Copy the live database (committed state, readers and writers undisturbed)."""
    folder = folder or database.backups_dir
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    suffix = f"-{reason}" if reason else ""
    target = folder / f"hukou-desk-{stamp}{suffix}.db"
    partial = target.with_suffix(".partial")
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    try:
        # An encrypted case file's backup is encrypted with the same key.
        source = driver.connect(database.path, database.key)
        destination = driver.connect(partial, database.key)
        try:
            source.backup(destination, pages=4096)
            # A backup is one self-contained file: no WAL beside it once it is closed.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
            source.close()
        problem = quick_check(partial, key=database.key)
        if problem is not None:
            raise BackupError(
                text(
                    f"备份文件校验失败（{problem}）。", f"The backup failed its check ({problem})."
                )
            )
        _sidecar(database, target)
        partial.replace(target)
    except driver.OperationalError as exc:
        partial.unlink(missing_ok=True)
        if "full" in str(exc).lower():
            raise DiskFull() from exc
        raise BackupError(
            text(f"无法备份案件数据库（{exc}）。", f"The case file could not be backed up ({exc}).")
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _sidecar(database: CaseFile, target: Path) -> None:
    """The backup's own key, sealed to the recovery slot, beside it (written first: a backup
    is never without it)."""
    ring = keyring.path_for(database.path)
    if database.key is None or not ring.exists():
        return
    side = keyring.Keyring.load(ring).sidecar(target, database.key)
    if side is not None:
        side.save()


def prune(folder: Path, *, keep_days: int = KEEP_DAYS, now: datetime | None = None) -> list[Path]:
    """Delete backups older than `keep_days`; the newest one always stays."""
    limit = (now or datetime.now(UTC)) - timedelta(days=keep_days)
    removed = []
    for path in backups(folder)[1:]:
        taken = _taken_at(path)
        if taken is not None and taken < limit:
            path.unlink()
            keyring.path_for(path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def daily_backup(
    database: CaseFile, *, keep_days: int = KEEP_DAYS, now: datetime | None = None
) -> Path | None:
    """Take today's backup unless one was taken in the last 24 hours; prune the old ones."""
    now = now or datetime.now(UTC)
    newest = backups(database.backups_dir)
    if newest:
        taken = _taken_at(newest[0])
        if taken is not None and now - taken < timedelta(days=1):
            return None
    made = make_backup(database, reason="daily", now=now)
    prune(database.backups_dir, keep_days=keep_days, now=now)
    return made


def refuse_plain(backup: Path) -> None:
    """An encrypted station takes back only encrypted backups: a plain file in its place would
    lay every case bare on the disk again (and the station would silently be plain)."""
    if backup.is_file() and driver.is_plain(backup):
        raise BackupError(
            text(
                f"{backup.name} 是未加密的备份，不能恢复到已加密的本所案件数据库上（恢复后案件"
                "将以明文留在磁盘上）。请选择本所加密后的备份。",
                f"{backup.name} is an unencrypted backup and cannot be restored onto this "
                "station's encrypted case file (the cases would lie in clear on the disk "
                "again). Choose one of the station's encrypted backups.",
            )
        )


def restore(
    backup: Path,
    target: Path,
    *,
    now: datetime | None = None,
    key: bytes | None = None,
    earlier: Sequence[bytes] = (),
) -> Path:
    """Put `backup` in place of the case file at `target` (which must be closed).

    The backup is checked first; the file it replaces is kept beside it, renamed, so a
    restore loses nothing. Returns where the replaced file was kept. An encrypted station
    (`key`) takes back only encrypted backups; one taken under an `earlier` key (before a
    re-key) is put in place under `key`, so the keyring opens it.
    """
    if key is not None:
        refuse_plain(backup)
    taken_under = key
    if key is not None and backup.is_file() and quick_check(backup, key=key) is not None:
        taken_under = next((k for k in earlier if quick_check(backup, key=k) is None), key)
    problem = quick_check(backup, key=taken_under) if backup.is_file() else "no such file"
    if problem is not None:
        raise BackupError(
            text(
                f"备份 {backup.name} 不能使用（{problem}）。",
                f"The backup {backup.name} cannot be used ({problem}).",
            )
        )
    row = None
    if key is not None or driver.is_plain(backup):
        connection = driver.connect(f"file:{backup}?mode=ro", taken_under, uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except driver.DatabaseError:
            row = None
        finally:
            connection.close()
    else:
        row = ("unread",)  # encrypted, no key at hand: checked when it is opened
    if row is None or (row[0] != "unread" and not migrations.is_known(row[0])):
        raise BackupError(
            text(
                f"{backup.name} 不是本程序能读取的案件数据库备份。",
                f"{backup.name} is not a case-file backup this version can read.",
            )
        )
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.name}.replaced-{stamp}")
    if target.exists():
        # The main file and its WAL belong together; keep both.
        for suffix in ("", "-wal", "-shm"):
            part = target.with_name(target.name + suffix)
            if part.exists():
                part.replace(kept.with_name(kept.name + suffix))
    partial = target.with_name(target.name + ".restoring")
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    shutil.copyfile(backup, partial)
    if key is not None and taken_under != key:  # the copy under today's key
        connection = driver.connect(partial, taken_under)
        try:
            connection.execute("PRAGMA journal_mode=DELETE")
            connection.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
        finally:
            connection.close()
    partial.replace(target)
    target.chmod(0o600)
    return kept
