"""Step 1, the applicant (ui/wizard_applicant.py): the number checked as typed, a known
person offered to copy, the origin office found by part of its name, a name no slip prints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.storage.models import Case
from hukou_desk.ui.wizard import APPLICANT, PATHWAY
from tests.ui.conftest import (
    SPECIALIST,
    activate,
    answer_act,
    complete_origin,
    errors,
    open_desk,
    type_intake,
    user,
)


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


@pytest.mark.slow
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
