"""China's time: the one clock of the desk, whatever time zone the PC is set to.

Every date a person reads or a rule counts (decisions, deadlines, papers, statistics periods,
"today") is the day in China Standard Time. Moments are stored in UTC; they become China's day
here and nowhere else, and the rules are given that day (like `as_of`), never read it.

China Standard Time is a fixed UTC+8: China has kept no daylight-saving time since 1991, so a
fixed offset is exact for every date the desk handles, and it needs no time-zone database
(`zoneinfo.ZoneInfo("Asia/Shanghai")` would need the `tzdata` package on Windows, where the
system has no IANA database, and an out-of-date copy there could only be wrong, never better).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")


def _system_now() -> datetime:
    return datetime.now(UTC)


# Where the present moment comes from: the system clock, replaced only by tests that must
# stand at a chosen moment (a decision at 00:30 Beijing time, say).
now_source: Callable[[], datetime] = _system_now


def utc_now() -> datetime:
    """The present moment, aware, in UTC (as it is stored)."""
    return now_source().astimezone(UTC)


def china_now() -> datetime:
    """The present moment on China's clock."""
    return utc_now().astimezone(CHINA)


def china_today() -> date:
    """Today in China: the day every rule and every screen counts from."""
    return china_now().date()


def china_day(moment: datetime) -> date:
    """The day in China of a stored moment; a naive moment is UTC (as SQLite returns it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).date()


def china_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC moments at which China's `day` begins and the next begins (for queries on
    stored UTC times: `start <= at < end`)."""
    start = datetime.combine(day, time(), tzinfo=CHINA).astimezone(UTC)
    return start, start + timedelta(days=1)


def china_time(moment: datetime) -> datetime:
    """A stored moment as China's clock shows it (for display: date and time of day)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA)
