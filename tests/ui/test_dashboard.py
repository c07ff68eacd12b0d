"""The statistics screen driven as a station chief drives it: Ctrl+5, a click on a bar, a
double-click on a case, the period changed, the spreadsheet saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from hukou_desk import demo
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.ui import dashboard as dashboard_ui
from hukou_desk.ui.dashboard import CasesBehind
from tests.ui.conftest import activate, errors, open_desk, user

CTRL = Qt.KeyboardModifier.ControlModifier


def with_cases(policy, staffed, count=400):
    demo.generate(
        staffed,
        count=count,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=china_today(),
        seed=23,
    )
    return staffed


def open_statistics(qtbot, policy, database, who="wangfang"):
    window = open_desk(qtbot, policy, database, user(database, who), lang="en")
    activate(qtbot, window)
    panel = window.dashboard
    assert panel is not None
    with qtbot.waitSignal(panel.shown, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    settle(qtbot, window)
    assert window.tabs.currentWidget() is window.dashboard_page
    return window, panel


def settle(qtbot, window):
    """After counting: on a loaded machine the "Counting…" dialog showed and took the
    activation; keys reach the desk again once its window is the active one."""
    activate(qtbot, window)


def focus(qtbot, widget):
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


@pytest.mark.slow
def test_a_supervisor_opens_the_figures_and_clicks_through_to_a_case(qtbot, policy, staffed):
    window, panel = open_statistics(qtbot, policy, with_cases(policy, staffed))
    assert panel.report is not None and panel.report.filters.start == china_today().replace(day=1)
    assert panel.figures.count() == len(panel.report.tables)
    # The year's figures: the period chosen, then Show.
    panel.period.setCurrentIndex(panel.period.findData("year"))
    with qtbot.waitSignal(panel.shown, timeout=20_000):
        qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    assert panel.report.filters.start == date(china_today().year, 1, 1)
    panel.show_figure("cases_by_pathway")
    table = panel.current_table()
    assert table is not None and table.rows
    assert panel.table.rowCount() == len(table.rows) + 1  # and the total
    assert panel.chart.series() and panel.chart.title() == "Cases by pathway"
    # The top bar (the largest pathway) lists exactly its cases.
    top = len(panel._chart_keys) - 1
    key = panel._chart_keys[top]
    expected = next(row.cells[1] for row in table.rows if row.key == key)
    qtbot.mouseClick(
        panel.chart_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.bar_position(top).toPoint(),
    )
    qtbot.waitUntil(lambda: bool(panel.findChildren(CasesBehind)))
    dialog = panel.findChildren(CasesBehind)[-1]
    # The cases themselves (an audited look-up): the bar's pathway, as many as the published
    # figure rounds (a sum of base cells, each rounded by less than five).
    listed = dialog.table.rowCount()
    assert listed and all(dialog.table.item(r, 2).text() == key for r in range(listed))
    assert expected % 5 == 0 and abs(listed - expected) < 5 * listed
    assert all("*" in dialog.table.item(r, 4).text() for r in range(listed))
    # What the screen shows obeys the rule: every count a multiple of five.
    shown = [
        int(panel.table.item(r, c).text().replace(",", ""))
        for r in range(panel.table.rowCount())
        for c in range(1, panel.table.columnCount())
    ]
    assert shown and all(n % 5 == 0 for n in shown)
    number = dialog.table.item(0, 0).text()
    rect = dialog.table.visualItemRect(dialog.table.item(0, 0))
    # A real double-click: a press and release, then the double-click (Qt's item views act
    # on the second only after the first).
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is not window.dashboard_page)
    assert number in window.tabs.tabText(window.tabs.currentIndex())
    assert errors(window) == []


def test_the_figures_saved_as_a_spreadsheet_from_the_button(
    qtbot, policy, staffed, tmp_path, monkeypatch
):
    window, panel = open_statistics(qtbot, policy, with_cases(policy, staffed, 200))
    out = tmp_path / "figures.xlsx"
    monkeypatch.setattr(
        dashboard_ui.QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a, **_k: (str(out), "")),
    )
    button = panel.findChild(QPushButton, "statsExport_xlsx")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert out.is_file() and out.read_bytes()[:2] == b"PK"
    assert errors(window) == []
    with staffed.engine.connect() as connection:
        released = connection.exec_driver_sql(
            "SELECT actor, entity_id FROM audit_event WHERE action = 'stats.export'"
        ).all()
    assert released == [("wangfang", "xlsx")]


def test_enter_in_the_filters_counts_again(qtbot, policy, staffed):
    window, panel = open_statistics(qtbot, policy, with_cases(policy, staffed, 100))
    focus(qtbot, panel.start)
    panel.start.setDate(panel.start.date().addYears(-1))
    assert panel.period.currentData() == "custom"  # a date typed: the chosen dates
    with qtbot.waitSignal(panel.shown, timeout=20_000):
        qtbot.keyClick(panel.start, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert panel.report is not None
    assert panel.report.filters.start == china_today().replace(day=1, year=china_today().year - 1)
    # Enter on a row of the table lists that row's cases.
    panel.show_figure("cases_by_month")
    row = next(i for i, r in enumerate(panel.current_table().rows) if r.cells[1])
    focus(qtbot, panel.table)
    panel.table.setCurrentCell(row, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(panel.findChildren(CasesBehind)))
    dialog = panel.findChildren(CasesBehind)[-1]
    month = panel.current_table().rows[row].cells[0]
    assert dialog.table.rowCount() >= 1
    assert all(
        dialog.table.item(r, 3).text().startswith(month) for r in range(dialog.table.rowCount())
    )


def test_a_period_that_ends_before_it_starts_is_said_not_counted(qtbot, policy, staffed):
    window, panel = open_statistics(qtbot, policy, staffed)
    panel.end.setDate(panel.start.date().addDays(-1))
    assert panel.refresh() is None
    assert errors(window) == ["The period ends before it starts."]


def test_a_clerk_has_no_statistics(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    assert window.dashboard is None
    assert "统计" not in [window.tabs.tabText(i) for i in range(window.tabs.count())]
    QApplication.processEvents()


def test_the_figures_are_counted_off_the_screens_thread(qtbot, policy, staffed, monkeypatch):
    import threading

    from hukou_desk.services import statistics

    counted_on: list[bool] = []
    real = statistics.report

    def report(*args, **kwargs):
        counted_on.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_ui.statistics, "report", report)
    window, _panel = open_statistics(qtbot, policy, staffed)
    assert counted_on == [False]
    assert errors(window) == []


def test_f1_on_the_statistics_opens_their_page(qtbot, policy, staffed):
    from tests.ui.test_help import _open_help

    window, _panel = open_statistics(qtbot, policy, staffed)
    dialog = _open_help(qtbot, window)
    assert dialog.current == "statistics" and "cell key" in dialog.text.toPlainText()
    dialog.close()


@pytest.mark.slow
def test_the_csv_files_and_the_report_pdf_from_their_buttons(
    qtbot, policy, staffed, tmp_path, monkeypatch
):
    import subprocess

    window, panel = open_statistics(qtbot, policy, with_cases(policy, staffed, 200))
    folder = tmp_path / "csv"
    folder.mkdir()
    pdf = tmp_path / "report.pdf"
    monkeypatch.setattr(
        dashboard_ui.QFileDialog,
        "getExistingDirectory",
        staticmethod(lambda *_a, **_k: str(folder)),
    )
    monkeypatch.setattr(
        dashboard_ui.QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(pdf), ""))
    )
    qtbot.mouseClick(panel.findChild(QPushButton, "statsExport_csv"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.findChild(QPushButton, "statsExport_pdf"), Qt.MouseButton.LeftButton)
    assert len(list(folder.glob("*.csv"))) == 16
    words = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Household registration moves" in words and "白沙派出所" in words  # the desk's language
    assert errors(window) == []


def test_the_desks_start_reads_no_statistics_until_the_tab_is_opened(
    qtbot, policy, staffed, monkeypatch
):
    """The filter lists scan every case: not at the start, once at the tab's first showing."""
    from hukou_desk.services import statistics

    calls: list[str] = []
    real = statistics.choices
    monkeypatch.setattr(
        statistics, "choices", lambda *a, **k: calls.append("choices") or real(*a, **k)
    )
    window = open_desk(qtbot, policy, with_cases(policy, staffed, 40), user(staffed, "wangfang"))
    activate(qtbot, window)
    assert window.dashboard is not None and calls == []
    with qtbot.waitSignal(window.dashboard.shown, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    assert calls == ["choices"]
    assert window.dashboard.pathway.count() > 1  # the lists are there to choose from
