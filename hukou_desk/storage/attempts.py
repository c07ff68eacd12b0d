"""Wrong passwords, counted once per account whatever the door, and the lockout they bring.

Every way in checks a password — the desk's sign-in (the keyring's slot of an encrypted file,
before its key is known), the idle lock screen and a sign-in in the open desk, the command line,
a restore — and all of them count in one place: a small SQLite file beside the case file
(`hukou-desk.db.attempts`, owner-only, not encrypted, since it must be read before the case
file can be). It holds the staff's user names and their counts, as the keyring does; never a
password, nor a name nobody has (what was typed may be a password in the wrong field).

An attempt is counted before its password is checked, in one statement (`UPDATE … SET
failures = failures + 1 … RETURNING` inside `BEGIN IMMEDIATE`): attempts made at the same
moment, from threads or processes, get distinct counts, so exactly `MAX_FAILURES` of them are
checked and the rest refused as locked. A right password clears the count; the fifth wrong one
locks the account for 15 minutes (an administrator's reset lifts it). Whoever can write the
data folder can delete this file, as they can copy the keyring and guess offline: the lockout
is the brake for guesses through the desk, the keyring's cost the one for guesses off it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.storage import driver
from hukou_desk.storage.models import utc_now

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_BUSY_MS = 10_000
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS attempt ("
    " account TEXT PRIMARY KEY,"
    " failures INTEGER NOT NULL DEFAULT 0,"  # counted, right or wrong, since the last good one
    " unrecorded INTEGER NOT NULL DEFAULT 0,"  # wrong ones the audit trail has not yet seen
    " locked_until TEXT)"
)


class Locked(HukouDeskError):
    """Too many wrong passwords: the account is locked for a while."""


def _stamp(moment: datetime) -> str:
    """Stored as text that sorts as the time does."""
    return moment.isoformat(timespec="microseconds")


def path_for(database: Path) -> Path:
    return database.with_name(database.name + ".attempts")


def _locked(until: datetime, now: datetime) -> Locked:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return Locked(
        text(
            f"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试或请管理员重置密码。",
            f"Too many wrong passwords: the account is locked. Try again in {minutes} "
            "minutes, or ask the administrator to reset the password.",
        )
    )


@dataclass(frozen=True)
class Attempt:
    """One password check under way: its place in the count."""

    account: str
    count: int


@dataclass(frozen=True)
class Attempts:
    """The count for the case file at `database` (its file made owner-only when first used)."""

    database: Path

    @property
    def path(self) -> Path:
        return path_for(self.database)

    @contextmanager
    def _writing(self) -> Iterator[driver.Connection]:
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        with closing(driver.connect(self.path, timeout=_BUSY_MS / 1000)) as connection:
            connection.isolation_level = None
            connection.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.execute(_SCHEMA)
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def begin(self, account: str, *, now: datetime | None = None) -> Attempt:
        """Count an attempt before its password is checked; Locked if the account is locked
        or the attempts already under way reach the limit. A lock that has run out starts
        the count again."""
        now = now or utc_now()
        with self._writing() as connection:
            connection.execute(
                "INSERT INTO attempt (account) VALUES (?) ON CONFLICT DO NOTHING", (account,)
            )
            count, until = connection.execute(
                "UPDATE attempt SET"
                " failures = CASE WHEN locked_until <= :now THEN 1 ELSE failures + 1 END,"
                " locked_until = CASE WHEN locked_until <= :now THEN NULL ELSE locked_until END"
                " WHERE account = :account RETURNING failures, locked_until",
                {"account": account, "now": _stamp(now)},
            ).fetchone()
        if until is not None:
            raise _locked(datetime.fromisoformat(until), now)
        if count > MAX_FAILURES:  # the limit's worth of attempts is being checked already
            raise _locked(now + LOCKOUT, now)
        return Attempt(account, count)

    def failed(self, attempt: Attempt, *, recorded: bool, now: datetime | None = None) -> None:
        """The password was wrong: the count stands, and the limit's attempt locks the
        account. `recorded`: the audit trail has it already (else the next sign-in says)."""
        now = now or utc_now()
        with self._writing() as connection:
            connection.execute(
                "UPDATE attempt SET unrecorded = unrecorded + :more,"
                " locked_until = CASE WHEN :count >= :limit THEN :until ELSE locked_until END"
                " WHERE account = :account",
                {
                    "account": attempt.account,
                    "more": 0 if recorded else 1,
                    "count": attempt.count,
                    "limit": MAX_FAILURES,
                    "until": _stamp(now + LOCKOUT),
                },
            )

    def succeeded(self, attempt: Attempt) -> int:
        """The password was right: the count cleared; returns the wrong attempts the audit
        trail has not seen yet (made while the case file was closed)."""
        with self._writing() as connection:
            row = connection.execute(
                "SELECT unrecorded FROM attempt WHERE account = ?", (attempt.account,)
            ).fetchone()
            connection.execute(
                "UPDATE attempt SET failures = 0, unrecorded = 0, locked_until = NULL"
                " WHERE account = ?",
                (attempt.account,),
            )
        return int(row[0]) if row else 0

    def clear(self, account: str) -> None:
        """An administrator set the password: the count and any lock lifted."""
        with self._writing() as connection:
            connection.execute("DELETE FROM attempt WHERE account = ?", (account,))

    def locked(self, account: str, *, now: datetime | None = None) -> bool:
        """Whether the account is locked now (the administrator's list; every action)."""
        if not self.path.exists():
            return False
        read_only = self.path.resolve().as_uri() + "?mode=ro"  # a "?" in a name stays a name
        with closing(driver.connect(read_only, uri=True)) as connection:
            connection.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
            try:
                row = connection.execute(
                    "SELECT locked_until FROM attempt WHERE account = ?", (account,)
                ).fetchone()
            except driver.OperationalError:  # made but not yet filled
                return False
        return (
            row is not None
            and row[0] is not None
            and datetime.fromisoformat(row[0]) > (now or utc_now())
        )
