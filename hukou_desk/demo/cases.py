"""Realistic demo and load data: complete cases for every pathway and status, deterministic.

Each case has an applicant with a valid identity number (Jiangmen and other prefixes), a
Chinese name drawn by surname frequency, the pathway's sponsor and relatives where it has them,
one document check per required document, the decisions its status implies, its audit events
(chained) and outbox rows. Written in batches straight through the DB-API (`executemany`), one
transaction per batch, into the same tables the repository uses: a million cases in minutes.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from functools import lru_cache
from queue import Empty
from types import SimpleNamespace
from typing import Any

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.checks import CheckState
from hukou_desk.domain.facts import document_key
from hukou_desk.domain.identity import check_character
from hukou_desk.domain.lifecycle import (
    CLOCK_RUNS,
    CaseStatus,
    Clock,
    DecisionKind,
    Role,
)
from hukou_desk.domain.parties import PartyRole
from hukou_desk.domain.policy import Party, Pathway, PathwayKind, Policy
from hukou_desk.domain.regions import region_name
from hukou_desk.domain.time_limits import Limit
from hukou_desk.storage import audit, cases, counters, driver, ledger, registry, stats
from hukou_desk.storage.database import Database
from hukou_desk.storage.search import name_tokens

DEMO_STATION = {
    "code": "440703001",
    "name": "江门市公安局蓬江分局白沙派出所",
    "district": "440703",
    "phone": "0750-3502110",
    "address": "江门市蓬江区白沙大道西1号",
}
DEMO_USERS = (
    ("admin", "系统管理员", Role.ADMIN),
    ("liwen", "李文", Role.CLERK),
    ("huangmin", "黄敏", Role.CLERK),
    ("zhaojie", "赵杰", Role.CLERK),
    ("chenfang", "陈芳", Role.SUPERVISOR),
    ("wuqiang", "吴强", Role.SUPERVISOR),
)

# Surnames roughly by frequency in Guangdong (weights), then given-name characters.
_SURNAMES = (
    "陈" * 12
    + "李" * 9
    + "黄" * 8
    + "张" * 7
    + "梁" * 6
    + "林" * 6
    + "刘" * 5
    + "吴" * 5
    + "何" * 4
    + "王" * 4
    + "罗" * 3
    + "郑" * 3
    + "冯" * 3
    + "谭" * 3
    + "余" * 3
    + "杨" * 3
    + "周" * 2
    + "朱" * 2
    + "许" * 2
    + "邓" * 2
    + "曾" * 2
    + "叶" * 2
    + "苏" * 2
    + "钟" * 2
    + "关赵区甄司徒欧阳单覃麦卢蔡胡谢潘伍甘容阮"
)
_COMPOUND = ("司徒", "欧阳", "上官")
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬辉鹏健俊帆文斌宇浩"
    "凯嘉颖欣怡梓轩子涵婷雪琳晓东志国建锦荣炜珊珺堃昇淑慧宏达永坚家乐思雅诗咏"
)
_JIANGMEN = ("440703", "440704", "440705", "440781", "440783", "440784", "440785")
_COUNTIES = ("新会区", "蓬江区", "江海区", "台山市", "开平市", "鹤山市", "恩平市")
_ELSEWHERE = (
    "440106",
    "440305",
    "440604",
    "445102",
    "441302",
    "440882",
    "450102",
    "450521",
    "430102",
    "431002",
    "360102",
    "362101",
    "510104",
    "522601",
    "350102",
    "420102",
)
# (weight, status) for a case received long enough ago; recent ones are still open.
_STATUS_MIX = (
    (5, CaseStatus.DRAFT),
    (5, CaseStatus.NEEDS_DOCUMENTS),
    (7, CaseStatus.SUBMITTED),
    (7, CaseStatus.RECOMMENDED),
    (40, CaseStatus.APPROVED),
    (8, CaseStatus.REFUSED),
    (3, CaseStatus.WITHDRAWN),
    (25, CaseStatus.CLOSED),
)
_SPONSOR_CODES = {
    "spouse": ("10",),
    "child": ("20", "30"),
    "parent": ("51", "52"),
    "collateral": ("71", "73", "75", "77", "81"),
}


@dataclass
class Report:
    cases: int = 0
    persons: int = 0
    document_checks: int = 0
    decisions: int = 0
    audit_events: int = 0
    seconds: float = 0.0
    per_status: dict[str, int] = field(default_factory=dict)

    def merge(self, other: Report) -> None:
        self.cases += other.cases
        self.persons += other.persons
        self.document_checks += other.document_checks
        self.decisions += other.decisions
        self.audit_events += other.audit_events
        for status, n in other.per_status.items():
            self.per_status[status] = self.per_status.get(status, 0) + n


class _Ids:
    """Deterministic UUID version 7 from the generator's random stream and a timestamp."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def at(self, when: datetime) -> uuid.UUID:
        millis = int(when.timestamp() * 1000) & 0xFFFF_FFFF_FFFF
        value = millis << 80 | self.rng.getrandbits(80)
        value = value & ~(0xF << 76) | 0x7 << 76
        value = value & ~(0x3 << 62) | 0x2 << 62
        return uuid.UUID(int=value)


