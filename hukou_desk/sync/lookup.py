"""Looking a bundle's rows up at the centre: ids as the station wrote them, tables by model,
and `key IN values` in chunks the database takes well."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
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
