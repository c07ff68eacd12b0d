"""A working day at one counter, run by `tests/ui/test_soak.py` in its own process on the
xcb platform under Xvfb (not collected on its own: its name is not test_*).

The station is set up as the desk's first start leaves it, then encrypted, and carries a few
thousand earlier cases. Through the real desk, by the keyboard: a clerk takes in applicants
one after another, searches between them, signs out; the supervisor signs in, finds each new
case, approves or refuses it, previews permits; the clerk signs in again. Memory is read from
/proc at the start, after the first round (warm) and at the end; the figures go to the file
named by $HUKOU_SOAK_REPORT for the outer test to judge.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from hukou_desk import demo
from hukou_desk.app import Desk, create_app
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.lifecycle import CaseStatus, Role
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services import staff, vault
from hukou_desk.services.counter import Counter, OpenFile, database_of
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case
from hukou_desk.ui import slips as slips_ui
from hukou_desk.ui.login import LoginDialog
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.slips import SlipPreview
from tests.stations import enrol, set_up_station
from tests.ui.conftest import PASSWORD, Recorded, act_box, activate, errors, ident, print_to_pdf
from tests.ui.test_keyboard_flow import (
    ALT,
    CTRL,
    Key,
    answer_modal,
    has_focus,
    intake_by_keyboard,
    press,
    tab_to,
    type_in,
)

INTAKES = int(os.environ.get("HUKOU_SOAK_INTAKES", "40"))
ROUND = 5  # intakes between two sign-outs
SEARCHES_PER_INTAKE = 5
EARLIER_CASES = 3_000
SURNAMES = "陈李黄梁张王吴刘何林"
GIVEN = ["小明", "志强", "丽华", "国庆", "美玲", "建华", "秀英", "伟", "嘉欣", "子涵"]


class KeyCount(QObject):
    """Every key press the desk's widgets receive during the day."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            self.presses += 1
        return False


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:  # noqa: PTH123 (a proc file)
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def applicant(i: int) -> tuple[dict, str]:
    """The i-th applicant of the day, by one of three routes, each person new to the file."""
    number = ident(f"44078519{80 + i % 20:02d}{1 + i % 12:02d}{1 + i % 28:02d}{500 + i:03d}")
    name = SURNAMES[i % 10] + GIVEN[(i // 10) % 10]
    kind = i % 3
    if kind == 0:
        spouse = ident(f"4407031988{1 + i % 12:02d}{1 + i % 28:02d}{300 + i:03d}")
        householder = ident(f"4407031960{1 + i % 12:02d}{1 + i % 28:02d}{300 + i:03d}")
        return (
            {
                "id_number": number,
                "name": name,
                "pathway": "spouse",
                "situation": [
                    ("applicant.marital_status", "21"),
                    ("destination.district", "440703"),
                    ("destination.address", "江门市蓬江区白沙大道西1号301室"),
                    ("sponsor.relationship", "10"),
                    ("sponsor.hukou_region", "440703"),
                    ("sponsor.residence.kind", "owned"),
                    ("sponsor.residence.district", "440703"),
                ],
                "people": {"sponsor": (spouse, "李华"), "householder": (householder, "李大海")},
                "relation_to_householder": "38",
            },
            "夫妻投靠",
        )
    if kind == 1:
        return (
            {
                "id_number": number,
                "name": name,
                "pathway": "specialist",
                "situation": [
                    ("applicant.education", "21"),
                    ("destination.district", "440703"),
                    ("destination.address", "江门市蓬江区白沙大道西1号301室"),
                ],
            },
            "专才",
        )
    return (
        {
            "id_number": number,
            "name": name,
            "pathway": "bought_home",
            "situation": [
                ("destination.district", "440703"),
                ("destination.address", "江门市蓬江区白沙大道西1号301室"),
                ("applicant.homes_owned_in_city", 1),
                ("applicant.home_acquired", "purchased"),
                ("applicant.home_district", "440703"),
            ],
        },
        "自购",
    )


def search(qtbot, window, words: str) -> int:
    """Ctrl+F, the words typed over the last search; how many rows the list shows."""
    press(qtbot, Key.Key_F, CTRL)
    assert window.cases is not None and has_focus(window.cases.search)
    press(qtbot, Key.Key_A, CTRL)
    type_in(qtbot, words)
    qtbot.waitUntil(lambda: bool(window.cases.model.rows) and window.cases.search.text() == words)
    return len(window.cases.model.rows)


def signed_in_by_keyboard(qtbot, username: str):
    """The desk's sign-in after a sign-out: the real window, the password typed, Enter."""

    def sign_in(database, lang):
        login = LoginDialog(OpenFile(database), lang, username=username)

        def type_password() -> None:
            if not login.isVisible():
                QTimer.singleShot(20, type_password)
                return
            activate(qtbot, login)
            type_in(qtbot, PASSWORD)
            press(qtbot, Key.Key_Return)

        QTimer.singleShot(0, type_password)
        if login.exec() != LoginDialog.DialogCode.Accepted:
            return None
        return login.user

    return sign_in


def decide(qtbot, window, number: str, *, approve: bool) -> None:
    search(qtbot, window, number)
    qtbot.waitUntil(lambda: [r.number for r in window.cases.model.rows] == [number])
    tab_to(qtbot, window.cases.table)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)
    review = window.tabs.currentWidget()
    assert isinstance(review, CaseReview) and review.number == number
    tab_to(qtbot, review.approve)  # one stop for the pair; the arrow keys choose within it
    press(qtbot, Key.Key_Space if approve else Key.Key_Right)
    assert (review.approve if approve else review.refuse).isChecked()
    if not approve:
        if not review.ticked_grounds():  # the plan found nothing unmet: the supervisor ticks one
            tab_to(qtbot, next(iter(review.ground_boxes.values())))
            press(qtbot, Key.Key_Space)
        assert review.ticked_grounds()
        tab_to(qtbot, review.reasons)
        type_in(qtbot, "住房证明与登记信息不符，不符合条件。")
    tab_to(qtbot, review.record)
    press(qtbot, Key.Key_Space)  # asks first: Cancel is the default, Alt+Y decides
    box = act_box(qtbot)
    activate(qtbot, box)
    press(qtbot, Key.Key_Y, ALT)
    qtbot.waitUntil(lambda: not review.decision_box.isVisibleTo(review))
    activate(qtbot, window)
    assert errors(window) == [], errors(window)


def preview_permit(qtbot, window) -> None:
    """Ctrl+P on the case in front: the permit chosen, previewed, printed, closed."""

    def pick_the_permit() -> None:
        chooser = QApplication.activeModalWidget()
        kinds = chooser.kinds  # type: ignore[union-attr]
        while kinds.currentData() != "approval":
            qtbot.keyClick(kinds, Key.Key_Down)
        qtbot.keyClick(kinds, Key.Key_Return)

    answer_modal(qtbot, pick_the_permit)
    press(qtbot, Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(SlipPreview)))
    (preview,) = [w for w in window.findChildren(SlipPreview) if w.isVisible()]
    activate(qtbot, preview)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())
    activate(qtbot, window)


