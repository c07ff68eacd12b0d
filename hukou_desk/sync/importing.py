"""Import at the centre (PostgreSQL, or any case file for testing).

Import is one transaction: all or nothing. It is idempotent — a bundle already imported changes
nothing — and ordered: bundles from one station must arrive in sequence; a gap is refused with
the missing range. A case the centre changed after the station's version is not overwritten:
both are kept and listed. An identity number with open cases at two stations is flagged.
Every row is checked against its owner (`owners`), the trail and decisions against the
station's keys (`trust`), and written by `loading`.

The bundle streams (`bundle.opened`): its tables are read a batch at a time in the order
users, persons, cases, the rows hanging from cases, scans, audit trail, each batch checked
against what the centre holds once the earlier tables were written, then written; what one
table tells the next is ids in a temporary table (`carried`). Memory is a batch's, whatever
the bundle's size.
"""

from __future__ import annotations

import gc
import hashlib
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from hukou_desk import keys
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.text import Text, text
from hukou_desk.files import write_whole
from hukou_desk.storage import audit, counters, registry, stats
from hukou_desk.storage.attachments import path_of
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import (
    Attachment,
    Case,
    CaseRole,
    CheckAttachment,
    Decision,
    DocumentCheck,
    Person,
    StationAudit,
    SyncConflict,
    User,
    utc_now,
)
from hukou_desk.sync import counters as counter_owners
from hukou_desk.sync import handover, loading, owners, status, trust
from hukou_desk.sync.bundle import BundleRefused, Opened, Rows, Sealed, opened
from hukou_desk.sync.carried import Carried
from hukou_desk.sync.lookup import (
    as_json,
    found,
    hex_column,
    hex_id,
    listed,
    lookup,
    row_ids,
    table_of,
)
from hukou_desk.sync.manifest import Manifest

OPEN = (CaseStatus.DRAFT, CaseStatus.NEEDS_DOCUMENTS, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED)


@dataclass
class Report:
    station: str
    seq_from: int
    seq_to: int
    already_imported: bool = False
    new_epoch: int | None = None  # the station was restored: its new epoch, taken whole
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # case numbers kept in both versions
    duplicates: list[str] = field(default_factory=list)  # masked identity numbers
    adopted: list[str] = field(default_factory=list)  # audit stretches an administrator adopted
    late_epoch: int | None = None  # a bundle made before the station's restore: its epoch
    held_already: int = 0  # of such a bundle, the cases the centre held and left as they were
    seconds: float = 0.0

    def add(self, name: str, tally: loading.Tally) -> None:
        """What writing a table did, added to the counts."""
        self.inserted[name] = self.inserted.get(name, 0) + tally.inserted
        if tally.updated:
            self.updated[name] = self.updated.get(name, 0) + tally.updated
        self.unchanged[name] = self.unchanged.get(name, 0) + tally.unchanged

    def as_json(self) -> dict[str, Any]:
        return {
            "station": self.station,
            "seq_from": self.seq_from,
            "seq_to": self.seq_to,
            "already_imported": self.already_imported,
            "new_epoch": self.new_epoch,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "duplicates": self.duplicates,
            "adopted": self.adopted,
            "late_epoch": self.late_epoch,
            "held_already": self.held_already,
            "seconds": round(self.seconds, 3),
        }

    def as_text(self) -> str:
        if self.already_imported:
            return (
                f"{self.station} {self.seq_from}–{self.seq_to}: already imported, nothing changed."
            )
        counts = ", ".join(
            f"{name} +{self.inserted.get(name, 0)}/~{self.updated.get(name, 0)}"
            for name in ("cases", "persons", "roles", "checks", "decisions", "attachments")
        )
        lines = [f"{self.station} {self.seq_from}–{self.seq_to}: {counts} ({self.seconds:.2f} s)"]
        if self.new_epoch is not None:
            lines.append(
                f"the station was restored from a backup: epoch {self.new_epoch}, every case it "
                "sent taken (those held already left as they were)"
            )
        if self.late_epoch is not None:
            lines.append(
                f"made before the station's restore (epoch {self.late_epoch}): the cases the "
                f"centre had never seen taken, {self.held_already} held already left as they were"
            )
        if self.conflicts:
            lines.append(f"conflicts kept for review: {', '.join(self.conflicts)}")
        if self.duplicates:
            lines.append(f"possible duplicate applications: {', '.join(self.duplicates)}")
        if self.adopted:
            lines.append(
                "audit events recorded without the station's seal, adopted by its "
                f"administrator (check with the station): {', '.join(self.adopted)}"
            )
        return "\n".join(lines)


