"""Sample slips from a throw-away demo case file: one of each kind, as PDF and PNG renders.

    python -m hukou_desk.slips.samples [OUT_DIR]      (default: docs/slips)

The PNGs (`pdftoppm`, Debian's poppler-utils) are for looking at: the README shows them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlmodel import col, select

from hukou_desk import demo
from hukou_desk.domain.checks import LACKING
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.slips.content import ALLOWED, SlipRefused
from hukou_desk.slips.printing import print_slip
from hukou_desk.slips.wording import SlipKind, load_wording
from hukou_desk.storage import cases
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import Case

TODAY = date(2026, 11, 28)


def make_samples(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    forms = forms_dir()
    policy, calendar, wording = load_policy(forms), load_calendar(forms), load_wording(forms)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="hukou-desk-slips-") as scratch:
        database = open_database(Path(scratch) / "cases.db")
        demo.generate(database, count=400, policy=policy, calendar=calendar, today=TODAY, seed=11)
        for kind in SlipKind:
            with database.read() as session:
                candidates = [
                    c.number
                    for c in session.exec(select(Case).order_by(col(Case.serial)))
                    if CaseStatus(c.status) in ALLOWED[kind]
                    and (
                        kind is not SlipKind.MISSING_DOCUMENTS
                        or any(ch.state in LACKING for ch in cases.checks_of(session, c))
                    )
                ]
            # The sample with the most people coming along shows the tables best.
            for number in sorted(candidates, key=lambda n: _relatives(database, n), reverse=True):
                try:
                    printed = print_slip(
                        database,
                        kind=kind,
                        number=number,
                        actor="samples",
                        policy=policy,
                        wording=wording,
                        calendar=calendar,
                        today=TODAY,
                    )
                except SlipRefused:
                    continue
                pdf = out / f"{kind.value}.pdf"
                pdf.write_bytes(printed.pdf)
                made.append(pdf)
                break
        database.close()
    if shutil.which("pdftoppm"):
        for pdf in list(made):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    str(pdf),
                    str(pdf.with_suffix("")),
                ],
                check=True,
            )
            for png in out.glob(f"{pdf.stem}-*.png"):
                target = out / f"{pdf.stem}.png"
                png.replace(target)
                made.append(target)
    return made


def _relatives(database: Database, number: str) -> int:
    with database.read() as session:
        case = cases.case_by_number(session, number)
        return len(case.facts.get("relatives", []))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in make_samples(Path(args[0]) if args else Path("docs/slips")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
