"""Looking a bundle's rows up at the centre (`sync.lookup`): ids however written, in chunks."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from hukou_desk.storage.models import User, utc_now
from hukou_desk.sync import lookup


def test_an_id_is_the_same_however_the_station_wrote_it():
    value = uuid.uuid4()
    assert lookup.hex_id(value) == lookup.hex_id(str(value)) == lookup.hex_id(value.hex.upper())
    assert lookup.hex_ids([value.hex, str(value), value]) == [value.hex]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_many_values_are_looked_up_in_chunks_and_all_found(request, tmp_path, backend):
    from hukou_desk.storage.database import open_database
    from hukou_desk.sync.centre import open_target

    if backend == "sqlite":
        database = open_database(tmp_path / "centre.db")
    else:
        database = open_target(request.getfixturevalue("fresh_postgres"))
    try:
        with database.write() as session:
            for i in range(3):
                session.add(
                    User(username=f"u{i}", display_name=f"U{i}", role="clerk", created_at=utc_now())
                )
        with database.read() as session:
            held = {u.username: u.id for u in session.exec(select(User)).all()}
            table = lookup.table_of(User)
            asked = [*held.values(), *(uuid.uuid4() for _ in range(1200))]
            conditions = list(lookup.one_of(session, table.c.id, asked))
            assert len(conditions) == 1
            many = [*held.values(), *(uuid.uuid4() for _ in range(20_000))]
            assert len(list(lookup.one_of(session, table.c.id, many))) == 2
            assert len(list(lookup.lookup(session, table.c.id, many, table.c.id))) == 3
            found = dict(lookup.lookup(session, table.c.id, asked, table.c.id, table.c.username))
        assert {name: found[i] for name, i in held.items()} == {n: n for n in held}
    finally:
        database.close()


def test_a_column_of_ids_is_read_as_hex_digits_however_written():
    stored = [uuid.uuid4().hex for _ in range(3)]  # as a station's SQLite stores them
    assert lookup.hex_column(stored) == stored
    value = uuid.uuid4()
    mixed = [*stored, value, str(value), value.hex.upper(), "0" * 32, "A" * 32]
    assert lookup.hex_column(mixed) == [lookup.hex_id(v) for v in mixed]
    assert lookup.hex_column([str(value), *stored]) == [value.hex, *stored]
    assert lookup.hex_column([]) == []
    assert lookup.hex_column(iter(stored)) == stored


def test_a_value_that_is_no_id_refuses_the_bundle_on_postgresql(fresh_postgres):
    from hukou_desk.sync import owners
    from hukou_desk.sync.bundle import BundleRefused
    from hukou_desk.sync.centre import open_target

    database = open_target(fresh_postgres)
    try:
        with pytest.raises(BundleRefused) as refused, database.read() as session:
            owners.not_station_cases(session, ["not-an-id"], "440703001")
        assert refused.value.describe("en") == "Invalid values in cases."
    finally:
        database.close()
