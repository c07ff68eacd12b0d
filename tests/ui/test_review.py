"""The case review (ui/review.py): a case renumbered when its PC became a counter shows the
number on the applicant's earlier papers beside its own, and is found by either."""

from __future__ import annotations

import pytest

from hukou_desk.storage import cases, counters
from hukou_desk.ui.review import CaseReview
from tests.ui.conftest import open_desk, type_intake, user
from tests.ui.test_counter_flow import _intakes


@pytest.mark.slow
def test_a_renumbered_case_shows_its_former_number(qtbot, policy, staffed):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    old = type_intake(qtbot, clerk, _intakes()[0]).case_number
    assert old.count("-") == 2  # 440703001-2026-000001: a PC from before counters
    with staffed.write() as session:  # its administrator makes it counter 02 (set-counter)
        counters.set_counter(session, "02", actor="admin")
        new = cases.case_by_number(session, old).number  # found by its former number
    assert new.startswith("440703001-02-") and new != old
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(new)
    assert isinstance(review, CaseReview)
    shown = review.view.toPlainText()
    assert new in shown and old in shown
    assert "原案件编号" in shown or "Former number" in shown
    before = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    again = before.open_case(old)  # the number on the applicant's receipt
    assert isinstance(again, CaseReview) and again.number == new
