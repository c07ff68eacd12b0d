"""Print-path benchmark: one A4 page of a permit sent the Qt way (`ui/print_path.paint`: the
page drawn 1:1 on the whole sheet at the printer's resolution, in bands) into Qt's PDF engine
(a QPrinter writing a PDF file) at 600 dpi, and the band render alone (what a printer driver
is handed on that path); next to it the CUPS hand-off (`print_path.send` writing the PDF and
running `lp`; here a stand-in `lp` that copies the file, as the scheduler's time is the
scheduler's).

Each measurement in a fresh process, after a first page in that process (imports, QtPdf's
first load, the engine's set-up), so a page costs what a clerk's second and later pages cost;
the first page is recorded too. Wall and CPU time (the machine may be shared: CPU time is the
figure that does not depend on the neighbours), and the memory the pages added to the process
(peak resident set after both pages minus the resident set before the first, Qt and the desk's
modules loaded). Medians of `REPEAT` runs.
Results: benchmarks/results/print_path.json

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_print_path.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPEAT = 7
DPI = 600

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
from PySide6.QtCore import QObject
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hukou_desk.ui import print_path
from hukou_desk.ui.slips import load_pdf

pdf, scratch = Path(sys.argv[1]).read_bytes(), Path(sys.argv[2])
mode, dpi = sys.argv[3], int(sys.argv[4])

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def into_pdf_engine(name):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(scratch / name))
    printer.setResolution(dpi)
    print_path.paint([pdf], printer)

class Sink:
    # The bands alone: rendered as for the printer and handed to a painter on a one-band image.
    def __call__(self, name):
        holder = QObject()
        document = load_pdf(pdf, holder)
        width = round(document.pagePointSize(0).width() / 72 * dpi)
        target = QImage(width, print_path.BAND, QImage.Format.Format_ARGB32)
        from PySide6.QtCore import QPoint, QRect, QSize
        from PySide6.QtPdf import QPdfDocumentRenderOptions
        height = round(document.pagePointSize(0).height() / 72 * dpi)
        painter = QPainter(target)
        for top in range(0, height, print_path.BAND):
            rows = min(print_path.BAND, height - top)
            options = QPdfDocumentRenderOptions()
            options.setScaledSize(QSize(width, height))
            options.setScaledClipRect(QRect(0, top, width, rows))
            painter.drawImage(QPoint(0, 0), document.render(0, QSize(width, rows), options))
        painter.end()
        document.close()

def cups(name):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    assert print_path.send([pdf], printer) == "cups"

run = {"qt-pdf-engine": into_pdf_engine, "qt-bands": Sink(), "cups": cups}[mode]
baseline = rss_mb()  # Qt, PySide6 and the desk's modules loaded; no page yet
t, c = time.perf_counter(), time.process_time()
run(f"{mode}-first.pdf")
first = time.perf_counter() - t
t, c = time.perf_counter(), time.process_time()
run(f"{mode}-page.pdf")
wall, cpu = time.perf_counter() - t, time.process_time() - c
out = scratch / f"{mode}-page.pdf"
print("RESULT", json.dumps({"first_s": first, "wall_s": wall, "cpu_s": cpu,
    "added_mb": peak_mb() - baseline, "baseline_mb": baseline, "peak_mb": peak_mb(),
    "out_bytes": out.stat().st_size if out.exists() else None}), flush=True)
"""

LP = '#!/bin/sh\nfor last; do :; done\ncp "$last" "$ARRIVED/job.pdf"\n'


def one_page(scratch: Path) -> Path:
    """The first page of a permit with four people moving, drawn by the product."""
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
    )
    path = scratch / "permit.pdf"
    path.write_bytes(render(slip, "HKD2|" + "0" * 160, wording))
    single = scratch / "page-1.pdf"
    subprocess.run(["pdfseparate", "-f", "1", "-l", "1", str(path), str(single)], check=True)
    return single


def measure(mode: str, page: Path, scratch: Path) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if mode == "cups":
        stand_in = scratch / "bin" / "lp"
        stand_in.parent.mkdir(exist_ok=True)
        stand_in.write_text(LP)
        stand_in.chmod(0o755)
        env["PATH"] = f"{stand_in.parent}{os.pathsep}{env['PATH']}"
        env["ARRIVED"] = str(scratch)
    runs = []
    for _ in range(REPEAT):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(page), str(scratch), mode, str(DPI)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
        runs.append(json.loads(line.split(" ", 1)[1]))
    keys = ("first_s", "wall_s", "cpu_s", "added_mb", "baseline_mb", "peak_mb")
    summary: dict[str, Any] = {
        key: round(statistics.median(r[key] for r in runs), 3) for key in keys
    }
    summary["wall_s_all"] = [round(r["wall_s"], 3) for r in runs]
    summary["cpu_s_all"] = [round(r["cpu_s"], 3) for r in runs]
    summary["out_bytes"] = runs[-1]["out_bytes"]
    return summary


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="hukou-desk-print-bench-"))
    page = one_page(scratch)
    result: dict[str, Any] = {
        "what": f"one A4 page of a permit (four people moving) at {DPI} dpi; each figure the "
        "median of a fresh process's second page; added_mb = peak RSS after two pages minus "
        "the RSS before the first (Qt and the desk loaded)",
        "dpi": DPI,
        "repeat": REPEAT,
        "paths": {
            mode: measure(mode, page, scratch) for mode in ("qt-pdf-engine", "qt-bands", "cups")
        },
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }
    out = HERE / "results" / "print_path.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
