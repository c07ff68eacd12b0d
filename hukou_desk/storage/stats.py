"""The statistics' own tables, kept right by the transactions that change cases, and the
queries the figures are read with.

`refresh(connection, case_ids)` recomputes the rows of those cases from the case file itself
(the case, its verdicts, its people): every change of a case calls it (`cases.changed`), and so
do the bulk writers (demo data, the centre's import); `rebuild` does every case (the migration
that made the tables, and a repair). The definitions are `domain.statistics`'.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from hukou_desk.domain import statistics
from hukou_desk.domain.clock import china_day
from hukou_desk.domain.lifecycle import CLOCK_RUNS, DecisionKind
from hukou_desk.domain.parties import PartyRole
from hukou_desk.domain.statistics import (
    Filters,
    Outcome,
    age_band,
    month_key,
    open_age_band,
)
from hukou_desk.storage.models import (
    Case,
    CaseRole,
    Decision,
    Person,
    StatsCase,
    StatsCaseMonth,
    StatsDecidedMonth,
    StatsMover,
    StatsPerson,
    StatsPersonMonth,
    StatsRefusal,
    StatsRepeat,
)

CHUNK = 500
_CASE = StatsCase.__table__  # type: ignore[attr-defined]
_PERSON = StatsPerson.__table__  # type: ignore[attr-defined]
_REFUSAL = StatsRefusal.__table__  # type: ignore[attr-defined]
_REPEAT = StatsRepeat.__table__  # type: ignore[attr-defined]
_MOVER = StatsMover.__table__  # type: ignore[attr-defined]
_CASE_MONTH = StatsCaseMonth.__table__  # type: ignore[attr-defined]
_DECIDED_MONTH = StatsDecidedMonth.__table__  # type: ignore[attr-defined]
_PERSON_MONTH = StatsPersonMonth.__table__  # type: ignore[attr-defined]
# A person's attributes summed per month (district, pathway and month are the sums' own keys).
ATTRIBUTES = ("province", "city", "age_band", "sex", "education", "role")
VERDICTS = (DecisionKind.APPROVAL.value, DecisionKind.REFUSAL.value)


def _among(
    connection: sa.Connection, column: Any, ids: Sequence[uuid.UUID]
) -> sa.ColumnElement[bool]:
    """`column IN ids`: one array parameter on PostgreSQL (hundreds of parameters made the
    driver parse every statement again), the usual list on SQLite."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        found: sa.ColumnElement[bool] = column == sa.any_(
            sa.bindparam("ids", list(ids), type_=ARRAY(sa.Uuid()), unique=True)
        )
        return found
    result: sa.ColumnElement[bool] = column.in_(ids)
    return result


