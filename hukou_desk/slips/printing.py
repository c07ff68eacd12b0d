"""Printing a slip for a case: content, signed QR code, PDF, and the print in the audit trail.

A second print of the same kind for the same case is a reprint: the same content and the same
issue date (so its QR code verifies as the original), marked 补打 with that date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.lifecycle import DecisionKind
from hukou_desk.domain.policy import Policy
from hukou_desk.keys import known_keys, public_text, station_key, trust_station
from hukou_desk.slips import signing
from hukou_desk.slips.content import Slip, SlipContext, build
from hukou_desk.slips.render import render
from hukou_desk.slips.wording import SlipKind, Wording
from hukou_desk.storage import audit, cases, registry
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import AuditEvent, Decision, User
from hukou_desk.storage.settings import load_settings


def print_action(kind: SlipKind) -> str:
    return f"print.{kind.key}"


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    payload: str
    slip: Slip
    case_id: uuid.UUID

    @property
    def reprint(self) -> bool:
        return self.slip.reprint_of is not None


def _first_print(session: Session, case_id: uuid.UUID, kind: SlipKind) -> date | None:
    first = session.exec(
        select(AuditEvent)
        .where(AuditEvent.case_id == case_id, AuditEvent.action == print_action(kind))
        .order_by(col(AuditEvent.seq))
    ).first()
    if first is None:
        return None
    issued = first.detail.get("issued_on")
    return date.fromisoformat(issued) if isinstance(issued, str) else first.at.date()


def make_slip(
    database: Database,
    *,
    kind: SlipKind,
    number: str,
    actor: User | str,
    policy: Policy,
    wording: Wording,
    calendar: WorkCalendar,
    today: date,
) -> Printed:
    """The slip's PDF, ready to preview (opening the case is audited; the print is not yet)."""
    name = actor if isinstance(actor, str) else actor.username
    key = station_key(database.keys_dir)
    with database.write() as session:
        found = cases.open_case(session, actor=actor, number=number)
        station = cases.station(session)
        original = _first_print(session, found.case.id, kind)
        context = SlipContext(
            station=station,
            policy=policy,
            wording=wording,
            calendar=calendar,
            complaint_phone=load_settings(session).complaint_phone,
            names={u.id: u.display_name for u in session.exec(select(User))},
            issued_on=original or today,
            reprint_of=original,
            training=registry.get(session, registry.TRAINING) is True,
        )
        slip = build(kind, found, context)
        claim = signing.Claim(
            station=station.code,
            number=found.case.number,
            kind_code=slip.kind_code,
            issued_on=slip.issued_on,
            digest=slip.digest(),
        )
        payload = signing.sign(claim, key)
        pdf = render(slip, payload, wording)
        trust_station(session, actor=name, station_code=station.code, public_key=public_text(key))
    return Printed(pdf, payload, slip, found.case.id)


def record_print(database: Database, printed: Printed, *, actor: User | str, how: str) -> None:
    """The print (or the saved file) in the audit trail: what, which content, original or not."""
    with database.write() as session:
        audit.record(
            session,
            actor=actor if isinstance(actor, str) else actor.username,
            action=print_action(printed.slip.kind),
            entity="case",
            entity_id=str(printed.case_id),
            case_id=printed.case_id,
            detail={
                "digest": printed.slip.digest(),
                "issued_on": printed.slip.issued_on.isoformat(),
                "reprint": printed.reprint,
                "how": how,
            },
        )


def print_slip(
    database: Database,
    *,
    kind: SlipKind,
    number: str,
    actor: User | str,
    policy: Policy,
    wording: Wording,
    calendar: WorkCalendar,
    today: date,
    how: str = "file",
) -> Printed:
    """Make the slip and record it as printed (the command line's `print`)."""
    printed = make_slip(
        database,
        kind=kind,
        number=number,
        actor=actor,
        policy=policy,
        wording=wording,
        calendar=calendar,
        today=today,
    )
    record_print(database, printed, actor=actor, how=how)
    return printed


def approved_on(session: Session, day: date) -> list[str]:
    """Case numbers approved on `day` (local date of the decision), oldest first."""
    from hukou_desk.storage.models import Case

    start = datetime(day.year, day.month, day.day).astimezone()
    end = start + (datetime(2000, 1, 2) - datetime(2000, 1, 1))
    rows = session.exec(
        select(Case.number)
        .join(Decision, col(Decision.case_id) == col(Case.id))
        .where(
            Decision.kind == DecisionKind.APPROVAL.value,
            col(Decision.decided_at) >= start,
            col(Decision.decided_at) < end,
        )
        .order_by(sa.asc(col(Decision.decided_at)))
    ).all()
    return list(dict.fromkeys(rows))


def verify_payload(session: Session, payload: str, *, actor: str | None = None) -> signing.Checked:
    """Check a slip's QR payload against the stations this PC knows; with an `actor`, the
    check is recorded in the audit trail (station and verdict only)."""
    checked = signing.verify(payload, known_keys(session))
    if actor is not None:
        audit.record(
            session,
            actor=actor,
            action="slip.verify",
            entity="station",
            entity_id=checked.claim.station if checked.claim else "-",
            detail={"verdict": checked.verdict.value},
        )
    return checked
