"""A case's people as the case recorded them: a later intake changes no other case, a
correction of a known person is an explicit act that reaches only undecided cases without an
issued paper; an approval against the plan's finding states the supervisor's reason."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import CaseStatus, LifecycleError
from hukou_desk.domain.listing import CaseFilter
from hukou_desk.services import decisions, intake, printing, station
from hukou_desk.slips.content import SlipKind
from hukou_desk.storage.models import AuditEvent, Case, Decision, PersonCorrection
from tests.services.conftest import (
    APPLICANT,
    SPOUSE,
    open_spouse_case,
    recommended_case,
    spouse_facts,
    verify_everything,
)

ALL = tuple(CaseStatus)


def _slip_text(counter, user, kind, number) -> str:
    return repr(printing.preview(counter, user, kind=kind, number=number).slip)


def _listed_name(counter, user, number) -> str:
    known = intake.look_up_person(
        counter, user, id_number=APPLICANT, open_statuses=ALL, audited=False
    )
    return next(r.applicant_name for r in known.open_cases if r.number == number)


@pytest.mark.slow
def test_a_new_intake_of_a_known_number_with_another_name_changes_no_other_case(counter, people):
    clerk, boss = people["clerk"], people["boss"]
    approved = recommended_case(counter, clerk)  # 李华 is the sponsor
    decisions.approve(counter, boss, number=approved.number)
    with counter.database.read() as session:
        revision = session.exec(select(Case.revision).where(Case.id == approved.id)).one()

    # The sponsor comes back as an applicant, typed with another name.
    facts = spouse_facts().model_dump(mode="json", exclude_none=True)
    facts["applicant"]["id_number"] = SPOUSE
    facts["sponsor"]["id_number"] = APPLICANT
    later = intake.open_intake(
        counter,
        clerk,
        applicant=intake.Applicant(SPOUSE, "李小华", phone="13900000000"),
        facts=Facts.model_validate(facts),
        pathway_id="spouse",
        district="440703",
    )

    decided = intake.open_case(counter, clerk, number=approved.number)
    ((_role, sponsor),) = decided.parties
    assert sponsor.name == "李华"
    assert "李华" in _slip_text(counter, clerk, SlipKind.APPLICATION_FORM, approved.number)
    assert "李小华" not in _slip_text(counter, clerk, SlipKind.APPLICATION_FORM, approved.number)
    with counter.database.read() as session:
        assert session.exec(select(Case.revision).where(Case.id == approved.id)).one() == revision
    assert intake.open_case(counter, clerk, number=later.number).applicant.name == "李小华"
    # The known details are offered to the next intake: the latest typed.
    known = intake.look_up_person(counter, clerk, id_number=SPOUSE, open_statuses=ALL)
    assert known.person is not None and known.person.name == "李小华"


@pytest.mark.slow
def test_a_correction_reaches_only_undecided_cases_without_an_issued_paper(counter, people):
    clerk, boss = people["clerk"], people["boss"]
    approved = recommended_case(counter, clerk)
    decisions.approve(counter, boss, number=approved.number)
    draft = open_spouse_case(counter, clerk)
    printed = open_spouse_case(counter, clerk)  # accepted, its receipt handed over
    verify_everything(counter, clerk, printed)
    intake.submit(counter, clerk, case_id=printed.id, recommend=True, reasons="材料齐全")
    printing.print_to_file(counter, clerk, kind=SlipKind.RECEIPT, number=printed.number)
    withdrawn = open_spouse_case(counter, clerk)
    intake.withdraw(counter, clerk, case_id=withdrawn.id)

    done = intake.correct_person(
        counter,
        people["clerk2"],
        id_number=APPLICANT,
        changes={"name": "陈晓明", "phone": "13700000000"},
        reason="身份证上的姓名为陈晓明，受理时录错",
    )

    assert done.corrected == [draft.number]
    assert done.kept == [approved.number, printed.number, withdrawn.number]
    names = {
        ref.number: intake.open_case(counter, clerk, number=ref.number).applicant.name
        for ref in (approved, draft, printed, withdrawn)
    }
    assert names == {
        approved.number: "陈小明",
        draft.number: "陈晓明",
        printed.number: "陈小明",
        withdrawn.number: "陈小明",
    }
    assert "陈小明" in _slip_text(counter, clerk, SlipKind.APPROVAL, approved.number)
    assert _listed_name(counter, clerk, approved.number) == "陈小明"
    assert _listed_name(counter, clerk, draft.number) == "陈晓明"
    found = station.search(counter, clerk, CaseFilter(query="陈晓明"), source="test")
    assert [r.number for r in found.rows] == [draft.number]  # the name index follows
    with counter.database.read() as session:
        (record,) = session.exec(select(PersonCorrection)).all()
        assert record.before == {"name": "陈小明", "phone": ""}
        assert record.after == {"name": "陈晓明", "phone": "13700000000"}
        assert record.reason == "身份证上的姓名为陈晓明，受理时录错"
        (event,) = session.exec(
            select(AuditEvent).where(AuditEvent.action == "person.correct")
        ).all()
        assert event.actor == "clerk2"
        assert event.detail["fields"] == ["name", "phone"]
        assert event.before_digest and event.after_digest != event.before_digest
        assert "陈" not in str(event.detail)  # the values stay out of the trail
        touched = session.exec(
            select(AuditEvent.case_id).where(AuditEvent.action == "case.correct_person")
        ).all()
        assert touched == [draft.id]


def test_a_correction_states_its_reason_and_changes_something(counter, people):
    clerk = people["clerk"]
    open_spouse_case(counter, clerk)
    with pytest.raises(HukouDeskError, match="reason"):
        intake.correct_person(
            counter, clerk, id_number=APPLICANT, changes={"name": "陈晓明"}, reason=" "
        )
    with pytest.raises(HukouDeskError, match="same as on record"):
        intake.correct_person(
            counter, clerk, id_number=APPLICANT, changes={"name": "陈小明"}, reason="核对"
        )
    with pytest.raises(HukouDeskError, match="No person"):
        intake.correct_person(
            counter, clerk, id_number=SPOUSE, changes={"name": "李华"}, reason="核对"
        )
    with pytest.raises(HukouDeskError, match="too long"):
        intake.correct_person(
            counter, clerk, id_number=APPLICANT, changes={"name": "陈" * 65}, reason="核对"
        )


def _needs_documents_case(counter, clerk) -> intake.CaseRef:
    """Recommended, though the plan still asks whether the applicant moves into the spouse's
    household (its finding: needs documents)."""
    facts = spouse_facts().model_dump(mode="json", exclude_none=True)
    facts["destination"] = {"address": "江门市蓬江区白沙大道西1号301室"}  # no district
    ref = intake.open_intake(
        counter,
        clerk,
        applicant=intake.Applicant(
            APPLICANT,
            "陈小明",
            hukou_address="恩平市恩城街道新平路3号",
            hukou_office="恩平市公安局恩城派出所",
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
    verify_everything(counter, clerk, ref)
    intake.submit(counter, clerk, case_id=ref.id, recommend=True, reasons="实际入住配偶户")
    return ref


def test_approving_against_the_plans_finding_takes_the_supervisors_reason_printed(counter, people):
    clerk, boss = people["clerk"], people["boss"]
    ref = _needs_documents_case(counter, clerk)
    with pytest.raises(LifecycleError, match="needs documents"):
        decisions.approve(counter, boss, number=ref.number, reasons="  ")
    assert intake.status_of(counter, clerk, number=ref.number) is CaseStatus.RECOMMENDED

    reason = "经实地核查，申请人已随配偶在户籍地址居住"
    assert decisions.approve(counter, boss, number=ref.number, reasons=reason) is (
        CaseStatus.APPROVED
    )
    with counter.database.read() as session:
        approval = session.exec(select(Decision).where(Decision.kind == "approval")).one()
        assert approval.reasons == reason
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "case.approve")).one()
        assert event.detail["departs_from"] == "needs_documents"
    slip = printing.preview(counter, clerk, kind=SlipKind.APPROVAL, number=ref.number).slip
    said = [b.text for b in slip.blocks if hasattr(b, "text")]
    assert f"审批意见：系统审查结论为“需补充材料”，经审批人审查准予迁入。理由：{reason}" in said


def test_an_approval_the_plan_supports_needs_no_reason_and_prints_none(counter, people):
    ref = recommended_case(counter, people["clerk"])
    assert decisions.approve(counter, people["boss"], number=ref.number) is CaseStatus.APPROVED
    slip = printing.preview(counter, people["clerk"], kind=SlipKind.APPROVAL, number=ref.number)
    assert "审批意见" not in repr(slip.slip)