def _chunks(ids: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for at in range(0, len(ids), CHUNK):
        yield ids[at : at + CHUNK]


def refresh(connection: sa.Connection, case_ids: Iterable[uuid.UUID]) -> None:
    """The statistics rows of these cases, recomputed from the case file."""
    ids = list(dict.fromkeys(case_ids))
    for chunk in _chunks(ids):
        _refresh(connection, chunk)


def rebuild(connection: sa.Connection) -> int:
    """Every case's rows recomputed (the tables emptied first); returns how many cases."""
    for table in (
        _CASE,
        _PERSON,
        _REFUSAL,
        _REPEAT,
        _MOVER,
        _CASE_MONTH,
        _DECIDED_MONTH,
        _PERSON_MONTH,
    ):
        connection.execute(table.delete())
    ids = [row[0] for row in connection.execute(sa.select(col(Case.id)))]
    for chunk in _chunks(ids):
        _refresh(connection, chunk, fresh=True)
    _repeats(connection, None)
    return len(ids)


def _refresh(connection: sa.Connection, ids: Sequence[uuid.UUID], *, fresh: bool = False) -> None:
    touched: set[uuid.UUID] = set()
    sums = Sums()
    # Only cases already counted have rows to take back (looked up by the unique index: a
    # table's other indexes may not be trusted by a planner that has no statistics yet).
    existing = (
        []
        if fresh
        else [
            row[0]
            for row in connection.execute(
                sa.select(_CASE.c.case_id).where(_among(connection, _CASE.c.case_id, ids))
            )
        ]
    )
    if existing:
        for row in connection.execute(
            sa.select(*(_CASE.c[k] for k in CASE_KEYS)).where(
                _among(connection, _CASE.c.case_id, existing)
            )
        ):
            sums.case(dict(row._mapping), -1)
        for row in connection.execute(
            sa.select(_PERSON.c.person_id, *(_PERSON.c[k] for k in PERSON_KEYS)).where(
                _among(connection, _PERSON.c.case_id, existing)
            )
        ):
            touched.add(row.person_id)
            sums.person(dict(row._mapping), -1)
        for table in (_CASE, _PERSON, _REFUSAL):
            connection.execute(table.delete().where(_among(connection, table.c.case_id, existing)))
    cases = connection.execute(
        sa.select(
            col(Case.id),
            col(Case.application_date),
            col(Case.station_code),
            col(Case.district),
            col(Case.pathway_id),
            col(Case.status),
            col(Case.clock_used),
            col(Case.clock_limit),
            col(Case.due_on),
            col(Case.facts),
            col(Case.applicant_id),
        ).where(_among(connection, col(Case.id), ids))
    ).all()
    if not cases:
        return
    decisions: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in connection.execute(
        sa.select(
            col(Decision.case_id),
            col(Decision.kind),
            col(Decision.decided_at),
            col(Decision.outcome),
        )
        .where(_among(connection, col(Decision.case_id), ids))
        .order_by(col(Decision.decided_at), col(Decision.id))
    ):
        decisions[row.case_id].append(row)
    relatives: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for row in connection.execute(
        sa.select(col(CaseRole.case_id), col(CaseRole.person_id)).where(
            _among(connection, col(CaseRole.case_id), ids),
            col(CaseRole.role) == PartyRole.RELATIVE.value,
        )
    ):
        relatives[row.case_id].append(row.person_id)
    wanted = {case.applicant_id for case in cases} | {
        person for people in relatives.values() for person in people
    }
    persons = {
        row.id: row
        for row in connection.execute(
            sa.select(
                col(Person.id),
                col(Person.id_number),
                col(Person.sex),
                col(Person.birth_date),
                col(Person.education),
            ).where(_among(connection, col(Person.id), list(wanted)))
        )
    }
    case_rows, person_rows, refusal_rows = [], [], []
    for case in cases:
        made = rows_for(case, decisions[case.id], relatives[case.id], persons)
        case_rows.append(made.case)
        person_rows.extend(made.people)
        refusal_rows.extend(made.refusals)
    for made_case in case_rows:
        sums.case(made_case, 1)
    for made_person in person_rows:
        sums.person(made_person, 1)
    insert_many(connection, _CASE, case_rows)
    if person_rows:
        insert_many(connection, _PERSON, person_rows)
    sums.apply(connection)
    if refusal_rows:
        insert_many(connection, _REFUSAL, refusal_rows)
    if not fresh:
        touched.update(row["person_id"] for row in person_rows)
        _repeats(connection, touched)


@dataclass
class Made:
    """One case's statistics rows."""

    case: dict[str, Any]
    people: list[dict[str, Any]]
    refusals: list[dict[str, Any]]


def rows_for(
    case: Any,
    decisions: Sequence[Any],
    relatives: Sequence[uuid.UUID],
    persons: dict[uuid.UUID, Any],
) -> Made:
    """A case's rows, from the case (id, application_date, station_code, district, pathway_id,
    status, clock_used, clock_limit, due_on, facts, applicant_id), its decisions in order
    (kind, decided_at, outcome), its relatives' person ids and those people (id_number, sex,
    birth_date, education): the one derivation, whichever writer fills the tables."""
    verdicts = [d for d in decisions if d.kind in VERDICTS]
    last = verdicts[-1] if verdicts else None
    result = statistics.outcome(case.status, last.kind if last is not None else None)
    decided = (
        china_day(last.decided_at)
        if last is not None and result in (Outcome.APPROVED, Outcome.REFUSED)
        else None
    )
    made = Made(
        case={
            "received": case.application_date,
            "case_id": case.id,
            "received_month": month_key(case.application_date),
            "station_code": case.station_code,
            "district": case.district,
            "pathway_id": case.pathway_id,
            "status": case.status,
            "outcome": result.value,
            "decided": decided,
            "decided_month": month_key(decided) if decided else None,
            "clock_used": case.clock_used,
            "clock_limit": case.clock_limit,
            "due_on": case.due_on,
        },
        people=[],
        refusals=[],
    )
    if decided is None or last is None:
        return made
    where = {
        "case_id": case.id,
        "station_code": case.station_code,
        "district": case.district,
        "pathway_id": case.pathway_id,
    }
    judged = _judged(list(decisions), last)
    if result is Outcome.REFUSED:
        failed = [
            (line.get("id") or "", line.get("clause") or "")
            for line in judged.get("criteria", [])
            if line.get("status") == "not_met"
        ] or [("", "")]
        for criterion, clause in dict.fromkeys(failed):
            made.refusals.append(
                {"decided": decided, "criterion_id": criterion, "clause": clause, **where}
            )
        return made
    facts = case.facts or {}
    movers = [("applicant", case.applicant_id, facts.get("applicant") or {})]
    told = {
        c.get("index"): c.get("status") for c in judged.get("companions", []) if isinstance(c, dict)
    }
    listed = [r for r in facts.get("relatives") or [] if isinstance(r, dict)]
    for person_id in relatives:
        person = persons.get(person_id)
        index = next(
            (
                i
                for i, r in enumerate(listed)
                if person is not None and r.get("id_number") == person.id_number
            ),
            None,
        )
        if told.get(index) == "not_allowed":
            continue  # the decision did not let this relative come along
        movers.append(("relative", person_id, listed[index] if index is not None else {}))
    for role, person_id, said in movers:
        person = persons.get(person_id)
        if person is None:
            continue
        origin = said.get("hukou_region") or person.id_number[:6]
        made.people.append(
            {
                "moved": decided,
                "person_id": person_id,
                "moved_month": month_key(decided),
                "role": role,
                "origin": origin if len(origin) == 6 and origin.isdigit() else "",
                "sex": person.sex or "",
                "age_band": age_band(person.birth_date, decided),
                "education": person.education or said.get("education") or "",
                **where,
            }
        )
    return made


CASE_KEYS = (
    "received_month",
    "station_code",
    "district",
    "pathway_id",
    "outcome",
    "decided_month",
    "clock_used",
    "clock_limit",
)
PERSON_KEYS = (
    "moved_month",
    "station_code",
    "district",
    "pathway_id",
    "origin",
    "age_band",
    "sex",
    "education",
    "role",
)


def attributes(row: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A moved person's attributes as they are summed."""
    origin = row["origin"] or ""
    yield "province", origin[:2]
    yield "city", origin[:4]
    yield "age_band", str(row["age_band"])
    yield "sex", row["sex"] or ""
    yield "education", row["education"] or ""
    yield "role", row["role"]


class Sums:
    """Changes to the monthly sums, collected while rows go and come, applied at once."""

    def __init__(self) -> None:
        self.cases: Counter[tuple[Any, ...]] = Counter()
        self.decided: Counter[tuple[Any, ...]] = Counter()
        self.people: Counter[tuple[Any, ...]] = Counter()
        self.movers: Counter[uuid.UUID] = Counter()

    def case(self, row: dict[str, Any], sign: int) -> None:
        where = (row["station_code"], row["district"], row["pathway_id"])
        self.cases[(row["received_month"], *where, row["outcome"])] += sign
        if row["decided_month"] is not None:
            self.decided[(row["decided_month"], *where, row["clock_used"], row["clock_limit"])] += (
                sign
            )

    def person(self, row: dict[str, Any], sign: int) -> None:
        self.movers[row["person_id"]] += sign
        where = (row["moved_month"], row["station_code"], row["district"], row["pathway_id"])
        for name, value in attributes(row):
            self.people[(*where, name, value)] += sign

    def rows(self) -> Iterator[tuple[sa.Table, str, list[dict[str, Any]]]]:
        keys = ("month", "station_code", "district", "pathway_id")
        for table, count, extra, counter in (
            (_CASE_MONTH, "cases", ("outcome",), self.cases),
            (_DECIDED_MONTH, "cases", ("clock_used", "clock_limit"), self.decided),
            (_PERSON_MONTH, "moves", ("dimension", "value"), self.people),
        ):
            changed = [
                {**dict(zip((*keys, *extra), key, strict=True)), count: n}
                for key, n in counter.items()
                if n
            ]
            if changed:
                yield table, count, changed
        movers = [{"person_id": p, "moves": n} for p, n in self.movers.items() if n]
        if movers:
            yield _MOVER, "moves", movers

    def apply(self, connection: sa.Connection) -> None:
        """Each sum moved by its change (a new sum inserted)."""
        for table, count, changed in self.rows():
            keys = [c.name for c in table.primary_key.columns]
            if connection.dialect.name == "postgresql":
                _upsert_copied(connection, table, keys, count, changed)
                continue
            from sqlalchemy.dialects import sqlite

            statement = sqlite.insert(table)
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=keys,
                    set_={count: table.c[count] + statement.excluded[count]},
                ),
                changed,
            )


