"""Command-line access to the case file: first start, demo data, search, deadlines, backups,
restoring one, the audit chain.

Each takes `--db PATH` (default: the case file in the user's data folder) and, but for the
first start and demo data into a new file, `--user NAME`: the command acts as that user, with
that user's rights (a clerk cannot restore), and the audit trail names them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hukou_desk.cli.session import add_case_file_options, case_file, open_counter, path_arg, sign_in
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import NEAR_DEADLINE_DAYS, STATUS_TITLES, CaseStatus, Urgency
from hukou_desk.domain.text import Language, Text, text

if TYPE_CHECKING:
    from hukou_desk.domain.listing import DeadlineCounts
    from hukou_desk.services.counter import Counter

EXIT_TAMPERED = 1
COMMANDS = (
    "first-start",
    "demo-data",
    "search",
    "deadlines",
    "backup",
    "restore",
    "audit",
    "correct-person",
)
# What `correct-person` may change, option by option (services.intake.correct_person).
CORRECTABLE = ("name", "former_names", "phone", "current_address", "hukou_address", "hukou_office")
SORTS = ("received", "number", "due")  # storage.queries.Sort
MAX_CASES = 10_000_000
MAX_KEEP_DAYS = 3650


def add_commands(commands: Any) -> None:
    first = commands.add_parser("first-start", help="set up a new station and its administrator")
    first.add_argument("--station-code", required=True)
    first.add_argument("--station-name", required=True)
    first.add_argument("--district", required=True, help="county code, e.g. 440703")
    first.add_argument(
        "--phone", required=True, help="the station's telephone (printed on every slip)"
    )
    first.add_argument("--address", default="", help="the station's address")
    first.add_argument(
        "--counter",
        help="which counter of the station this PC is, 01..99 (its own case numbers and key)",
    )
    first.add_argument("--admin-name", default="管理员")
    first.add_argument(
        "--recovery-secret-file",
        type=path_arg,
        help="write the recovery secret to this new, owner-only file (default: print it once)",
    )
    add_case_file_options(first)

    demo_data = commands.add_parser("demo-data", help="add realistic demo cases to the case file")
    demo_data.add_argument("--cases", type=int, required=True, help="how many cases to add")
    demo_data.add_argument("--seed", type=int, default=2018, help="same seed, same cases")
    demo_data.add_argument("--today", help="generate as if today were YYYY-MM-DD")
    add_case_file_options(demo_data)

    search = commands.add_parser("search", help="find cases: number, identity number, name")
    search.add_argument("query", nargs="?", default="", help="case number, ID (or prefix), name")
    search.add_argument("--status", action="append", choices=[s.value for s in CaseStatus])
    search.add_argument("--pathway", help="pathway id")
    search.add_argument("--district", help="destination county code, e.g. 440703")
    search.add_argument("--from", dest="received_from", help="received on or after YYYY-MM-DD")
    search.add_argument("--to", dest="received_to", help="received on or before YYYY-MM-DD")
    search.add_argument("--sort", choices=SORTS, default="received")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--counts", action="store_true", help="also print cases per status")
    search.add_argument("--json", action="store_true")
    add_case_file_options(search)

    deadlines = commands.add_parser(
        "deadlines",
        help="open cases due within 3 working days, soonest first, and how many are overdue",
    )
    deadlines.add_argument("--on", help="as of YYYY-MM-DD (default: today)")
    deadlines.add_argument(
        "--overdue", action="store_true", help="list the overdue cases, longest overdue first"
    )
    deadlines.add_argument("--limit", type=int, default=200, help="list at most this many")
    deadlines.add_argument("--json", action="store_true")
    add_case_file_options(deadlines)

    make = commands.add_parser("backup", help="take a backup of the case file now")
    make.add_argument("--keep-days", type=int, help="remove backups older than this")
    add_case_file_options(make)

    restore = commands.add_parser("restore", help="replace the case file with a backup")
    restore.add_argument("file", type=path_arg, help="the backup file")
    restore.add_argument(
        "--recovery-secret-file",
        type=path_arg,
        help="disaster recovery (a new PC, a lost keyring): the recovery secret from this file "
        "opens the backup through its .keyring sidecar; --user names an administrator in the "
        "backup, whose NEW password is then asked",
    )
    add_case_file_options(restore)

    correct = commands.add_parser(
        "correct-person",
        help="correct a known person's details, with the reason (their cases still undecided "
        "with no paper issued follow; decided ones keep theirs)",
    )
    correct.add_argument("id_number", help="the person's identity number")
    for field in CORRECTABLE:
        correct.add_argument(f"--{field.replace('_', '-')}", dest=field, help="the corrected value")
    correct.add_argument("--reason", required=True, help="why (recorded with the correction)")
    add_case_file_options(correct)

    trail = commands.add_parser("audit", help="the audit trail")
    trail.add_argument("action", choices=["verify", "adopt"])
    trail.add_argument("--reason", help="why unsealed events are adopted (adopt)")
    add_case_file_options(trail)


def parse_date(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    # The working calendar reaches years ahead, not to the calendar's edge.
    if day is None or not date(1900, 1, 1) <= day <= date(2199, 12, 31):
        raise HukouDeskError(
            text(
                f"日期“{raw}”无效，应为1900至2199年间的YYYY-MM-DD",
                f"'{raw}' is not a date between 1900 and 2199 (YYYY-MM-DD)",
            )
        )
    return day


def _bounded(value: int, name: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise HukouDeskError(
            text(
                f"{name} 须在 {low} 至 {high} 之间",
                f"{name} must be between {low} and {high}",
            )
        )
    return value


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    if args.command == "first-start":
        return _first_start(args, lang)
    if args.command == "demo-data":
        return _demo(args, lang)
    if args.command == "restore":
        return _restore(args, lang)
    _check_arguments(args)
    counter = open_counter(args)
    try:
        user = sign_in(counter, args)
        if args.command == "search":
            return _search(counter, user, args, lang)
        if args.command == "deadlines":
            return _deadlines(counter, user, args, lang)
        if args.command == "backup":
            return _backup(counter, user, args, lang)
        if args.command == "correct-person":
            return _correct(counter, user, args, lang)
        if args.action == "adopt":
            return _adopt(counter, user, args.reason or "", lang)
        return _verify(counter, user, lang)
    finally:
        counter.database.close()


def _check_arguments(args: argparse.Namespace) -> None:
    """Refuse impossible arguments before asking anyone's password."""
    if args.command == "search":
        _bounded(args.limit, "--limit", 1, 10_000)
        parse_date(args.received_from)
        parse_date(args.received_to)
    if args.command == "deadlines":
        parse_date(args.on)
        _bounded(args.limit, "--limit", 1, MAX_CASES)
    if args.command == "backup" and args.keep_days is not None:
        _bounded(args.keep_days, "--keep-days", 1, MAX_KEEP_DAYS)