def _stamp(value: datetime) -> str:
    """How SQLAlchemy stores a UTC datetime on SQLite (naive, microseconds)."""
    return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"


@dataclass(frozen=True, eq=False)  # hashed by identity: one per pathway
class _PathwayPlan:
    pathway: Pathway
    sponsor: tuple[str, ...]  # GB/T 4761 codes the sponsor may have; () = no sponsor
    relatives: bool
    documents: tuple[tuple[str, str], ...]  # (document, whose)
    criteria: tuple[tuple[str, str, dict[str, str]], ...]  # (id, clause, text)


def _plans(policy: Policy) -> list[_PathwayPlan]:
    plans = []
    for pathway in policy.pathways:
        if pathway.kind not in (PathwayKind.MOVE, PathwayKind.DUTY):
            continue
        sponsor: tuple[str, ...] = ()
        for criterion in pathway.criteria:
            if criterion.rule == "sponsor_is":
                relations = criterion.args.get("relations", ())
                assert isinstance(relations, tuple | list)
                sponsor = tuple(c for r in relations for c in _SPONSOR_CODES.get(str(r), ()))
        principles = policy.principles
        requirements = [r for p in (*principles, pathway) for r in p.documents if r.when is None]
        documents = tuple(
            dict.fromkeys(
                (r.id, r.of.value)
                for r in requirements
                if r.of is Party.APPLICANT
                or (r.of is Party.SPONSOR and sponsor)
                or r.of is Party.RELATIVES
            )
        )
        criteria = tuple(
            (c.id, c.clause, {"zh": c.text.zh, "en": c.text.en})
            for p in (*principles, pathway)
            for c in p.criteria
        )
        plans.append(_PathwayPlan(pathway, sponsor, bool(pathway.companions), documents, criteria))
    return plans


class _Generator:
    def __init__(self, seed: int, policy: Policy, calendar: WorkCalendar, today: date) -> None:
        self.rng = random.Random(seed)
        self.ids = _Ids(self.rng)
        self.calendar = calendar
        self.today = today
        self.plans = _plans(policy)
        self.limits = policy.plan.time_limits
        self.statuses = [s for w, s in _STATUS_MIX for _ in range(w)]
        self.used_numbers: set[str] = set()

    def name(self) -> str:
        rng = self.rng
        surname = rng.choice(_COMPOUND) if rng.random() < 0.01 else rng.choice(_SURNAMES)
        given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.8 else "")
        return surname + given

    def identity(self, born: date, local: bool) -> tuple[str, str]:
        rng = self.rng
        region = rng.choice(_JIANGMEN if local else _ELSEWHERE)
        while True:
            seq = rng.randrange(1000)
            first17 = f"{region}{born:%Y%m%d}{seq:03d}"
            if first17 not in self.used_numbers:
                self.used_numbers.add(first17)
                return first17 + check_character(first17), "1" if seq % 2 else "2"

    def person(
        self, row: list[Any], *, age: tuple[int, int], local: bool, on: date, at: datetime
    ) -> str:
        rng = self.rng
        born = on - timedelta(days=rng.randrange(age[0] * 365 + 1, age[1] * 365))
        number, sex = self.identity(born, local)
        pid = self.ids.at(at).hex
        name = self.name()
        row.append(
            (
                pid,
                number,
                name,
                "",
                sex,
                born.isoformat(),
                "01",
                rng.choice(("21", "31", "40", "41", "61", "71")),
                rng.choice(("10", "21", "21", "21", "22")),
                f"{'江门市' if local else ''}{rng.choice(_COUNTIES)}"
                f"{rng.choice(('会城', '白沙', '外海', '台城', '长沙', '沙坪', '恩城'))}街道"
                f"{rng.randrange(1, 300)}号",
                rng.choice(("白沙派出所", "会城派出所", "外海派出所", "台城派出所")),
                "",
                f"13{rng.randrange(10**9):09d}",
                _stamp(at),
                _stamp(at),
            )
        )
        return pid