def _copy(connection: sa.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows into a PostgreSQL table by `COPY` (row-by-row `executemany` was most of the
    centre's import time), in the connection's transaction."""
    columns = list(rows[0])
    raw: Any = connection.connection.driver_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[c] for c in columns])


def insert_many(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """New rows: `COPY` on PostgreSQL, the driver's `executemany` on SQLite."""
    if connection.dialect.name == "postgresql":
        _copy(connection, table.name, rows)
    else:
        connection.execute(table.insert(), rows)


def _upsert_copied(
    connection: sa.Connection,
    table: sa.Table,
    keys: list[str],
    count: str,
    changed: list[dict[str, Any]],
) -> None:
    """Sums moved on PostgreSQL: the changes copied into a scratch table, then one upsert."""
    scratch = f"scratch_{table.name}"
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {scratch} "
        f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
    )
    connection.exec_driver_sql(f"TRUNCATE {scratch}")
    _copy(connection, scratch, changed)
    columns = ", ".join(changed[0])
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {scratch} "
        f"ON CONFLICT ({', '.join(keys)}) "
        f"DO UPDATE SET {count} = {table.name}.{count} + excluded.{count}"
    )


def _judged(decisions: list[Any], last: Any) -> dict[str, Any]:
    """The engine's outcome the verdict rests on: the verdict's own, else the latest one
    recorded before it (a recommendation's)."""
    for decision in reversed(decisions[: decisions.index(last) + 1]):
        if decision.outcome:
            return dict(decision.outcome)
    return {}


