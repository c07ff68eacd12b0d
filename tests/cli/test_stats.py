"""`hukou-desk stats` as a station's supervisor and as the centre run it: the figures
published under the rule (whole months, counts rounded by cell key) in whatever leaves, in
the language asked for, the spreadsheet numeric and set up for A4, every release audited."""

from __future__ import annotations

import json
import math
import re
import sqlite3
import subprocess
import zipfile

import pytest

from tests.clirun import hd, staffed_demo_file

PERIOD = ("--from", "2019-01-01", "--to", "2026-12-31")


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    return staffed_demo_file(tmp_path_factory.mktemp("s") / "cases.db", cases=400, real=True)


def count(path, query, *params):
    with sqlite3.connect(path) as connection:
        return connection.execute(query, params).fetchone()[0]


def counts(figures) -> list[int]:
    return [
        cell
        for table in figures["tables"]
        for row in (*table["rows"], *([table["total"]] if table["total"] else []))
        for cell, kind in zip(row, table["kinds"], strict=True)
        if kind == "count"
    ]


@pytest.mark.slow
def test_a_supervisor_gets_the_figures_as_json_every_count_published(station):
    out = hd("stats", "--db", str(station), *PERIOD, "--json", user="chenfang", lang="zh").stdout
    figures = json.loads(out)
    tables = {table["id"]: table for table in figures["tables"]}
    received = count(
        station,
        "SELECT count(*) FROM case_file WHERE application_date BETWEEN '2019-01-01' AND "
        "'2026-12-31'",
    )
    total = tables["cases_by_pathway"]["total"][1]
    # A sum of at most `received` base cells, each rounded by less than five, unbiased (a
    # cell's rounding has a standard deviation of at most 2.5): within three of them.
    assert total % 5 == 0 and abs(total - received) <= 3 * 2.5 * math.sqrt(received)
    assert tables["cases_by_pathway"]["columns"][:3] == ["迁入途径", "受理", "批准"]
    found = counts(figures)
    assert found and all(isinstance(c, int) and c % 5 == 0 for c in found)
    assert "格键" in figures["rule"]
    assert count(station, "SELECT count(*) FROM audit_event WHERE action = 'stats.export'") >= 1


def sheets(book):
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
        return {
            "workbook": archive.read("xl/workbook.xml").decode(),
            "strings": archive.read("xl/sharedStrings.xml").decode(),
            "styles": archive.read("xl/styles.xml").decode(),
            "sheets": [
                archive.read(f"xl/worksheets/sheet{n}.xml").decode()
                for n in range(1, 1 + sum(n.startswith("xl/worksheets/sheet") for n in names))
            ],
            "charts": [n for n in names if n.startswith("xl/charts/chart")],
        }


@pytest.mark.slow
def test_the_spreadsheet_csv_and_pdf(station, tmp_path):
    book = tmp_path / "stats.xlsx"
    hd("stats", "--db", str(station), *PERIOD, "--xlsx", str(book), user="chenfang", lang="zh")
    found = sheets(book)
    assert "各迁入途径的案件" in found["workbook"] and "说明" in found["workbook"]
    assert "迁入途径" in found["strings"] and "&lt;5" not in found["strings"]
    assert "法定时限（工作日）" in found["strings"]  # the limit a number, its unit in the header
    assert "yyyy&quot;年&quot;m&quot;月&quot;" in found["styles"] and "0.0%" in found["styles"]
    assert len(found["charts"]) >= 10
    # A4, one page wide (fitToWidth is 1 unless said), as many pages down as it takes.
    for xml in found["sheets"]:
        assert 'paperSize="9"' in xml and 'fitToHeight="0"' in xml and 'fitToPage="1"' in xml
        assert "fitToWidth" not in xml
    assert found["workbook"].count("_xlnm.Print_Titles") == len(found["sheets"]) - 1
    assert 'orientation="landscape"' in found["sheets"][1]  # six columns across the page
    # Every figure a number: the counts of the cases by pathway and the days, limits, counts
    # and shares of the processing times (columns B on, under the header) — no text.
    for sheet in (found["sheets"][1], found["sheets"][13]):
        cells = re.findall(r'<c r="([B-G])(\d+)"([^>]*)>', sheet)
        data = [attrs for _col, row, attrs in cells if int(row) >= 5]
        assert data and not [a for a in data if ' t="s"' in a or ' t="str"' in a]
    folder = tmp_path / "csv"
    hd("stats", "--db", str(station), *PERIOD, "--csv", str(folder), user="chenfang", lang="zh")
    first = (folder / "01-cases_by_pathway.csv").read_bytes()
    assert first.startswith("\ufeff迁入途径,受理,批准,不予批准,撤回,办理中".encode())
    assert len(list(folder.glob("*.csv"))) == 16
    pdf = tmp_path / "month.pdf"
    hd(
        "stats", "--db", str(station), "--month", "2026-10", "--pdf", str(pdf),
        user="chenfang", lang="zh",
    )  # fmt: skip
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "户籍迁入统计报告" in words and "2026-10-01 至 2026-10-31" in words
    assert "本期概况" in words and "办理时间" in words and "格键" in words
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts  # every font embedded


