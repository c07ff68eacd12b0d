"""The statutory day counts as dated parameters: each value with its date and its rule, looked
up by the day that governs it; a later rule governs what comes after its date only; the
forms are checked strictly, in the words of the loader."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from hukou_desk.domain.time_limits import Limit, NotInForce, StatutoryDays, TimeLimits

RULE = {"zh": "某规定", "en": "a rule"}


def _count(*values: tuple[int, str]) -> dict:
    return {
        "name": {"zh": "办理期限", "en": "time limit"},
        "values": [{"days": d, "from": f, "clause": RULE} for d, f in values],
    }


def test_the_shipped_plan_gives_the_four_counts_with_their_dates_and_rules(policy):
    limits = policy.plan.time_limits
    day = date(2026, 11, 2)
    assert [limits.days(limit, day) for limit in Limit] == [20, 50, 40, 90]
    for limit in Limit:
        found = limits.on(limit, day)
        assert found.start == date(2018, 10, 1) and "广东省" in found.clause.zh
        assert str(found.days) in found.clause.zh and str(found.days) in found.clause.en


def test_a_new_value_governs_from_its_date_and_the_old_one_before_it():
    counts = {limit.value: _count((20, "2018-10-01")) for limit in Limit}
    counts["investigation"] = _count((20, "2018-10-01"), (15, "2027-01-01"))
    limits = TimeLimits.model_validate(counts)
    assert limits.days(Limit.INVESTIGATION, date(2026, 12, 31)) == 20
    assert limits.days(Limit.INVESTIGATION, date(2027, 1, 1)) == 15
    assert limits.on(Limit.INVESTIGATION, date(2030, 5, 5)).start == date(2027, 1, 1)
    assert limits.days(Limit.EXTENDED, date(2030, 5, 5)) == 20  # the others unchanged


def test_a_day_before_any_value_is_refused_in_words():
    count = StatutoryDays.model_validate(_count((40, "2018-10-01")))
    with pytest.raises(NotInForce) as refused:
        count.on(date(2018, 9, 30))
    assert refused.value.describe("zh") == "办理期限：2018-09-30 时尚无规定（自 2018-10-01 起）。"
    assert "no value in force on 2018-09-30" in refused.value.describe("en")


@pytest.mark.parametrize(
    "broken",
    [
        _count((20, "2018-10-01"), (25, "2018-10-01")),  # two values from one day
        _count((0, "2018-10-01")),  # no days
        {"name": RULE, "values": []},  # no value at all
        {"name": RULE, "values": [{"days": 20, "from": "2018-10-01"}]},  # no rule
        {"name": RULE, "values": [{"days": 20, "from": "2018-10-01", "clause": RULE, "x": 1}]},
    ],
)
def test_a_malformed_count_is_refused(broken):
    with pytest.raises(ValidationError):
        StatutoryDays.model_validate(broken)
