"""The export's memory does not grow with the number of cases: the peak of what Python holds
(tracemalloc) plus the peak of SQLite's own heap (page caches, sorts, temporary tables) during
an export of 4N cases stays within a quarter of that for N cases. The page sizes and caches are
made small here so that a few hundred cases fill them, as a million do at their real sizes."""

from __future__ import annotations

import ctypes
import tracemalloc
from datetime import date

import pytest
from sqlcipher3 import _sqlite3  # the driver's SQLite (`storage.driver`)

from hukou_desk.storage.database import open_database
from hukou_desk.sync import bundle, exporting
from tests.sync.conftest import _station

_SQLITE = ctypes.CDLL(_sqlite3.__file__)
_SQLITE.sqlite3_memory_highwater.restype = ctypes.c_int64
_SQLITE.sqlite3_memory_highwater.argtypes = [ctypes.c_int]
_SQLITE.sqlite3_memory_used.restype = ctypes.c_int64

EVERYTHING = (date(1900, 1, 1), date(2199, 12, 31))  # every case re-sent: the worst case


def _peak(path, tmp_path) -> tuple[int, int]:
    """Python's and SQLite's peak above where they stood, over one whole export."""
    database = open_database(path)
    try:
        before = _SQLITE.sqlite3_memory_used()
        _SQLITE.sqlite3_memory_highwater(1)  # from here
        tracemalloc.start()
        try:
            exported = exporting.export(
                database, actor="t", out=tmp_path / f"{path.stem}.hkb", received=EVERYTHING
            )
            _current, python = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        native = _SQLITE.sqlite3_memory_highwater(0) - before
        assert exported.manifest.counts["cases"] > 0
        return python, native
    finally:
        database.close()


@pytest.mark.slow
def test_an_export_of_four_times_the_cases_peaks_no_higher(tmp_path, centre_key, monkeypatch):
    monkeypatch.setattr(exporting, "PAGE", 25)
    monkeypatch.setattr(bundle, "WRITE_BATCH", 25)
    monkeypatch.setattr(bundle, "CHUNK", 16 << 10)  # the sealer holds up to a chunk
    monkeypatch.setattr(exporting, "CACHE_KIB", 128)
    monkeypatch.setattr(exporting, "TEMP_CACHE_KIB", 64)
    small, large = 150, 600
    paths = {}
    for count in (small, large):
        station = _station(tmp_path / f"s{count}" / "cases.db", centre_key, count=count)
        paths[count] = station.path
        station.close()
    _peak(paths[small], tmp_path)  # modules imported, caches of the interpreter warmed
    python_small, native_small = _peak(paths[small], tmp_path)
    python_large, native_large = _peak(paths[large], tmp_path)
    assert python_large < 1.25 * python_small, (python_small, python_large)
    assert native_large < 1.25 * native_small, (native_small, native_large)
    total_small, total_large = python_small + native_small, python_large + native_large
    assert total_large < 1.25 * total_small, (total_small, total_large)


class _Planned:
    """The export's connection, every query's plan kept (SQLite's EXPLAIN QUERY PLAN)."""

    def __init__(self, connection) -> None:
        self.connection, self.plans = connection, {}

    def execute(self, query: str, params=()):
        if query.lstrip().upper().startswith(("SELECT", "INSERT")):
            plan = self.connection.execute("EXPLAIN QUERY PLAN " + query, params).fetchall()
            self.plans[query] = [row[3] for row in plan]
        return self.connection.execute(query, params)


@pytest.mark.parametrize("received", [EVERYTHING, None])
def test_every_query_of_the_export_reads_by_key_and_sorts_at_most_a_page(
    pair, received, monkeypatch
):
    """A query that sorted a whole table, or read a whole table for each page, would make the
    export's memory or its time grow with the cases, whatever the figures above say."""
    from hukou_desk.storage import driver

    monkeypatch.setattr(exporting, "PAGE", 7)
    station, _centre = pair
    planned = _Planned(driver.connect(station.path))
    for pragma in exporting._bounded():
        planned.execute(f"PRAGMA {pragma}")
    exporting._choose(planned, received, 1, 10**9)
    read = {
        name: sum(1 for _row in rows)
        for name, _columns, rows in exporting._tables(planned, (1, 10**9, received is not None))
    }
    assert read["cases"] == 120 and read["audit"] >= 120 and read["checks"] > 120
    for query, plan in planned.plans.items():
        for step in plan:
            # sorting the rows of one case (by id) is all: "RIGHT PART" or "LAST TERM" by version
            within_a_case = "PART OF ORDER BY" in step or "TERM OF ORDER BY" in step
            assert "TEMP B-TREE" not in step or within_a_case, (query, plan)
            # a table read whole only if it is one of the export's own (`e`: the keys chosen)
            scanned = step.split()[1] if step.startswith("SCAN ") else "e"
            assert scanned == "e" or "export_" in scanned, (query, plan)
