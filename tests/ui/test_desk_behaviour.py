"""The desk's promises: nothing typed is lost, every step by keyboard, the list stays quick."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlmodel import select

from hukou_desk import demo
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services.counter import OpenFile
from hukou_desk.storage.models import AuditEvent
from hukou_desk.ui.case_list import PAGE, Queue
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.wizard import (
    APPLICANT,
    OUTCOME,
    PATHWAY,
    SITUATION,
    IntakeWizard,
)
from tests.ui.conftest import (
    PASSWORD,
    SPECIALIST,
    Intake,
    Recorded,
    activate,
    complete_origin,
    ident,
    open_desk,
    type_intake,
    user,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _start(qtbot, window, intake: Intake) -> IntakeWizard:
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, intake.id_number)
    wizard.applicant.name.insert(intake.name)
    complete_origin(qtbot, wizard)
    wizard.applicant.name.setFocus()
    return wizard


def test_the_idle_lock_hides_the_desk_and_keeps_every_input(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = _start(qtbot, window, SPECIALIST)
    assert window.session.idle is not None and window.session.idle.timer.interval() == 10 * 60_000
    window.session.idle.timer.setInterval(50)  # the station's minutes, shortened for the test
    window.session.idle.timer.start()
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert window.stack.currentWidget() is window.session.lock_screen
    assert not window.menuBar().isEnabled()
    # Only the same user's password opens it again.
    qtbot.keyClicks(window.session.lock_screen.password, "not-it-at-all-1")
    qtbot.keyClick(window.session.lock_screen.password, Qt.Key.Key_Return)
    # The lock screen asks for a password only: it says the password was wrong.
    assert window.locked and window.session.lock_screen.problem.text() == "密码错误。"
    qtbot.keyClicks(window.session.lock_screen.password, PASSWORD)
    qtbot.keyClick(window.session.lock_screen.password, Qt.Key.Key_Return)
    assert not window.locked and window.stack.currentWidget() is window.tabs
    assert wizard.applicant.name.text() == SPECIALIST.name
    assert wizard.applicant.id_number.text() == SPECIALIST.id_number
    with staffed.read() as session:
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "login.failed" in actions and actions[-1] == "login"


@pytest.mark.slow
def test_a_crash_loses_nothing_typed(qtbot, policy, staffed):
    """Typing autosaves; a new window after a crash brings every intake back where it was."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    early = _start(qtbot, window, SPECIALIST)  # not even past the first step
    qtbot.waitUntil(lambda: not early._autosave.isActive(), timeout=5000)
    later = type_intake(
        qtbot,
        window,
        Intake(
            id_number=ident("44078119850303123"),
            name="黄志强",
            pathway="bought_home",
            situation={
                "applicant.homes_owned_in_city": 1,
                "applicant.home_acquired": "purchased",
                "applicant.home_district": "440703",
                "destination.district": "440703",
            },
        ),
        submit=False,
    )
    later.outcome.note.setPlainText("房产证原件已核。")
    qtbot.waitUntil(lambda: not later._autosave.isActive(), timeout=5000)
    # The window is never closed: as if the PC lost power. A new one starts on the same file.
    again = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    restored = again.tabs.wizards()
    assert len(restored) == 2
    fresh = next(w for w in restored if w.case_id is None)
    assert fresh.applicant.name.text() == SPECIALIST.name and fresh.step == APPLICANT
    resumed = next(w for w in restored if w.case_id is not None)
    assert resumed.case_number == later.case_number and resumed.step == OUTCOME
    assert resumed.outcome.note.toPlainText() == "房产证原件已核。"
    assert resumed.pathway.pathway_id == "bought_home"
    assert "恢复 2 件" in again.context.messages.history[-1][1]
    # Another clerk sees none of it.
    other = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    assert other.tabs.wizards() == []


