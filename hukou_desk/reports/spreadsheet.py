"""The figures as a spreadsheet (XLSX, with XlsxWriter), as CSV files and as JSON, in the
reader's language.

Every figure is a number: counts as whole numbers (already published under the rule), shares
as percentages, working days as whole numbers with the unit in the header, months as real
dates; a median not shown (fewer than ten cases) is an empty cell with a comment and a note
under the table. Each sheet prints on A4, one page wide, its header repeated on every page.
Every file is written whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.domain.clock import china_time
from hukou_desk.domain.statistics import (
    HIDDEN_NOTE,
    RULE_NOTE,
    Cell,
    Column,
    Kind,
    Report,
    Table,
    said,
)
from hukou_desk.domain.text import Language, text
from hukou_desk.files import write_whole

SHEET_NAME_LENGTH = 31  # Excel's limit
A4 = 9  # Excel's paper size code
LANDSCAPE_FROM = 4  # a table of this many columns or more prints across the page
COVER = text("说明", "About")
ACROSS = ("cases_by_month", "open_by_age", "people_by_age_band")  # in their own order
CHART_WIDTH, CHART_HEIGHT = 700, 300  # pixels
ROW_PIXELS = 20  # a default row (15 points)
# Rows on an A4 page at 100 % (the tables fit the width unscaled), margins and footer off:
# landscape 7.07 in, portrait 10.49 in, less the header row repeated on every page.
PAGE_ROWS = {True: 32, False: 48}


def _period(report: Report, lang: Language) -> str:
    word = " 至 " if lang == "zh" else " to "
    return f"{report.filters.start.isoformat()}{word}{report.filters.end.isoformat()}"


def _scope_lines(report: Report, lang: Language) -> list[tuple[str, str]]:
    filters = report.filters
    lines = [
        (text("范围", "scope")(lang), report.scope(lang)),
        (text("统计期间", "period")(lang), _period(report, lang)),
        (
            text("制表时间", "made")(lang),
            china_time(report.made_at).strftime("%Y-%m-%d %H:%M"),
        ),
    ]
    for label, value in (
        (text("迁入途径", "pathway"), filters.pathway),
        (text("迁入地", "district"), filters.district),
        (text("派出所", "station"), filters.station),
    ):
        if value:
            lines.append((label(lang), value))
    lines.append((text("说明", "note")(lang), RULE_NOTE(lang)))
    return lines


def title_of(report: Report, lang: Language) -> str:
    return text("户籍迁入统计", "Household registration moves")(lang) + f" — {report.scope(lang)}"


def _month(value: Cell) -> date | None:
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        return date(int(value[:4]), int(value[5:]), 1)
    return None


def _hidden(table: Table) -> bool:
    return any(
        value is None and column.kind is Kind.DAYS
        for row in table.rows
        for value, column in zip(row.cells, table.columns, strict=True)
    )


def write_xlsx(report: Report, out: Path, lang: Language = "zh") -> Path:
    """One sheet to say what the figures are, then one sheet (with its chart) per table."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14})
    note = book.add_format({"italic": True, "font_color": "#555555", "text_wrap": True})
    header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True})
    month_format = 'yyyy"年"m"月"' if lang == "zh" else "mmm yyyy"
    formats = {
        Kind.LABEL: book.add_format({"border": 1, "text_wrap": True}),
        Kind.COUNT: book.add_format({"border": 1, "num_format": "#,##0"}),
        Kind.DAYS: book.add_format({"border": 1, "num_format": "0"}),
        Kind.SHARE: book.add_format({"border": 1, "num_format": "0.0%"}),
        Kind.MONTH: book.add_format({"border": 1, "num_format": month_format}),
    }
    total_format = book.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
    wrapped = book.add_format({"text_wrap": True, "valign": "top"})
    cover_name = COVER(lang)
    cover = book.add_worksheet(cover_name)
    _page(cover, landscape=False, header_row=None)
    cover.write(0, 0, title_of(report, lang), title)
    for row, (label, value) in enumerate(_scope_lines(report, lang), start=2):
        cover.write(row, 0, label)
        cover.write(row, 1, value, wrapped)
    row = len(_scope_lines(report, lang)) + 3
    for line in report.summary:
        cover.write(row, 1, line(lang), wrapped)
        row += 1
    cover.set_column(0, 0, 14)
    cover.set_column(1, 1, 80)
    used: set[str] = {cover_name}
    for table in report.tables:
        sheet_name = _sheet_name(table, used, lang)
        sheet = book.add_worksheet(sheet_name)
        sheet.write(0, 0, table.title(lang), title)
        sheet.write(1, 0, table.note(lang), note)
        for c, column in enumerate(table.columns):
            sheet.write(3, c, column.title(lang), header)
            sheet.set_column(c, c, 40 if c == 0 else 13)
        for r, data in enumerate(table.rows, start=4):
            for c, column in enumerate(table.columns):
                _cell(sheet, r, c, said(data.cells[c], lang), column, formats, lang)
        last = 3 + len(table.rows)
        if table.total is not None:
            for c, cell in enumerate(table.total.cells):
                shown = said(cell, lang)
                if isinstance(shown, int):
                    sheet.write_number(last + 1, c, shown, total_format)
                elif shown is not None:
                    sheet.write(last + 1, c, shown, total_format)
            last += 1
        below = last + 2
        if _hidden(table):
            sheet.write(below, 0, f"{text('空白', 'Blank')(lang)}: {HIDDEN_NOTE(lang)}", note)
            below += 1
        sheet.write(below, 0, RULE_NOTE(lang), note)
        sheet.set_row(below, 60)
        below += 2
        sheet.freeze_panes(4, 1)
        _page(sheet, landscape=len(table.columns) >= LANDSCAPE_FROM, header_row=3)
        chart_column = table.chart_column
        if table.rows and table.columns[chart_column].kind in (Kind.COUNT, Kind.DAYS):
            across = table.id in ACROSS or len(table.rows) <= 12  # columns, else bars
            chart = book.add_chart({"type": "column" if across else "bar"})
            rows_end = 3 + len(table.rows)
            chart.add_series(
                {
                    "name": table.columns[chart_column].title(lang),
                    "categories": [sheet_name, 4, 0, rows_end, 0],
                    "values": [sheet_name, 4, chart_column, rows_end, chart_column],
                    "data_labels": {"value": len(table.rows) <= 36},
                    "gap": 40 if len(table.rows) > 36 else 150,
                }
            )
            chart.set_title({"name": table.title(lang)})
            chart.set_legend({"none": True})
            chart.show_blanks_as("gap")
            height = (
                CHART_HEIGHT
                if across
                else min(PAGE_ROWS[False] * ROW_PIXELS - 40, 80 + 18 * len(table.rows))
            )
            chart.set_size({"width": CHART_WIDTH, "height": height})
            # A chart is never cut by a page: when it would not fit under the table, it
            # starts the next page.
            page = PAGE_ROWS[len(table.columns) >= LANDSCAPE_FROM]
            if below % page + math.ceil(height / ROW_PIXELS) > page:
                sheet.set_h_pagebreaks([below])
            sheet.insert_chart(below, 0, chart)
    book.close()
    write_whole(out, buffer.getvalue())
    return out


