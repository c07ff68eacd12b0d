"""The day's batch of permits: every one it can print, and each it cannot, in words."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.services import decisions, printing
from hukou_desk.storage.models import Case
from tests.services.conftest import recommended_case


@pytest.mark.slow
def test_a_case_closed_without_a_permit_is_left_out_in_words_and_the_others_print(counter, people):
    clerk, boss = people["clerk"], people["boss"]
    closed = recommended_case(counter, clerk).number
    decisions.approve(counter, boss, number=closed, reasons="同意")
    with counter.database.write() as session:  # closed since, its permit never printed
        case = session.exec(select(Case).where(Case.number == closed)).one()
        case.status = CaseStatus.CLOSED.value
        session.add(case)
    printable = recommended_case(counter, clerk).number  # the same family's new application
    decisions.approve(counter, boss, number=printable, reasons="同意")
    batch = printing.todays_batch(counter, boss, day=china_today())
    assert [p.slip.number for p in batch.slips] == [printable]
    (left,) = batch.left_out
    assert left.number == closed and "已办结" in left.reason.zh and left.reason.en
