"""Statistics benchmark: every dashboard query on a case file of a million cases, and the
whole dashboard as published (base cells read with their key sums, each rounded by the rule).

Each figure is timed through the product's own query (hukou_desk.storage.stats, what the
dashboard and `hukou-desk stats` call) and, in the same run on the same file, as the bare SQL
over the same statistics table through raw sqlite3 (the floor), and once as the same figure
counted from the case file's own tables without the statistics tables (why they exist).
Periods: the whole file, one year, one month. Medians of repeated runs.
The first open of a file from before the statistics runs the migration that fills the tables:
its time is reported too. Results: benchmarks/results/stats.json.

    .venv/bin/python benchmarks/bench_stats.py --db /tmp/bench1m/hukou-desk.db
    .venv/bin/python benchmarks/bench_stats.py --cases 100000   # makes its own file first
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.domain.statistics import Filters
from hukou_desk.storage import migrations
from hukou_desk.storage import stats as store
from hukou_desk.storage.database import open_database

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)
MONTH_END = date(2026, 11, 30)  # figures are published for whole months
PERIODS = {
    "all": (date(2018, 1, 1), MONTH_END),
    "year": (date(2026, 1, 1), MONTH_END),
    "month": (date(2026, 10, 1), date(2026, 10, 31)),
}

FLOOR = {
    "cases_by_pathway": "SELECT pathway_id, count(*), sum(outcome = 'approved'), "
    "sum(outcome = 'refused'), sum(outcome = 'withdrawn'), sum(outcome = 'open') "
    "FROM stats_case WHERE received BETWEEN ? AND ? GROUP BY pathway_id",
    "cases_by_month": "SELECT received_month, count(*), sum(outcome = 'approved'), "
    "sum(outcome = 'refused'), sum(outcome = 'withdrawn'), sum(outcome = 'open') "
    "FROM stats_case WHERE received BETWEEN ? AND ? GROUP BY received_month",
    "people_by_province": "SELECT substr(origin, 1, 2), count(*) FROM stats_person "
    "WHERE moved BETWEEN ? AND ? GROUP BY 1",
    "people_by_age_band": "SELECT age_band, count(*) FROM stats_person "
    "WHERE moved BETWEEN ? AND ? GROUP BY 1",
    "refusals": "SELECT criterion_id, clause, count(*) FROM stats_refusal "
    "WHERE decided BETWEEN ? AND ? GROUP BY 1, 2",
    "processing": "SELECT pathway_id, clock_used, clock_limit, count(*) FROM stats_case "
    "WHERE decided BETWEEN ? AND ? AND outcome IN ('approved', 'refused') GROUP BY 1, 2, 3",
    "open_cases": "SELECT received, count(*) FROM stats_case WHERE outcome = 'open' "
    "AND received BETWEEN ? AND ? GROUP BY received",
}
# The same figure from the case file's own tables (the tests' independent SQL): what a
# dashboard without the statistics tables would run.
WITHOUT = {
    "cases_by_pathway": """
        SELECT c.pathway_id, count(*) FROM case_file c
        LEFT JOIN (SELECT case_id, max(decided_at) AS at FROM decision
                   WHERE kind IN ('approval', 'refusal') GROUP BY case_id) v
          ON v.case_id = c.id
        WHERE c.application_date BETWEEN ? AND ? GROUP BY c.pathway_id""",
    "people_by_province": """
        SELECT substr(coalesce(json_extract(c.facts, '$.applicant.hukou_region'),
                              p.id_number), 1, 2), count(DISTINCT p.id)
        FROM case_file c JOIN decision d ON d.case_id = c.id AND d.kind = 'approval'
        JOIN person p ON p.id = c.applicant_id
        WHERE date(d.decided_at, '+8 hours') BETWEEN ? AND ? GROUP BY 1""",
}


def median_ms(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "stats.json")
    args = parser.parse_args()
    path = args.db
    made = None
    if path is None:
        from hukou_desk import demo
        from hukou_desk.domain.loader import load_calendar, load_policy
        from hukou_desk.paths import forms_dir

        path = Path(tempfile.mkdtemp(prefix="bench-stats-")) / "hukou-desk.db"
        database = open_database(path)
        started = time.perf_counter()
        demo.generate(
            database,
            count=args.cases,
            policy=load_policy(forms_dir()),
            calendar=load_calendar(forms_dir()),
            today=TODAY,
        )
        made = round(time.perf_counter() - started, 1)
        database.close()
    started = time.perf_counter()
    database = open_database(path, backup_first=False)
    opened_s = round(time.perf_counter() - started, 2)
    with database.engine.connect() as connection:
        cases = connection.exec_driver_sql("SELECT count(*) FROM stats_case").scalar()
        people = connection.exec_driver_sql("SELECT count(*) FROM stats_person").scalar()
    raw = sqlite3.connect(path)
    results: dict[str, Any] = {}
    for period, (start, end) in PERIODS.items():
        filters = Filters(start, end)
        bounds = (start.isoformat(), end.isoformat())
        # The base cells each figure is published from (with their key sums): one read of
        # the case sums serves the four case tables and the outcomes.
        figures: dict[str, Callable[[Any], Any]] = {
            "cases_by_pathway": lambda c, f=filters: store.case_atoms(c, f),
            **{
                f"people_by_{d}": (lambda c, f=filters, d=d: store.people_atoms(c, d, f))
                for d in ("province", "city", "district", "age_band", "sex", "education")
            },
            "refusals": lambda c, f=filters: store.refusal_atoms(c, f),
            "processing": lambda c, f=filters: store.decided_atoms(c, f),
            "open_cases": lambda c, f=filters: store.open_atoms(c, f, TODAY),
            "overdue_whenever_received": lambda c, f=filters: store.overdue_atoms(c, f, TODAY),
        }
        rows: dict[str, Any] = {}
        with database.engine.connect() as connection:
            for name, figure in figures.items():
                entry: dict[str, Any] = {
                    "ms": median_ms(lambda figure=figure: figure(connection), args.repeat)
                }
                if name in FLOOR:
                    entry["floor_ms"] = median_ms(
                        lambda name=name, b=bounds: raw.execute(FLOOR[name], b).fetchall(),
                        args.repeat,
                    )
                    entry["vs_floor"] = round(entry["ms"] / max(entry["floor_ms"], 0.01), 2)
                if name in WITHOUT:
                    entry["without_stats_tables_ms"] = median_ms(
                        lambda name=name, b=bounds: raw.execute(WITHOUT[name], b).fetchall(),
                        1,
                    )
                rows[name] = entry
            from hukou_desk.domain.loader import load_policy
            from hukou_desk.domain.text import text
            from hukou_desk.paths import forms_dir
            from hukou_desk.services.statistics import Names, compose

            names = Names(load_policy(forms_dir()), {})
            rows["whole_dashboard"] = {
                "ms": median_ms(
                    lambda f=filters, n=names: compose(
                        connection, f, today=TODAY, names=n, scope=text("", "")
                    ),
                    max(3, args.repeat // 2),
                )
            }
        results[period] = rows
        print(period, json.dumps(rows, ensure_ascii=False))
    raw.close()
    database.close()
    report = {
        "what": "each dashboard query, median ms; floor = the bare SQL on the same table",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "case_file": {"path": str(path), "bytes": path.stat().st_size, "cases": cases},
        "people_rows": people,
        "schema": migrations.head(),
        "demo_data_s": made,
        "open_s_including_any_migration": opened_s,
        "repeat": args.repeat,
        "periods": {k: [v[0].isoformat(), v[1].isoformat()] for k, v in PERIODS.items()},
        "results": results,
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