def import_bundle(
    target: Database, data: Sealed, *, centre_key: Any, files_dir: Path, actor: str
) -> Report:
    """Import one bundle into `target` in one transaction; raises BundleRefused, writing nothing."""
    started = time.perf_counter()
    with loading.paused_gc():  # collected batch by batch instead (`_batches`)
        # Decrypted and checked before the write begins: imports side by side do this part
        # at the same time, and wait their turn only to write.
        with target.read() as session:
            revoked = frozenset(counter_owners.revoked(session))
            earlier = counter_owners.earlier_keys(session)  # less a revoked counter's key
            known = keys.known_keys(session)
        # Opened as it streams: the chunks decrypted as they are read, every member's digest
        # checked, then each table read a batch at a time (never the bundle whole in memory).
        with opened(
            data, centre_key=centre_key, station_keys=known, revoked=revoked, earlier=earlier
        ) as bundle:
            try:
                return _import_opened(
                    target, bundle, files_dir=files_dir, actor=actor, started=started
                )
            except BundleRefused as exc:
                # Signed by the station, refused here: on the record for `centre-status`, and
                # said to the station in a signed refusal notice (services.centre).
                station = str(bundle.manifest["station"])
                with target.write() as session:
                    refusal = status.record_refusal(session, station, bundle.manifest, exc.message)
                raise ImportRefused(exc.message, station=station, refusal=refusal) from None


class ImportRefused(BundleRefused):
    """A bundle its station signed, refused at the centre (nothing of it written); the
    refusal is recorded for the station."""

    def __init__(self, message: Text, *, station: str, refusal: dict[str, Any]) -> None:
        super().__init__(message)
        self.station, self.refusal = station, refusal


IMPORT_LOCK = 0x48554B4F  # "HUKO": the centre's imports write one at a time


