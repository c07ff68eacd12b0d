"""The command line: the same services as the GUI, for scripts and for the counter's PC.

Bad input (malformed JSON, an unknown pathway, an impossible date, an invalid identity number,
a malformed form file, a refused password) prints one line and exits with status 2; never a
traceback. A bug prints one line too, with exit status 70, and its code locations (never its
text) go to the log. Each subcommand imports what it needs when it runs: `idcheck` loads no
database, PDF or crypto library.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from hukou_desk.cli import cases as cli_cases
from hukou_desk.cli import counters as cli_counters
from hukou_desk.cli import slips as cli_slips
from hukou_desk.cli import stats as cli_stats
from hukou_desk.cli import sync as cli_sync
from hukou_desk.cli.session import path_arg
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.errors import FactsError, HukouDeskError
from hukou_desk.domain.text import Language, text

if TYPE_CHECKING:
    from hukou_desk.domain.engine import Outcome
    from hukou_desk.domain.policy import Policy

EXIT_BAD_INPUT = 2
EXIT_BUG = 70  # EX_SOFTWARE
MAX_FACTS_BYTES = 1024 * 1024  # a case's facts are a few kilobytes

log = logging.getLogger("hukou_desk")


def one_line(message: str) -> str:
    """A message as one printable line: control characters (a newline typed into an argument,
    a NUL in a file name) shown escaped, never breaking the line."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in message
    )


def _say(message: str) -> None:
    print(one_line(message), file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, one_line(f"{self.prog}: {message}") + "\n")


