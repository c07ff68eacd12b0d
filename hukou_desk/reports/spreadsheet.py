"""The figures as a spreadsheet (XLSX, with XlsxWriter), as CSV files and as JSON.

Chinese headers; counts as whole numbers, shares as percentages, months as real dates shown
"2026年11月", a suppressed cell as the text "<5". Every file is written whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.domain.clock import china_time
from hukou_desk.domain.statistics import SUPPRESSED, Cell, Column, Kind, Report, Table
from hukou_desk.files import write_whole

SHEET_NAME_LENGTH = 31  # Excel's limit


def _period(report: Report) -> str:
    return f"{report.filters.start.isoformat()} 至 {report.filters.end.isoformat()}"


def _scope_lines(report: Report) -> list[tuple[str, str]]:
    filters = report.filters
    lines = [
        ("范围", report.scope.zh),
        ("统计期间", _period(report)),
        ("制表时间", china_time(report.made_at).strftime("%Y-%m-%d %H:%M")),
    ]
    for label, value in (
        ("迁入途径", filters.pathway),
        ("迁入地", filters.district),
        ("派出所", filters.station),
    ):
        if value:
            lines.append((label, value))
    lines.append(("说明", "少于5人的数字以“<5”表示；有合计的列另隐去一个最小数，以免由合计推出。"))
    return lines


def _month(value: Cell) -> date | None:
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        return date(int(value[:4]), int(value[5:]), 1)
    return None


def write_xlsx(report: Report, out: Path) -> Path:
    """One sheet to say what the figures are, then one sheet (with its chart) per table."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14})
    note = book.add_format({"italic": True, "font_color": "#555555"})
    header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True})
    formats = {
        Kind.LABEL: book.add_format({"border": 1}),
        Kind.COUNT: book.add_format({"border": 1, "num_format": "#,##0"}),
        Kind.DAYS: book.add_format({"border": 1, "num_format": "0"}),
        Kind.SHARE: book.add_format({"border": 1, "num_format": "0.0%"}),
        Kind.MONTH: book.add_format({"border": 1, "num_format": 'yyyy"年"m"月"'}),
    }
    hidden = book.add_format({"border": 1, "align": "right", "font_color": "#777777"})
    total_format = book.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
    cover = book.add_worksheet("说明")
    cover.write(0, 0, f"户籍迁入统计 — {report.scope.zh}", title)
    for row, (label, value) in enumerate(_scope_lines(report), start=2):
        cover.write(row, 0, label)
        cover.write(row, 1, value)
    row = len(_scope_lines(report)) + 3
    for line in report.summary:
        cover.write(row, 0, line.zh)
        row += 1
    cover.set_column(0, 0, 14)
    cover.set_column(1, 1, 60)
    used: set[str] = {"说明"}
    for table in report.tables:
        sheet_name = _sheet_name(table, used)
        sheet = book.add_worksheet(sheet_name)
        sheet.write(0, 0, table.title.zh, title)
        sheet.write(1, 0, table.note.zh, note)
        for c, column in enumerate(table.columns):
            sheet.write(3, c, column.title.zh, header)
            sheet.set_column(c, c, 34 if c == 0 else 12)
        for r, data in enumerate(table.rows, start=4):
            for c, column in enumerate(table.columns):
                _cell(sheet, r, c, data.cells[c], column, formats, hidden)
        last = 3 + len(table.rows)
        if table.total is not None:
            for c, cell in enumerate(table.total.cells):
                if cell == SUPPRESSED:
                    sheet.write_string(last + 1, c, SUPPRESSED, hidden)
                elif isinstance(cell, int):
                    sheet.write_number(last + 1, c, cell, total_format)
                elif cell is not None:
                    sheet.write(last + 1, c, cell, total_format)
        sheet.freeze_panes(4, 1)
        if table.rows and table.columns[table.chart_column].kind in (Kind.COUNT, Kind.DAYS):
            chart = book.add_chart({"type": "bar" if len(table.rows) > 12 else "column"})
            chart.add_series(
                {
                    "name": table.columns[table.chart_column].title.zh,
                    "categories": [sheet_name, 4, 0, last, 0],
                    "values": [sheet_name, 4, table.chart_column, last, table.chart_column],
                }
            )
            chart.set_title({"name": table.title.zh})
            chart.set_legend({"none": True})
            sheet.insert_chart(3, len(table.columns) + 1, chart)
    book.close()
    write_whole(out, buffer.getvalue())
    return out


def _sheet_name(table: Table, used: set[str]) -> str:
    base = table.title.zh
    for bad in "[]:*?/\\":
        base = base.replace(bad, "、")
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
    hidden: Any,
) -> None:
    if value is None:
        sheet.write_blank(r, c, None, formats[column.kind])
    elif value == SUPPRESSED:
        sheet.write_string(r, c, SUPPRESSED, hidden)
    elif column.kind is Kind.LABEL and (month := _month(value)) is not None:
        sheet.write_datetime(r, c, month, formats[Kind.MONTH])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(r, c, value, formats[column.kind])
    else:
        sheet.write_string(r, c, str(value), formats[Kind.LABEL])


def _csv_value(value: Cell, column: Column) -> str:
    if value is None:
        return ""
    if column.kind is Kind.SHARE and isinstance(value, float):
        return f"{value:.1%}"
    return str(value)


def write_csv(report: Report, out: Path) -> Path:
    """A folder with one CSV file per table (UTF-8 with a byte-order mark, so that Excel
    reads the Chinese), numbered in the dashboard's order."""
    out.mkdir(parents=True, exist_ok=True)
    for n, table in enumerate(report.tables, start=1):
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([column.title.zh for column in table.columns])
        for row in table.rows:
            writer.writerow(
                [_csv_value(v, c) for v, c in zip(row.cells, table.columns, strict=True)]
            )
        if table.total is not None:
            writer.writerow(
                [_csv_value(v, c) for v, c in zip(table.total.cells, table.columns, strict=True)]
            )
        write_whole(out / f"{n:02d}-{table.id}.csv", ("\ufeff" + text.getvalue()).encode("utf-8"))
    about = io.StringIO()
    writer = csv.writer(about, lineterminator="\r\n")
    for label, value in _scope_lines(report):
        writer.writerow([label, value])
    for line in report.summary:
        writer.writerow(["", line.zh])
    write_whole(out / "00-说明.csv", ("\ufeff" + about.getvalue()).encode("utf-8"))
    return out


def to_json(report: Report) -> dict[str, Any]:
    filters = report.filters
    return {
        "scope": report.scope.zh,
        "from": filters.start.isoformat(),
        "to": filters.end.isoformat(),
        "pathway": filters.pathway,
        "district": filters.district,
        "station": filters.station,
        "made_at": report.made_at.isoformat(),
        "summary": [line.zh for line in report.summary],
        "tables": [
            {
                "id": table.id,
                "title": table.title.zh,
                "note": table.note.zh,
                "columns": [column.title.zh for column in table.columns],
                "kinds": [column.kind.value for column in table.columns],
                "rows": [list(row.cells) for row in table.rows],
                "keys": [row.key for row in table.rows],
                "total": list(table.total.cells) if table.total else None,
            }
            for table in report.tables
        ],
    }


def write_json(report: Report, out: Path) -> Path:
    write_whole(out, json.dumps(to_json(report), ensure_ascii=False, indent=1).encode("utf-8"))
    return out