def _wait_turn(session: Session, station: str) -> None:
    """On PostgreSQL, one import writes at a time (the others wait here, at the start of their
    transaction): a person two stations bring at once, a station's sequence, are never raced.
    The station's key is looked at again once the turn comes (revoked while it waited)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
    if station in counter_owners.revoked(session):
        raise BundleRefused(
            text(f"派出所 {station} 的密钥已被吊销。", f"Station {station}'s key has been revoked.")
        )


def _import_opened(
    target: Database, bundle: Opened, *, files_dir: Path, actor: str, started: float
) -> Report:
    with target.write() as session:
        manifest = Manifest.read(bundle.manifest)
        station, seq_from, seq_to = manifest.station, manifest.seq_from, manifest.seq_to
        _wait_turn(session, station)
        last = registry.get(session, registry.IMPORTED_SEQ.entry(station)) or 0
        report = Report(station, seq_from, seq_to)
        epoch = manifest.epoch
        held_epoch = registry.get(session, registry.IMPORTED_EPOCH.entry(station)) or 0
        late = epoch < held_epoch
        if late:
            # Made before the station restored a backup (a stick left in a drawer): the cases
            # the centre never saw are taken — the restored file no longer has them — and those
            # it holds are left as they are (`_Keep`).
            pass
        ranged = manifest.ranged
        restored = epoch > held_epoch and not ranged
        if not ranged and not restored and not late:
            held_audit = registry.get(session, registry.IMPORTED_AUDIT.entry(station)) or 0
            # Nothing new: no change and no audit event (lookups and prints add events only).
            if seq_to <= last and seq_from <= last and manifest.audit_to <= held_audit:
                report.already_imported = True
                status.record_bundle(session, station, bundle.manifest, 0)
                report.seconds = time.perf_counter() - started
                return report
            if seq_from > last + 1:
                raise BundleRefused(
                    text(
                        f"顺序缺失：派出所 {station} 的第 {last + 1}–{seq_from - 1} 号变更"
                        "尚未导入，请先导入之前的导出文件。",
                        f"Sequence gap: station {station}'s changes {last + 1}–{seq_from - 1} "
                        "have not been imported; import the earlier bundles first.",
                    )
                )
        # Every bundle's events under the station's seals: a period re-sent as much as the
        # next in sequence (an event added behind the desk's back is refused either way).
        handovers = _check_trail(session, bundle, manifest, report)
        # A period re-sent is upserted outside the station's sequence; a restored station's
        # first bundle (a new epoch) is taken whole: what the centre holds stays, what is new
        # arrives; otherwise the next bundles in order.
        _apply_checked(session, bundle, manifest, report, files_dir, late, handovers)
        detail: dict[str, Any] = {"conflicts": len(report.conflicts)}
        if ranged:
            detail["received"] = bundle.manifest.get("received")
        elif late:
            report.late_epoch = epoch
            detail.update(late_epoch=epoch, held_already=report.held_already)
        else:
            if restored:
                report.new_epoch = epoch
                registry.put(session, registry.IMPORTED_EPOCH.entry(station), epoch)
                detail["epoch"] = epoch
            registry.put(session, registry.IMPORTED_SEQ.entry(station), seq_to)
            registry.put(session, registry.IMPORTED_AUDIT.entry(station), manifest.audit_to)
            detail.update(seq_from=seq_from, seq_to=seq_to)
        status.record_bundle(session, station, bundle.manifest, report.inserted.get("cases", 0))
        audit.record(
            session,
            actor=actor,
            action="import",
            entity="station",
            entity_id=station,
            detail=detail,
        )
    report.seconds = time.perf_counter() - started
    return report


def _apply_checked(
    session: Session,
    bundle: Opened,
    manifest: Manifest,
    report: Report,
    files_dir: Path,
    late: bool,
    handovers: Rows,
) -> None:
    """`_apply`, with a value this database refuses (a name longer than its column …) said as
    which table, never which value: the error's parameters are personal data."""
    try:
        _apply(session, bundle, manifest, report, files_dir, late, handovers)
    except sa.exc.DBAPIError as exc:
        found = re.search(r'(?:INSERT INTO|UPDATE)\s+"?(\w+)', str(exc.statement or ""))
        table = found.group(1) if found else "?"
        raise BundleRefused(
            text(
                f"数据表 {table} 中有本中心数据库不接受的值（如超长的姓名）；整个文件未导入。",
                f"The table {table} holds a value this centre's database refuses (a name too "
                "long …); nothing was imported.",
            )
        ) from None


def _batches(bundle: Opened, name: str) -> Iterator[Rows]:
    """A table's batches, the garbage collector's youngest generations swept after each: the
    collector is paused for the import (its passes over every object alive cost as much as the
    parse), and the driver's results hold each look-up's ids in reference cycles, which would
    otherwise pile up with the batches."""
    for rows in bundle.rows(name):
        yield rows
        gc.collect(1)


