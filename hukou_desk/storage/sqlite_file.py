"""Whether a file is a sound SQLite database: the check before a case file or a backup is used."""

from __future__ import annotations

from pathlib import Path

from hukou_desk.storage import driver

_SQLITE_HEADER = b"SQLite format 3\x00"

# Above this size the full check at start would keep the clerk waiting (a million cases: 27 s
# here); such a file gets the shallow check at start, and the daily backup, which copies and
# then fully checks every page, runs in the background once the desk is open.
FULL_CHECK_BYTES = 64 * 1024 * 1024


def quick_check(path: Path, *, full: bool = True, key: bytes | None = None) -> str | None:
    """None if the file is a sound SQLite database, else what is wrong with it.

    `full=False` reads the header and the schema only: it catches a file that is not a
    database, truncated or zeroed, without reading every page. An encrypted file is checked
    with its `key`; without one, only that it has whole pages (it cannot be read).
    """
    try:
        with path.open("rb") as handle:
            plain = handle.read(16) == _SQLITE_HEADER
        if not plain and key is None:
            size = path.stat().st_size
            return None if size and size % 1024 == 0 else "not an SQLite database"
        connection = driver.connect(f"file:{path}?mode=ro", key if not plain else None, uri=True)
        try:
            if full:
                rows = connection.execute("PRAGMA quick_check").fetchall()
            else:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
                rows = [("ok",)]
        finally:
            connection.close()
    except driver.DatabaseError as exc:
        return str(exc)
    except OSError as exc:
        return exc.strerror or "unreadable"
    problems = [row[0] for row in rows if row[0] != "ok"]
    return "; ".join(problems[:3]) if problems else None
