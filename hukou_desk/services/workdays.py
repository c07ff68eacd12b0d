"""The working-day calendar at the counter: which years it holds, when it runs out, and the
cases whose time limit waits for the next year's arrangement."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hukou_desk.domain.calendar import (
    CalendarNotice,
    HolidayYear,
    WorkCalendar,
    calendar_notice,
    render_calendar,
)
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import AwaitingCalendar, CaseStatus, Role
from hukou_desk.domain.loader import load_calendar, load_calendar_year
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import text
from hukou_desk.files import write_whole
from hukou_desk.services.counter import Counter
from hukou_desk.storage import workdays

# Who is told that the calendar runs out: those who can get the centre's data installed.
TOLD = frozenset({Role.ADMIN, Role.SUPERVISOR})


@dataclass(frozen=True)
class Awaiting:
    """A running case whose time limit cannot be counted until `awaits.year` is installed."""

    number: str
    status: CaseStatus
    awaits: AwaitingCalendar


def notice(counter: Counter, actor: Clerk) -> CalendarNotice | None:
    """For administrators and supervisors, on China's today: the installed calendar ends
    within 60 days, or has ended. None for clerks, and while the calendar reaches further."""
    me = counter.account(actor)
    if Role(me.role) not in TOLD:
        return None
    return calendar_notice(counter.calendar, counter.today())


def awaiting_calendar(counter: Counter, actor: Clerk) -> list[Awaiting]:
    """The running cases whose deadline needs a year not installed (shown as such)."""
    with counter.reading(actor) as (session, _me):
        return [
            Awaiting(case.number, CaseStatus(case.status), AwaitingCalendar(year))
            for case, year in workdays.awaiting_calendar(session, counter.calendar)
        ]


def year_from_chinese_calendar(year: int) -> HolidayYear:
    """A year's arrangement as the `chinese-calendar` package (PyPI; the centre's extra)
    records it from the State Council's notice. Its 2025 and 2026 equal the notices."""
    try:
        package: Any = importlib.import_module("chinese_calendar")
    except ImportError:
        raise HukouDeskError(
            text(
                "未安装 chinese-calendar（pip install 'hukou-desk[centre]'）；"
                "或请按通知录入年度文件。",
                "chinese-calendar is not installed (pip install 'hukou-desk[centre]'); "
                "or enter the year's file from the notice.",
            )
        ) from None
    holidays = tuple(sorted(d for d in package.holidays if d.year == year))
    workdays = tuple(sorted(d for d in package.workdays if d.year == year))
    if not holidays:
        raise HukouDeskError(
            text(
                f"chinese-calendar {package.__version__} 尚无 {year} 年的节假日安排。",
                f"chinese-calendar {package.__version__} has no arrangement for {year} yet.",
            )
        )
    return HolidayYear(
        year=year,
        source=f"国务院办公厅关于{year}年部分节假日安排的通知"
        f"（经 chinese-calendar {package.__version__}）",
        holidays=holidays,
        workdays=workdays,
    )


def publish_year(year: Path | HolidayYear, *, forms: Path) -> WorkCalendar:
    """At the centre: one year's arrangement (a TOML file entered from the State Council's
    notice, or taken from the `chinese-calendar` package and checked against the notice)
    added to the centre's `forms/calendar.toml`, which its next signed reference file carries
    to every station. Both files are checked by the strict loader before anything is written."""
    entry = load_calendar_year(year) if isinstance(year, Path) else year
    calendar = load_calendar(forms).with_year(entry)
    write_whole(forms / "calendar.toml", render_calendar(calendar).encode("utf-8"))
    return load_calendar(forms)  # read back as the stations will read it
