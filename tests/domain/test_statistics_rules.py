"""What each figure counts (outcomes, China time, age bands, percentiles) and the rule every
published figure obeys (whole months, cell-key rounding)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st_h

from hukou_desk.domain import statistics as st
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.statistics import Column, Filters, Kind, Outcome, Report, Row, Table
from hukou_desk.domain.text import text


@pytest.mark.parametrize(
    ("status", "verdict", "expected"),
    [
        ("approved", "approval", Outcome.APPROVED),
        ("refused", "refusal", Outcome.REFUSED),
        ("withdrawn", None, Outcome.WITHDRAWN),
        ("closed", "approval", Outcome.APPROVED),
        ("closed", "refusal", Outcome.REFUSED),  # closed after a refusal was served
        ("closed", None, Outcome.APPROVED),
        ("submitted", None, Outcome.OPEN),
        ("draft", None, Outcome.OPEN),
    ],
)
def test_a_cases_outcome_follows_its_status_and_last_verdict(status, verdict, expected):
    assert st.outcome(status, verdict) is expected


def test_months():
    assert st.month_key(date(2026, 11, 30)) == 202611
    assert st.month_label(202601) == "2026-01"
    assert st.months_between(date(2025, 11, 15), date(2026, 2, 1)) == [
        202511,
        202512,
        202601,
        202602,
    ]


def test_age_is_counted_on_the_day_of_the_decision():
    born = date(2008, 12, 1)
    assert st.age_on(born, date(2026, 11, 30)) == 17
    assert st.age_band(born, date(2026, 11, 30)) == 0
    assert st.age_band(born, date(2026, 12, 1)) == 1  # eighteen that day
    assert st.age_band(date(1950, 1, 1), date(2026, 1, 1)) == len(st.AGE_BANDS) - 1
    assert st.age_band_name(0) == text("0-17岁", "0-17")
    assert st.age_band_name(5) == text("60岁及以上", "60 and over")


def test_open_cases_by_days_since_received():
    assert [st.open_age_band(d) for d in (0, 7, 8, 30, 31, 60, 61, 90, 91, 400)] == [
        0, 0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    assert st.open_age_band_name(0) == text("0-7天", "0-7 days")
    assert st.open_age_band_name(4) == text("91天以上", "over 90 days")


def test_percentiles_are_nearest_rank_over_a_histogram():
    assert st.percentile({}, 0.5) is None
    assert st.percentile({3: 1}, 0.9) == 3
    days = {1: 2, 5: 2, 9: 1}  # 1 1 5 5 9
    assert st.percentile(days, 0.5) == 5
    assert st.percentile(days, 0.9) == 9
    assert st.percentile({4: 10}, 0.0) == 4


def test_a_count_is_rounded_to_a_multiple_of_five_by_its_cell_key():
    assert [st.rounded(n, 0) for n in range(11)] == [0, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10]
    top = st.KEY_SPACE - 1  # the largest cell key: always down
    assert [st.rounded(n, top) for n in range(11)] == [0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10]
    # The same cell (the same key sum) always comes out the same; a key sum wraps round.
    assert st.rounded(7, 12345) == st.rounded(7, 12345 + 3 * st.KEY_SPACE)
    # Up with probability (count mod 5) / 5 over the cell keys: unbiased.
    for n in range(1, 12):
        mean = sum(st.rounded(n, k) for k in range(st.KEY_SPACE)) / st.KEY_SPACE
        assert mean == pytest.approx(n, abs=1e-3)


def test_a_records_key_is_fixed_by_its_id():
    record = uuid.UUID("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
    assert st.record_key(record) == 0x4A5B
    assert 0 <= st.record_key(uuid.uuid4()) < st.KEY_SPACE


def test_figures_are_sums_of_base_cells_each_rounded():
    atoms = {
        (202610, "s1", "440703", "spouse", "1"): (3, st.KEY_SPACE - 1),  # 3 → 0
        (202610, "s1", "440704", "spouse", "1"): (3, 0),  # 3 → 5
        (202611, "s1", "440703", "spouse", "2"): (12, 0),  # 12 → 15
    }
    unsalted = {c: (n, k - st.salt("t")) for c, (n, k) in atoms.items()}
    assert st.published(unsalted, lambda c: c[4], figure="t") == {"1": 5, "2": 15}
    assert st.published(unsalted, lambda c: c[0], figure="t") == {202610: 5, 202611: 15}
    # Another figure rounds the same cells with its own salt (a person's cells in two tables
    # are not shown or hidden together).
    assert 0 <= st.salt("people_by_sex") < st.KEY_SPACE
    assert st.salt("people_by_sex") != st.salt("people_by_age_band")


@given(
    st_h.dictionaries(
        st_h.tuples(st_h.integers(0, 5), st_h.integers(0, 3)),
        st_h.tuples(st_h.integers(1, 40), st_h.integers(0, 10 * st.KEY_SPACE)),
        max_size=30,
    ),
    st_h.sets(st_h.tuples(st_h.integers(0, 5), st_h.integers(0, 3))),
)
def test_any_selection_of_base_cells_differs_from_another_by_a_multiple_of_five(atoms, chosen):
    """Whatever two selections of base cells two figures rest on, their difference is a
    multiple of five, so it is never a count from one to four; and a cell never moves by
    five or more."""
    whole = sum(st.published(atoms, lambda c: 0, figure="f").values())
    chosen_atoms = {c: v for c, v in atoms.items() if c in chosen}
    part = sum(st.published(chosen_atoms, lambda c: 0, figure="f").values())
    assert (whole - part) % st.BASE == 0
    for count, keys in atoms.values():
        assert abs(st.rounded(count, keys) - count) < st.BASE


def test_figures_are_published_for_whole_months():
    assert Filters(date(2026, 10, 1), date(2026, 11, 30)).whole_months
    assert Filters(date(2026, 12, 1), date(2026, 12, 31)).months() == 1
    assert Filters(date(2025, 3, 1), date(2026, 10, 31)).months() == 20
    for start, end in (
        (date(2026, 10, 2), date(2026, 10, 31)),
        (date(2026, 10, 1), date(2026, 11, 29)),
    ):
        assert not Filters(start, end).whole_months
        with pytest.raises(HukouDeskError) as refused:
            st.require_whole_months(Filters(start, end))
        assert refused.value.message == st.NOT_WHOLE_MONTHS
    st.require_whole_months(Filters(date(2026, 2, 1), date(2026, 2, 28)))
    assert st.month_period(date(2026, 2, 14), date(2026, 12, 3)) == (
        date(2026, 2, 1),
        date(2026, 12, 31),
    )


def test_a_label_is_said_in_the_readers_language():
    assert st.said(text("男", "male"), "en") == "male"
    assert st.said(text("男", "male"), "zh") == "男"
    assert st.said(12, "en") == 12


def test_a_report_finds_its_tables():
    table = Table(
        id="t",
        title=text("表", "table"),
        note=text("", ""),
        columns=(
            Column(text("名", "name"), Kind.LABEL),
            Column(text("人数", "people"), Kind.COUNT),
        ),
        rows=(Row((text("甲", "A"), 5), key="a"),),
    )
    report = Report(
        filters=Filters(date(2026, 11, 1), date(2026, 11, 30)),
        scope=text("白沙派出所", "Baisha"),
        made_at=datetime(2026, 11, 30, tzinfo=UTC),
        tables=(table,),
    )
    assert report.table("t").rows[0].cells[1] == 5
    with pytest.raises(KeyError):
        report.table("nothing")


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="ends before it starts"):
        Filters(date(2026, 11, 2), date(2026, 11, 1))


def test_the_months_changes_in_words():
    what = text("受理案件", "Cases received")
    assert st.change_sentence(what, 120, None) == text(
        "受理案件 120件。", "Cases received: 120 cases."
    )
    assert st.change_sentence(what, 120, 120).zh == "受理案件 120件，与上期持平。"
    up = st.change_sentence(what, 132, 120)
    assert up.zh == "受理案件 132件，比上期增加 12件（+10%）。"
    assert up.en == "Cases received: 132 cases, 12 more than the period before (+10%)."
    down = st.change_sentence(text("迁入人员", "People moved"), 3, 0, unit=st.PEOPLE_UNIT)
    assert down.zh == "迁入人员 3人，比上期增加 3人。"
    fewer = st.change_sentence(what, 90, 120)
    assert "减少 30件（-25%）" in fewer.zh and "30 fewer" in fewer.en


def test_one_is_said_in_the_singular():
    moved = st.change_sentence(text("迁入人员", "People moved"), 1, 4, unit=st.PEOPLE_UNIT)
    assert moved.en.startswith("People moved: 1 person, 3 fewer")
    assert st.change_sentence(text("受理", "Received"), 1, None).en == "Received: 1 case."


def test_the_largest_first():
    assert st.top([("b", 3), ("a", 3), ("c", 9)], 2) == [("c", 9), ("a", 3)]
