"""What the centre trusts of a station: its keys (registered, revoked, the centre's own key
installed at the station), its audit trail under the seals of its key and continuing the copy
the centre holds, and every decision signed by a key the centre enrolled for its decider."""

from __future__ import annotations

import base64
import itertools
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlmodel import Session, col, select

from hukou_desk import keys
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, counters, enrolment, ledger, registry, seals
from hukou_desk.storage.models import StationAudit
from hukou_desk.sync.bundle import BundleRefused, Rows
from hukou_desk.sync.lookup import table_of
from hukou_desk.sync.manifest import Manifest


def check_seals(session: Session, manifest: Manifest, events: Rows) -> list[str]:
    """Every audit event the bundle brings lies under a seal of the station's key, and each
    seal ends on the event whose hash it names: events added to the station's file behind the
    desk's back are refused here even inside a genuinely signed bundle. The stretches an
    administrator adopted, named for the report."""
    if not events.values:
        return []
    station = manifest.station
    at_seq, at_hash = events.columns.index("seq"), events.columns.index("hash")
    hashes = {int(row[at_seq]): str(row[at_hash]) for row in events.values}
    return _sealed(session, station, manifest, hashes, min(hashes), max(hashes))


def _sealed(
    session: Session,
    station: str,
    manifest: Manifest,
    hashes: dict[int, str],
    first: int,
    last: int,
) -> list[str]:
    adopted: list[str] = []
    signed = keys.station_signed(session, station)
    for seal in manifest.seals:
        seq_from, seq_to = seal.seq_from, seal.seq_to
        # A counter seals as its station (`Database.seal`), with its own key.
        message = seals.message(counters.station_of(station), seq_from, seq_to, seal.hash)
        if not signed(message, seal.signature_bytes):
            raise _refused_trail(
                station,
                f"第 {seq_from}–{seq_to} 条审计记录的封签无效",
                f"the seal over audit events {seq_from}–{seq_to} is not the station's",
            )
        if seq_to in hashes and hashes[seq_to] != seal.hash:
            raise _refused_trail(
                station,
                f"第 {seq_from}–{seq_to} 条审计记录与其封签不符",
                f"audit events {seq_from}–{seq_to} do not match their seal",
            )
        if seal.adopted_by:
            adopted.append(f"{seq_from}–{seq_to} ({seal.adopted_by})")
    gap = seals.gap([(s.seq_from, s.seq_to) for s in manifest.seals], first, last)
    if gap is not None:
        raise _refused_trail(
            station,
            f"第 {gap[0]}–{gap[1]} 条审计记录没有该所密钥的封签",
            f"audit events {gap[0]}–{gap[1]} carry no seal of the station's key",
        )
    return adopted


def check_deciders(session: Session, station: str, events: Rows) -> None:
    """Every decision the bundle brings (approval, refusal, return) signed by its decider's
    own key, one this centre enrolled for that person at that station: the whole bundle is
    refused otherwise, nothing imported (see `storage.enrolment`). Unsigned decisions pass
    only from a station that never signed anything (a file from before persons' keys)."""
    if not events.values:
        return
    enrolled = enrolment.enrolled_at_centre(session)
    columns = events.columns
    at_signature = columns.index("signature") if "signature" in columns else None
    began = at_signature is not None and any(row[at_signature] for row in events.values)
    began = (
        began
        or session.exec(
            select(StationAudit.seq).where(
                StationAudit.station_code == station, col(StationAudit.signature).is_not(None)
            )
        ).first()
        is not None
    )
    at_action = columns.index("action") if "action" in columns else None
    # Only the decisions made into dicts (not every event: a copy of the trail in memory).
    for values in events.values:
        if at_action is None or values[at_action] not in ledger.DECISIONS:
            continue
        row = dict(zip(columns, values, strict=True))
        seq, actor, signature = row.get("seq"), str(row.get("actor")), row.get("signature")
        if not signature:
            if began:
                raise _refused_decision(station, seq, actor, "没有决定人本人的签名", "is unsigned")
            continue
        statement = enrolled.get(str(row.get("signer")))
        if (
            statement is None
            or statement.get("station") != counters.station_of(station)
            or statement.get("username") != actor
        ):
            raise _refused_decision(
                station,
                seq,
                actor,
                "的签名密钥未经中心登记",
                "is signed by a key this centre never enrolled for them",
            )
        try:
            Ed25519PublicKey.from_public_bytes(keys.unb64url(str(statement["public_key"]))).verify(
                base64.urlsafe_b64decode(str(signature)),
                ledger.message(counters.station_of(station), SimpleNamespace(**row)),
            )
        except (InvalidSignature, ValueError, KeyError):
            raise _refused_decision(
                station, seq, actor, "的签名无效（记录被篡改）", "does not match its signature"
            ) from None


def _refused_decision(station: str, seq: Any, actor: str, zh: str, en: str) -> BundleRefused:
    return BundleRefused(
        text(
            f"派出所 {station} 第 {seq} 条审计记录中 {actor} 的审批决定{zh}：整个文件不予导入，"
            "请与该所核实。",
            f"Station {station}'s decision by {actor} (audit event {seq}) {en}: the bundle is "
            "refused, nothing imported; check with the station.",
        )
    )


