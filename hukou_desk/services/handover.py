"""Counters of a station and cases handed between them (docs/counters.md).

Which counter this PC is (`this_counter`, `set_counter`: an administrator's, once); handing a
case to another counter of the station (`give`: any member of staff who may work on it,
the case then read-only here) and taking one in (`receive`). The file goes on a stick or a
shared folder; the code the desk shows when giving goes by word of mouth or on paper, never
with the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import text
from hukou_desk.services.counter import Counter
from hukou_desk.storage import cases, counters
from hukou_desk.storage.models import AuditEvent
from hukou_desk.sync import handover
from hukou_desk.sync.handover import HandoverRefused

__all__ = ["HandoverRefused", "ReadOnlyCopy"]

ReadOnlyCopy = counters.ReadOnlyCopy
ADMINS = frozenset({Role.ADMIN})
HANDOVER_SUFFIX = ".hkh"


@dataclass(frozen=True)
class CounterInfo:
    station: str
    counter: str | None  # None: a PC set up before counters (numbers as the station)
    renumbered: int = 0  # its cases from before counters, renumbered into the counter's series

    @property
    def identity(self) -> str:
        return counters.identity(self.station, self.counter)


def this_counter(counter: Counter, actor: Clerk) -> CounterInfo:
    with counter.reading(actor) as (session, _me):
        return CounterInfo(cases.station(session).code, counters.this_counter(session))


def set_counter(counter: Counter, actor: Clerk, *, number: str) -> CounterInfo:
    """Which counter of its station this PC is, for a PC set up before counters (the first
    start asks it of a new one): an administrator's decision, once."""
    what = text("设置本机柜台号", "set this PC's counter number")
    with counter.acting(actor, roles=ADMINS, what=what) as (session, me):
        before = counters.this_counter(session)
        counters.set_counter(session, number, actor=me.username)
        renumbered = session.exec(
            select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == counters.RENUMBER)
        ).one()
        return CounterInfo(
            cases.station(session).code,
            counters.this_counter(session),
            renumbered if before is None else 0,
        )


def is_read_only(counter: Counter, actor: Clerk, *, number: str) -> str | None:
    """The counter holding case `number` if this PC's copy is read-only (handed over), else
    None."""
    with counter.reading(actor) as (session, _me):
        case = cases.case_by_number(session, number)
        return None if counters.is_ours(session, case) else counters.owner_of(case)


@dataclass(frozen=True)
class Given:
    file: Path
    code: str  # to tell the receiving counter (never written beside the file)
    number: str
    receiver: str


def give(
    counter: Counter, actor: Clerk, *, number: str, to: str, out: Path, reason: str = ""
) -> Given:
    """Hand case `number` to counter `to` of this station: the move signed and recorded here,
    this PC's copy read-only from now, the hand-over file written whole to `out`."""
    if not reason.strip():
        reason = "review"
    with counter.acting(actor) as (session, me):
        case = cases.case_by_number(session, number)
        key = keys.own_key(
            session, counter.database.keys_dir, case.station_code, counter.database.key
        )
        done = handover.give(
            session,
            case=case,
            actor=me,
            receiver=to,
            reason=reason.strip(),
            key=key,
            attachments_dir=counter.database.attachments_dir,
            file_key=counter.database.key,
            out=out,
        )
    return Given(done.file, done.code, done.number, done.receiver)


@dataclass(frozen=True)
class Received:
    number: str
    giver: str
    returned: bool


def receive(counter: Counter, actor: Clerk, *, file: Path, code: str) -> Received:
    """Take in the case of a hand-over file with its code: checked (see `sync.handover`),
    owned by this counter from now, on the record."""
    try:
        data = file.read_bytes()
    except OSError:
        raise HukouDeskError(
            text(f"无法读取移交文件 {file.name}。", f"Cannot read the hand-over file {file.name}.")
        ) from None
    payload = handover.open_file(data, code)
    with counter.acting(actor) as (session, me):
        done = handover.receive(
            session,
            payload=payload,
            actor=me,
            attachments_dir=counter.database.attachments_dir,
            file_key=counter.database.key,
        )
    return Received(done.number, done.giver, done.returned)
