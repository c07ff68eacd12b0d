"""Looking a bundle's rows up at the centre: ids as the station wrote them, tables by model,
and `key IN values` in chunks the database takes well.

The import's own checks go through the driver (`found`): a batch's ids travel as one JSON
parameter, read as a table by the database (`json_each` on SQLite, `json_array_elements_text`
on PostgreSQL), and the query answers only what is wrong (the rows of another station, the
ids not held): no statement compiled per batch, no UUID object per row.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, SQLModel


def hex_id(value: Any) -> str:
    """A UUID as 32 hex digits, however the station's driver wrote it."""
    if type(value) is str and len(value) == 32 and value.islower():
        return value  # as SQLite stores it: the usual case, taken as it is
    return str(value).replace("-", "").lower()


_HEX_RUN = re.compile(r"[0-9a-f]*")


def hex_column(values: Iterable[Any]) -> list[str]:
    """`hex_id` of each value: at C speed when they are all 32 lowercase hex digits already
    (as a station's SQLite stores them), one by one otherwise."""
    values = values if isinstance(values, list) else list(values)
    try:
        joined = "".join(values)
    except TypeError:  # not all text: UUIDs, None …
        return [hex_id(v) for v in values]
    if (not values or set(map(len, values)) == {32}) and _HEX_RUN.fullmatch(joined):
        return list(values)
    return [hex_id(v) for v in values]


def row_ids(values: Iterable[Any], table: str) -> list[str]:
    """A bundle's row ids (its table `table`'s `id` column), as every station stores them: 32
    lowercase hex digits each, taken as they are (checked at C speed). Any other spelling
    refuses the bundle as invalid values of `table`: the checks read ids as hex digits, a
    case file's writes take them as they came, and the centre's programs read a UUID however
    written — "{…}", "urn:uuid:…" would be a new row to the first, another station's row to
    the last."""
    values = values if isinstance(values, list) else list(values)
    try:
        joined = "".join(values)
    except TypeError:  # not all text
        raise _invalid(table) from None
    if values and (set(map(len, values)) != {32} or not _HEX_RUN.fullmatch(joined)):
        raise _invalid(table)
    return values


def hex_ids(values: Any) -> list[str]:
    """Ids however written, each once, as 32 hex digits in order: what `one_of` is given for
    an id (text, not UUID objects: made and compared ten times faster; converted for
    PostgreSQL only)."""
    return sorted({hex_id(v) for v in values})


def table_of(model: type[SQLModel]) -> sa.Table:
    table = sa.inspect(model).local_table
    assert isinstance(table, sa.Table)
    return table


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name != "sqlite"


def one_of(
    session: Session, key: sa.Column[Any], values: list[Any]
) -> Iterator[sa.ColumnElement[bool]]:
    """`key` among `values`, as conditions over chunks of them: one parameter per 20,000 —
    an array on PostgreSQL, a JSON array read by `json_each` on SQLite (not thousands of
    scalars, which SQLAlchemy expands and the driver binds one by one)."""
    postgres = is_postgres(session)
    step = 20_000
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        if postgres:
            if isinstance(key.type, sa.Uuid):
                chunk = [uuid.UUID(v) if isinstance(v, str) else v for v in chunk]
            array = sa.bindparam("values", value=chunk, type_=postgresql.ARRAY(key.type))
            yield key == sa.any_(array)
        else:
            # As SQLite stores them: a UUID as its 32 hex digits (SQLAlchemy's Uuid there).
            stored = [v.hex if isinstance(v, uuid.UUID) else v for v in chunk]
            listed = sa.bindparam("values", value=orjson.dumps(stored).decode(), type_=sa.String)
            yield key.in_(sa.select(sa.column("value")).select_from(sa.func.json_each(listed)))


def lookup(
    session: Session, key: sa.Column[Any], values: list[Any], *wanted: sa.Column[Any]
) -> Iterator[tuple[Any, ...]]:
    """The `wanted` columns of the rows whose `key` is one of `values` (see `one_of`)."""
    for condition in one_of(session, key, values):
        yield from (tuple(row) for row in session.execute(sa.select(*wanted).where(condition)))


def _invalid(table: str) -> Any:
    from hukou_desk.domain.text import text
    from hukou_desk.sync.bundle import BundleRefused

    return BundleRefused(text(f"数据表 {table} 中有无效的值。", f"Invalid values in {table}."))


def listed(session: Session, kind: str = "uuid") -> str:
    """SQL for a list given as one JSON parameter (`?`), as a subquery of one column `value`:
    usable as `x IN {listed}` and `FROM {listed} AS v`. On PostgreSQL the values are cast to
    `kind` (uuid, text), compared with the columns' own type and their indexes."""
    if is_postgres(session):
        cast = "" if kind == "text" else f"::{kind}"
        return f"(SELECT value{cast} AS value FROM json_array_elements_text(?::json) AS value)"
    return "(SELECT value FROM json_each(?))"


def as_json(values: Iterable[Any]) -> str:
    """The parameter of `listed`: the values (text) as a JSON array."""
    return orjson.dumps(values if isinstance(values, list) else list(values)).decode()


def found(session: Session, sql: str, params: Sequence[Any], *, table: str) -> list[Any]:
    """The rows of `sql` (`?` marks; `listed` for a list), run through the driver in the
    session's transaction. A value the database cannot take as an id (a bundle's garbage)
    refuses the bundle as invalid values of `table`."""
    driver: Any = session.connection().connection.driver_connection
    postgres = is_postgres(session)
    cursor = driver.cursor()
    try:
        cursor.execute(sql.replace("?", "%s") if postgres else sql, tuple(params))
        return list(cursor.fetchall())
    except Exception as exc:
        if postgres and str(getattr(exc, "sqlstate", "") or "").startswith("22"):
            raise _invalid(table) from None
        raise
    finally:
        cursor.close()
