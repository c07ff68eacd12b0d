"""Startup benchmark: from process start to the desk ready, on a case file of a million cases.

The desk starts exactly as `hukou-desk` does (`hukou_desk.start.Start`), with a scripted
sign-in of a clerk in place of the clerk typing (the password is still checked with argon2id),
and reports
when the main window is shown with the first page of the case list loaded. The floor is a bare
PySide6 window started the same way, by the same interpreter, in the same run. Medians of
interleaved runs (these machines are noisy). Offscreen Qt. Results: benchmarks/results/startup.json

    .venv/bin/python benchmarks/bench_startup.py --db /tmp/bench1m/hukou-desk.db
    .venv/bin/python benchmarks/bench_startup.py --cases 100000   # makes its own file first

The first start on a file from an older schema, and the first start of the day, do more work
(the backup before an upgrade; today's backup, in the background): a warm-up start takes
them before anything is timed, and the report says how long it took.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PASSWORD = "Bench-start-Pomelo-1"

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

DESK = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from hukou_desk.start import Start

def shown(login):
    login.username.setText("bench")
    login.password.setText(sys.argv[1])
    login.submit()  # asked before the case file is open: it waits for it, as a clerk's does

def ready(window):
    assert window.cases.model.rows
    def report():
        print("READY", len(window.cases.model.rows), flush=True)
        QApplication.instance().quit()
    QTimer.singleShot(0, report)

sys.exit(Start(when_shown=shown, when_ready=ready).run())
"""

# `hukou-desk` as a clerk starts it: the sign-in window first, the desk loading behind it.
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


def prepare(db: Path) -> float:
    """Upgrade the file if need be, give the administrator a password and add the clerk who
    signs in (a password of their own: no change asked); seconds taken."""
    from hukou_desk.domain.lifecycle import Role
    from hukou_desk.storage import accounts, cases
    from hukou_desk.storage.database import open_database
    from hukou_desk.storage.errors import NotFound

    started = time.perf_counter()
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
                actor="bench",
                user=cases.user_named(session, "admin"),
                password=PASSWORD,
            )
    with database.write() as session:
        try:
            clerk = cases.user_named(session, "bench")
        except NotFound:
            clerk = cases.add_user(
                session, actor="admin", username="bench", display_name="Bench", role=Role.CLERK
            )
        accounts.set_password(session, actor="bench", user=clerk, password=PASSWORD)
    database.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing case file (it is upgraded in place)")
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases to make without --db")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "startup.json")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="hukou-desk-startup-"))
    if args.db is None:
        args.db = scratch / "home" / "hukou-desk.db"
        args.db.parent.mkdir(parents=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hukou_desk",
                "demo-data",
                "--cases",
                str(args.cases),
                "--db",
                str(args.db),
            ],
            check=True,
        )
    if args.db.name != "hukou-desk.db":
        raise SystemExit("the case file must be named hukou-desk.db (the app's name for it)")
    home = args.db.parent
    env = env_for(home)
    prepared = prepare(args.db)
    warm_started = time.perf_counter()
    start_once(DESK, [PASSWORD], env)  # today's backup, if not yet taken, finishes here
    warm_up = time.perf_counter() - warm_started
    # The same desk on a small file: the start should not grow with the case file.
    small = scratch / "small" / "hukou-desk.db"
    small.parent.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "hukou_desk", "demo-data", "--cases", "200", "--db", str(small)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    prepare(small)
    small_env = env_for(small.parent)
    start_once(DESK, [PASSWORD], small_env)

    desk: list[float] = []
    desk_small: list[float] = []
    floor: list[float] = []
    first: list[float] = []
    for _ in range(args.repeat):
        floor.append(start_once(FLOOR, [], env_for(scratch))[0])
        first.append(start_once(FIRST, [], env)[0])
        seconds, line = start_once(DESK, [PASSWORD], env)
        desk.append(seconds)
        desk_small.append(start_once(DESK, [PASSWORD], small_env)[0])
    desk_median, floor_median = statistics.median(desk), statistics.median(floor)
    first_median = statistics.median(first)
    small_median = statistics.median(desk_small)
    # The list model itself on the big file: pages as the clerk scrolls, searches, queues.
    _seconds, list_line = start_once(LIST, [PASSWORD, str(args.db)], env)
    list_model = json.loads(list_line.split(" ", 1)[1])
    result: dict[str, Any] = {
        "what": "process start to main window shown with the case list's first page",
        "case_file": {"bytes": args.db.stat().st_size, "path": str(args.db)},
        "first_page_rows": int(line.split()[1]),
        "repeat": args.repeat,
        "desk_s": {"median": round(desk_median, 3), "all": [round(x, 3) for x in desk]},
        "floor_s": {"median": round(floor_median, 3), "all": [round(x, 3) for x in floor]},
        "ratio_to_floor": round(desk_median / floor_median, 2),
        "sign_in_window_s": {
            "what": "process start to the sign-in window on screen (`hukou-desk`)",
            "median": round(first_median, 3),
            "all": [round(x, 3) for x in first],
        },
        "sign_in_window_ratio_to_floor": round(first_median / floor_median, 2),
        "desk_200_cases_s": {
            "median": round(small_median, 3),
            "all": [round(x, 3) for x in desk_small],
        },
        "ratio_million_to_200_cases": round(desk_median / small_median, 2),
        "case_list_model": list_model,
        "prepare_s": round(prepared, 1),
        "warm_up_start_s": round(warm_up, 1),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
