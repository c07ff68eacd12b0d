"""What each figure counts: outcomes, China time, age bands, percentiles, suppression."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hukou_desk.domain import statistics as st
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


def _table(cells: list[tuple[object, ...]], total: bool = True, bases=None) -> Table:
    rows = tuple(
        Row(tuple(c), key=f"k{i}", base=(bases or [None] * len(cells))[i])  # type: ignore[arg-type]
        for i, c in enumerate(cells)
    )
    sums = Row(("合计", sum(int(c[1]) for c in cells)), base=sum(int(c[1]) for c in cells))
    return Table(
        id="t",
        title=text("表", "table"),
        note=text("", ""),
        columns=(
            Column(text("名", "name"), Kind.LABEL),
            Column(text("人数", "people"), Kind.COUNT),
        ),
        rows=rows,
        total=sums if total else None,
    )


def test_a_cell_of_fewer_than_five_people_is_hidden_and_so_is_the_next_smallest():
    table = _table([("甲", 12), ("乙", 3), ("丙", 7), ("丁", 0)]).suppressed()
    assert [row.cells[1] for row in table.rows] == [12, "<5", "<5", 0]  # 7 hides the 3
    assert table.total is not None and table.total.cells[1] == 22  # the total stays
    assert all(row.key == "" for row in table.rows)  # nothing to click through outside


def test_a_lone_small_cell_or_a_small_total_hides_the_total_that_would_tell():
    lone = _table([("蓬江区", 3)]).suppressed()
    assert lone.rows[0].cells[1] == "<5"
    assert lone.total is not None and lone.total.cells[1] == "<5"
    column = Table(
        id="c",
        title=text("表", "table"),
        note=text("", ""),
        columns=(
            Column(text("名", "name"), Kind.LABEL),
            Column(text("受理", "received"), Kind.COUNT),
            Column(text("撤回", "withdrawn"), Kind.COUNT),
        ),
        rows=(Row(("甲", 30, 1)), Row(("乙", 11, 0))),
        total=Row(("合计", 41, 1), base=41),
    ).suppressed()
    assert [row.cells for row in column.rows] == [("甲", 30, "<5"), ("乙", 11, 0)]
    assert column.total is not None and column.total.cells == ("合计", 41, "<5")


def test_two_small_cells_protect_each_other_and_no_total_needs_no_second_cell():
    both = _table([("甲", 12), ("乙", 3), ("丙", 2)]).suppressed()
    assert [row.cells[1] for row in both.rows] == [12, "<5", "<5"]
    alone = _table([("甲", 12), ("乙", 3)], total=False).suppressed()
    assert [row.cells[1] for row in alone.rows] == [12, "<5"]


def test_a_small_total_and_figures_resting_on_few_people_are_hidden():
    table = Table(
        id="p",
        title=text("时间", "time"),
        note=text("", ""),
        columns=(
            Column(text("途径", "pathway"), Kind.LABEL),
            Column(text("办结", "decided"), Kind.COUNT),
            Column(text("中位数", "median"), Kind.DAYS),
            Column(text("率", "share"), Kind.SHARE),
        ),
        rows=(
            Row(("甲", 3, 12, 1.0), base=3),
            Row(("乙", 9, 8, 0.9), base=9),
            Row(("丙", 0, None, None), base=0),
        ),
        total=Row(("合计", 3, None, None), base=3),
    ).suppressed()
    assert table.rows[0].cells == ("甲", "<5", "<5", "<5")
    assert table.rows[1].cells == ("乙", "<5", 8, 0.9)  # hides the lone small count
    assert table.rows[2].cells == ("丙", 0, None, None)
    assert table.total is not None and table.total.cells == ("合计", "<5", None, None)


def test_a_report_finds_its_tables_and_suppresses_them_all():
    report = Report(
        filters=Filters(date(2026, 11, 1), date(2026, 11, 30)),
        scope=text("白沙派出所", "Baisha"),
        made_at=datetime(2026, 11, 30, tzinfo=UTC),
        tables=(_table([("甲", 2), ("乙", 9)]),),
    )
    assert report.table("t").rows[0].cells[1] == 2
    assert report.suppressed().table("t").rows[0].cells[1] == "<5"
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
