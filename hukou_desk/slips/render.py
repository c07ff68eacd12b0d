"""A slip as an A4 PDF (reportlab): the font subset embedded, text wrapped, QR code signed.

The CJK font ships with the app (`resources/fonts/`); when it is missing the first font found
in a fixed list of system paths is used, so a slip never depends on whatever the PC happens to
have. Every character is checked against the font before anything is drawn: a name the font
cannot show is refused with the characters named, rather than printed as empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.barcode.qr import QrCode
from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from hukou_desk.domain.text import text
from hukou_desk.paths import resources_dir
from hukou_desk.slips.content import Sentence, Slip, SlipRefused, Table, cn_date
from hukou_desk.slips.wording import Wording


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with every code point written as UTF-16 (a surrogate pair
    beyond the BMP): its own writes U+20BB7 as <20BB7>, which readers take as U+20BB (₻), so
    a search for 𠮷 in the PDF never found it."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

FONT_NAME = "HukouDeskCJK"  # the body face: the shipped serif cut, else the sans face
SANS_NAME = "HukouDeskCJKSans"  # for what the serif cut lacks (symbols; no ideograph)
LATIN_NAME = "HukouDeskLatin"  # reportlab's own Bitstream Vera: the CJK font has no Latin
SHIPPED_FONT = "fonts/DroidSansFallbackFull.ttf"
# Official papers are set in a serif (宋体) face: Noto Serif CJK SC (OFL), cut by
# packaging/make_serif_font.py to every ideograph the SC face has (URO, Ext A, its Ext B–F),
# so a rare name character prints in the same face as the rest of the name.
SERIF_FONT = "fonts/NotoSerifSC-Slips.ttf"
# The titles' 小标宋 (GB/T 9704): Noto Serif CJK SC Bold, cut to the forms' wording.
TITLE_FONT = "fonts/NotoSerifSC-Slips-Bold.ttf"
TITLE_NAME = "HukouDeskCJKTitle"
# Tried in this order when the shipped font is missing (a trimmed install).
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
# 44 mm with the standard 4-module quiet zone: read back at 100 dpi through a 0.5-pixel blur
# and a 2° tilt (tests/slips/test_issued.py); at 40 mm the 172-character HKD2 code lost one in
# ten of those (which minute it names changes the pattern); at 30 mm a slight blur lost it.
EXT_NAME = "HukouDeskCJKExt"  # the CJK extensions B and after (rare characters in names)
# A face for the characters beyond the shipped font (CJK Ext B–F: 𠮷 …), the first found:
# one shipped beside the app's font, Debian's fonts-hanazono (OFL), Windows' SimSun-ExtB.
EXT_SHIPPED = "fonts/HanaMinB.ttf"  # under resources/, when a package ships it
EXT_SYSTEM = ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", "C:/Windows/Fonts/simsunb.ttf")
QR_SIZE = 44 * mm
# On the pages after the first, in the bottom margin: 28 mm with a one-module border drawn
# (the margin's white around it is the rest of the standard 4-module quiet zone), so its
# modules are 0.51 mm: read at 150 and 100 dpi through a blur and a tilt
# (benchmarks/bench_qr_readback.py), where 25 mm with the border inside (0.41 mm modules)
# lost one continuation page's code in four; 15 mm needed 200–300 dpi.
LATER_QR = 28 * mm
LATER_QR_BORDER = 1
# Its foot 6 mm above the sheet's edge: printers do not print the last 4–5 mm (a laser's
# unprintable border; an inkjet's is often wider at the foot), and a code cut there is lost.
# Its top stays below the 版心 (35 mm): 6 + 28 = 34 mm, the drawn border white.
LATER_QR_BOTTOM = 6 * mm
# GB/T 9704-2012 §5.2.1: A4, 版心 156 mm × 225 mm, top margin 37 mm, left 28 mm. The running
# header (station, paper, case) sits in the top margin and the page number and the later
# pages' code in the bottom one, as the standard puts its 页码 there.
LEFT = 28 * mm
RIGHT = A4[0] - LEFT - 156 * mm
TOP = 37 * mm
BOTTOM = A4[1] - TOP - 225 * mm
BODY_WIDTH = A4[0] - LEFT - RIGHT
BODY_HEIGHT = A4[1] - TOP - BOTTOM
HEADER_SIZE = 9.0


def font_path() -> Path:
    shipped = resources_dir() / SHIPPED_FONT
    if shipped.is_file():
        return shipped
    for candidate in map(Path, SYSTEM_FONTS):
        if candidate.is_file():
            return candidate
    raise SlipRefused(
        text(
            "找不到打印用的中文字体，请重新安装本软件。",
            "No Chinese font for printing was found; reinstall the app.",
        )
    )


def register_font() -> str:
    """Register the CJK and Latin fonts with reportlab once; returns the CJK font's name."""
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT_NAME not in registered:
        serif = resources_dir() / SERIF_FONT
        sans = str(font_path())
        pdfmetrics.registerFont(TTFont(SANS_NAME, sans, subfontIndex=0))
        body = str(serif) if serif.is_file() else sans
        pdfmetrics.registerFont(TTFont(FONT_NAME, body, subfontIndex=0))
    if LATIN_NAME not in registered:
        vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        pdfmetrics.registerFont(TTFont(LATIN_NAME, str(vera)))
        # Drawings (the QR code) start from this font: ours, not an unembedded Helvetica.
        STATE_DEFAULTS["fontName"] = LATIN_NAME
    return FONT_NAME


