"""Where sync stands, for the people who must act on it.

At a station (the desk's sync tab): the last export (when, how many cases, which file), the
changes not yet sent, the centre's last word (its acknowledgement, the cases it holds for
review, a bundle it refused and why), and a reminder once the centre has confirmed nothing
for the number of days it set in its reference data.

At the centre (`hukou-desk centre-status`): every station it trusts, with its last bundle, its
last acknowledgement, whether it is overdue, and what is held or was refused.

Counts, times, file names, case numbers and the centre's reasons only: no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from hukou_desk import keys
from hukou_desk.domain.clock import china_day
from hukou_desk.domain.text import Text, text
from hukou_desk.storage import registry
from hukou_desk.storage.models import Change, SyncConflict, utc_now

DEFAULT_REMINDER_DAYS = 7  # until the centre's reference data says otherwise


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return _aware(datetime.fromisoformat(str(value)))
    except ValueError:
        return None


def _aware(moment: datetime) -> datetime:
    """A stored moment in UTC (SQLite hands back naive UTC times)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _reason(refused: Any) -> Text | None:
    if not isinstance(refused, dict):
        return None
    return text(str(refused.get("zh", "")), str(refused.get("en", "")))


def reminder_days(session: Session) -> int:
    return registry.get(session, registry.REMINDER_DAYS) or DEFAULT_REMINDER_DAYS


@dataclass(frozen=True)
class StationSync:
    """The desk's sync status at a station."""

    exported_at: datetime | None
    exported_cases: int
    exported_file: str
    unsent_cases: int  # cases changed since the last export
    unconfirmed_cases: int  # cases changed since the centre's last acknowledgement
    acknowledged_at: datetime | None
    acknowledged_seq: int
    held: tuple[str, ...]  # case numbers the centre keeps in two versions for review
    refused: Text | None  # the last bundle the centre refused, and why
    refused_at: datetime | None
    reminder_days: int
    waiting_days: int | None  # days the oldest unconfirmed change has waited for the centre

    @property
    def overdue(self) -> bool:
        return self.waiting_days is not None and self.waiting_days >= self.reminder_days


def _changed_cases(session: Session, after: int) -> int:
    return session.exec(
        select(sa.func.count(sa.distinct(col(Change.case_id)))).where(col(Change.seq) > after)
    ).one()


def station_sync(session: Session, *, today: date) -> StationSync:
    last = registry.get(session, registry.LAST_EXPORT) or {}
    word = registry.get(session, registry.CENTRE_WORD) or {}
    exported = registry.get(session, registry.EXPORTED_SEQ) or 0
    acknowledged = registry.get(session, registry.ACKNOWLEDGED_SEQ) or 0
    unconfirmed = _changed_cases(session, acknowledged)
    acknowledged_at = _moment(word.get("at"))
    waiting: int | None = None
    if unconfirmed:
        # Since the centre last confirmed anything, or since the first change it never saw.
        oldest = session.exec(
            select(sa.func.min(Change.at)).where(col(Change.seq) > acknowledged)
        ).one()
        since = max(_aware(m) for m in (acknowledged_at, oldest) if m is not None)
        waiting = (today - china_day(since)).days
    refused = word.get("refused")
    return StationSync(
        exported_at=_moment(last.get("at")),
        exported_cases=int(last.get("cases", 0)),
        exported_file=str(last.get("file", "")),
        unsent_cases=_changed_cases(session, exported),
        unconfirmed_cases=unconfirmed,
        acknowledged_at=acknowledged_at,
        acknowledged_seq=acknowledged,
        held=tuple(str(n) for n in word.get("held", [])),
        refused=_reason(refused),
        refused_at=acknowledged_at if refused else None,
        reminder_days=reminder_days(session),
        waiting_days=waiting,
    )


# --- at the centre -----------------------------------------------------------------------------