def test_a_day_at_the_counter(qtbot, policy, tmp_path, monkeypatch, china_clock):
    # A working Tuesday inside the calendar's installed years: limits are counted, not awaited.
    china_clock(datetime(2026, 9, 1, 9, 0))
    report_to = Path(os.environ.get("HUKOU_SOAK_REPORT", tmp_path / "soak.json"))
    started = time.monotonic()
    database = open_database(tmp_path / "hukou-desk.db")
    admin = set_up_station(database, password=PASSWORD)
    calendar = load_calendar(forms_dir())
    demo.generate(database, count=EARLIER_CASES, policy=policy, calendar=calendar, today=demo_day())
    done = vault.encrypt(OpenFile(database), admin=admin.username, password=PASSWORD)
    database = database_of(done.file)
    counter = Counter(database, policy, calendar)
    for username, name, role in (
        ("zhangli", "张丽", Role.CLERK),
        ("wangfang", "王芳", Role.SUPERVISOR),
    ):
        staff.add_user(
            counter, admin, username=username, display_name=name, role=role, password=PASSWORD
        )
    enrol(database)  # the supervisor's key, as the centre enrols it
    database.close()
    database, clerk = vault.sign_in(
        tmp_path / "hukou-desk.db", username="zhangli", password=PASSWORD
    )
    print_to_pdf(monkeypatch, slips_ui, tmp_path / "printed.pdf")

    desk = Desk(create_app(), policy, database, clerk)
    desk.boxes = Recorded()
    window = desk.show("zh")
    keys = KeyCount()
    QApplication.instance().installEventFilter(keys)
    figures: dict[str, float | int] = {"rss_start_mib": round(rss_mib(), 1)}
    none_before = sys.getrefcount(None)
    searches = previews = decisions = sign_outs = 0
    numbers: list[str] = []
    for first in range(0, INTAKES, ROUND):
        # The clerk's round: intakes, with searches between them.
        activate(qtbot, window)
        batch = []
        for i in range(first, min(first + ROUND, INTAKES)):
            fields, words = applicant(i)
            batch.append(intake_by_keyboard(qtbot, window, fields, words))
            for words in (
                fields["name"][:1],
                fields["name"],
                fields["id_number"][:10],
                "cx",
                batch[-1],
            ):
                searches += search(qtbot, window, words) > 0
        numbers += batch
        # Hand over to the supervisor, who decides the round's cases.
        desk.sign_in_with = signed_in_by_keyboard(qtbot, "wangfang")
        window.session.sign_out()
        window = desk.window
        sign_outs += 1
        activate(qtbot, window)
        for j, number in enumerate(batch):
            decide(qtbot, window, number, approve=j != 1)
            decisions += 1
            if j != 1:
                preview_permit(qtbot, window)
                previews += 1
        gc.collect()
        # And back to the clerk.
        desk.sign_in_with = signed_in_by_keyboard(qtbot, "zhangli")
        window.session.sign_out()
        window = desk.window
        sign_outs += 1
        if first == 0:
            figures["rss_warm_mib"] = round(rss_mib(), 1)
    gc.collect()
    figures["rss_end_mib"] = round(rss_mib(), 1)
    with database.read() as session:
        statuses = [c.status for c in session.exec(select(Case).where(Case.number.in_(numbers)))]
    assert len(statuses) == INTAKES
    assert set(statuses) <= {CaseStatus.APPROVED.value, CaseStatus.REFUSED.value}
    figures.update(
        intakes=len(numbers),
        searches=searches,
        decisions=decisions,
        previews=previews,
        sign_outs=sign_outs,
        key_events=keys.presses,
        none_refcount_change=sys.getrefcount(None) - none_before,
        minutes=round((time.monotonic() - started) / 60, 2),
        earlier_cases=EARLIER_CASES,
    )
    report_to.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    window.close()


def demo_day() -> date:
    return china_today()
