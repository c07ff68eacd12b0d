"""The centre owns nothing by accident: every row a bundle carries belongs to the station that
signed it, by every column that points to an owner.

- a row whose id the centre already holds must be that station's row (a role, a document
  check, a decision, a scan's link hanging from one of its cases; a person it brought);
- a row it adds must hang from the station's own cases (a scan's link from one of its checks),
  name its own staff (prepared, checked, decided, added by) and its own people (applicant,
  role);
- a person is the copy of the station whose case brought it first: another station's bundle
  carrying the same identity number links its cases to that person but never changes it (its
  own details travel in its cases' role rows, which are its own).

Anything else refuses the whole bundle, naming the rows (case numbers, table and the first
digits of row ids; never a name or an identity number).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from hukou_desk.domain.text import text
from hukou_desk.storage import counters
from hukou_desk.storage.models import (
    Case,
    CaseRole,
    CheckAttachment,
    Decision,
    DocumentCheck,
    Person,
    User,
)
from hukou_desk.sync.bundle import BundleRefused, Rows
from hukou_desk.sync.lookup import hex_id, hex_ids, lookup, one_of, table_of

# The tables hanging from a case, with the model each is written to.
HANGING: dict[str, type[SQLModel]] = {
    "roles": CaseRole,
    "checks": DocumentCheck,
    "decisions": Decision,
    "attachments": CheckAttachment,
}
# The columns naming a member of staff, per table of the bundle.
STAFF_COLUMNS = {
    "cases": ("prepared_by",),
    "checks": ("checked_by",),
    "decisions": ("decided_by",),
    "attachments": ("added_by",),
}


def refused(station: str, what_zh: str, what_en: str, names: list[str]) -> BundleRefused:
    shown = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
    return BundleRefused(
        text(
            f"派出所 {station} 的导出文件含有不属于该所的{what_zh}：{shown}。整个文件未导入。",
            f"Station {station}'s bundle carries {what_en} that are not its own: {shown}. "
            "Nothing of the bundle was imported.",
        )
    )


def held_owners(session: Session, name: str, ids: list[str]) -> dict[str, str | None]:
    """For the ids of a bundle's table that the centre already holds: the station owning each
    (through its case; a person by its own column)."""
    case = table_of(Case)
    if name == "persons":
        table = table_of(Person)
        query = sa.select(table.c.id, table.c.station_code)
    elif name == "attachments":
        table, check = table_of(CheckAttachment), table_of(DocumentCheck)
        query = sa.select(table.c.id, case.c.station_code).select_from(
            table.join(check, check.c.id == table.c.check_id).join(
                case, case.c.id == check.c.case_id
            )
        )
    else:
        table = table_of(HANGING[name])
        query = sa.select(table.c.id, case.c.station_code).select_from(
            table.join(case, case.c.id == table.c.case_id)
        )
    found: dict[str, str | None] = {}
    for condition in one_of(session, table.c.id, hex_ids(ids)):
        for row_id, owner in session.execute(query.where(condition)):
            found[hex_id(row_id)] = owner
    return found


def check(session: Session, tables: dict[str, Rows], station: str) -> None:
    """Every row the bundle carries, by id and by every owner column (see the module)."""
    check_cases(session, tables, station)
    for name in HANGING:
        check_held(session, name, tables[name], station)
    _check_scan_links(session, tables, station)
    _check_staff(session, tables, station)
    _check_people(tables, station)


def _check_scan_links(session: Session, tables: dict[str, Rows], station: str) -> None:
    """A scan's link hangs from a document check of the bundle, or one the station holds."""
    carried = {hex_id(v) for v in tables["checks"].column("id")}
    asked = sorted({hex_id(v) for v in tables["attachments"].column("check_id")} - carried)
    _check_links(session, asked, station)


def _check_links(session: Session, asked: list[str], station: str) -> None:
    if not asked:
        return
    held = held_owners(session, "checks", asked)
    strays = sorted(h for h in asked if held.get(h) != station)
    if strays:
        raise refused(
            station, "扫描件（材料核验）", "scans (on document checks)", [s[:8] for s in strays]
        )


