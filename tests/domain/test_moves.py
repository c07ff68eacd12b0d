"""A case's move decided on plain values: what each action needs, the clock, the decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hukou_desk.domain.calendar import HolidayYear, WorkCalendar
from hukou_desk.domain.checks import CheckState
from hukou_desk.domain.engine import Result, evaluate
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import (
    Action,
    CaseStatus,
    Clock,
    DecisionKind,
    LifecycleError,
    Role,
)
from hukou_desk.domain.moves import (
    Actor,
    CaseAtMove,
    DocumentState,
    Extension,
    Move,
    extension,
    move,
)
from hukou_desk.domain.outcome import GroundsRefused, RecordedOutcome
from hukou_desk.domain.papers import BlankEssential
from hukou_desk.domain.policy import Policy

# Years declared (for these tests) with no public holiday: each Monday to Friday works.
WEEKDAYS = WorkCalendar(
    years=(HolidayYear(year=2026, source="test"), HolidayYear(year=2027, source="test"))
)
MONDAY = date(2026, 11, 2)
FRIDAY = date(2026, 11, 6)
CLERK = Actor("clerk", Role.CLERK)
BOSS = Actor("boss", Role.SUPERVISOR, makers={"clerk"}, credentials_from="admin")
PERMIT = {
    "applicant_name": "陈晓明",
    "id_number": "440781199001011246",
    "hukou_address": "恩平市恩城街道新平路3号",
    "hukou_office": "恩平市公安局恩城派出所",
    "destination_address": "江门市蓬江区白沙大道西1号",
    "matter": "spouse",
    "clerk": "李警官",
}
JUDGED = RecordedOutcome.from_json(
    {
        "result": "not_eligible",
        "criteria": [
            {"id": "married", "clause": "二（一）1", "status": "met", "text": {"zh": "已婚"}},
            {"id": "years", "clause": "二（一）3", "status": "not_met", "text": {"zh": "满两年"}},
        ],
    }
)


def _case(status: CaseStatus, **changes) -> CaseAtMove:
    running = MONDAY if status in (CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED) else None
    case = CaseAtMove(
        number="JM-2026-000001",
        status=status,
        pathway_id="spouse",
        clock=Clock(20, 0, running),
        checks=(
            DocumentState("household_register", CheckState.VERIFIED, "居民户口簿"),
            DocumentState("marriage_certificate", CheckState.PRESENTED, "结婚证"),
        ),
    )
    return replace(case, **changes)


def _move(case: CaseAtMove, action: Action, actor: Actor = CLERK, **given) -> Move:
    return move(case, action, actor, today=FRIDAY, calendar=WEEKDAYS, **given)


# --- the lifecycle's own refusals come first --------------------------------------------------


def test_a_move_the_lifecycle_forbids_is_refused_before_anything_else():
    # A draft cannot be approved: said before the missing reason or the blank permit.
    with pytest.raises(LifecycleError, match="cannot be given 'approve'"):
        _move(_case(CaseStatus.DRAFT), Action.APPROVE, BOSS)


def test_whoever_prepared_the_case_cannot_decide_it():
    maker = Actor("clerk", Role.SUPERVISOR, makers={"clerk"})
    with pytest.raises(LifecycleError, match="prepared a case cannot decide"):
        _move(_case(CaseStatus.RECOMMENDED, judged=JUDGED), Action.REFUSE, maker, grounds=["years"])
    through = Actor("boss", Role.SUPERVISOR, makers={"clerk"}, credentials_from="clerk")
    with pytest.raises(LifecycleError, match="password was set by someone who prepared"):
        _move(_case(CaseStatus.RECOMMENDED, permit=PERMIT), Action.APPROVE, through)


# --- submit -------------------------------------------------------------------------------------


def test_submitting_needs_a_chosen_pathway():
    with pytest.raises(LifecycleError) as refused:
        _move(_case(CaseStatus.DRAFT, pathway_id=""), Action.SUBMIT)
    assert refused.value.message.zh == "请先选择迁入途径。"
    assert refused.value.message.en == "Choose the pathway before submitting."


def test_submitting_needs_every_document_checked_each_named():
    checks = (
        DocumentState("household_register", CheckState.PENDING, "居民户口簿"),
        DocumentState("marriage_certificate", CheckState.MISSING, "结婚证"),
        DocumentState("photo", CheckState.NOT_APPLICABLE, "照片"),
        DocumentState("old_form", CheckState.PENDING),  # no longer in the plan: its id
    )
    with pytest.raises(LifecycleError) as refused:
        _move(_case(CaseStatus.DRAFT, checks=checks), Action.SUBMIT)
    assert refused.value.message.zh == "材料尚未核验完毕：居民户口簿、结婚证、old_form。"
    assert refused.value.message.en == (
        "Documents still to check: household_register, marriage_certificate, old_form."
    )


def test_submitting_starts_the_clock_and_sets_the_deadline():
    moved = _move(_case(CaseStatus.DRAFT), Action.SUBMIT)
    assert (moved.source, moved.target) == (CaseStatus.DRAFT, CaseStatus.SUBMITTED)
    assert moved.clock == Clock(20, 0, FRIDAY)
    assert moved.due_on == date(2026, 12, 4)  # 20 working days after Friday 6 November
    assert moved.decision is None and moved.departs_from is None


def test_a_resubmission_runs_the_clock_on_from_the_days_used():
    case = _case(CaseStatus.NEEDS_DOCUMENTS, clock=Clock(20, 4, None))
    moved = _move(case, Action.SUBMIT)
    assert moved.clock == Clock(20, 4, FRIDAY) and moved.due_on == date(2026, 11, 30)


# --- request documents ------------------------------------------------------------------------


def test_documents_are_requested_only_when_one_is_lacking():
    with pytest.raises(LifecycleError) as refused:
        _move(_case(CaseStatus.SUBMITTED), Action.REQUEST_DOCUMENTS)
    assert refused.value.message.zh == "没有缺少或不符的材料，无需通知补正。"
    assert "nothing to request" in refused.value.message.en


@pytest.mark.parametrize("lacking", [CheckState.MISSING, CheckState.MISMATCH])
def test_waiting_for_documents_pauses_the_clock(lacking):
    checks = (DocumentState("marriage_certificate", lacking, "结婚证"),)
    moved = _move(_case(CaseStatus.SUBMITTED, checks=checks), Action.REQUEST_DOCUMENTS)
    assert moved.target is CaseStatus.NEEDS_DOCUMENTS
    assert moved.clock == Clock(20, 4, None) and moved.due_on is None  # Monday to Friday: 4


# --- recommend ------------------------------------------------------------------------------


def test_a_recommendation_needs_reasons_and_a_choice():
    case = _case(CaseStatus.SUBMITTED)
    with pytest.raises(LifecycleError) as refused:
        _move(case, Action.RECOMMEND, reasons=" \n", recommend=True)
    assert refused.value.message.zh == "请写明理由。"
    with pytest.raises(LifecycleError) as refused:
        _move(case, Action.RECOMMEND, reasons="材料齐全")
    assert refused.value.message.en == "Choose whether you recommend approval."


@pytest.mark.parametrize(("recommend", "result"), [(True, "approve"), (False, "refuse")])
def test_a_recommendation_records_the_clerks_choice_and_the_outcome_seen(
    policy: Policy, recommend, result
):
    facts = Facts.model_validate({"applicant": {"id_number": "440781199001011246"}})
    outcome = evaluate(facts, policy.pathway("spouse"), FRIDAY, policy)
    moved = _move(
        _case(CaseStatus.SUBMITTED, permit=PERMIT),
        Action.RECOMMEND,
        reasons="  材料齐全 ",
        recommend=recommend,
        outcome=outcome,
    )
    assert moved.target is CaseStatus.RECOMMENDED
    assert moved.clock == Clock(20, 0, MONDAY)  # still running: the station still owes it
    assert moved.decision is not None
    assert moved.decision.kind is DecisionKind.RECOMMENDATION
    assert (moved.decision.result, moved.decision.reasons) == (result, "材料齐全")
    assert moved.decision.outcome == RecordedOutcome.of(outcome)


def test_approval_is_recommended_only_with_what_the_permit_needs_a_refusal_without():
    """The clerk who recommends approval is told what the permit would lack (each named, and
    where it is entered), not the supervisor who would approve it."""
    blank = {**PERMIT, "destination_address": "  "}
    with pytest.raises(BlankEssential) as refused:
        _move(
            _case(CaseStatus.SUBMITTED, permit=blank),
            Action.RECOMMEND,
            reasons="材料齐全",
            recommend=True,
        )
    assert [e.key for e in refused.value.blank] == ["destination_address"]
    assert refused.value.describe("zh") == (
        "案件 JM-2026-000001 不能建议批准：以下必填项目为空——迁入地详细地址"
        "（在受理登记第2步“情况”的“迁入地详细地址”填写）。"
    )
    moved = _move(
        _case(CaseStatus.SUBMITTED, permit=blank),
        Action.RECOMMEND,
        reasons="不符合条件",
        recommend=False,
    )
    assert moved.decision is not None and moved.decision.result == "refuse"


# --- approve ----------------------------------------------------------------------------------


def test_approving_against_the_plans_finding_needs_the_supervisors_reason():
    case = _case(CaseStatus.RECOMMENDED, finding=Result.NOT_ELIGIBLE, permit=PERMIT)
    with pytest.raises(LifecycleError) as refused:
        _move(case, Action.APPROVE, BOSS)
    assert "批准前请写明审批意见" in refused.value.message.zh
    moved = _move(case, Action.APPROVE, BOSS, reasons="经集体研究，特事特办")
    assert moved.departs_from is Result.NOT_ELIGIBLE
    assert moved.decision is not None and moved.decision.reasons == "经集体研究，特事特办"


def test_no_approval_while_the_permit_would_carry_a_blank():
    blank = {**PERMIT, "hukou_office": " ", "destination_address": None}
    case = _case(CaseStatus.RECOMMENDED, finding=Result.ELIGIBLE, permit=blank)
    with pytest.raises(BlankEssential) as refused:
        _move(case, Action.APPROVE, BOSS)
    assert [e.key for e in refused.value.blank] == ["hukou_office", "destination_address"]
    assert refused.value.message.zh.startswith("案件 JM-2026-000001 不能批准")
    with pytest.raises(BlankEssential) as unread:  # nothing read: every essential is blank
        _move(replace(case, permit=None), Action.APPROVE, BOSS)
    assert len(unread.value.blank) == 7


@pytest.mark.parametrize("finding", [Result.ELIGIBLE, None])
def test_an_approval_the_finding_supports_stops_the_clock(finding):
    case = _case(CaseStatus.RECOMMENDED, finding=finding, permit=PERMIT)
    moved = _move(case, Action.APPROVE, BOSS)
    assert moved.target is CaseStatus.APPROVED and moved.departs_from is None
    assert moved.clock == Clock(20, 4, None) and moved.due_on is None
    assert moved.decision is not None
    assert (moved.decision.kind, moved.decision.result) == (DecisionKind.APPROVAL, "approve")
    assert moved.decision.outcome is None and moved.decision.reasons == ""


# --- refuse -----------------------------------------------------------------------------------


def test_a_refusal_rests_on_a_finding_on_record():
    with pytest.raises(LifecycleError) as refused:
        _move(_case(CaseStatus.RECOMMENDED), Action.REFUSE, BOSS, grounds=["years"])
    assert refused.value.message.zh == "本案没有系统审查结论，无法列明不予批准所依据的条款。"


def test_a_refusal_names_its_grounds():
    case = _case(CaseStatus.RECOMMENDED, judged=JUDGED)
    with pytest.raises(GroundsRefused, match="at least one"):
        _move(case, Action.REFUSE, BOSS)
    with pytest.raises(GroundsRefused, match="not among the case's findings: nope"):
        _move(case, Action.REFUSE, BOSS, grounds=["nope"])
    moved = _move(case, Action.REFUSE, BOSS, grounds=["years", "married"], reasons="不符")
    assert moved.target is CaseStatus.REFUSED
    assert moved.decision is not None
    assert (moved.decision.kind, moved.decision.result) == (DecisionKind.REFUSAL, "refuse")
    assert moved.decision.outcome == JUDGED.with_grounds(["married", "years"])
    assert moved.decision.outcome.grounds == ("married", "years")  # in the outcome's order
    assert moved.departs_from is None


# --- moves without a decision ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [
        (CaseStatus.SUBMITTED, Action.WITHDRAW, CaseStatus.WITHDRAWN),
        (CaseStatus.NEEDS_DOCUMENTS, Action.RESUME, CaseStatus.DRAFT),
        (CaseStatus.APPROVED, Action.CLOSE, CaseStatus.CLOSED),
    ],
)
def test_other_moves_record_no_decision(status, action, target):
    moved = _move(_case(status), action)
    assert moved.target is target and moved.decision is None
    assert moved.clock.running_since is None and moved.due_on is None


# --- extending the time limit -------------------------------------------------------------


def test_only_a_supervisor_extends_and_says_why():
    running = Clock(20, 2, MONDAY)
    with pytest.raises(LifecycleError) as refused:
        extension(running, role=Role.CLERK, reasons="需要调查", to=50, calendar=WEEKDAYS)
    assert refused.value.message.zh == "只有审批人可以延长办理期限。"
    with pytest.raises(LifecycleError) as refused:
        extension(running, role=Role.SUPERVISOR, reasons=" ", to=50, calendar=WEEKDAYS)
    assert refused.value.message.en == "Give the reasons for the extension."


def test_an_extension_raises_the_limit_once_while_the_clock_runs():
    running = Clock(20, 2, MONDAY)
    extended = extension(running, role=Role.ADMIN, reasons="需要调查", to=50, calendar=WEEKDAYS)
    assert extended == Extension(Clock(50, 2, MONDAY), date(2027, 1, 7))  # 48 working days on
    with pytest.raises(LifecycleError, match="only once"):
        extension(extended.clock, role=Role.SUPERVISOR, reasons="再延", to=50, calendar=WEEKDAYS)
    with pytest.raises(LifecycleError, match="only while its clock runs"):
        extension(Clock(20, 2), role=Role.SUPERVISOR, reasons="需要调查", to=50, calendar=WEEKDAYS)
