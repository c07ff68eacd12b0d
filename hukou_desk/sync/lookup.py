"""Looking a bundle's rows up at the centre: ids as the station wrote them, tables by model,
and `key IN values` in chunks the database takes well."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, SQLModel


def hex_id(value: Any) -> str:
    """A UUID as 32 hex digits, however the station's driver wrote it."""
    return str(value).replace("-", "").lower()


def uuids(values: Any) -> list[uuid.UUID]:
    """Hex ids (or UUIDs), each once, in order: the values `one_of` is given for an id."""
    return sorted({uuid.UUID(hex_id(v)) for v in values})


def table_of(model: type[SQLModel]) -> sa.Table:
    table = sa.inspect(model).local_table
    assert isinstance(table, sa.Table)
    return table


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name != "sqlite"


def one_of(
    session: Session, key: sa.Column[Any], values: list[Any]
) -> Iterator[sa.ColumnElement[bool]]:
    """`key` among `values`, as conditions over chunks of them: one array parameter per 20,000
    on PostgreSQL (not thousands of scalars, which the driver parses one by one), 500 at a time
    on SQLite."""
    postgres = is_postgres(session)
    step = 20_000 if postgres else 500
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        if postgres:
            array = sa.bindparam("values", value=chunk, type_=postgresql.ARRAY(key.type))
            yield key == sa.any_(array)
        else:
            yield key.in_(chunk)


def lookup(
    session: Session, key: sa.Column[Any], values: list[Any], *wanted: sa.Column[Any]
) -> Iterator[tuple[Any, ...]]:
    """The `wanted` columns of the rows whose `key` is one of `values` (see `one_of`)."""
    for condition in one_of(session, key, values):
        yield from (tuple(row) for row in session.execute(sa.select(*wanted).where(condition)))