def _repeats(connection: sa.Connection, people: set[uuid.UUID] | None) -> None:
    """`stats_repeat` lists the people with more than one move (all of them, or among
    `people`), from the movers' counts (looked up by key)."""
    counted = sa.select(_MOVER.c.person_id).where(_MOVER.c.moves > 1)
    if people is not None:
        if not people:
            return
        ids = list(people)
        connection.execute(_REPEAT.delete().where(_among(connection, _REPEAT.c.person_id, ids)))
        counted = counted.where(_among(connection, _MOVER.c.person_id, ids))
    connection.execute(_REPEAT.insert().from_select(["person_id"], counted))


# --- reading ----------------------------------------------------------------------------------


def _scoped(table: sa.Table, column: str, filters: Filters) -> list[sa.ColumnElement[bool]]:
    return _narrowed(table, table.c[column].between(filters.start, filters.end), filters)


def _narrowed(
    table: sa.Table, period: sa.ColumnElement[bool], filters: Filters
) -> list[sa.ColumnElement[bool]]:
    """The period's condition and the optional pathway, district and station."""
    where = [period]
    if filters.pathway:
        where.append(table.c.pathway_id == filters.pathway)
    if filters.district:
        where.append(table.c.district == filters.district)
    if filters.station:
        where.append(table.c.station_code == filters.station)
    return where


