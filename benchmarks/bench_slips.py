"""Slip benchmark: the first slip in a fresh process (font load included), then slips per
second, next to a bare reportlab page with the same font made the same way in the same run.

The product's path is the real one (`slips.printing.print_slip`: open the case, build, sign,
render, record the print). Medians of interleaved runs. Results: benchmarks/results/slips.json

    .venv/bin/python benchmarks/bench_slips.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

FLOOR = """
import io, sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from hukou_desk.paths import resources_dir

def page():
    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        font = resources_dir() / "fonts" / "DroidSansFallbackFull.ttf"
        pdfmetrics.registerFont(TTFont("CJK", str(font)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont("CJK", 20)
    canvas.drawString(200, 750, "准予迁入证明")
    canvas.setFont("CJK", 10.5)
    for line in range(30):
        canvas.drawString(60, 700 - line * 18, "申请人陈小明，迁入蓬江区白沙街道，依据二（一）1。")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

if sys.argv[1] == "once":
    page()
    print("READY", flush=True)
else:
    import time, statistics, json
    page()
    n = int(sys.argv[2])
    started = time.perf_counter()
    for _ in range(n):
        page()
    print("READY", json.dumps({"per_s": n / (time.perf_counter() - started)}), flush=True)
"""

PRODUCT = """
import sys, json, time
from datetime import date
from pathlib import Path
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.slips.printing import print_slip
from hukou_desk.slips.wording import SlipKind, load_wording
from hukou_desk.storage.database import open_database

forms = forms_dir()
policy, calendar, wording = load_policy(forms), load_calendar(forms), load_wording(forms)
database = open_database(Path(sys.argv[2]))
numbers = sys.argv[4].split(",")

def one(number):
    return print_slip(database, kind=SlipKind.APPROVAL, number=number, actor="bench",
                      policy=policy, wording=wording, calendar=calendar, today=date(2026, 11, 28))

if sys.argv[1] == "once":
    one(numbers[0])
    print("READY", flush=True)
else:
    one(numbers[0])
    n = int(sys.argv[3])
    started = time.perf_counter()
    for i in range(n):
        one(numbers[i % len(numbers)])
    print("READY", json.dumps({"per_s": n / (time.perf_counter() - started)}), flush=True)
"""


def run(code: str, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("READY"))
    return time.perf_counter() - started, line


def main() -> int:
    repeat = 9
    steady = 60
    scratch = Path(tempfile.mkdtemp(prefix="hukou-desk-slips-"))
    db = scratch / "cases.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "hukou_desk",
            "demo-data",
            "--cases",
            "2000",
            "--db",
            str(db),
            "--today",
            "2026-11-28",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    import sqlite3

    with sqlite3.connect(db) as raw:
        numbers = [
            r[0]
            for r in raw.execute("SELECT number FROM case_file WHERE status='approved' LIMIT 50")
        ]
    joined = ",".join(numbers)

    first: list[float] = []
    first_floor: list[float] = []
    for _ in range(repeat):
        first_floor.append(run(FLOOR, "once")[0])
        first.append(run(PRODUCT, "once", str(db), "1", joined)[0])
    floor_rate = json.loads(run(FLOOR, "steady", str(steady))[1].split(" ", 1)[1])["per_s"]
    rates = [
        json.loads(run(PRODUCT, "steady", str(db), str(steady), joined)[1].split(" ", 1)[1])[
            "per_s"
        ]
        for _ in range(3)
    ]
    size = Path(db).stat().st_size
    result: dict[str, Any] = {
        "first_slip_fresh_process_s": {
            "median": round(statistics.median(first), 3),
            "all": [round(x, 3) for x in first],
        },
        "first_page_floor_s": {
            "median": round(statistics.median(first_floor), 3),
            "all": [round(x, 3) for x in first_floor],
        },
        "first_ratio_to_floor": round(statistics.median(first) / statistics.median(first_floor), 2),
        "steady_slips_per_s": round(statistics.median(rates), 1),
        "steady_floor_pages_per_s": round(floor_rate, 1),
        "what": "approval slips (open, build, sign, render with subset font and QR, record) "
        "vs a bare reportlab A4 page of 31 lines in the same TTF",
        "case_file_bytes": size,
        "date": date.today().isoformat(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    out = HERE / "results" / "slips.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