def _check_trail(session: Session, bundle: Opened, manifest: Manifest, report: Report) -> Rows:
    """The bundle's audit events, streamed twice before anything is written: under the
    station's seals (`trust.check_seals`, given the first and last events and those its seals
    end on: all it looks at), then every decision signed by its decider (`trust.check_deciders`,
    a batch at a time, each batch told whether the bundle signs anything at all) and the trail
    following the centre's copy (`trust.new_events`). Returns the hand-over statements among
    them (for `counters.check_cases`)."""
    ends = _TrailEnds({seal.seq_to for seal in manifest.seals})
    for rows in _batches(bundle, "audit"):
        ends.read(rows)
    if ends.first is None or ends.last is None:
        return Rows(ends.columns, ends.handovers)
    report.adopted += trust.check_seals(session, manifest, ends.summary())
    trail = trust.trail_name(report.station, manifest.epoch)
    signed = ends.signed
    before: Any = None
    for rows in _batches(bundle, "audit"):
        if not rows.values:
            continue
        # A bundle that signs anything has every decision signed: each batch is told so by
        # the bundle's first signed event, checked after the batch's own.
        told = signed is not None and not any(row is signed for row in rows.values)
        trust.check_deciders(
            session,
            report.station,
            Rows(rows.columns, [*rows.values, signed] if told else rows.values),
        )
        # The trail against the copy held, link by link, each batch with the event before it
        # (a bundle's events come in order of their numbers): written at the end.
        trust.new_events(
            session,
            trail,
            Rows(rows.columns, [before, *rows.values] if before is not None else rows.values),
        )
        before = rows.values[-1]
    return Rows(ends.columns, ends.handovers)


class _TrailEnds:
    """What the seals' check needs of a bundle's audit events, read batch by batch: the first
    and the last event and those the seals end on, with the hand-over statements and the
    first signed event."""

    def __init__(self, ends: set[int]) -> None:
        self.ends = ends
        self.kept: dict[int, str] = {}
        self.first: tuple[int, str] | None = None
        self.last: tuple[int, str] | None = None
        self.columns: list[str] = []
        self.handovers: list[Any] = []
        self.signed: Any = None

    def read(self, rows: Rows) -> None:
        self.columns = columns = rows.columns
        if not rows.values:
            return
        at_seq, at_hash = columns.index("seq"), columns.index("hash")
        at_action = columns.index("action") if "action" in columns else None
        at_signature = columns.index("signature") if "signature" in columns else None
        for row in rows.values:
            seq = int(row[at_seq])
            if self.first is None or seq < self.first[0]:
                self.first = (seq, str(row[at_hash]))
            if self.last is None or seq > self.last[0]:
                self.last = (seq, str(row[at_hash]))
            if seq in self.ends:
                self.kept[seq] = str(row[at_hash])
            if at_action is not None and row[at_action] in (handover.OUT, handover.IN):
                self.handovers.append(row)
            if self.signed is None and at_signature is not None and row[at_signature]:
                self.signed = row

    def summary(self) -> Rows:
        kept = dict(self.kept)
        for end in (self.first, self.last):
            if end is not None:
                kept[end[0]] = end[1]
        return Rows(["seq", "hash"], [[seq, hash_] for seq, hash_ in sorted(kept.items())])


@dataclass
class _Keep:
    """Which of a bundle's rows are written, as the tables stream: not those of a case the
    signing counter no longer holds (`stale`), nor of a case the centre changed since (kept
    for review: `conflicted`), nor, of a bundle made before the station's restore, of a case
    the centre held already (`late`: those it never saw are remembered in `carried`)."""

    carried: Carried
    late: bool
    stale: set[str] = field(default_factory=set)
    conflicted: set[str] = field(default_factory=set)
    dropped_checks: set[str] = field(default_factory=set)  # of stale cases
    conflicted_checks: set[str] = field(default_factory=set)  # carried, not written

    def cases(self, ids: list[str]) -> set[str]:
        """Of these case ids (hex), those whose rows are checked (all but stale, late-held)."""
        wanted = set(ids) - self.stale
        return self.carried.among("unseen", wanted) if self.late else wanted

    def hanging(self, rows: Rows, column: str = "case_id") -> Rows:
        keys = hex_column(rows.column(column))
        if column == "check_id":
            kept = set(keys) - self.dropped_checks
            if self.late:
                kept = self.carried.among("check", kept)
        else:
            kept = self.cases(keys)
        if len(kept) == len(set(keys)):
            return rows
        return Rows(rows.columns, [r for r, k in zip(rows.values, keys, strict=True) if k in kept])

    def unconflicted(self, rows: Rows) -> Rows:
        if not self.conflicted:
            return rows
        at = rows.columns.index("case_id")
        return Rows(rows.columns, [r for r in rows.values if hex_id(r[at]) not in self.conflicted])


