"""The layout over the longest real values: nothing overprints, every signature and seal
shares a page with the facts it attests, every 联 printed and labelled, at every family size."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from hukou_desk.domain.loader import load_registration_offices
from hukou_desk.paths import forms_dir
from hukou_desk.slips.content import Table
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage import cases
from tests.slips.conftest import POPPLER, make_case
from tests.slips.conftest import print_for as _print

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
LONG_NAME = "欧阳" + "丽" * 28  # 30 characters: the longest the identity card holds
MINORITY = "阿依古丽·买买提·艾合买提·吐尔逊·阿不都热合曼"  # five parts
ADDRESS = "广东省江门市恩平市恩城街道锦江大道东新城花园第十二栋二单元1203房之二" * 2
RELATIONSHIPS = ["10", "20", "20", "30", "30", "50", "50", "20", "30", "20", "30", "20"]


def _pages(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(page)]
        for page in html.split("<page ")[1:]
    ]


def overprints(path: Path, tolerance: float = 1.0) -> list[str]:
    """Words whose boxes overlap by more than `tolerance` points both ways (as
    /work/shared/tools/pdf_overprint.py judges a paper)."""
    found = []
    for number, words in enumerate(_pages(path), start=1):
        for i, p in enumerate(words):
            for q in words[i + 1 :]:
                wide = min(p[2], q[2]) - max(p[0], q[0])
                high = min(p[3], q[3]) - max(p[1], q[1])
                if wide > tolerance and high > tolerance:
                    found.append(f"p.{number}: {p[4]!r} / {q[4]!r}")
    return found


def _longest_station(db) -> str:
    offices = [o for found in load_registration_offices(forms_dir()).values() for o in found]
    longest = max(offices, key=len)
    with db.write() as session:
        cases.set_station(
            session,
            actor="setup",
            code="440703001",
            name=longest,
            district="440703",
            phone="0750-12345678",
            address=ADDRESS,
        )
    return longest


CASES = {
    SlipKind.RECEIPT: {"finish": "approve"},
    SlipKind.APPLICATION_FORM: {"finish": "approve"},
    SlipKind.APPROVAL: {"finish": "approve"},
    SlipKind.REFUSAL: {"finish": "refuse", "owned": False},
    SlipKind.MISSING_DOCUMENTS: {"finish": "draft", "lacking": "property_deed"},
}


@POPPLER
@pytest.mark.parametrize("people", [1, 3, 6, 12])
@pytest.mark.parametrize("kind", list(CASES))
@pytest.mark.slow
def test_no_paper_overprints_or_strands_a_signature_over_the_longest_values(
    db, staff, policy, calendar, wording, tmp_path, kind, people
):
    station = _longest_station(db)
    relatives = people - 1
    names = [MINORITY if i % 2 else LONG_NAME for i in range(relatives)]
    number = make_case(
        db,
        staff,
        policy,
        calendar,
        name=LONG_NAME if people % 2 else MINORITY,
        relatives=relatives,
        relative_names=names,
        relationships=RELATIONSHIPS[:relatives],
        address=ADDRESS,
        **CASES[kind],
    )
    printed = _print(db, policy, calendar, wording, kind, number)
    path = tmp_path / f"{kind.value}-{people}.pdf"
    path.write_bytes(printed.pdf)
    assert overprints(path) == []
    boxes = _pages(path)
    pages = ["".join(w[4] for w in words) for words in boxes]
    slip = printed.slip
    parts = slip.parts or ("",)
    # Each 联 once, labelled on each of its pages, in order; the header names the station.
    labelled = [
        next((p for p in parts if p and set(p.split()) <= {w[4] for w in words}), "")
        for words in boxes
    ]
    assert [p for i, p in enumerate(labelled) if i == 0 or p != labelled[i - 1]] == list(parts)
    assert all("".join(station.split()) in page for page in pages)
    # The seal stands on the page of the facts it attests: the last table's last row (or,
    # without a table, the last field) is on the page that carries the seal, in every 联.
    tables = [b for b in slip.blocks if isinstance(b, Table) and b.rows]
    attested = tables[-1].rows[-1] if tables else slip.fields[-1]
    # An identity number never wraps; another cell may, so its first line (six characters).
    numbers = [c for c in attested if re.fullmatch(r"\d{17}[\dX]", c)]
    facts = numbers[0] if numbers else "".join(max(attested, key=len).split())[:6]
    # The seal (the station's name may wrap before （盖章）): only the seal block says （盖章）.
    sealed = [page for page in pages if wording.common.seal in page]
    assert len(sealed) == len(parts)
    for page in sealed:
        assert facts in page, (facts, page[:200])
    for label in slip.signatures:
        assert all(label in page for page in sealed)
    # A 30-character name is printed whole in the fields and every page's header.
    whole = "".join(pages)
    assert whole.count(slip.applicant_name) >= len(pages)
