"""What the review offers: by status, role, a running clock, a read-only copy, a refusal."""

from __future__ import annotations

import pytest

from hukou_desk.domain.lifecycle import CaseStatus, Role
from hukou_desk.domain.offers import offered


def test_a_supervisor_decides_a_recommended_case_a_clerk_waits_for_it() -> None:
    boss = offered(
        CaseStatus.RECOMMENDED,
        Role.SUPERVISOR,
        extendable=True,
        read_only=False,
        decision_refused=False,
    )
    assert boss.decide and boss.may_decide and boss.extend and boss.send_back
    assert not boss.resume and not boss.reissue and not boss.waiting_for_supervisor
    clerk = offered(
        CaseStatus.RECOMMENDED, Role.CLERK, extendable=True, read_only=False, decision_refused=False
    )
    assert clerk.waiting_for_supervisor
    assert not (clerk.decide or clerk.may_decide or clerk.extend or clerk.send_back)


def test_a_refused_decision_or_a_read_only_copy_shows_the_box_but_not_its_choices() -> None:
    refused = offered(
        CaseStatus.RECOMMENDED, Role.SUPERVISOR, extendable=False, read_only=False,
        decision_refused=True,
    )  # fmt: skip
    assert refused.decide and not refused.may_decide and refused.may_change
    copy = offered(
        CaseStatus.RECOMMENDED, Role.SUPERVISOR, extendable=True, read_only=True,
        decision_refused=False,
    )  # fmt: skip
    assert copy.decide and not copy.may_decide and not copy.may_change


@pytest.mark.parametrize(
    ("status", "resume", "reissue", "send_back"),
    [
        (CaseStatus.DRAFT, True, False, False),
        (CaseStatus.NEEDS_DOCUMENTS, True, False, False),
        (CaseStatus.SUBMITTED, False, False, True),
        (CaseStatus.APPROVED, False, True, False),
        (CaseStatus.REFUSED, False, False, False),
    ],
)
def test_each_state_offers_its_moves(
    status: CaseStatus, resume: bool, reissue: bool, send_back: bool
) -> None:
    boss = offered(
        status, Role.SUPERVISOR, extendable=False, read_only=False, decision_refused=False
    )
    assert (boss.resume, boss.reissue, boss.send_back, boss.decide) == (
        resume,
        reissue,
        send_back,
        False,
    )
    clerk = offered(status, Role.CLERK, extendable=True, read_only=False, decision_refused=False)
    assert (clerk.resume, clerk.reissue, clerk.send_back, clerk.extend) == (
        resume,
        False,
        False,
        False,
    )
