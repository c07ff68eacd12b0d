"""Seals: the station's key signs each stretch of the audit chain in the transaction that
appends it.

The chain alone shows an edit, a deletion or a reordering, but anyone with the file can
append events that link correctly, or rewrite the chain from some point on and recompute every
hash. A seal is the station's Ed25519 signature over (station, first event, last event, the
chain's hash at the last): written by `Database.write()` when a transaction that appended
events commits, it covers exactly those events. So:

- an event no seal covers was appended outside the desk (or while this PC had no signing key,
  until the administrator adopts those events, on the record, when making a new key);
- a sealed event that is missing, moved or changed no longer matches its seal's hash;
- a seal cannot be forged or moved without the private key.

The first seal of a file covers every event before it (a file from before seals existed, or a
station's first start before its key was made). Verifying checks every seal's signature, so it
costs one Ed25519 verification per transaction (a station makes a few thousand a year).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlmodel import Session, col, func, select

from hukou_desk.domain.text import Text, text
from hukou_desk.storage import audit
from hukou_desk.storage.models import AuditEvent, AuditSeal

STATION_KEY_FILE = "station-ed25519.pem"


def key_file_password(secret: bytes) -> bytes:
    """The station key file's password, beside an encrypted case file: derived from the case
    file's key, so the private key is no easier to take than the cases it signs for."""
    return hmac.new(secret, b"hukou-desk station signing key", hashlib.sha256).digest()


def load_station_key(data: bytes, secret: bytes | None) -> object:
    """A station key file's private key: encrypted under `secret`, or (from before the case
    file was encrypted, or without one) plain. ValueError/TypeError if neither."""
    if secret is not None and b"ENCRYPTED" in data:
        return load_pem_private_key(data, password=key_file_password(secret))
    return load_pem_private_key(data, password=None)


def message(station: str, seq_from: int, seq_to: int, hash_: str) -> bytes:
    return f"HKD-SEAL|{station}|{seq_from}|{seq_to}|{hash_}".encode()


def last(session: Session) -> AuditSeal | None:
    return session.exec(select(AuditSeal).order_by(col(AuditSeal.seq_from).desc()).limit(1)).first()


def seal(
    session: Session,
    key: Ed25519PrivateKey,
    station: str,
    *,
    first_appended: int | None,
) -> AuditSeal | None:
    """Seal the events from `first_appended` (this transaction's first) to the chain's head;
    the file's first seal covers every event before it too."""
    head_seq, head_hash = audit.head(session)
    previous = last(session)
    covered = previous.seq_to if previous is not None else 0
    if head_seq <= covered:
        return None
    start = covered + 1
    if previous is not None and first_appended is not None:
        start = max(start, first_appended)
    signature = key.sign(message(station, start, head_seq, head_hash))
    row = AuditSeal(
        seq_from=start,
        seq_to=head_seq,
        hash=head_hash,
        signature=base64.urlsafe_b64encode(signature).decode("ascii"),
    )
    session.add(row)
    return row


def adopt(
    session: Session, key: Ed25519PrivateKey, station: str, *, by: str
) -> list[tuple[int, int]]:
    """Seal every stretch no seal covers, naming who took them on (an administrator's decision
    on the record: after a new key on a new PC, or once the centre was told of a tampering)."""
    adopted: list[tuple[int, int]] = []
    while (gap := unsealed(session)) is not None:
        event = session.get(AuditEvent, gap[1])
        assert event is not None
        signature = key.sign(message(station, gap[0], gap[1], event.hash))
        session.add(
            AuditSeal(
                seq_from=gap[0],
                seq_to=gap[1],
                hash=event.hash,
                signature=base64.urlsafe_b64encode(signature).decode("ascii"),
                adopted_by=by,
            )
        )
        session.flush()
        adopted.append(gap)
    return adopted


def gap(stretches: Iterable[Sequence[Any]], first: int, last: int) -> tuple[int, int] | None:
    """The first stretch of events first..last that no seal covers, if any; `stretches` are
    seals' (seq_from, seq_to, ...) in order of seq_from."""
    expected = first
    for row in stretches:
        seq_from, seq_to = int(row[0]), int(row[1])
        if seq_from > expected:
            return expected, min(seq_from - 1, last)
        expected = max(expected, seq_to + 1)
    return (expected, last) if expected <= last else None


def unsealed(session: Session) -> tuple[int, int] | None:
    """The first stretch of the file's events no seal covers (before an adoption), if any."""
    stretches = session.exec(
        select(AuditSeal.seq_from, AuditSeal.seq_to).order_by(col(AuditSeal.seq_from))
    ).all()
    head_seq = session.exec(select(func.max(AuditEvent.seq))).one() or 0
    return gap(stretches, 1, head_seq)


@dataclass(frozen=True)
class Problem:
    at: int  # the first event concerned
    what: Text


def check(
    session: Session, station: str, signed: Callable[[bytes, bytes], bool], *, batch: int = 2_000
) -> Problem | None:
    """Every seal signed by the station (`signed(message, signature)`), contiguous from the
    first event, each ending on the event whose hash it names, and none left out at the end."""
    expected = 1
    after = 0
    while True:
        rows = session.exec(
            select(AuditSeal, AuditEvent.hash)
            .join(AuditEvent, col(AuditEvent.seq) == col(AuditSeal.seq_to), isouter=True)
            .where(col(AuditSeal.seq_from) > after)
            .order_by(col(AuditSeal.seq_from))
            .limit(batch)
        ).all()
        if not rows:
            break
        for row, event_hash in rows:
            try:
                signature = base64.urlsafe_b64decode(row.signature.encode("ascii"))
            except ValueError:
                signature = b""
            if not signed(message(station, row.seq_from, row.seq_to, row.hash), signature):
                return Problem(
                    row.seq_from,
                    text(
                        f"第 {row.seq_from}–{row.seq_to} 条记录的封签不是本所密钥签发的："
                        "记录被篡改",
                        f"the seal over events {row.seq_from}–{row.seq_to} was not signed by "
                        "this station's key: the trail was tampered with",
                    ),
                )
            if row.seq_from > expected:
                return _left_out(expected, row.seq_from - 1)
            if row.seq_from < expected or row.seq_to < row.seq_from:
                return Problem(
                    row.seq_from,
                    text("审计封签相互重叠：记录被篡改", "the seals overlap: tampering"),
                )
            if event_hash is None:
                return Problem(
                    row.seq_to,
                    text(
                        f"已封签的第 {row.seq_to} 条记录不见了：记录被删除",
                        f"event {row.seq_to}, under a seal, is gone: events were deleted",
                    ),
                )
            if event_hash != row.hash:
                return Problem(
                    row.seq_from,
                    text(
                        f"第 {row.seq_from}–{row.seq_to} 条记录与其封签不符：审计链被改写",
                        f"events {row.seq_from}–{row.seq_to} no longer match their seal: the "
                        "trail was rewritten",
                    ),
                )
            expected = row.seq_to + 1
            after = row.seq_from
        session.expunge_all()
    head_seq = session.exec(select(func.max(AuditEvent.seq))).one() or 0
    if head_seq >= expected:
        return _left_out(expected, head_seq)
    return None


def _left_out(first: int, last_: int) -> Problem:
    return Problem(
        first,
        text(
            f"第 {first}–{last_} 条记录没有本所密钥的封签：是在本软件之外添加的"
            "（或在本机没有签名密钥期间记录、尚未经管理员认领）",
            f"events {first}–{last_} carry no seal of this station's key: they were added "
            "outside the desk (or recorded while this PC had no signing key and not yet adopted "
            "by the administrator)",
        ),
    )
