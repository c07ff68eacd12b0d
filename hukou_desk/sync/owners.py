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

from sqlmodel import Session, SQLModel

from hukou_desk.domain.text import text
from hukou_desk.storage import counters
from hukou_desk.storage.models import (
    CaseRole,
    CheckAttachment,
    Decision,
    DocumentCheck,
    Person,
    User,
)
from hukou_desk.sync.bundle import BundleRefused, Rows
from hukou_desk.sync.lookup import (
    as_json,
    found,
    hex_column,
    hex_id,
    listed,
    lookup,
    row_ids,
    table_of,
)

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


# Each table's rows with the station owning them (`t` the table, `owner` its station): a person
# by its own column, the rows hanging from a case through it, a scan's link through its check.
_OWNED = {
    "persons": "person t",
    "attachments": "check_attachment t JOIN document_check d ON d.id = t.check_id "
    "JOIN case_file c ON c.id = d.case_id",
    **{
        name: f"{table_of(model).name} t JOIN case_file c ON c.id = t.case_id"
        for name, model in HANGING.items()
        if name != "attachments"
    },
}


def _owner(name: str) -> str:
    return "t.station_code" if name == "persons" else "c.station_code"


def held_by(session: Session, name: str, ids: list[str], station: str) -> tuple[list[str], int]:
    """Of these ids (hex) of a bundle's table: those the centre holds as a row of another
    station (or of none), sorted; and how many it holds at all (none: the rows are new, and
    `loading.write` need not ask again)."""
    if not ids:
        return [], 0
    held = found(
        session,
        f"SELECT t.id, {_owner(name)} FROM {_OWNED[name]} WHERE t.id IN {listed(session)}",
        (as_json(ids),),
        table=name,
    )
    return sorted(hex_id(row_id) for row_id, owner in held if owner != station), len(held)


def not_station_cases(session: Session, case_ids: list[str], station: str) -> list[str]:
    """Of these case ids (hex), those that are not a case the station owns at the centre
    (another station's, or none held), sorted."""
    return _not_held(session, "case_file c", "c.id", case_ids, station, table="cases")


def not_station_checks(session: Session, check_ids: list[str], station: str) -> list[str]:
    """Of these document checks' ids (hex), those that are not a check of a case the station
    owns at the centre, sorted."""
    return _not_held(
        session,
        "document_check d JOIN case_file c ON c.id = d.case_id",
        "d.id",
        check_ids,
        station,
        table="checks",
    )


def _not_held(
    session: Session, tables: str, key: str, ids: list[str], station: str, *, table: str
) -> list[str]:
    if not ids:
        return []
    strays = found(
        session,
        f"SELECT v.value FROM {listed(session)} AS v WHERE NOT EXISTS "
        f"(SELECT 1 FROM {tables} WHERE {key} = v.value AND c.station_code = ?)",
        (as_json(ids), station),
        table=table,
    )
    return sorted(hex_id(value) for (value,) in strays)


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
    carried = set(hex_column(tables["checks"].column("id")))
    asked = sorted(set(hex_column(tables["attachments"].column("check_id"))) - carried)
    _check_links(session, asked, station)


def _check_links(session: Session, asked: list[str], station: str) -> None:
    strays = not_station_checks(session, asked, station)
    if strays:
        raise refused(
            station, "扫描件（材料核验）", "scans (on document checks)", [s[:8] for s in strays]
        )


def _check_staff(session: Session, tables: dict[str, Rows], station: str) -> None:
    """Every member of staff a row names is one of the bundle's (checked by name already) or
    one of the station's at the centre."""
    carried = set(hex_column(tables["users"].column("id")))
    named: set[str] = set()
    for name, columns in STAFF_COLUMNS.items():
        if name not in tables:
            continue
        rows = tables[name]
        for column in columns:
            if column in rows.columns:
                named.update(hex_column([v for v in set(rows.column(column)) if v is not None]))
    asked = sorted(named - carried)
    if not asked:
        return
    theirs: set[str] = set()
    for user_id, username in found(
        session,
        f'SELECT id, username FROM "user" WHERE id IN {listed(session)}',
        (as_json(asked),),
        table=table_of(User).name,
    ):
        if counters.staff_station(str(username)) == station:
            theirs.add(hex_id(user_id))
    strays = sorted(set(asked) - theirs)
    if strays:
        raise refused(station, "人员账号", "staff", [s[:8] for s in strays])


def _check_people(tables: dict[str, Rows], station: str) -> None:
    """A case's applicant and every role name a person the bundle itself carries."""
    carried = set(hex_column(tables["persons"].column("id")))
    named = set(hex_column(tables["cases"].column("applicant_id")))
    named |= set(hex_column(tables["roles"].column("person_id")))
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
    fresh: bool = False  # none of them held by the centre, by id or by identity number


