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
from hukou_desk.storage.database import open_database
from hukou_desk.sync import exporting
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
