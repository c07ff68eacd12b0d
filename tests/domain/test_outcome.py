"""The recorded outcome: read once, one rule for what a decision rests on, one line renderer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from hukou_desk.domain.engine import CompanionStatus, Result, evaluate
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.outcome import (
    GroundsRefused,
    RecordedOutcome,
    render_line,
    rests_on,
)
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.rules import Status

ON = date(2026, 11, 20)


def _recorded(policy: Policy) -> RecordedOutcome:
    """A spouse's application judged with an unmet criterion and a relative along."""
    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781199001011246", "marital_status": "20"},
            "relatives": [{"relationship": "20", "id_number": "440781201501011234"}],
            "documents": dict.fromkeys(policy.documents, "presented"),
        }
    )
    return RecordedOutcome.of(evaluate(facts, policy.pathway("spouse"), ON, policy))


def test_the_engine_outcome_reads_back_as_recorded(policy: Policy) -> None:
    recorded = _recorded(policy)
    again = RecordedOutcome.from_json(recorded.to_json())
    assert again == recorded
    assert recorded.pathway_id == "spouse" and recorded.as_of == ON
    assert recorded.result is Result.NOT_ELIGIBLE
    assert recorded.failed and all(line.status is Status.NOT_MET for line in recorded.failed)
    assert all(line.clause for line in recorded.lines)
    # What is not modelled (documents, notes) is kept as it was recorded.
    assert again.to_json()["missing_documents"] == recorded.to_json()["missing_documents"]


def test_companions_say_who_may_come_along() -> None:
    recorded = RecordedOutcome.from_json(
        {
            "criteria": [],
            "companions": [
                {"index": 0, "status": "allowed", "clause": "二（二）1", "reason": {"zh": "子女"}},
                {"index": 1, "status": "not_allowed", "clause": "二（二）1"},
                {"index": 2, "status": "odd"},
                "not a verdict",
            ],
        }
    )
    assert recorded.allowed_relatives() == {0}
    assert recorded.companion_statuses() == {
        0: CompanionStatus.ALLOWED,
        1: CompanionStatus.NOT_ALLOWED,
        2: CompanionStatus.UNKNOWN,
    }
    assert recorded.companions[0].reason is not None
    assert recorded.companions[0].reason.en == "子女"  # a Chinese-only record reads in both


def test_an_old_record_missing_keys_still_reads() -> None:
    recorded = RecordedOutcome.from_json(
        {"criteria": [{"status": "maybe", "text": "旧条件", "detail": ""}], "result": "x"}
    )
    assert recorded.result is None and recorded.as_of is None and recorded.version == 0
    (line,) = recorded.lines
    assert line.status is Status.UNKNOWN and line.text.zh == "旧条件" and line.detail is None
    assert recorded.to_json() == {
        "criteria": [{"status": "maybe", "text": "旧条件", "detail": ""}],
        "result": "x",
    }


def test_grounds_are_the_marked_criteria_in_the_outcomes_order(policy: Policy) -> None:
    recorded = _recorded(policy)
    ids = [line.criterion_id for line in recorded.lines]
    # Before any is marked (a refusal of an older release): the unmet criteria.
    assert recorded.ground_lines == recorded.failed
    marked = recorded.with_grounds([ids[1], ids[0], ids[1]])
    assert marked.grounds == (ids[0], ids[1])
    assert [line.criterion_id for line in marked.ground_lines] == ids[:2]
    for one in (recorded, marked):  # the figures' reading: the same criteria, ids and clauses
        assert one.ground_clauses() == [(g.criterion_id, g.clause) for g in one.ground_lines]
    # A criterion the engine found met, marked by the supervisor: held unmet, without the
    # engine's finding (which says otherwise).
    met = next(line for line in recorded.lines if line.status is Status.MET)
    (held,) = recorded.with_grounds([met.criterion_id]).ground_lines
    assert held.status is Status.NOT_MET and held.detail is None and held.clause == met.clause
    failed = recorded.failed[0]
    assert recorded.with_grounds([failed.criterion_id]).ground_lines == (failed,)
    stored = marked.to_json()
    assert stored["grounds"] == ids[:2]
    assert RecordedOutcome.from_json(stored) == marked
    # Marked again: the new marks replace the old ones.
    assert RecordedOutcome.from_json(marked.with_grounds([ids[2]]).to_json()).grounds == (ids[2],)


