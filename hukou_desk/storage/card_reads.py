"""Identity cards read at the counter, kept with their case: kind, validity, standing and the
chip's photo (sealed like a scan). The audit event carries no personal data: no name, no
number, only the card's kind and dates and whose card it was in the case."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from hukou_desk.storage import attachments
from hukou_desk.storage.models import Attachment, CardRead, Case, User, utc_now


def record(
    session: Session,
    *,
    folder: Path,
    key: bytes | None,
    actor: User,
    case: Case,
    party: str,
    kind: str,
    valid_from: date,
    valid_until: date | None,
    standing: str,
    photo: bytes | None,
) -> CardRead:
    from hukou_desk.storage.cases import changed

    sha256 = None
    if photo:
        sha256, _mime = attachments.keep(session, folder=folder, content=photo, key=key)
    read = CardRead(
        case_id=case.id,
        party=party,
        kind=kind,
        valid_from=valid_from,
        valid_until=valid_until,
        standing=standing,
        photo_sha256=sha256,
        read_by=actor.id,
        read_at=utc_now(),
    )
    session.add(read)
    session.flush()
    dates = {
        "party": party,
        "kind": kind,
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else "long-term",
        "standing": standing,
    }
    changed(
        session,
        case,
        actor=actor,
        action="card.keep",
        before=None,
        entity="card_read",
        entity_id=str(read.id),
        after={**dates, "photo": sha256},
        detail={**dates, "photo": sha256 is not None},
    )
    return read


def of_case(session: Session, case: Case) -> list[CardRead]:
    return list(
        session.exec(
            select(CardRead).where(CardRead.case_id == case.id).order_by(col(CardRead.read_at))
        )
    )


def photo(folder: Path, key: bytes | None, session: Session, read: CardRead) -> bytes | None:
    if read.photo_sha256 is None:
        return None
    stored = session.get(Attachment, read.photo_sha256)
    return attachments.read(folder, stored, key) if stored is not None else None