def _check_staff(session: Session, tables: dict[str, Rows], station: str) -> None:
    """Every member of staff a row names is one of the bundle's (checked by name already) or
    one of the station's at the centre."""
    carried = {hex_id(v) for v in tables["users"].column("id")}
    named: set[str] = set()
    for name, columns in STAFF_COLUMNS.items():
        if name not in tables:
            continue
        rows = tables[name]
        for column in columns:
            if column in rows.columns:
                named |= {hex_id(v) for v in rows.column(column) if v is not None}
    asked = sorted(named - carried)
    if not asked:
        return
    user = table_of(User)
    theirs: set[str] = set()
    for condition in one_of(session, user.c.id, hex_ids(asked)):
        for user_id, username in session.execute(
            sa.select(user.c.id, user.c.username).where(condition)
        ):
            if counters.staff_station(str(username)) == station:
                theirs.add(hex_id(user_id))
    strays = sorted(set(asked) - theirs)
    if strays:
        raise refused(station, "人员账号", "staff", [s[:8] for s in strays])


def _check_people(tables: dict[str, Rows], station: str) -> None:
    """A case's applicant and every role name a person the bundle itself carries."""
    carried = {hex_id(v) for v in tables["persons"].column("id")}
    named = {hex_id(v) for v in tables["cases"].column("applicant_id")}
    named |= {hex_id(v) for v in tables["roles"].column("person_id")}
    strays = sorted(named - carried)
    if strays:
        raise refused(station, "人员", "people", [s[:8] for s in strays])


@dataclass(frozen=True)
class StationPersons:
    """A bundle's persons as the centre takes them: the rows to write (the station's own
    copies, marked as its), and the ids of the bundle that stand for a person the centre holds
    under another id (the cases and roles are linked to that one)."""

    own: Rows
    remap: dict[str, str]
    kept: int  # persons of another station, linked to and left as they are


def station_persons(session: Session, persons: Rows, station: str) -> StationPersons:
    columns = list(persons.columns)
    if "station_code" not in columns:  # a station on a release before owners were kept
        columns.append("station_code")
        values = [[*row, station] for row in persons.values]
    else:
        values = [list(row) for row in persons.values]
    at_id, at_number = columns.index("id"), columns.index("id_number")
    at_owner = columns.index("station_code")
    ids = [hex_id(row[at_id]) for row in values]
    by_id = held_owners(session, "persons", ids)
    strays = sorted(i for i, owner in by_id.items() if owner != station)
    if strays:
        raise refused(station, "人员", "people", [s[:8] for s in strays])
    table = table_of(Person)
    numbers = [str(row[at_number]) for row in values]
    held: dict[str, tuple[str, str | None]] = {}
    for condition in one_of(session, table.c.id_number, numbers):
        for person_id, number, owner in session.execute(
            sa.select(table.c.id, table.c.id_number, table.c.station_code).where(condition)
        ):
            held[str(number)] = (hex_id(person_id), owner)
    own: list[list[Any]] = []
    remap: dict[str, str] = {}
    kept = 0
    for row in values:
        row[at_owner] = station
        found = held.get(str(row[at_number]))
        if found is not None and found[0] != hex_id(row[at_id]):
            remap[hex_id(row[at_id])] = found[0]
            row[at_id] = found[0]
        if found is not None and found[1] != station:
            kept += 1  # another station's person: linked to, never changed
            continue
        own.append(row)
    return StationPersons(Rows(columns, own), remap, kept)


def check_cases(session: Session, tables: dict[str, Rows], station: str) -> None:
    """Every row a bundle carries belongs to the station that signed it: its cases (and
    every row hanging from a case), its staff. A row of another station is refused, named by
    its case number or user name, and nothing of the bundle is written."""
    carried_cases: Rows = tables["cases"]
    check_case_rows(session, carried_cases, station)
    # Rows hanging from a case: from one of the bundle's own cases, or one it already owns.
    carried = {hex_id(v) for v in carried_cases.column("id")}
    hanging = [tables[name] for name in ("roles", "checks", "decisions")]
    check_hanging(session, hanging, carried, station)
    check_users(session, tables["users"], station)


