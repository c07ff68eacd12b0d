"""What a case list asks for and what it shows: the filters, the sorts, a page of rows (the
identity number already masked), the counts. Plain values, free of SQL and Qt: the storage's
queries fill them, the services hand them on, the screens and the command line read them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.lifecycle import NEAR_DEADLINE_DAYS, CaseStatus, Urgency

UNDECIDED = ""  # the pathway of a draft whose route is not chosen yet


class Sort(StrEnum):
    RECEIVED = "received"  # application date, newest first (the default)
    RECEIVED_OLDEST = "received_oldest"
    NUMBER = "number"  # case number, ascending
    DUE = "due"  # statutory deadline, soonest first; then the cases whose clock is not running


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list; the identity number is already masked."""

    id: uuid.UUID
    number: str
    status: CaseStatus
    pathway_id: str
    applicant_name: str
    applicant_id_masked: str
    application_date: date
    district: str
    due_on: date | None
    key: tuple[Any, ...] = field(repr=False)


@dataclass(frozen=True)
class CaseFilter:
    query: str = ""
    statuses: Sequence[CaseStatus] = ()
    pathway_id: str | None = None
    district: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    prepared_by: uuid.UUID | None = None
    due_by: date | None = None  # running clocks whose limit falls on or before this day
    due_from: date | None = None  # running clocks whose limit falls on or after this day
    not_printed: bool = False  # no approval slip printed yet


@dataclass(frozen=True)
class Page:
    rows: list[CaseRow]
    next_key: tuple[Any, ...] | None  # pass as `after` for the next page; None at the end


@dataclass(frozen=True)
class Count:
    """How many cases match; `at_least` when counting stopped at COUNT_CAP."""

    cases: int
    at_least: bool = False


class Due(StrEnum):
    """The two deadline queues: kept apart, so the few due soon never sit behind the overdue."""

    SOON = "soon"  # the clock runs and its last day is today or within NEAR_DEADLINE_DAYS
    OVERDUE = "overdue"  # the clock runs and its last day has passed


def due_filter(due: Due, *, today: date, calendar: WorkCalendar) -> CaseFilter:
    if due is Due.OVERDUE:
        return CaseFilter(due_by=today - timedelta(days=1))
    return CaseFilter(due_from=today, due_by=calendar.reach(today, NEAR_DEADLINE_DAYS))


@dataclass(frozen=True)
class DeadlineCounts:
    """Open cases with a running clock, station-wide (whatever the day they were received)."""

    on: date
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class DeadlineRow:
    row: CaseRow
    urgency: Urgency


@dataclass(frozen=True)
class Deadlines:
    """One deadline queue's first rows, with both queues' exact counts."""

    counts: DeadlineCounts
    listed: Due
    rows: list[DeadlineRow]

    @property
    def total(self) -> int:
        """How many cases the listed queue holds (rows may show only the first of them)."""
        return self.counts.overdue if self.listed is Due.OVERDUE else self.counts.due_soon
