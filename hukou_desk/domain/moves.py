"""A case's move through its lifecycle, decided on plain values: what it needs, where it goes,
what the clock does, and the decision it records.

`move` is the whole rule of one action (`storage.cases.act` loads the rows, asks it, writes
what it answers): the lifecycle's transition and its maker-checker first, then what each action
needs of the case —

- *submit* (受理): a chosen pathway and every document check done;
- *request documents*: a document missing or mismatched, to name on the notice;
- *recommend*: the clerk's reasons and their choice, approve or refuse;
- *approve*: the supervisor's own reason when the plan's finding does not support it, and a
  permit with none of its essentials blank;
- *refuse*: the outcome it rests on, with the criteria the supervisor marked as its grounds —

then the statutory clock's move (it runs while the station owes an answer) and the decision to
record. `extension` is the same for raising a case's time limit. Either refuses with a
`LifecycleError` (or the `BlankEssential`/`GroundsRefused` of the rule it breaks) that says why
in both languages; nothing is stored by a move refused.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hukou_desk.domain.checks import DONE, LACKING, CheckState
from hukou_desk.domain.engine import Outcome, Result
from hukou_desk.domain.lifecycle import (
    Action,
    CaseStatus,
    Clock,
    DecisionKind,
    LifecycleError,
    Role,
    check_approval_reason,
    clock_after,
    departs_from_finding,
    transition,
)
from hukou_desk.domain.listing import UNDECIDED
from hukou_desk.domain.outcome import RecordedOutcome
from hukou_desk.domain.papers import APPROVAL_NEEDS, require
from hukou_desk.domain.text import text

if TYPE_CHECKING:  # only named: the caller hands the calendar in
    from hukou_desk.domain.calendar import WorkCalendar


@dataclass(frozen=True)
class DocumentState:
    """One required document's check as a move reads it: the plan's document id, its state,
    and the name a clerk reads (the plan's Chinese name; the id where the plan has none)."""

    document_id: str
    state: CheckState
    name: str = ""


@dataclass(frozen=True)
class CaseAtMove:
    """A case as a move reads it.

    `finding` (the engine's finding last recorded) is read for an approval, and `permit` (the
    values of the permit's essentials, keyed as `papers.APPROVAL_NEEDS`) for an approval and a
    recommendation to approve; `judged` (the
    outcome on record a refusal rests on, `outcome.rests_on`) for a refusal. A caller may
    leave out what the action does not read."""

    number: str
    status: CaseStatus
    pathway_id: str
    clock: Clock
    checks: Sequence[DocumentState] = ()
    finding: Result | None = None
    judged: RecordedOutcome | None = None
    permit: Mapping[str, str | None] | None = None


@dataclass(frozen=True)
class Actor:
    """Who moves the case: their user name and role; for a decision, also everyone who
    prepared the case (`makers`) and who last set the actor's password (`credentials_from`)."""

    username: str
    role: Role
    makers: Collection[str] = ()
    credentials_from: str | None = None


@dataclass(frozen=True)
class DecisionToRecord:
    """The decision a move records: its kind, the result it states, the outcome it rests on
    (as the record keeps it) and the words it was given."""

    kind: DecisionKind
    result: str  # "approve" or "refuse"
    outcome: RecordedOutcome | None
    reasons: str


@dataclass(frozen=True)
class Move:
    """What a move does: from where to where, the clock and deadline it leaves, the decision
    it records (a recommendation, approval or refusal; None otherwise), and the plan's finding
    an approval departs from (None when it follows it, or for any other move)."""

    source: CaseStatus
    target: CaseStatus
    clock: Clock
    due_on: date | None
    decision: DecisionToRecord | None = None
    departs_from: Result | None = None


_KINDS: dict[Action, DecisionKind] = {
    Action.RECOMMEND: DecisionKind.RECOMMENDATION,
    Action.APPROVE: DecisionKind.APPROVAL,
    Action.REFUSE: DecisionKind.REFUSAL,
}


def move(
    case: CaseAtMove,
    action: Action,
    actor: Actor,
    *,
    today: date,
    calendar: WorkCalendar,
    reasons: str = "",
    outcome: Outcome | None = None,
    recommend: bool | None = None,
    grounds: Sequence[str] = (),
) -> Move:
    """The move `action` makes of `case` on `today`, or the error that says why not.

    A recommendation records `outcome` (the engine's, as the clerk saw it) and `recommend`
    (approve or not); a refusal records the outcome it rests on (`case.judged`) with the
    criteria marked as its `grounds`: at least one, each with its clause, or no refusal."""
    target = transition(
        case.status,
        action,
        actor=actor.username,
        role=actor.role,
        makers=actor.makers,
        credentials_from=actor.credentials_from,
    )
    if action is Action.SUBMIT:
        _check_submittable(case)
    if action is Action.REQUEST_DOCUMENTS and not any(c.state in LACKING for c in case.checks):
        raise LifecycleError(
            text(
                "没有缺少或不符的材料，无需通知补正。",
                "No document is missing or mismatched; there is nothing to request.",
            )
        )
    if action is Action.APPROVE:
        check_approval_reason(case.finding, reasons)
        require(
            APPROVAL_NEEDS,
            case.permit or {},
            text(f"案件 {case.number} 不能批准", f"Case {case.number} cannot be approved"),
        )
    recorded = RecordedOutcome.of(outcome) if outcome else None
    if action is Action.REFUSE:
        recorded = _refusal_grounds(case.judged, grounds)
    if action is Action.RECOMMEND:
        _check_recommendation(reasons, recommend)
        if recommend:
            # What the permit needs is asked of the clerk who recommends approval, not found
            # blank by the supervisor who would approve.
            require(
                APPROVAL_NEEDS,
                case.permit or {},
                text(
                    f"案件 {case.number} 不能建议批准", f"Case {case.number} cannot be recommended"
                ),
            )
    clock = clock_after(case.clock, case.status, target, today, calendar)
    kind = _KINDS.get(action)
    decision = None
    if kind is not None:
        approves = recommend if kind is DecisionKind.RECOMMENDATION else action is Action.APPROVE
        decision = DecisionToRecord(
            kind=kind,
            result="approve" if approves else "refuse",
            outcome=recorded,
            reasons=reasons.strip(),
        )
    departs = action is Action.APPROVE and departs_from_finding(case.finding)
    return Move(
        source=case.status,
        target=target,
        clock=clock,
        due_on=clock.due(calendar),
        decision=decision,
        departs_from=case.finding if departs else None,
    )


def _check_submittable(case: CaseAtMove) -> None:
    """受理 needs a chosen pathway and every required document checked."""
    if case.pathway_id == UNDECIDED:
        raise LifecycleError(text("请先选择迁入途径。", "Choose the pathway before submitting."))
    still_open = [c for c in case.checks if c.state not in DONE]
    if still_open:
        raise LifecycleError(
            text(
                f"材料尚未核验完毕：{'、'.join(c.name or c.document_id for c in still_open)}。",
                f"Documents still to check: {', '.join(c.document_id for c in still_open)}.",
            )
        )


def _check_recommendation(reasons: str, recommend: bool | None) -> None:
    if not reasons.strip():
        raise LifecycleError(text("请写明理由。", "Give the reasons."))
    if recommend is None:
        raise LifecycleError(
            text("请选择建议批准或不予批准。", "Choose whether you recommend approval.")
        )


def _refusal_grounds(judged: RecordedOutcome | None, grounds: Sequence[str]) -> RecordedOutcome:
    """The outcome a refusal rests on, with the criteria marked as its grounds."""
    if judged is None:
        raise LifecycleError(
            text(
                "本案没有系统审查结论，无法列明不予批准所依据的条款。",
                "The case has no finding of the plan on record: a refusal could not name its "
                "clauses.",
            )
        )
    return judged.with_grounds(grounds)


@dataclass(frozen=True)
class Extension:
    """A time limit raised: the clock with its new limit, and the deadline it gives."""

    clock: Clock
    due_on: date | None


def extension(
    clock: Clock, *, role: Role, reasons: str, to: int, calendar: WorkCalendar
) -> Extension:
    """The limit raised to `to` working days (the extended limit in force for the case): a
    supervisor's decision with its reasons, once, while the clock runs."""
    if role is Role.CLERK:
        raise LifecycleError(text("只有审批人可以延长办理期限。", "Only a supervisor may extend."))
    if not reasons.strip():
        raise LifecycleError(text("请写明延期理由。", "Give the reasons for the extension."))
    extended = clock.extend(to)
    return Extension(extended, extended.due(calendar))
