"""The case list's values: the two deadline queues and their counts."""

from __future__ import annotations

from datetime import date

from hukou_desk.domain.listing import DeadlineCounts, Deadlines, Due, due_filter
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir


def test_the_overdue_queue_ends_yesterday_and_the_soon_one_runs_three_working_days():
    calendar = load_calendar(forms_dir())
    friday = date(2026, 9, 4)
    overdue = due_filter(Due.OVERDUE, today=friday, calendar=calendar)
    assert overdue.due_by == date(2026, 9, 3) and overdue.due_from is None
    soon = due_filter(Due.SOON, today=friday, calendar=calendar)
    # Friday, then Monday to Wednesday: the weekend is no working day.
    assert soon.due_from == friday and soon.due_by == date(2026, 9, 9)


def test_a_queue_says_how_many_it_holds_whatever_rows_it_lists():
    counts = DeadlineCounts(on=date(2026, 9, 4), overdue=7, due_soon=2)
    assert Deadlines(counts, Due.OVERDUE, rows=[]).total == 7
    assert Deadlines(counts, Due.SOON, rows=[]).total == 2


def test_the_station_settings_are_a_value_with_a_counters_defaults():
    import pytest
    from pydantic import ValidationError

    from hukou_desk.domain.staff import StationSettings

    settings = StationSettings()
    assert settings.idle_lock_minutes == 10 and settings.backup_keep_days == 30
    with pytest.raises(ValidationError):
        settings.idle_lock_minutes = 3  # type: ignore[misc]  # a value: changed by saving
