"""The centre's import holds a batch of the bundle, never the bundle: its peak of memory does
not grow with the bundle's size."""

from __future__ import annotations

import tracemalloc

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk.storage import stats
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case, StatsCase
from hukou_desk.sync import bundle, exporting, importing
from hukou_desk.sync.centre import open_target
from tests.sync.conftest import _import, _station, _trust


def _peak_of_import(tmp_path, centre_key, count: int, url: str | None) -> int:
    """Bytes Python allocated at most during the import of a bundle of `count` cases, into a
    new case file or an emptied PostgreSQL database (`url`)."""
    station = _station(tmp_path / f"s{count}" / "cases.db", centre_key, count=count)
    if url is None:
        centre = open_database(tmp_path / f"c{count}" / "centre.db")
    else:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
        centre = open_target(url)
    _trust(centre, station)
    data = exporting.export(station, actor="t").data
    station.close()
    tracemalloc.start()
    try:
        report = _import(centre, data, centre_key, tmp_path / f"f{count}")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with centre.read() as session:
        # Everything arrived, and the figures follow every case.
        assert len(session.exec(select(Case.id)).all()) == count == report.inserted["cases"]
        assert len(session.exec(select(StatsCase.case_id)).all()) == count
    centre.close()
    return peak


@pytest.mark.slow
@pytest.mark.parametrize("into", ["sqlite", "postgresql"])
def test_an_import_four_times_larger_needs_no_more_memory(
    request, into, tmp_path, centre_key, monkeypatch
):
    url = request.getfixturevalue("fresh_postgres") if into == "postgresql" else None
    # Sealed chunks, parsed blocks and batches small enough that both bundles span many of
    # them (at their sizes in use, 1 MiB, 1 MiB and 5,000 rows, a bundle of 1,500 cases would).
    # Read whole, the tables took 3.8 times the memory for 4 times the cases (measured).
    monkeypatch.setattr(bundle, "CHUNK", 32 << 10)
    monkeypatch.setattr(bundle, "BLOCK", 16 << 10)
    monkeypatch.setattr(bundle, "BATCH", 100)
    monkeypatch.setattr(importing, "STATS_CHUNK", 100)
    # The statistics' month sums are held until there are SUMS_HELD of them (50,000 in use,
    # about 12 MB, reached past tens of thousands of cases): scaled down with the rest.
    monkeypatch.setattr(stats, "SUMS_HELD", 200)
    _peak_of_import(tmp_path / "warm", centre_key, 20, url)  # the statements compiled once
    small = _peak_of_import(tmp_path, centre_key, 150, url)
    large = _peak_of_import(tmp_path, centre_key, 600, url)
    assert large < small * 1.5, (small, large)
