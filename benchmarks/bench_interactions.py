"""The counter's interactions on a large case file, each next to its floor in the same run.

In one process, offscreen Qt, on a generated file (default: the given `--db`): signing in to
the case list on screen, opening a case for review (the service's audited read, then the review
screen built), submitting an intake, recording an approval, a name search in every sort order,
the list's first page. Floors: the same reads through raw sqlite3 on the same file, and an
empty window shown. Medians of `--repeat` runs with different cases.
Results: benchmarks/results/interactions.json

    .venv/bin/python benchmarks/bench_interactions.py --db /tmp/big300k.db
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
PASSWORD = "Bench-interact-Pomelo-1"


def median_ms(run: Callable[[int], Any], repeat: int) -> float:
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a generated (demo) case file")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "interactions.json")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    from hukou_desk.app import Desk, create_app
    from hukou_desk.domain.facts import Facts
    from hukou_desk.domain.identity import check_character
    from hukou_desk.domain.lifecycle import Role
    from hukou_desk.domain.listing import CaseFilter, Sort
    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir
    from hukou_desk.services import decisions, intake, staff, station
    from hukou_desk.services.counter import Counter, open_case_file
    from hukou_desk.ui.context import Context
    from hukou_desk.ui.messages import Boxes, Messages

    class Quiet(Boxes):
        """Nothing shown over the screens being timed; a question answered No."""

        def error(self, window: object, message: str) -> None:
            return None

        def sorry(self, window: object, message: str) -> None:
            return None

        def confirm(self, window: object, question: str) -> bool:
            return False

    from hukou_desk.ui.review import CaseReview

    app = create_app()
    with tempfile.TemporaryDirectory(prefix="hukou-bench-ui-") as scratch:
        path = Path(scratch) / "cases.db"
        shutil.copyfile(args.db, path)
        database = open_case_file(path)
        if staff.needs_first_start(database):
            staff.first_start(
                database,
                station_code="440703001",
                station_name="白沙派出所",
                district="440703",
                admin_username="admin",
                admin_name="管理员",
                password=PASSWORD,
                phone="0750-3301110",
            )
        admin = staff.sign_in(database, username="admin", password=PASSWORD)
        policy = load_policy(forms_dir())
        counter = Counter(database, policy, load_calendar(forms_dir()))
        staff.add_user(
            counter,
            admin,
            username="bench-clerk",
            display_name="Bench",
            role=Role.CLERK,
            password=PASSWORD,
        )
        raw = sqlite3.connect(path)
        numbers = [
            n for (n,) in raw.execute("SELECT number FROM case_file ORDER BY serial DESC LIMIT 400")
        ]
        waiting = [
            n
            for (n,) in raw.execute(
                "SELECT number FROM case_file WHERE status = 'recommended' LIMIT ?",
                (args.repeat + 1,),
            )
        ]
        cases = raw.execute("SELECT count(*) FROM case_file").fetchone()[0]
        context = Context(counter, "zh", Messages("zh", Quiet()), admin)
        results: dict[str, dict[str, float | str | None]] = {}

        def measure(
            name: str, ours: Callable[[int], Any], floor: Callable[[int], Any], note: str
        ) -> None:
            ours(0)
            floor(0)
            mine, base = median_ms(ours, args.repeat), median_ms(floor, args.repeat)
            results[name] = {"median_ms": mine, "floor_median_ms": base, "floor": note}
            print(f"{name:45} {mine:8.2f} ms   floor {base:8.2f} ms ({note})", file=sys.stderr)

        def shown(widget: QWidget) -> None:
            widget.show()
            app.processEvents()
            widget.close()
            widget.deleteLater()

        def password_checked(_i: int) -> None:
            staff.sign_in(database, username="admin", password=PASSWORD)

        def desk_shown(_i: int) -> None:
            window = Desk(app, policy, database, admin).show("zh")
            app.processEvents()
            assert window.cases is not None and window.cases.model.rows
            window.close()
            window.deleteLater()
            app.processEvents()

        def bare_window(_i: int) -> None:
            window = QMainWindow()
            window.resize(1280, 720)
            shown(window)

        measure(
            "sign in: the password checked (argon2id, by design ~0.1 s)",
            password_checked,
            lambda i: raw.execute("SELECT * FROM user WHERE username = 'admin'").fetchall(),
            "raw sqlite3: the account read",
        )
        measure(
            "sign in: the desk with the case list's first page on screen",
            desk_shown,
            bare_window,
            "an empty main window shown",
        )
        clerk = staff.sign_in(database, username="bench-clerk", password=PASSWORD)
        drafts = []
        for n in range(args.repeat + 1):
            number = f"44070319900101{n:03d}"
            facts = Facts.model_validate(
                {
                    "applicant": {"id_number": number + check_character(number)},
                    "sponsor": {"relationship": "10", "hukou_region": "440703"},
                }
            )
            draft = intake.open_intake(
                counter,
                clerk,
                applicant=intake.Applicant(number + check_character(number), "测试"),
                facts=facts,
                pathway_id="spouse",
                district="440703",
            ).id
            for finding in intake.findings(counter, clerk, case_id=draft):
                checks = policy.documents[finding.document_id].checks
                intake.record_finding(
                    counter,
                    clerk,
                    case_id=draft,
                    document_id=finding.document_id,
                    party=finding.party,
                    state=intake.CheckState.VERIFIED,
                    answers={q.id: True for q in checks},
                )
            drafts.append(draft)

        measure(
            "submit an intake (engine, submission, recommendation)",
            lambda i: intake.submit(
                counter, clerk, case_id=drafts.pop(), recommend=True, reasons="ok"
            ),
            lambda i: raw.execute("SELECT * FROM case_file WHERE number = ?", (numbers[i],)),
            "raw sqlite3: the case read by number",
        )
        measure(
            "open a case: the audited read",
            lambda i: intake.view_case(counter, admin, number=numbers[i]),
            lambda i: raw.execute(
                "SELECT * FROM case_file c JOIN person p ON p.id = c.applicant_id "
                "WHERE c.number = ?",
                (numbers[i],),
            ).fetchall(),
            "raw sqlite3: the case and its applicant by number",
        )
        measure(
            "open a case: the review screen shown",
            lambda i: shown(CaseReview(context, numbers[100 + i])),
            lambda i: shown(QWidget()),
            "an empty QWidget shown",
        )

        def approve(_i: int) -> None:  # each time another case waiting for approval
            decisions.approve(counter, admin, number=waiting.pop())

        def raw_write(i: int) -> None:
            raw.execute("PRAGMA synchronous=FULL")
            with raw:  # one committed transaction, on disk, as the product's
                raw.execute(
                    "UPDATE case_file SET revision = revision WHERE number = ?", (numbers[i],)
                )

        measure(
            "record an approval (transaction, audit, outbox)",
            approve,
            raw_write,
            "raw sqlite3: one row updated and committed (synchronous=FULL)",
        )
        for sort in Sort:
            measure(
                f"name search '李', sorted by {sort.value}",
                lambda i, s=sort: station.next_page(
                    counter, admin, CaseFilter(query="李"), sort=s, after=None, limit=200
                ),
                lambda i: raw.execute(
                    "SELECT c.number FROM case_file c JOIN case_search s ON s.rowid = c.serial "
                    "WHERE case_search MATCH ? ORDER BY s.rowid DESC LIMIT 201",
                    ('names : "李"',),
                ).fetchall(),
                "raw sqlite3: the hits newest first",
            )
        measure(
            "the list's first page",
            lambda i: station.next_page(
                counter, admin, CaseFilter(), sort=Sort.RECEIVED, after=None, limit=200
            ),
            lambda i: raw.execute(
                "SELECT number FROM case_file ORDER BY application_date DESC, serial DESC LIMIT 201"
            ).fetchall(),
            "raw sqlite3: the same page",
        )
        raw.close()
        database.close()
    report = {
        "what": "interactions in one process, medians",
        "cases": cases,
        "repeat": args.repeat,
        "results": results,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    QApplication.processEvents()


if __name__ == "__main__":
    main()
