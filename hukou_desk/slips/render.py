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
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
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

FONT_NAME = "HukouDeskCJK"  # the body face: the shipped serif cut, else the sans face
SANS_NAME = "HukouDeskCJKSans"  # for what the serif cut lacks (a rare name)
LATIN_NAME = "HukouDeskLatin"  # reportlab's own Bitstream Vera: the CJK font has no Latin
SHIPPED_FONT = "fonts/DroidSansFallbackFull.ttf"
# Official papers are set in a serif (宋体) face: Noto Serif CJK SC (OFL), cut to GB 2312 and
# the forms' wording by packaging/make_serif_font.py.
SERIF_FONT = "fonts/NotoSerifSC-Slips.ttf"
# Tried in this order when the shipped font is missing (a trimmed install).
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
# 40 mm with the standard 4-module quiet zone: read back at 100 dpi through a 0.5-pixel blur
# or a 3° tilt (tests/slips/test_issued.py); at 30 mm and a 2-module margin a slight blur lost it.
EXT_NAME = "HukouDeskCJKExt"  # the CJK extensions B and after (rare characters in names)
# A face for the characters beyond the shipped font (CJK Ext B–F: 𠮷 …), the first found:
# one shipped beside the app's font, Debian's fonts-hanazono (OFL), Windows' SimSun-ExtB.
EXT_SHIPPED = "fonts/HanaMinB.ttf"  # under resources/, when a package ships it
EXT_SYSTEM = ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", "C:/Windows/Fonts/simsunb.ttf")
QR_SIZE = 40 * mm
LATER_QR = 15 * mm  # on the pages after the first
MARGIN = 18 * mm


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
    if code < 0x250 and code in latin:
        return LATIN_NAME
    if code in body:
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
        "title": ParagraphStyle(
            "title", parent=base, fontSize=20, leading=26, alignment=TA_CENTER, spaceAfter=4 * mm
        ),
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


def _draw(
    canvas: Canvas, x: float, y: float, value: str, size: float, anchor: str = "left"
) -> None:
    """A line of mixed Chinese and Latin text on the canvas, each run in its font."""
    pieces = runs(value)
    width = sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in pieces)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for font, chunk in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)


def _grid(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("FONT", (0, 0), (-1, -1), LATIN_NAME),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *extra,
        ]
    )


def _fields(slip: Slip, width: float, styles: dict[str, ParagraphStyle]) -> PdfTable:
    """Label and value, a row each; a long value (an address) wraps inside its cell."""
    rows = [[_p(label, styles["label"]), _p(value, styles["cell"])] for label, value in slip.fields]
    label_width = 0.26 * width
    shade = [("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2"))]
    return PdfTable(rows, colWidths=[label_width, width - label_width], style=_grid(shade))


