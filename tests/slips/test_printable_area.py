"""Everything on a paper lies where a printer prints: no ink within 5 mm of the sheet's edge
(a laser printer's unprintable border is about 4.2 mm), so no later page's code is cut."""

from __future__ import annotations

import subprocess

import pytest
from PIL import Image

from hukou_desk.slips.wording import SlipKind
from tests.slips.conftest import POPPLER, make_case
from tests.slips.conftest import print_for as _print

EDGE_MM = 5.0


@POPPLER
@pytest.mark.parametrize("kind", [SlipKind.APPROVAL, SlipKind.RECEIPT])
@pytest.mark.slow
def test_no_ink_within_five_millimetres_of_the_edge_on_any_page(
    db, staff, policy, calendar, wording, tmp_path, kind
):
    number = make_case(db, staff, policy, calendar, relatives=11)  # pages after the first
    printed = _print(db, policy, calendar, wording, kind, number)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(printed.pdf)
    dpi = 72
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 3
    edge = EDGE_MM / 25.4 * dpi
    for png in pages:
        with Image.open(png) as image:
            grey = image.convert("L")
            box = grey.point(lambda v: 255 if v < 200 else 0).getbbox()
            assert box is not None
            left, top, right, bottom = box
            assert left >= edge and top >= edge, (png.name, box)
            assert grey.width - right >= edge and grey.height - bottom >= edge, (png.name, box)


@POPPLER
def test_a_four_person_familys_receipt_keeps_each_name_on_one_line_and_one_page_a_part(
    db, staff, policy, calendar, wording, tmp_path
):
    """Whose each paper is (随迁人员 and the name) is never broken inside the name, and the
    receipt of an applicant with three relatives is one page a 联."""
    from tests.slips.conftest import pdf_text

    names = ["林小芳", "陈一宝", "欧阳珺"]
    number = make_case(
        db,
        staff,
        policy,
        calendar,
        relatives=3,
        relative_names=names,
        relationships=["12", "20", "30"],
        finish="submit",
    )
    printed = _print(db, policy, calendar, wording, SlipKind.RECEIPT, number)
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(printed.pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert f"Pages:           {len(printed.slip.parts)}" in info
    lines = pdf_text(pdf).splitlines()
    for name in names:
        assert any(f"随迁人员 {name}" in line for line in lines), name
