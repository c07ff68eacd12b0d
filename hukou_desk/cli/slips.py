"""Printing slips and checking their QR codes from the command line.

    hukou-desk print KIND --case NUMBER --out FILE.pdf --user NAME [--db PATH]
    hukou-desk verify-slip PAYLOAD --user NAME [--db PATH]
    hukou-desk reissue KIND --case NUMBER --reason TEXT --user SUPERVISOR [--db PATH]

A print is recorded in the audit trail under the signed-in user, like one from the app; a kind
that does not fit the case's state is refused with the reason (exit 2).

`verify-slip` prints what the paper is (kind, 文号, case, issue) and then its state in words;
its exit code says the state: 0 valid, 1 forged or altered, 3 lapsed, 4 void (reissued),
5 revoked, 6 cannot tell (an old code issued the day its station's key was revoked),
7 cannot check (no key for the station on this PC), 8 not a slip's code.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from hukou_desk.cli.session import add_case_file_options, open_counter, path_arg, sign_in
from hukou_desk.domain.text import Language, text

COMMANDS = ("print", "verify-slip", "reissue")
EXIT_NOT_VALID = 1
# verify-slip's exit code for each state of the paper (2 stays the command line's refusal).
VERIFY_EXITS = {
    "in_force": 0,
    "on_record": 0,
    "not_on_record": 0,
    "tampered": EXIT_NOT_VALID,
    "lapsed": 3,
    "superseded": 4,
    "revoked": 5,
    "revoked_same_day": 6,
    "unknown_station": 7,
    "not_a_slip": 8,
}
KINDS = ("receipt", "missing-documents", "application-form", "approval", "refusal")


def add_commands(commands: Any) -> None:
    printing = commands.add_parser("print", help="print a slip for a case as a PDF file")
    printing.add_argument("kind", choices=KINDS)
    printing.add_argument("--case", required=True, help="case number")
    printing.add_argument("--out", type=path_arg, required=True, help="the PDF file to write")
    add_case_file_options(printing)

    again = commands.add_parser(
        "reissue", help="a supervisor's decision that a paper (a lapsed permit) be issued anew"
    )
    again.add_argument("kind", choices=KINDS)
    again.add_argument("--case", required=True, help="case number")
    again.add_argument("--reason", required=True, help="why (kept on the record)")
    add_case_file_options(again)

    check = commands.add_parser("verify-slip", help="check a slip's QR code payload")
    check.add_argument("payload", help="the text of the QR code")
    check.add_argument("--json", action="store_true")
    add_case_file_options(check)


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.files import write_whole
    from hukou_desk.services import printing

    counter = open_counter(args)
    try:
        user = sign_in(counter, args)
        if args.command == "print":
            printed = printing.print_to_file(
                counter, user, kind=printing.SlipKind(args.kind), number=args.case
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
        if args.command == "reissue":
            printing.reissue(
                counter,
                user,
                kind=printing.SlipKind(args.kind),
                number=args.case,
                reasons=args.reason,
            )
            said = text("已记录重新签发决定", "Reissue recorded")
            print(f"{said(lang)}: {args.case}")
            return 0
        checked = printing.verify_slip(counter, user, payload=args.payload)
    finally:
        counter.database.close()
    claim = checked.claim
    exit_code = VERIFY_EXITS[checked.status]
    if args.json:
        print(
            json.dumps(
                {
                    "verdict": checked.verdict.value,
                    "status": checked.status,
                    "exit": exit_code,
                    "what": checked.what(lang),
                    "state": checked.state(lang),
                    "station": claim.station if claim else None,
                    "case": claim.number if claim else None,
                    "kind": claim.kind_code if claim else None,
                    "document_year": claim.year if claim and claim.seq else None,
                    "document_seq": claim.seq if claim and claim.seq else None,
                    "issued_on": claim.issued_on.isoformat() if claim else None,
                    "on_record": checked.on_record,
                    "said": checked.said(lang),
                },
                ensure_ascii=False,
            )
        )
    else:
        if checked.what(lang):  # what the paper is, first
            print(checked.what(lang))
        print(f"{checked.status}: {checked.state(lang)}")
    return exit_code
