"""Build the slips' body face: Noto Serif CJK SC (SIL OFL 1.1), cut to the characters official
papers use and converted to TrueType outlines, which reportlab can embed (it cannot embed the
CFF outlines Noto CJK ships with).

    .venv/bin/pip install fonttools
    apt-get download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb noto
    .venv/bin/python packaging/make_serif_font.py \
        noto/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
        resources/fonts/NotoSerifSC-Slips.ttf
    .venv/bin/python packaging/make_serif_font.py \
        noto/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc \
        resources/fonts/NotoSerifSC-Slips-Bold.ttf title

The cut: every CJK ideograph the simplified-Chinese face draws (the whole URO, Ext A, the
Ext B–F characters Noto chose for China, the compatibility ideographs: about 30,000, so a name's
rare character is printed in the same Song face as the rest, not in the sans one), GB 2312's
punctuation, CJK and full-width punctuation, and every character the forms' wording uses.
A character outside it (the rest of Ext B–F) is drawn from the extension face, a Ming/Song
face too (Hanazono). Run once when the forms' wording gains characters; the output is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
SC = 2  # the collection's simplified-Chinese face


def _gb2312() -> set[int]:
    found: set[int] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


# The ideograph blocks: URO, Ext A, Ext B–F (and G, H where the face has any), compatibility.
IDEOGRAPHS = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x323AF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _ideographs(font: TTFont) -> set[int]:
    mapped = font.getBestCmap()
    return {code for code in mapped if any(low <= code <= high for low, high in IDEOGRAPHS)}


def _wording() -> set[int]:
    return {
        ord(char)
        for path in (ROOT / "forms").rglob("*.toml")
        for char in path.read_text(encoding="utf-8")
        if ord(char) >= 0x2E80
    }


def _to_truetype(font: TTFont) -> None:
    """Cubic (CFF) outlines to quadratic (glyf) ones, within a thousandth of an em."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    quadratic = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        quadratic[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = quadratic
    del font["CFF "]
    for table in ("VORG",):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width, _lsb = hmtx[name]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\000\001\000\000"


def main(source: str, target: str, cut: str = "body") -> int:
    """`cut` "body": the regular face for everything; "title": the bold face (GB/T 9704's
    小标宋 for the titles) holding only the forms' wording, ASCII and punctuation."""
    font = TTCollection(source).fonts[SC]
    # ASCII too: a paragraph turns the ideographic space into a plain one, set in this face.
    wanted = _wording() | set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040))
    if cut == "body":
        wanted |= _gb2312() | _ideographs(font)
    wanted |= set(range(0xFF00, 0xFFF0))
    options = subset.Options()
    options.layout_features = []  # no alternates: horizontal body text only
    options.name_IDs = ["*"]  # the licence and the names stay
    options.hinting = False
    options.notdef_outline = True
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=wanted)
    cutter.subset(font)
    _to_truetype(font)
    font.save(target)
    print(f"{target}: {len(font.getGlyphOrder())} glyphs, {Path(target).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