def test_a_refusal_rests_on_at_least_one_known_criterion(policy: Policy) -> None:
    recorded = _recorded(policy)
    with pytest.raises(GroundsRefused) as none:
        recorded.with_grounds([])
    assert "至少一项" in none.value.message.zh and "at least one" in none.value.message.en
    with pytest.raises(GroundsRefused) as stray:
        recorded.with_grounds(["no_such_criterion"])
    assert "no_such_criterion" in stray.value.message.en


@dataclass
class _Row:
    kind: str
    outcome: dict[str, Any]


def test_a_decision_rests_on_its_own_outcome_else_the_latest_before_it() -> None:
    engine = _Row("engine", {"result": "eligible", "criteria": []})
    recommendation = _Row("recommendation", {"result": "not_eligible", "criteria": []})
    refusal = _Row("refusal", {})
    later = _Row("engine", {"result": "needs_documents", "criteria": []})
    rows = [engine, recommendation, refusal, later]
    found = rests_on(rows, refusal)
    assert found is not None and found.result is Result.NOT_ELIGIBLE
    assert rests_on(rows, engine) == RecordedOutcome.from_json(engine.outcome)
    latest = rests_on(rows)
    assert latest is not None and latest.result is Result.NEEDS_DOCUMENTS
    own = _Row("refusal", {"result": "not_eligible", "criteria": [], "grounds": ["a"]})
    marked = rests_on([engine, own], own)
    assert marked is not None and marked.grounds == ("a",)
    twin = _Row("refusal", {})  # the same values as `refusal`: found by identity, not equality
    assert rests_on([engine, refusal, recommendation, twin], twin) == rests_on(rows, refusal)
    assert rests_on([refusal]) is None
    assert rests_on([]) is None


def test_one_rendering_of_a_line(policy: Policy) -> None:
    recorded = _recorded(policy)
    failed = recorded.failed[0]
    zh = render_line(failed, "zh")
    assert zh.mark == "✗" and zh.word == "不符合" and zh.clause == failed.clause
    assert zh.plain().startswith(f"✗ [{failed.clause}] {failed.text.zh}")
    assert zh.said().startswith(f"不符合“{failed.text.zh}”")
    en = render_line(failed, "en")
    assert en.said().startswith(f"not met “{failed.text.en}”")
    met = next(line for line in recorded.lines if line.status is Status.MET)
    assert render_line(met, "zh").mark == "✓" and render_line(met, "en").colour == "#1b7f3b"
    unknown = RecordedOutcome.from_json({"criteria": [{"clause": "一", "text": "x"}]}).lines[0]
    assert render_line(unknown, "zh").plain() == "? [一] x"


def test_a_bare_value_list_stays_off_the_paper() -> None:
    (line,) = RecordedOutcome.from_json(
        {
            "criteria": [
                {"clause": "二（一）3", "status": "not_met", "text": "已婚", "detail": "现为：10"}
            ]
        }
    ).lines
    rendered = render_line(line, "zh")
    assert rendered.said() == "不符合“已婚”"
    assert rendered.plain() == "✗ [二（一）3] 已婚 — 现为：10"
    with_detail = RecordedOutcome.from_json(
        {"criteria": [{"clause": "一", "status": "not_met", "text": "t", "detail": "未婚"}]}
    ).lines[0]
    assert render_line(with_detail, "zh").said() == "不符合“t”：未婚"
    assert render_line(with_detail, "en").said() == "not met “t”: 未婚"