def split(filters: Filters) -> tuple[tuple[int, int] | None, list[Filters]]:
    """The period as whole months (read from the monthly sums) and the part-months at either
    end (read from the rows)."""
    start, end = filters.start, filters.end
    first = start if start.day == 1 else _next_month(start)
    after = _next_month(end)
    last = (
        end
        if after.toordinal() - end.toordinal() == 1
        else date.fromordinal(end.replace(day=1).toordinal() - 1)
    )
    if first > last:
        return None, [filters]
    edges = []
    if start < first:
        edges.append(replace(filters, end=date.fromordinal(first.toordinal() - 1)))
    if end > last:
        edges.append(replace(filters, start=date.fromordinal(last.toordinal() + 1)))
    return (month_key(first), month_key(last)), edges


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _monthly(
    table: sa.Table, months: tuple[int, int], filters: Filters
) -> list[sa.ColumnElement[bool]]:
    return _narrowed(table, table.c.month.between(*months), filters)


OUTCOMES = (Outcome.APPROVED, Outcome.REFUSED, Outcome.WITHDRAWN, Outcome.OPEN)


def cases_by(connection: sa.Connection, dimension: str, filters: Filters) -> list[tuple[Any, ...]]:
    """Cases received in the period, by `dimension` (pathway_id, district, station_code,
    received_month): (key, all, approved, refused, withdrawn, open)."""
    months, edges = split(filters)
    found: dict[Any, list[int]] = {}

    def add(rows: Iterable[Any]) -> None:
        for key, *counts in rows:
            into = found.setdefault(key, [0] * 5)
            for i, n in enumerate(counts):
                into[i] += int(n or 0)

    if months is not None:
        m = _CASE_MONTH.c
        key = m.month if dimension == "received_month" else m[dimension]
        add(
            connection.execute(
                sa.select(
                    key,
                    sa.func.sum(m.cases),
                    *(
                        sa.func.sum(sa.case((m.outcome == o.value, m.cases), else_=0))
                        for o in OUTCOMES
                    ),
                )
                .where(*_monthly(_CASE_MONTH, months, filters))
                .group_by(key)
            )
        )
    c = _CASE.c
    for edge in edges:
        add(
            connection.execute(
                sa.select(
                    c[dimension],
                    sa.func.count(),
                    *(sa.func.sum(sa.case((c.outcome == o.value, 1), else_=0)) for o in OUTCOMES),
                )
                .where(*_scoped(_CASE, "received", edge))
                .group_by(c[dimension])
            )
        )
    return [(key, *counts) for key, counts in sorted(found.items()) if counts[0]]


PERSON_DIMENSIONS = {
    "province": sa.func.substr(_PERSON.c.origin, 1, 2),
    "city": sa.func.substr(_PERSON.c.origin, 1, 4),
    "district": _PERSON.c.district,
    "age_band": _PERSON.c.age_band,
    "sex": _PERSON.c.sex,
    "education": _PERSON.c.education,
    "pathway": _PERSON.c.pathway_id,
    "month": _PERSON.c.moved_month,
    "role": _PERSON.c.role,
}
_SUMMED_BY_KEY = {"district": "district", "pathway": "pathway_id", "month": "month"}


