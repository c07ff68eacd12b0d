"""Startup benchmark: from sign-in to a usable main window, at 1,000 / 100,000 / 1,000,000 cases.

The desk starts exactly as `hukou-desk --training` does (`hukou_desk.start.Start`: the sign-in
window first, the desk loading behind it), on a demo case file of each size. A script types the
administrator's name and password into the real sign-in window and presses *Sign in* (the
password is checked with argon2id, as always). Three moments are reported, each from its own
process, medians of interleaved runs (these machines are noisy), offscreen Qt:

- `signed_in_to_ready`: from the sign-in accepted (the password proved) to the main window
  shown, its case list's first page and its status bar filled, and the event loop turning
  again — the part that could grow with the case file. The target: at 1,000,000 cases within
  1.2× of its time at 1,000.
- `signed_in_to_ready_cpu`: the same stretch as CPU time of the screen's thread (which builds
  the window and runs its queries): what a machine loaded by other work blurs least.
- `press_to_ready`: from *Sign in* pressed to the same point (adds the password's check).
- `process_to_ready`: from spawning the process.

The floor is a bare PySide6 window started the same way. Results:
benchmarks/results/startup.json.

    .venv/bin/python benchmarks/bench_startup.py --files /tmp/bench --sizes 1000,100000,1000000

Case files are made once with `hukou-desk demo-data` into `FILES/<size>/` and reused by later
runs (a million cases take a quarter of an hour and 4.8 GB). The first start of the day takes
today's backup (in the background): a warm-up start takes it before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PASSWORD = "Bench-start-Pomelo-1"
TRAINING_FILE = "hukou-desk-training.db"  # the name `hukou-desk --training` opens

FLOOR = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 720)
window.show()
QTimer.singleShot(0, lambda: (print("READY", flush=True), app.quit()))
sys.exit(app.exec())
"""

# `hukou-desk --training` as a clerk starts it, the name and password typed by the script.
DESK = """
import json, os, sys, time
started = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from hukou_desk.start import Start

marks = {}

class Timed(Start):
    def _signed_in(self):
        marks["signed_in"] = time.perf_counter()
        marks["signed_in_cpu"] = time.thread_time()
        super()._signed_in()

def shown(login):
    login.username.setText("admin")
    login.password.setText(sys.argv[1])
    def press():
        marks["press"] = time.perf_counter()
        login.ok.click()  # waits for the case file if it is not open yet, as for a clerk
    QTimer.singleShot(0, press)

def ready(window):
    assert window.cases.model.rows
    def report():
        now = time.perf_counter()
        print("READY", json.dumps({
            "signed_in_to_ready": now - marks["signed_in"],
            "signed_in_to_ready_cpu": time.thread_time() - marks["signed_in_cpu"],
            "press_to_ready": now - marks["press"],
            "in_process": now - started,
            "rows": len(window.cases.model.rows),
        }), flush=True)
        if "--warm" in sys.argv:  # the warm-up: today's backup finishes before the process ends
            QApplication.instance().quit()
        else:
            os._exit(0)  # not waiting for the background work (the reader, the fonts)
    QTimer.singleShot(0, report)

Timed(training=True, when_shown=shown, when_ready=ready).run()
"""

# The sign-in window alone (`hukou-desk` as a clerk starts it), the desk loading behind it.
# READY once the window is shown and the event loop has turned (as the floor does).
FIRST = """
import os, sys
from PySide6.QtCore import QTimer
from hukou_desk.start import Start

def shown(login):
    QTimer.singleShot(0, lambda: (print("READY", flush=True), os._exit(0)))

Start(when_shown=shown).run()
"""


LIST = """
import json, statistics, sys, time
from datetime import date
from pathlib import Path
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import accounts
from hukou_desk.storage.database import open_database
from hukou_desk.storage.queries import CaseFilter, Sort
from hukou_desk.ui.case_list import CaseTableModel
from hukou_desk.services.counter import Counter
from hukou_desk.ui.context import Context
from hukou_desk.ui.messages import Boxes, Messages


class Quiet(Boxes):  # nothing shown over the list being timed
    def error(self, window, message):
        return None

    def sorry(self, window, message):
        return None

app = QApplication(sys.argv[:1])
database = open_database(Path(sys.argv[2]))
user = accounts.login(database, username="admin", password=sys.argv[1])
counter = Counter(database, load_policy(forms_dir()), load_calendar(forms_dir()))
context = Context(counter, "zh", Messages("zh", Quiet()), user)
model = CaseTableModel(context)
root = QModelIndex()

def median_ms(run, repeat=21):
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)

model.load(CaseFilter(), Sort.RECEIVED)
result = {"first_page_ms": median_ms(lambda i: model.load(CaseFilter(), Sort.RECEIVED))}
model.load(CaseFilter(), Sort.RECEIVED)
result["next_page_ms"] = median_ms(lambda i: model.fetchMore(root), 50)
result["rows_after_scrolling"] = model.rowCount()
names = ["陈", "李", "黄", "张", "梁", "王", "林"]
result["name_search_ms"] = median_ms(
    lambda i: model.load(CaseFilter(query=names[i % len(names)] + "小"), Sort.RECEIVED))
result["sort_by_number_ms"] = median_ms(lambda i: model.load(CaseFilter(), Sort.NUMBER))
result["deadline_queue_ms"] = median_ms(
    lambda i: model.load(CaseFilter(due_by=date(2026, 12, 3)), Sort.DUE))
print("READY", json.dumps(result), flush=True)
"""


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HUKOU_DESK_HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    return env


