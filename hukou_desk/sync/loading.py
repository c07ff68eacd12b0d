"""Writing a bundle's rows into the centre's tables: new rows inserted, changed ones updated,
the rest counted; a database's refusal said as its cause, never as the values (personal data).

On SQLite the rows go in through the driver as they came (the station's own storage form); on
PostgreSQL by COPY: straight into the table when the centre holds none of the rows' keys (the
usual case: one question first), otherwise into a staging table, then one set-based merge.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from hukou_desk.domain.text import text
from hukou_desk.sync.bundle import BundleRefused, Rows
from hukou_desk.sync.lookup import table_of


@dataclass
class Tally:
    """What writing one table's rows did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a bundle's million rows are parsed and
    written: they are lists and tuples with no cycles, and each collection pass over them
    would cost as much as the parse itself (half the parse time, measured)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _invalid(table: str) -> BundleRefused:
    return BundleRefused(text(f"数据表 {table} 中有无效的值。", f"Invalid values in {table}."))


BUSY_STATES = frozenset({"40001", "40P01", "55P03", "57014"})


def _refused_by_database(table: str, exc: Exception) -> BundleRefused:
    """What the database said, as its cause (a constraint broken, a busy server, a value a
    column refuses), never the values themselves: a bundle's rows are personal data."""
    state = str(getattr(exc, "sqlstate", "") or "")
    diag = getattr(exc, "diag", None)
    constraint = str(getattr(diag, "constraint_name", "") or "")
    if state == "23505":
        return BundleRefused(
            text(
                f"数据表 {table} 的一行与中心已有的记录重复（唯一约束 {constraint}）；"
                "整个文件未导入。",
                f"A row of {table} repeats one the centre holds (unique constraint "
                f"{constraint}); nothing was imported.",
            )
        )
    if state == "23503":
        return BundleRefused(
            text(
                f"数据表 {table} 的一行指向中心没有的记录（外键 {constraint}）；整个文件未导入。",
                f"A row of {table} points to a record the centre does not hold (foreign key "
                f"{constraint}); nothing was imported.",
            )
        )
    if state in BUSY_STATES:
        return BundleRefused(
            text(
                f"中心数据库正忙（{state}），本次未导入任何内容；请稍后重新导入同一文件。",
                f"The centre's database was busy ({state}); nothing was imported. Import the "
                "same file again.",
            )
        )
    if state.startswith("22"):
        return _invalid(table)
    return BundleRefused(
        text(
            f"中心数据库拒绝写入数据表 {table}（{state or type(exc).__name__}）；整个文件未导入。",
            f"The centre's database refused the table {table} ({state or type(exc).__name__}); "
            "nothing was imported.",
        )
    )


def write(
    session: Session,
    model: type[SQLModel],
    rows: Rows | list[dict[str, Any]],
    *,
    fresh: bool = False,
) -> Tally:
    """Insert the new rows in batches; update those that changed; count the rest.

    On SQLite the rows go in through the driver as they came (the station's own storage form);
    on PostgreSQL by COPY, or through a staged, set-based merge (`_merge_staged`). `fresh`:
    the caller knows that the centre holds none of the rows' keys (its checks asked), so
    PostgreSQL's write need not ask again.
    """
    table = table_of(model)
    columns = [c.name for c in table.columns]
    if not isinstance(rows, Rows):
        rows = Rows(list(rows[0]) if rows else columns, [list(r.values()) for r in rows])
    if set(rows.columns) - set(columns):
        raise BundleRefused(
            text(
                f"数据表 {table.name} 含本中心不认识的列：导出端的软件较新，请先升级中心。",
                f"The table {table.name} has columns this centre does not know: upgrade it first.",
            )
        )
    if session.get_bind().dialect.name != "sqlite":
        return _merge_staged(session, table, rows, fresh=fresh)
    if not rows.values:
        return Tally()
    # The rows as the station stored them, in this table's column order.
    order = [rows.columns.index(c) if c in rows.columns else None for c in columns]

    def in_order() -> Iterator[Sequence[Any]]:
        # The bundle's own rows when their columns are the table's: no copy of the table.
        if order == list(range(len(columns))):
            return iter(rows.values)
        if None not in order and len(order) > 1:  # the columns reordered, at C speed
            return map(itemgetter(*order), rows.values)
        return (tuple(None if i is None else row[i] for i in order) for row in rows.values)

    connection = session.connection()
    # The usual case, new rows only: one pass that skips any row already there; only when
    # some were skipped are the keys looked up and compared.
    tally = Tally(inserted=_insert_new(connection, table, columns, in_order()))
    if tally.inserted < len(rows.values):
        _update_changed(connection, table, columns, [tuple(row) for row in in_order()], tally)
    return tally


