"""China's day, whatever the PC's time zone: the one clock of the desk."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from hukou_desk.domain import clock


@pytest.fixture(params=["UTC", "America/New_York", "Asia/Shanghai"])
def pc_zone(request, monkeypatch):
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _stand_at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(clock, "now_source", lambda: moment)


def test_a_decision_late_on_the_31st_in_beijing_is_a_november_one_in_utc_terms():
    assert clock.china_day(datetime(2026, 10, 31, 15, 59, tzinfo=UTC)) == date(2026, 10, 31)
    assert clock.china_day(datetime(2026, 10, 31, 16, 0, tzinfo=UTC)) == date(2026, 11, 1)
    assert clock.china_day(datetime(2026, 10, 31, 16, 30)) == date(2026, 11, 1)  # naive = UTC


@pytest.mark.parametrize(
    ("beijing", "day"),
    [
        (datetime(2026, 12, 1, 0, 30), date(2026, 12, 1)),  # 16:30 UTC the day before
        (datetime(2026, 12, 1, 23, 30), date(2026, 12, 1)),  # 15:30 UTC the same day
    ],
)
def test_today_is_chinas_day_whatever_the_pcs_zone(monkeypatch, pc_zone, beijing, day):
    moment = beijing.replace(tzinfo=clock.CHINA).astimezone(UTC)
    _stand_at(monkeypatch, moment)
    assert clock.china_today() == day
    assert clock.china_now().utcoffset() == timedelta(hours=8)
    assert clock.utc_now() == moment
    assert clock.utc_now().tzinfo is UTC
    # The PC's own idea of the day differs in at least one of the zones: the desk ignores it.
    assert clock.china_day(moment) == day


def test_a_moment_in_another_zone_is_counted_on_chinas_clock(monkeypatch):
    new_york = timezone(timedelta(hours=-5))
    evening = datetime(2026, 11, 30, 20, 0, tzinfo=new_york)  # 09:00 on 1 December in Beijing
    assert clock.china_day(evening) == date(2026, 12, 1)
    assert clock.china_time(evening).hour == 9
    assert clock.china_time(datetime(2026, 11, 30, 16, 30)).day == 1  # naive = UTC
    _stand_at(monkeypatch, evening)
    assert clock.china_today() == date(2026, 12, 1)


def test_the_bounds_of_chinas_day_in_utc():
    start, end = clock.china_day_bounds(date(2026, 12, 1))
    assert start == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    assert clock.china_day(start) == date(2026, 12, 1)
    assert clock.china_day(end - timedelta(microseconds=1)) == date(2026, 12, 1)
    assert clock.china_day(end) == date(2026, 12, 2)


def test_the_system_clock_is_the_source_when_no_test_stands_it_still():
    before = datetime.now(UTC)
    now = clock.utc_now()
    assert before <= now <= datetime.now(UTC)
