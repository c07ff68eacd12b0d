"""The counters of a station: each PC is one, with its own number, signing key and series of
case numbers (docs/counters.md).

- A counter is named by two digits, "01".."99", chosen at the PC's first start and carried in
  its registration file. Its *identity* is the station's code and its number,
  `440703001-02`: what the centre trusts a key for, keeps a sequence and an audit trail for,
  and names the counter's staff by (`440703001-02/admin`). A PC set up before stations had
  counters has no number: its identity is the station's code, as before.
- Case numbers carry the counter: `440703001-02-2026-000001` (station, counter, year,
  serial), unique in the city, and the counter readable at a glance. The older form without
  the counter, `440703001-2026-000001`, stays valid and is read as the unnumbered counter's;
  such a PC made a counter renumbers its cases, each keeping its old number (`renumber`).
- A case belongs to one counter at a time (`Case.counter`): the one that numbered it, until a
  signed hand-over moves it (`sync.handover`). Only its owner changes it; the others keep a
  read-only copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, registry
from hukou_desk.storage.models import Case, CaseNumberCounter, Station, User

_COUNTER = re.compile(r"^\d{1,2}$")
_IDENTITY = re.compile(r"^(\d{6,12})(?:-(\d{2}))?$")
_NUMBER = re.compile(r"^(\d{6,12})(?:-(\d{2}))?-(\d{4})-(\d{1,6})$")


class CounterRefused(HukouDeskError):
    """A counter number that is not one, or a change of this PC's counter once it numbered."""


def checked(value: str) -> str:
    """A counter number as two digits ("2" → "02"), 01 to 99; raises CounterRefused."""
    value = value.strip()
    if not _COUNTER.match(value) or not 1 <= int(value) <= 99:
        raise CounterRefused(
            text(
                f"柜台号“{value}”无效：请填 01 至 99 之间的两位数字（本所每台电脑一个）。",
                f"The counter number '{value}' is not valid: give two digits from 01 to 99 "
                "(one for each PC of the station).",
            )
        )
    return f"{int(value):02d}"


def identity(station: str, counter: str | None) -> str:
    """What the centre knows a counter by: `440703001-02` (the station's code alone for a PC
    without a number)."""
    return station if counter is None else f"{station}-{counter}"


@dataclass(frozen=True)
class Identity:
    station: str
    counter: str | None

    def __str__(self) -> str:
        return identity(self.station, self.counter)


def parse(value: str) -> Identity:
    """A counter's identity read back; raises CounterRefused if it is not one."""
    found = _IDENTITY.match(value.strip())
    if found is None:
        raise CounterRefused(
            text(f"“{value}”不是柜台标识。", f"'{value}' does not name a counter.")
        )
    return Identity(found.group(1), found.group(2))


def station_of(value: str) -> str:
    """The station of a counter's identity (or of a trail name, `440703001-02#1`)."""
    return parse(value.split("#", 1)[0]).station


def staff_station(username: str) -> str | None:
    """At the centre, the station a member of staff works for, by their name there
    (`440703001/admin`, `440703001-02/admin`); None for a name without one."""
    owner, slash, _name = username.partition("/")
    if not slash:
        return None
    try:
        return station_of(owner)
    except CounterRefused:
        return None


# --- case numbers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseNumber:
    station: str
    counter: str | None
    year: int
    serial: int

    @property
    def owner(self) -> str:
        """The identity of the counter that gave the number out."""
        return identity(self.station, self.counter)

    def __str__(self) -> str:
        return f"{self.owner}-{self.year}-{self.serial:06d}"


def parse_number(value: str) -> CaseNumber | None:
    """A case number in either form (with the counter, or the older without); None if the text
    is not one. The serial may be written short (…-23 is …-000023)."""
    found = _NUMBER.match(value.strip())
    if found is None:
        return None
    station, counter, year, serial = found.groups()
    return CaseNumber(station, counter, int(year), int(serial))


def number(series: str, year: int, serial: int) -> str:
    """The case number `serial` of `year` in a counter's `series` (its identity)."""
    return f"{series}-{year}-{serial:06d}"


# --- this PC -----------------------------------------------------------------------------------


def this_counter(session: Session) -> str | None:
    """This PC's counter number, or None (a PC set up before counters: the station's own)."""
    return registry.get(session, registry.COUNTER)


def this_identity(session: Session) -> str:
    here = session.get(Station, 1)
    if here is None:
        raise CounterRefused(text("本机尚未设置派出所。", "This station is not set up yet."))
    return identity(here.code, this_counter(session))


