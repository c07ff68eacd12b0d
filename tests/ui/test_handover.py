"""A case handed from counter 01 to counter 03 of one station, as the clerks do it: a right
click on the case, the hand-over dialog, the file on a stick, the code told; at the other PC
a right click, the file and the code. The giver's copy is read-only, said in words."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services import handover
from hukou_desk.services.counter import OpenFile
from hukou_desk.storage import accounts, cases, counters
from hukou_desk.storage.database import Database, open_database
from hukou_desk.ui import handover as handover_ui
from tests.ui.conftest import PASSWORD, activate, open_desk, user

DEMO_DAY = date(2026, 11, 28)


def _counter_pc(folder: Path, number: str, policy, *, count: int) -> Database:
    """A station PC as counter `number`: its administrator and clerk, then a few cases."""
    database = open_database(folder / "cases.db")
    with database.write() as session:
        accounts.first_start(
            session,
            station_code="440703001",
            station_name="白沙派出所",
            district="440703",
            admin_username="admin",
            admin_name="管理员",
            password=PASSWORD,
        )
        counters.set_counter(session, number, actor="admin")
        from hukou_desk.domain.lifecycle import Role

        clerk = cases.add_user(
            session, actor="admin", username="zhangli", display_name="张丽", role=Role.CLERK
        )
        accounts.set_password(session, actor="admin", user=clerk, password=PASSWORD)
    if count:
        calendar = load_calendar(forms_dir())
        demo.generate(
            database, count=count, policy=policy, calendar=calendar, today=DEMO_DAY, seed=7
        )
    return database


@pytest.fixture
def two_counters(tmp_path, policy):
    first = _counter_pc(tmp_path / "pc01", "01", policy, count=4)
    third = _counter_pc(tmp_path / "pc03", "03", policy, count=0)
    # Counter 03 knows counter 01's key (the centre's reference data brings it).
    with third.write() as session:
        keys.trust_station(
            session,
            actor="t",
            station_code="440703001-01",
            public_key=keys.public_text(keys.station_key(first.keys_dir, first.key)),
        )
    yield first, third
    first.close()
    third.close()


def _right_click_first_case(qtbot, window) -> QMenu:
    table = window.cases.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return _right_click(qtbot, window, rect.center())


def _right_click(qtbot, window, at: QPoint) -> QMenu:
    viewport = window.cases.table.viewport()
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at)),
    )
    qtbot.waitUntil(lambda: window.cases.case_menu is not None)
    menu = window.cases.case_menu
    qtbot.waitUntil(menu.isVisible)
    return menu


def _choose(qtbot, menu: QMenu, name: str) -> None:
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


@pytest.mark.slow
def test_a_clerk_hands_a_case_to_the_supervisors_counter(
    qtbot, policy, two_counters, tmp_path, monkeypatch
):
    first, third = two_counters
    stick = tmp_path / "stick"
    stick.mkdir()
    window = open_desk(qtbot, policy, first, user(first, "zhangli"), lang="en")
    activate(qtbot, window)
    menu = _right_click_first_case(qtbot, window)
    number = window.cases.selected_number()
    assert number and number.startswith("440703001-01-")
    _choose(qtbot, menu, "handOver")
    qtbot.waitUntil(lambda: isinstance(window.cases.handover_dialog, handover_ui.GiveDialog))
    dialog = window.cases.handover_dialog
    qtbot.waitUntil(dialog.isVisible)
    given = dialog.findChild(type(dialog.said), "handoverSaid")
    # Nothing chosen yet: said, nothing handed over.
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert "Choose where to save" in given.text()
    monkeypatch.setattr(
        handover_ui.QFileDialog,
        "getSaveFileName",
        lambda *_a, **_k: (str(stick / "case.hkh"), ""),
    )
    qtbot.mouseClick(
        dialog.findChild(type(dialog.give_button), "handoverChoose"), Qt.MouseButton.LeftButton
    )
    qtbot.keyClicks(dialog.reason, "supervisor's review")
    qtbot.keyClicks(dialog.to, "01")  # itself: refused in words
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert "only to another counter of this station" in given.text()
    dialog.to.clear()
    qtbot.keyClicks(dialog.to, "03")
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Tell that counter this code" in given.text())
    code = re.search(r"[2-9A-Z]{4}(?:-[2-9A-Z]{4}){3}", given.text())
    assert code is not None and (stick / "case.hkh").is_file()
    assert code.group(0) not in (stick / "case.hkh").read_bytes().decode("latin-1")
    # The giving PC's copy is read-only, and says why.
    assert (
        handover.is_read_only(window.desk.counter, user(first, "zhangli"), number=number)
        == "440703001-03"
    )
    with first.write() as session, pytest.raises(counters.ReadOnlyCopy) as said:
        case = cases.case_by_number(session, number)
        cases.changed(session, case, actor=cases.user_named(session, "zhangli"),
                      action="case.extend", before=None)  # fmt: skip
    assert "handed over to counter 440703001-03" in said.value.message.en
    assert "只读副本" in said.value.message.zh
    qtbot.mouseClick(
        dialog.findChild(type(dialog.give_button), "handoverClose"), Qt.MouseButton.LeftButton
    )
    # Opened at the giving PC, the case says it is a read-only copy and offers no change.
    review = window.open_case(number)
    assert "Read-only copy" in review.notice.text() and "440703001-03" in review.notice.text()
    assert not review.resume.isEnabled() and not review.record.isEnabled()
    window.close()

    # Counter 03, the supervisor's desk: a right click, the file, the code.
    other = open_desk(qtbot, policy, third, user(third, "zhangli"), lang="en")
    activate(qtbot, other)
    viewport = other.cases.table.viewport()
    menu = _right_click(qtbot, other, QPoint(10, 10))
    assert not next(a for a in menu.actions() if a.objectName() == "handOver").isEnabled()
    _choose(qtbot, menu, "receiveCase")
    qtbot.waitUntil(lambda: isinstance(other.cases.handover_dialog, handover_ui.ReceiveDialog))
    receiving = other.cases.handover_dialog
    qtbot.waitUntil(receiving.isVisible)
    monkeypatch.setattr(
        handover_ui.QFileDialog,
        "getOpenFileName",
        lambda *_a, **_k: (str(stick / "case.hkh"), ""),
    )
    qtbot.mouseClick(
        receiving.findChild(type(receiving.take_button), "receiveChoose"), Qt.MouseButton.LeftButton
    )
    qtbot.keyClicks(receiving.code, "AAAA-BBBB-CCCC-DDDD")  # a wrong code: said, nothing taken
    qtbot.mouseClick(receiving.take_button, Qt.MouseButton.LeftButton)
    assert "code is wrong" in receiving.said.text()
    receiving.code.clear()
    qtbot.keyClicks(receiving.code, code.group(0).lower())
    qtbot.mouseClick(receiving.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "received from counter 440703001-01" in receiving.said.text())
    qtbot.mouseClick(
        receiving.findChildren(type(receiving.take_button))[-1], Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: any(r.number == number for r in other.cases.model.rows))
    assert viewport is not None
    assert handover.is_read_only(other.desk.counter, user(third, "zhangli"), number=number) is None
    other.close()


def test_the_first_start_asks_which_counter_this_pc_is(qtbot, database):
    from hukou_desk.app import create_app
    from hukou_desk.ui.login import FirstStartDialog

    create_app()
    setup = FirstStartDialog(OpenFile(database), "en")
    qtbot.addWidget(setup)
    qtbot.keyClicks(setup.code, "440703001")
    setup.name.setText("白沙派出所")  # typed through the input method
    setup.display_name.setText("管理员")
    qtbot.keyClicks(setup.phone, "0750-3301110")
    qtbot.keyClicks(setup.password, PASSWORD)
    qtbot.keyClicks(setup.repeat, PASSWORD)
    assert setup.counter.text() == "01"  # the first PC's, to be changed on the others
    setup.counter.clear()
    qtbot.keyClicks(setup.counter, "0")
    qtbot.mouseClick(setup.ok, Qt.MouseButton.LeftButton)
    assert "from 01 to 99" in setup.problem.text() and setup.admin is None
    setup.counter.clear()
    qtbot.keyClicks(setup.counter, "2")
    qtbot.mouseClick(setup.ok, Qt.MouseButton.LeftButton)
    assert setup.admin is not None
    with database.read() as session:
        assert counters.this_identity(session) == "440703001-02"