def _unseen(session: Session, bundle: Opened, carried: Carried, report: Report) -> None:
    """A bundle made before its station's restore: the cases the centre never held, and the
    people they and their roles name, remembered (the rest is left as the centre holds it)."""
    case = table_of(Case)
    for rows in _batches(bundle, "cases"):
        if not rows.values:
            continue
        ids = row_ids(rows.column("id"), "cases")
        held = {
            case_id.hex
            for (case_id,) in lookup(session, case.c.id, [uuid.UUID(i) for i in ids], case.c.id)
        }
        report.held_already += len(held)
        unseen = set(ids) - held
        carried.add("unseen", unseen)
        at_id, at_applicant = rows.columns.index("id"), rows.columns.index("applicant_id")
        carried.add("wanted", [r[at_applicant] for r in rows.values if hex_id(r[at_id]) in unseen])
    for rows in _batches(bundle, "roles"):
        if rows.values:
            at_case, at_person = rows.columns.index("case_id"), rows.columns.index("person_id")
            cases = carried.among("unseen", [r[at_case] for r in rows.values])
            carried.add(
                "wanted", [r[at_person] for r in rows.values if hex_id(r[at_case]) in cases]
            )


def _apply(
    session: Session,
    bundle: Opened,
    manifest: Manifest,
    report: Report,
    files_dir: Path,
    late: bool,
    handovers: Rows,
) -> None:
    """The bundle's tables streamed in order, a batch at a time — users, persons, cases, the
    rows hanging from cases, the scans, the audit trail — each batch checked against what the
    centre holds once the earlier tables were written (`owners.check_batch`), then written."""
    applying = _Applying(session, bundle, report, Carried(session), late)
    for name in (*WRITTEN, "attachment_links", "audit"):
        report.add(name, loading.Tally())  # every table counted, its batches added up
    if late:
        _unseen(session, bundle, applying.carried, report)
    applying.users()
    applying.persons()
    applying.cases(handovers)
    applying.hanging()
    applying.scans(files_dir)
    applying.audit(manifest)
    report.duplicates = sorted(dict.fromkeys(report.duplicates))
    # The figures follow the cases imported, in the same transaction: their rows a pass at a
    # time, the month sums moved once at the end.
    stats.refresh_parts(session.connection(), _stats_passes(applying.carried))
    applying.carried.drop()


def _stats_passes(carried: Carried) -> Iterator[list[str]]:
    """The cases written (their hex digits), STATS_CHUNK at a time, for the statistics'
    upkeep."""
    for chunk in carried.chunks("case", STATS_CHUNK):
        yield chunk
        gc.collect(1)  # as after each batch (`_batches`)


