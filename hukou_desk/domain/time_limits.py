"""The statutory day counts as dated parameters: each value with the date it took effect and
the rule that sets it, looked up by the day that governs a case.

Four counts (`forms/plan.toml`, `[time_limits]`): a case needing investigation is decided
within its working days (20), once extendable to more (50); an approval permit is valid for
its calendar days from its issue (40); the applicant acts within calendar days of the approval
(90). A case's limits are read on the day its application was received; a permit's validity
on its issue day; the time to act on the approval's day. When the rule changes, the new value
is added with its date, and the old one keeps governing what came before.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Text, text


class NotInForce(HukouDeskError):
    """No value of a statutory count was in force on the day asked for."""


class Limit(StrEnum):
    INVESTIGATION = "investigation"  # working days to decide a case needing investigation
    EXTENDED = "extended"  # working days once the limit is extended (once)
    PERMIT_VALID = "permit_valid"  # calendar days an approval permit is valid from its issue
    ACT_WITHIN = "act_within"  # calendar days the applicant has to act after the approval


class _Form(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class DatedDays(_Form):
    """One value of a count: the days, from when, and the rule that says so."""

    days: int = Field(ge=1, le=3650)
    start: date = Field(alias="from")
    clause: Text


class StatutoryDays(_Form):
    """A count's values over time, none sharing a start; the latest begun on a day governs it."""

    name: Text
    values: tuple[DatedDays, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct_starts(self) -> StatutoryDays:
        starts = [value.start for value in self.values]
        if len(set(starts)) != len(starts):
            raise ValueError("two values start on the same day")
        return self

    def on(self, day: date) -> DatedDays:
        begun = [value for value in self.values if value.start <= day]
        if not begun:
            first = min(value.start for value in self.values)
            raise NotInForce(
                text(
                    f"{self.name.zh}：{day.isoformat()} 时尚无规定（自 {first.isoformat()} 起）。",
                    f"{self.name.en}: no value in force on {day.isoformat()} "
                    f"(the first is from {first.isoformat()}).",
                )
            )
        return max(begun, key=lambda value: value.start)


class TimeLimits(_Form):
    investigation: StatutoryDays
    extended: StatutoryDays
    permit_valid: StatutoryDays
    act_within: StatutoryDays

    def on(self, limit: Limit, day: date) -> DatedDays:
        """The value of `limit` in force on `day`, with its date and its rule."""
        counts: dict[Limit, StatutoryDays] = {
            Limit.INVESTIGATION: self.investigation,
            Limit.EXTENDED: self.extended,
            Limit.PERMIT_VALID: self.permit_valid,
            Limit.ACT_WITHIN: self.act_within,
        }
        return counts[limit].on(day)

    def days(self, limit: Limit, day: date) -> int:
        return self.on(limit, day).days