def _first_start(args: argparse.Namespace, lang: Language) -> int:
    """A new station as the desk's first start makes it: encrypted, with its keyring and its
    recovery secret — printed once, or written to a new owner-only file the operator names."""
    from hukou_desk.cli.session import read_new_password, require_user
    from hukou_desk.services import vault

    admin = require_user(args)  # the administrator's user name; their password is asked
    secret_file = args.recovery_secret_file
    if secret_file is not None and (secret_file.exists() or not secret_file.parent.is_dir()):
        raise HukouDeskError(
            text(
                f"恢复密钥文件 {secret_file} 已存在或其文件夹不存在：请指定一个新文件。",
                f"The recovery secret file {secret_file} exists already, or its folder does "
                "not: name a new file.",
            )
        )
    done = vault.set_up_station(
        case_file(args),
        station_code=args.station_code,
        station_name=args.station_name,
        district=args.district,
        admin_username=admin,
        admin_name=args.admin_name,
        password=read_new_password(args),
        phone=args.phone,
        address=args.address,
        counter=args.counter,
    )
    print(
        text(
            f"已设置派出所 {args.station_code}，管理员 {admin}。",
            f"Station {args.station_code} set up; administrator {admin}.",
        )(lang)
    )
    if done.recovery_secret is None:
        print(text("这是培训文件：未加密。", "This is a training file: not encrypted.")(lang))
        return 0
    if secret_file is not None and _write_secret(secret_file, done.recovery_secret):
        print(
            text(
                f"案件数据库已加密。恢复密钥已写入 {secret_file}（仅本账户可读）：打印或抄下后"
                "存入所里的保险柜，再删除该文件。",
                f"The case file is encrypted. Its recovery secret is in {secret_file} (readable "
                "by this account only): print it or write it down for the station's safe, then "
                "delete the file.",
            )(lang)
        )
        return 0
    print(
        text(
            "案件数据库已加密。恢复密钥只显示这一次，请抄下或打印后存入所里的保险柜：",
            "The case file is encrypted. Its recovery secret is shown this once: write it down "
            "or print it for the station's safe:",
        )(lang)
    )
    print(done.recovery_secret)
    return 0


