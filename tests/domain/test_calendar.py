"""The working-day calendar knows which years are installed and never guesses the others."""

from __future__ import annotations

from datetime import date

import pytest

from hukou_desk.domain.calendar import (
    WARN_DAYS_BEFORE_END,
    CalendarNotInstalled,
    HolidayYear,
    WorkCalendar,
    calendar_notice,
    render_calendar,
)
from hukou_desk.domain.lifecycle import (
    AwaitingCalendar,
    CaseStatus,
    Clock,
    clock_after,
    deadline_text,
    stored_deadline,
)
from hukou_desk.domain.loader import load_calendar, load_calendar_year
from hukou_desk.paths import forms_dir

SHIPPED = load_calendar(forms_dir())


def test_the_shipped_calendar_says_which_years_it_holds():
    assert SHIPPED.covered_years == tuple(range(2018, 2027))
    assert SHIPPED.covers(date(2026, 12, 31))
    assert not SHIPPED.covers(date(2027, 1, 1))
    assert SHIPPED.first_missing_year(date(2025, 3, 1)) == 2027
    assert SHIPPED.covered_until(date(2025, 3, 1)) == date(2026, 12, 31)
    assert SHIPPED.covered_until(date(2027, 1, 4)) is None


def test_a_day_in_a_year_not_installed_is_never_counted_monday_to_friday():
    with pytest.raises(CalendarNotInstalled) as missing:
        SHIPPED.is_working_day(date(2027, 1, 4))  # a Monday
    assert missing.value.year == 2027
    assert "2027" in missing.value.describe("zh") and "not installed" in missing.value.describe(
        "en"
    )
    with pytest.raises(CalendarNotInstalled):
        SHIPPED.add(date(2026, 12, 28), 10)
    with pytest.raises(CalendarNotInstalled):
        SHIPPED.between(date(2026, 12, 28), date(2027, 1, 8))
    assert SHIPPED.add(date(2026, 12, 28), 3) == date(2026, 12, 31)  # within 2026: counted


def test_a_look_ahead_stops_at_the_last_installed_day():
    assert SHIPPED.reach(date(2026, 12, 1), 3) == date(2026, 12, 4)
    assert SHIPPED.reach(date(2026, 12, 29), 3) == date(2026, 12, 31)
    assert SHIPPED.reach(date(2027, 1, 4), 3) == date(2027, 1, 4)  # nothing installed at all


def test_a_gap_between_installed_years_ends_the_run():
    gap = WorkCalendar(
        years=(HolidayYear(year=2025, source="x"), HolidayYear(year=2027, source="x"))
    )
    assert gap.covered_years == (2025, 2027)
    assert gap.covered_until(date(2025, 6, 1)) == date(2025, 12, 31)
    assert gap.first_missing_year(date(2025, 6, 1)) == 2026


def test_a_deadline_in_a_year_not_installed_awaits_the_calendar():
    running = clock_after(
        Clock(20), CaseStatus.DRAFT, CaseStatus.SUBMITTED, date(2026, 12, 7), SHIPPED
    )
    awaiting = running.deadline(SHIPPED)
    assert awaiting == AwaitingCalendar(2027)
    assert running.due(SHIPPED) is None  # stored as no date, never as a Monday-to-Friday guess
    assert awaiting.label("zh") == "待日历（2027年未安装）"
    assert awaiting.label("en") == "calendar for 2027 not installed"
    # Once the year is installed, the same clock is counted at once.
    with_2027 = WorkCalendar(years=(*SHIPPED.years, HolidayYear(year=2027, source="x")))
    assert running.deadline(with_2027) == date(2027, 1, 4)  # 18 days of December, then 2


def test_a_deadline_within_the_installed_years_is_a_day():
    running = Clock(20).start(date(2026, 9, 30))
    assert running.deadline(SHIPPED) == date(2026, 11, 3)  # National Day holiday skipped
    assert Clock(20).deadline(SHIPPED) is None  # a paused clock has no deadline


@pytest.mark.parametrize(
    ("today", "days_left"),
    [
        (date(2026, 11, 1), WARN_DAYS_BEFORE_END),  # exactly 60 days before 31 December
        (date(2026, 12, 5), 26),
        (date(2026, 12, 31), 0),
    ],
)
def test_administrators_are_told_60_days_before_the_calendar_ends(today, days_left):
    notice = calendar_notice(SHIPPED, today)
    assert notice is not None
    assert (notice.last_day, notice.days_left, notice.missing_year) == (
        date(2026, 12, 31),
        days_left,
        2027,
    )
    assert "2026-12-31" in notice.message("zh") and "2027" in notice.message("en")
    assert notice.short("zh") == f"工作日历至 2026-12-31 止（余 {days_left} 天）"


def test_no_notice_while_the_calendar_reaches_further_than_60_days():
    assert calendar_notice(SHIPPED, date(2026, 10, 31)) is None
    assert calendar_notice(SHIPPED, date(2025, 6, 1)) is None


def test_once_the_calendar_has_run_out_the_notice_says_deadlines_wait():
    notice = calendar_notice(SHIPPED, date(2027, 1, 4))
    assert notice is not None and notice.last_day is None and notice.missing_year == 2027
    assert "待日历" in notice.message("zh") and "not installed" in notice.message("en")
    assert notice.short("en") == "2027 calendar not installed"


def test_a_list_row_shows_its_deadline_or_the_year_it_awaits():
    running, paused = CaseStatus.SUBMITTED, CaseStatus.NEEDS_DOCUMENTS
    day = date(2026, 12, 29)
    assert stored_deadline(running, day, SHIPPED, date(2026, 12, 1)) == day
    assert stored_deadline(running, None, SHIPPED, date(2026, 12, 10)) == AwaitingCalendar(2027)
    assert stored_deadline(paused, None, SHIPPED, date(2026, 12, 10)) is None
    assert deadline_text(day, "zh") == "2026-12-29"
    assert deadline_text(AwaitingCalendar(2027), "en") == "calendar for 2027 not installed"
    assert deadline_text(None, "zh") == ""


def test_a_clock_stopped_in_a_year_not_installed_is_refused_not_guessed():
    running = Clock(20).start(date(2026, 12, 21))
    with pytest.raises(CalendarNotInstalled):
        clock_after(running, CaseStatus.RECOMMENDED, CaseStatus.APPROVED, date(2027, 1, 5), SHIPPED)
    stopped = clock_after(
        running, CaseStatus.RECOMMENDED, CaseStatus.APPROVED, date(2026, 12, 31), SHIPPED
    )
    assert stopped.used == 8 and stopped.running_since is None


def test_the_centre_adds_a_year_and_the_file_reads_back_the_same(tmp_path):
    year = tmp_path / "2027.toml"
    year.write_text(
        'year = 2027\nsource = "test \\"notice\\""\nholidays = [2027-01-01]\nworkdays = []\n',
        encoding="utf-8",
    )
    added = SHIPPED.with_year(load_calendar_year(year))
    assert added.covered_years == (*range(2018, 2027), 2027)
    again = added.with_year(HolidayYear(year=2027, source="corrected"))  # replaced, not doubled
    assert [y.source for y in again.years][-1] == "corrected"
    assert len(again.years) == len(added.years)
    (tmp_path / "calendar.toml").write_text(render_calendar(added), encoding="utf-8")
    assert load_calendar(tmp_path) == added
    assert render_calendar(WorkCalendar()).startswith("# Public holidays")
    assert "workdays = []" in render_calendar(added)
