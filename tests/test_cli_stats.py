"""`hukou-desk stats` as a station's supervisor and as the centre run it: the figures right,
small cells hidden in whatever leaves, every release audited."""

from __future__ import annotations

import json
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


def test_a_supervisor_gets_the_figures_as_json_with_small_cells_hidden(station):
    out = hd("stats", "--db", str(station), *PERIOD, "--json", user="chenfang").stdout
    figures = json.loads(out)
    tables = {table["id"]: table for table in figures["tables"]}
    received = count(
        station,
        "SELECT count(*) FROM case_file WHERE application_date BETWEEN '2019-01-01' AND "
        "'2026-12-31'",
    )
    assert tables["cases_by_pathway"]["total"][1] == received
    assert tables["cases_by_pathway"]["columns"][:3] == ["迁入途径", "受理", "批准"]
    cells = [cell for table in figures["tables"] for row in table["rows"] for cell in row]
    assert "<5" in cells
    assert not [c for c in cells if isinstance(c, int) and 0 < c < 5 and c is not True]
    assert all(key == "" for table in figures["tables"] for key in table["keys"])
    assert count(station, "SELECT count(*) FROM audit_event WHERE action = 'stats.export'") >= 1


def test_the_spreadsheet_csv_and_pdf(station, tmp_path):
    book = tmp_path / "stats.xlsx"
    hd("stats", "--db", str(station), *PERIOD, "--xlsx", str(book), user="chenfang")
    with zipfile.ZipFile(book) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        strings = archive.read("xl/sharedStrings.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert "各迁入途径的案件" in workbook and "说明" in workbook
    assert "迁入途径" in strings and "&lt;5" in strings
    assert "yyyy&quot;年&quot;m&quot;月&quot;" in styles and "0.0%" in styles
    assert len(charts) >= 10
    folder = tmp_path / "csv"
    hd("stats", "--db", str(station), *PERIOD, "--csv", str(folder), user="chenfang")
    first = (folder / "01-cases_by_pathway.csv").read_bytes()
    assert first.startswith("\ufeff迁入途径,受理,批准,不予批准,撤回,办理中".encode())
    assert len(list(folder.glob("*.csv"))) == 16
    pdf = tmp_path / "month.pdf"
    hd("stats", "--db", str(station), "--month", "2026-10", "--pdf", str(pdf), user="chenfang")
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "户籍迁入统计报告" in words and "2026-10-01 至 2026-10-31" in words
    assert "本期概况" in words and "办理时间" in words
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts  # every font embedded


def test_a_clerk_or_a_bad_period_is_refused_in_one_line(station):
    clerk = hd("stats", "--db", str(station), *PERIOD, user="liwen", check=False)
    assert clerk.returncode == 2 and "supervisor" in clerk.stderr.lower()
    backwards = hd(
        "stats", "--db", str(station), "--from", "2026-02-01", "--to", "2026-01-01",
        user="chenfang", check=False,
    )  # fmt: skip
    assert backwards.returncode == 2 and "ends before it starts" in backwards.stderr
    both = hd(
        "stats", "--db", str(station), "--month", "2026-01", "--to", "2026-01-01",
        user="chenfang", check=False,
    )  # fmt: skip
    assert both.returncode == 2


def test_the_text_form_reads_on_a_terminal(station):
    out = hd("stats", "--db", str(station), "--month", "2026-10", user="chenfang").stdout
    assert "2026-10-01 – 2026-10-31" in out
    assert re.search(r"# Cases by pathway", out)  # --lang en


def test_the_centre_reads_the_citys_figures_without_signing_in(station, tmp_path):
    # Any case file is a centre's target too (the centre's own is PostgreSQL: tests/sync).
    out = hd("stats", "--into", str(station), *PERIOD, "--json").stdout
    figures = json.loads(out)
    assert figures["scope"] == "江门市（全市）"
    tables = {table["id"]: table for table in figures["tables"]}
    assert tables["cases_by_pathway"]["total"][1] == count(
        station,
        "SELECT count(*) FROM case_file WHERE application_date BETWEEN '2019-01-01' AND "
        "'2026-12-31'",
    )
    assert "<5" in [c for t in figures["tables"] for r in t["rows"] for c in r]
    pdf = tmp_path / "city.pdf"
    hd("stats", "--into", str(station), "--month", "2026-10", "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