def _page(sheet: Any, *, landscape: bool, header_row: int | None) -> None:
    """A4, one page wide (as many pages down as it takes), the header row on every page."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&C&P / &N")
    if header_row is not None:
        sheet.repeat_rows(header_row)


def _sheet_name(table: Table, used: set[str], lang: Language) -> str:
    base = table.title(lang)
    for bad in "[]:*?/\\":
        base = base.replace(bad, "、" if lang == "zh" else "-")
    name = base[:SHEET_NAME_LENGTH]
    n = 2
    while name in used:
        suffix = f"({n})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _cell(
    sheet: Any,
    r: int,
    c: int,
    value: Cell,
    column: Column,
    formats: dict[Kind, Any],
    lang: Language,
) -> None:
    if value is None:
        sheet.write_blank(r, c, None, formats[column.kind])
        if column.kind is Kind.DAYS:
            sheet.write_comment(r, c, HIDDEN_NOTE(lang))
    elif column.kind is Kind.LABEL and (month := _month(value)) is not None:
        sheet.write_datetime(r, c, month, formats[Kind.MONTH])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(r, c, value, formats[column.kind])
    else:
        sheet.write_string(r, c, str(value), formats[Kind.LABEL])


def _csv_value(value: Cell, column: Column, lang: Language) -> str:
    value = said(value, lang)
    if value is None:
        return ""
    if column.kind is Kind.SHARE and isinstance(value, float):
        return f"{value:.1%}"
    return str(value)


def write_csv(report: Report, out: Path, lang: Language = "zh") -> Path:
    """A folder with one CSV file per table (UTF-8 with a byte-order mark, so that Excel
    reads the Chinese), numbered in the dashboard's order."""
    out.mkdir(parents=True, exist_ok=True)
    for n, table in enumerate(report.tables, start=1):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([column.title(lang) for column in table.columns])
        for row in (*table.rows, *((table.total,) if table.total else ())):
            writer.writerow(
                [_csv_value(v, c, lang) for v, c in zip(row.cells, table.columns, strict=True)]
            )
        write_whole(out / f"{n:02d}-{table.id}.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    about = io.StringIO()
    writer = csv.writer(about, lineterminator="\r\n")
    for label, value in _scope_lines(report, lang):
        writer.writerow([label, value])
    for line in report.summary:
        writer.writerow(["", line(lang)])
    write_whole(
        out / f"00-{'说明' if lang == 'zh' else 'about'}.csv",
        ("\ufeff" + about.getvalue()).encode("utf-8"),
    )
    return out


def to_json(report: Report, lang: Language = "zh") -> dict[str, Any]:
    filters = report.filters
    return {
        "scope": report.scope(lang),
        "from": filters.start.isoformat(),
        "to": filters.end.isoformat(),
        "pathway": filters.pathway,
        "district": filters.district,
        "station": filters.station,
        "made_at": report.made_at.isoformat(),
        "rule": RULE_NOTE(lang),
        "summary": [line(lang) for line in report.summary],
        "tables": [
            {
                "id": table.id,
                "title": table.title(lang),
                "note": table.note(lang),
                "columns": [column.title(lang) for column in table.columns],
                "kinds": [column.kind.value for column in table.columns],
                "rows": [[said(v, lang) for v in row.cells] for row in table.rows],
                "keys": [row.key for row in table.rows],
                "total": [said(v, lang) for v in table.total.cells] if table.total else None,
            }
            for table in report.tables
        ],
    }


def write_json(report: Report, out: Path, lang: Language = "zh") -> Path:
    payload = json.dumps(to_json(report, lang), ensure_ascii=False, indent=1)
    write_whole(out, payload.encode("utf-8"))
    return out
