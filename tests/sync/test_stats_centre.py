"""The city's figures at the centre (a case file and a real PostgreSQL): two stations' cases
imported, the same figures as the stations', added up."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import pytest

from hukou_desk.domain.loader import load_policy
from hukou_desk.domain.statistics import Filters, month_period
from hukou_desk.domain.text import text
from hukou_desk.paths import forms_dir
from hukou_desk.services import centre as centre_service
from hukou_desk.services.statistics import Names, compose
from hukou_desk.storage import stats
from hukou_desk.storage.database import open_database
from hukou_desk.sync import exporting, importing
from hukou_desk.sync.centre import open_target
from tests.sync.conftest import TODAY, _import, _station, _trust

PERIOD = Filters(*month_period(date(2019, 1, 1), TODAY))


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "centre" / "centre.db"
        open_database(path).close()
        return str(path)
    return request.getfixturevalue("fresh_postgres")


def figures(database):
    with database.read() as session:
        return compose(
            session.connection(),
            PERIOD,
            today=TODAY,
            names=Names(load_policy(forms_dir()), {}),
            scope=text("", ""),
            with_summary=False,
        )


@pytest.mark.slow
def test_the_centre_adds_up_what_two_stations_count(target, tmp_path, centre_key):
    stations = [
        _station(tmp_path / "a" / "cases.db", centre_key, count=150, seed=3),
        _station(tmp_path / "b" / "cases.db", centre_key, count=90, code="440705001", seed=4),
    ]
    centre = open_target(target)
    try:
        for station in stations:
            _trust(centre, station)
            exported = exporting.export(station, actor="t")
            _import(centre, exported.data, centre_key, tmp_path)
    finally:
        centre.close()
    city = centre_service.statistics(target, PERIOD, today=TODAY)
    # A station re-sends a period (cases already counted): the figures do not move.
    centre = open_target(target)
    try:
        again = exporting.export(stations[0], actor="t", received=(date(2019, 1, 1), TODAY))
        _import(centre, again.data, centre_key, tmp_path)
    finally:
        centre.close()
    resent = centre_service.statistics(target, PERIOD, today=TODAY)
    assert [t.rows for t in resent.tables] == [t.rows for t in city.tables]
    local = [figures(station) for station in stations]
    for table_id in ("cases_by_pathway", "people_by_province", "people_by_sex", "open_by_age"):
        summed: dict[str, int] = {}
        for report in local:
            for row in report.table(table_id).rows:
                summed[row.key] = summed.get(row.key, 0) + int(row.cells[1] or 0)
        shown = {row.key: row.cells[1] for row in city.table(table_id).rows}
        assert {k: v for k, v in shown.items() if v} == {k: v for k, v in summed.items() if v}
    # One station's figures at the centre are that station's own: one rule, the same cells.
    first = centre_service.statistics(target, replace(PERIOD, station="440703001"), today=TODAY)
    assert [t.rows for t in first.tables if t.id != "cases_by_station"] == [
        t.rows for t in local[0].tables if t.id != "cases_by_station"
    ]
    stations_shown = {row.key for row in city.table("cases_by_station").rows}
    assert stations_shown == {"440703001", "440705001"}
    assert city.scope.zh == "江门市（全市）" and city.summary
    # The city's monthly report, as the centre prints it.
    from hukou_desk.services.statistics import write

    pdf = write(city, out=tmp_path / "city.pdf", fmt="pdf")
    words = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "户籍迁入统计报告 — 江门市（全市）" in words and "各派出所的案件" in words
    for station in stations:
        station.close()


STATS_TABLES = {  # each table, and the count a monthly sum that came back to nothing has 0 in
    "stats_case": None,
    "stats_person": None,
    "stats_refusal": None,
    "stats_repeat": None,
    "stats_case_month": "cases",
    "stats_decided_month": "cases",
    "stats_person_month": "moves",
    "stats_mover": "moves",
}


def stats_tables(database) -> dict[str, list[tuple[str, ...]]]:
    with database.engine.connect() as connection:
        return {
            table: sorted(
                tuple(map(str, row))
                for row in connection.exec_driver_sql(
                    f"SELECT * FROM {table}" + (f" WHERE {count} != 0" if count else "")
                )
            )
            for table, count in STATS_TABLES.items()
        }


@pytest.mark.parametrize("passes", ["one pass", "passes of 40, sums moved after each"])
def test_what_an_import_counts_is_what_a_rebuild_counts(
    target, tmp_path, centre_key, monkeypatch, passes
):
    # The import keeps the statistics its own way (passes of thousands of cases, the month
    # sums moved once): a rebuild from the centre's case file must find the same rows, after
    # cases new to the centre and after cases it held already (a re-sent period).
    if passes != "one pass":
        monkeypatch.setattr(importing, "STATS_CHUNK", 40)
        monkeypatch.setattr(stats, "SUMS_HELD", 0)
    stations = [
        _station(tmp_path / "a" / "cases.db", centre_key, count=150, seed=3),
        _station(tmp_path / "b" / "cases.db", centre_key, count=90, code="440705001", seed=4),
    ]
    centre = open_target(target)
    try:
        for station in stations:
            _trust(centre, station)
        for station in stations:
            _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
        imported = stats_tables(centre)
        again = exporting.export(stations[0], actor="t", received=(date(2019, 1, 1), TODAY))
        report = _import(centre, again.data, centre_key, tmp_path)
        assert report.unchanged["cases"] == 150  # every case held already: taken back, counted
        assert stats_tables(centre) == imported
        with centre.write() as session:
            assert stats.rebuild(session.connection()) == 240
        rebuilt = stats_tables(centre)
    finally:
        centre.close()
        for station in stations:
            station.close()
    assert rebuilt == imported
    assert len(imported["stats_case"]) == 240 and imported["stats_person"]
    assert imported["stats_refusal"] and imported["stats_person_month"]