_DESK_OPTIONS = """the desk (no command):
  hukou-desk                 the desk on this station's case file (first start: set-up)
  hukou-desk --training      the desk on the training file (demo data, never exported)
  hukou-desk --lang en       the desk in English, as the menu would choose it (zh: Chinese)
  hukou-desk --version       the version and what it runs on
  hukou-desk --self-test     check this installation; exit 0 only if every check passed"""


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hukou-desk",
        description="Jiangmen hukou counter. Without a command: the desk (the GUI).",
        epilog=_DESK_OPTIONS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="output language")
    parser.add_argument("--forms", type=path_arg, help="pathway forms folder (default: shipped)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    listing = commands.add_parser("pathways", help="list every pathway with its clause")
    listing.add_argument("--json", action="store_true")

    judge = commands.add_parser("evaluate", help="judge case facts (no --pathway: rank all)")
    judge.add_argument("facts", type=path_arg, help="facts JSON file (docs/facts.md); - for stdin")
    judge.add_argument("--pathway", help="pathway id (see `pathways`)")
    judge.add_argument("--on", dest="on", help="judge as of this date, YYYY-MM-DD")
    judge.add_argument("--json", action="store_true")

    idcheck = commands.add_parser("idcheck", help="check a citizen identity number")
    idcheck.add_argument("number")
    idcheck.add_argument("--json", action="store_true")

    commands.add_parser("schema", help="print the JSON Schema of the facts format")
    commands.add_parser("check-forms", help="load the forms strictly and report")
    cli_cases.add_commands(commands)
    cli_slips.add_commands(commands)
    cli_sync.add_commands(commands)
    cli_stats.add_commands(commands)
    cli_counters.add_commands(commands)
    return parser


def run(argv: list[str]) -> int:
    """The whole command line in-process: parse, act, one line on any failure."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    lang: Language = args.lang
    try:
        return _dispatch(args, lang)
    except HukouDeskError as exc:
        _say(f"hukou-desk: {exc.describe(lang)}")
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        _say(f"hukou-desk: {_os_problem(exc)(lang)}{where}")
    except (MemoryError, RecursionError):
        _say(f"hukou-desk: {_TOO_BIG(lang)}")
    except KeyboardInterrupt:
        _say(f"hukou-desk: {text('已中断。', 'interrupted.')(lang)}")
        return 130
    except Exception as exc:
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("unexpected %s\n%s", type(exc).__name__, frames)
        said = text(
            f"内部错误（{type(exc).__name__}），已记入日志；请告知管理员。",
            f"internal error ({type(exc).__name__}), logged; tell the administrator.",
        )
        _say(f"hukou-desk: {said(lang)}")
        return EXIT_BUG
    return EXIT_BAD_INPUT


_TOO_BIG = text("输入过大或嵌套过深。", "the input is too large or nested too deeply.")


def _os_problem(exc: OSError) -> Any:
    import errno

    known = {
        errno.ENOSPC: text("磁盘已满，未写入", "the disk is full; nothing was written"),
        errno.EACCES: text("没有访问权限", "permission denied"),
        errno.EPERM: text("没有访问权限", "permission denied"),
        errno.EROFS: text("只读的文件系统", "a read-only file system"),
        errno.ENOENT: text("没有这个文件或文件夹", "no such file or folder"),
        errno.EISDIR: text("这是一个文件夹", "this is a folder"),
        errno.ENOTDIR: text("路径中有一项不是文件夹", "a part of the path is not a folder"),
    }
    found = known.get(exc.errno or -1)
    return found or text(f"系统错误：{exc.strerror}", f"system error: {exc.strerror}")


def _dispatch(args: argparse.Namespace, lang: Language) -> int:
    if args.command in cli_cases.COMMANDS:
        return cli_cases.dispatch(args, lang)
    if args.command in cli_slips.COMMANDS:
        return cli_slips.dispatch(args, lang)
    if args.command in cli_sync.COMMANDS:
        return cli_sync.dispatch(args, lang)
    if args.command in cli_stats.COMMANDS:
        return cli_stats.dispatch(args, lang)
    if args.command in cli_counters.COMMANDS:
        return cli_counters.dispatch(args, lang)
    if args.command == "idcheck":
        return _idcheck(args.number, as_json=args.json, lang=lang)
    from hukou_desk.domain.loader import load_policy
    from hukou_desk.paths import forms_dir

    if args.command == "schema":
        from hukou_desk.domain.facts import facts_schema

        print(json.dumps(facts_schema(), ensure_ascii=False, indent=2))
        return 0
    policy = load_policy(args.forms or forms_dir())
    if args.command == "check-forms":
        from hukou_desk.domain.loader import load_registration_offices

        offices = load_registration_offices(args.forms or forms_dir())
        print(
            f"{len(policy.pathways)} pathways, {len(policy.documents)} document types,"
            f" {sum(map(len, offices.values()))} registration offices: OK"
        )
        return 0
    if args.command == "pathways":
        return _pathways(policy, as_json=args.json, lang=lang)
    return _evaluate(args, policy, lang)


def _idcheck(number: str, *, as_json: bool, lang: Language) -> int:
    from hukou_desk.domain.identity import parse_identity_number

    parsed = parse_identity_number(number, today=china_today())
    if as_json:
        print(
            json.dumps(
                {
                    "valid": True,
                    "number": parsed.number,
                    "converted_from": parsed.converted_from,
                    "birth_date": parsed.birth_date.isoformat(),
                    "sex": parsed.sex,
                    "region": {
                        "code": parsed.region.code,
                        "name": parsed.region.name,
                        "province": parsed.region.province,
                        "retired": parsed.region.retired,
                    },
                },
                ensure_ascii=False,
            )
        )
        return 0
    sex = text("男", "male") if parsed.sex == "male" else text("女", "female")
    retired = text("（已撤销的代码）", " (a retired code)") if parsed.region.retired else None
    region = parsed.region.province + parsed.region.name + (retired(lang) if retired else "")
    valid = text("有效", "valid")(lang)
    print(f"{parsed.number} {valid}: {parsed.birth_date.isoformat()} {sex(lang)} {region}")
    if parsed.converted_from:
        print(text("由15位号码转换：", "converted from ")(lang) + parsed.converted_from)
    return 0


def _pathways(policy: Policy, *, as_json: bool, lang: Language) -> int:
    if as_json:
        rows: list[dict[str, Any]] = [
            {
                "id": p.id,
                "version": p.version,
                "kind": p.kind.value,
                "clause": p.clause,
                "title": {"zh": p.title.zh, "en": p.title.en},
                "departments": list(p.departments),
                "effective_from": p.effective_from.isoformat(),
                "effective_until": p.effective_until.isoformat() if p.effective_until else None,
                "companions": [c.relation for c in p.companions],
            }
            for p in policy.pathways
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for p in policy.pathways:
        departments = "、".join(policy.plan.departments[d].name(lang) for d in p.departments)
        print(f"{p.id:28} {p.clause:10} {p.kind.value:10} {p.title(lang)}  [{departments}]")
    return 0


def _read(path: Path) -> str:
    """A facts file: at most 1 MiB of UTF-8 (read no further than that)."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_FACTS_BYTES + 1)
    else:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FACTS_BYTES + 1)
    if len(raw) > MAX_FACTS_BYTES:
        raise FactsError(
            text(
                f"{path}：文件超过 1 MiB，不是案件事实文件。",
                f"{path}: larger than 1 MiB; not a facts file.",
            )
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactsError(
            text(
                f"{path}：不是 UTF-8 文本（第 {exc.start} 字节）。",
                f"{path}: not UTF-8 text (byte {exc.start}).",
            )
        ) from None


def _on_date(raw: str | None, fallback: date | None) -> date:
    if raw is None:
        return fallback or china_today()
    day = cli_cases.parse_date(raw)
    assert day is not None
    return day


def _evaluate(args: argparse.Namespace, policy: Policy, lang: Language) -> int:
    from hukou_desk.domain.engine import (
        abolished_request,
        applicable_notices,
        evaluate,
        find_pathways,
    )
    from hukou_desk.domain.facts import check_identity_numbers, load_facts

    facts = load_facts(_read(args.facts), source=str(args.facts))
    check_identity_numbers(facts, today=china_today())
    as_of = _on_date(args.on, facts.application_date)
    if args.pathway:
        outcomes = [evaluate(facts, policy.pathway(args.pathway), as_of, policy)]
    else:
        refusal = abolished_request(facts, as_of, policy)
        outcomes = ([refusal] if refusal else []) + find_pathways(facts, as_of, policy)
    notices = applicable_notices(facts, as_of, policy)
    if args.json:
        payload: Any = (
            [o.to_json() for o in outcomes] if not args.pathway else outcomes[0].to_json()
        )
        if not args.pathway:
            payload = {"ranked": payload, "notices": [n.pathway_id for n in notices]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for outcome in outcomes:
        _print_outcome(outcome, policy, lang)
    for notice in notices:
        pathway = policy.pathway(notice.pathway_id)
        print(f"! {pathway.clause} {pathway.title(lang)}: {pathway.summary(lang)}")
    return 0


def _print_outcome(outcome: Outcome, policy: Policy, lang: Language) -> None:
    from hukou_desk.domain.engine import COMPANION_STATUS_NAMES, RESULT_NAMES
    from hukou_desk.domain.outcome import render_line
    from hukou_desk.domain.values import party_label

    pathway = policy.pathway(outcome.pathway_id)
    print(f"== {pathway.title(lang)} ({pathway.clause}) — {RESULT_NAMES[outcome.result](lang)}")
    for line in outcome.lines:
        said = render_line(line, lang)
        detail = f" — {said.detail}" if said.detail else ""
        print(f"  {said.mark} [{said.clause}] {said.text} ({said.word}){detail}")
    for doc in outcome.missing_documents:
        label = "缺材料" if lang == "zh" else "bring"
        print(f"  + {label}: {doc.name(lang)} ({party_label(doc.of)(lang)})")
    for verdict in outcome.companions:
        who = verdict.name or f"#{verdict.index + 1}"
        own = ""
        if verdict.own_pathways:
            names = ", ".join(policy.pathway(p).title(lang) for p in verdict.own_pathways)
            own = f" → {names}"
        along = "随迁" if lang == "zh" else "along"
        status = COMPANION_STATUS_NAMES[verdict.status](lang)
        print(f"  {along} {who}: {status} — {verdict.reason(lang)}{own}")