@pytest.mark.slow
def test_closing_a_tab_keeps_the_draft_which_resumes_from_my_drafts(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = _start(qtbot, window, SPECIALIST)
    wizard.go_next()
    wizard.situation.form.set_value("applicant.education", "21")
    number = wizard.case_number
    window.tabs.close_tab(window.tabs.indexOf(wizard))
    assert window.tabs.wizards() == []
    window.cases.set_queue(Queue.MY_DRAFTS)
    assert [r.number for r in window.cases.model.rows] == [number]
    window.cases.table.setFocus()
    window.cases.table.selectRow(0)
    qtbot.keyClick(window.cases.table, Qt.Key.Key_Return)  # Enter opens the selected case
    (resumed,) = window.tabs.wizards()
    assert resumed.case_number == number
    assert resumed.situation.form.fields["applicant.education"].fact() == "21"
    assert resumed.step == SITUATION


def _intakes_for_language():
    from tests.ui.test_counter_flow import _intakes

    return _intakes()


@pytest.mark.slow
def test_switching_language_keeps_an_open_intake(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = _start(qtbot, window, SPECIALIST)
    wizard.go_next()
    wizard.situation.form.set_value("applicant.education", "21")
    boss_case = type_intake(qtbot, window, _intakes_for_language()[0]).case_number
    review = window.open_case(boss_case)
    assert isinstance(review, CaseReview)
    english = window.desk.show("en")
    qtbot.addWidget(english)
    assert english.tabs.cases_being_read() == [boss_case]  # the case being read stays open
    (moved,) = english.tabs.wizards()
    assert moved.case_number == wizard.case_number
    assert moved.situation.form.fields["applicant.education"].fact() == "21"
    assert moved.next.text() == "Next (Enter)"


@pytest.mark.slow
def test_keyboard_shortcuts_for_new_case_search_and_save(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    window.actions_by_name["new_case"].trigger()
    (wizard,) = window.tabs.wizards()
    assert window.tabs.currentWidget() is wizard
    assert window.actions_by_name["new_case"].shortcut().toString() == "Ctrl+N"
    qtbot.keyClicks(wizard.applicant.id_number, SPECIALIST.id_number)
    wizard.applicant.name.insert(SPECIALIST.name)
    complete_origin(qtbot, wizard)
    wizard.applicant.name.setFocus()
    qtbot.keyClick(wizard.applicant.name, Qt.Key.Key_Return)
    assert wizard.step == SITUATION
    combo = wizard.situation.form.fields["applicant.education"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # Enter on a closed list continues too
    assert wizard.step == PATHWAY
    window.actions_by_name["save"].trigger()
    assert wizard.case_number and window.context.messages.history[-1][1] == "草稿已保存。"
    window.actions_by_name["find"].trigger()
    assert window.tabs.currentWidget() is window.cases
    assert QApplication.focusWidget() is window.cases.search


def test_an_unexpected_error_is_an_apology_and_a_log_line_without_personal_data(
    qtbot, policy, staffed, caplog
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    messages = window.context.messages
    with caplog.at_level(logging.ERROR, logger="hukou_desk"), messages.guard():
        raise RuntimeError(f"failed for {SPECIALIST.id_number} {SPECIALIST.name}")
    level, said = messages.history[-1]
    assert level == "unexpected" and "不会丢失" in said
    assert "RuntimeError" in caplog.text
    assert SPECIALIST.id_number not in caplog.text and SPECIALIST.name not in caplog.text
    assert window.isVisible()  # the desk keeps running


@pytest.mark.slow
def test_the_case_list_pages_lazily_searches_as_typed_and_sorts(qtbot, policy, staffed):
    demo.generate(
        staffed,
        count=PAGE * 2 + 50,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=date(2026, 11, 20),
    )
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    cases = window.cases
    model = cases.model
    assert len(model.rows) == PAGE and model.canFetchMore(cases.table.rootIndex())
    cases.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(model.rows) > PAGE, timeout=3000)
    while model.canFetchMore(cases.table.rootIndex()):
        model.fetchMore(cases.table.rootIndex())
    assert len(model.rows) == PAGE * 2 + 50
    numbers = [r.number for r in model.rows]
    assert len(set(numbers)) == len(numbers)
    # Sorting by a column is a new keyset query, not a sort of what is loaded.
    cases.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [r.number for r in model.rows] == sorted(numbers)[:PAGE]
    # Typing searches after a pause; the query is audited as a digest.
    target = model.rows[3]
    qtbot.keyClicks(cases.search, target.number)
    qtbot.waitUntil(lambda: [r.number for r in model.rows] == [target.number], timeout=3000)
    assert "*" in model.data(model.index(0, 2))
    with staffed.read() as session:
        searches = session.exec(select(AuditEvent).where(AuditEvent.action == "search")).all()
    assert searches and all(target.number not in str(e.detail) for e in searches)
    # A column the index cannot sort by does not take the indicator (nor reorder anything).
    cases.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    assert cases.table.horizontalHeader().sortIndicatorSection() == 0
    cases.search.clear()
    cases.status.setCurrentIndex(cases.status.findData("approved"))
    qtbot.waitUntil(lambda: model.rows and {r.status for r in model.rows} == {CaseStatus.APPROVED})
    cases.set_queue(Queue.WAITING_APPROVAL)
    assert not cases.status.isEnabled()  # the queue is the status
    assert {r.status for r in model.rows} == {CaseStatus.RECOMMENDED}
    cases.status.setCurrentIndex(0)
    cases.set_queue(Queue.DEADLINE)
    dues = [r.due_on for r in model.rows]
    assert dues == sorted(dues)


@pytest.mark.slow
def test_sign_out_hands_the_desk_to_the_next_person_with_their_own_work(qtbot, policy, staffed):
    from hukou_desk.app import Desk, create_app
    from tests.ui.test_counter_flow import _intakes

    # Built here, not by open_desk: the desk itself deletes each window it replaces.
    desk = Desk(create_app(), policy, staffed, user(staffed, "zhangli"))
    desk.boxes = Recorded()
    window = desk.show("zh")
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, _intakes()[0].id_number)  # left unfinished
    desk.sign_in_with = lambda _db, _lang: user(staffed, "wangfang")
    window.windowHandle().requestActivate()  # shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(  # the shortcut, pressed where the clerk is typing
        wizard.applicant.id_number,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    after = desk.window
    assert after is not window and after.context.user.username == "wangfang"
    assert "zhangli" not in staffed.signers  # her signing key left memory with her
    assert after.tabs.wizards() == []  # the clerk's typing is hers, kept for her
    assert after.tabs.currentWidget() is after.cases  # not the tab the clerk had open
    desk.sign_in_with = lambda _db, _lang: user(staffed, "zhangli")
    after.actions_by_name["sign_out"].trigger()
    again = desk.window
    qtbot.addWidget(again)
    assert again.context.user.username == "zhangli"
    (restored,) = again.tabs.wizards()
    assert restored.applicant.id_number.text() == _intakes()[0].id_number
    assert again.tabs.currentWidget() is again.cases  # her intake waits in its own tab


@pytest.mark.slow
def test_settings_apply_at_once_and_the_counts_follow_every_change(qtbot, policy, staffed):
    from tests.ui.test_counter_flow import _intakes

    admin = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    admin.admin.idle_minutes.setValue(3)
    qtbot.mouseClick(
        admin.admin.findChild(QPushButton, "saveSettingsButton"), Qt.MouseButton.LeftButton
    )
    assert admin.session.idle.timer.interval() == 3 * 60_000
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    before = clerk.status.cases_label.text()
    type_intake(qtbot, clerk, _intakes()[0])
    assert (
        clerk.status.cases_label.text() != before
        and "案件总数：1" in clerk.status.cases_label.text()
    )


def test_a_question_before_something_final_defaults_to_no(qtbot, policy, staffed):
    from PySide6.QtWidgets import QMessageBox

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    box = window.context.messages.boxes.question_box(window, "撤回草稿？")
    qtbot.addWidget(box)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.No)


def test_a_password_the_administrator_set_is_changed_at_first_sign_in(qtbot, policy, staffed):
    from hukou_desk.services import staff
    from hukou_desk.ui.login import ChangePasswordDialog

    clerk = user(staffed, "zhangli")
    assert staff.must_change_password(OpenFile(staffed), clerk)
    assert not staff.must_change_password(OpenFile(staffed), user(staffed, "admin"))
    dialog = ChangePasswordDialog(OpenFile(staffed), clerk, "zh", forced=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.findChild(QLabel, "forcedChangeIntro").isVisible()
    qtbot.keyClicks(dialog.current, PASSWORD)
    qtbot.keyClicks(dialog.new, PASSWORD)
    qtbot.keyClicks(dialog.repeat, PASSWORD)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert "不能与当前密码相同" in dialog.problem.text()  # the same one again is no change
    qtbot.keyClicks(dialog.current, PASSWORD)
    qtbot.keyClicks(dialog.new, "zhangli-own-7")
    qtbot.keyClicks(dialog.repeat, "zhangli-own-7")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
    assert not staff.must_change_password(OpenFile(staffed), clerk)


@pytest.mark.slow
def test_alt_arrows_move_between_steps_from_wherever_the_focus_is(qtbot, policy, staffed):
    from tests.ui.test_counter_flow import _intakes

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    intake = _intakes()[0]
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, intake.id_number)
    wizard.applicant.name.setFocus()
    wizard.applicant.name.insert(intake.name)
    complete_origin(qtbot, wizard)
    wizard.applicant.name.setFocus()
    qtbot.keyClick(wizard.applicant.name, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.step == SITUATION
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.step == APPLICANT


def test_whoever_signs_in_starts_in_the_search_field(qtbot, policy, staffed):
    """The desk comes up on the case list with the cursor in its search (not on the tab
    bar): the clerk types a name or a number at once."""
    from hukou_desk.app import Desk, create_app
    from hukou_desk.ui.i18n import apply_language

    desk = Desk(create_app(), policy, staffed, user(staffed, "zhangli"))
    desk.boxes = Recorded()
    window = desk.show("zh")
    qtbot.addWidget(window)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.cases.search, timeout=2_000)
    apply_language("en")  # the application's translator, as the tests that follow expect it