def start_once(code: str, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from spawning the process to its READY line, and that line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = ""
    for line in process.stdout:
        if line.startswith("READY"):
            break
    elapsed = time.perf_counter() - started
    process.wait(timeout=3600)
    if not line.startswith("READY"):
        raise RuntimeError(f"no READY from the process (exit {process.returncode})")
    return elapsed, line.strip()


def case_file(files: Path, size: int) -> Path:
    """The demo case file of `size` cases, made once and reused."""
    db = files / str(size) / TRAINING_FILE
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        made = time.perf_counter()
        command = [sys.executable, "-m", "hukou_desk", "demo-data", "--cases", str(size)]
        subprocess.run(
            [*command, "--db", str(db)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"{size:,} cases made in {time.perf_counter() - made:.0f} s", flush=True)
    return db


def prepare(db: Path) -> None:
    """Upgrade the file if need be and give the administrator the benchmark's password."""
    from hukou_desk.storage import accounts, cases
    from hukou_desk.storage.database import open_database

    database = open_database(db)
    with database.write() as session:
        if accounts.needs_first_start(session):
            here = cases.station(session)
            accounts.first_start(
                session,
                station_code=here.code,
                station_name=here.name,
                district=here.district,
                admin_username="admin",
                admin_name="Benchmark",
                password=PASSWORD,
            )
        else:
            accounts.set_password(
                session,
                actor="admin",  # the administrator's own: no change asked at the sign-in
                user=cases.user_named(session, "admin"),
                password=PASSWORD,
            )
    database.close()


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, required=True, help="folder of the case files")
    parser.add_argument("--sizes", default="1000,100000", help="case counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "startup.json")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    files = {size: case_file(args.files, size) for size in sizes}
    warm_up: dict[int, float] = {}
    for size, db in files.items():
        prepare(db)
        warm_started = time.perf_counter()
        start_once(DESK, [PASSWORD, "--warm"], env_for(db.parent))  # today's backup taken
        warm_up[size] = round(time.perf_counter() - warm_started, 1)

    runs: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
    floor: list[float] = []
    first: list[float] = []
    largest = files[max(sizes)]
    for _ in range(args.repeat):
        floor.append(start_once(FLOOR, [], env_for(args.files))[0])
        first.append(start_once(FIRST, [], env_for(largest.parent))[0])
        for size, db in files.items():
            seconds, line = start_once(DESK, [PASSWORD], env_for(db.parent))
            marks = json.loads(line.split(" ", 1)[1])
            marks["process_to_ready"] = seconds
            runs[size].append(marks)

    smallest = min(sizes)
    per_size: dict[str, Any] = {}
    for size in sizes:
        entry: dict[str, Any] = {"case_file_bytes": files[size].stat().st_size}
        for key in (
            "signed_in_to_ready",
            "signed_in_to_ready_cpu",
            "press_to_ready",
            "process_to_ready",
        ):
            values = [run[key] for run in runs[size]]
            entry[key] = {"median": median(values), "all": [round(v, 3) for v in values]}
        entry["first_page_rows"] = int(runs[size][0]["rows"])
        entry["warm_up_start_s"] = warm_up[size]
        per_size[str(size)] = entry
    for size in sizes:
        for key in ("signed_in_to_ready", "signed_in_to_ready_cpu"):
            base = per_size[str(smallest)][key]["median"]
            per_size[str(size)][f"{key}_ratio_to_smallest"] = round(
                per_size[str(size)][key]["median"] / base, 2
            )
    # The list model itself on the largest file: pages as the clerk scrolls, searches, queues.
    _seconds, list_line = start_once(LIST, [PASSWORD, str(largest)], env_for(largest.parent))
    result: dict[str, Any] = {
        "what": "sign-in accepted to the main window shown with its list and counts (Start path)",
        "repeat": args.repeat,
        "sizes": per_size,
        "floor_s": {"median": median(floor), "all": [round(x, 3) for x in floor]},
        "sign_in_window_s": {
            "what": "process start to the sign-in window on screen (`hukou-desk`)",
            "median": median(first),
            "all": [round(x, 3) for x in first],
        },
        "sign_in_window_ratio_to_floor": round(median(first) / median(floor), 2),
        "case_list_model_on_largest": json.loads(list_line.split(" ", 1)[1]),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg(),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