_PERSON_SQL = (
    "INSERT INTO person (id, id_number, name, former_names, sex, birth_date, ethnicity, "
    "education, marital_status, hukou_address, hukou_office, current_address, phone, "
    "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_CASE_SQL = (
    "INSERT INTO case_file (id, serial, number, station_code, pathway_id, pathway_version, "
    "status, application_date, district, applicant_id, prepared_by, facts, clock_limit, "
    "clock_used, clock_running_since, due_on, revision, created_at, updated_at, counter) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_ROLE_SQL = "INSERT INTO case_role (id, case_id, person_id, role, relationship) VALUES (?,?,?,?,?)"
_CHECK_SQL = (
    "INSERT INTO document_check (id, case_id, document_id, party, state, answers, note, "
    "checked_by, checked_at) VALUES (?,?,?,?,?,?,?,?,?)"
)
_DECISION_SQL = (
    "INSERT INTO decision (id, case_id, kind, result, outcome, reasons, decided_by, decided_at) "
    "VALUES (?,?,?,?,?,?,?,?)"
)
_AUDIT_SQL = (
    "INSERT INTO audit_event (seq, at, actor, action, case_id, entity, entity_id, "
    "before_digest, after_digest, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)
_CHANGE_SQL = "INSERT INTO change (case_id, action, revision, at) VALUES (?,?,?,?)"
_SEARCH_SQL = "INSERT INTO case_search (rowid, names, initials) VALUES (?,?,?)"


def ensure_demo_station(database: Database) -> dict[str, tuple[uuid.UUID, Role]]:
    """The demo station and its staff (no passwords: the login screen sets them)."""
    with database.write() as session:
        from sqlmodel import select

        from hukou_desk.storage.models import Station, User

        if session.get(Station, 1) is None:
            cases.set_station(session, actor="demo-data", **DEMO_STATION)
        staff = {}
        for username, display, role in DEMO_USERS:
            user = session.exec(select(User).where(User.username == username)).first()
            if user is None:
                user = cases.add_user(
                    session, actor="demo-data", username=username, display_name=display, role=role
                )
            staff[username] = (user.id, Role(user.role))
    return staff


@dataclass(frozen=True)
class _Start:
    """Where the file stands before loading: everything the generator needs to continue it."""

    seed: int
    policy: Policy
    calendar: WorkCalendar
    today: date
    count: int
    batch: int
    code: str
    serial: int
    counters: dict[int, int]
    series: str  # this PC's series of case numbers: its counter's identity (storage.counters)
    used_numbers: frozenset[str]
    clerks: list[tuple[uuid.UUID, str]]
    deciders: list[tuple[uuid.UUID, str]]


def _batches(start: _Start) -> Iterator[_Rows]:
    """The rows of every batch, in order; the same seed and file give the same rows."""
    gen = _Generator(start.seed, start.policy, start.calendar, start.today)
    gen.used_numbers.update(start.used_numbers)
    counters = dict(start.counters)
    serial = start.serial
    first_day = date(2019, 1, 2)
    span = max((start.today - first_day).days, 1)
    done = 0
    while done < start.count:
        size = min(start.batch, start.count - done)
        rows = _Rows()
        for i in range(size):
            serial += 1
            received = first_day + timedelta(days=(done + i) * span // start.count)
            counters[received.year] = counters.get(received.year, 0) + 1
            number = f"{start.series}-{received.year}-{counters[received.year]:06d}"
            _one_case(
                gen,
                rows,
                rows.report,
                serial,
                number,
                start.code,
                received,
                start.clerks,
                start.deciders,
            )
        rows.counters = dict(counters)
        done += size
        yield rows


def _produce(start: _Start, queue: Any) -> None:
    """The producer process: generate batches while the parent writes the previous ones."""
    try:
        for rows in _batches(start):
            queue.put(rows)
        queue.put(None)
    except BaseException as exc:  # pragma: no cover - reported to the parent, which raises
        queue.put(exc)


def _from_worker(start: _Start) -> Iterator[_Rows]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue(maxsize=2)
    worker = context.Process(target=_produce, args=(start, queue), daemon=True)
    worker.start()
    try:
        while True:
            try:
                item = queue.get(timeout=1)
            except Empty:
                if worker.is_alive():
                    continue
                raise RuntimeError(f"demo data generator exited ({worker.exitcode})") from None
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
        worker.join()
    finally:
        if worker.is_alive():
            worker.terminate()
            worker.join()


def generate(
    database: Database,
    *,
    count: int,
    policy: Policy,
    calendar: WorkCalendar,
    today: date,
    seed: int = 2018,
    batch: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Add `count` complete cases, received between 2019 and `today`, to the database.

    Large loads generate in a second process while this one writes (two cores, twice the
    speed); the rows are the same either way.
    """
    started = time.perf_counter()
    staff = ensure_demo_station(database)
    raw = database.engine.raw_connection()
    connection: driver.Connection = raw.driver_connection
    report = Report()
    try:
        # A large page cache while loading: the indexes stay in memory between batches.
        connection.execute("PRAGMA cache_size=-1048576")
        connection.execute("BEGIN IMMEDIATE")
        code = connection.execute("SELECT code FROM station WHERE id = 1").fetchone()[0]
        counter = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (registry.COUNTER.key,)
        ).fetchone()
        counter = None if counter is None else str(counter[0])
        series = counters.identity(code, counter)
        existing = connection.execute("SELECT count(*) FROM case_file").fetchone()[0]
        start = _Start(
            # A file that already has cases gets new ones, not the same ones again.
            seed=seed if existing == 0 else seed * 1_000_003 + existing,
            policy=policy,
            calendar=calendar,
            today=today,
            count=count,
            batch=batch,
            code=code,
            series=series,
            serial=connection.execute("SELECT coalesce(max(serial), 0) FROM case_file").fetchone()[
                0
            ],
            counters=dict(
                connection.execute(
                    "SELECT year, last FROM case_number_counter WHERE station_code = ?", (series,)
                ).fetchall()
            ),
            used_numbers=frozenset(
                n[:17] for (n,) in connection.execute("SELECT id_number FROM person")
            ),
            clerks=[(uid, name) for name, (uid, role) in staff.items() if role is Role.CLERK],
            deciders=[
                (uid, name) for name, (uid, role) in staff.items() if role is Role.SUPERVISOR
            ],
        )
        head = connection.execute(
            "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).fetchone() or (0, audit.GENESIS)
        connection.execute("COMMIT")
        first_event = head[0] + 1
        source = _from_worker(start) if count > 2 * batch else _batches(start)
        for rows in source:
            head = _write(connection, series, counter, head, rows)
            report.merge(rows.report)
            if progress:
                progress(report.cases)
    finally:
        raw.close()
    with database.write() as session:  # the events written, under the station's seal
        database.seal(session, first_appended=first_event)
        ledger.take_in(session, actor="(demo)", why="demo data")
    report.seconds = time.perf_counter() - started
    return report


def _write(
    connection: driver.Connection,
    series: str,
    counter: str | None,
    head: tuple[int, str],
    rows: _Rows,
) -> tuple[int, str]:
    """One batch in one transaction, its audit events sealed onto the chain."""
    events = list(audit.chain(head, rows.events))
    if events:
        head = (events[-1].seq or 0, events[-1].hash)
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.executemany(_PERSON_SQL, rows.persons)
        connection.executemany(_CASE_SQL, [(*case, counter) for case in rows.cases])
        connection.executemany(_ROLE_SQL, rows.roles)
        connection.executemany(_CHECK_SQL, rows.checks)
        connection.executemany(_DECISION_SQL, rows.decisions)
        connection.executemany(_AUDIT_SQL, _audit_rows(events))
        connection.executemany(_CHANGE_SQL, rows.changes)
        connection.executemany(_SEARCH_SQL, rows.search)
        for sql, values in _stats_rows(rows):
            connection.executemany(sql, values)
        connection.executemany(
            "INSERT INTO case_number_counter (station_code, year, last) VALUES (?,?,?) "
            "ON CONFLICT (station_code, year) DO UPDATE SET last = excluded.last",
            [(series, year, last) for year, last in rows.counters.items()],
        )
        connection.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (registry.AUDIT_HEAD.key, registry.AUDIT_HEAD.show(head)),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return head


_STATS_COLUMNS = {
    "stats_case": (
        "received", "case_id", "received_month", "station_code", "district", "pathway_id",
        "status", "outcome", "decided", "decided_month", "clock_used", "clock_limit", "due_on",
    ),
    "stats_person": (
        "moved", "case_id", "person_id", "moved_month", "station_code", "district",
        "pathway_id", "role", "origin", "sex", "age_band", "education",
    ),
    "stats_refusal": (
        "decided", "case_id", "criterion_id", "clause", "station_code", "district", "pathway_id",
    ),
}  # fmt: skip


def _stored(value: Any) -> Any:
    """A value as SQLAlchemy stores it on SQLite (UUIDs as hex, dates as ISO text)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, date):
        return value.isoformat()
    return value


def _stats_rows(rows: _Rows) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """The batch's statistics rows, made by the same derivation the desk uses
    (`stats.rows_for`), from the rows about to be written."""
    persons = {
        uuid.UUID(p[0]): SimpleNamespace(
            id_number=p[1], sex=p[4], birth_date=date.fromisoformat(p[5]), education=p[7]
        )
        for p in rows.persons
    }
    decisions: dict[str, list[SimpleNamespace]] = {}
    for d in rows.decisions:
        decisions.setdefault(d[1], []).append(
            SimpleNamespace(
                kind=d[2],
                decided_at=datetime.fromisoformat(d[7]).replace(tzinfo=UTC),
                outcome=json.loads(d[4]),
            )
        )
    relatives: dict[str, list[uuid.UUID]] = {}
    for r in rows.roles:
        if r[3] == PartyRole.RELATIVE:
            relatives.setdefault(r[1], []).append(uuid.UUID(r[2]))
    made: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _STATS_COLUMNS}
    sums = stats.Sums()
    for c in rows.cases:
        case = SimpleNamespace(
            id=uuid.UUID(c[0]),
            application_date=date.fromisoformat(c[7]),
            station_code=c[3],
            district=c[8],
            pathway_id=c[4],
            status=c[6],
            clock_used=c[13],
            clock_limit=c[12],
            due_on=date.fromisoformat(c[15]) if c[15] else None,
            facts=json.loads(c[11]),
            applicant_id=uuid.UUID(c[9]),
        )
        found = stats.rows_for(case, decisions.get(c[0], []), relatives.get(c[0], []), persons)
        sums.case(found.case, 1)
        for moved in found.people:
            sums.person(moved, 1)
        for table, dicts in (
            ("stats_case", [found.case]),
            ("stats_person", found.people),
            ("stats_refusal", found.refusals),
        ):
            columns = _STATS_COLUMNS[table]
            made[table].extend(tuple(_stored(v[k]) for k in columns) for v in dicts)
    for table, tuples in made.items():
        columns = _STATS_COLUMNS[table]
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})"
        yield sql, tuples
    for cube, count, changed in sums.rows():
        columns = tuple(changed[0])
        keys = ", ".join(c.name for c in cube.primary_key.columns)
        # The count and the key sum both (a sum met in an earlier batch kept its key sum).
        summed = ", ".join(
            f"{name} = {name} + excluded.{name}" for name in (count, "keys") if name in columns
        )
        sql = (
            f"INSERT INTO {cube.name} ({', '.join(columns)}) "
            f"VALUES ({','.join('?' * len(columns))}) "
            f"ON CONFLICT ({keys}) DO UPDATE SET {summed}"
        )
        yield sql, [tuple(_stored(row[c]) for c in columns) for row in changed]


