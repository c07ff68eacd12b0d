"""The statistics' own tables, kept right by the transactions that change cases, and the
queries the figures are read with.

`refresh(connection, case_ids)` recomputes the rows of those cases from the case file itself
(the case, its verdicts, its people): every change of a case calls it (`cases.changed`), and so
do the bulk writers (demo data, the centre's import); `rebuild` does every case (the migration
that made the tables, and a repair). The definitions are `domain.statistics`'.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple

import orjson
import sqlalchemy as sa
from sqlmodel import col

from hukou_desk.domain import statistics
from hukou_desk.domain.clock import china_day
from hukou_desk.domain.engine import CompanionStatus
from hukou_desk.domain.lifecycle import CLOCK_RUNS, DecisionKind
from hukou_desk.domain.outcome import rests_on
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
SUMS_HELD = 50_000  # month sums' changes held before they are moved (about 250 bytes each)
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


@dataclass(frozen=True)
class _Listed:
    """Ids as one parameter, made once for the statements of a pass: the text of an array of
    their hex digits (PostgreSQL: its hex digits are a UUID's text) or of a JSON array of them
    (SQLite: SQLAlchemy keeps a UUID as its hex digits); on SQLite a few ids (the desk's one
    case) stay a list of parameters, the cheaper statement to make."""

    text: str
    postgres: bool
    few: tuple[uuid.UUID, ...] | None = None


Ids = Sequence[uuid.UUID | str]  # UUIDs, or their hex digits (as the centre's import has them)
FEW = 32
_HEX = re.compile("[0-9a-f]{32}")


def _listed(connection: sa.Connection, ids: Ids) -> _Listed:
    postgres = connection.dialect.name == "postgresql"
    if not postgres and len(ids) <= FEW:
        few = tuple(i if isinstance(i, uuid.UUID) else uuid.UUID(i) for i in ids)
        return _Listed("", postgres=False, few=few)
    hexes = [
        i.hex if isinstance(i, uuid.UUID) else i if _HEX.fullmatch(i) else uuid.UUID(i).hex
        for i in ids
    ]
    if postgres:
        return _Listed("{" + ",".join(hexes) + "}", postgres=True)
    return _Listed(orjson.dumps(hexes).decode(), postgres=False)


def _among(connection: sa.Connection, column: Any, ids: Ids | _Listed) -> sa.ColumnElement[bool]:
    """`column IN ids` with one parameter (`_Listed`): thousands of parameters cost more than
    the query (SQLAlchemy coerced, converted and named each; PostgreSQL's driver made it parse
    every statement again, and dumped a list of UUIDs element by element in Python); the ids
    looked up by the column's index either way."""
    listed = ids if isinstance(ids, _Listed) else _listed(connection, ids)
    result: sa.ColumnElement[bool]
    if listed.few is not None:
        result = column.in_(listed.few)
    elif listed.postgres:
        # Of no type: the server reads it as the column's array once (a cast in the statement
        # could be made again for every row).
        result = column == sa.any_(
            sa.bindparam("ids", listed.text, type_=sa.types.NullType(), unique=True)
        )
    else:
        values: sa.Select[Any] = sa.select(sa.literal_column("value")).select_from(
            sa.func.json_each(sa.bindparam("ids", listed.text, type_=sa.String, unique=True))
        )
        result = column.in_(values)
    return result


def _chunks(ids: Sequence[uuid.UUID], size: int = CHUNK) -> Iterator[Ids]:
    for at in range(0, len(ids), size):
        yield ids[at : at + size]


def refresh(
    connection: sa.Connection, case_ids: Iterable[uuid.UUID], *, chunk: int = CHUNK
) -> None:
    """The statistics rows of these cases, recomputed from the case file, `chunk` cases at a
    time (the month sums moved once, at the end)."""
    ids = list(dict.fromkeys(case_ids))
    refresh_parts(connection, _chunks(ids, chunk))


def refresh_parts(connection: sa.Connection, parts: Iterable[Ids]) -> int:
    """The statistics rows of the cases of each part (distinct cases: UUIDs or their hex
    digits), a part at a time: its rows and its people's move counts written with it, the
    month sums gathered over the parts and moved once at the end (the centre's import hands
    its cases over thousands at a time), or sooner if they grow past SUMS_HELD (their number
    follows months × places × pathways × values, not the cases: 48,000 for 20,000 cases of a
    station, 79,000 for 100,000). Returns how many cases were found."""
    sums = Sums()
    found = 0
    for part in parts:
        found += _refresh(connection, part, sums)
        if sums.held() > SUMS_HELD:
            sums.apply(connection)
    sums.apply(connection)
    return found


def rebuild(connection: sa.Connection, *, keys: bool = True) -> int:
    """Every case's rows recomputed (the tables emptied first); returns how many cases.
    `keys=False` leaves the key sums out: for a migration run before the one that adds them."""
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
    sums = Sums(keys=keys)
    for chunk in _chunks(ids):
        _refresh(connection, chunk, sums, fresh=True)
    sums.apply(connection)
    _repeats(connection, None)
    return len(ids)


class _CaseRead(NamedTuple):
    """A case as `rows_for` reads it; its facts (JSON text) decoded only when asked for: only
    an approved case's are."""

    id: uuid.UUID
    application_date: date
    station_code: str
    district: str
    pathway_id: str
    status: str
    clock_used: int
    clock_limit: int
    due_on: date | None
    applicant_id: uuid.UUID
    facts_text: str | None
    key: Any  # the id as the driver gives it (hex text on SQLite): what its rows are found by

    @property
    def facts(self) -> Any:
        return None if self.facts_text is None else orjson.loads(self.facts_text)


class _DecisionRead:
    """A decision as `rows_for` reads it; its recorded outcome (JSON text) decoded when first
    asked for: only the verdict a decided case rests on is."""

    __slots__ = ("_outcome", "_text", "decided_at", "kind")

    def __init__(self, kind: str, decided_at: Any, text: str | None):
        self.kind, self.decided_at = kind, decided_at
        self._text: str | None = text
        self._outcome: Any = None

    @property
    def outcome(self) -> Any:
        if self._text is not None:
            self._outcome, self._text = orjson.loads(self._text), None
        return self._outcome


class _PersonRead(NamedTuple):
    id: uuid.UUID
    id_number: str
    sex: str | None
    birth_date: date
    education: str | None


def _raw(column: Any) -> Any:
    """A column read as the driver gives it (a UUID as hex text on SQLite, as the driver's
    UUID on PostgreSQL): the same for every column of ids in one database."""
    return sa.type_coerce(column, sa.String)


def _fetched(connection: sa.Connection, query: sa.Select[*tuple[Any, ...]]) -> list[list[Any]]:
    """A query's rows as lists, each value through its column's own conversion (a UUID from
    its hex digits, a moment made aware …): SQLAlchemy's rows and their processing cost more
    than the query itself on the thousands of rows of an import's pass."""
    dialect = connection.dialect
    result = connection.execute(query)
    try:
        cursor: Any = result.cursor
        convert = [
            (at, to)
            for at, (column, described) in enumerate(
                zip(query.selected_columns, cursor.description, strict=True)
            )
            if (to := column.type.dialect_impl(dialect).result_processor(dialect, described[1]))
            is not None
        ]
        rows = [list(row) for row in cursor.fetchall()]
    finally:
        result.close()
    for row in rows:
        for at, to in convert:
            row[at] = to(row[at])
    return rows


def _refresh(
    connection: sa.Connection,
    part: Ids,
    sums: Sums,
    *,
    fresh: bool = False,
) -> int:
    """The rows of these cases written anew (`fresh`: none held yet), their changes to the
    month sums added to `sums` (moved by the caller), their people's move counts written."""
    ids = _listed(connection, part)  # one parameter for the pass's statements
    touched = set() if fresh else _take_back(connection, ids, sums)
    cases = _cases_read(connection, ids)
    if not cases:
        sums.apply_movers(connection)
        if touched:
            _repeats(connection, touched)
        return 0
    decisions = _decisions_read(connection, ids)
    relatives = _relatives_read(connection, ids)
    wanted = {case.applicant_id for case in cases} | {
        person for people in relatives.values() for person in people
    }
    persons = _persons_read(connection, list(wanted))
    case_rows, person_rows, refusal_rows = [], [], []
    for case in cases:
        made = rows_for(case, decisions[case.key], relatives[case.key], persons)
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
    if refusal_rows:
        insert_many(connection, _REFUSAL, refusal_rows)
    # The move counts now (a repeat is read from them), the month sums by the caller.
    sums.apply_movers(connection)
    if not fresh:
        touched.update(row["person_id"] for row in person_rows)
        _repeats(connection, touched)
    return len(cases)


def _take_back(connection: sa.Connection, ids: _Listed, sums: Sums) -> set[uuid.UUID]:
    """The rows held of these cases taken out of the sums and deleted; returns the people
    they counted as moved. Only cases already counted have rows (looked up by the unique
    index: a table's other indexes may not be trusted by a planner without statistics yet)."""
    existing = [
        row[0]
        for row in connection.execute(
            sa.select(_CASE.c.case_id).where(_among(connection, _CASE.c.case_id, ids))
        )
    ]
    touched: set[uuid.UUID] = set()
    if not existing:
        return touched
    for row in connection.execute(
        sa.select(_CASE.c.case_id, *(_CASE.c[k] for k in CASE_KEYS)).where(
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
    return touched


def _cases_read(connection: sa.Connection, ids: _Listed) -> list[_CaseRead]:
    return [
        _CaseRead._make(row)
        for row in _fetched(
            connection,
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
                col(Case.applicant_id),
                sa.cast(col(Case.facts), sa.Text),  # decoded when asked for
                _raw(col(Case.id)),
            ).where(_among(connection, col(Case.id), ids)),
        )
    ]


def _decisions_read(connection: sa.Connection, ids: _Listed) -> dict[Any, list[_DecisionRead]]:
    """Each case's decisions in the order recorded, grouped by the case's id as the driver
    gives it (no UUID made for each row): sorted here, where the database would sort the
    outcomes' text with them (on disk, past its working memory)."""
    recorded: dict[Any, list[tuple[Any, Any, _DecisionRead]]] = defaultdict(list)
    for case_id, decision_id, kind, decided_at, outcome in _fetched(
        connection,
        sa.select(
            _raw(col(Decision.case_id)),
            _raw(col(Decision.id)),
            col(Decision.kind),
            col(Decision.decided_at),
            sa.cast(col(Decision.outcome), sa.Text),  # decoded when asked for
        ).where(_among(connection, col(Decision.case_id), ids)),
    ):
        recorded[case_id].append(
            (decided_at, decision_id, _DecisionRead(kind, decided_at, outcome))
        )
    decisions: dict[Any, list[_DecisionRead]] = defaultdict(list)
    for case_id, found in recorded.items():
        found.sort(key=itemgetter(0, 1))  # when, then the id (as the database orders them)
        decisions[case_id] = [decision for _moment, _id, decision in found]
    return decisions


def _relatives_read(connection: sa.Connection, ids: _Listed) -> dict[Any, list[uuid.UUID]]:
    relatives: dict[Any, list[uuid.UUID]] = defaultdict(list)
    for case_id, person_id in _fetched(
        connection,
        sa.select(_raw(col(CaseRole.case_id)), col(CaseRole.person_id)).where(
            _among(connection, col(CaseRole.case_id), ids),
            col(CaseRole.role) == PartyRole.RELATIVE.value,
        ),
    ):
        relatives[case_id].append(person_id)
    return relatives


def _persons_read(connection: sa.Connection, wanted: list[uuid.UUID]) -> dict[Any, _PersonRead]:
    return {
        row[0]: _PersonRead._make(row)
        for row in _fetched(
            connection,
            sa.select(
                col(Person.id),
                col(Person.id_number),
                col(Person.sex),
                col(Person.birth_date),
                col(Person.education),
            ).where(_among(connection, col(Person.id), wanted)),
        )
    }


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
    made = Made(case=_case_row(case, result, decided), people=[], refusals=[])
    if decided is None or last is None:
        return made
    where = {
        "case_id": case.id,
        "station_code": case.station_code,
        "district": case.district,
        "pathway_id": case.pathway_id,
    }
    judged = rests_on(list(decisions), last)
    if result is Outcome.REFUSED:
        # The criteria the refusal rests on: those the supervisor marked, else (a refusal of
        # an older release) those the engine found unmet.
        failed = (judged.ground_clauses() if judged is not None else []) or [("", "")]
        for criterion, clause in dict.fromkeys(failed):
            made.refusals.append(
                {"decided": decided, "criterion_id": criterion, "clause": clause, **where}
            )
        return made
    told = judged.companion_statuses() if judged is not None else {}
    for role, person_id, said in _movers(case, relatives, persons, told):
        person = persons.get(person_id)
        if person is not None:
            made.people.append(_person_row(role, person_id, person, said, decided, where))
    return made


def _case_row(case: Any, result: Outcome, decided: date | None) -> dict[str, Any]:
    return {
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
    }


def _movers(
    case: Any,
    relatives: Sequence[uuid.UUID],
    persons: dict[uuid.UUID, Any],
    told: dict[int, CompanionStatus],
) -> list[tuple[str, Any, dict[str, Any]]]:
    """Who moved with an approval: the applicant, and each relative the decision let come
    along, with what the facts say of them (role, person id, facts)."""
    facts = case.facts or {}
    movers = [("applicant", case.applicant_id, facts.get("applicant") or {})]
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
        if index is not None and told.get(index) is CompanionStatus.NOT_ALLOWED:
            continue  # the decision did not let this relative come along
        movers.append(("relative", person_id, listed[index] if index is not None else {}))
    return movers


def _person_row(
    role: str,
    person_id: Any,
    person: Any,
    said: dict[str, Any],
    decided: date,
    where: dict[str, Any],
) -> dict[str, Any]:
    origin = said.get("hukou_region") or person.id_number[:6]
    return {
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
    """Changes to the monthly sums (counts and key sums), collected while rows go and come,
    applied at once."""

    def __init__(self, *, keys: bool = True) -> None:
        self.with_keys = keys
        # A sum's change by its cell: [count, sum of the record keys].
        self.cells: dict[str, dict[tuple[Any, ...], list[int]]] = {
            "cases": {},
            "decided": {},
            "people": {},
        }
        self.movers: dict[uuid.UUID, int] = {}

    def case(self, row: dict[str, Any], sign: int) -> None:
        key = statistics.record_key(row["case_id"]) * sign
        where = (row["station_code"], row["district"], row["pathway_id"])
        _moved(self.cells["cases"], (row["received_month"], *where, row["outcome"]), sign, key)
        if row["decided_month"] is not None:
            decided = (row["decided_month"], *where, row["clock_used"], row["clock_limit"])
            _moved(self.cells["decided"], decided, sign, key)

    def person(self, row: dict[str, Any], sign: int) -> None:
        person_id = row["person_id"]
        self.movers[person_id] = self.movers.get(person_id, 0) + sign
        key = statistics.record_key(person_id) * sign
        where = (row["moved_month"], row["station_code"], row["district"], row["pathway_id"])
        cells = self.cells["people"]
        for name, value in attributes(row):
            _moved(cells, (*where, name, value), sign, key)

    def changes(
        self, *, sums: bool = True, movers: bool = True
    ) -> Iterator[tuple[sa.Table, str, list[str], list[tuple[Any, ...]]]]:
        """The changes as rows of each table (its columns, the rows' values), the sums' and the
        move counts' (a sum whose change came back to nothing left out)."""
        names = ["month", "station_code", "district", "pathway_id"]
        for table, count, extra, cells in (
            (_CASE_MONTH, "cases", ["outcome"], self.cells["cases"]),
            (_DECIDED_MONTH, "cases", ["clock_used", "clock_limit"], self.cells["decided"]),
            (_PERSON_MONTH, "moves", ["dimension", "value"], self.cells["people"]),
        ):
            if not sums:
                break
            if self.with_keys:
                changed = [(*at, n, keys) for at, (n, keys) in cells.items() if n or keys]
                columns = [*names, *extra, count, "keys"]
            else:
                changed = [(*at, n) for at, (n, _keys) in cells.items() if n]
                columns = [*names, *extra, count]
            if changed:
                yield table, count, columns, changed
        moved = [(person, n) for person, n in self.movers.items() if n]
        if movers and moved:
            yield _MOVER, "moves", ["person_id", "moves"], moved

    def held(self) -> int:
        """How many sums' changes are held."""
        return sum(len(cells) for cells in self.cells.values())

    def rows(self) -> Iterator[tuple[sa.Table, str, list[dict[str, Any]]]]:
        """The changes as rows of each table, by column name."""
        for table, count, columns, changed in self.changes():
            yield table, count, [dict(zip(columns, row, strict=True)) for row in changed]

    def apply(self, connection: sa.Connection) -> None:
        """Each sum moved by its change (a new sum inserted); the changes then forgotten."""
        self._apply(connection, self.changes())
        for cells in self.cells.values():
            cells.clear()
        self.movers.clear()

    def apply_movers(self, connection: sa.Connection) -> None:
        """Only the people's move counts moved (and forgotten): they are per person, and a
        repeat is read from them."""
        self._apply(connection, self.changes(sums=False))
        self.movers.clear()

    @staticmethod
    def _apply(
        connection: sa.Connection,
        changes: Iterator[tuple[sa.Table, str, list[str], list[tuple[Any, ...]]]],
    ) -> None:
        for table, count, columns, changed in changes:
            keys = [c.name for c in table.primary_key.columns]
            if connection.dialect.name == "postgresql":
                _upsert_copied(connection, table, keys, count, columns, changed)
                continue
            # Only the columns given (a migration before 0011 writes no key sums, and the
            # model's defaults must not add the column for it), through the driver.
            connection.exec_driver_sql(
                f"{_insert_sql(table, columns)} "
                f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {_moved_by(table, count, columns)}",
                _converted(connection, table, columns, changed),
            )


def _moved_by(table: sa.Table, count: str, columns: Sequence[str]) -> str:
    """An upsert's SET: each sum given (the count, and the key sum where written) moved by the
    change."""
    return ", ".join(
        f'"{name}" = "{table.name}"."{name}" + excluded."{name}"'
        for name in (count, "keys")
        if name in columns
    )


def _moved(cells: dict[tuple[Any, ...], list[int]], at: tuple[Any, ...], n: int, key: int) -> None:
    cell = cells.get(at)
    if cell is None:
        cells[at] = [n, key]
    else:
        cell[0] += n
        cell[1] += key


def _copy(
    connection: sa.Connection, table: str, columns: list[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Rows into a PostgreSQL table by `COPY` (row-by-row `executemany` was most of the
    centre's import time), in the connection's transaction."""
    raw: Any = connection.connection.driver_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def insert_many(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """New rows: `COPY` on PostgreSQL, the driver's `executemany` on SQLite."""
    columns = list(rows[0])
    # (an itemgetter of one name gives the value, not a tuple)
    taken = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    values: Iterable[tuple[Any, ...]] = map(taken, rows)
    if connection.dialect.name == "postgresql":
        _copy(connection, table.name, columns, values)
        return
    connection.exec_driver_sql(
        _insert_sql(table, columns), _converted(connection, table, columns, values)
    )


def _insert_sql(table: sa.Table, columns: list[str]) -> str:
    names = ", ".join(f'"{name}"' for name in columns)
    return f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" for _ in columns)})'


def _converted(
    connection: sa.Connection,
    table: sa.Table,
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
) -> list[tuple[Any, ...]]:
    """The rows' values for the driver, each through its column's own conversion where it has
    one (a UUID as its hex digits, a date as its ISO text): SQLAlchemy's per-row parameter
    handling cost more than the insert itself (the centre's import writes thousands a pass)."""
    dialect = connection.dialect
    convert = [
        (at, to)
        for at, name in enumerate(columns)
        if (to := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    if not convert:
        return list(rows)
    values = []
    for row in rows:
        value = list(row)
        for at, to in convert:
            if value[at] is not None:
                value[at] = to(value[at])
        values.append(tuple(value))
    return values


def _upsert_copied(
    connection: sa.Connection,
    table: sa.Table,
    keys: list[str],
    count: str,
    columns: list[str],
    changed: list[tuple[Any, ...]],
) -> None:
    """Sums moved on PostgreSQL: the changes copied into a scratch table, then one upsert."""
    scratch = f"scratch_{table.name}"
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {scratch} "
        f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
    )
    connection.exec_driver_sql(f"TRUNCATE {scratch}")
    _copy(connection, scratch, columns, changed)
    listed = ", ".join(columns)
    summed = _moved_by(table, count, columns)
    connection.exec_driver_sql(
        # In the key's order: imports side by side moving the same sums take their rows in
        # the same order (no deadlock), and the index is filled in its order.
        f"INSERT INTO {table.name} ({listed}) SELECT {listed} FROM {scratch} "
        f"ORDER BY {', '.join(keys)} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {summed}"
    )


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


def _monthly(table: sa.Table, filters: Filters) -> list[sa.ColumnElement[bool]]:
    """A whole-month period's condition on a table of monthly sums (and the filters)."""
    months = table.c.month.between(month_key(filters.start), month_key(filters.end))
    return _narrowed(table, months, filters)


OUTCOMES = (Outcome.APPROVED, Outcome.REFUSED, Outcome.WITHDRAWN, Outcome.OPEN)
PERSON_DIMENSIONS = {
    "province": sa.func.substr(_PERSON.c.origin, 1, 2),
    "city": sa.func.substr(_PERSON.c.origin, 1, 4),
    "district": _PERSON.c.district,
    "age_band": _PERSON.c.age_band,
    "sex": _PERSON.c.sex,
    "education": _PERSON.c.education,
}
Atoms = dict[tuple[Any, ...], tuple[int, int]]  # a base cell → (records, sum of their keys)


def _add(atoms: Atoms, at: tuple[Any, ...], count: int, keys: int) -> None:
    had = atoms.get(at, (0, 0))
    atoms[at] = (had[0] + count, had[1] + keys)


def case_atoms(connection: sa.Connection, filters: Filters) -> Atoms:
    """Cases received in the period's whole months, as base cells (month, station, district,
    pathway, outcome), from the monthly sums."""
    m = _CASE_MONTH.c
    query = (
        sa.select(
            m.month,
            m.station_code,
            m.district,
            m.pathway_id,
            m.outcome,
            sa.func.sum(m.cases),
            sa.func.sum(m["keys"]),
        )
        .where(*_monthly(_CASE_MONTH, filters))
        .group_by(m.month, m.station_code, m.district, m.pathway_id, m.outcome)
    )
    return {
        tuple(row[:5]): (int(row[5]), int(row[6])) for row in connection.execute(query) if row[5]
    }


# A person table's base cell: (month, station, district, pathway, value), its value from the
# monthly sums of this attribute (district: the "sex" sums, one for every move).
PERSON_SUMS = {
    "province": "city",
    "city": "city",
    "district": "sex",
    "age_band": "age_band",
    "sex": "sex",
    "education": "education",
}


def _person_value(dimension: str, value: str, district: str) -> str:
    if dimension == "province":
        return value[:2]
    if dimension == "district":
        return district
    return value


def people_atoms(connection: sa.Connection, dimension: str, filters: Filters) -> Atoms:
    """People moved in the period's whole months as base cells (month, station, district,
    pathway, the attribute's value), each person once: the moves summed by month, then the
    earlier moves of the few people who moved more than once in the period taken out of their
    cells (count and key both)."""
    m = _PERSON_MONTH.c
    atoms: Atoms = {}
    for month, station, district, pathway, value, n, keys in connection.execute(
        sa.select(
            m.month,
            m.station_code,
            m.district,
            m.pathway_id,
            m.value,
            sa.func.sum(m.moves),
            sa.func.sum(m["keys"]),
        )
        .where(m.dimension == PERSON_SUMS[dimension], *_monthly(_PERSON_MONTH, filters))
        .group_by(m.month, m.station_code, m.district, m.pathway_id, m.value)
    ):
        at = (month, station, district, pathway, _person_value(dimension, value, district))
        _add(atoms, at, int(n or 0), int(keys or 0))
    p = _PERSON.c
    column = PERSON_DIMENSIONS[dimension]
    repeated = connection.execute(
        sa.select(p.person_id, p.moved_month, p.station_code, p.district, p.pathway_id, column)
        .where(
            *_scoped(_PERSON, "moved", filters),
            p.person_id.in_(sa.select(_REPEAT.c.person_id)),
        )
        .order_by(p.person_id, p.moved, p.case_id)
    ).all()
    by_person: dict[uuid.UUID, list[tuple[Any, ...]]] = defaultdict(list)
    for person, month, station, district, pathway, value in repeated:
        by_person[person].append((month, station, district, pathway, str(value)))
    for person, moves in by_person.items():
        for earlier in moves[:-1]:  # the latest move stands
            _add(atoms, earlier, -1, -statistics.record_key(person))
    return {at: found for at, found in atoms.items() if found[0]}


def refusal_atoms(connection: sa.Connection, filters: Filters) -> Atoms:
    """Failed criteria of the cases refused in the period, as base cells (month, station,
    district, pathway, criterion, clause)."""
    r = _REFUSAL.c
    atoms: Atoms = {}
    for decided, case_id, station, district, pathway, criterion, clause in connection.execute(
        sa.select(
            r.decided, r.case_id, r.station_code, r.district, r.pathway_id, r.criterion_id, r.clause
        ).where(*_scoped(_REFUSAL, "decided", filters))
    ):
        at = (month_key(decided), station, district, pathway, criterion, clause)
        _add(atoms, at, 1, statistics.record_key(case_id))
    return atoms


def decided_atoms(connection: sa.Connection, filters: Filters) -> Atoms:
    """Cases decided in the period's whole months, as base cells (month, station, district,
    pathway, working days used, limit); published by (…, over the limit or not)."""
    m = _DECIDED_MONTH.c
    query = (
        sa.select(
            m.month,
            m.station_code,
            m.district,
            m.pathway_id,
            m.clock_used,
            m.clock_limit,
            sa.func.sum(m.cases),
            sa.func.sum(m["keys"]),
        )
        .where(*_monthly(_DECIDED_MONTH, filters))
        .group_by(m.month, m.station_code, m.district, m.pathway_id, m.clock_used, m.clock_limit)
    )
    return {
        tuple(row[:6]): (int(row[6]), int(row[7])) for row in connection.execute(query) if row[6]
    }


def _key_sum(connection: sa.Connection, column: Any) -> Any:
    """The sum of the record keys (domain.statistics.record_key: an id's last four hex digits)
    of a group's rows, in SQL: a group's cell key without fetching its rows."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import BIT

        digits = sa.func.right(sa.func.replace(sa.cast(column, sa.Text), "-", ""), 4)
        return sa.func.sum(sa.cast(sa.cast(sa.func.concat("x", digits), BIT(16)), sa.Integer))
    # SQLite keeps a UUID as 32 hex digits.
    value = sa.type_coerce(column, sa.String)
    key = sum(
        (sa.func.instr("0123456789abcdef", sa.func.substr(value, 28 + i, 1)) - 1) * 16 ** (4 - i)
        for i in range(1, 5)
    )
    return sa.func.sum(key)


def open_atoms(connection: sa.Connection, filters: Filters, today: date) -> Atoms:
    """Cases received in the period and still open `today`, as base cells (month, station,
    district, pathway, OPEN_AGE_BANDS index, overdue or not)."""
    c = _CASE.c
    atoms: Atoms = {}
    overdue = sa.and_(c.status.in_([s.value for s in CLOCK_RUNS]), c.due_on < today)
    for received, station, district, pathway, late, n, keys in connection.execute(
        sa.select(
            c.received,
            c.station_code,
            c.district,
            c.pathway_id,
            overdue,
            sa.func.count(),
            _key_sum(connection, c.case_id),
        )
        .where(c.outcome == Outcome.OPEN.value, *_scoped(_CASE, "received", filters))
        .group_by(c.received, c.station_code, c.district, c.pathway_id, overdue)
    ):
        band = open_age_band((today - received).days)
        at = (month_key(received), station, district, pathway, band, bool(late))
        _add(atoms, at, int(n), int(keys))
    return atoms


def overdue_atoms(connection: sa.Connection, filters: Filters, today: date) -> Atoms:
    """Open cases past their statutory date whatever day they were received (the period's
    pathway, district and station still apply), as base cells (month received, station,
    district, pathway): what 'overdue' means at the counter."""
    c = _CASE.c
    where = (c.received_month, c.station_code, c.district, c.pathway_id)
    query = (
        sa.select(*where, sa.func.count(), _key_sum(connection, c.case_id))
        .where(
            c.outcome == Outcome.OPEN.value,
            *_narrowed(_CASE, sa.true(), filters),
            c.status.in_([s.value for s in CLOCK_RUNS]),
            c.due_on < today,
        )
        .group_by(*where)
    )
    return {tuple(row[:4]): (int(row[4]), int(row[5])) for row in connection.execute(query)}


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
