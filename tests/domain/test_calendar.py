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
)
from hukou_desk.domain.lifecycle import AwaitingCalendar, CaseStatus, Clock, clock_after
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir

SHIPPED = load_calendar(forms_dir())


def test_the_shipped_calendar_says_which_years_it_holds():
    assert SHIPPED.covered_years == (2025, 2026)
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
        Clock(), CaseStatus.DRAFT, CaseStatus.SUBMITTED, date(2026, 12, 7), SHIPPED
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
    running = Clock().start(date(2026, 9, 30))
    assert running.deadline(SHIPPED) == date(2026, 11, 3)  # National Day holiday skipped
    assert Clock().deadline(SHIPPED) is None  # a paused clock has no deadline


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


def test_no_notice_while_the_calendar_reaches_further_than_60_days():
    assert calendar_notice(SHIPPED, date(2026, 10, 31)) is None
    assert calendar_notice(SHIPPED, date(2025, 6, 1)) is None


def test_once_the_calendar_has_run_out_the_notice_says_deadlines_wait():
    notice = calendar_notice(SHIPPED, date(2027, 1, 4))
    assert notice is not None and notice.last_day is None and notice.missing_year == 2027
    assert "待日历" in notice.message("zh") and "not installed" in notice.message("en")
