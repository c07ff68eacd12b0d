"""The monthly report as a PDF: the period's changes in a few sentences, then every figure as a
chart and a table. reportlab, with the slips' fonts (the serif body face, the sans face for
what it lacks); the charts are reportlab's own (vector, no other library), drawn from the same
tables the screen and the spreadsheet show. A bar whose figure is not shown (a median over
fewer than ten cases) stays in its chart, empty and labelled so; every count is already
published under the rule (its note under the title). In the reader's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from hukou_desk.domain.clock import china_time
from hukou_desk.domain.statistics import HIDDEN_NOTE, RULE_NOTE, Cell, Kind, Report, Table, said
from hukou_desk.domain.text import Language, text
from hukou_desk.files import write_whole
from hukou_desk.slips.render import FONT_NAME, LATIN_NAME, register_font, runs

CHART_ROWS = 15  # a chart shows the largest fifteen; the table has them all
MARGIN = 16 * mm


def _markup(value: str) -> str:
    parts = []
    for font, chunk in runs(value):
        escaped = escape(chunk)
        parts.append(escaped if font == FONT_NAME else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def _styles() -> dict[str, ParagraphStyle]:
    font = register_font()
    base = ParagraphStyle(
        "base", fontName=font, bulletFontName=font, fontSize=10, leading=14, wordWrap="CJK"
    )
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, spaceAfter=2 * mm),
        "section": ParagraphStyle(
            "section", parent=base, fontSize=12.5, leading=17, spaceBefore=5 * mm, spaceAfter=1 * mm
        ),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, textColor="#555555"),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "number": ParagraphStyle("number", parent=base, fontSize=9, leading=11.5, alignment=2),
    }


def _p(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_markup(value), style)


HIDDEN_MARK = text("不列出", "not shown")


def _shown(value: Cell, kind: Kind) -> str:
    if value is None:
        return "—"
    if kind is Kind.SHARE and isinstance(value, float):
        return f"{value:.1%}"
    if kind is Kind.COUNT and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _months(table: Table, width: float) -> Drawing:
    """Months as columns across the page, every month in its place (an empty one at zero);
    past two years only each January named, and no figures over the bars."""
    column = table.chart_column
    rows = list(table.rows)
    many = len(rows) > 24
    drawing = Drawing(width, 62 * mm)
    chart = VerticalBarChart()
    chart.x = 12 * mm
    chart.y = 10 * mm
    chart.width = width - 16 * mm
    chart.height = 46 * mm
    chart.data = [[_number(r.cells[column]) for r in rows]]
    labels = [str(r.cells[0]) for r in rows]
    chart.categoryAxis.categoryNames = (
        [label[:4] if label.endswith("-01") or i == 0 else "" for i, label in enumerate(labels)]
        if many
        else [label[2:] for label in labels]
    )
    chart.categoryAxis.labels.fontName = FONT_NAME
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if many else 45
    chart.categoryAxis.labels.boxAnchor = "n" if many else "ne"
    chart.valueAxis.labels.fontName = FONT_NAME
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#3C6E9F")
    chart.bars[0].strokeColor = None
    if not many:
        chart.barLabelFormat = "%d"
        chart.barLabels.fontName = FONT_NAME
        chart.barLabels.fontSize = 6.5
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 1
    drawing.add(chart)
    return drawing


def _chart(table: Table, width: float, lang: Language) -> Drawing | None:
    column = table.chart_column
    if not table.rows or table.columns[column].kind not in (Kind.COUNT, Kind.DAYS):
        return None
    if table.id == "cases_by_month":
        return _months(table, width)
    rows = list(table.rows)
    if table.id != "cases_by_month" and table.id != "open_by_age":
        rows = sorted(rows, key=lambda r: -float(_number(r.cells[column])))[:CHART_ROWS]
    rows = list(reversed(rows))  # the first row at the top
    bar = 5.5 * mm
    height = len(rows) * bar + 14 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = 62 * mm
    chart.y = 8 * mm
    chart.width = width - chart.x - 8 * mm
    chart.height = len(rows) * bar
    chart.data = [[_number(r.cells[column]) for r in rows]]
    chart.categoryAxis.categoryNames = [str(said(r.cells[0], lang))[:22] for r in rows]
    chart.categoryAxis.labels.fontName = FONT_NAME
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FONT_NAME
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#3C6E9F")
    chart.bars[0].strokeColor = None
    # Each bar labelled with its figure; a figure not shown is marked so, never left out.
    chart.barLabelFormat = "values"
    chart.barLabelArray = [
        [
            f"({HIDDEN_MARK(lang)})"
            if r.cells[column] is None
            else f"{_number(r.cells[column]):,.0f}"
            for r in rows
        ]
    ]
    chart.barLabels.fontName = FONT_NAME
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def _number(value: Cell) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _table(
    table: Table, width: float, styles: dict[str, ParagraphStyle], lang: Language
) -> PdfTable:
    head = [_p(column.title(lang), styles["cell"]) for column in table.columns]
    body = []
    for row in (*table.rows, *((table.total,) if table.total else ())):
        body.append(
            [
                _p(_shown(said(value, lang), column.kind), styles["cell"])
                if column.kind is Kind.LABEL
                else _p(_shown(value, column.kind), styles["number"])
                for value, column in zip(row.cells, table.columns, strict=True)
            ]
        )
    first = min(70 * mm, width * 0.45)
    rest = (width - first) / max(1, len(table.columns) - 1)
    grid = PdfTable(
        [head, *body],
        colWidths=[first, *([rest] * (len(table.columns) - 1))],
        repeatRows=1,
    )
    style = [
        ("FONT", (0, 0), (-1, -1), FONT_NAME),  # the cells' own font: never Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if table.total is not None:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F0F0F0")))
    grid.setStyle(TableStyle(style))
    return grid


def render(report: Report, lang: Language = "zh") -> bytes:
    import io

    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{text('户籍迁入统计', 'Household registration moves')(lang)} {report.scope(lang)}",
        author="hukou-desk",
        initialFontName=LATIN_NAME,  # ours from the first line: no unembedded Helvetica
    )
    width = A4[0] - 2 * MARGIN
    filters = report.filters
    made = china_time(report.made_at).strftime("%Y-%m-%d %H:%M")
    period = text(
        f"统计期间：{filters.start.isoformat()} 至 {filters.end.isoformat()}　　制表：{made}",
        f"Period: {filters.start.isoformat()} to {filters.end.isoformat()}    Made: {made}",
    )
    basis = text(
        "依据《江门市进一步推进户籍制度改革实施方案》三（二）。",
        "Under clause 三（二） of the Jiangmen plan for the reform of household registration. ",
    )
    story: list[Any] = [
        _p(
            text("户籍迁入统计报告", "Household registration moves")(lang)
            + f" — {report.scope(lang)}",
            styles["title"],
        ),
        _p(period(lang), styles["base"]),
        _p(basis(lang) + RULE_NOTE(lang), styles["note"]),
        _p(text("本期概况", "The period at a glance")(lang), styles["section"]),
    ]
    story.extend(_p(line(lang), styles["base"]) for line in report.summary)
    for table in report.tables:
        block: list[Any] = [
            _p(table.title(lang), styles["section"]),
            _p(table.note(lang), styles["note"]),
        ]
        chart = _chart(table, width, lang)
        if chart is not None:
            block.append(chart)
            if any(row.cells[table.chart_column] is None for row in table.rows):
                block.append(_p(f"({HIDDEN_MARK(lang)}): {HIDDEN_NOTE(lang)}", styles["note"]))
        if not table.rows:
            block.append(
                _p(text("本期无数据。", "No figures for the period.")(lang), styles["base"])
            )
            story.append(KeepTogether(block))
            continue
        story.append(CondPageBreak(60 * mm))
        story.append(KeepTogether(block))
        story.append(Spacer(1, 2 * mm))
        story.append(_table(table, width, styles, lang))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT_NAME, 8)
        page = text(f"第 {doc.page} 页", f"page {doc.page}")(lang)
        canvas.drawCentredString(A4[0] / 2, 9 * mm, page)
        canvas.restoreState()

    document.build(
        story,
        onFirstPage=footer,
        onLaterPages=footer,
    )
    return buffer.getvalue()


def write_pdf(report: Report, out: Path, lang: Language = "zh") -> Path:
    write_whole(out, render(report, lang))
    return out
