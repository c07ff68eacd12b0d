"""Writing a bundle's rows (`sync.loading`): new rows, changed rows, a database's refusal said as
its cause."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk.storage.models import Case, User
from hukou_desk.sync import exporting, loading
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import (
    _forged,
    _import,
    _station,
    _trust,
)


def test_a_refusal_by_the_database_says_its_cause(tmp_path, centre_key, fresh_postgres):
    """A clerk's account twice under one name (another id): the server's unique constraint,
    named as such — not 'invalid values' — and nothing written."""
    from hukou_desk.sync.centre import open_target

    centre = open_target(fresh_postgres)
    station = _station(tmp_path / "s" / "cases.db", centre_key, count=5, seed=2)
    _trust(centre, station)

    def twice(tables, manifest):
        users = tables["users"]
        copy = list(users.values[0])
        copy[users.columns.index("id")] = uuid.uuid4().hex  # referenced by nothing
        users.values.append(copy)

    data = _forged(
        station, "440703001", exporting.export(station, actor="t").data, centre_key, twice
    )
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    said = refused.value.describe("en")
    assert "unique constraint user_username_key" in said and "Invalid values" not in said
    with centre.read() as session:
        assert session.exec(select(sa.func.count()).select_from(User)).one() == 0
        assert session.exec(select(sa.func.count()).select_from(Case)).one() == 0
    station.close()
    centre.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def centre(request, tmp_path):
    from hukou_desk.storage.database import open_database
    from hukou_desk.sync.centre import open_target

    if request.param == "sqlite":
        database = open_database(tmp_path / "centre" / "centre.db")
    else:
        database = open_target(request.getfixturevalue("fresh_postgres"))
    yield database
    database.close()


def _staff(n: int, **changed) -> list[dict]:
    return [
        {
            "id": uuid.UUID(int=i + 1).hex,
            "username": f"440703001/clerk{i}",
            "display_name": changed.get("display_name", f"Clerk {i}"),
            "role": "clerk",
            "password_hash": None,
            "active": False,
            "failed_logins": 0,
            "locked_until": None,
            "created_at": "2026-11-20 08:00:00.000000",
        }
        for i in range(n)
    ]


def test_new_rows_are_inserted_changed_ones_updated_the_rest_counted(centre):
    with centre.write() as session:
        first = loading.write(session, User, _staff(3))
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    rows = _staff(4)
    rows[1]["display_name"] = "Renamed"
    with centre.write() as session:
        second = loading.write(session, User, rows)
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 2)
    with centre.read() as session:
        names = sorted(session.exec(select(User.display_name)).all())
    assert names == ["Clerk 0", "Clerk 2", "Clerk 3", "Renamed"]
    with centre.write() as session:
        assert loading.write(session, User, []) == loading.Tally()


def test_a_row_carried_twice_in_one_batch_is_written_once(centre):
    # On PostgreSQL a batch of new rows goes straight into its table by COPY; a key twice in
    # the batch goes through the merge instead, as before (the first kept, the copy counted).
    rows = [*_staff(2), _staff(1)[0]]
    with centre.write() as session:
        tally = loading.write(session, User, rows)
    assert (tally.inserted, tally.updated, tally.unchanged) == (2, 0, 1)
    with centre.read() as session:
        assert len(session.exec(select(User)).all()) == 2


def test_a_refusal_is_the_same_whether_the_batch_is_new_or_merged(centre):
    # A second account under a name the batch also carries: refused alike when every row is new
    # (on PostgreSQL COPY'd straight into the table) and when one is held (merged).
    rows = _staff(2)
    rows[1]["username"] = rows[0]["username"]

    def refusal() -> str:
        with pytest.raises(BundleRefused) as refused, centre.write() as session:
            loading.write(session, User, rows)
        return refused.value.describe("en")

    all_new = refusal()
    with centre.write() as session:
        loading.write(session, User, rows[:1])
    assert refusal() == all_new
    assert "repeats one the centre holds" in all_new and "clerk0" not in all_new


def test_a_column_this_centre_does_not_know_is_refused(centre):
    rows = _staff(1)
    rows[0]["nickname"] = "x"
    with pytest.raises(BundleRefused) as refused, centre.write() as session:
        loading.write(session, User, rows)
    assert "upgrade it first" in refused.value.describe("en")


def test_a_row_breaking_a_constraint_names_the_table_never_the_value(centre):
    rows = _staff(2)
    rows[1]["username"] = rows[0]["username"]  # one name, two ids
    with pytest.raises(BundleRefused) as refused, centre.write() as session:
        loading.write(session, User, rows)
    said = refused.value.describe("en")
    assert "user" in said and "clerk0" not in said


def test_the_collector_is_paused_while_loading_and_restored_after():
    import gc

    assert gc.isenabled()
    with loading.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
