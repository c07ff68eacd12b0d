"""Case-file benchmark: demo-data speed, then the repository's queries on a million cases.

Every query is timed through the product's own functions (hukou_desk.storage.queries) and,
in the same run on the same file, as the bare SQL through raw sqlite3: the floor. Medians over
repeated runs, with different values each run. Results: benchmarks/results/storage.json.

    .venv/bin/python benchmarks/bench_storage.py                 # 1,000,000 cases (~4 min)
    .venv/bin/python benchmarks/bench_storage.py --cases 100000  # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.storage.database import open_database
from hukou_desk.storage.queries import CaseFilter, Sort, count_by_status, search_cases
from hukou_desk.storage.search import name_tokens

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)

_LIST_SQL = (
    "SELECT c.id, c.number, c.status, c.pathway_id, p.name, p.id_number, c.application_date, "
    "c.district, c.due_on FROM case_file c JOIN person p ON p.id = c.applicant_id "
)


def median_ms(run: Callable[[int], Any], repeat: int) -> float:
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def generate(db: Path, cases: int) -> dict[str, Any]:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "hukou_desk",
            "demo-data",
            "--cases",
            str(cases),
            "--db",
            str(db),
            "--today",
            TODAY.isoformat(),
            "--seed",
            "7",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    return {
        "cases": cases,
        "seconds": round(seconds, 1),
        "cases_per_second": round(cases / seconds),
        "target_cases_per_second": 5000,
        "bytes_per_case": round(size / cases),
        "file_bytes": size,
    }


def insert_floor(rows: int = 100_000) -> float:
    """Raw sqlite3: simple rows per second, executemany in one transaction (WAL, FULL)."""
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "floor.db", isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT)")
        data = [(i, f"name{i}", f"{i % 1000:03d}") for i in range(rows)]
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO t VALUES (?, ?, ?)", data)
        connection.execute("COMMIT")
        seconds = time.perf_counter() - started
        connection.close()
    return rows / seconds


def queries(db: Path, repeat: int) -> list[dict[str, Any]]:
    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    raw.execute("PRAGMA cache_size=-65536")
    rng = random.Random(11)
    sample = raw.execute(
        "SELECT p.id_number, p.name FROM case_file c JOIN person p ON p.id = c.applicant_id "
        "WHERE c.serial % 997 = 0"
    ).fetchall()
    rng.shuffle(sample)
    ids = [s[0] for s in sample]
    names = [s[1] for s in sample if len(s[1]) >= 3]
    by_length = {
        1: [n[:1] for n in names],
        2: [n[:2] for n in names],
        3: [n[:3] for n in names],
    }
    total = raw.execute("SELECT count(*) FROM case_file").fetchone()[0]
    deep = int(total * 0.9)
    deep_all = raw.execute(
        "SELECT application_date, serial FROM case_file "
        "ORDER BY application_date DESC, serial DESC LIMIT 1 OFFSET ?",
        (deep,),
    ).fetchone()
    approved = raw.execute("SELECT cases FROM status_count WHERE status = 'approved'").fetchone()[0]
    deep_approved = raw.execute(
        "SELECT application_date, serial FROM case_file WHERE status = 'approved' "
        "ORDER BY application_date DESC, serial DESC LIMIT 1 OFFSET ?",
        (int(approved * 0.9),),
    ).fetchone()

    database = open_database(db, upgrade=False)
    results = []

    def measure(
        name: str,
        target: float | None,
        product: Callable[[Any, int], Any],
        floor: Callable[[int], Any],
        note: str = "",
    ) -> None:
        with database.read() as session:
            product(session, 0)  # warm the caches both sides see
            floor(0)
            ours = median_ms(lambda i: product(session, i), repeat)
        base = median_ms(floor, repeat)
        results.append(
            {
                "query": name,
                "median_ms": round(ours, 3),
                "floor_median_ms": round(base, 3),
                "ratio_to_floor": round(ours / base, 1) if base else None,
                "target_ms": target,
                "meets_target": None if target is None else ours <= target,
                "note": note,
            }
        )
        print(f"{name:45} {ours:8.3f} ms  floor {base:8.3f} ms", file=sys.stderr)

    measure(
        "identity number, exact",
        1.0,
        lambda s, i: search_cases(s, CaseFilter(query=ids[i % len(ids)])),
        lambda i: raw.execute(_LIST_SQL + "WHERE p.id_number = ?", (ids[i % len(ids)],)).fetchall(),
    )
    for length, values in by_length.items():
        measure(
            f"name substring, {length} character(s), first 100",
            10.0,
            lambda s, i, v=values: search_cases(s, CaseFilter(query=v[i % len(v)])),
            lambda i, v=values: raw.execute(
                _LIST_SQL + "JOIN case_search ON case_search.rowid = c.serial "
                "WHERE case_search MATCH ? ORDER BY case_search.rowid DESC LIMIT 101",
                (f'names : "{" ".join(v[i % len(v)])}"',),
            ).fetchall(),
        )
    one = by_length[1]
    measure(
        "name, 1 character, sorted by case number",
        10.0,
        lambda s, i: search_cases(s, CaseFilter(query=one[i % len(one)]), sort=Sort.NUMBER),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE c.serial + 0 IN (SELECT rowid FROM case_search WHERE case_search "
            "MATCH ?) ORDER BY c.number LIMIT 101",
            (f'names : "{one[i % len(one)]}"',),
        ).fetchall(),
        "a common name walks the number index (before: every hit sorted)",
    )
    measure(
        "name, 2 characters, LIKE '%..%' scan (reference)",
        None,
        lambda s, i: search_cases(s, CaseFilter(query=by_length[2][i])),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE p.name LIKE ? ORDER BY c.application_date DESC LIMIT 101",
            (f"%{by_length[2][i]}%",),
        ).fetchall(),
        "the floor here is the unindexed LIKE scan the index avoids",
    )
    initials = [name_tokens(n)[1] for n in names]
    measure(
        "pinyin initials prefix (2 letters)",
        10.0,
        lambda s, i: search_cases(s, CaseFilter(query=initials[i][:2])),
        lambda i: raw.execute(
            _LIST_SQL + "JOIN case_search ON case_search.rowid = c.serial "
            "WHERE case_search MATCH ? ORDER BY case_search.rowid DESC LIMIT 101",
            (f"initials : {initials[i][:2]}*",),
        ).fetchall(),
    )
    measure(
        "identity number prefix (6 digits, region)",
        20.0,
        lambda s, i: search_cases(s, CaseFilter(query=ids[i][:6])),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE substr(p.id_number, 1, 6) = ? "
            "ORDER BY c.application_date DESC, c.serial DESC LIMIT 101",
            (ids[i][:6],),
        ).fetchall(),
    )
    measure(
        "identity number prefix (10 digits, region + year)",
        20.0,
        lambda s, i: search_cases(s, CaseFilter(query=ids[i][:10])),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE c.applicant_id IN (SELECT id FROM person WHERE id_number >= ? "
            "AND id_number < ?) ORDER BY c.application_date DESC, c.serial DESC LIMIT 101",
            (ids[i][:10], ids[i][:9] + chr(ord(ids[i][9]) + 1)),
        ).fetchall(),
    )
    measure(
        "list, first page",
        20.0,
        lambda s, i: search_cases(s),
        lambda i: raw.execute(
            _LIST_SQL + "ORDER BY c.application_date DESC, c.serial DESC LIMIT 101"
        ).fetchall(),
    )
    measure(
        "list, page 900,000 rows deep (keyset)",
        20.0,
        lambda s, i: search_cases(s, after=(date.fromisoformat(deep_all[0]), deep_all[1])),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE (c.application_date, c.serial) < (?, ?) "
            "ORDER BY c.application_date DESC, c.serial DESC LIMIT 101",
            deep_all,
        ).fetchall(),
    )
    measure(
        "list, status approved, first page",
        20.0,
        lambda s, i: search_cases(s, CaseFilter(statuses=[CaseStatus.APPROVED])),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE c.status = 'approved' "
            "ORDER BY c.application_date DESC, c.serial DESC LIMIT 101"
        ).fetchall(),
    )
    measure(
        "list, status approved, 90% deep (keyset)",
        20.0,
        lambda s, i: search_cases(
            s,
            CaseFilter(statuses=[CaseStatus.APPROVED]),
            after=(date.fromisoformat(deep_approved[0]), deep_approved[1]),
        ),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE c.status = 'approved' AND (c.application_date, c.serial) < (?, ?) "
            "ORDER BY c.application_date DESC, c.serial DESC LIMIT 101",
            deep_approved,
        ).fetchall(),
    )
    measure(
        "list, status approved, OFFSET 90% deep (what keyset avoids)",
        None,
        lambda s, i: search_cases(
            s,
            CaseFilter(statuses=[CaseStatus.APPROVED]),
            after=(date.fromisoformat(deep_approved[0]), deep_approved[1]),
        ),
        lambda i: raw.execute(
            _LIST_SQL + "WHERE c.status = 'approved' "
            "ORDER BY c.application_date DESC, c.serial DESC LIMIT 101 OFFSET ?",
            (int(approved * 0.9),),
        ).fetchall(),
        "the floor here is OFFSET paging",
    )
    measure(
        "count by status",
        50.0,
        lambda s, i: count_by_status(s),
        lambda i: raw.execute("SELECT status, count(*) FROM case_file GROUP BY status").fetchall(),
        "the product reads counts kept by triggers; the floor counts with GROUP BY",
    )
    database.close()
    raw.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--db", type=Path, help="reuse this generated file (skips generation)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "storage.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hukou-bench-") as folder:
        db = args.db or Path(folder) / "bench.db"
        generation = None if args.db else generate(db, args.cases)
        if generation:
            print(f"demo-data: {generation}", file=sys.stderr)
        floor = insert_floor()
        results = queries(db, args.repeat)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    report = {
        "benchmark": "storage",
        "date": time.strftime("%Y-%m-%d"),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        },
        "demo_data": generation,
        "raw_insert_rows_per_second": round(floor),
        "queries": results,
        "query_process_peak_rss_mib": round(peak / 1024, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"written {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
