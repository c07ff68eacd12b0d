"""One document's check in step 5 (ui/wizard_check.py): scans by dialog or drop, the
finding settled by its questions, a missing one pausing the case, the usual finding one key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.storage.models import Case, CheckAttachment
from hukou_desk.ui.case_list import Queue
from hukou_desk.ui.wizard import DOCUMENTS, OUTCOME, IntakeWizard
from tests.ui.conftest import (
    SPECIALIST,
    Intake,
    activate,
    answer_act,
    errors,
    ident,
    open_desk,
    type_intake,
    user,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.slow
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


@pytest.mark.slow
def test_ctrl_enter_records_the_document_in_hand_and_goes_on_to_the_next(qtbot, policy, staffed):
    """One key for the usual finding: verified with every check question yes, recorded at
    once; the focus then waits on the next document without a finding."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = type_intake(qtbot, window, SPECIALIST, submit=False)
    wizard.go_back()
    assert wizard.step == DOCUMENTS
    boxes = wizard.documents.boxes
    for box in boxes:  # back to no finding, as at a first visit
        box.state.setCurrentIndex(box.state.findData("pending"))
    boxes[0].state.setFocus()
    for index, box in enumerate(boxes):
        assert QApplication.focusWidget() is box.state
        qtbot.keyClick(box.state, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert box.recorded == "verified" and wizard.step == DOCUMENTS
        assert all(q.isChecked() for q in box.questions.values())
        if index + 1 < len(boxes):
            assert QApplication.focusWidget() is boxes[index + 1].state
    # All found: the focus stays on the last, and Enter goes on to the outcome.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert wizard.step == OUTCOME
    with staffed.read() as session:
        case = session.exec(select(Case).where(Case.number == wizard.case_number)).one()
    documents = case.facts["documents"]
    assert documents and set(documents.values()) == {"verified"}
