"""The case list: search, filters, sorting and keyset paging, for the UI and the command line.

Pages are found by the last row's sort key (keyset), never by OFFSET, so the page a million
rows deep costs what the first one does. Identity numbers leave here masked.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.identity import mask
from hukou_desk.domain.lifecycle import (
    CLOCK_RUNS,
    NEAR_DEADLINE_DAYS,
    CaseStatus,
    urgency,
)
from hukou_desk.domain.listing import (
    CaseFilter,
    CaseRow,
    Count,
    DeadlineCounts,
    DeadlineRow,
    Deadlines,
    Due,
    Page,
    Sort,
    due_filter,
)
from hukou_desk.domain.parties import APPLICANT
from hukou_desk.storage.cases import PRINT_APPROVAL
from hukou_desk.storage.errors import DamagedRow
from hukou_desk.storage.models import AuditEvent, Case, CaseRole, Person, Station, StatusCount
from hukou_desk.storage.search import QueryKind, parse_query

# The list's values live in the domain (plain, SQL-free); named here too for storage's callers.
__all__ = [
    "CaseFilter",
    "CaseRow",
    "Count",
    "DeadlineCounts",
    "DeadlineRow",
    "Deadlines",
    "Due",
    "Page",
    "Sort",
    "count_by_status",
    "count_cases",
    "deadline_cases",
    "due_filter",
    "search_cases",
]

_ALL = CaseFilter()  # no filter: every case
_case = sa.inspect(Case).local_table
_person = sa.inspect(Person).local_table
_role = sa.inspect(CaseRole).local_table
_station = sa.inspect(Station).local_table
_audit = sa.inspect(AuditEvent).local_table
_search = sa.table("case_search", sa.column("rowid", sa.Integer))


# Per sort: the columns of the key (serial breaks ties) and whether it runs descending.
_SORTS: dict[Sort, tuple[tuple[sa.ColumnElement[Any], ...], bool]] = {
    Sort.RECEIVED: ((_case.c.application_date, _case.c.serial), True),
    Sort.RECEIVED_OLDEST: ((_case.c.application_date, _case.c.serial), False),
    Sort.NUMBER: ((_case.c.number,), False),
    # The last column orders the cases with no running clock, which follow (see _by_due).
    Sort.DUE: ((_case.c.due_on, _case.c.serial, _case.c.application_date), False),
}


# Below this many persons with a number prefix, the list starts from them (sorting a few is
# cheap); above it, it walks cases in list order and keeps those that match (they are dense).
SPARSE_PREFIX = 4000


def _prefix_condition(session: Session, prefix: str) -> sa.ColumnElement[bool]:
    # A range on the unique index (LIKE would not use it: it is case-insensitive by default).
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    in_range = sa.and_(_person.c.id_number >= prefix, _person.c.id_number < upper)
    probe = sa.select(sa.func.count()).select_from(
        sa.select(sa.literal(1)).where(in_range).limit(SPARSE_PREFIX).subquery()
    )
    if session.execute(probe).scalar_one() < SPARSE_PREFIX:
        return _case.c.applicant_id.in_(sa.select(_person.c.id).where(in_range))
    # An expression the index cannot serve, so the planner walks the list's own order.
    return sa.func.substr(_person.c.id_number, 1, len(prefix)) == prefix


def _conditions(
    session: Session, flt: CaseFilter
) -> tuple[list[sa.ColumnElement[bool]], str | None]:
    """SQL conditions for the filters, and the FTS5 expression when a name is searched."""
    where: list[sa.ColumnElement[bool]] = []
    match = None
    query = parse_query(flt.query)
    if query.kind is QueryKind.CASE_NUMBER:
        # Or the number on an applicant's old slip, from before the PC became a counter.
        where.append(sa.or_(_case.c.number == query.value, _case.c.former_number == query.value))
    elif query.kind is QueryKind.CASE_SERIAL:
        # This station's numbers begin with its code: an exact match, on the unique index.
        here = sa.select(_station.c.code).where(_station.c.id == 1).scalar_subquery()
        ours = here + query.value
        where.append(sa.or_(_case.c.number == ours, _case.c.former_number == ours))
    elif query.kind is QueryKind.UNKNOWN:
        where.append(sa.false())
    elif query.kind is QueryKind.IDENTITY_NUMBER:
        where.append(_person.c.id_number == query.value)
    elif query.kind is QueryKind.IDENTITY_PREFIX:
        where.append(_prefix_condition(session, query.value))
    elif query.kind in (QueryKind.NAME, QueryKind.INITIALS):
        match = query.fts()
    if flt.statuses:
        where.append(_case.c.status.in_([s.value for s in flt.statuses]))
    if flt.pathway_id:
        where.append(_case.c.pathway_id == flt.pathway_id)
    if flt.district:
        where.append(_case.c.district == flt.district)
    if flt.received_from:
        where.append(_case.c.application_date >= flt.received_from)
    if flt.received_to:
        where.append(_case.c.application_date <= flt.received_to)
    if flt.prepared_by:
        where.append(_case.c.prepared_by == flt.prepared_by)
    if flt.due_by:
        where.append(_case.c.due_on <= flt.due_by)
    if flt.due_from:
        where.append(_case.c.due_on >= flt.due_from)
    if flt.not_printed:
        printed = sa.select(_audit.c.seq).where(
            _audit.c.case_id == _case.c.id, _audit.c.action == PRINT_APPROVAL
        )
        where.append(~printed.exists())
    return where, match


# A name with more hits than this is searched by walking the sort order's index and testing
# each case against the hits (a page fills early); fewer hits are fetched and sorted.
COMMON_NAME_HITS = 2_000


def _common(session: Session, match: str) -> bool:
    probe = sa.text(
        "SELECT count(*) FROM (SELECT rowid FROM case_search WHERE case_search MATCH :m LIMIT :n)"
    )
    found = session.execute(probe, {"m": match, "n": COMMON_NAME_HITS + 1}).scalar_one()
    return bool(found > COMMON_NAME_HITS)


def _name_condition(session: Session, match: str, *, walk: bool = False) -> sa.ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        hits = sa.select(_search.c.rowid).where(sa.text("case_search MATCH :match"))
        # `serial + 0` keeps SQLite from driving the query by the hits: it then walks the
        # sort's own index and stops at a full page instead of sorting every hit.
        serial = _case.c.serial + 0 if walk else _case.c.serial
        return serial.in_(hits.params(match=match).scalar_subquery())
    # Without FTS5 (PostgreSQL, the centre): a plain substring match on the name.
    needle = match.split('"')[1].replace(" ", "")
    return _person.c.name.contains(needle, autoescape=True)


def search_cases(
    session: Session,
    flt: CaseFilter = _ALL,
    *,
    sort: Sort = Sort.RECEIVED,
    after: tuple[Any, ...] | None = None,
    limit: int = 100,
) -> Page:
    """One page of cases matching `flt`, in `sort` order, after the row whose key is `after`."""
    where, match = _conditions(session, flt)
    columns, descending = _SORTS[sort]
    statement = sa.select(
        _case.c.id,
        _case.c.number,
        _case.c.status,
        _case.c.pathway_id,
        # The applicant's name as the case recorded it (the person's own for older rows).
        sa.func.coalesce(
            sa.select(_role.c.name)
            .where(_role.c.case_id == _case.c.id, _role.c.role == APPLICANT)
            .limit(1)
            .scalar_subquery(),
            _person.c.name,
        ),
        _person.c.id_number,
        _case.c.application_date,
        _case.c.district,
        _case.c.due_on,
        *columns,
    ).join(_person, _person.c.id == _case.c.applicant_id)
    if match is not None:
        sqlite = session.get_bind().dialect.name == "sqlite"
        if sort is Sort.RECEIVED and sqlite:
            # Name hits come from the index newest first: walk it, stop at a page.
            return _search_names(session, statement, where, match, after, limit)
        where.append(_name_condition(session, match, walk=sqlite and _common(session, match)))
    if sort is Sort.DUE:
        # A clock runs only in CLOCK_RUNS (the due date is set then only): a queue of other
        # statuses skips the walk that could find none.
        running = not flt.statuses or any(s in CLOCK_RUNS for s in flt.statuses)
        return _by_due(session, statement, where, after, limit, running=running)
    key = sa.tuple_(*columns) if len(columns) > 1 else columns[0]
    if after is not None:
        bound = sa.tuple_(*after) if len(columns) > 1 else after[0]
        where.append(key < bound if descending else key > bound)
    order = [c.desc() if descending else c.asc() for c in columns]
    rows = session.execute(statement.where(*where).order_by(*order).limit(limit + 1)).all()
    return _page(rows, limit, len(columns))


def _search_names(
    session: Session,
    statement: sa.Select[Any],
    where: list[sa.ColumnElement[bool]],
    match: str,
    after: tuple[Any, ...] | None,
    limit: int,
) -> Page:
    # FTS5 hands out its hits in rowid (serial) order cheaply; the page is ordered by the
    # serial, which follows the order cases were received in at this station.
    statement = statement.join(_search, _search.c.rowid == _case.c.serial).where(
        sa.text("case_search MATCH :match").bindparams(match=match), *where
    )
    if after is not None:
        statement = statement.where(_search.c.rowid < after[-1])
    rows = session.execute(statement.order_by(_search.c.rowid.desc()).limit(limit + 1)).all()
    return _page(rows, limit, 2)


def _by_due(
    session: Session,
    statement: sa.Select[Any],
    where: list[sa.ColumnElement[bool]],
    after: tuple[Any, ...] | None,
    limit: int,
    *,
    running: bool,
) -> Page:
    """Running clocks by their last day, soonest first; then the filter's cases whose clock is
    not running (drafts, paused, decided), the longest waiting first, so a sort never drops a
    queue's cases. Two keyset walks: the due-date index, then the received-date indexes (the
    ones a queue's status, pathway or district lead)."""
    due, serial, received = _case.c.due_on, _case.c.serial, _case.c.application_date
    rows: list[Any] = []
    if running and (after is None or after[0] is not None):
        clocks = [*where, due.is_not(None)]
        if after is not None:
            clocks.append(sa.tuple_(due, serial) > sa.tuple_(after[0], after[1]))
        rows = list(
            session.execute(statement.where(*clocks).order_by(due, serial).limit(limit + 1))
        )
        if len(rows) > limit:
            return _page(rows, limit, 3)
    # Not by the due-date index (most cases have no date): walking the order's index is.
    stopped = [*where, sa.cast(due, sa.String).is_(None)]
    if after is not None and after[0] is None:
        stopped.append(sa.tuple_(received, serial) > sa.tuple_(after[2], after[1]))
    rows += session.execute(
        statement.where(*stopped).order_by(received, serial).limit(limit + 1 - len(rows))
    ).all()
    return _page(rows, limit, 3)