def check_case_rows(session: Session, carried_cases: Rows, station: str) -> None:
    """A bundle's cases (or a batch of them): the station's own, under numbers the centre
    does not hold for another case."""
    if not carried_cases.values:
        return
    numbers_in = [str(n) for n in carried_cases.column("number")]
    foreign = [
        number
        for number, owner in zip(numbers_in, carried_cases.column("station_code"), strict=True)
        if str(owner) != station
    ]
    case = table_of(Case)
    ids = [uuid.UUID(hex_id(v)) for v in carried_cases.column("id")]
    for _case_id, owner, number in lookup(
        session, case.c.id, ids, case.c.id, case.c.station_code, case.c.number
    ):
        if owner != station:
            foreign.append(str(number))
    if foreign:
        raise refused(station, "案件", "cases", sorted(set(foreign)))
    # A number the centre already holds for another case (a station that reissued numbers).
    by_number = dict(zip(numbers_in, ids, strict=True))
    reused = [
        str(number)
        for case_id, number in lookup(
            session, case.c.number, sorted(by_number), case.c.id, case.c.number
        )
        if by_number[str(number)] != case_id
    ]
    if reused:
        shown = "、".join(reused[:5])
        raise BundleRefused(
            text(
                f"派出所 {station} 的案件编号 {shown} 在中心已属于另一宗案件"
                "（恢复备份后重复编号）；整个文件未导入。",
                f"Station {station}'s case numbers {shown} belong to other cases at the centre "
                "(numbers given out again after a restore); nothing was imported.",
            )
        )


def check_hanging(session: Session, tables: list[Rows], carried: set[str], station: str) -> None:
    """Rows hanging from a case (roles, checks, decisions): from one of the `carried` cases,
    or one the station owns at the centre."""
    hanging = {hex_id(case_id) for rows in tables for case_id in rows.column("case_id")} - carried
    if not hanging:
        return
    case = table_of(Case)
    asked = [uuid.UUID(h) for h in sorted(hanging)]
    held = {
        case_id.hex: owner
        for case_id, owner in lookup(session, case.c.id, asked, case.c.id, case.c.station_code)
    }
    strays = sorted(h for h in hanging if held.get(h) != station)
    if strays:
        raise refused(station, "案件材料", "case rows", [s[:8] for s in strays])


def check_users(session: Session, users_in: Rows, station: str) -> None:
    """Staff: named station/username at the centre; a name of another station is not theirs."""
    if not users_in.values:
        return
    users = users_in.dicts()
    taken = [
        str(u["username"])
        for u in users
        if "/" in str(u["username"]) and counters.staff_station(str(u["username"])) != station
    ]
    user = table_of(User)
    user_ids = [uuid.UUID(hex_id(u["id"])) for u in users]
    for _user_id, username in lookup(session, user.c.id, user_ids, user.c.id, user.c.username):
        if counters.staff_station(str(username)) != station:
            taken.append(str(username))
    if taken:
        raise refused(station, "人员账号", "staff", sorted(set(taken)))


def check_held(session: Session, name: str, rows: Rows, station: str) -> None:
    """The rows of a table hanging from a case whose ids the centre holds: the station's."""
    ids = [hex_id(v) for v in rows.column("id")]
    held = held_owners(session, name, ids)
    strays = sorted(i for i, owner in held.items() if owner != station)
    if strays:
        table = table_of(HANGING[name]).name
        raise refused(station, f"记录（{table}）", f"rows ({table})", [s[:8] for s in strays])


def check_batch(
    session: Session,
    name: str,
    rows: Rows,
    station: str,
    *,
    strangers: Callable[[set[str]], list[str]],
    checks_carried: set[str],
) -> None:
    """One batch of a streamed bundle's table, checked as `check` checks the whole bundle,
    against what the centre holds once the tables before it were written (users, persons,
    cases, then the rows hanging from cases): a row hangs from a case the station owns there
    (its own cases were written), names the station's staff (its users were), names a person
    the bundle carries (`strangers` says which of some ids it does not), a scan's link hangs
    from a check the station owns there or one the bundle carries unwritten (`checks_carried`:
    a case kept for review)."""
    if not rows.values:
        return
    if name == "users":
        check_users(session, rows, station)
        return
    if name == "cases":
        check_case_rows(session, rows, station)
    elif name in ("roles", "checks", "decisions"):
        check_hanging(session, [rows], set(), station)
    if name in HANGING:
        check_held(session, name, rows, station)
    if name == "attachments":
        asked = sorted({hex_id(v) for v in rows.column("check_id")} - checks_carried)
        _check_links(session, asked, station)
    _check_staff(session, {name: rows, "users": Rows(["id"], [])}, station)
    named: set[str] = set()
    if name == "cases":
        named = {hex_id(v) for v in rows.column("applicant_id")}
    elif name == "roles":
        named = {hex_id(v) for v in rows.column("person_id")}
    if named:
        strays = strangers(named)
        if strays:
            raise refused(station, "人员", "people", [s[:8] for s in sorted(strays)])
