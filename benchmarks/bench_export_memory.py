"""Export memory: the peak resident memory of a whole export of N cases, next to its floors.

Each figure is one child process, its peak RSS read from the kernel (`wait4`'s rusage), not
tracemalloc (which sees only Python's objects, not SQLite's caches and sorts nor zlib's buffers):
- `baseline`: the same process up to the export — Python, the desk's modules, the case file
  opened and its first row read: what any export costs before it reads a row;
- `export`: the export itself, every case sent (a period re-sent whole, the worst case); beside
  it, SQLite's own heap at its peak during the export (`sqlite3_memory_highwater`, above what it
  held before), the part of the process a page cache or a sort would make grow;
- `raw_rows` (up to 100,000 cases): the bundle's rows merely fetched into Python with raw
  sqlite3, the floor of any export that holds the rows in memory (the format-1 export did).

    .venv/bin/python benchmarks/bench_export_memory.py --cases 10000 100000 1000000
    .venv/bin/python benchmarks/bench_export_memory.py --db /path/to/1m.db   # a file made before

Results: benchmarks/results/export_memory.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_PRELUDE = """
import sys
from pathlib import Path
from sqlmodel import select
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case
from hukou_desk.sync import exporting
database = open_database(Path(sys.argv[1]), backup_first=False)
with database.read() as session:
    session.exec(select(Case).limit(1)).first()
"""

_EXPORT = """
import ctypes
from datetime import date
from sqlcipher3 import _sqlite3
sqlite = ctypes.CDLL(_sqlite3.__file__)
sqlite.sqlite3_memory_highwater.restype = sqlite.sqlite3_memory_used.restype = ctypes.c_int64
before = sqlite.sqlite3_memory_used()
sqlite.sqlite3_memory_highwater(1)
exported = exporting.export(
    database, actor="bench", out=Path(sys.argv[2]), received=(date(1900, 1, 1), date(2199, 12, 31))
)
sqlite_peak = sqlite.sqlite3_memory_highwater(0) - before
print(exported.manifest.counts["cases"], exported.size, sqlite_peak)
"""

_RAW = """
import sqlite3
import sys
connection = sqlite3.connect(sys.argv[1])
held = [
    connection.execute(f"SELECT * FROM {table}").fetchall()
    for table in ("case_file", "person", "case_role", "document_check", "decision", "audit_event")
]
print(sum(len(rows) for rows in held))
"""


def _peak(script: str, *args: str) -> tuple[float, float, str, float]:
    """Peak RSS (MiB), seconds, standard output and CPU seconds of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {script[:60]!r}")
    cpu = round(usage.ru_utime + usage.ru_stime, 2)  # the comparable figure on a shared machine
    return round(usage.ru_maxrss / 1024, 1), round(seconds, 2), out.strip(), cpu


def _demo_file(cases: int, folder: Path) -> Path:
    path = folder / f"demo-{cases}.db"
    subprocess.run(
        [sys.executable, "-m", "hukou_desk", "demo-data", "--cases", str(cases), "--db", str(path)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


def _ready(path: Path) -> None:
    """The centre's public key installed, the schema current (outside the measured runs)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from hukou_desk import keys
    from hukou_desk.storage.database import open_database
    from hukou_desk.sync import trust

    database = open_database(path, backup_first=False)
    with database.write() as session:
        trust.install_centre_key(
            session, public_key=keys.public_text(X25519PrivateKey.generate()), actor="bench"
        )
    database.close()


def measure(path: Path, scratch: Path) -> dict[str, Any]:
    _ready(path)
    baseline, _s, _out, baseline_cpu = _peak(_PRELUDE, str(path))
    export, export_s, out, export_cpu = _peak(
        _PRELUDE + _EXPORT, str(path), str(scratch / "out.hkb")
    )
    cases, size, *sqlite = (int(v) for v in out.split())
    result: dict[str, Any] = {
        "cases": cases,
        "bundle_bytes": size,
        "baseline_peak_mib": baseline,
        "export_peak_mib": export,
        "export_above_baseline_mib": round(export - baseline, 1),
        "export_s": export_s,
        "export_cpu_s_above_baseline": round(export_cpu - baseline_cpu, 2),
    }
    if sqlite:  # (an exporter from before this figure was taken prints none)
        result["sqlite_heap_peak_mib"] = round(sqlite[0] / 2**20, 1)
    if cases <= 100_000:
        raw, _s, _out, _cpu = _peak(_RAW, str(path))
        result["raw_rows_peak_mib"] = raw
    (scratch / "out.hkb").unlink(missing_ok=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, nargs="*", default=[100_000])
    parser.add_argument("--db", type=Path, nargs="*", default=[], help="files made before")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="hukou-export-memory-"))
    paths = [_demo_file(n, scratch) for n in args.cases] + list(args.db)
    runs = [measure(path, scratch) for path in paths]
    result = {
        "runs": runs,
        "date": date.today().isoformat(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    out = HERE / "results" / "export_memory.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
