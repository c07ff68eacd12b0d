"""Whether a file is a sound SQLite database: the check before a case file or a backup is used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

_SQLITE_HEADER = b"SQLite format 3\x00"

# Above this size the full check at start would keep the clerk waiting (a million cases: 27 s
# here); such a file gets the shallow check at start, and the daily backup, which copies and
# then fully checks every page, runs in the background once the desk is open.
FULL_CHECK_BYTES = 64 * 1024 * 1024


def quick_check(path: Path, *, full: bool = True) -> str | None:
    """None if the file is a sound SQLite database, else what is wrong with it.

    `full=False` reads the header and the schema only: it catches a file that is not a
    database, truncated or zeroed, without reading every page.
    """
    try:
        with path.open("rb") as handle:
            if handle.read(16) != _SQLITE_HEADER:
                return "not an SQLite database"
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if full:
                rows = connection.execute("PRAGMA quick_check").fetchall()
            else:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
                rows = [("ok",)]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    problems = [row[0] for row in rows if row[0] != "ok"]
    return "; ".join(problems[:3]) if problems else None