class _Applying:
    """One bundle's tables written in order (`_apply`), with what the earlier tables left for
    the later ones: the persons remapped to the centre's copy, the rows kept or dropped."""

    def __init__(
        self, session: Session, bundle: Opened, report: Report, carried: Carried, late: bool
    ) -> None:
        self.session, self.bundle, self.report = session, bundle, report
        self.carried, self.late = carried, late
        self.keep = _Keep(carried, late)
        self.remap: dict[str, str] = {}
        # The counter that signed (440703001-02) owns its cases; the station owns its people
        # and staff, whichever of its counters brings them (docs/counters.md).
        self.station, self.owner = report.station, counters.station_of(report.station)

    def checked(self, name: str, rows: Rows) -> int | None:
        return owners.check_batch(
            self.session,
            name,
            rows,
            self.owner,
            strangers=lambda ids: self.carried.missing("person", ids),
            checks_carried=self.keep.conflicted_checks,
        )

    def person_of(self, value: Any) -> Any:
        return self.remap.get(hex_id(value), value) if self.remap else value

    def users(self) -> None:
        for rows in _batches(self.bundle, "users"):
            if not rows.values:
                continue
            self.checked("users", rows)
            users = [
                # Station staff at the centre: named station/username, never able to log in.
                {
                    **row,
                    "username": row["username"]
                    if "/" in str(row["username"])
                    else f"{self.station}/{row['username']}",
                    "active": False,
                }
                for row in rows.dicts()
            ]
            self.report.add("users", loading.write(self.session, User, users))

    def persons(self) -> None:
        """The same identity number is the same person, whichever station recorded them; the
        row is the copy of the station that brought it, which alone may change it."""
        for rows in _batches(self.bundle, "persons"):
            if not rows.values:
                continue
            if self.late:
                at_id = rows.columns.index("id")
                wanted = self.carried.among("wanted", [r[at_id] for r in rows.values])
                rows = Rows(rows.columns, [r for r in rows.values if hex_id(r[at_id]) in wanted])
            self.carried.add("person", rows.column("id"))
            persons = owners.station_persons(self.session, rows, self.owner)
            self.remap.update(persons.remap)
            self.report.add(
                "persons", loading.write(self.session, Person, persons.own, fresh=persons.fresh)
            )
            if persons.kept:
                unchanged = self.report.unchanged
                unchanged["persons"] = unchanged.get("persons", 0) + persons.kept

    def cases(self, handovers: Rows) -> None:
        empty = {
            "roles": Rows(["case_id"], []),
            "checks": Rows(["id", "case_id"], []),
            "decisions": Rows(["case_id"], []),
            "attachments": Rows(["check_id"], []),
        }
        for rows in _batches(self.bundle, "cases"):
            if "serial" not in rows.columns:
                raise BundleRefused(text("案件表缺少列。", "The cases table lacks a column."))
            if not rows.values:
                continue
            ids = hex_column(rows.column("id"))
            if self.late:
                unseen = self.carried.among("unseen", ids)
                rows = Rows(
                    rows.columns, [r for r, i in zip(rows.values, ids, strict=True) if i in unseen]
                )
            # The cases the signing counter holds (a case handed over since is not its own;
            # the version it handed over is news only where the centre's is older).
            mine = counter_owners.check_cases(
                self.session, {**empty, "cases": rows, "audit": handovers}, self.station
            )["cases"]
            if len(mine) != len(rows):
                self.keep.stale |= set(hex_column(rows.column("id"))) - set(
                    hex_column(mine.column("id"))
                )
            self.checked("cases", mine)
            _write_cases(self.session, mine, self.person_of, self.keep, self.report)

    def hanging(self) -> None:
        """The roles, checks and decisions of the cases written."""
        keep = self.keep
        for name, model in (
            ("roles", CaseRole),
            ("checks", DocumentCheck),
            ("decisions", Decision),
        ):
            for rows in _batches(self.bundle, name):
                if not rows.values:
                    continue
                if keep.stale and name == "checks":
                    at_id, at_case = rows.columns.index("id"), rows.columns.index("case_id")
                    keep.dropped_checks |= {
                        hex_id(r[at_id]) for r in rows.values if hex_id(r[at_case]) in keep.stale
                    }
                rows = keep.hanging(rows)
                held = self.checked(name, rows)
                if name == "checks":
                    self._checks_kept(rows)
                rows = keep.unconflicted(rows)
                if self.remap and name == "roles":
                    at_person = rows.columns.index("person_id")
                    for row in rows.values:
                        row[at_person] = self.person_of(row[at_person])
                self.report.add(name, loading.write(self.session, model, rows, fresh=held == 0))

    def _checks_kept(self, rows: Rows) -> None:
        """The checks of cases kept for review (their scans' links are not written), and, of
        a bundle made before a restore, the checks written (their scans are)."""
        at_id, at_case = rows.columns.index("id"), rows.columns.index("case_id")
        if self.keep.conflicted:
            self.keep.conflicted_checks |= {
                hex_id(r[at_id]) for r in rows.values if hex_id(r[at_case]) in self.keep.conflicted
            }
        if self.late:
            self.carried.add("check", rows.column("id"))

    def scans(self, files_dir: Path) -> None:
        files_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        new_scans: set[str] = set()  # the scans new to the centre (a digest each)
        for rows in _batches(self.bundle, "attachments"):
            if not rows.values:
                continue
            rows = self.keep.hanging(rows, "check_id")
            self.checked("attachments", rows)
            new_scans |= _write_scan_links(self.session, rows, self.report)
        _write_scans(self.bundle, new_scans, files_dir)

    def audit(self, manifest: Manifest) -> None:
        trail = trust.trail_name(self.station, manifest.epoch)
        before: Any = None
        for rows in _batches(self.bundle, "audit"):
            if not rows.values:
                continue
            # The batch with the event before it (held by now): continuity is checked across
            # the batches as within one (a bundle's events come in order of their numbers).
            events = Rows(
                rows.columns, [before, *rows.values] if before is not None else rows.values
            )
            new = trust.new_events(self.session, trail, events)
            self.report.add(
                "audit",
                loading.write(
                    self.session, StationAudit, Rows([*rows.columns, "station_code"], new)
                ),
            )
            before = rows.values[-1]


