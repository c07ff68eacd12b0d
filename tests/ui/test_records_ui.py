"""The review a supervisor decides on, and a person corrected from an opened case: pressed
through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.services import intake
from hukou_desk.storage.models import Case
from hukou_desk.ui.correction import PersonCorrection
from hukou_desk.ui.review import CaseReview
from tests.ui.conftest import answer_act, errors, ident, open_desk, user

APPLICANT = ident("44078119900101124")
SPOUSE = ident("44070319880505001")


def _spouse_case(window, *, eligible: bool) -> intake.CaseRef:
    """A spouse case taken in through the services by the clerk at `window`; without the
    destination the plan's finding is "needs documents"."""
    counter, clerk = window.context.counter, window.context.user
    facts = {
        "application_date": counter.today().isoformat(),
        "applicant": {"id_number": APPLICANT, "marital_status": "21"},
        "sponsor": {
            "id_number": SPOUSE,
            "relationship": "10",
            "hukou_region": "440703",
            "residence": {"kind": "owned", "district": "440703"},
        },
    }
    # The detailed address always (a permit needs it); the district only when eligible.
    facts["destination"] = {"address": "江门市蓬江区白沙大道西1号301室"}
    if eligible:
        facts["destination"]["district"] = "440703"
    ref = intake.open_intake(
        counter,
        clerk,
        applicant=intake.Applicant(
            APPLICANT,
            "陈小明",
            hukou_address="台山市台城街道环北大道1号",
            hukou_office="台城派出所",
        ),
        facts=Facts.model_validate(facts),
        pathway_id="spouse",
        district="440703",
    )
    intake.set_people(
        counter,
        clerk,
        case_id=ref.id,
        people=[intake.Party(intake.PartyRole.SPONSOR, SPOUSE, "李华", "10")],
    )
    return ref


def _submit(window, ref: intake.CaseRef, *, presented: str | None = None) -> None:
    """Every document verified (all yes), but `presented`: handed in, its questions left."""
    counter, clerk = window.context.counter, window.context.user
    for finding in intake.findings(counter, clerk, case_id=ref.id):
        questions = [q.id for q in counter.policy.documents[finding.document_id].checks]
        if finding.document_id == presented:
            state, answers, note = intake.CheckState.PRESENTED, {}, ""
        elif finding.document_id == "marriage_certificate":
            # One "no", and the note that says why the paper still holds.
            state, note = intake.CheckState.VERIFIED, "登记机关已电话核实"
            answers = {q: q != questions[0] for q in questions}
        else:
            state, answers, note = intake.CheckState.VERIFIED, dict.fromkeys(questions, True), ""
        intake.record_finding(
            counter,
            clerk,
            case_id=ref.id,
            document_id=finding.document_id,
            party=finding.party,
            state=state,
            answers=answers,
            note=note,
        )
    intake.submit(counter, clerk, case_id=ref.id, recommend=True, reasons="材料齐全")


@pytest.mark.slow
def test_the_review_shows_each_finding_and_answer_with_its_own_sign_who_and_when(
    qtbot, policy, staffed
):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    ref = _spouse_case(clerk, eligible=True)
    _submit(clerk, ref, presented="household_register")
    clerk.close()

    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(ref.number)
    assert isinstance(review, CaseReview)
    shown = review.documents.toPlainText()
    assert "✓ 已核验" in shown and "◐ 已提交" in shown
    assert "✓ 是 —" in shown and "✗ 否 —" in shown and "— 未答 —" in shown
    assert "核验人 张丽，" in shown and "（北京时间）" in shown
    review.grab().save("/tmp/records_review.png")

    boss.close()
    english = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"), lang="en")
    review = english.open_case(ref.number)
    assert isinstance(review, CaseReview)
    shown = review.documents.toPlainText()
    assert "✓ verified" in shown and "◐ presented" in shown
    assert "✗ no —" in shown and "— not answered —" in shown
    assert "answered by 张丽" in shown and "(China time)" in shown


@pytest.mark.slow
def test_approving_against_the_plans_finding_asks_for_the_supervisors_reason(
    qtbot, policy, staffed
):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    ref = _spouse_case(clerk, eligible=False)
    _submit(clerk, ref)
    clerk.close()

    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(ref.number)
    assert isinstance(review, CaseReview)
    assert review.approve.isChecked()  # as the clerk recommended
    assert "需补充材料" in review.reasons_label.text()
    assert "审批意见" in review.reasons_label.text()
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    assert any("审批意见" in e for e in errors(boss))
    with staffed.read() as session:
        case = session.exec(select(Case).where(Case.number == ref.number)).one()
        assert case.status == CaseStatus.RECOMMENDED.value

    review.reasons.setFocus()
    review.reasons.insertPlainText("经实地核查，申请人已在配偶户籍地址居住")
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    assert ref.number in answer_act(qtbot)  # asked once, then approved

    def approved() -> bool:
        with staffed.read() as session:
            case = session.exec(select(Case).where(Case.number == ref.number)).one()
            return case.status == CaseStatus.APPROVED.value

    qtbot.waitUntil(approved)
    assert "批准（与系统审查结论不同）" in review.view.toPlainText()
    assert "经实地核查" in review.view.toPlainText()


def test_a_clerk_corrects_a_known_persons_name_from_the_opened_case(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    ref = _spouse_case(window, eligible=True)
    _submit(window, ref)
    review = window.open_case(ref.number)
    assert isinstance(review, CaseReview)
    qtbot.mouseClick(review.correct_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PersonCorrection))
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.fields["name"].text() == "陈小明"
    dialog.fields["name"].selectAll()
    dialog.fields["name"].insert("陈晓明")  # as an input method puts it in
    dialog.reason.setFocus()
    dialog.reason.insertPlainText("身份证上的姓名为陈晓明")
    dialog.grab().save("/tmp/records_correction.png")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert errors(window) == []
    assert any(ref.number in said for _level, said in window.context.messages.history)
    assert "陈晓明" in review.view.toPlainText()
