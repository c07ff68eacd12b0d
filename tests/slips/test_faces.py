"""Names print in the body's Song face: the common name characters outside GB 2312 (珺, 堃…)
and the rest of the CJK blocks come from the shipped Noto Serif cut, not from the sans face;
the text layer maps every character back, Ext B included, so the PDF is searchable."""

from __future__ import annotations

import subprocess

import pytest

from hukou_desk.slips.render import FONT_NAME, SANS_NAME, _cmaps, _ext_cmap, font_for
from hukou_desk.slips.wording import SlipKind
from tests.slips.conftest import POPPLER, make_case, pdf_text
from tests.slips.conftest import print_for as _print
from tests.slips.test_issued import APPROVED

# Name characters in common use that GB 2312 lacks (the 2013 通用规范汉字表 added most of them).
NAME_CHARACTERS = "珺堃昇玥璟瑄旻喆彧祎禕玙暐曌曈淏翀赟"


def _outside_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def test_common_name_characters_outside_gb2312_are_in_the_song_face():
    assert all(_outside_gb2312(char) for char in NAME_CHARACTERS)  # the point of the list
    assert {char: font_for(char) for char in NAME_CHARACTERS} == dict.fromkeys(
        NAME_CHARACTERS, FONT_NAME
    )


def test_every_ideograph_the_sans_face_has_the_song_face_has_too():
    """No CJK ideograph a name may carry falls back to the sans face: the URO and Ext A
    whole, and every Ext B–F character either face has is in the Song face or the extension
    face (Hanazono Mincho, a Song face too) when that is on this PC."""
    body, sans, _latin = _cmaps()
    blocks = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x323AF))
    ideographs = [c for low, high in blocks for c in range(low, high + 1) if c in sans]
    assert len(ideographs) > 20_000
    assert [hex(c) for c in ideographs if c not in body] == []
    assert all(c in body for c in range(0x4E00, 0x9FA6))  # the URO of Unicode 1.1, whole
    assert all(c in body for c in range(0x3400, 0x4DB6))  # Ext A, whole
    ext = _ext_cmap()
    if ext:
        assert all(font_for(chr(c)) != SANS_NAME for c in range(0x20000, 0x2A6E0) if c in ext)


@POPPLER
@pytest.mark.slow
def test_a_family_of_rare_names_prints_in_one_face_and_the_text_layer_finds_each(
    db, staff, policy, calendar, wording, tmp_path
):
    names = ["王珺", "李堃昇", "张玥璟", "陈𠮷祎"]  # 𠮷: Ext B, in the Song cut
    number = make_case(
        db, staff, policy, calendar, name="赵曌翀", relatives=len(names), relative_names=names
    )
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    path = tmp_path / "approval.pdf"
    path.write_bytes(printed.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    faces = {row.split()[0].split("+")[-1] for row in fonts.splitlines()[2:]}
    assert not any("Droid" in face for face in faces), fonts  # no sans face on the paper
    assert any("NotoSerifCJK" in face for face in faces), fonts
    layer = "".join(pdf_text(path).split())
    for name in ["赵曌翀", *names]:
        assert name in layer, name
    assert "₻" not in layer
    found = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "𠮷" in found  # a search (pdftotext's plain mode) finds the Ext B character


@POPPLER
def test_the_title_is_set_in_the_bold_song_face_and_the_body_in_the_regular_one(
    db, staff, policy, calendar, wording, tmp_path
):
    """GB/T 9704's 小标宋 for the title: Noto Serif SC Bold (cut to the forms' wording); a
    title with a character the bold cut lacks falls back to the regular face drawn heavy."""
    from hukou_desk.slips.render import TITLE_NAME, title_font

    assert title_font("准予迁入证明") == TITLE_NAME
    assert title_font("准予迁入证明（珺）") is None  # not in the forms' wording
    number = make_case(db, staff, policy, calendar)
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    path = tmp_path / "approval.pdf"
    path.write_bytes(printed.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    faces = [row.split()[0] for row in fonts.splitlines()[2:]]
    assert any(face.endswith("NotoSerifCJKsc-Bold") for face in faces), fonts
    assert any(face.endswith("NotoSerifCJKsc-Regular") for face in faces), fonts
    assert "准予迁入证明" in "".join(pdf_text(path).split())
