"""Command-line access to the case file: demo data, search, deadlines, backups, the audit chain.

Every command takes `--db PATH` (default: the case file in the user's data folder). Searching
for a person is a look-up and goes into the audit trail, like the same search in the app.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import STATUS_TITLES, CaseStatus, Urgency
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.domain.text import Language, text
from hukou_desk.paths import database_path, forms_dir
from hukou_desk.storage import audit, backup, cases, demo
from hukou_desk.storage.database import Database, claim, open_database
from hukou_desk.storage.models import utc_now
from hukou_desk.storage.queries import (
    CaseFilter,
    Sort,
    count_by_status,
    deadline_cases,
    search_cases,
)

EXIT_TAMPERED = 1
COMMANDS = ("demo-data", "search", "deadlines", "backup", "restore", "audit")


def add_commands(commands: Any) -> None:
    def db_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", type=Path, help="case file (default: the user's data folder)")

    demo_data = commands.add_parser("demo-data", help="add realistic demo cases to the case file")
    demo_data.add_argument("--cases", type=int, required=True, help="how many cases to add")
    demo_data.add_argument("--seed", type=int, default=2018, help="same seed, same cases")
    demo_data.add_argument("--today", help="generate as if today were YYYY-MM-DD")
    db_option(demo_data)

    search = commands.add_parser("search", help="find cases: number, identity number, name")
    search.add_argument("query", nargs="?", default="", help="case number, ID (or prefix), name")
    search.add_argument("--status", action="append", choices=[s.value for s in CaseStatus])
    search.add_argument("--pathway", help="pathway id")
    search.add_argument("--district", help="destination county code, e.g. 440703")
    search.add_argument("--from", dest="received_from", help="received on or after YYYY-MM-DD")
    search.add_argument("--to", dest="received_to", help="received on or before YYYY-MM-DD")
    search.add_argument("--sort", choices=[s.value for s in Sort], default=Sort.RECEIVED.value)
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--counts", action="store_true", help="also print cases per status")
    search.add_argument("--json", action="store_true")
    db_option(search)

    deadlines = commands.add_parser("deadlines", help="cases near or past their time limit")
    deadlines.add_argument("--on", help="as of YYYY-MM-DD (default: today)")
    deadlines.add_argument("--json", action="store_true")
    db_option(deadlines)

    make = commands.add_parser("backup", help="take a backup of the case file now")
    make.add_argument("--keep-days", type=int, default=backup.KEEP_DAYS)
    db_option(make)

    restore = commands.add_parser("restore", help="replace the case file with a backup")
    restore.add_argument("file", type=Path, help="the backup file")
    db_option(restore)

    trail = commands.add_parser("audit", help="the audit trail")
    trail.add_argument("action", choices=["verify"])
    db_option(trail)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container
        return "cli"


def _date(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise HukouDeskError(
            text(f"日期“{raw}”无效，应为YYYY-MM-DD", f"'{raw}' is not a date (YYYY-MM-DD)")
        ) from None


def _existing(path: Path | None) -> Database:
    path = path or database_path()
    if not path.exists():
        raise HukouDeskError(text(f"没有案件数据库：{path}", f"No case file at {path}"))
    return open_database(path)


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    if args.command == "demo-data":
        return _demo(args, lang)
    if args.command == "restore":
        return _restore(args, lang)
    database = _existing(args.db)
    try:
        if args.command == "search":
            return _search(database, args, lang)
        if args.command == "deadlines":
            return _deadlines(database, args, lang)
        if args.command == "backup":
            made = backup.make_backup(database, reason="manual")
            removed = backup.prune(database.backups_dir, keep_days=args.keep_days)
            with database.write() as session:
                audit.record(
                    session,
                    actor=_actor(),
                    action="backup",
                    entity="station",
                    entity_id="-",
                    detail={"file": made.name},
                )
            print(text("已备份：", "Backup taken: ")(lang) + str(made))
            if removed:
                print(
                    text(
                        f"已删除过期备份 {len(removed)} 个", f"{len(removed)} old backups removed"
                    )(lang)
                )
            return 0
        return _verify(database, lang)
    finally:
        database.close()


def _demo(args: argparse.Namespace, lang: Language) -> int:
    if args.cases < 1:
        raise HukouDeskError(text("--cases 须为正整数", "--cases must be a positive number"))
    database = open_database(args.db or database_path())
    try:
        database.lock()
        policy = load_policy(args.forms or forms_dir())
        calendar = load_calendar(args.forms or forms_dir())
        today = _date(args.today) or date.today()

        def progress(done: int) -> None:
            print(f"\r{done:,}/{args.cases:,}", end="", file=sys.stderr, flush=True)

        report = demo.generate(
            database,
            count=args.cases,
            policy=policy,
            calendar=calendar,
            today=today,
            seed=args.seed,
            progress=progress if sys.stderr.isatty() else None,
        )
    finally:
        database.close()
    rate = report.cases / report.seconds if report.seconds else 0.0
    print(
        text(
            f"已生成 {report.cases} 宗案件（{report.persons} 人，"
            f"{report.document_checks} 项材料核验，{report.decisions} 项决定），"
            f"用时 {report.seconds:.1f} 秒，每秒 {rate:.0f} 宗",
            f"{report.cases} cases added ({report.persons} persons, {report.document_checks} "
            f"document checks, {report.decisions} decisions) in {report.seconds:.1f} s, "
            f"{rate:.0f} cases/s",
        )(lang)
    )
    return 0


def _search(database: Database, args: argparse.Namespace, lang: Language) -> int:
    if args.limit < 1:
        raise HukouDeskError(text("--limit 须为正整数", "--limit must be a positive number"))
    flt = CaseFilter(
        query=args.query,
        statuses=[CaseStatus(s) for s in args.status or ()],
        pathway_id=args.pathway,
        district=args.district,
        received_from=_date(args.received_from),
        received_to=_date(args.received_to),
    )
    if args.pathway:
        load_policy(args.forms or forms_dir()).pathway(args.pathway)  # unknown id: a message
    with database.read() as session:
        page = search_cases(session, flt, sort=Sort(args.sort), limit=args.limit)
        counts = count_by_status(session) if args.counts else None
    with database.write() as session:
        cases.record_search(
            session, actor=_actor(), query=args.query, results=len(page.rows), source="cli"
        )
    if args.json:
        payload: dict[str, Any] = {
            "cases": [
                {
                    "number": r.number,
                    "status": r.status.value,
                    "pathway": r.pathway_id,
                    "name": r.applicant_name,
                    "id_number": r.applicant_id_masked,
                    "received": r.application_date.isoformat(),
                    "district": r.district,
                    "due": r.due_on.isoformat() if r.due_on else None,
                }
                for r in page.rows
            ],
            "more": page.next_key is not None,
        }
        if counts is not None:
            payload["counts"] = {s.value: n for s, n in counts.items()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for r in page.rows:
        print(
            f"{r.number}  {r.status.value:15} {r.applicant_id_masked}  {r.applicant_name:6}  "
            f"{r.pathway_id:26} {r.application_date.isoformat()}"
        )
    if not page.rows:
        print(text("没有符合条件的案件", "No matching cases")(lang))
    elif page.next_key is not None:
        print(
            text("……还有更多，请用 --limit 或更多条件", "… more; use --limit or narrow the search")(
                lang
            )
        )
    if counts is not None:
        print("  ".join(f"{STATUS_TITLES[s](lang)} {n}" for s, n in counts.items()))
    return 0


def _deadlines(database: Database, args: argparse.Namespace, lang: Language) -> int:
    today = _date(args.on) or date.today()
    calendar = load_calendar(args.forms or forms_dir())
    with database.read() as session:
        rows = deadline_cases(session, today=today, calendar=calendar)
    if args.json:
        print(
            json.dumps(
                [
                    {"number": d.row.number, "due": str(d.row.due_on), "urgency": d.urgency.value}
                    for d in rows
                ]
            )
        )
        return 0
    marks = {Urgency.OVERDUE: text("已超期", "OVERDUE"), Urgency.NEAR: text("将到期", "near")}
    for d in rows:
        label = marks.get(d.urgency, text("", ""))(lang)
        print(f"{d.row.number}  {d.row.status.value:12} {d.row.due_on}  {label}")
    if not rows:
        print(text("没有临近或超过办理时限的案件", "No case is near or past its time limit")(lang))
    return 0


def _restore(args: argparse.Namespace, lang: Language) -> int:
    target: Path = args.db or database_path()
    claimed = claim(target)  # refused while a window has the file open
    try:
        kept = backup.restore(args.file, target)
    finally:
        claimed.release()
    database = open_database(target)
    try:
        with database.write() as session:
            audit.record(
                session,
                actor=_actor(),
                action="restore",
                entity="station",
                entity_id="-",
                detail={"file": args.file.name, "at": utc_now().isoformat()},
            )
    finally:
        database.close()
    print(
        text(
            f"已从 {args.file.name} 恢复；原文件保存为 {kept.name}",
            f"Restored from {args.file.name}; the replaced file was kept as {kept.name}",
        )(lang)
    )
    return 0


def _verify(database: Database, lang: Language) -> int:
    with database.read() as session:
        verdict = audit.verify(session)
    if verdict.intact:
        print(
            text(
                f"审计链完整：{verdict.events} 条记录",
                f"Audit chain intact: {verdict.events} events",
            )(lang)
        )
        return 0
    assert verdict.problem is not None
    print(
        text(
            f"审计链被篡改：第 {verdict.broken_at} 条记录（{verdict.problem.zh}）",
            f"Audit chain broken at event {verdict.broken_at}: {verdict.problem.en}",
        )(lang)
    )
    return EXIT_TAMPERED
