"""What the statistics' rule costs in accuracy: every figure of the dashboard published under
the rule against the same figure counted exactly (the rule switched off), for one month, one
year and the whole file, unfiltered and for one station's pathway. Reports per period the
mean and largest absolute difference of a cell, the totals' relative difference, and how many
cells of one to four were published as 0 and as 5. Results: benchmarks/results/stats_rule.json.

    .venv/bin/python benchmarks/bench_stats_rule.py --db /tmp/bench-stats-…/hukou-desk.db
"""

from __future__ import annotations

import argparse
import json
import statistics as stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hukou_desk.domain import statistics as st
from hukou_desk.domain.loader import load_policy
from hukou_desk.domain.statistics import Filters, Kind, Report
from hukou_desk.domain.text import text
from hukou_desk.paths import forms_dir
from hukou_desk.services.statistics import Names, compose
from hukou_desk.storage.database import open_database

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)
PERIODS = {
    "month": (date(2026, 10, 1), date(2026, 10, 31)),
    "year": (date(2026, 1, 1), date(2026, 11, 30)),
    "all": (date(2018, 1, 1), date(2026, 11, 30)),
}


def cells(report: Report) -> dict[tuple[str, str, int], int]:
    found = {}
    for table in report.tables:
        for c, column in enumerate(table.columns):
            if column.kind is Kind.COUNT:
                for row in (*table.rows, *((table.total,) if table.total else ())):
                    if isinstance(row.cells[c], int):
                        found[(table.id, row.key, c)] = row.cells[c]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "stats_rule.json")
    args = parser.parse_args()
    database = open_database(args.db, backup_first=False)
    names = Names(load_policy(forms_dir()), {})
    results: dict[str, Any] = {}
    with database.engine.connect() as connection:
        pathway = connection.exec_driver_sql(
            "SELECT pathway_id FROM stats_case GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).scalar()
        for period, (start, end) in PERIODS.items():
            for scope, filters in (
                ("all", Filters(start, end)),
                ("one pathway", Filters(start, end, pathway=pathway)),
            ):

                def figures(filters: Filters = filters) -> dict[tuple[str, str, int], int]:
                    return cells(
                        compose(
                            connection,
                            filters,
                            today=TODAY,
                            names=names,
                            scope=text("", ""),
                            with_summary=False,
                        )
                    )

                shown = figures()
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(st, "rounded", lambda count, _keys: count)
                    exact = figures()
                keys = set(shown) | set(exact)
                errors = [abs(shown.get(k, 0) - exact.get(k, 0)) for k in keys]
                small = [k for k in keys if 1 <= exact.get(k, 0) < st.BASE]
                received = ("cases_by_pathway", "", 1)
                people = ("people_by_sex", "", 1)
                results[f"{period}, {scope}"] = {
                    "cells": len(keys),
                    "mean_abs_difference": round(stat.mean(errors), 2) if errors else 0,
                    "largest_difference": max(errors, default=0),
                    "cases_received": [exact.get(received, 0), shown.get(received, 0)],
                    "people_moved": [exact.get(people, 0), shown.get(people, 0)],
                    "cells_of_1_to_4": len(small),
                    "of_which_shown_0": sum(shown.get(k, 0) == 0 for k in small),
                    "of_which_shown_5": sum(shown.get(k, 0) == st.BASE for k in small),
                }
                print(period, scope, json.dumps(results[f"{period}, {scope}"]))
    database.close()
    args.out.write_text(
        json.dumps(
            {
                "what": "published (the rule) against exact, per dashboard cell; "
                "cases_received and people_moved are [exact, published]",
                "case_file": str(args.db),
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