def record_bundle(session: Session, station: str, manifest: dict[str, Any], new_cases: int) -> None:
    counts = manifest.get("counts")
    registry.put(
        session,
        registry.LAST_BUNDLE.entry(station),
        {
            "at": utc_now().isoformat(),
            "made_at": str(manifest.get("created_at", "")),
            "seq_from": manifest.get("seq_from"),
            "seq_to": manifest.get("seq_to"),
            "kind": manifest.get("kind", "incremental"),
            "cases": counts.get("cases", 0) if isinstance(counts, dict) else 0,
            "new_cases": new_cases,
        },
    )


def record_refusal(
    session: Session, station: str, manifest: dict[str, Any], reason: Text
) -> dict[str, Any]:
    refusal = {
        "at": utc_now().isoformat(),
        "seq_from": manifest.get("seq_from"),
        "seq_to": manifest.get("seq_to"),
        "zh": reason.zh,
        "en": reason.en,
    }
    registry.put(session, registry.LAST_REFUSAL.entry(station), refusal)
    return refusal


def record_acknowledgement(session: Session, station: str, seq_to: int, refused: bool) -> None:
    registry.put(
        session,
        registry.LAST_ACKNOWLEDGEMENT.entry(station),
        {"at": utc_now().isoformat(), "seq_to": seq_to, "refusal": refused},
    )


@dataclass(frozen=True)
class CentreStation:
    station: str
    last_bundle: dict[str, Any] | None
    last_acknowledgement: dict[str, Any] | None
    last_refusal: dict[str, Any] | None
    held: int  # cases kept in two versions, not yet resolved
    imported_seq: int
    revoked: bool
    waiting_days: int | None  # days since its last bundle (None: never sent one)
    reminder_days: int

    @property
    def overdue(self) -> bool:
        if self.revoked:
            return False
        return self.waiting_days is None or self.waiting_days >= self.reminder_days

    @property
    def refused_since(self) -> bool:
        """Its last bundle was refused (no bundle imported since)."""
        if self.last_refusal is None:
            return False
        landed = (self.last_bundle or {}).get("at", "")
        return str(self.last_refusal.get("at", "")) > str(landed)

    def as_json(self) -> dict[str, Any]:
        return {
            "station": self.station,
            "last_bundle": self.last_bundle,
            "last_acknowledgement": self.last_acknowledgement,
            "last_refusal": self.last_refusal,
            "refused_since": self.refused_since,
            "held": self.held,
            "imported_seq": self.imported_seq,
            "revoked": self.revoked,
            "waiting_days": self.waiting_days,
            "overdue": self.overdue,
        }


def centre_status(session: Session, *, today: date) -> list[CentreStation]:
    """Every station the centre trusts or has heard from, by code."""
    bundles = registry.members(session, registry.LAST_BUNDLE)
    acks = registry.members(session, registry.LAST_ACKNOWLEDGEMENT)
    refusals = registry.members(session, registry.LAST_REFUSAL)
    imported = registry.members(session, registry.IMPORTED_SEQ)
    # A station revoked withdraws each of its counters (docs/counters.md).
    from hukou_desk.sync.counters import revoked as withdrawn

    revoked = withdrawn(session)
    held: dict[str, int] = {
        str(code): int(count)
        for code, count in session.execute(
            sa.select(col(SyncConflict.station_code), sa.func.count())
            .where(col(SyncConflict.resolved) == False)  # noqa: E712
            .group_by(col(SyncConflict.station_code))
        )
    }
    days = reminder_days(session)
    codes = sorted(set(keys.known_keys(session)) | set(bundles) | revoked)
    out = []
    for code in codes:
        bundle = bundles.get(code)
        landed = _moment((bundle or {}).get("at"))
        out.append(
            CentreStation(
                station=code,
                last_bundle=bundle,
                last_acknowledgement=acks.get(code),
                last_refusal=refusals.get(code),
                held=int(held.get(code, 0)),
                imported_seq=int(imported.get(code, 0)),
                revoked=code in revoked,
                waiting_days=None if landed is None else (today - china_day(landed)).days,
                reminder_days=days,
            )
        )
    return out