def station_persons(session: Session, persons: Rows, station: str) -> StationPersons:
    columns = list(persons.columns)
    if "station_code" not in columns:  # a station on a release before owners were kept
        columns.append("station_code")
        values = [[*row, station] for row in persons.values]
    else:
        values = [list(row) for row in persons.values]
    at_id, at_number = columns.index("id"), columns.index("id_number")
    at_owner = columns.index("station_code")
    ids = row_ids([row[at_id] for row in values], "persons")
    strays, held_ids = held_by(session, "persons", sorted(set(ids)), station)
    if strays:
        raise refused(station, "人员", "people", [s[:8] for s in strays])
    numbers = [str(row[at_number]) for row in values]
    held: dict[str, tuple[str, str | None]] = {}
    for person_id, number, owner in found(
        session,
        f"SELECT id, id_number, station_code FROM person WHERE id_number IN "
        f"{listed(session, 'text')}",
        (as_json(numbers),),
        table=table_of(Person).name,
    ):
        held[str(number)] = (hex_id(person_id), owner)
    own: list[list[Any]] = []
    remap: dict[str, str] = {}
    kept = 0
    for row, row_id, number in zip(values, ids, numbers, strict=True):
        row[at_owner] = station
        held_as = held.get(number)
        if held_as is not None and held_as[0] != row_id:
            remap[row_id] = held_as[0]
            row[at_id] = held_as[0]
        if held_as is not None and held_as[1] != station:
            kept += 1  # another station's person: linked to, never changed
            continue
        own.append(row)
    return StationPersons(Rows(columns, own), remap, kept, fresh=not held_ids and not held)


def check_cases(session: Session, tables: dict[str, Rows], station: str) -> None:
    """Every row a bundle carries belongs to the station that signed it: its cases (and
    every row hanging from a case), its staff. A row of another station is refused, named by
    its case number or user name, and nothing of the bundle is written."""
    carried_cases: Rows = tables["cases"]
    check_case_rows(session, carried_cases, station)
    # Rows hanging from a case: from one of the bundle's own cases, or one it already owns.
    carried = set(hex_column(carried_cases.column("id")))
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
    ids = row_ids(carried_cases.column("id"), "cases")
    # Held by another station (the query answers only those).
    foreign += [
        str(number)
        for (number,) in found(
            session,
            f"SELECT number FROM case_file WHERE id IN {listed(session)} "
            "AND (station_code IS NULL OR station_code <> ?)",
            (as_json(ids), station),
            table="cases",
        )
    ]
    if foreign:
        raise refused(station, "案件", "cases", sorted(set(foreign)))
    # A number the centre already holds for another case (a station that reissued numbers).
    by_number = dict(zip(numbers_in, ids, strict=True))
    reused = sorted(
        str(number)
        for case_id, number in found(
            session,
            f"SELECT id, number FROM case_file WHERE number IN {listed(session, 'text')}",
            (as_json(sorted(by_number)),),
            table="cases",
        )
        if by_number[str(number)] != hex_id(case_id)
    )
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
    hanging: set[str] = set()
    for rows in tables:
        hanging.update(hex_column(rows.column("case_id")))
    strays = not_station_cases(session, sorted(hanging - carried), station)
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
    user_ids = [uuid.UUID(i) for i in row_ids([u["id"] for u in users], "users")]
    for _user_id, username in lookup(session, user.c.id, user_ids, user.c.id, user.c.username):
        if counters.staff_station(str(username)) != station:
            taken.append(str(username))
    if taken:
        raise refused(station, "人员账号", "staff", sorted(set(taken)))


def check_held(session: Session, name: str, rows: Rows, station: str) -> int:
    """The rows of a table hanging from a case whose ids the centre holds: the station's.
    How many it holds."""
    strays, held = held_by(session, name, sorted(set(row_ids(rows.column("id"), name))), station)
    if strays:
        table = table_of(HANGING[name]).name
        raise refused(station, f"记录（{table}）", f"rows ({table})", [s[:8] for s in strays])
    return held


def check_batch(
    session: Session,
    name: str,
    rows: Rows,
    station: str,
    *,
    strangers: Callable[[set[str]], list[str]],
    checks_carried: set[str],
) -> int | None:
    """One batch of a streamed bundle's table, checked as `check` checks the whole bundle,
    against what the centre holds once the tables before it were written (users, persons,
    cases, then the rows hanging from cases): a row hangs from a case the station owns there
    (its own cases were written), names the station's staff (its users were), names a person
    the bundle carries (`strangers` says which of some ids it does not), a scan's link hangs
    from a check the station owns there or one the bundle carries unwritten (`checks_carried`:
    a case kept for review). For a table hanging from a case: how many of its rows the centre
    holds already (none: they are new, for `loading.write`)."""
    if not rows.values:
        return None
    if name == "users":
        check_users(session, rows, station)
        return None
    held = None
    if name == "cases":
        check_case_rows(session, rows, station)
    elif name in ("roles", "checks", "decisions"):
        check_hanging(session, [rows], set(), station)
    if name in HANGING:
        held = check_held(session, name, rows, station)
    if name == "attachments":
        asked = sorted(set(hex_column(rows.column("check_id"))) - checks_carried)
        _check_links(session, asked, station)
    _check_staff(session, {name: rows, "users": Rows(["id"], [])}, station)
    named: set[str] = set()
    if name == "cases":
        named = set(hex_column(rows.column("applicant_id")))
    elif name == "roles":
        named = set(hex_column(rows.column("person_id")))
    if named:
        strays = strangers(named)
        if strays:
            raise refused(station, "人员", "people", [s[:8] for s in sorted(strays)])
    return held