class _Rows:
    def __init__(self) -> None:
        self.persons: list[Any] = []
        self.cases: list[Any] = []
        self.roles: list[Any] = []
        self.checks: list[Any] = []
        self.decisions: list[Any] = []
        self.changes: list[Any] = []
        self.search: list[Any] = []
        self.events: list[audit.Draft] = []
        self.counters: dict[int, int] = {}
        self.report = Report()


def _audit_rows(events: list[audit.Draft]) -> Iterator[tuple[Any, ...]]:
    for e in events:
        yield (
            e.seq,
            _stamp(e.at),
            e.actor,
            e.action,
            e.case_id.hex if e.case_id else None,
            e.entity,
            e.entity_id,
            e.before_digest,
            e.after_digest,
            json.dumps(e.detail),
            e.prev_hash,
            e.hash,
        )


def _one_case(
    gen: _Generator,
    rows: _Rows,
    report: Report,
    serial: int,
    number: str,
    code: str,
    received: date,
    clerks: list[tuple[uuid.UUID, str]],
    deciders: list[tuple[uuid.UUID, str]],
) -> None:
    rng = gen.rng
    plan = rng.choice(gen.plans)
    status = _status(gen, received)
    at = datetime.combine(received, clock_time(9, rng.randrange(0, 60)), UTC) + timedelta(
        minutes=rng.randrange(0, 420)
    )
    case_id = gen.ids.at(at)
    created = _stamp(at)
    local = plan.pathway.id.startswith("intra_city") or rng.random() < 0.25
    applicant_id = gen.person(rows.persons, age=(18, 62), local=local, on=received, at=at)
    applicant_row = rows.persons[-1]
    report.persons += 1
    clerk_id, _clerk_name = rng.choice(clerks)
    # The destination lies in the station's own district (its code's first six digits), at
    # an address with its street, number and 居委会, as a real intake records it.
    district, address = _destination(rng, code)
    facts: dict[str, Any] = {
        "application_date": received.isoformat(),
        "requested_pathway": plan.pathway.id,
        "applicant": {"id_number": applicant_row[1], "name": applicant_row[2]},
        "destination": {"district": district, "address": address},
    }
    _people(gen, rows, report, plan, case_id, facts, local=local, received=received, at=at)
    documents = _checks(gen, rows, report, plan, case_id, facts, status, clerk_id, at)
    facts["documents"] = documents
    # The statutory clock, as the lifecycle would have left it.
    limit = gen.limits.days(Limit.INVESTIGATION, received)  # in force on the day received
    clock = Clock(limit)
    due = None
    if status in CLOCK_RUNS:
        clock = clock.start(received)
        due = clock.due(gen.calendar)
    elif status in (CaseStatus.APPROVED, CaseStatus.REFUSED, CaseStatus.CLOSED):
        clock = Clock(limit, used=rng.randrange(3, 18))
    decided_at = at + timedelta(days=rng.randrange(1, 20))
    _decisions(
        gen, rows, report, plan, case_id, status, received, clerk_id, deciders, at, decided_at
    )
    # Loaded, not lived: one event and one outbox row create the case in its state.
    revision = 1
    rows.events.append(
        audit.Draft(
            at=at,
            actor="demo-data",
            action="case.create",
            case_id=case_id,
            entity="case",
            entity_id=str(case_id),
            after_digest=audit.digest([number, status.value, plan.pathway.id]),
            detail={"pathway": plan.pathway.id, "status": status.value, "demo": True},
        )
    )
    rows.changes.append((case_id.hex, "case.create", revision, created))
    destination = district
    rows.cases.append(
        (
            case_id.hex,
            serial,
            number,
            code,
            plan.pathway.id,
            plan.pathway.version,
            status.value,
            received.isoformat(),
            destination,
            applicant_id,
            clerk_id.hex,
            json.dumps(facts, ensure_ascii=False),
            clock.limit,
            clock.used,
            clock.running_since.isoformat() if clock.running_since else None,
            due.isoformat() if due else None,
            revision,
            created,
            created,
        )
    )
    report.per_status[status.value] = report.per_status.get(status.value, 0) + 1
    report.cases += 1
    report.audit_events += 1
    rows.search.append((serial, *name_tokens(applicant_row[2])))