def set_counter(session: Session, counter: str, *, actor: str) -> str:
    """Which counter of its station this PC is: said once, at its first start, or on a PC set
    up before counters by its administrator (`hukou-desk set-counter NN`). Refused when the PC
    already is another counter: its cases and its key are that counter's.

    A PC set up before counters holding cases numbered in the station's old series
    (`440703001-2026-000017`) renumbers them into the counter's (`renumber`): two such PCs of
    one station gave the same numbers to different people, and only the counter in the
    number tells them apart at the centre."""
    counter = checked(counter)
    held = this_counter(session)
    if held == counter:
        return counter
    if held is not None:
        raise CounterRefused(
            text(
                f"本机已是第 {held} 号柜台，不能改为第 {counter} 号：其案件编号和签名密钥都属于"
                f"第 {held} 号柜台。",
                f"This PC is counter {held} already and cannot become counter {counter}: its "
                f"case numbers and signing key are counter {held}'s.",
            )
        )
    here = session.get(Station, 1)
    if here is not None:
        _renumbering_actor(session, actor)  # refused before anything is written
    registry.put(session, registry.COUNTER, counter)
    audit.record(
        session,
        actor=actor,
        action="counter.set",
        entity="station",
        entity_id=identity(here.code if here else "-", counter),
        detail={"counter": counter},
    )
    if here is not None:
        renumber(session, here.code, counter, actor=actor)
    # The centre knows this PC by a new name now: the counter's first bundle carries
    # everything (what the station's code sent is recognised there, never taken twice).
    registry.put(session, registry.ACKNOWLEDGED_SEQ, 0)
    registry.put(session, registry.ACKNOWLEDGED_AUDIT, 0)
    return counter


RENUMBER = "case.renumber"


def _renumbering_actor(session: Session, actor: str) -> User | None:
    """The account renumbering this PC's cases from before counters (each is a change of the
    case, by someone); None when there are none; refused when `actor` is no account here."""
    if session.exec(select(Case.id).where(col(Case.counter).is_(None)).limit(1)).first() is None:
        return None
    user = session.exec(select(User).where(User.username == actor)).first()
    if user is None:
        raise CounterRefused(
            text(
                f"“{actor}”不是本机的账户，不能为本机案件重新编号。",
                f"'{actor}' is not an account of this PC; its cases cannot be renumbered.",
            )
        )
    return user


def renumber(session: Session, station: str, counter: str, *, actor: str) -> list[tuple[str, str]]:
    """The cases this PC numbered before it became counter `counter`, each given the
    counter's number of the same year and serial (`440703001-2026-000017` becomes
    `440703001-01-2026-000017`; the next free one where that is taken), the old number kept as
    its `former_number` — found by the case search, and resolving the papers issued under it.
    Each is a change of the case (`case.renumber`, both numbers in the audit event) travelling
    in the counter's next bundle; the centre, which knows this PC's key under the station's
    code, recognises the cases it holds under the old numbers (`sync.counters`). The sync
    starts over under the counter's identity: its first bundle carries everything, so the
    centre holds the counter's whole trail under its name. (Old number, new number) pairs."""
    from hukou_desk.storage import cases as case_store  # here: storage.cases imports this

    legacy = session.exec(
        select(Case).where(col(Case.counter).is_(None)).order_by(col(Case.serial))
    ).all()
    user = _renumbering_actor(session, actor)
    if not legacy or user is None:
        return []
    series = identity(station, counter)
    taken = set(session.exec(select(Case.number)).all())
    tops: dict[int, int] = {}
    for row in session.exec(
        select(CaseNumberCounter).where(col(CaseNumberCounter.station_code).in_([station, series]))
    ):
        tops[row.year] = max(tops.get(row.year, 0), row.last)
    moved: list[tuple[str, str]] = []
    for case in legacy:
        parsed = parse_number(case.number)
        year = parsed.year if parsed is not None else case.application_date.year
        serial = parsed.serial if parsed is not None and parsed.station == station else 0
        new = number(series, year, serial) if serial else None
        while new is None or new in taken:
            tops[year] = tops.get(year, 0) + 1
            serial, new = tops[year], number(series, year, tops[year])
        tops[year] = max(tops.get(year, 0), serial)
        taken.add(new)
        before = case_store.snapshot(case)
        old = case.number
        case.former_number, case.number, case.counter = old, new, counter
        case_store.changed(
            session,
            case,
            actor=user,
            action=RENUMBER,
            before=before,
            detail={"former_number": old, "number": new},
        )
        moved.append((old, new))
    for year, last in tops.items():
        row = session.get(CaseNumberCounter, (series, year)) or CaseNumberCounter(
            station_code=series, year=year, last=0
        )
        row.last = max(row.last, last)
        session.add(row)
    session.flush()
    return moved


def owner_of(case: Case) -> str:
    """The identity of the counter a case belongs to."""
    return identity(case.station_code, case.counter)


def is_ours(session: Session, case: Case) -> bool:
    """Whether this PC may change `case`: it belongs to this PC's counter (a PC without a
    number owns the cases without one). Only the counter is compared: a PC holds its own
    station's cases alone (a hand-over never crosses stations), whatever code a training
    file's demo cases were made under."""
    return case.counter == this_counter(session)


def refuse_foreign(session: Session, case: Case) -> None:
    """Raise CounterRefused, in words, when `case` is another counter's copy here."""
    if not is_ours(session, case):
        raise ReadOnlyCopy(case.number, owner_of(case))


class ReadOnlyCopy(CounterRefused):
    """A change asked of a case this PC handed to another counter (its copy is read-only)."""

    def __init__(self, case_number: str, owner: str) -> None:
        self.case_number, self.owner = case_number, owner
        super().__init__(
            text(
                f"案件 {case_number} 已移交给柜台 {owner}，本机只保留只读副本，不能修改；"
                "如需在本机继续办理，请该柜台把案件移交回来。",
                f"Case {case_number} was handed over to counter {owner}; this PC keeps a "
                "read-only copy and cannot change it. To go on with it here, ask that counter "
                "to hand it back.",
            )
        )