def _write_cases(
    session: Session, cases_in: Rows, person_of: Any, keep: _Keep, report: Report
) -> None:
    """A batch of cases written: a case the centre changed since kept in both versions (the
    station's for review), the others written, numbered by the centre where new to it."""
    if not cases_in.values:
        return
    station = report.station
    at = {name: cases_in.columns.index(name) for name in ("id", "applicant_id", "revision")}
    at_serial = cases_in.columns.index("serial")
    incoming_ids = hex_column(cases_in.column("id"))
    current: dict[str, tuple[int, int, str]] = {
        hex_id(case_id): (int(revision), int(serial), str(number))
        for case_id, revision, serial, number in found(
            session,
            f"SELECT id, revision, serial, number FROM case_file WHERE id IN {listed(session)}",
            (as_json(incoming_ids),),
            table="cases",
        )
    }
    accepted = []
    for row, case_id in zip(cases_in.values, incoming_ids, strict=True):
        row[at["applicant_id"]] = person_of(row[at["applicant_id"]])
        known_case = current.get(case_id)
        if known_case is not None and known_case[0] > int(row[at["revision"]]):
            # The centre's version is newer: keep it, and keep the station's for review.
            session.add(
                SyncConflict(
                    station_code=station,
                    case_id=uuid.UUID(case_id),
                    centre_revision=known_case[0],
                    incoming_revision=int(row[at["revision"]]),
                    incoming=dict(zip(cases_in.columns, row, strict=True)),
                    detected_at=utc_now(),
                )
            )
            report.conflicts.append(known_case[2])
            keep.conflicted.add(case_id)
            continue
        row[at_serial] = None if known_case is None else known_case[1]
        accepted.append(row)
    # Serials are each file's own: the centre numbers the cases new to it.
    fresh = [row for row in accepted if row[at_serial] is None]
    for row, serial in zip(fresh, _new_serials(session, len(fresh)), strict=True):
        row[at_serial] = serial
    session.flush()
    report.add(
        "cases",
        loading.write(session, Case, Rows(cases_in.columns, accepted), fresh=not current),
    )
    keep.carried.add("case", [row[at["id"]] for row in accepted])
    _flag_duplicates(session, Rows(cases_in.columns, accepted), report)


def _write_scan_links(session: Session, rows: Rows, report: Report) -> set[str]:
    """A batch of scans' links written, with the scans' rows new to the centre; their digests
    returned (their files are written from the bundle's one pass over its scans)."""
    attachments = rows.dicts()
    metas = {
        row["sha256"]: {k: row[k] for k in ("sha256", "size", "media_type", "created_at")}
        for row in attachments
    }
    # A scan is named by its digest and may be shared by stations: what the centre holds of
    # it is never changed by a bundle, only new scans are added.
    scan = table_of(Attachment)
    for (held_scan,) in lookup(session, scan.c.sha256, sorted(metas), scan.c.sha256):
        metas.pop(str(held_scan), None)
    report.add("attachments", loading.write(session, Attachment, list(metas.values())))
    links = [
        {k: row[k] for k in ("id", "check_id", "sha256", "file_name", "added_by", "added_at")}
        for row in attachments
    ]
    report.add("attachment_links", loading.write(session, CheckAttachment, links))
    return set(metas)