def _status(gen: _Generator, received: date) -> CaseStatus:
    """A case's state: any, except that recent cases are mostly still open."""
    rng = gen.rng
    status: CaseStatus = rng.choice(gen.statuses)
    if (gen.today - received).days < 60 and rng.random() < 0.6:
        status = rng.choice(
            (
                CaseStatus.DRAFT,
                CaseStatus.NEEDS_DOCUMENTS,
                CaseStatus.SUBMITTED,
                CaseStatus.RECOMMENDED,
            )
        )
    return status


def _destination(rng: random.Random, code: str) -> tuple[str, str]:
    """The destination lies in the station's own district (its code's first six digits), at
    an address with its street, number and 居委会, as a real intake records it."""
    district = code[:6] if code[:6] in _JIANGMEN else rng.choice(_JIANGMEN)
    street = rng.choice(("白沙大道西", "建设路", "港口路", "胜利路", "迎宾大道", "华园东路"))
    address = (
        f"江门市{region_name(district)}{street}{rng.randrange(1, 300)}号"
        f"{rng.randrange(1, 30)}{rng.randrange(1, 4):02d}房（{street[:2]}社区居委会）"
    )
    return district, address


def _people(
    gen: _Generator,
    rows: _Rows,
    report: Report,
    plan: _PathwayPlan,
    case_id: uuid.UUID,
    facts: dict[str, Any],
    *,
    local: bool,
    received: date,
    at: datetime,
) -> None:
    """The sponsor and the relatives coming along, as persons, roles and facts."""
    rng = gen.rng
    if plan.sponsor:
        relationship = rng.choice(plan.sponsor)
        sponsor_id = gen.person(rows.persons, age=(20, 80), local=True, on=received, at=at)
        report.persons += 1
        rows.roles.append(
            (gen.ids.at(at).hex, case_id.hex, sponsor_id, PartyRole.SPONSOR, relationship)
        )
        facts["sponsor"] = {
            "id_number": rows.persons[-1][1],
            "relationship": relationship,
            "hukou_region": rows.persons[-1][1][:6],
        }
    if plan.relatives and rng.random() < 0.3:
        facts["relatives"] = []
        for _ in range(rng.choice((1, 1, 2))):
            relationship = rng.choice(("10", "20", "30"))
            age = (20, 60) if relationship == "10" else (1, 17)
            relative_id = gen.person(rows.persons, age=age, local=local, on=received, at=at)
            report.persons += 1
            rows.roles.append(
                (
                    gen.ids.at(at).hex,
                    case_id.hex,
                    relative_id,
                    PartyRole.RELATIVE,
                    relationship,
                )
            )
            facts["relatives"].append(
                {"id_number": rows.persons[-1][1], "relationship": relationship}
            )


