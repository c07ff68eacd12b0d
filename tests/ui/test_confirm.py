"""No official act without a deliberate confirmation: pressed with the real keys a clerk uses.

Space or Enter on an act's button opens its confirmation, with Cancel focused; Space, Enter or
Escape there cancel and nothing is written. Only the act's own button (Alt+Y) acts.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from sqlmodel import select

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.storage.models import AuditEvent, Case
from hukou_desk.ui import operations
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.slips import SlipPreview
from hukou_desk.ui.wizard import OUTCOME
from tests.ui.conftest import (
    Intake,
    act_box,
    activate,
    errors,
    ident,
    open_desk,
    type_intake,
    user,
)
from tests.ui.test_counter_flow import _intakes

Key = Qt.Key


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _tab_to(qtbot, target: QWidget, limit: int = 60) -> None:
    for _ in range(limit):
        if _focused() is target:
            return
        qtbot.keyClick(_focused(), Key.Key_Tab)
    raise AssertionError(f"{target.objectName()} never reached by Tab")


def _case(database, number: str) -> Case:
    with database.read() as session:
        return session.exec(select(Case).where(Case.number == number)).one()


def _acts(database, action: str) -> int:
    with database.read() as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def _asked(qtbot, window, key: Qt.Key) -> QMessageBox:
    """Press `key` on the focused button: its confirmation comes up, Cancel focused."""
    qtbot.keyClick(_focused(), key)
    box = act_box(qtbot)
    activate(qtbot, box)
    cancel = box.findChild(QPushButton, "cancelAct")
    assert box.defaultButton() is cancel and box.escapeButton() is cancel
    assert _focused() is cancel
    return box


def _cancel_with(qtbot, box: QMessageBox, key: Qt.Key) -> None:
    qtbot.keyClick(_focused(), key)
    qtbot.waitUntil(lambda: not any(w.isVisible() for w in _act_boxes()))


def _previews_done(qtbot) -> None:
    """The slip previewed after an act is made in the background: waited for, then closed."""
    qtbot.waitUntil(lambda: operations.running() == 0, timeout=30_000)
    for preview in QApplication.topLevelWidgets():
        if isinstance(preview, SlipPreview):
            preview.close()


def _act_boxes() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "officialActBox"
    ]


@pytest.mark.slow
def test_a_notice_of_missing_documents_is_issued_only_when_the_clerk_says_so(
    qtbot, policy, staffed
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = type_intake(
        qtbot,
        window,
        Intake(
            id_number=ident("44078119850303123"),
            name="黄志强",
            pathway="bought_home",
            situation={"applicant.homes_owned_in_city": 1, "applicant.home_acquired": "purchased"},
            findings={"property_deed": "missing"},
        ),
        submit=False,
    )
    number = wizard.case_number
    assert wizard.step == OUTCOME
    wizard.outcome.approve.setFocus()
    # Tab, Tab, Space: the way the notice was once issued by accident.
    _tab_to(qtbot, wizard.outcome.request)
    box = _asked(qtbot, window, Key.Key_Space)
    assert "补正材料通知书" in box.text() and number in box.text()
    assert "编号" in box.informativeText()  # it says the notice is numbered
    _cancel_with(qtbot, box, Key.Key_Space)
    activate(qtbot, window)
    # Enter on the button asks too; Enter on the box cancels; so does Escape.
    for press, answer in ((Key.Key_Return, Key.Key_Return), (Key.Key_Space, Key.Key_Escape)):
        wizard.outcome.request.setFocus()
        box = _asked(qtbot, window, press)
        _cancel_with(qtbot, box, answer)
        activate(qtbot, window)
    assert _case(staffed, number).status == CaseStatus.DRAFT.value
    assert _acts(staffed, "case.request_documents") == 0 and not wizard.done
    # Submit asks as well, and a cancel leaves the draft a draft.
    _tab_to(qtbot, wizard.outcome.submit)
    box = _asked(qtbot, window, Key.Key_Space)
    assert number in box.text()
    _cancel_with(qtbot, box, Key.Key_Return)
    activate(qtbot, window)
    assert _case(staffed, number).status == CaseStatus.DRAFT.value
    # Only the act's own key issues the notice.
    wizard.outcome.request.setFocus()
    box = _asked(qtbot, window, Key.Key_Space)
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        qtbot.keyClick(_focused(), Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert _case(staffed, number).status == CaseStatus.NEEDS_DOCUMENTS.value
    assert _acts(staffed, "case.request_documents") == 1
    assert errors(window) == []
    _previews_done(qtbot)  # the notice comes up to be printed


@pytest.mark.slow
def test_one_space_never_approves_and_the_question_says_what_the_plan_doubts(
    qtbot, policy, staffed, monkeypatch, china_clock
):
    from datetime import datetime, timedelta

    china_clock(datetime(2026, 9, 1, 10, 0))  # a limit inside the calendar's installed years
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[4]).case_number  # rented: not eligible
    _previews_done(qtbot)  # the receipt, shown to be printed, put away
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    due = _case(staffed, number).due_on
    assert due is not None
    # The supervisor opens it months later: long past its time limit.
    monkeypatch.setattr(boss.context.counter, "today", lambda: due + timedelta(days=120))
    activate(qtbot, boss)
    review = boss.open_case(number)
    assert isinstance(review, CaseReview)
    review.approve.setFocus()
    qtbot.keyClick(review.approve, Key.Key_Space)
    assert review.approve.isChecked()
    # Against the plan's finding an approval takes the supervisor's reason, said at once.
    review.record.setFocus()
    qtbot.keyClick(review.record, Key.Key_Space)
    assert any("审批意见" in e for e in errors(boss))
    review.reasons.setFocus()
    review.reasons.insertPlainText("经实地核查，出租人已补签同意书")
    _tab_to(qtbot, review.record)
    box = _asked(qtbot, boss, Key.Key_Space)
    assert box.text() == f"批准案件 {number}？"
    assert "不符合条件" in box.informativeText()  # the plan's verdict, said before approving
    assert f"办理期限已于 {due.isoformat()} 届满" in box.informativeText()  # and the lateness
    _cancel_with(qtbot, box, Key.Key_Space)
    activate(qtbot, boss)
    review.record.setFocus()
    box = _asked(qtbot, boss, Key.Key_Return)
    _cancel_with(qtbot, box, Key.Key_Return)
    assert _case(staffed, number).status == CaseStatus.RECOMMENDED.value
    assert _acts(staffed, "case.approve") == 0


@pytest.mark.slow
def test_a_supervisor_returns_a_case_for_documents_after_confirming(qtbot, policy, staffed):
    from hukou_desk.storage.models import DocumentCheck
    from hukou_desk.ui.returning import ReturnForDocuments

    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[0]).case_number
    _previews_done(qtbot)
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    activate(qtbot, boss)
    review = boss.open_case(number)
    assert isinstance(review, CaseReview) and review.return_button.isVisibleTo(review)

    def ask() -> ReturnForDocuments:
        qtbot.mouseClick(review.return_button, Qt.MouseButton.LeftButton)
        (dialog,) = [d for d in review.findChildren(ReturnForDocuments) if d.isVisible()]
        dialog.note.setFocus()
        qtbot.keyClick(dialog.note, Key.Key_Return)  # OK with nothing chosen: said, not done
        assert dialog.isVisible() and "请选择需要补正的材料" in dialog.problem.text()
        (first, *_rest) = dialog.documents.values()
        first.setFocus()
        qtbot.keyClick(first, Key.Key_Space)
        dialog.note.setFocus()
        dialog.note.insert("结婚证复印件不清晰")
        qtbot.keyClick(dialog.note, Key.Key_Return)  # OK
        assert not dialog.isVisible()
        return dialog

    dialog = ask()
    (key,) = dialog.lacking()
    box = act_box(qtbot)
    assert "补正材料通知书" in box.informativeText() and number in box.text()
    qtbot.mouseClick(box.findChild(QPushButton, "cancelAct"), Qt.MouseButton.LeftButton)
    assert _case(staffed, number).status == CaseStatus.RECOMMENDED.value
    ask()
    qtbot.mouseClick(act_box(qtbot).findChild(QPushButton, "confirmAct"), Qt.MouseButton.LeftButton)
    case = _case(staffed, number)
    assert case.status == CaseStatus.NEEDS_DOCUMENTS.value and case.clock_running_since is None
    with staffed.read() as session:
        check = session.exec(
            select(DocumentCheck).where(
                DocumentCheck.case_id == case.id,
                DocumentCheck.document_id == key[0],
                DocumentCheck.party == key[1],
            )
        ).one()
    assert (check.state, check.note) == ("mismatch", "结婚证复印件不清晰")
    assert not review.return_button.isVisibleTo(review) and errors(boss) == []
