"""Deadlines counted again when the working-day calendar changes (a year installed)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.lifecycle import AwaitingCalendar, Clock
from hukou_desk.storage.cases import changed, snapshot
from hukou_desk.storage.models import Case, User


def running_clocks(session: Session) -> list[Case]:
    """The cases whose statutory clock runs (accepted, not waiting for the applicant)."""
    return list(
        session.exec(
            select(Case)
            .where(col(Case.clock_running_since).is_not(None))
            .order_by(col(Case.serial))
        )
    )


def awaiting_calendar(session: Session, calendar: WorkCalendar) -> list[tuple[Case, int]]:
    """Running cases whose deadline needs a year not installed, with that year."""
    found = []
    for case in running_clocks(session):
        if case.due_on is not None:
            continue
        due = Clock(case.clock_limit, case.clock_used, case.clock_running_since).deadline(calendar)
        if isinstance(due, AwaitingCalendar):
            found.append((case, due.year))
    return found


def recount_deadlines(session: Session, *, actor: User, calendar: WorkCalendar) -> list[str]:
    """Every running clock counted with `calendar`; each deadline that changes (one that
    awaited the year now installed, or one a corrected arrangement moves) is a change of its
    case, audited as such. Returns the numbers of the cases changed."""
    moved = []
    for case in running_clocks(session):
        due = Clock(case.clock_limit, case.clock_used, case.clock_running_since).due(calendar)
        if due == case.due_on:
            continue
        before = snapshot(case)
        case.due_on = due
        changed(
            session,
            case,
            actor=actor,
            action="case.recount",
            before=before,
            detail={"due_on": due.isoformat() if due else None},
        )
        moved.append(case.number)
    return moved
