"""Counters of a station from the command line (docs/counters.md).

Station (signed in with --user):
    hukou-desk counter                         which counter this PC is
    hukou-desk set-counter NN                  a PC set up before counters (administrator, once;
                                               its cases renumbered, old numbers kept)
    hukou-desk hand-over NUMBER --to NN --out FILE [--reason TEXT]
                                               prints the code to tell the receiving counter
    hukou-desk receive-case FILE --code CODE   (or the code typed when asked)
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from hukou_desk.cli.session import add_case_file_options, open_counter, path_arg, sign_in
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Language, text

COMMANDS = ("counter", "set-counter", "hand-over", "receive-case")


def add_commands(commands: Any) -> None:
    which = commands.add_parser("counter", help="which counter of its station this PC is")
    add_case_file_options(which)
    set_counter = commands.add_parser(
        "set-counter", help="say which counter this PC is (a PC set up before counters)"
    )
    set_counter.add_argument("number", help="01..99")
    add_case_file_options(set_counter)
    give = commands.add_parser(
        "hand-over", help="hand a case to another counter of the station (a signed file)"
    )
    give.add_argument("number", help="the case number")
    give.add_argument("--to", required=True, help="the receiving counter, 01..99")
    give.add_argument("--out", type=path_arg, required=True, help="the hand-over file to write")
    give.add_argument("--reason", default="", help="why (review, completion …)")
    add_case_file_options(give)
    take = commands.add_parser("receive-case", help="take in a case handed to this counter")
    take.add_argument("file", type=path_arg)
    take.add_argument("--code", help="the hand-over code (asked when not given)")
    add_case_file_options(take)


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.services import handover

    counter = open_counter(args)
    try:
        user = sign_in(counter, args)
        if args.command == "counter":
            info = handover.this_counter(counter, user)
            if info.counter is None:
                print(
                    text(
                        f"本机是派出所 {info.station} 的未编号柜台（设置柜台前的电脑）：请用 "
                        "set-counter 设置柜台号。",
                        f"This PC is station {info.station}'s unnumbered counter (set up before "
                        "counters): give it a number with set-counter.",
                    )(lang)
                )
            else:
                print(info.identity)
            return 0
        if args.command == "set-counter":
            info = handover.set_counter(counter, user, number=args.number)
            if info.renumbered:
                print(
                    text(
                        f"本机设置柜台前的 {info.renumbered} 件案件已改用本柜台的编号（年份和"
                        "序号不变），原编号仍可查询，按原编号签发的文书仍可核验。",
                        f"The {info.renumbered} cases this PC numbered before counters now "
                        "carry this counter's numbers (same year and serial); their old numbers "
                        "still find them, and papers issued under them still verify.",
                    )(lang)
                )
            print(
                text(
                    f"本机是 {info.station} 第 {info.counter} 号柜台（{info.identity}）。"
                    "请生成登记文件交中心登记（station-key --registration-file）。",
                    f"This PC is counter {info.counter} of {info.station} ({info.identity}). "
                    "Make its registration file for the centre (station-key "
                    "--registration-file).",
                )(lang)
            )
            return 0
        if args.command == "hand-over":
            given = handover.give(
                counter, user, number=args.number, to=args.to, out=args.out, reason=args.reason
            )
            print(given.code)
            print(
                text(
                    f"案件 {given.number} 已移交给柜台 {given.receiver}，文件 {given.file}；"
                    "本机只保留只读副本。请把上行移交码告知对方（不要写在U盘上）。",
                    f"Case {given.number} handed over to counter {given.receiver}, file "
                    f"{given.file}; this PC keeps a read-only copy. Tell that counter the code "
                    "above (never write it on the stick).",
                )(lang)
            )
            return 0
        code = args.code or _ask_code(lang)
        taken = handover.receive(counter, user, file=args.file, code=code)
        print(
            text(
                f"已接收柜台 {taken.giver} 移交的案件 {taken.number}，现由本柜台办理。",
                f"Case {taken.number} received from counter {taken.giver}; it is this "
                "counter's now.",
            )(lang)
        )
        return 0
    finally:
        counter.database.close()


def _ask_code(lang: Any) -> str:
    """The hand-over code typed at the terminal; without one, said in words."""
    if not sys.stdin.isatty():
        raise HukouDeskError(
            text(
                "没有终端可以输入移交码：请在终端运行，或用 --code 提供移交码。",
                "There is no terminal to ask the hand-over code on: run this in a terminal, "
                "or give it with --code.",
            )
        )
    return getpass.getpass(text("移交码：", "Hand-over code: ")(lang))
