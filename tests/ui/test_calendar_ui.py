"""The desk on a PC set to New York: China's day, the calendar's end told to those who can act
on it, and a time limit past the installed calendar shown as awaiting it."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from hukou_desk.domain import clock
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services.counter import Counter
from hukou_desk.ui.case_list import COLUMNS
from tests.services.conftest import recommended_case
from tests.ui.conftest import open_desk, user

# 09:00 on 10 December in Beijing: 20:00 on 9 December in New York.
MORNING = datetime(2026, 12, 10, 9, 0, tzinfo=clock.CHINA).astimezone(UTC)


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    monkeypatch.setattr(clock, "now_source", lambda: MORNING)
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def test_the_supervisor_is_told_the_calendar_ends_and_the_list_shows_what_waits(
    qtbot, policy, staffed, new_york
):
    counter = Counter(staffed, policy, load_calendar(forms_dir()))
    number = recommended_case(counter, user(staffed, "zhangli")).number  # accepted today
    window = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    assert window.context is not None and window.context.today().isoformat() == "2026-12-10"
    label = window.calendar_label
    assert not label.isHidden()
    assert label.text() == "工作日历至 2026-12-31 止（余 21 天）"
    assert "2027" in label.toolTip()
    assert window.cases is not None
    model = window.cases.model
    qtbot.waitUntil(lambda: any(r.number == number for r in model.rows))
    row = next(i for i, r in enumerate(model.rows) if r.number == number)
    due = model.index(row, [c.key for c in COLUMNS].index("due"))
    assert model.data(due) == "待日历（2027年未安装）"


def test_a_clerk_is_not_troubled_with_the_calendar(qtbot, policy, staffed, new_york):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    assert window.calendar_label.isHidden()