def _cmaps() -> tuple[Any, Any, Any]:
    register_font()
    body: Any = pdfmetrics.getFont(FONT_NAME)
    sans: Any = pdfmetrics.getFont(SANS_NAME)
    latin: Any = pdfmetrics.getFont(LATIN_NAME)
    return body.face.charToGlyph, sans.face.charToGlyph, latin.face.charToGlyph


_EXT: dict[str, Any] = {}


def _ext_cmap() -> Any:
    """The extension face's characters, the face registered on first need (most slips never
    need it); an empty map when no such face is on this PC."""
    if "cmap" not in _EXT:
        _EXT["cmap"] = {}
        for found in (resources_dir() / EXT_SHIPPED, *map(Path, EXT_SYSTEM)):
            if found.is_file():
                pdfmetrics.registerFont(TTFont(EXT_NAME, str(found)))
                face: Any = pdfmetrics.getFont(EXT_NAME)
                _EXT["cmap"] = face.face.charToGlyph
                break
    return _EXT["cmap"]


def font_for(char: str) -> str | None:
    """Which font draws `char`: Latin letters, digits and signs from the Latin font, the rest
    from the CJK font; None when neither has it."""
    body, sans, latin = _cmaps()
    code = ord(char)
    if (
        code in body
    ):  # the Song face's own digits and letters too (GB/T 9704: digits in the body face)
        return FONT_NAME
    if code in sans:
        return SANS_NAME
    if code in latin:
        return LATIN_NAME
    return EXT_NAME if code in _ext_cmap() else None


def runs(value: str) -> list[tuple[str, str]]:
    """`value` cut into (font, text) runs."""
    out: list[tuple[str, str]] = []
    for char in value:
        font = font_for(char) or FONT_NAME
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def missing_glyphs(content: str) -> list[str]:
    """The characters of `content` no font can draw, each once, in order."""
    seen: list[str] = []
    for char in content:
        if char.isspace() or ord(char) < 0x20 or char in seen:
            continue
        if font_for(char) is None:
            seen.append(char)
    return seen


def _styles() -> dict[str, ParagraphStyle]:
    font = register_font()
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "base": base,
        "label": ParagraphStyle("label", parent=base, textColor=colors.HexColor("#333333")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13.5),
        "head": ParagraphStyle("head", parent=base, fontSize=10, leading=13.5),
        "strong": ParagraphStyle("strong", parent=base, fontSize=11, leading=16),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "section": ParagraphStyle(
            "section", parent=base, fontSize=11.5, leading=16, spaceBefore=3 * mm
        ),
        "number": ParagraphStyle("number", parent=base, fontSize=10, alignment=TA_CENTER),
        "seal": ParagraphStyle("seal", parent=base, fontSize=11, leading=17, alignment=TA_RIGHT),
    }


def _markup(value: str) -> str:
    parts = []
    for font, chunk in runs(value):
        escaped = escape(chunk).replace("\n", "<br/>")
        parts.append(escaped if font == FONT_NAME else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def _p(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_markup(value), style)


def width_of(value: str, size: float) -> float:
    """How wide `value` prints at `size`, each run in its own font."""
    return float(sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs(value)))


def fitted(value: str, size: float, room: float) -> float:
    """The size at which `value` fits in `room` points: `size`, or smaller (never larger)."""
    width = width_of(value, size)
    return size if width <= room else size * room / width


