"""The decisions on a case: the clerk's recommendation, the supervisor's approval or refusal,
the return of a case for documents, and the extension of a running time limit.

Maker-checker is the domain's (`lifecycle.check_four_eyes`): nobody who had a hand in preparing
the case decides it, nor anyone acting through an account whose password one of them set.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from hukou_desk.domain.case_file import CaseDetails
from hukou_desk.domain.checks import CheckState
from hukou_desk.domain.engine import Outcome
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import (
    Action,
    CaseStatus,
    LifecycleError,
    Role,
    check_four_eyes,
)
from hukou_desk.domain.staff import Clerk, DeciderKey, check_decider_key, why_key_cannot_decide
from hukou_desk.domain.text import Text, text
from hukou_desk.domain.time_limits import Limit
from hukou_desk.services.counter import Counter
from hukou_desk.services.views import case_details
from hukou_desk.storage import cases, enrolment, person_keys
from hukou_desk.storage.models import Case, User

DECIDERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
_DECIDING = (Action.APPROVE, Action.REFUSE)


def decider_key(session: Session, me: User) -> DeciderKey:
    """Where the decider's own key stands: open on this desk (held since they signed in), and
    enrolled by the centre (or, in a training file, by the file)."""
    row = person_keys.current(session, me.username)
    held = person_keys.keychain(session).get(me.username)
    if row is None or held is None or person_keys.key_id(person_keys.raw_public(held)) != row.id:
        return DeciderKey.NOT_HELD
    return DeciderKey.ENROLLED if enrolment.is_enrolled(session, row) else DeciderKey.NOT_ENROLLED


def _act(
    counter: Counter,
    actor: Clerk,
    number: str,
    action: Action,
    *,
    reasons: str,
    recommend: bool | None = None,
    grounds: Sequence[str] = (),
) -> CaseStatus:
    with counter.acting(actor) as (session, me):
        case = cases.case_by_number(session, number)
        if action in _DECIDING:
            check_decider_key(decider_key(session, me))
        move(
            counter,
            session,
            me,
            case,
            action,
            reasons=reasons,
            recommend=recommend,
            grounds=grounds,
        )
        return cases.status_of(case)


def move(
    counter: Counter,
    session: Session,
    me: User,
    case: Case,
    action: Action,
    *,
    reasons: str = "",
    outcome: Outcome | None = None,
    recommend: bool | None = None,
    grounds: Sequence[str] = (),
) -> None:
    """One move of the case's lifecycle, inside the caller's transaction, on the counter's
    day and calendar."""
    cases.act(
        session,
        actor=me,
        case=case,
        action=action,
        today=counter.today(),
        calendar=counter.calendar,
        policy=counter.policy,
        reasons=reasons,
        outcome=outcome,
        recommend=recommend,
        grounds=grounds,
    )


def why_not_decide(counter: Counter, actor: Clerk, *, number: str) -> Text | None:
    """Why `actor` may not decide this case (maker-checker), or None: for the screen to say
    before the supervisor tries (the decision itself checks again)."""
    with counter.reading(actor) as (session, me):
        case = cases.case_by_number(session, number)
        try:
            check_four_eyes(
                decider=me.username,
                makers=cases.makers_of(session, case),
                credentials_from=cases.password_set_by(session, me),
            )
        except LifecycleError as exc:
            return exc.message
        return why_key_cannot_decide(decider_key(session, me))


def recommend(
    counter: Counter, actor: Clerk, *, number: str, approve: bool, reasons: str
) -> CaseStatus:
    """The clerk's recommendation on an accepted case."""
    return _act(counter, actor, number, Action.RECOMMEND, reasons=reasons, recommend=approve)


def approve(counter: Counter, actor: Clerk, *, number: str, reasons: str = "") -> CaseStatus:
    return _act(counter, actor, number, Action.APPROVE, reasons=reasons)


def refuse(
    counter: Counter, actor: Clerk, *, number: str, grounds: Sequence[str], reasons: str = ""
) -> CaseStatus:
    """A refusal rests on the criteria the supervisor marks (`grounds`, criterion ids of the
    outcome on record: at least one); the refusal notice names each with its clause, then the
    supervisor's own words (`reasons`), if any."""
    return _act(counter, actor, number, Action.REFUSE, reasons=reasons, grounds=grounds)


def check_return(lacking: Sequence[tuple[str, str]], note: str) -> None:
    """A return names at least one document and says what is wrong (HukouDeskError if not):
    asked before the return is confirmed, and again by the return itself."""
    if not lacking:
        raise HukouDeskError(
            text("请选择需要补正的材料。", "Choose the documents the applicant must bring.")
        )
    if not note.strip():
        raise HukouDeskError(
            text(
                "请写明材料存在的问题（将印在补正材料通知书上）。",
                "Write what is wrong with them (it is printed on the notice).",
            )
        )


def return_for_documents(
    counter: Counter,
    actor: Clerk,
    *,
    number: str,
    lacking: Sequence[tuple[str, str]],
    note: str,
) -> CaseStatus:
    """A supervisor sends a case back for documents: the documents they name (document id,
    party) are recorded as not matching, with their note, and a notice of missing documents is
    due while the clock pauses (the lifecycle's `request_documents`). One transaction: the
    findings and the move land together or not at all."""
    check_return(lacking, note)
    what = text("退回补正材料", "return a case for documents")
    with counter.acting(actor, roles=DECIDERS, what=what) as (session, me):
        check_decider_key(decider_key(session, me))
        case = cases.case_by_number(session, number)
        for document_id, party in lacking:
            check = cases.check_of(session, case, document_id=document_id, party=party)
            cases.record_check(
                session,
                actor=me,
                case=case,
                document_id=document_id,
                party=party,
                state=CheckState.MISMATCH,
                answers=dict(check.answers),
                note=note.strip(),
            )
        move(counter, session, me, case, Action.REQUEST_DOCUMENTS, reasons=note.strip())
        return cases.status_of(case)


def extend_time_limit(counter: Counter, actor: Clerk, *, number: str, reasons: str) -> CaseDetails:
    """The investigation's limit raised to the extended one in force for the case (20 → 50
    working days): a supervisor's decision, once, while the clock runs."""
    what = text("延长办理期限", "extend a time limit")
    with counter.acting(actor, roles=DECIDERS, what=what) as (session, me):
        case = cases.case_by_number(session, number)
        limits = counter.policy.plan.time_limits
        extended = cases.extend_deadline(
            session,
            actor=me,
            case=case,
            calendar=counter.calendar,
            reasons=reasons,
            to=limits.days(Limit.EXTENDED, case.application_date),
        )
        return case_details(extended)