def people_by(connection: sa.Connection, dimension: str, filters: Filters) -> dict[str, int]:
    """People moved in the period by `dimension` (PERSON_DIMENSIONS; keys as text), each
    once: the moves counted, then the extra moves of the few people who moved more than once
    in the period taken off their earlier moves' groups."""
    months, edges = split(filters)
    counts: Counter[str] = Counter()
    if months is not None:
        m = _PERSON_MONTH.c
        if dimension in _SUMMED_BY_KEY:
            # Every move has exactly one "sex" sum: the unit for the sums' own keys.
            key = m[_SUMMED_BY_KEY[dimension]]
            chosen = m.dimension == "sex"
        else:
            key, chosen = m.value, m.dimension == dimension
        for value, n in connection.execute(
            sa.select(key, sa.func.sum(m.moves))
            .where(chosen, *_monthly(_PERSON_MONTH, months, filters))
            .group_by(key)
        ):
            counts[str(value)] += int(n or 0)
    column = PERSON_DIMENSIONS[dimension]
    for edge in edges:
        for value, n in connection.execute(
            sa.select(column, sa.func.count())
            .where(*_scoped(_PERSON, "moved", edge))
            .group_by(column)
        ):
            counts[str(value)] += n
    repeated = connection.execute(
        sa.select(_PERSON.c.person_id, _PERSON.c.moved, _PERSON.c.case_id, column)
        .where(
            *_scoped(_PERSON, "moved", filters),
            _PERSON.c.person_id.in_(sa.select(_REPEAT.c.person_id)),
        )
        .order_by(_PERSON.c.person_id, _PERSON.c.moved, _PERSON.c.case_id)
    ).all()
    by_person: dict[uuid.UUID, list[str]] = defaultdict(list)
    for row in repeated:
        by_person[row[0]].append(str(row[3]))
    for keys in by_person.values():
        for earlier in keys[:-1]:  # the latest move stands
            counts[earlier] -= 1
    return {k: v for k, v in counts.items() if v}


def refusals(connection: sa.Connection, filters: Filters) -> list[tuple[str, str, int]]:
    """(criterion, clause, refused cases) for cases refused in the period."""
    r = _REFUSAL.c
    query = (
        sa.select(r.criterion_id, r.clause, sa.func.count())
        .where(*_scoped(_REFUSAL, "decided", filters))
        .group_by(r.criterion_id, r.clause)
    )
    return [(row[0], row[1], row[2]) for row in connection.execute(query)]


def processing(
    connection: sa.Connection, filters: Filters
) -> dict[str, dict[tuple[int, int], int]]:
    """Per pathway, the cases decided in the period as {(working days used, limit): cases}."""
    months, edges = split(filters)
    found: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)

    def add(rows: Iterable[Any]) -> None:
        for pathway, used, limit, n in rows:
            histogram = found[pathway]
            histogram[(used, limit)] = histogram.get((used, limit), 0) + int(n or 0)

    if months is not None:
        m = _DECIDED_MONTH.c
        add(
            connection.execute(
                sa.select(m.pathway_id, m.clock_used, m.clock_limit, sa.func.sum(m.cases))
                .where(*_monthly(_DECIDED_MONTH, months, filters))
                .group_by(m.pathway_id, m.clock_used, m.clock_limit)
            )
        )
    c = _CASE.c
    for edge in edges:
        # A decided day is set only for approved and refused cases: the index on it serves.
        add(
            connection.execute(
                sa.select(c.pathway_id, c.clock_used, c.clock_limit, sa.func.count())
                .where(*_scoped(_CASE, "decided", edge))
                .group_by(c.pathway_id, c.clock_used, c.clock_limit)
            )
        )
    return {
        pathway: {k: n for k, n in histogram.items() if n}
        for pathway, histogram in found.items()
        if any(histogram.values())
    }


@dataclass(frozen=True)
class OpenCases:
    by_age: dict[int, int]  # OPEN_AGE_BANDS index → cases
    overdue: dict[str, int]  # pathway → cases received in the period, past their statutory date
    overdue_total: int


