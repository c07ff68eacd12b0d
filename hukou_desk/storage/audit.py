"""The audit trail: an append-only chain of events, each sealed with the hash of the one before.

hash(n) = SHA-256(hash(n-1) ‖ canonical JSON of event n, its sequence number included), so
editing, deleting or reordering an event breaks the chain at that point, and the head kept in
the settings shows a removed tail. The events hold digests of what changed, never the personal
data itself. (Anyone able to rewrite the whole chain and the head could hide it; the exports
to the centre carry the chain's head out of the station's reach.)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlmodel import Session, col, select

from hukou_desk.domain.text import Text, text
from hukou_desk.storage import registry
from hukou_desk.storage.models import AuditEvent, utc_now

GENESIS = "0" * 64
# A transaction that appended events notes its first here; `Database.write()` seals them
# with the station's key as it commits (`storage.seals`).
APPENDED = "audit.first_appended"


def canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def digest(value: Any, key: bytes | None = None) -> str:
    """A snapshot's digest (a dict of a row's fields), for before/after in an event.

    Keyed (`key`, the station's own secret): HMAC-SHA256, marked "k:" and cut to the column's
    64 characters — nobody holding the trail but not the case file can confirm a guess (a
    person's identity number and name hashed against it). Unkeyed: plain SHA-256, as events
    recorded before the key existed carry."""
    if key is None:
        return hashlib.sha256(canonical(value)).hexdigest()
    return "k:" + hmac.new(key, canonical(value), hashlib.sha256).hexdigest()[:62]


def digest_key(session: Session) -> bytes:
    """The station's secret for the trail's digests, made on first use (it never leaves the
    case file: the centre has no use for it)."""
    stored = registry.get(session, registry.AUDIT_DIGEST_KEY)
    if stored is None:
        stored = secrets.token_hex(32)
        registry.put(session, registry.AUDIT_DIGEST_KEY, stored)
    return bytes.fromhex(stored)


def keyed(session: Session, value: Any) -> str:
    return digest(value, digest_key(session))


def matches(session: Session, recorded: str, value: Any) -> bool:
    """Whether a recorded digest (keyed or, from before the key, plain) is `value`'s."""
    if recorded.startswith("k:"):
        return hmac.compare_digest(recorded, keyed(session, value))
    return recorded == digest(value)


class Link(Protocol):
    """What the chain reads and writes: an AuditEvent row, or a lighter `Draft` in bulk."""

    seq: int | None
    at: datetime
    actor: str
    action: str
    case_id: uuid.UUID | None
    entity: str
    entity_id: str
    before_digest: str | None
    after_digest: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(slots=True)
class Draft:
    """An event not yet stored (bulk loads build thousands; a table row costs far more)."""

    at: datetime
    actor: str
    action: str
    case_id: uuid.UUID | None
    entity: str
    entity_id: str
    before_digest: str | None = None
    after_digest: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    seq: int | None = None
    prev_hash: str = ""
    hash: str = ""


L = TypeVar("L", bound=Link)


def _payload(event: Link) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "case_id": str(event.case_id) if event.case_id else None,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "before": event.before_digest,
        "after": event.after_digest,
        "detail": event.detail,
    }


def seal(prev_hash: str, event: Link) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(_payload(event))).hexdigest()


def head(session: Session) -> tuple[int, str]:
    last = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    if last is None or last.seq is None:
        return 0, GENESIS
    return last.seq, last.hash


def chain(start: tuple[int, str], events: Iterable[L]) -> Iterator[L]:
    """Number and seal events after `start` (seq, hash); used by single appends and bulk loads."""
    seq, prev = start
    for event in events:
        seq += 1
        event.seq = seq
        event.prev_hash = prev
        event.hash = prev = seal(prev, event)
        yield event


def save_head(session: Session, seq: int, hash_: str) -> None:
    registry.put(session, registry.AUDIT_HEAD, (seq, hash_))


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    case_id: uuid.UUID | None = None,
    before: Any = None,
    after: Any = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (which holds the write lock)."""
    event = AuditEvent(
        at=at or utc_now(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        before_digest=None if before is None else keyed(session, before),
        after_digest=None if after is None else keyed(session, after),
        detail=detail or {},
        prev_hash="",
        hash="",
    )
    (sealed,) = chain(head(session), [event])
    session.add(sealed)
    assert sealed.seq is not None
    save_head(session, sealed.seq, sealed.hash)
    session.info.setdefault(APPENDED, sealed.seq)
    return sealed


@dataclass(frozen=True)
class Verdict:
    events: int
    broken_at: int | None = None  # the first event whose link fails
    problem: Text | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(
    session: Session, *, batch: int = 10_000, anchor: tuple[int, str] | None = None
) -> Verdict:
    """Walk the chain in order; report the first broken link. With an `anchor` (a signed
    checkpoint's sequence and hash), the chain must still reach it, through that very event:
    a trail cut short, emptied, rewritten, renumbered or reordered before it is found out."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    after = 0
    while True:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.seq) > after)
            .order_by(col(AuditEvent.seq))
            .limit(batch)
        ).all()
        if not events:
            break
        for event in events:
            assert event.seq is not None
            if event.seq != expected_seq:
                return Verdict(
                    count,
                    expected_seq,
                    text(f"第 {expected_seq} 条记录已被删除", f"event {expected_seq} is missing"),
                )
            if event.prev_hash != prev:
                return Verdict(
                    count,
                    event.seq,
                    text(
                        "与前一条记录不衔接（被删除或调换）", "does not follow the event before it"
                    ),
                )
            if seal(prev, event) != event.hash:
                return Verdict(count, event.seq, text("内容被修改", "its content was changed"))
            if anchor is not None and event.seq == anchor[0] and event.hash != anchor[1]:
                return Verdict(
                    count,
                    event.seq,
                    text(
                        f"第 {event.seq} 条记录与签名锚点不符：审计链被改写",
                        f"event {event.seq} is not the one the signed checkpoint names: the "
                        "trail was rewritten",
                    ),
                )
            prev = event.hash
            expected_seq += 1
            count += 1
        after = events[-1].seq or 0
        session.expunge_all()
    if anchor is not None and count < anchor[0]:
        return Verdict(
            count,
            count + 1,
            text(
                f"签名锚点记到第 {anchor[0]} 条，现仅有 {count} 条：记录被删除",
                f"the signed checkpoint reaches event {anchor[0]}, the trail only {count}: "
                "events were deleted",
            ),
        )
    stored = registry.get(session, registry.AUDIT_HEAD)
    recorded = (count, prev) if count else None
    if stored is not None and stored != recorded:
        seq = stored[0]
        return Verdict(
            count,
            min(seq, count + 1),
            text(f"第 {count} 条之后的记录已被删除", f"events after {count} are missing"),
        )
    if stored is None and count:
        return Verdict(
            count, count, text("审计链末端记录缺失", "the chain's head record is missing")
        )
    return Verdict(count)
