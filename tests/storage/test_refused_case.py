"""A refusal, whichever path records it, rests on marked criteria of the outcome on record."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.domain.engine import evaluate
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import Action, CaseStatus, LifecycleError
from hukou_desk.domain.outcome import GroundsRefused, RecordedOutcome
from hukou_desk.storage import cases
from hukou_desk.storage.models import Case, Decision
from tests.storage.conftest import TODAY
from tests.storage.test_cases import _spouse_case, _verify_all


def _act(db, staff, policy, calendar, case, action, who="clerk", **kw):
    with db.write() as session:
        return cases.act(
            session,
            actor=staff[who],
            case=session.get(Case, case.id),
            action=action,
            today=TODAY,
            calendar=calendar,
            policy=policy,
            **kw,
        )


def _recommended(db, staff, policy, calendar, *, judged: bool) -> Case:
    case = _verify_all(db, staff, _spouse_case(db, staff, policy), policy)
    _act(db, staff, policy, calendar, case, Action.SUBMIT)
    outcome = None
    if judged:
        facts = Facts.model_validate(case.facts)
        outcome = evaluate(facts, policy.pathway("spouse"), TODAY, policy)
    _act(
        db, staff, policy, calendar, case, Action.RECOMMEND,
        reasons="不符", recommend=False, outcome=outcome,
    )  # fmt: skip
    return case


def test_no_refusal_without_an_outcome_on_record(db, staff, policy, calendar):
    case = _recommended(db, staff, policy, calendar, judged=False)
    with pytest.raises(LifecycleError, match="no finding of the plan"):
        _act(
            db, staff, policy, calendar, case, Action.REFUSE, who="boss",
            grounds=["sponsor_is_spouse"],
        )  # fmt: skip


def test_a_refusal_records_its_grounds_on_its_own_row(db, staff, policy, calendar):
    case = _recommended(db, staff, policy, calendar, judged=True)
    with pytest.raises(GroundsRefused):
        _act(db, staff, policy, calendar, case, Action.REFUSE, who="boss", reasons="不符")
    refused = _act(
        db, staff, policy, calendar, case, Action.REFUSE, who="boss",
        grounds=["sponsor_is_spouse"],
    )  # fmt: skip
    assert refused.status == CaseStatus.REFUSED
    with db.read() as session:
        rows = session.exec(select(Decision).order_by(Decision.decided_at)).all()
    recommendation, refusal = rows
    recorded = RecordedOutcome.from_json(refusal.outcome)
    assert recorded.grounds == ("sponsor_is_spouse",)
    assert recorded.lines == RecordedOutcome.from_json(recommendation.outcome).lines
