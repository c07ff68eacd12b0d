"""A bundle's manifest as a type: what the station signs about the rows it sends (whose, which
stretch of its changes and of its audit trail, under which seals, how many of each) and what
the centre reads back, each field checked once, here."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from hukou_desk.domain.text import text
from hukou_desk.sync.bundle import BundleRefused, peek_station

Kind = Literal["incremental", "range"]


@dataclass(frozen=True)
class Seal:
    """A seal of the station's key over a stretch of its audit trail (`storage.seals`)."""

    seq_from: int
    seq_to: int
    hash: str
    signature: str  # base64url, as stored
    adopted_by: str | None = None  # an administrator who adopted unsealed events

    @property
    def signature_bytes(self) -> bytes:
        return base64.urlsafe_b64decode(self.signature)

    def as_list(self) -> list[Any]:
        return [self.seq_from, self.seq_to, self.hash, self.signature, self.adopted_by]

    @classmethod
    def of(cls, row: Any) -> Seal:
        seq_from, seq_to, hash_, signature, adopted_by = row
        return cls(
            int(seq_from),
            int(seq_to),
            str(hash_),
            str(signature),
            None if adopted_by is None else str(adopted_by),
        )


@dataclass(frozen=True)
class Manifest:
    station: str
    seq_from: int
    seq_to: int
    epoch: int = 0
    kind: Kind = "incremental"
    audit_from: int = 1
    audit_to: int = 0
    seals: tuple[Seal, ...] = ()
    received: tuple[date, date] | None = None  # a period re-sent (kind "range")
    counts: Mapping[str, int] = field(default_factory=dict)
    created_at: str = ""
    format_version: int | None = None  # set by the bundle's writer
    members: Mapping[str, str] = field(default_factory=dict)  # name → SHA-256

    @property
    def ranged(self) -> bool:
        return self.kind == "range"

    def as_dict(self) -> dict[str, Any]:
        """The manifest as the bundle carries it (what the station signs)."""
        word: dict[str, Any] = {
            "station": self.station,
            "epoch": self.epoch,
            "kind": self.kind,
            "seq_from": self.seq_from,
            "seq_to": self.seq_to,
            "audit_from": self.audit_from,
            "audit_to": self.audit_to,
            "seals": [seal.as_list() for seal in self.seals],
            "counts": dict(self.counts),
            "created_at": self.created_at,
        }
        if self.received is not None:
            word["received"] = [self.received[0].isoformat(), self.received[1].isoformat()]
        if self.format_version is not None:
            word["format_version"] = self.format_version
        if self.members:
            word["members"] = dict(self.members)
        return word

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Manifest:
        """A signed manifest's fields, each checked; refused with the first that is not what a
        station writes."""
        station = peek_station(dict(raw))
        try:
            seq_from, seq_to = int(raw["seq_from"]), int(raw["seq_to"])
        except (KeyError, TypeError, ValueError):
            raise _refused("清单缺少变更序号。", "The manifest lacks its sequence.") from None
        try:
            audit_from, audit_to = int(raw.get("audit_from", 1)), int(raw.get("audit_to", 0))
        except (TypeError, ValueError):
            raise _refused(
                "清单的审计序号无效。", "The manifest's audit range is not valid."
            ) from None
        try:
            seals = tuple(sorted((Seal.of(row) for row in raw.get("seals", [])), key=_start))
            for seal in seals:
                seal.signature_bytes  # noqa: B018  # decodes, or refuses here
        except (TypeError, ValueError):
            raise _refused(
                "清单缺少审计封签。", "The manifest lacks the audit trail's seals."
            ) from None
        kind = raw.get("kind", "incremental")
        received = raw.get("received")
        try:
            epoch = int(raw.get("epoch", 0))
            if kind not in ("incremental", "range"):
                raise ValueError(kind)
            period = (
                None
                if received is None
                else (date.fromisoformat(received[0]), date.fromisoformat(received[1]))
            )
            counts = {str(k): int(v) for k, v in dict(raw.get("counts", {})).items()}
            members = {str(k): str(v) for k, v in dict(raw.get("members", {})).items()}
            version = raw.get("format_version")
            format_version = None if version is None else int(version)
        except (TypeError, ValueError, IndexError):
            raise _refused("清单格式错误。", "The manifest is malformed.") from None
        return cls(
            station=station,
            seq_from=seq_from,
            seq_to=seq_to,
            epoch=epoch,
            kind="range" if kind == "range" else "incremental",
            audit_from=audit_from,
            audit_to=audit_to,
            seals=seals,
            received=period,
            counts=counts,
            created_at=str(raw.get("created_at", "")),
            format_version=format_version,
            members=members,
        )


def _start(seal: Seal) -> tuple[int, int]:
    return seal.seq_from, seal.seq_to


def _refused(zh: str, en: str) -> BundleRefused:
    return BundleRefused(text(zh, en))
