"""A document's finding at the counter: its states, and when a finding may be called verified.

Verified (已核验) is a claim printed on the receipt, so it must rest on the check questions the
plan's document list asks: every one answered yes. A "no" makes the document mismatched
(不符), unless the clerk writes in the note why the document still holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text


class CheckState(StrEnum):
    PENDING = "pending"
    PRESENTED = "presented"
    VERIFIED = "verified"
    MISSING = "missing"
    MISMATCH = "mismatch"
    NOT_APPLICABLE = "not_applicable"


DONE = frozenset({CheckState.PRESENTED, CheckState.VERIFIED, CheckState.NOT_APPLICABLE})
LACKING = frozenset({CheckState.MISSING, CheckState.MISMATCH})


class FindingRefused(HukouDeskError):
    """A finding the check questions do not support."""


def settle_finding(
    state: CheckState,
    *,
    questions: Sequence[str],
    answers: Mapping[str, bool],
    note: str,
) -> CheckState:
    """The state to record for the clerk's finding, or FindingRefused.

    - verified needs every check question answered; a question answered "no" turns the finding
      into a mismatch, unless the note says why the document still holds;
    - the other states do not depend on the answers.
    """
    if state is not CheckState.VERIFIED:
        return state
    unanswered = [q for q in questions if q not in answers]
    if unanswered:
        raise FindingRefused(
            text(
                "请先回答全部核验问题，再标记为已核验。",
                "Answer every check question before marking the document verified.",
            )
        )
    if any(not answers[q] for q in questions) and not note.strip():
        return CheckState.MISMATCH
    return CheckState.VERIFIED