def _checks(
    gen: _Generator,
    rows: _Rows,
    report: Report,
    plan: _PathwayPlan,
    case_id: uuid.UUID,
    facts: dict[str, Any],
    status: CaseStatus,
    clerk_id: uuid.UUID,
    at: datetime,
) -> dict[str, str]:
    """One check per paper of each person, all done for cases past acceptance; the states
    the facts record."""
    rng = gen.rng
    created = _stamp(at)
    # Document checks: all done for cases that went past acceptance.
    missing_one = status is CaseStatus.NEEDS_DOCUMENTS
    documents: dict[str, str] = {}
    checked_at = created
    # One check per paper of each person: a relative's papers once for every relative.
    papers = [
        (document_id, party)
        for document_id, whose in plan.documents
        for party in (
            [f"relatives[{n}]" for n in range(len(facts.get("relatives", [])))]
            if whose == "relatives"
            else [whose]
        )
    ]
    for index, (document_id, whose) in enumerate(papers):
        if status is CaseStatus.DRAFT and rng.random() < 0.5:
            state = CheckState.PENDING
        elif missing_one and index == len(papers) - 1:
            state = rng.choice((CheckState.MISSING, CheckState.MISMATCH))
        else:
            state = CheckState.VERIFIED if rng.random() < 0.8 else CheckState.PRESENTED
        pending = state is CheckState.PENDING
        rows.checks.append(
            (
                gen.ids.at(at).hex,
                case_id.hex,
                document_id,
                whose,
                state.value,
                "{}",
                "",
                None if pending else clerk_id.hex,
                None if pending else checked_at,
            )
        )
        if not pending:
            documents[document_key(document_id, whose)] = state.value
        report.document_checks += 1
    return documents


