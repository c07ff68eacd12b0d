"""QR read-back: papers of every kind issued from a demo case file, each page rendered with
pdftoppm at 150 and 100 dpi (grey, as a scanner or a phone sees a flat print), and also
"worn" (a 0.5-pixel blur and a 2° tilt, as tests/slips/test_issued.py does), then read with
zbarimg. A read counts when it gives the paper's own payload (the signed text it was issued
with), on the first page (44 mm code) and on every later page (a 联's first page: 44 mm; a
continuation page: 28 mm in the margin). A page that does not read whole is tried again on the
quarter of the page the code stands in, as a checker aims a phone at it.
Results: benchmarks/results/qr_readback.json

    .venv/bin/python benchmarks/bench_qr_readback.py [PAPERS_PER_KIND]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter
from sqlmodel import col, select

from hukou_desk import demo
from hukou_desk.domain.checks import LACKING
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.slips.content import ALLOWED, SlipRefused
from hukou_desk.slips.printing import Printed, print_slip
from hukou_desk.slips.wording import SlipKind, load_wording
from hukou_desk.storage import cases
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)
DPIS = (150, 100)


def papers(scratch: Path, per_kind: int) -> list[Printed]:
    forms = forms_dir()
    policy, calendar, wording = load_policy(forms), load_calendar(forms), load_wording(forms)
    database = open_database(scratch / "cases.db")
    demo.generate(database, count=400, policy=policy, calendar=calendar, today=TODAY, seed=11)
    made: list[Printed] = []
    for kind in SlipKind:
        with database.read() as session:
            candidates = [
                (len(c.facts.get("relatives", [])), c.number)
                for c in session.exec(select(Case).order_by(col(Case.serial)))
                if CaseStatus(c.status) in ALLOWED[kind]
                and (
                    kind is not SlipKind.MISSING_DOCUMENTS
                    or any(ch.state in LACKING for ch in cases.checks_of(session, c))
                )
            ]
        count = 0
        # The largest families first: the most pages, so the most later-page codes.
        for _people, number in sorted(candidates, reverse=True):
            if count == per_kind:
                break
            try:
                made.append(
                    print_slip(
                        database,
                        kind=kind,
                        number=number,
                        actor="bench",
                        policy=policy,
                        wording=wording,
                        calendar=calendar,
                        today=TODAY,
                    )
                )
                count += 1
            except SlipRefused:
                continue
    database.close()
    return made


def read(png: Path) -> str:
    return subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True
    ).stdout.strip()


def main(argv: list[str]) -> int:
    per_kind = int(argv[0]) if argv else 6
    scratch = Path(tempfile.mkdtemp(prefix="hukou-desk-qr-"))
    tally: dict[str, dict[str, list[int]]] = {}
    failures: list[dict[str, Any]] = []
    for index, printed in enumerate(papers(scratch, per_kind)):
        pdf = scratch / f"{index:03d}.pdf"
        pdf.write_bytes(printed.pdf)
        kind = printed.slip.kind.value
        for dpi in DPIS:
            stem = scratch / f"{index:03d}-{dpi}"
            subprocess.run(
                ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(stem)], check=True
            )
            for png in sorted(scratch.glob(f"{stem.name}-*.png")):
                page = int(png.stem.rsplit("-", 1)[1])
                where = "first page" if page == 1 else "later pages"
                worn_png = png.with_name(png.stem + "-worn.png")
                with Image.open(png) as image:
                    worn = image.convert("L").filter(ImageFilter.GaussianBlur(0.5))
                    worn.rotate(2, expand=True, fillcolor=255).save(worn_png)
                for how, path in (("plain", png), ("worn", worn_png)):
                    key = f"{dpi} dpi {how}, {where}"
                    counts = tally.setdefault(key, {}).setdefault(kind, [0, 0])
                    ok = read(path) == printed.payload
                    counts[0] += ok
                    counts[1] += 1
                    if not ok:
                        # As a checker aims a phone at the code: the quarter of the page it
                        # stands in (top right on a 联's first page, bottom right after).
                        corner = path.with_name(path.stem + "-corner.png")
                        with Image.open(path) as image:
                            w, h = image.size
                            box = (
                                (w // 2, 0, w, h // 3) if page == 1 else (w // 2, h * 2 // 3, w, h)
                            )
                            image.crop(box).save(corner)
                        failures.append(
                            {
                                "kind": kind,
                                "page": page,
                                "dpi": dpi,
                                "how": how,
                                "read_from_the_codes_corner": read(corner) == printed.payload,
                            }
                        )
    result: dict[str, Any] = {
        "what": "papers per kind (largest families first) from a 400-case demo file; each "
        "page rendered grey with pdftoppm, plain and worn (0.5 px blur, 2° tilt), read with "
        "zbarimg; [read, tried] against the paper's own payload",
        "papers_per_kind": per_kind,
        "reads": tally,
        "rate": {
            key: round(sum(r for r, _ in v.values()) / sum(n for _, n in v.values()), 4)
            for key, v in tally.items()
        },
        "failures": failures,
    }
    out = HERE / "results" / "qr_readback.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result["rate"], indent=2, ensure_ascii=False), len(failures), "failures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
