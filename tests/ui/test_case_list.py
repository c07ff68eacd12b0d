"""The case list's queues and footer as a clerk uses them: a click on a queue, a click on a
column's header; every figure the exact count of what it says it counts."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from hukou_desk.app import Desk, create_app
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.ui.case_list import COLUMNS, PAGE, CaseListPanel, Queue
from tests.ui.conftest import Recorded, activate, demo_folder, errors, user

DEMO_DAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def filled_folder(staffed_folder, policy, tmp_path_factory):
    """The staffed station with 900 demo cases, generated once for this file."""
    into = tmp_path_factory.mktemp("filled")
    return demo_folder(staffed_folder, into, policy, count=900, today=DEMO_DAY, seed=3)


@pytest.fixture
def station_template(request, station_template):
    return (
        request.getfixturevalue("filled_folder")
        if "filled" in request.fixturenames
        else station_template
    )


@pytest.fixture
def filled(staffed):
    return staffed


def _as_of(database):
    """The day most clocks end within 3 working days of: a few due soon, others overdue."""
    calendar = load_calendar(forms_dir())
    with sqlite3.connect(database.path) as c:
        dues = sorted(
            date.fromisoformat(d)
            for (d,) in c.execute("SELECT due_on FROM case_file WHERE due_on IS NOT NULL")
        )
    return max(dues[10:], key=lambda d: sum(d <= e <= calendar.add(d, 3) for e in dues))


def _desk(qtbot, policy, database, today, lang="en"):
    desk = Desk(create_app(), policy, database, user(database, "zhangli"))
    desk.boxes = Recorded()
    assert desk.counter is not None
    desk.counter.today = lambda: today
    window = desk.show(lang)
    qtbot.addWidget(window)
    window.desk = desk
    activate(qtbot, window)
    return window


def _click_queue(qtbot, cases: CaseListPanel, queue: Queue) -> None:
    item = cases.queues.item(list(cases.queue_titles).index(queue))
    rect = cases.queues.visualItemRect(item)
    qtbot.mouseClick(cases.queues.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: cases.current_queue() is queue)


def _click_header(qtbot, cases: CaseListPanel, key: str) -> None:
    header = cases.table.horizontalHeader()
    section = next(i for i, c in enumerate(COLUMNS) if c.key == key)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def _count(database, where, *args):
    with sqlite3.connect(database.path) as c:
        return c.execute(f"SELECT count(*) FROM case_file WHERE {where}", args).fetchone()[0]


def _scroll_to_the_end(qtbot, cases: CaseListPanel) -> None:
    model, root = cases.model, cases.table.rootIndex()
    while model.canFetchMore(root):
        shown = len(model.rows)
        cases.table.scrollToBottom()
        qtbot.waitUntil(lambda shown=shown: len(model.rows) > shown)


@pytest.mark.slow
def test_a_work_queue_keeps_its_cases_and_its_count_whatever_the_sort(qtbot, policy, filled):
    window = _desk(qtbot, policy, filled, DEMO_DAY)
    cases = window.cases
    assert cases is not None
    with sqlite3.connect(filled.path) as c:
        waiting = {
            n
            for (n,) in c.execute(
                "SELECT number FROM case_file WHERE status = 'approved' AND NOT EXISTS "
                "(SELECT 1 FROM audit_event a WHERE a.case_id = case_file.id "
                "AND a.action = 'print.approval')"
            )
        }
    assert len(waiting) > PAGE
    first_page = f"Showing {PAGE} of {len(waiting)} matching cases; scroll for more."
    _click_queue(qtbot, cases, Queue.APPROVED_NOT_PRINTED)
    assert len(cases.model.rows) == PAGE and cases.summary.text().startswith(first_page)
    # Sorted by the due date (approved cases have no running clock): the queue stays whole.
    for column, order in (("due", "due"), ("number", "number"), ("received", "received_oldest")):
        _click_header(qtbot, cases, column)
        qtbot.waitUntil(lambda order=order: cases.model.order.value == order)
        assert len(cases.model.rows) == PAGE and cases.summary.text().startswith(first_page)
        assert {r.number for r in cases.model.rows} <= waiting
    _click_header(qtbot, cases, "due")
    qtbot.waitUntil(lambda: cases.model.order.value == "due")
    _scroll_to_the_end(qtbot, cases)
    assert {r.number for r in cases.model.rows} == waiting
    assert cases.summary.text().startswith(f"{len(waiting)} cases match.")
    assert errors(window) == []


def test_the_deadline_queues_list_the_due_soonest_first_and_the_overdue_apart(
    qtbot, policy, filled
):
    today = _as_of(filled)
    calendar = load_calendar(forms_dir())
    horizon = calendar.add(today, 3)
    overdue = _count(filled, "due_on < ?", today.isoformat())
    soon = _count(filled, "due_on >= ? AND due_on <= ?", today.isoformat(), horizon.isoformat())
    assert overdue > soon >= 2
    window = _desk(qtbot, policy, filled, today)
    cases = window.cases
    assert cases is not None
    # The status bar and the queues' titles: exact counts, each saying what it counts.
    assert (
        f"open cases past the time limit: {overdue} · due within 3 working days: {soon}"
        in window.status.cases_label.text()
    )
    titles = [cases.queues.item(i).text() for i in range(cases.queues.count())]
    assert f"Due within 3 working days ({soon})" in titles
    assert f"Past the time limit ({overdue})" in titles
    _click_queue(qtbot, cases, Queue.DEADLINE)
    due_column = next(i for i, c in enumerate(COLUMNS) if c.key == "due")
    assert cases.table.horizontalHeader().sortIndicatorSection() == due_column  # as listed
    dues = [r.due_on for r in cases.model.rows]
    assert len(dues) == soon and dues == sorted(dues) and dues[0] >= today
    assert cases.summary.text().startswith(f"{soon} cases match.")
    _click_queue(qtbot, cases, Queue.OVERDUE)
    _scroll_to_the_end(qtbot, cases)
    late = [r.due_on for r in cases.model.rows]
    assert len(late) == overdue and late == sorted(late) and late[-1] < today
    assert cases.summary.text().startswith(f"{overdue} cases match.")
    assert errors(window) == []


def test_the_counts_say_what_they_count_in_chinese(qtbot, policy, filled):
    today = _as_of(filled)
    overdue = _count(filled, "due_on < ?", today.isoformat())
    window = _desk(qtbot, policy, filled, today, lang="zh")
    assert f"全站在办超过办理时限：{overdue}" in window.status.cases_label.text()
    cases = window.cases
    assert cases is not None
    _click_queue(qtbot, cases, Queue.OVERDUE)
    assert cases.summary.text().startswith(f"共 {overdue} 件符合。")


def test_the_case_numbers_are_shown_whole(qtbot, policy, filled):
    """At 1366x768 two numbers of the same year read 440703001-03-2026-00… alike: the column
    holds a whole number (in the list's own font, at any text size)."""
    window = _desk(qtbot, policy, filled, _as_of(filled), lang="zh")
    cases = window.cases
    assert cases is not None
    number = cases.model.rows[0].number
    margins = 2 * cases.table.style().pixelMetric(
        cases.table.style().PixelMetric.PM_FocusFrameHMargin
    )
    needed = cases.table.fontMetrics().horizontalAdvance(number) + margins + 8
    assert cases.table.columnWidth(0) >= needed, (cases.table.columnWidth(0), needed)
