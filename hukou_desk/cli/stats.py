"""`hukou-desk stats`: the dashboard's figures on a station's case file (`--db`, signed in as a
supervisor or an administrator) or on the centre's database (`--into`), as text, JSON, a
spreadsheet, CSV files or the monthly report PDF. What is printed or written can leave the
desk: every figure is published under the statistics' rule (whole months, counts rounded by
cell key), and at a station the release is audited.

    hukou-desk stats --user chen [--db PATH] [--month 2026-10 | --from D --to D]
                     [--pathway ID] [--district CODE] [--station CODE]
                     [--json | --xlsx FILE | --csv DIR | --pdf FILE]
    hukou-desk stats --into postgresql+psycopg://… [same options]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.cli.session import add_case_file_options, open_counter, path_arg, sign_in
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Language, text

COMMANDS = ("stats",)


def add_commands(commands: Any) -> None:
    stats = commands.add_parser("stats", help="population statistics (plan 三（二）)")
    stats.add_argument("--into", help="the centre's database instead of a station's case file")
    stats.add_argument("--month", help="one whole month, YYYY-MM (default: this month)")
    stats.add_argument("--from", dest="start", help="first month, YYYY-MM (or its first day)")
    stats.add_argument("--to", dest="end", help="last month, YYYY-MM (or its last day)")
    stats.add_argument("--pathway", help="only this pathway (its id)")
    stats.add_argument("--district", help="only this destination district (GB/T 2260)")
    stats.add_argument("--station", help="only this station (its code)")
    out = stats.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--xlsx", type=path_arg, metavar="FILE")
    out.add_argument("--csv", type=path_arg, metavar="DIR")
    out.add_argument("--pdf", type=path_arg, metavar="FILE")
    add_case_file_options(stats)


def _filters(args: argparse.Namespace, today: date) -> Any:
    from hukou_desk.cli.cases import parse_date
    from hukou_desk.domain.statistics import Filters, month_period

    if args.month and (args.start or args.end):
        raise HukouDeskError(
            text("--month 不能与 --from/--to 同用。", "Give --month or --from/--to, not both.")
        )
    if args.month:
        start = parse_date(f"{args.month}-01")
        assert start is not None
        start, end = month_period(start, start)
    else:
        start = _day(args.start, parse_date) or today.replace(day=1)
        end = _day(args.end, parse_date, last=True) or month_period(today, today)[1]
    if end < start:
        raise HukouDeskError(
            text("统计期间的结束日期早于开始日期。", "The period ends before it starts.")
        )
    return Filters(
        start=start,
        end=end,
        pathway=args.pathway,
        district=args.district,
        station=args.station,
    )


def _day(typed: str | None, parse_date: Any, *, last: bool = False) -> date | None:
    """A month typed as YYYY-MM: its first day (its last with `last`); a day as it is."""
    from hukou_desk.domain.statistics import month_period

    if typed and len(typed.strip()) == 7:
        first = parse_date(f"{typed.strip()}-01")
        return month_period(first, first)[1] if last else first
    found: date | None = parse_date(typed)
    return found


def _format(args: argparse.Namespace) -> tuple[str, Path | None]:
    for fmt in ("xlsx", "csv", "pdf"):
        if getattr(args, fmt) is not None:
            return fmt, getattr(args, fmt)
    return ("json" if args.json else "text"), None


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.services import statistics

    fmt, out = _format(args)
    if args.into:
        from hukou_desk.services import centre

        report = centre.statistics(args.into, _filters(args, china_today()), forms=args.forms)
        released = report
    else:
        counter = open_counter(args)
        try:
            user = sign_in(counter, args)
            report = statistics.report(counter, user, _filters(args, counter.today()))
            released = statistics.release(
                counter, user, report, fmt=fmt, to=out.name if out else "(stdout)"
            )
        finally:
            counter.database.close()
    if out is not None:
        statistics.write(released, out=out, fmt=fmt, lang=lang)
        print(f"{out}: {len(released.tables)} {'张表' if lang == 'zh' else 'tables'}")
    elif fmt == "json":
        print(json.dumps(statistics.as_json(released, lang), ensure_ascii=False))
    else:
        print(statistics.as_text(released, lang))
    return 0
