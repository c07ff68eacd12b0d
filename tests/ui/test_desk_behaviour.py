"""The desk's promises: nothing typed is lost, every step by keyboard, the list stays quick."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlmodel import select

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.storage import demo
from hukou_desk.storage.models import AuditEvent, Case, CheckAttachment
from hukou_desk.ui.case_list import PAGE, Queue
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.wizard import (
    APPLICANT,
    DOCUMENTS,
    OUTCOME,
    PATHWAY,
    PEOPLE,
    SITUATION,
    IntakeWizard,
)
from tests.ui.conftest import (
    PASSWORD,
    Intake,
    Recorded,
    activate,
    answer_act,
    complete_origin,
    errors,
    ident,
    open_desk,
    type_intake,
    user,
)

SPECIALIST = Intake(
    id_number=ident("44010619920202123"),
    name="司马睿",
    pathway="specialist",
    situation={"applicant.education": "21"},
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


def test_documents_scans_by_dialog_or_drop_and_missing_ones_pause_the_case(
    qtbot, policy, staffed, tmp_path
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = type_intake(
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
            findings={"property_deed": "missing"},
        ),
        submit=False,
    )
    assert wizard.outcome.request.isEnabled()
    assert "房屋" in wizard.outcome.view.toPlainText()  # the missing deed is named
    wizard.go_back()
    assert wizard.step == DOCUMENTS
    box = next(b for b in wizard.documents.boxes if b.document_id == "resident_id_card")
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(PDF)
    wizard.documents.attach(box, scan)
    dropped = tmp_path / "身份证背面.pdf"
    dropped.write_bytes(PDF + b"%back")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dropped))])
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    box.dropEvent(drop)
    assert "身份证.pdf" in box.files.text() and "身份证背面.pdf" in box.files.text()
    fake = tmp_path / "notes.txt"
    fake.write_text("not a scan")
    wizard.documents.attach(box, fake)
    assert "PDF" in errors(window)[-1]  # refused, with the types that are accepted
    with staffed.read() as session:
        assert len(session.exec(select(CheckAttachment)).all()) == 2
    wizard.go_next()
    with qtbot.waitSignal(wizard.finished):
        wizard.outcome.request.click()
        asked = answer_act(qtbot)
    assert "补正材料通知书" in asked and wizard.case_number in asked
    with staffed.read() as session:
        case = session.exec(select(Case).where(Case.number == wizard.case_number)).one()
    assert case.status == CaseStatus.NEEDS_DOCUMENTS.value and case.clock_running_since is None
    window.cases.set_queue(Queue.WAITING_DOCUMENTS)
    assert [r.number for r in window.cases.model.rows] == [case.number]
    # The applicant comes back with the deed: the case opens at its documents, and goes on.
    resumed = window.open_case(case.number)
    assert isinstance(resumed, IntakeWizard) and resumed.step == DOCUMENTS
    deed = next(b for b in resumed.documents.boxes if b.document_id == "property_deed")
    assert deed.state.currentData() == "missing"
    deed.state.setCurrentIndex(deed.state.findData("verified"))
    # Verified with its check questions unanswered is recorded as not matching, and said.
    assert deed.recorded == "mismatch" and deed.settled.isVisibleTo(deed)
    for question in deed.questions.values():
        if not question.isChecked():
            question.click()  # as a click does: toggled, then the finding saved
    assert deed.recorded == "verified" and not deed.settled.isVisibleTo(deed)
    resumed.go_next()
    resumed.outcome.note.setPlainText("补正材料已核。")
    with qtbot.waitSignal(resumed.finished):
        resumed.outcome.submit.click()
        answer_act(qtbot)
    with staffed.read() as session:
        case = session.exec(select(Case).where(Case.number == case.number)).one()
    assert case.status == CaseStatus.RECOMMENDED.value and case.clock_running_since is not None


def test_a_second_open_application_is_warned_about_and_a_draft_can_be_withdrawn(
    qtbot, policy, staffed
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    first = type_intake(qtbot, window, SPECIALIST)
    second = window.new_case()
    qtbot.keyClicks(second.applicant.id_number, SPECIALIST.id_number)
    assert "1 件在办案件" in second.applicant.known.text()
    assert first.case_number in second.applicant.open_cases.item(0).text()
    # The known details are offered, not written in: the clerk copies them.
    assert second.applicant.name.text() == ""
    assert SPECIALIST.name in second.applicant.known.text()
    second.applicant.name.insert("司马瑞")  # typed otherwise than on record: said so
    assert second.applicant.differs.isVisibleTo(second.applicant)
    assert "司马睿" in second.applicant.differs.text()
    qtbot.mouseClick(second.applicant.copy_known, Qt.MouseButton.LeftButton)
    assert second.applicant.name.text() == SPECIALIST.name
    assert second.applicant.hukou_office.text() == SPECIALIST.office
    assert not second.applicant.differs.isVisibleTo(second.applicant)
    second.go_next()
    with qtbot.waitSignal(second.finished):
        qtbot.mouseClick(second.discard, Qt.MouseButton.LeftButton)
        assert second.case_number in answer_act(qtbot)
    with staffed.read() as session:
        case = session.exec(select(Case).where(Case.number == second.case_number)).one()
    assert case.status == CaseStatus.WITHDRAWN.value


def test_the_wizard_refuses_to_go_on_with_a_wrong_identity_number(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, SPECIALIST.id_number[:-1] + "0")
    assert "校验码" in wizard.applicant.feedback.text()
    wizard.applicant.name.insert("某人")
    complete_origin(qtbot, wizard)
    wizard.applicant.name.setFocus()
    qtbot.keyClick(wizard.applicant.name, Qt.Key.Key_Return)
    assert wizard.step == APPLICANT and "身份号码" in errors(window)[-1]
    wizard.applicant.id_number.setText(SPECIALIST.id_number)
    wizard.go_next()
    wizard.go_next()
    assert wizard.step == PATHWAY
    # The best-ranked route is offered first; the clerk looks up the one asked for by name.
    wizard.pathway.search.setText("专才")
    qtbot.keyClick(wizard.pathway.search, Qt.Key.Key_Return)
    assert wizard.pathway.pathway_id == "specialist"


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


def test_enter_on_the_chosen_pathway_goes_to_the_people_step_once(qtbot, policy, staffed):
    from tests.ui.test_counter_flow import _intakes

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    window.show()
    intake = _intakes()[0]
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, intake.id_number)
    wizard.applicant.name.setFocus()
    wizard.applicant.name.insert(intake.name)
    complete_origin(qtbot, wizard)
    wizard.applicant.name.setFocus()
    qtbot.keyClick(wizard.applicant.name, Qt.Key.Key_Return)
    assert wizard.step == SITUATION
    for path, value in intake.situation.items():
        wizard.situation.form.set_value(path, value)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.step == PATHWAY
    results = wizard.pathway.tree.results
    wizard.pathway.select(intake.pathway)
    results.setFocus()
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert wizard.step == PEOPLE  # not DOCUMENTS: one Enter, one step
    assert wizard.pathway.pathway_id == intake.pathway


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
    assert staff.must_change_password(staffed, clerk)
    assert not staff.must_change_password(staffed, user(staffed, "admin"))
    dialog = ChangePasswordDialog(staffed, clerk, "zh", forced=True)
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
    assert not staff.must_change_password(staffed, clerk)


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


def test_one_tab_leaves_the_application_date(qtbot, policy, staffed):
    from hukou_desk.ui.fields import DateField

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, SPECIALIST.id_number)
    wizard.applicant.name.insert(SPECIALIST.name)
    complete_origin(qtbot, wizard)
    wizard.go_next()
    date = wizard.situation.form.fields["application_date"]
    assert isinstance(date, DateField)
    date.setFocus(Qt.FocusReason.TabFocusReason)  # arrived by Tab: the year is selected
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not date  # one Tab on, not year → month → day
    date.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(date, "20261120")  # typed straight through year, month and day
    assert date.fact() == "2026-11-20"


def test_a_follow_up_question_is_the_next_tab_at_once(qtbot, policy, staffed):
    """Answering by keyboard shows the follow-up question below at once (not after the
    engine's pause), so the Tab that follows always lands on it, however fast it comes."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, SPECIALIST.id_number)
    wizard.applicant.name.insert(SPECIALIST.name)
    complete_origin(qtbot, wizard)
    wizard.go_next()
    form = wizard.situation.form
    homes = form.fields["applicant.homes_owned_in_city"]
    acquired = form.fields["applicant.home_acquired"]
    reason = form.fields["applicant.lost_home_reason"]
    assert not acquired.isVisibleTo(form) and not reason.isVisibleTo(form)
    homes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(homes, Qt.Key.Key_Up)  # not known → 0
    assert reason.isVisibleTo(form) and not acquired.isVisibleTo(form)
    qtbot.keyClick(homes, Qt.Key.Key_Up)  # 0 → 1: now how it was acquired is asked
    assert acquired.isVisibleTo(form) and not reason.isVisibleTo(form)
    qtbot.keyClick(homes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is acquired
    qtbot.keyClick(acquired, Qt.Key.Key_Down)  # bought
    assert acquired.fact() == "purchased"
    # The lost-home reason "another reason" asks for the reason in words, right below.
    qtbot.keyClick(acquired, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(homes, Qt.Key.Key_Down)  # back to 0
    qtbot.keyClick(homes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is reason
    while reason.fact() != "other":
        qtbot.keyClick(reason, Qt.Key.Key_Down)
    qtbot.keyClick(reason, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.fields["applicant.lost_home_note"]


def test_the_origin_office_is_chosen_from_the_citys_list_by_part_of_its_name(
    qtbot, policy, staffed
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    office = wizard.applicant.hukou_office
    office.setFocus()
    typed = QInputMethodEvent()  # as the IME commits 台城 (QTest types ASCII only)
    typed.setCommitString("台城")
    QApplication.sendEvent(office, typed)
    popup = office.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert office.completer().currentCompletion() == "台山市公安局台城派出所"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # takes the office; the wizard stays on step 1
    assert office.text() == "台山市公安局台城派出所"
    assert wizard.step == APPLICANT


def test_the_pathway_step_asks_the_fact_that_decides_the_leading_route(qtbot, policy, staffed):
    """A mother joining her daughter: the parent route leads; the step names the fact that
    settles it, Alt+Q goes back to that question, and once answered the next one is asked."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44078119550101124"))
    wizard.applicant.name.insert("王秀英")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    form = wizard.situation.form
    form.set_value("sponsor.relationship", "30")
    form.set_value("sponsor.hukou_region", "440703")
    wizard.go_next()
    assert wizard.step == PATHWAY
    assert wizard.pathway.tree.current_pathway() == "parent_joins_child"
    question = wizard.pathway.question
    assert question is not None and question.pathway_id == "parent_joins_child"
    assert wizard.pathway.deciding.isVisibleTo(wizard) and question.clause in (
        wizard.pathway.deciding.text()
    )
    first = question.paths[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert wizard.step == SITUATION
    field = form.fields[first]
    assert QApplication.focusWidget() is field or field.isAncestorOf(QApplication.focusWidget())
    assert first == "sponsor.student"  # the daughter's number comes with the people (step 4)
    form.set_value(first, False)  # not a student
    wizard.go_next()
    assert wizard.pathway.tree.current_pathway() == "parent_joins_child"
    assert wizard.pathway.question is None or wizard.pathway.question.paths[0] != first


def test_a_name_no_slip_can_print_is_said_at_the_intake(qtbot, policy, staffed):
    """A character no slip font has (𰀀, U+30000, CJK Ext G): the clerk hears of it when the
    name is typed, not at print."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = window.new_case()
    step = wizard.applicant
    step.name.setText("\U00030000野家")
    step.name.editingFinished.emit()
    assert step.glyphs.isVisibleTo(step) and "U+30000" in step.glyphs.text()
    step.name.setText("龚䶮")  # Ext A and a rare common-block character print
    step.name.editingFinished.emit()
    assert not step.glyphs.isVisibleTo(step)
