"""The centre's import read in small batches: the same result as in one, and every check still
sees across the batches' edges (a row in a later batch than what it hangs from, an audit event
whose predecessor came in the batch before)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import (
    Case,
    CaseRole,
    Decision,
    DocumentCheck,
    StationAudit,
    StatsCase,
)
from hukou_desk.sync import bundle, exporting, importing
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import _forged, _import, _station, _trust

MODELS = (Case, CaseRole, DocumentCheck, Decision, StationAudit, StatsCase)


def _counts(database) -> dict[str, int]:
    with database.read() as session:
        return {
            model.__name__: session.exec(select(sa.func.count()).select_from(model)).one()
            for model in MODELS
        }


def test_batches_of_seven_import_what_one_batch_does(tmp_path, centre_key, monkeypatch):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=40)
    data = exporting.export(station, actor="t").data
    whole = open_database(tmp_path / "whole" / "centre.db")
    _trust(whole, station)
    at_once = _import(whole, data, centre_key, tmp_path / "a")
    monkeypatch.setattr(bundle, "BATCH", 7)
    monkeypatch.setattr(importing, "STATS_CHUNK", 7)
    batched = open_database(tmp_path / "batched" / "centre.db")
    _trust(batched, station)
    in_sevens = _import(batched, data, centre_key, tmp_path / "b")
    assert in_sevens.inserted == at_once.inserted and in_sevens.inserted["cases"] == 40
    assert _counts(batched) == _counts(whole)
    assert _counts(batched)["StatsCase"] == 40
    # Sent again, batch by batch: nothing changes.
    again = _import(batched, data, centre_key, tmp_path / "b")
    assert again.already_imported
    for database in (station, whole, batched):
        database.close()


def test_a_break_in_the_trail_at_a_batchs_edge_is_refused(tmp_path, centre_key, monkeypatch):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=20)
    centre = open_database(tmp_path / "centre" / "centre.db")
    _trust(centre, station)
    monkeypatch.setattr(bundle, "BATCH", 5)

    def broken(tables, _manifest):
        events = tables["audit"]
        # The first event of the second batch no longer names the last of the first.
        events.values[5][events.columns.index("prev_hash")] = "0" * 64

    data = _forged(
        station, "440703001", exporting.export(station, actor="t").data, centre_key, broken
    )
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    assert "does not follow the one before it" in refused.value.describe("en")
    assert _counts(centre)["Case"] == 0
    station.close()
    centre.close()
