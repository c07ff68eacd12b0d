"""The centre's acknowledgement: its signed word that it holds a station's changes and trail
up to a point (or that it refused a bundle, and why), made at the centre and installed at the
station, where the next export starts after it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlmodel import Session

from hukou_desk import keys
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, cases, counters, registry
from hukou_desk.storage.models import utc_now
from hukou_desk.sync.bundle import BundleRefused
from hukou_desk.sync.importing import Report

ACK_MAGIC = b"HKDACK"


def acknowledgement(
    report: Report,
    audit: tuple[int, str],
    signer: Ed25519PrivateKey,
    *,
    held: list[str] | None = None,
    refused: dict[str, Any] | None = None,
) -> bytes:
    """The centre's signed word that it holds a station's changes up to `report.seq_to` and its
    audit trail up to `audit` (the last event's number and hash), with the cases it keeps in two
    versions for review; or, with `refused` (the reason in both languages and the bundle's
    range), that it refused a bundle and still holds only what `report.seq_to` says."""
    word: dict[str, Any] = {
        "station": report.station,
        "seq_to": report.seq_to,
        "audit_to": audit[0],
        "audit_hash": audit[1],
        "at": utc_now().isoformat(),
        "held": sorted(report.conflicts if held is None else held),
    }
    if refused is not None:
        word["refused"] = refused
    body = json.dumps(word, sort_keys=True, ensure_ascii=False).encode()
    return ACK_MAGIC + bytes([1]) + signer.sign(body) + body


@dataclass(frozen=True)
class Acknowledged:
    station: str
    seq_to: int
    audit_to: int
    audit_hash: str | None
    at: str = ""
    held: tuple[str, ...] = ()
    refused: dict[str, Any] | None = None


def read_acknowledgement(data: bytes, *, centre_key: str) -> Acknowledged:
    """An acknowledgement's content, its signature checked against the centre's key."""
    if not data.startswith(ACK_MAGIC) or len(data) < len(ACK_MAGIC) + 65:
        raise BundleRefused(text("这不是中心的回执文件。", "This is not a centre acknowledgement."))
    signature, body = data[len(ACK_MAGIC) + 1 : len(ACK_MAGIC) + 65], data[len(ACK_MAGIC) + 65 :]
    try:
        Ed25519PublicKey.from_public_bytes(keys.unb64url(centre_key)).verify(signature, body)
        ack = json.loads(body)
        hash_ = ack.get("audit_hash")
        refused = ack.get("refused")
        return Acknowledged(
            str(ack["station"]),
            int(ack["seq_to"]),
            int(ack["audit_to"]),
            None if hash_ is None else str(hash_),
            str(ack.get("at", "")),
            tuple(str(n) for n in ack.get("held", [])),
            {str(k): v for k, v in refused.items()} if isinstance(refused, dict) else None,
        )
    except (InvalidSignature, ValueError, KeyError, TypeError, AttributeError):
        raise BundleRefused(
            text("回执不是中心签发的，未作记录。", "The acknowledgement is not the centre's.")
        ) from None


def acknowledge(session: Session, data: bytes, *, centre_key: str, actor: str) -> int:
    """At the station: record the centre's acknowledgement; the next export starts after it.
    Its word — when, the cases it holds for review, a bundle it refused and why — is kept for
    the desk's sync status."""
    ack = read_acknowledgement(data, centre_key=centre_key)
    here = cases.station(session)
    if ack.station != counters.this_identity(session):
        raise BundleRefused(
            text(
                f"这是派出所 {ack.station} 的回执。",
                f"This acknowledgement is for station {ack.station}.",
            )
        )
    known = registry.get(session, registry.ACKNOWLEDGED_SEQ) or 0
    exported = registry.get(session, registry.EXPORTED_SEQ) or 0
    if ack.seq_to > exported:
        raise BundleRefused(
            text("回执超出本机已导出的范围。", "The acknowledgement covers more than was exported.")
        )
    if ack.seq_to > known:
        registry.put(session, registry.ACKNOWLEDGED_SEQ, ack.seq_to)
        registry.put(session, registry.ACKNOWLEDGED_AUDIT, ack.audit_to)
        registry.put(session, registry.ACKNOWLEDGEMENT, keys.b64url(data))
    said = registry.get(session, registry.CENTRE_WORD) or {}
    if ack.at >= str(said.get("at", "")):
        registry.put(
            session,
            registry.CENTRE_WORD,
            {
                "at": ack.at,
                "seq_to": max(ack.seq_to, known),
                "held": list(ack.held),
                "refused": ack.refused,
                "installed_at": utc_now().isoformat(),
            },
        )
    if ack.seq_to > known or ack.refused is not None:
        audit.record(
            session,
            actor=actor,
            action="sync.acknowledged" if ack.refused is None else "sync.refused",
            entity="station",
            entity_id=here.code,
            # The centre's signed word itself, in the chain too: deleting the copy kept in
            # the settings does not take the anchor away (`sync.trail`).
            detail={
                "seq_to": ack.seq_to,
                "audit_to": ack.audit_to,
                "held": len(ack.held),
                "acknowledgement": keys.b64url(data),
            },
        )
    return max(ack.seq_to, known)
