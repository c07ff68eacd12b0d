"""What a streamed import remembers from one table of a bundle to the next: ids only (the
bundle's persons, the cases it wrote …), in a temporary table of the centre's own connection,
so that memory stays a batch's whatever the bundle's size.

On SQLite the table is the connection's TEMP table (its pages in the page cache, then the
connection's temporary file: random ids, never a row's personal data); on PostgreSQL a
temporary table dropped at the transaction's end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from sqlmodel import Session

from hukou_desk.sync.lookup import hex_column

TABLE = "import_carried"


def _hexes(ids: Iterable[Any]) -> list[str]:
    """The ids (any form) as 32 hex digits, each once, in order."""
    return sorted(set(hex_column(ids)))


class Carried:
    """Ids remembered by kind ("person", "case" …) for the import running on `session`."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._postgres = session.get_bind().dialect.name == "postgresql"
        driver: Any = session.connection().connection.driver_connection
        self._driver = driver
        cursor = driver.cursor()
        if self._postgres:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {TABLE} (kind text NOT NULL, id text NOT NULL, "
                "PRIMARY KEY (kind, id)) ON COMMIT DROP"
            )
        else:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {TABLE} (kind TEXT NOT NULL, id TEXT NOT NULL, "
                "PRIMARY KEY (kind, id)) WITHOUT ROWID"
            )
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.close()

    def add(self, kind: str, ids: Iterable[Any]) -> None:
        """Remember these ids (any form: UUID, hex, text with dashes) under `kind`."""
        listed = orjson.dumps(_hexes(ids)).decode()
        if listed == "[]":
            return
        cursor = self._driver.cursor()
        if self._postgres:
            cursor.execute(
                f"INSERT INTO {TABLE} (kind, id) SELECT %s, value FROM "
                "json_array_elements_text(%s::json) AS value ON CONFLICT DO NOTHING",
                (kind, listed),
            )
        else:
            cursor.execute(
                f"INSERT OR IGNORE INTO {TABLE} (kind, id) SELECT ?, value FROM json_each(?)",
                (kind, listed),
            )
        cursor.close()

    def among(self, kind: str, ids: Iterable[Any]) -> set[str]:
        """Which of these ids (as hex) are remembered under `kind`."""
        listed = orjson.dumps(_hexes(ids)).decode()
        if listed == "[]":
            return set()
        cursor = self._driver.cursor()
        if self._postgres:
            cursor.execute(
                f"SELECT id FROM {TABLE} WHERE kind = %s AND id IN "
                "(SELECT value FROM json_array_elements_text(%s::json) AS value)",
                (kind, listed),
            )
        else:
            # The list made an index once, each id then looked up by the key (a join would
            # let SQLite walk the whole table for every id).
            cursor.execute(
                f"SELECT id FROM {TABLE} WHERE kind = ? AND id IN (SELECT value FROM json_each(?))",
                (kind, listed),
            )
        found = {str(row[0]) for row in cursor.fetchall()}
        cursor.close()
        return found

    def missing(self, kind: str, ids: Iterable[Any]) -> list[str]:
        """Which of these ids (as hex) are not remembered under `kind`, sorted."""
        wanted = set(_hexes(ids))
        return sorted(wanted - self.among(kind, wanted))

    def chunks(self, kind: str, size: int) -> Iterator[list[str]]:
        """The ids of `kind`, `size` at a time, in order (read a chunk, then the next after
        its last: writes between chunks are allowed)."""
        last = ""
        mark = "%s" if self._postgres else "?"
        while True:
            cursor = self._driver.cursor()
            cursor.execute(
                f"SELECT id FROM {TABLE} WHERE kind = {mark} AND id > {mark} ORDER BY id "
                f"LIMIT {int(size)}",
                (kind, last),
            )
            chunk = [str(row[0]) for row in cursor.fetchall()]
            cursor.close()
            if not chunk:
                return
            yield chunk
            last = chunk[-1]

    def drop(self) -> None:
        """The table gone (SQLite's TEMP table lives as long as the connection)."""
        cursor = self._driver.cursor()
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.close()