def _table(table: Table, width: float, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
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
    out.append(grid)
    return out


class _Qr(QrCode):  # type: ignore[misc]  # reportlab ships no types
    """reportlab's QR flowable, drawn straight onto the page (a Drawing of 3,000 shapes costs
    twenty times as much), with one fixed mask pattern: trying all eight and scoring them is
    most of the encoder's time, and any of the eight is a valid code every reader decodes."""

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        # Level M: a smudge from a counter printer still reads.
        super().__init__(payload, width=size, height=size, qrLevel="M", qrBorder=4)
        self.qr.getBestMaskPattern = lambda: 0


def _qr(payload: str) -> Flowable | str:
    """The signed code; none on a draft (a preview before the issue signs nothing)."""
    return _Qr(payload) if payload else ""


class _Pages(Canvas):  # type: ignore[misc]  # reportlab ships no types
    """Two passes over the pages, so each can say 'page 1 of 3'."""

    def __init__(self, *args: Any, page_label: str, **kwargs: Any) -> None:
        # Our own Latin font from the first line: no unembedded Helvetica in the file.
        kwargs["initialFontName"] = LATIN_NAME
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []
        self._page_label = page_label

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            label = self._page_label.format(page=self._pageNumber, pages=total)
            _draw(self, A4[0] / 2, 10 * mm, label, 8.5, "centre")
            super().showPage()
        super().save()


def render(slip: Slip, payload: str, wording: Wording) -> bytes:
    """The slip as PDF bytes. Refuses (SlipRefused) a text the font cannot draw."""
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
    styles = _styles()
    common = wording.common
    buffer = io.BytesIO()
    width = A4[0] - 2 * MARGIN
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 10 * mm,
        bottomMargin=MARGIN,
        title=f"{slip.title} {slip.number}",
        author=slip.station_name,
        subject=slip.title,
        creator="hukou-desk",
    )

    def later(canvas: Canvas, doc: Any) -> None:
        header(canvas, doc)
        if not payload:
            return
        # Pages after the first carry the code too, small, in the bottom margin.
        canvas.saveState()
        code = _Qr(payload, size=LATER_QR)
        code.wrapOn(canvas, LATER_QR, LATER_QR)
        code.drawOn(canvas, A4[0] - MARGIN - LATER_QR, 2 * mm)
        canvas.restoreState()

    def header(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        top = A4[1] - MARGIN
        line = slip.station_name
        if slip.station_phone:
            line += f"　{common.phone_label}：{slip.station_phone}"
        _draw(canvas, MARGIN, top, line, 9)
        # Every page says whose paper it is: the case number and the applicant.
        whose = f"{slip.title}　{slip.number}　{slip.applicant_name}".rstrip()
        _draw(canvas, A4[0] - MARGIN, top, whose, 9, "right")
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 2.5 * mm, A4[0] - MARGIN, top - 2.5 * mm)
        if slip.reprint_of is not None:
            canvas.setFillColor(colors.HexColor("#b00020"))
            canvas.setStrokeColor(colors.HexColor("#b00020"))
            canvas.rect(MARGIN, top - 13 * mm, 16 * mm, 8 * mm)
            _draw(canvas, MARGIN + 8 * mm, top - 10.5 * mm, common.reprint_mark, 14, "centre")
        if slip.training_mark:  # across the page, under the content (drawn before it)
            canvas.setFillColor(colors.Color(0.69, 0, 0.13, alpha=0.25))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(35)
            _draw(canvas, 0, 0, slip.training_mark, 40, "centre")
        canvas.restoreState()

    story: list[Flowable] = []
    # The title centred on the page: an empty cell as wide as the code balances it.
    side = QR_SIZE + 4 * mm
    title = PdfTable(
        [["", _p(slip.title, styles["title"]), _qr(payload)]],
        colWidths=[side, width - 2 * side, side],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), LATIN_NAME),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
            ]
        ),
    )
    story += [title]
    if slip.document_number:
        story.append(_p(slip.document_number, styles["number"]))
    story += [Spacer(1, 2 * mm), _fields(slip, width, styles), Spacer(1, 3 * mm)]
    for block in slip.blocks:
        if isinstance(block, Sentence):
            style = styles["strong"] if block.strong else styles["base"]
            story += [_p(block.text, style), Spacer(1, 2 * mm)]
        else:
            story += [*_table(block, width, styles), Spacer(1, 3 * mm)]
    signatures: list[Flowable] = [Spacer(1, 4 * mm)]
    for label in slip.signatures:
        signatures.append(_p(f"{label}＿＿＿＿＿＿＿＿＿＿　{common.date_line}", styles["base"]))
        signatures.append(Spacer(1, 4 * mm))
    # The seal block, bottom right as on official papers: the issuing authority and the date.
    signatures += [
        _p(f"{slip.station_name}{common.seal}", styles["seal"]),
        _p(cn_date(slip.issued_on), styles["seal"]),
    ]
    story.append(KeepTogether(signatures))
    story.append(Spacer(1, 4 * mm))
    for note in slip.notes:
        story.append(_p(note, styles["small"]))
    document.build(
        story,
        onFirstPage=header,
        onLaterPages=later,
        canvasmaker=lambda *a, **k: _Pages(*a, page_label=common.page_label, **k),
    )
    return buffer.getvalue()