def test_stats_in_english_write_english(station, tmp_path):
    book = tmp_path / "stats-en.xlsx"
    hd("stats", "--db", str(station), *PERIOD, "--xlsx", str(book), user="chenfang")
    found = sheets(book)
    assert "Cases by pathway" in found["workbook"] and "About" in found["workbook"]
    assert "statutory limit (working days)" in found["strings"]
    assert "cell key" in found["strings"]
    pdf = tmp_path / "month-en.pdf"
    hd("stats", "--db", str(station), "--month", "2026-10", "--pdf", str(pdf), user="chenfang")
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Household registration moves" in words and "2026-10-01 to 2026-10-31" in words
    assert "Processing time (working days)" in words and "page 1" in words
    # Titles, headers, labels and notes: no Chinese but places' and criteria's own names.
    assert "本期概况" not in words and "办理时间" not in words and "合计" not in words
    out = json.loads(hd("stats", "--db", str(station), *PERIOD, "--json", user="chenfang").stdout)
    tables = {table["id"]: table for table in out["tables"]}
    assert tables["people_by_sex"]["columns"] == ["sex", "people"]
    assert {row[0] for row in tables["people_by_sex"]["rows"]} <= {"male", "female", "not stated"}
    assert tables["cases_by_outcome"]["total"][0] == "Total"


def test_a_clerk_or_a_bad_period_is_refused_in_one_line(station):
    clerk = hd("stats", "--db", str(station), *PERIOD, user="liwen", check=False)
    assert clerk.returncode == 2 and "supervisor" in clerk.stderr.lower()
    backwards = hd(
        "stats", "--db", str(station), "--from", "2026-02-01", "--to", "2026-01-01",
        user="chenfang", check=False,
    )  # fmt: skip
    assert backwards.returncode == 2 and "ends before it starts" in backwards.stderr
    days = hd(
        "stats", "--db", str(station), "--from", "2026-10-14", "--to", "2026-10-14",
        user="chenfang", check=False,
    )  # fmt: skip
    assert days.returncode == 2 and "whole months" in days.stderr
    assert len(days.stderr.strip().splitlines()) == 1
    both = hd(
        "stats", "--db", str(station), "--month", "2026-01", "--to", "2026-01-01",
        user="chenfang", check=False,
    )  # fmt: skip
    assert both.returncode == 2


def test_the_text_form_reads_on_a_terminal(station):
    out = hd("stats", "--db", str(station), "--month", "2026-10", user="chenfang").stdout
    assert "2026-10-01 – 2026-10-31" in out
    assert re.search(r"# Cases by pathway", out)  # --lang en
    assert "\nTotal\t" in out and "cell key" in out


def test_the_centre_reads_the_citys_figures_without_signing_in(station, tmp_path):
    # Any case file is a centre's target too (the centre's own is PostgreSQL: tests/sync).
    out = hd("stats", "--into", str(station), *PERIOD, "--json", lang="zh").stdout
    figures = json.loads(out)
    assert figures["scope"] == "江门市（全市）"
    # The same rule as at the station: the same figures (the centre names stations by code).
    signed = hd("stats", "--db", str(station), *PERIOD, "--json", user="chenfang", lang="zh")
    assert [[r[1:] for r in t["rows"]] for t in figures["tables"]] == [
        [r[1:] for r in t["rows"]] for t in json.loads(signed.stdout)["tables"]
    ]
    assert all(c % 5 == 0 for c in counts(figures))
    pdf = tmp_path / "city.pdf"
    hd("stats", "--into", str(station), "--month", "2026-10", "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