def _draw(
    canvas: Canvas,
    x: float,
    y: float,
    value: str,
    size: float,
    anchor: str = "left",
    *,
    heavy: float = 0.0,
) -> None:
    """A line of mixed Chinese and Latin text on the canvas, each run in its font; `heavy`
    strokes the outlines this wide too (a bold weight from the Song face)."""
    pieces = runs(value)
    width = width_of(value, size)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for font, chunk in pieces:
        text_object = canvas.beginText(x, y)
        text_object.setFont(font, size)
        if heavy:
            canvas.setLineWidth(heavy)
            canvas.setLineJoin(1)
            text_object.setTextRenderMode(2)  # fill and stroke
        text_object.textOut(chunk)
        canvas.drawText(text_object)
        x += pdfmetrics.stringWidth(chunk, font, size)


def title_font(title: str) -> str | None:
    """The bold Song face, registered on first need, when it has every character of `title`
    (a station's own wording may have one it lacks: then the regular face drawn heavy)."""
    if TITLE_NAME not in pdfmetrics.getRegisteredFontNames():
        found = resources_dir() / TITLE_FONT
        if not found.is_file():
            return None
        pdfmetrics.registerFont(TTFont(TITLE_NAME, str(found)))
    face: Any = pdfmetrics.getFont(TITLE_NAME)
    cmap = face.face.charToGlyph
    return TITLE_NAME if all(ord(char) in cmap for char in title) else None


class _Title(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """The paper's title, centred: GB/T 9704's 2号 (22 pt) 小标宋 — the bold Song face (the
    regular one drawn heavy for a character the bold cut lacks) — shrunk, never wrapped, if a
    station's wording makes it wider."""

    SIZE = 22.0

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.size = self.SIZE

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        bold = title_font(self.title)
        if bold is None:
            self.size = fitted(self.title, self.SIZE, avail_width)
        else:
            width = pdfmetrics.stringWidth(self.title, bold, self.SIZE)
            self.size = min(self.SIZE, self.SIZE * avail_width / width)
        return avail_width, self.size * 1.4

    def draw(self) -> None:
        bold = title_font(self.title)
        if bold is None:
            _draw(
                self.canv,
                self.width / 2,
                self.size * 0.35,
                self.title,
                self.size,
                "centre",
                heavy=self.size / 28,
            )
            return
        self.canv.setFont(bold, self.size)
        self.canv.drawCentredString(self.width / 2, self.size * 0.35, self.title)


def _grid(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("FONT", (0, 0), (-1, -1), FONT_NAME),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            *extra,
        ]
    )


def _fields(slip: Slip, width: float, styles: dict[str, ParagraphStyle]) -> PdfTable:
    """Label and value, a row each; a long value (an address) wraps inside its cell."""
    rows = [[_p(label, styles["label"]), _p(value, styles["cell"])] for label, value in slip.fields]
    label_width = 0.27 * width
    shade = [("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2"))]
    return PdfTable(
        rows, colWidths=[label_width, width - label_width], style=_grid(shade), repeatRows=0
    )