def _insert_new(
    connection: sa.Connection, table: sa.Table, columns: list[str], rows: Iterator[Sequence[Any]]
) -> int:
    """The rows not held yet inserted through the driver, in one pass; how many."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    driver: Any = connection.connection.driver_connection
    cursor = driver.cursor()
    try:
        cursor.executemany(
            f'INSERT OR IGNORE INTO "{table.name}" ({quoted}) VALUES ({marks})', rows
        )
    except driver.IntegrityError as exc:
        # SQLite names the constraint by its table and columns ("UNIQUE constraint failed:
        # user.username"), never the values.
        raise BundleRefused(
            text(
                f"数据表 {table.name} 的一行违反中心数据库的约束（{exc}）；整个文件未导入。",
                f"A row of {table.name} breaks a constraint of the centre's database ({exc}); "
                "nothing was imported.",
            )
        ) from None
    except driver.DatabaseError:
        raise _invalid(table.name) from None
    return int(cursor.rowcount)


def _update_changed(
    connection: sa.Connection,
    table: sa.Table,
    columns: list[str],
    stored: list[tuple[Any, ...]],
    tally: Tally,
) -> None:
    """Of rows some of which were held already: those changed updated, the rest counted
    unchanged; a row neither inserted nor held under its key refused."""
    keys = [c.name for c in table.primary_key.columns]
    positions = [columns.index(k) for k in keys]
    quoted = ", ".join(f'"{c}"' for c in columns)
    keyed = [tuple(v[i] for i in positions) for v in stored]
    existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    wanted = sorted({k[0] for k in keyed}, key=str)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found = connection.exec_driver_sql(
            f'SELECT {quoted} FROM "{table.name}" WHERE "{keys[0]}" IN '
            f"({', '.join('?' for _ in chunk)})",
            tuple(chunk),
        )
        for row in found:
            existing[tuple(row[i] for i in positions)] = tuple(row)
    # Rows just inserted are found too, equal to what was sent: counted unchanged below, so
    # taken off here.
    tally.unchanged = -tally.inserted
    sets = ", ".join(f'"{c}" = ?' for c in columns)
    where = " AND ".join(f'"{k}" = ?' for k in keys)
    for value, key in zip(stored, keyed, strict=True):
        current = existing.get(key)
        if current is None:
            # Neither inserted nor held under its key: ignored for another unique column
            # (a second row with a name the centre holds under another id).
            raise BundleRefused(
                text(
                    f"数据表 {table.name} 的一行与中心已有的记录重复（唯一约束）；整个文件未导入。",
                    f"A row of {table.name} repeats one the centre holds (a unique constraint); "
                    "nothing was imported.",
                )
            )
        if current == value:
            tally.unchanged += 1
            continue
        connection.exec_driver_sql(
            f'UPDATE "{table.name}" SET {sets} WHERE {where}', (*value, *key)
        )
        tally.updated += 1


_KEY_TYPES = {sa.Uuid: "uuid", sa.Integer: "bigint", sa.String: "text"}


def _none_held(cursor: Any, table: sa.Table, rows: Rows, *, fresh: bool) -> bool:
    """Whether the rows' primary keys are each once in the batch and none held by the centre:
    one question, each key column among the batch's values (for a key of several columns a row
    matching each column apart answers "some held", and the rows are merged: never wrong, at
    worst slower). A key twice in the batch is merged too (the merge keeps the first)."""
    names = [key.name for key in table.primary_key.columns]
    kinds = [
        next((name for base, name in _KEY_TYPES.items() if isinstance(key.type, base)), None)
        for key in table.primary_key.columns
    ]
    if None in kinds or not set(names) <= set(rows.columns):
        return False
    positions = [rows.columns.index(name) for name in names]
    try:
        keys = {tuple(row[at] for at in positions) for row in rows.values}
    except TypeError:  # a value no key takes (an array …): refused by the merge as before
        return False
    if len(keys) != len(rows.values):
        return False
    if fresh:  # asked already by the caller's checks
        return True
    conditions = [
        f'"{name}" IN (SELECT value::{kind} FROM json_array_elements_text(%s::json) AS value)'
        for name, kind in zip(names, kinds, strict=True)
    ]
    params = [
        orjson.dumps(sorted({key[i] for key in keys}, key=str), default=str).decode()
        for i in range(len(names))
    ]
    cursor.execute(f'SELECT 1 FROM "{table.name}" WHERE {" AND ".join(conditions)} LIMIT 1', params)
    return cursor.fetchone() is None


def _merge_staged(session: Session, table: sa.Table, rows: Rows, *, fresh: bool) -> Tally:
    """PostgreSQL: the rows by COPY as the station stored them (the server reads SQLite's text
    for ids, times, flags and JSON). When the centre holds none of their keys, straight into
    the table: what the merge below would do, without writing them twice. Otherwise into a
    temporary table, then one set-based merge: changed rows updated, new rows inserted, the
    rest counted unchanged. A refusal is the same either way (the same constraints)."""
    if not rows.values:
        return Tally()
    columns = rows.columns
    keys = [c.name for c in table.primary_key.columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    stage = f"stage_{table.name}"

    def compared(alias: str, column: str) -> str:
        # json has no equality operator: its text is compared (kept as the station sent it).
        cast = "::text" if isinstance(table.c[column].type, sa.JSON) else ""
        return f'{alias}."{column}"{cast}'

    others = [c for c in columns if c not in keys]
    joined = " AND ".join(f't."{k}" = s."{k}"' for k in keys)
    driver: Any = session.connection().connection.driver_connection
    try:
        with driver.cursor() as cursor:
            # Times were stored in UTC without a zone, so the session says UTC.
            cursor.execute("SET LOCAL TIME ZONE 'UTC'")
            if _none_held(cursor, table, rows, fresh=fresh):
                with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                    for value in rows.values:
                        copy.write_row(value)
                return Tally(inserted=len(rows.values))
            cursor.execute(f'DROP TABLE IF EXISTS "{stage}"')
            cursor.execute(
                f'CREATE TEMP TABLE "{stage}" (LIKE "{table.name}" INCLUDING DEFAULTS) '
                "ON COMMIT DROP"
            )
            with cursor.copy(f'COPY "{stage}" ({quoted}) FROM STDIN') as copy:
                for value in rows.values:
                    copy.write_row(value)
            updated = 0
            if others:
                cursor.execute(
                    f'UPDATE "{table.name}" AS t SET '
                    + ", ".join(f'"{c}" = s."{c}"' for c in others)
                    + f' FROM "{stage}" AS s WHERE {joined} AND ('
                    + ", ".join(compared("t", c) for c in others)
                    + ") IS DISTINCT FROM ("
                    + ", ".join(compared("s", c) for c in others)
                    + ")"
                )
                updated = cursor.rowcount
            cursor.execute(
                f'INSERT INTO "{table.name}" ({quoted}) SELECT {quoted} FROM "{stage}" '
                f"ON CONFLICT ({', '.join(f'{chr(34)}{k}{chr(34)}' for k in keys)}) DO NOTHING"
            )
            inserted = cursor.rowcount
            cursor.execute(f'DROP TABLE "{stage}"')
    except Exception as exc:  # psycopg's errors, said as their cause
        if type(exc).__module__.startswith("psycopg"):
            raise _refused_by_database(table.name, exc) from None
        raise
    return Tally(inserted, updated, len(rows.values) - inserted - updated)