def _status(value: str, where: str) -> CaseStatus:
    try:
        return CaseStatus(value)
    except ValueError:
        raise DamagedRow(where, "status", value) from None


def _page(rows: Sequence[Any], limit: int, key_width: int) -> Page:
    out = [
        CaseRow(
            id=r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(str(r[0])),
            number=r[1],
            status=_status(r[2], r[1]),
            pathway_id=r[3],
            applicant_name=r[4],
            applicant_id_masked=mask(r[5]),
            application_date=r[6],
            district=r[7],
            due_on=r[8],
            key=tuple(r[9 : 9 + key_width]),
        )
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    return Page(out, out[-1].key if more and out else None)


def count_by_status(session: Session) -> dict[CaseStatus, int]:
    """Cases per status (every status present, zero included)."""
    counts = dict.fromkeys(CaseStatus, 0)
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(sa.select(StatusCount.status, StatusCount.cases)).all()  # type: ignore[call-overload]
    else:
        rows = session.execute(
            sa.select(_case.c.status, sa.func.count()).group_by(_case.c.status)
        ).all()
    for status, cases in rows:
        counts[_status(status, "status_count")] = cases
    return counts


# A count that has to look at each case (a name, an identity prefix, 'not printed', two
# conditions on different indexes) stops here and says "more than": it runs as the list
# loads. A count one index answers alone is exact at any size.
COUNT_CAP = 10_000


def count_cases(session: Session, flt: CaseFilter = _ALL) -> Count:
    """How many cases match `flt` (the list's footer): exact up to COUNT_CAP, else said so."""
    plain = CaseFilter(statuses=flt.statuses)
    if flt == plain:  # a trigger keeps these counts: exact at any size
        counts = count_by_status(session)
        return Count(sum(counts[s] for s in (flt.statuses or CaseStatus)))
    where, match = _conditions(session, flt)
    statement = sa.select(sa.literal(1)).select_from(_case)
    if parse_query(flt.query).kind in (QueryKind.IDENTITY_NUMBER, QueryKind.IDENTITY_PREFIX) or (
        match is not None and session.get_bind().dialect.name != "sqlite"
    ):
        statement = statement.join(_person, _person.c.id == _case.c.applicant_id)
    if match is not None:
        where.append(_name_condition(session, match))
    if _one_index(flt):
        return Count(
            session.execute(statement.with_only_columns(sa.func.count()).where(*where)).scalar_one()
        )
    capped = statement.where(*where).limit(COUNT_CAP + 1).subquery()
    found = session.execute(sa.select(sa.func.count()).select_from(capped)).scalar_one()
    return Count(min(found, COUNT_CAP), at_least=found > COUNT_CAP)


def _one_index(flt: CaseFilter) -> bool:
    """Whether one index covers the filter: the due date alone, or the day received with at
    most one status, pathway or district before it (the indexes of the case file)."""
    if flt.query.strip() or flt.not_printed or flt.prepared_by is not None:
        return False
    due = flt.due_by is not None or flt.due_from is not None
    received = flt.received_from is not None or flt.received_to is not None
    leading = (len(flt.statuses) == 1) + bool(flt.pathway_id) + bool(flt.district)
    if due:
        return not received and leading == 0 and not flt.statuses
    return leading <= 1 and len(flt.statuses) <= 1


def count_deadlines(session: Session, *, today: date, calendar: WorkCalendar) -> DeadlineCounts:
    """Both counts exact, in one range of the due-date index."""
    due = _case.c.due_on
    horizon = calendar.reach(today, NEAR_DEADLINE_DAYS)
    overdue, soon = session.execute(
        sa.select(sa.func.count().filter(due < today), sa.func.count().filter(due >= today)).where(
            due <= horizon
        )
    ).one()
    return DeadlineCounts(today, overdue, soon)


def deadline_cases(
    session: Session,
    *,
    today: date,
    calendar: WorkCalendar,
    listed: Due = Due.SOON,
    limit: int = 200,
) -> Deadlines:
    """The cases due soon by their last day, soonest first, or the overdue ones, the longest
    overdue first; the counts of both, exact."""
    counts = count_deadlines(session, today=today, calendar=calendar)
    flt = due_filter(listed, today=today, calendar=calendar)
    page = search_cases(session, flt, sort=Sort.DUE, limit=limit)
    rows = [
        DeadlineRow(row, urgency(row.due_on, today, calendar))
        for row in page.rows
        if row.due_on is not None
    ]
    return Deadlines(counts, listed, rows)