def _decisions(
    gen: _Generator,
    rows: _Rows,
    report: Report,
    plan: _PathwayPlan,
    case_id: uuid.UUID,
    status: CaseStatus,
    received: date,
    clerk_id: uuid.UUID,
    deciders: list[tuple[uuid.UUID, str]],
    at: datetime,
    decided_at: datetime,
) -> None:
    """The recommendation and the decision of a case that reached them."""
    rng = gen.rng
    if status in (
        CaseStatus.RECOMMENDED,
        CaseStatus.APPROVED,
        CaseStatus.REFUSED,
        CaseStatus.CLOSED,
    ):
        refused = status is CaseStatus.REFUSED or (
            status is CaseStatus.CLOSED and rng.random() < 0.1
        )
        outcome = _outcome(plan, received, refused)
        rows.decisions.append(
            (
                gen.ids.at(at).hex,
                case_id.hex,
                DecisionKind.RECOMMENDATION.value,
                "refuse" if refused else "approve",
                outcome,
                "材料齐全，经核实" if not refused else "不符合条件",
                clerk_id.hex,
                _stamp(at + timedelta(hours=2)),
            )
        )
        report.decisions += 1
        if status is not CaseStatus.RECOMMENDED:
            decider_id, _ = rng.choice(deciders)
            kind = DecisionKind.REFUSAL if refused else DecisionKind.APPROVAL
            # The supervisor's words name the criterion, as a real refusal's do (the notice
            # lists it with its clause and does not repeat it as an opinion).
            reason = _refusal_words(plan) if refused else ""
            rows.decisions.append(
                (
                    gen.ids.at(decided_at).hex,
                    case_id.hex,
                    kind.value,
                    "refuse" if refused else "approve",
                    "{}",
                    reason,
                    decider_id.hex,
                    _stamp(decided_at),
                )
            )
            report.decisions += 1


def _refusal_words(plan: _PathwayPlan) -> str:
    if not plan.criteria:
        return "经核查，不符合迁入条件，不予批准。"
    _cid, clause, said = plan.criteria[-1]
    return f"经核查，“{said['zh']}”一项不符合，依{clause}不予批准。"


def _outcome(plan: _PathwayPlan, received: date, refused: bool) -> str:
    return _outcome_template(plan, refused).replace("@AS_OF@", received.isoformat())


@lru_cache(maxsize=128)
def _outcome_template(plan: _PathwayPlan, refused: bool) -> str:
    lines = [
        {"id": cid, "clause": clause, "status": "met", "text": txt, "detail": None}
        for cid, clause, txt in plan.criteria
    ]
    if refused and lines:
        lines[-1] = {**lines[-1], "status": "not_met"}
    return json.dumps(
        {
            "pathway": plan.pathway.id,
            "version": plan.pathway.version,
            "as_of": "@AS_OF@",
            "result": "not_eligible" if refused else "eligible",
            "criteria": lines,
            "missing_documents": [],
            "companions": [],
            "notes": [],
        },
        ensure_ascii=False,
    )
