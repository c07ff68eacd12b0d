"""The print path: the vector PDF itself to CUPS, or Qt painting each page 1:1 on A4."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from hukou_desk.ui import print_path
from hukou_desk.ui.slips import send_to_printer

POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    """A permit of two 联 pages and more, drawn by the product's renderer."""
    from datetime import date

    from hukou_desk.paths import forms_dir
    from hukou_desk.slips.content import Slip, Table
    from hukou_desk.slips.render import render
    from hukou_desk.slips.wording import SlipKind, load_wording

    wording = load_wording(forms_dir())
    rows = tuple(
        ("子", f"44078120150601{i:03d}7", f"陈{i}宝", "男", "2015年6月1日") for i in range(4)
    )
    slip = Slip(
        kind=SlipKind.APPROVAL,
        kind_code="A",
        title="准予迁入证明",
        number="440703001-2026-000001",
        station_code="440703001",
        station_name="江门市公安局蓬江分局白沙派出所",
        station_phone="0750-3301110",
        station_address="",
        fields=tuple((label, f"值{i}") for i, label in enumerate(wording.approval.fields)),
        blocks=(
            Table("迁移人员", wording.approval.people_columns, rows, (1.8, 3.4, 1.8, 0.8, 2.6)),
        ),
        signatures=wording.approval.signatures,
        issued_on=date(2026, 11, 20),
        applicant_name="陈小明",
        parts=tuple(wording.approval.parts),
    )
    path = tmp_path_factory.mktemp("paper") / "permit.pdf"
    path.write_bytes(render(slip, "HKD2|test", wording))
    return path


def _to_file(path: Path, dpi: int = 150) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def _grey(pdf: Path, out: Path, page: int = 1):
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
         str(pdf), str(out)],
        check=True,
    )  # fmt: skip
    with Image.open(f"{out}.png") as image:
        return image.convert("L").copy()


@POPPLER
def test_qt_paints_each_page_at_true_size_on_a4_whatever_the_printer_was_set_to(
    qtbot, tmp_path, paper
):
    from PIL import ImageChops, ImageFilter, ImageStat
    from PySide6.QtGui import QPageLayout, QPageSize

    printer = _to_file(tmp_path / "printed.pdf")
    # Set to Letter, landscape, with wide margins: the paper still arrives A4, unscaled.
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    assert send_to_printer([paper.read_bytes()], printer) == "qt"
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True, check=True
    ).stdout
    original = subprocess.run(["pdfinfo", str(paper)], capture_output=True, text=True).stdout
    pages = next(line for line in original.splitlines() if line.startswith("Pages:"))
    assert pages in info and "(A4)" in info
    drawn = _grey(paper, tmp_path / "drawn")
    arrived = _grey(tmp_path / "printed.pdf", tmp_path / "arrived")
    assert drawn.size == arrived.size

    def inked(image):
        return image.point(lambda v: 255 if v < 128 else 0).getbbox()

    # Where the ink lies, within two pixels at 40 dpi (1.3 mm; small print thins when
    # rasterised): a 1 % stretch would move the page number 4.3 pixels, a 5 mm margin 8.
    assert all(abs(a - b) <= 2 for a, b in zip(inked(drawn), inked(arrived), strict=True))
    blurred = [image.filter(ImageFilter.GaussianBlur(2)) for image in (drawn, arrived)]
    assert ImageStat.Stat(ImageChops.difference(*blurred)).mean[0] < 10


def test_cups_gets_the_pdf_itself_a4_unscaled_with_the_dialogs_copies_and_sides(
    qtbot, tmp_path, monkeypatch, paper
):
    """A stand-in `lp` on the PATH takes the job as CUPS would: the file that arrives is the
    paper's PDF, byte for byte (its text and embedded fonts), with the options that keep it
    at true size."""
    arrived = tmp_path / "arrived"
    arrived.mkdir()
    lp = tmp_path / "bin" / "lp"
    lp.parent.mkdir()
    lp.write_text(
        '#!/bin/sh\nprintf "%s\\n" "$@" > "$ARRIVED/args"\n'
        'for last; do :; done\ncp "$last" "$ARRIVED/job.pdf"\n'
    )
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{lp.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("ARRIVED", str(arrived))
    monkeypatch.setattr(print_path.os, "name", "posix")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    assert not printer.outputFileName()  # a printer, not a file
    printer.setCopyCount(2)
    pdf = paper.read_bytes()
    started = time.perf_counter()
    assert send_to_printer([pdf], printer) == "cups"
    assert time.perf_counter() - started < 1.0
    assert (arrived / "job.pdf").read_bytes() == pdf
    args = (arrived / "args").read_text().split("\n")
    joined = " ".join(args)
    assert "-n 2" in joined and "media=A4" in joined and "print-scaling=none" in joined
    assert "sides=one-sided" in joined


def test_the_commands_carry_the_dialogs_choices():
    job = print_path.Job("Counter-1", copies=3, duplex="long", collate=False)
    paths = [Path("/tmp/a.pdf"), Path("/tmp/b.pdf")]
    command = print_path.cups_command(job, paths)
    assert command[:3] == ["lp", "-d", "Counter-1"] and command[-2:] == ["/tmp/a.pdf", "/tmp/b.pdf"]
    assert "sides=two-sided-long-edge" in command and "collate=false" in command
    sumatra = print_path.sumatra_command(job, paths[0], Path("C:/hukou/tools/SumatraPDF.exe"))
    assert sumatra[1:3] == ["-print-to", "Counter-1"]
    assert sumatra[sumatra.index("-print-settings") + 1] == "noscale,3x,duplexlong"
    default = print_path.sumatra_command(print_path.Job(""), paths[0], Path("s.exe"))
    assert "-print-to-default" in default and "simplex" in " ".join(default)
