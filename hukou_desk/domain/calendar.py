"""Working days: the unit of the statutory time limits (public holidays and make-up days)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator


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

    def _sets(self) -> tuple[frozenset[date], frozenset[date]]:
        cached: tuple[frozenset[date], frozenset[date]] | None = self.__dict__.get("_cache")
        if cached is None:
            cached = (
                frozenset(d for y in self.years for d in y.holidays),
                frozenset(d for y in self.years for d in y.workdays),
            )
            object.__setattr__(self, "_cache", cached)  # frozen model, memo only
        return cached

    def is_working_day(self, day: date) -> bool:
        holidays, workdays = self._sets()
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

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end is not later)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count
