"""Printing slips and checking their QR codes from the command line.

    hukou-desk print KIND --case NUMBER --out FILE.pdf [--db PATH]
    hukou-desk verify-slip PAYLOAD [--db PATH]

A print is recorded in the audit trail like one from the app; a kind that does not fit the
case's state is refused with the reason (exit 2).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.cli_cases import _actor, _existing
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.domain.text import Language, text
from hukou_desk.files import write_whole
from hukou_desk.paths import forms_dir
from hukou_desk.slips.printing import print_slip, verify_payload
from hukou_desk.slips.signing import Verdict
from hukou_desk.slips.wording import SlipKind, load_wording

COMMANDS = ("print", "verify-slip")
EXIT_NOT_VALID = 1

VERDICTS = {
    Verdict.VALID: text(
        "有效：本件由该派出所出具，内容未被改动。", "valid: issued by that station, unaltered"
    ),
    Verdict.TAMPERED: text(
        "无效：签名与内容不符，本件可能被篡改。", "tampered: the signature does not match"
    ),
    Verdict.UNKNOWN_STATION: text(
        "无法核验：本机没有该派出所的公钥。", "unknown station: this PC has no key for it"
    ),
    Verdict.NOT_A_SLIP: text(
        "无效：这不是本系统出具的二维码。", "not a slip code from this system"
    ),
}


def add_commands(commands: Any) -> None:
    printing = commands.add_parser("print", help="print a slip for a case as a PDF file")
    printing.add_argument("kind", choices=[k.value for k in SlipKind])
    printing.add_argument("--case", required=True, help="case number")
    printing.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    printing.add_argument("--db", type=Path, help="case file (default: the user's data folder)")
    printing.add_argument("--forms", type=Path, help=argparse.SUPPRESS)

    check = commands.add_parser("verify-slip", help="check a slip's QR code payload")
    check.add_argument("payload", help="the text of the QR code")
    check.add_argument("--json", action="store_true")
    check.add_argument("--db", type=Path, help="case file (default: the user's data folder)")


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    database = _existing(args.db)
    try:
        if args.command == "print":
            return _print(database, args, lang)
        with database.write() as session:
            checked = verify_payload(session, args.payload, actor=_actor())
        if args.json:
            claim = checked.claim
            print(
                json.dumps(
                    {
                        "verdict": checked.verdict.value,
                        "station": claim.station if claim else None,
                        "case": claim.number if claim else None,
                        "kind": claim.kind_code if claim else None,
                        "issued_on": claim.issued_on.isoformat() if claim else None,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            line = VERDICTS[checked.verdict](lang)
            if checked.claim is not None:
                claim = checked.claim
                line += f" [{claim.station} {claim.number} {claim.kind_code} {claim.issued_on}]"
            print(line)
        return 0 if checked.verdict is Verdict.VALID else EXIT_NOT_VALID
    finally:
        database.close()


def _print(database: Any, args: argparse.Namespace, lang: Language) -> int:
    forms = args.forms or forms_dir()
    printed = print_slip(
        database,
        kind=SlipKind(args.kind),
        number=args.case,
        actor=_actor(),
        policy=load_policy(forms),
        wording=load_wording(forms),
        calendar=load_calendar(forms),
        today=date.today(),
    )
    write_whole(args.out, printed.pdf)
    said = (
        text("已打印（补打）", "Printed (reprint)")
        if printed.reprint
        else text("已打印", "Printed")
    )
    print(f"{said(lang)}: {args.out}")
    print(printed.payload)
    return 0