def _table(
    table: Table, width: float, styles: dict[str, ParagraphStyle]
) -> tuple[list[Flowable], PdfTable]:
    """The table's title and grid; the grid apart, for the keep-together of the last one."""
    total = sum(table.widths)
    widths = [width * w / total for w in table.widths]
    head = [_p(c, styles["head"]) for c in table.columns]
    body = [[_p(cell, styles["cell"]) for cell in row] for row in table.rows]
    if not body:
        body = [[_p("—", styles["cell"]) for _ in table.columns]]
    grid = PdfTable(
        [head, *body],
        colWidths=widths,
        repeatRows=1,  # a table continued on the next page repeats its header row
        style=_grid([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6"))]),
    )
    out: list[Flowable] = []
    if table.title:
        out.append(_p(table.title, styles["section"]))
        out.append(Spacer(1, 1.5 * mm))
    return out, grid


class _Attested(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """The last table of facts with what follows it (sentences, signatures, seal): when it
    does not fit where it stands, the table is split so that at least its last rows go over
    with the signatures — a signature or a seal never stands on a page without the facts it
    attests."""

    KEEP_ROWS = 2  # body rows carried over with the signatures

    def __init__(
        self,
        grid: PdfTable,
        after: list[Flowable],
        body_rows: int,
        lead: list[Flowable] | None = None,
    ) -> None:
        super().__init__()
        self.lead = lead or []  # the table's title: never left at a page's foot without it
        self.grid = grid
        self.after_list = after
        self.after = KeepTogether(after)
        self.body_rows = body_rows
        self._heights = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._lead_heights = [f.wrapOn(self.canv, avail_width, avail_height)[1] for f in self.lead]
        _w, table = self.grid.wrapOn(self.canv, avail_width, avail_height)
        table += sum(self._lead_heights)
        self._after_heights = [
            f.wrapOn(self.canv, avail_width, avail_height)[1] for f in self.after_list
        ]
        rest = sum(self._after_heights)
        self._heights = (table, rest)
        self.width, self.height = avail_width, table + rest
        return avail_width, table + rest

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        table, rest = self._heights
        if table + rest <= avail_height:
            return [*self.lead, self.grid, *self.after_list]
        rows = self.grid._rowHeights  # header first
        avail_height -= sum(self._lead_heights)
        fresh_page = avail_height >= BODY_HEIGHT - 13  # the frame's padding
        keep = min(self.KEEP_ROWS, self.body_rows)
        # As many rows as fit here, leaving `keep` for the signatures' page.
        used, fits = rows[0], 0
        for height in rows[1 : 1 + self.body_rows - keep]:
            if used + height > avail_height:
                break
            used += height
            fits += 1
        if fits == 0:
            if not fresh_page:
                return []  # all of it to the next page
            return [*self.lead, self.grid, self.after]  # taller than a page: as it can
        parts = self.grid.split(avail_width, used + 0.5)
        if len(parts) != 2:
            return [] if not fresh_page else [*self.lead, self.grid, self.after]
        first, remainder = parts
        return [*self.lead, first, _Attested(remainder, self.after_list, self.body_rows - fits)]

    def draw(self) -> None:
        """All of it where it stands (it fitted): the table, then what follows, top down."""
        y = self.height
        for flowable, height in zip(self.lead, self._lead_heights, strict=True):
            y -= height
            flowable.drawOn(self.canv, self._centred(flowable), y)
        y -= self._heights[0] - sum(self._lead_heights)
        self.grid.drawOn(self.canv, self._centred(self.grid), y)
        for flowable, height in zip(self.after_list, self._after_heights, strict=True):
            y -= height
            flowable.drawOn(self.canv, self._centred(flowable), y)

    def _centred(self, flowable: Flowable) -> float:
        """Where a table starts, centred as the frame centres one (the others fill the width)."""
        return (self.width - getattr(flowable, "_width", self.width)) / 2


class _Qr(QrCode):  # type: ignore[misc]  # reportlab ships no types
    """reportlab's QR flowable, drawn straight onto the page (a Drawing of 3,000 shapes costs
    twenty times as much), with one fixed mask pattern: trying all eight and scoring them is
    most of the encoder's time, and any of the eight is a valid code every reader decodes."""

    def __init__(self, payload: str, size: float = QR_SIZE, border: int = 4) -> None:
        # Level M: a smudge from a counter printer still reads.
        super().__init__(payload, width=size, height=size, qrLevel="M", qrBorder=border)
        self.qr.getBestMaskPattern = lambda: 0


def _qr(payload: str) -> Flowable | str:
    """The signed code; none on a draft (a preview before the issue signs nothing)."""
    return _Qr(payload) if payload else ""


class _Part(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Marks where a 联 (copy) of the paper begins: the pages from here on carry its label."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.hukou_part = self.label
        self.canv.hukou_part_start = self.canv.getPageNumber()


class _Pages(Canvas):  # type: ignore[misc]  # reportlab ships no types
    """Two passes over the pages, so each can say 'page 1 of 3' within its 联, and carry the
    running header measured for its 联's label."""

    def __init__(self, *args: Any, decorate: Any, **kwargs: Any) -> None:
        # Our own Latin font from the first line: no unembedded Helvetica in the file.
        kwargs["initialFontName"] = LATIN_NAME
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []
        self._decorate = decorate
        self.hukou_part = ""
        self.hukou_part_start = 1

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        starts = [state["hukou_part_start"] for state in self._saved]
        for index, state in enumerate(self._saved):
            self.__dict__.update(state)
            start = starts[index]
            pages = sum(1 for s in starts if s == start)
            self._decorate(self, state["hukou_part"], self._pageNumber - start + 1, pages)
            super().showPage()
        super().save()


def _check_glyphs(slip: Slip, payload: str) -> None:
    missing = missing_glyphs(slip.printed_text() + payload)
    if missing:
        chars = "、".join(missing)
        codes = ", ".join(f"U+{ord(c):04X}" for c in missing)
        raise SlipRefused(
            text(
                f"打印字体缺少以下字符的字形：{chars}（{codes}）。请勿打印，联系管理员处理。",
                f"The printing font has no glyph for: {chars} ({codes}). Do not print; "
                "tell the administrator.",
            )
        )


def _story(
    slip: Slip, payload: str, wording: Wording, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """One 联 of the paper, from the title to the notes."""
    common = wording.common
    width = BODY_WIDTH
    # The title centred on the page: an empty cell as wide as the code balances it.
    side = QR_SIZE + 2 * mm
    middle: list[Flowable] = [_Title(slip.title)]
    if slip.document_number:
        middle += [Spacer(1, 2 * mm), _p(slip.document_number, styles["number"])]
    title = PdfTable(
        [["", middle, _qr(payload)]],
        colWidths=[side, width - 2 * side, side],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_NAME),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    story: list[Flowable] = [title]
    fields = _fields(slip, width, styles)
    story += [Spacer(1, 2 * mm)]
    # The last table holds the facts the signatures attest; with none, the fields do.
    last = max((i for i, b in enumerate(slip.blocks) if isinstance(b, Table)), default=-1)
    attested: tuple[PdfTable, int] = (fields, len(slip.fields))
    lead: list[Flowable] = []
    if last >= 0:
        story += [fields, Spacer(1, 3 * mm)]
    after: list[Flowable] = []
    for index, block in enumerate(slip.blocks):
        target = after if index > last else story
        if isinstance(block, Sentence):
            style = styles["strong"] if block.strong else styles["base"]
            target += [_p(block.text, style), Spacer(1, 1 * mm)]
            continue
        heading, grid = _table(block, width, styles)
        if index == last:
            attested, lead = (grid, max(len(block.rows), 1)), heading
        else:
            story += [*heading, grid, Spacer(1, 3 * mm)]
    if last >= 0:
        after.insert(0, Spacer(1, 2 * mm))
    after.append(Spacer(1, 2 * mm))
    signed: list[Flowable] = []
    for label in slip.signatures:
        # A date's own label (日期：) takes the date line alone; a signer's gets a line to sign on.
        line = (
            common.date_line
            if label.rstrip("：:").endswith(("日期", "时间"))
            else f"＿＿＿＿＿＿＿　{common.date_line}"
        )
        signed += [_p(f"{label}{line}", styles["base"]), Spacer(1, 2.5 * mm)]
    # The seal block, bottom right as on official papers (the issuing authority and the date),
    # beside the signature lines: they attest the same facts, on the same lines of the page.
    seal = [
        _p(f"{slip.station_name}{common.seal}", styles["seal"]),
        _p(cn_date(slip.issued_on), styles["seal"]),
    ]
    after.append(
        PdfTable(
            [[signed, seal]],
            colWidths=[0.62 * width, 0.38 * width],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (0, 0), "TOP"),
                    ("VALIGN", (1, 0), (1, 0), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("FONT", (0, 0), (-1, -1), FONT_NAME),
                ]
            ),
        )
    )
    if slip.notes:  # the reprint's note and the hint to scan: never a page of their own
        after.append(Spacer(1, 1.5 * mm))
        after += [_p(note, styles["small"]) for note in slip.notes]
    grid, rows = attested
    story.append(_Attested(grid, after, rows, lead))
    return story


def _header_lines(slip: Slip, part: str, wording: Wording) -> tuple[tuple[str, str], str]:
    common = wording.common
    station = slip.station_name
    if slip.station_phone:
        station += f"　{common.phone_label}：{slip.station_phone}"
    # Every page says whose paper it is: the case number and the applicant.
    whose = f"{slip.title}　{slip.number}　{slip.applicant_name}".rstrip()
    return (station, part), whose


def header_layout(
    slip: Slip, part: str, wording: Wording
) -> list[tuple[str, float, float, float, str]]:
    """The running header as (text, size, x, y, anchor), every piece measured against its
    room so that none can touch another: the station (and phone) left and the 联 right on the
    first line, the paper, case and applicant on the second, each shrunk to fit."""
    (station, label), whose = _header_lines(slip, part, wording)
    top = A4[1] - 17 * mm
    gap = 6 * mm
    out: list[tuple[str, float, float, float, str]] = []
    label_size = HEADER_SIZE + 1.5
    label_width = width_of(label, label_size) if label else 0.0
    if label_width > BODY_WIDTH / 3:
        label_size = fitted(label, label_size, BODY_WIDTH / 3)
        label_width = width_of(label, label_size)
    room = BODY_WIDTH - (label_width + gap if label else 0)
    out.append((station, fitted(station, HEADER_SIZE, room), LEFT, top, "left"))
    if label:
        out.append((label, label_size, A4[0] - RIGHT, top, "right"))
    size = fitted(whose, HEADER_SIZE, BODY_WIDTH)
    out.append((whose, size, A4[0] - RIGHT, top - 5.5 * mm, "right"))
    return out


def render(slip: Slip, payload: str, wording: Wording) -> bytes:
    """The slip as PDF bytes, each of its 联 in turn. Refuses (SlipRefused) a text the font
    cannot draw."""
    _check_glyphs(slip, payload)
    styles = _styles()
    common = wording.common
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"{slip.title} {slip.number}",
        author=slip.station_name,
        subject=slip.title,
        creator="hukou-desk",
    )

    def under(canvas: Canvas, _doc: Any) -> None:
        """Under the content (drawn before it): the training mark across the page, in outline
        strokes dark enough to survive a photocopier's threshold yet leave the text legible."""
        if not slip.training_mark:
            return
        canvas.saveState()
        canvas.setStrokeColor(colors.Color(0.45, 0.0, 0.08))
        canvas.setFillColor(colors.Color(0.45, 0.0, 0.08))
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(35)
        for font, chunk, x in _placed(slip.training_mark, 40, "centre"):
            text_object = canvas.beginText(x, 0)
            text_object.setFont(font, 40)
            text_object.setTextRenderMode(1)  # outlines only
            canvas.setLineWidth(1.4)
            text_object.textOut(chunk)
            canvas.drawText(text_object)
        canvas.restoreState()

    def decorate(canvas: Canvas, part: str, page: int, pages: int) -> None:
        canvas.saveState()
        for value, size, x, y, anchor in header_layout(slip, part, wording):
            _draw(canvas, x, y, value, size, anchor, heavy=0.25 if value == part else 0.0)
        rule = A4[1] - 17 * mm - 8 * mm
        canvas.setLineWidth(0.6)
        canvas.line(LEFT, rule, A4[0] - RIGHT, rule)
        if slip.reprint_of is not None:
            canvas.setFillColor(colors.HexColor("#b00020"))
            canvas.setStrokeColor(colors.HexColor("#b00020"))
            canvas.rect(LEFT, rule - 11 * mm, 16 * mm, 8 * mm)
            _draw(canvas, LEFT + 8 * mm, rule - 8.5 * mm, common.reprint_mark, 14, "centre")
        canvas.restoreState()
        label = common.page_label.format(page=page, pages=pages)
        _draw(canvas, A4[0] / 2, BOTTOM - 10 * mm, label, 9, "centre")
        if payload and page > 1:  # later pages carry the code too, in the bottom margin
            code = _Qr(payload, size=LATER_QR, border=LATER_QR_BORDER)
            code.wrapOn(canvas, LATER_QR, LATER_QR)
            code.drawOn(canvas, A4[0] - RIGHT - LATER_QR, LATER_QR_BOTTOM)

    parts = slip.parts or ("",)
    story: list[Flowable] = []
    for index, part in enumerate(parts):
        if index:
            story.append(PageBreak())
        story.append(_Part(part))
        story += _story(slip, payload, wording, styles)
    document.build(
        story,
        onFirstPage=under,
        onLaterPages=under,
        canvasmaker=lambda *a, **k: _Pages(*a, decorate=decorate, **k),
    )
    return buffer.getvalue()


def _placed(value: str, size: float, anchor: str) -> list[tuple[str, str, float]]:
    """(font, text, x) of each run of `value` drawn from 0 with `anchor`."""
    x = {"left": 0.0, "right": -width_of(value, size), "centre": -width_of(value, size) / 2}[anchor]
    out = []
    for font, chunk in runs(value):
        out.append((font, chunk, x))
        x += pdfmetrics.stringWidth(chunk, font, size)
    return out
