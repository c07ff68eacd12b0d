"""What the case review offers whoever looks at a case: the rules, not the screen's.

A supervisor decides a recommended case (unless the decision is refused for them, e.g. their
key is not enrolled, or this PC holds only a read-only copy handed to another counter); a
clerk sees it waiting. A supervisor extends a running clock once, reissues an approval and
sends an accepted case back for documents; anyone resumes a draft or a case waiting for
documents. A read-only copy (docs/counters.md) offers nothing that changes the case."""

from __future__ import annotations

from dataclasses import dataclass

from hukou_desk.domain.lifecycle import EDITABLE, CaseStatus, Role

SENT_BACK_FROM = frozenset({CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED})


@dataclass(frozen=True)
class Offered:
    """What the review shows (`decide` … `send_back`) and whether it may be used."""

    decide: bool  # the decision box is shown
    may_decide: bool  # … and its choices can be used
    extend: bool
    resume: bool
    reissue: bool
    send_back: bool
    may_change: bool  # resume, extend, reissue, correct, send back: not on a read-only copy
    waiting_for_supervisor: bool  # a clerk looking at a recommended case


def offered(
    status: CaseStatus, role: Role, *, extendable: bool, read_only: bool, decision_refused: bool
) -> Offered:
    supervisor = role is not Role.CLERK
    deciding = status is CaseStatus.RECOMMENDED and supervisor
    return Offered(
        decide=deciding,
        may_decide=deciding and not decision_refused and not read_only,
        extend=supervisor and extendable,
        resume=status in EDITABLE,
        reissue=supervisor and status is CaseStatus.APPROVED,
        send_back=supervisor and status in SENT_BACK_FROM,
        may_change=not read_only,
        waiting_for_supervisor=status is CaseStatus.RECOMMENDED and not supervisor,
    )
