"""Working days: the unit of the statutory time limits (public holidays and make-up days).

The calendar knows only the years whose arrangement the State Council has published and the
centre has sent (`forms/calendar.toml`, in the signed reference data). A day in any other year
is not guessed as Monday to Friday: counting through it raises `CalendarNotInstalled`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Text, text

WARN_DAYS_BEFORE_END = 60  # calendar days before the installed calendar's last day (issue 23)


class CalendarNotInstalled(HukouDeskError):
    """A working-day count that needs a year whose arrangement is not installed yet."""

    def __init__(self, year: int) -> None:
        super().__init__(
            text(
                f"{year} 年的工作日历（国务院节假日安排）尚未安装，无法计算工作日；"
                "请管理员安装中心下发的参考数据。",
                f"The working-day calendar for {year} (the State Council's holiday "
                "arrangement) is not installed, so working days cannot be counted; "
                "the administrator installs the centre's reference data.",
            )
        )
        self.year = year


class HolidayYear(BaseModel):
    """One year's arrangement as the State Council publishes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int = Field(ge=2018, le=2100)
    source: str = Field(min_length=1)
    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()  # weekend days worked in exchange (调休)

    @model_validator(mode="after")
    def _dates_in_year(self) -> HolidayYear:
        for day in (*self.holidays, *self.workdays):
            if day.year != self.year:
                raise ValueError(f"{day} is not in {self.year}")
        if set(self.holidays) & set(self.workdays):
            raise ValueError("a day is both a holiday and a working day")
        return self


class WorkCalendar(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    years: tuple[HolidayYear, ...] = ()

    @model_validator(mode="after")
    def _one_entry_per_year(self) -> WorkCalendar:
        years = [y.year for y in self.years]
        if len(years) != len(set(years)):
            raise ValueError("a year is listed twice")
        return self

    def _sets(self) -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
        cached: tuple[frozenset[date], frozenset[date], frozenset[int]] | None = self.__dict__.get(
            "_cache"
        )
        if cached is None:
            cached = (
                frozenset(d for y in self.years for d in y.holidays),
                frozenset(d for y in self.years for d in y.workdays),
                frozenset(y.year for y in self.years),
            )
            object.__setattr__(self, "_cache", cached)  # frozen model, memo only
        return cached

    @property
    def covered_years(self) -> tuple[int, ...]:
        """The years whose arrangement is installed, in order."""
        return tuple(sorted(y.year for y in self.years))

    def covers(self, day: date) -> bool:
        return day.year in self._sets()[2]

    def first_missing_year(self, since: date) -> int:
        """The first year from `since` on whose arrangement is not installed."""
        year = since.year
        while year in self._sets()[2]:
            year += 1
        return year

    def covered_until(self, today: date) -> date | None:
        """The last day of the unbroken run of installed years that holds `today`, or None
        when today's year itself is not installed."""
        if not self.covers(today):
            return None
        return date(self.first_missing_year(today) - 1, 12, 31)

    def with_year(self, year: HolidayYear) -> WorkCalendar:
        """This calendar with `year` added (or replaced, when the centre corrects it)."""
        kept = [y for y in self.years if y.year != year.year]
        return WorkCalendar(years=tuple(sorted((*kept, year), key=lambda y: y.year)))

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day):
            raise CalendarNotInstalled(day.year)
        holidays, workdays, _years = self._sets()
        if day in workdays:
            return True
        return day.weekday() < 5 and day not in holidays

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the day of acceptance does not count)."""
        day = start
        while days > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def reach(self, start: date, days: int) -> date:
        """Like `add`, for a look-ahead (a queue's horizon): where the calendar runs out
        first, its last installed day. Every deadline that could be counted lies within it."""
        try:
            return self.add(start, days)
        except CalendarNotInstalled as missing:
            return date(missing.year - 1, 12, 31) if missing.year > start.year else start

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end is not later)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


CALENDAR_HEADER = """\
# Public holidays and make-up working days, for counting the working days of the statutory
# time limits (reference: 20 working days, extendable to 50). The centre adds each year when
# the State Council publishes its arrangement (`hukou-desk calendar-year`), and stations get it
# in the centre's signed reference data (`install-reference`). A year not listed here is not
# installed: a time limit that reaches into it is shown as awaiting the calendar, never
# counted Monday to Friday, and administrators are told 60 days before the last listed day.
"""


def _days(days: tuple[date, ...]) -> str:
    if not days:
        return "[]"
    lines = [", ".join(d.isoformat() for d in days[i : i + 8]) for i in range(0, len(days), 8)]
    return "[\n" + ",\n".join(f"  {line}" for line in lines) + ",\n]"


def render_calendar(calendar: WorkCalendar) -> str:
    """The calendar as `forms/calendar.toml` holds it (read back by the strict loader)."""
    parts = [CALENDAR_HEADER]
    for year in calendar.years:
        source = json.dumps(year.source, ensure_ascii=False)  # a JSON string is a TOML string
        parts.append(
            f"\n[[years]]\nyear = {year.year}\nsource = {source}\n"
            f"holidays = {_days(tuple(sorted(year.holidays)))}\n"
            f"workdays = {_days(tuple(sorted(year.workdays)))}\n"
        )
    return "".join(parts)


@dataclass(frozen=True)
class CalendarNotice:
    """The installed calendar ends soon (or has ended): the centre's next year is due."""

    last_day: date | None  # None: today's own year is not installed
    days_left: int
    missing_year: int

    @property
    def short(self) -> Text:
        """For a status bar; `message` says what to do."""
        if self.last_day is None:
            return text(
                f"{self.missing_year}年工作日历未安装",
                f"{self.missing_year} calendar not installed",
            )
        return text(
            f"工作日历至 {self.last_day.isoformat()} 止（余 {self.days_left} 天）",
            f"Working-day calendar ends {self.last_day.isoformat()} ({self.days_left} days left)",
        )

    @property
    def message(self) -> Text:
        if self.last_day is None:
            return text(
                f"{self.missing_year} 年的工作日历尚未安装：办理期限暂无法计算（显示为待日历）。"
                "请安装中心下发的参考数据。",
                f"The working-day calendar for {self.missing_year} is not installed: time "
                "limits cannot be counted (shown as awaiting the calendar). Install the "
                "centre's reference data.",
            )
        return text(
            f"已安装的工作日历只到 {self.last_day.isoformat()}（还有 {self.days_left} 天）；"
            f"{self.missing_year} 年的节假日安排尚未安装，请向中心索取新的参考数据。",
            f"The installed working-day calendar ends on {self.last_day.isoformat()} "
            f"({self.days_left} days left); the {self.missing_year} arrangement is not "
            "installed yet: ask the centre for new reference data.",
        )


def calendar_notice(
    calendar: WorkCalendar, today: date, *, warn_days: int = WARN_DAYS_BEFORE_END
) -> CalendarNotice | None:
    """A notice when the installed calendar ends within `warn_days` of `today`, or already
    ended; None while it reaches further."""
    last = calendar.covered_until(today)
    if last is None:
        return CalendarNotice(None, 0, today.year)
    left = (last - today).days
    if left > warn_days:
        return None
    return CalendarNotice(last, left, last.year + 1)