def _write_scans(bundle: Opened, wanted: set[str], files_dir: Path) -> None:
    """The scans new to the centre written (owner-only, whole or not at all), each checked
    against its digest as the bundle's scans are read once; one the bundle lacks refuses it."""
    missing = set(wanted)
    for sha256, content in bundle.scans():
        if sha256 not in missing:
            continue
        missing.discard(sha256)
        if hashlib.sha256(content).hexdigest() != sha256:
            raise BundleRefused(
                text(
                    "导出文件中的一份扫描件与其登记的摘要不符；整个文件未导入。",
                    "A scan in the bundle does not match its recorded digest; nothing was "
                    "imported.",
                )
            )
        target = path_of(files_dir, sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_whole(target, content)
    if missing:
        raise BundleRefused(text("附件文件缺失。", "An attachment's file is missing."))


WRITTEN = ("users", "persons", "cases", "roles", "checks", "decisions", "attachments")
STATS_CHUNK = 5000  # cases per pass of the statistics' upkeep (its IN lists stay far below
# SQLite's 32,766 parameters; the month sums are written once a pass)
CASE_SERIALS = "centre_case_serial"  # the PostgreSQL sequence (migration 0015)


def _new_serials(session: Session, count: int) -> list[int]:
    """`count` case serials for the centre: from its sequence on PostgreSQL (imports running
    side by side never take the same one); on a case file, one writer at a time, after the
    largest held."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return [
            int(value)
            for (value,) in session.execute(
                sa.text(f"SELECT nextval('{CASE_SERIALS}') FROM generate_series(1, :n)"),
                {"n": count},
            )
        ]
    last = session.execute(sa.select(sa.func.coalesce(sa.func.max(table_of(Case).c.serial), 0)))
    first = int(last.scalar_one()) + 1
    return list(range(first, first + count))


def _flag_duplicates(session: Session, cases_in: Rows, report: Report) -> None:
    from hukou_desk.domain.identity import mask

    at_status = cases_in.columns.index("status")
    at_applicant = cases_in.columns.index("applicant_id")
    open_ = {s.value for s in OPEN}
    applicants = sorted(
        set(hex_column([row[at_applicant] for row in cases_in.values if row[at_status] in open_]))
    )
    if applicants:
        statuses = [s.value for s in OPEN]
        twice = found(
            session,
            "SELECT p.id_number FROM person p JOIN case_file c ON c.applicant_id = p.id "
            f"WHERE c.applicant_id IN {listed(session)} "
            # `status || ''`: SQLite would otherwise walk every open case by the status
            # index instead of looking the bundle's applicants up (ten times slower).
            f"AND (c.status || '') IN ({', '.join('?' for _ in statuses)}) "
            "GROUP BY p.id_number HAVING count(DISTINCT c.station_code) > 1",
            (as_json(applicants), *statuses),
            table="cases",
        )
        report.duplicates += [mask(str(number)) for (number,) in twice]
    report.duplicates.sort()


def open_conflicts(session: Session) -> list[dict[str, Any]]:
    """Cases kept in two versions and not yet resolved, oldest first."""
    rows = session.exec(
        select(SyncConflict, Case.number)
        .join(Case, col(Case.id) == col(SyncConflict.case_id))
        .where(SyncConflict.resolved == False)  # noqa: E712
        .order_by(col(SyncConflict.detected_at))
    ).all()
    return [
        {
            "case": number,
            "station": conflict.station_code,
            "centre_revision": conflict.centre_revision,
            "incoming_revision": conflict.incoming_revision,
            "detected_at": conflict.detected_at.isoformat(),
        }
        for conflict, number in rows
    ]