def open_cases(connection: sa.Connection, filters: Filters, today: date) -> OpenCases:
    """Cases received in the period and still open today: by age, and those overdue."""
    c = _CASE.c
    where = [c.outcome == Outcome.OPEN.value, *_scoped(_CASE, "received", filters)]
    ages: Counter[int] = Counter()
    for received, n in connection.execute(
        sa.select(c.received, sa.func.count()).where(*where).group_by(c.received)
    ):
        ages[open_age_band((today - received).days)] += n
    overdue = {
        pathway: n
        for pathway, n in connection.execute(
            sa.select(c.pathway_id, sa.func.count())
            .where(
                *where,
                c.status.in_([s.value for s in CLOCK_RUNS]),
                c.due_on < today,
            )
            .group_by(c.pathway_id)
        )
    }
    return OpenCases(dict(ages), overdue, sum(overdue.values()))


def overdue_whenever_received(connection: sa.Connection, filters: Filters, today: date) -> int:
    """Open cases past their statutory date, whatever day they were received (the period's
    pathway, district and station still apply): what 'overdue' means at the counter."""
    c = _CASE.c
    where = [
        c.outcome == Outcome.OPEN.value,
        *_narrowed(_CASE, sa.true(), filters),
        c.status.in_([s.value for s in CLOCK_RUNS]),
        c.due_on < today,
    ]
    return int(connection.execute(sa.select(sa.func.count()).where(*where)).scalar_one())


def choices(connection: sa.Connection) -> dict[str, list[str]]:
    """The pathways, districts and stations the figures can be narrowed to."""
    c = _CASE.c
    return {
        name: [
            row[0] for row in connection.execute(sa.select(c[name]).distinct().order_by(c[name]))
        ]
        for name in ("pathway_id", "district", "station_code")
    }


# --- the cases behind a figure -------------------------------------------------------------


def case_ids_for(
    connection: sa.Connection, figure: str, key: Any, filters: Filters, today: date, limit: int
) -> list[uuid.UUID]:
    """The cases behind one bar of one figure, newest first, at most `limit`."""
    c, p, r = _CASE.c, _PERSON.c, _REFUSAL.c
    query: sa.Select[Any]
    if figure.startswith("cases_by_"):
        column = {
            "cases_by_pathway": "pathway_id",
            "cases_by_district": "district",
            "cases_by_station": "station_code",
            "cases_by_month": "received_month",
            "cases_by_outcome": "outcome",
        }[figure]
        query = (
            sa.select(c.case_id)
            .where(*_scoped(_CASE, "received", filters), c[column] == key)
            .order_by(c.received.desc())
        )
    elif figure.startswith("people_by_"):
        dimension = figure.removeprefix("people_by_")
        query = (
            sa.select(p.case_id)
            .where(*_scoped(_PERSON, "moved", filters), PERSON_DIMENSIONS[dimension] == key)
            .group_by(p.case_id)
            .order_by(sa.func.max(p.moved).desc())
        )
    elif figure == "refusals":
        query = (
            sa.select(r.case_id)
            .where(*_scoped(_REFUSAL, "decided", filters), r.criterion_id == key)
            .order_by(r.decided.desc())
        )
    elif figure == "processing":
        query = (
            sa.select(c.case_id)
            .where(
                *_scoped(_CASE, "decided", filters),
                c.outcome.in_((Outcome.APPROVED.value, Outcome.REFUSED.value)),
                c.pathway_id == key,
            )
            .order_by(c.decided.desc())
        )
    elif figure == "open_by_age":
        low, high = statistics.OPEN_AGE_BANDS[int(key)]
        newest = date.fromordinal(today.toordinal() - low)
        where = [c.outcome == Outcome.OPEN.value, *_scoped(_CASE, "received", filters)]
        where.append(c.received <= newest)
        if high is not None:
            where.append(c.received >= date.fromordinal(today.toordinal() - high))
        query = sa.select(c.case_id).where(*where).order_by(c.received.desc())
    elif figure == "overdue":
        query = (
            sa.select(c.case_id)
            .where(
                c.outcome == Outcome.OPEN.value,
                *_scoped(_CASE, "received", filters),
                c.status.in_([s.value for s in CLOCK_RUNS]),
                c.due_on < today,
                c.pathway_id == key,
            )
            .order_by(c.due_on)
        )
    else:
        raise KeyError(figure)
    return [row[0] for row in connection.execute(query.limit(limit))]
