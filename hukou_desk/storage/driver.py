"""The case file's SQLite: SQLCipher's build of it, through `sqlcipher3`.

Why SQLCipher (via `sqlcipher3`, Charles Leifer's maintained DB-API module, a fork of the
standard library's own `sqlite3` driver): it encrypts every page of the file and its journal
(AES-256 in CBC mode with an HMAC-SHA512 per page, SQLCipher 4's defaults), the format is
documented and widely deployed, and the module ships wheels for Windows and Linux with SQLCipher
and its crypto library built in — a station PC installs nothing else. SQLite3 Multiple Ciphers
(through APSW) would do as well cryptographically, but APSW is not a DB-API driver, so
SQLAlchemy could not run on it.

A file opened without a key is an ordinary SQLite file (tests, the training file, a file from
before encryption); a file keyed here is unreadable without the same 256-bit key, which is
given raw (`x'…'`), so SQLCipher's own passphrase derivation is skipped: the key is random, and
the passwords that guard it are stretched with argon2id in `storage.keyring`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2

__all__ = ["Connection", "DatabaseError", "OperationalError", "connect", "dbapi2", "is_plain"]

DatabaseError: type[Exception] = dbapi2.DatabaseError
OperationalError: type[Exception] = dbapi2.OperationalError
Connection = Any  # sqlcipher3's connection: the standard sqlite3.Connection's interface

_HEADER = b"SQLite format 3\x00"


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(target: str | Path, key: bytes | None = None, **options: Any) -> Connection:
    """A connection to a case file (or a `file:` URI with `uri=True`), keyed if `key`."""
    connection = dbapi2.connect(str(target), **options)
    if key is not None:
        connection.execute(key_pragma(key))
    return connection


def is_plain(path: Path) -> bool:
    """Whether a file is unencrypted SQLite (it starts with SQLite's header; an encrypted
    file starts with its random salt)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == _HEADER
    except OSError:
        return False