def _write_secret(path: Path, secret: str) -> bool:
    """The secret into a new file only its owner reads; False (and it is printed) if not."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return True


def _demo(args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.services import station

    _bounded(args.cases, "--cases", 1, MAX_CASES)
    today = parse_date(args.today) or china_today()
    path = case_file(args)
    new = not path.exists() or path.stat().st_size == 0
    if not new:
        # Demo cases into a working case file: an administrator's decision, on record.
        counter = open_counter(args)
        try:
            station.require_demo_rights(counter, sign_in(counter, args))
        finally:
            counter.database.close()
    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir

    forms = args.forms or forms_dir()

    def progress(done: int) -> None:
        print(f"\r{done:,}/{args.cases:,}", end="", file=sys.stderr, flush=True)

    report = station.demo_data(
        path,
        count=args.cases,
        policy=load_policy(forms),
        calendar=load_calendar(forms),
        today=today,
        seed=args.seed,
        progress=progress if sys.stderr.isatty() else None,
    )
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


def _search(counter: Counter, user: Any, args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.domain.listing import CaseFilter, Sort
    from hukou_desk.services import station

    flt = CaseFilter(
        query=args.query,
        statuses=[CaseStatus(s) for s in args.status or ()],
        pathway_id=args.pathway,
        district=args.district,
        received_from=parse_date(args.received_from),
        received_to=parse_date(args.received_to),
    )
    if args.pathway:
        counter.policy.pathway(args.pathway)  # unknown id: a message
    page = station.search(counter, user, flt, sort=Sort(args.sort), limit=args.limit, source="cli")
    counts = station.counts(counter, user) if args.counts else None
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


def _deadlines(counter: Counter, user: Any, args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.domain.listing import Due
    from hukou_desk.services import station, workdays

    listed = Due.OVERDUE if args.overdue else Due.SOON
    found = station.deadlines(
        counter,
        user,
        on=parse_date(args.on) or china_today(),
        listed=listed,
        limit=args.limit,
    )
    counts = found.counts
    waiting = workdays.awaiting_calendar(counter, user)
    notice = workdays.notice(counter, user)
    if notice is not None:  # administrators and supervisors: the calendar runs out
        print(notice.message(lang), file=sys.stderr if args.json else sys.stdout)
    if args.json:
        cases = [
            {"number": d.row.number, "due": str(d.row.due_on), "urgency": d.urgency.value}
            for d in found.rows
        ]
        print(
            json.dumps(
                {
                    "on": counts.on.isoformat(),
                    "overdue": counts.overdue,
                    "due_soon": counts.due_soon,
                    "listed": listed.value,
                    "cases": cases,
                    # Limits that need a year's calendar not installed yet: never guessed.
                    "awaiting_calendar": [
                        {"number": w.number, "year": w.awaits.year} for w in waiting
                    ],
                }
            )
        )
        return 0
    for line in _deadline_lines(counts, NEAR_DEADLINE_DAYS):
        print(line(lang))
    for w in waiting:
        print(f"{w.number}  {w.status.value:12} {w.awaits.label(lang)}")
    marks = {Urgency.OVERDUE: text("已超期", "OVERDUE"), Urgency.NEAR: text("将到期", "near")}
    if found.rows:
        print()
    for d in found.rows:
        label = marks.get(d.urgency, text("", ""))(lang)
        print(f"{d.row.number}  {d.row.status.value:12} {d.row.due_on}  {label}")
    if len(found.rows) < found.total:
        shown, total = len(found.rows), found.total
        print(
            text(
                f"只列出前 {shown:,} 件，共 {total:,} 件（用 --limit 列出更多）",
                f"Showing the first {shown:,} of {total:,} (use --limit for more)",
            )(lang)
        )
    if not args.overdue and counts.overdue:
        print(text("用 --overdue 列出超期的案件", "Use --overdue to list the overdue cases")(lang))
    return 0


def _correct(counter: Counter, user: Any, args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.services import intake

    changes = {f: getattr(args, f) for f in CORRECTABLE if getattr(args, f) is not None}
    if not changes:
        raise HukouDeskError(
            text(
                "请至少给出一项更正内容（如 --name）。",
                "Give at least one corrected detail (e.g. --name).",
            )
        )
    done = intake.correct_person(
        counter, user, id_number=args.id_number.strip().upper(), changes=changes, reason=args.reason
    )
    none = text("无", "none")(lang)
    print(text("已更正的案件：", "Cases corrected: ")(lang) + ("、".join(done.corrected) or none))
    print(
        text("保持原信息的案件：", "Cases keeping their details: ")(lang)
        + ("、".join(done.kept) or none)
    )
    return 0


def _deadline_lines(counts: DeadlineCounts, days: int) -> list[Text]:
    """The two counts, each saying what it counts."""
    return [
        text(
            f"截至 {counts.on}，全站在办案件中超过办理时限 {counts.overdue:,} 件",
            f"As of {counts.on}, open cases past their time limit, station-wide: "
            f"{counts.overdue:,}",
        ),
        text(
            f"{days} 个工作日内到期（含今日）{counts.due_soon:,} 件",
            f"Due today or within {days} working days: {counts.due_soon:,}",
        ),
    ]


def _backup(counter: Counter, user: Any, args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.services import station

    taken = station.back_up(counter, user, keep_days=args.keep_days)
    print(text("已备份：", "Backup taken: ")(lang) + str(taken.file))
    if taken.removed:
        removed = len(taken.removed)
        print(text(f"已删除过期备份 {removed} 个", f"{removed} old backups removed")(lang))
    return 0


def _restore(args: argparse.Namespace, lang: Language) -> int:
    """An administrator's decision. When the case file itself is damaged (the usual reason to
    restore), the administrator signs in against the backup being restored. The password is
    read once (`--password-fd` gives it once), whichever way it is checked."""
    from hukou_desk.cli.session import read_password, require_user
    from hukou_desk.services import station
    from hukou_desk.services.vault import LoginRefused

    username = require_user(args)
    if args.recovery_secret_file is not None:
        return _recover(args, username, lang)
    try:
        counter: Counter | None = open_counter(args)
    except LoginRefused:
        raise
    except HukouDeskError:  # damaged, or no case file at all
        counter = None
    if counter is not None:
        try:
            kept = station.restore(counter, sign_in(counter, args), file=args.file)
        finally:
            counter.database.close()
    else:
        kept = station.restore_over_damage(
            case_file(args), file=args.file, username=username, password=read_password(args)
        )
    print(
        text(
            f"已从 {args.file.name} 恢复；原文件保存为 {kept.name}",
            f"Restored from {args.file.name}; the replaced file was kept as {kept.name}",
        )(lang)
    )
    return 0


def _recover(args: argparse.Namespace, username: str, lang: Language) -> int:
    """A station brought back from a backup and the recovery secret (`vault`)."""
    from hukou_desk.cli.session import read_new_password
    from hukou_desk.services import vault

    try:
        secret = args.recovery_secret_file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise HukouDeskError(
            text(
                f"无法读取恢复密钥文件 {args.recovery_secret_file}。",
                f"The recovery secret file {args.recovery_secret_file} cannot be read.",
            )
        ) from None
    done = vault.restore_from_backup(
        case_file(args),
        backup_file=args.file,
        secret=secret,
        admin_username=username,
        password=read_new_password(args),
    )
    print(
        text(
            f"已从 {args.file.name} 恢复，案件数据库已换用新密钥；管理员 {done.admin} 使用新密码。",
            f"Restored from {args.file.name} under a new key; administrator {done.admin} signs "
            "in with the new password.",
        )(lang)
    )
    if done.without_slot:
        print(
            text(
                "以下人员需由管理员重设密码（下次登录时自设新密码）：",
                "The administrator sets a new password for (they choose their own at their "
                "next sign-in): ",
            )(lang)
            + ", ".join(done.without_slot)
        )
    print(
        text(
            "本所签名密钥已更换：请生成登记文件（station-key --registration-file）交中心登记。",
            "The station has a new signing key: write its registration (station-key "
            "--registration-file) for the centre.",
        )(lang)
    )
    return 0


def _adopt(counter: Counter, user: Any, reason: str, lang: Language) -> int:
    from hukou_desk.services import station

    gap = station.adopt_audit(counter, user, reason=reason)
    if gap is None:
        print(text("没有未封签的审计记录。", "No audit event is without a seal.")(lang))
    else:
        print(
            text(
                f"已认领第 {gap[0]}–{gap[1]} 条审计记录；下次导出时报告中心。",
                f"Audit events {gap[0]}–{gap[1]} adopted; the next export reports it.",
            )(lang)
        )
    return 0


def _verify(counter: Counter, user: Any, lang: Language) -> int:
    from hukou_desk.services import station

    verdict = station.verify_audit(counter, user)
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