def _refused_trail(station: str, zh: str, en: str) -> BundleRefused:
    return BundleRefused(
        text(
            f"派出所 {station}：{zh}（记录在本软件之外被改动）。整个文件未导入。",
            f"Station {station}: {en} (the trail was changed outside the desk). Nothing was "
            "imported.",
        )
    )


def trail_name(station: str, epoch: int) -> str:
    """Where the centre keeps a station's trail: epoch 0 under its code, a restored station's
    later history beside it (440703001#1), the old copy never overwritten."""
    return station if epoch == 0 else f"{station}#{epoch}"


def new_events(session: Session, station: str, events: Rows) -> list[list[Any]]:
    """The station's audit events the centre does not hold yet. Its copy is never rewritten:
    an event it holds that arrives different (a trail rewritten at the station, a re-send of
    another history) refuses the bundle, naming the event's number."""
    if not events.values:
        return []
    at_seq, at_hash = events.columns.index("seq"), events.columns.index("hash")
    seqs = [int(row[at_seq]) for row in events.values]
    held: dict[int, str] = {}
    table = table_of(StationAudit)
    for seq, hash_ in session.execute(  # one range: a bundle's events are consecutive
        sa.select(table.c.seq, table.c.hash).where(
            table.c.station_code == station, table.c.seq.between(min(seqs), max(seqs))
        )
    ):
        held[int(seq)] = str(hash_)
    differ = [seq for seq, row in zip(seqs, events.values, strict=True) if seq in held
              and held[seq] != str(row[at_hash])]  # fmt: skip
    if differ:
        raise BundleRefused(
            text(
                f"派出所 {station} 的审计记录第 {differ[0]} 条与中心保存的副本不同：审计链被改写。"
                "整个文件未导入。",
                f"Station {station}'s audit event {differ[0]} differs from the copy the centre "
                "holds: the trail was rewritten. Nothing was imported.",
            )
        )
    # Continuity: the events the bundle adds follow the copy held, link by link.
    at_prev = events.columns.index("prev_hash")
    ordered = sorted(zip(seqs, events.values, strict=True), key=lambda pair: pair[0])
    first_new = next((seq for seq, _row in ordered if seq not in held), None)
    if first_new is not None and first_new > 1:
        in_bundle = {seq: str(row[at_hash]) for seq, row in ordered}
        expected = (
            in_bundle.get(first_new - 1)
            or session.execute(
                sa.select(table.c.hash).where(
                    table.c.station_code == station, table.c.seq == first_new - 1
                )
            ).scalar_one_or_none()
        )
        row = dict(ordered)[first_new]
        if expected is not None and str(row[at_prev]) != str(expected):
            raise BundleRefused(
                text(
                    f"派出所 {station} 的审计记录第 {first_new} 条接不上中心保存的前一条："
                    "审计链不连续。整个文件未导入。",
                    f"Station {station}'s audit event {first_new} does not follow the one the "
                    "centre holds before it: the trail is broken. Nothing was imported.",
                )
            )
    for (seq, row), (next_seq, next_row) in itertools.pairwise(ordered):
        if next_seq == seq + 1 and str(next_row[at_prev]) != str(row[at_hash]):
            raise BundleRefused(
                text(
                    f"派出所 {station} 的审计记录第 {next_seq} 条与前一条不衔接；整个文件未导入。",
                    f"Station {station}'s audit event {next_seq} does not follow the one before "
                    "it; nothing was imported.",
                )
            )
    return [
        [*row, station] for seq, row in zip(seqs, events.values, strict=True) if seq not in held
    ]


def trust(session: Session, *, station: str, public_key: str, actor: str) -> None:
    """At the centre: know a station's key (from its registration); a counter registered with
    the key held for its station's code is that PC renumbered (`counters.continues`)."""
    from hukou_desk.sync import counters as counter_owners

    keys.trust_station(session, actor=actor, station_code=station, public_key=public_key)
    counter_owners.continues(session, station, public_key, actor=actor)


def revoke(
    session: Session, *, station: str, actor: str, reason: str = "", at: datetime | None = None
) -> None:
    """At the centre: withdraw a station's key, or one counter's (`keys.revoke_station`)."""
    keys.revoke_station(session, actor=actor, station=station, reason=reason, at=at)


def install_centre_key(session: Session, *, public_key: str, actor: str) -> None:
    keys.install_centre_bundle_key(session, public_key=public_key, actor=actor)


def imported_audit(session: Session, station: str) -> tuple[int, str]:
    """At the centre: the last audit event of `station` imported, and its hash."""
    seq = registry.get(session, registry.IMPORTED_AUDIT.entry(station)) or 0
    epoch = registry.get(session, registry.IMPORTED_EPOCH.entry(station)) or 0
    table = table_of(StationAudit)
    found = session.execute(
        sa.select(table.c.hash).where(
            table.c.station_code == trail_name(station, epoch), table.c.seq == seq
        )
    ).scalar_one_or_none()
    if found is None and epoch:  # the new epoch has sent no event of its own yet
        found = session.execute(
            sa.select(table.c.hash).where(table.c.station_code == station, table.c.seq == seq)
        ).scalar_one_or_none()
    return seq, str(found or audit.GENESIS)
