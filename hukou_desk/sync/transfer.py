"""Export at the station, import at the centre (PostgreSQL, or any case file for testing).

Export is incremental: every case touched by a change after the last export (the outbox's
sequence), with its people, roles, checks, decisions, attachments, and the audit events since.
Import is one transaction: all or nothing. It is idempotent — a bundle already imported changes
nothing — and ordered: bundles from one station must arrive in sequence; a gap is refused with
the missing range. A case the centre changed after the station's version is not overwritten:
both are kept and listed. An identity number with open cases at two stations is flagged.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import itertools
import json
import re
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, SQLModel, col, select

from hukou_desk import keys
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.text import Text, text
from hukou_desk.files import write_whole, writing_whole
from hukou_desk.storage import (
    attachments,
    audit,
    cases,
    counters,
    driver,
    enrolment,
    ledger,
    registry,
    seals,
    stats,
)
from hukou_desk.storage.attachments import path_of
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import (
    Attachment,
    Case,
    CaseNumberCounter,
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
from hukou_desk.sync import owners, status
from hukou_desk.sync.bundle import (
    BundleRefused,
    Contents,
    Rows,
    Sealed,
    Writer,
    open_bundle,
)

OPEN = (CaseStatus.DRAFT, CaseStatus.NEEDS_DOCUMENTS, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED)


@dataclass(frozen=True)
class Exported:
    path: Path
    manifest: dict[str, Any]

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def size(self) -> int:
        return self.path.stat().st_size


class ExportCancelled(BundleRefused):
    """The clerk cancelled: no file, and the next export starts from the same place."""


class ScanUnreadable(BundleRefused):
    """A scan to export is missing from disk or no longer what was attached: nothing is
    exported until the clerk scans the paper again (named by case, document and whose)."""

    def __init__(self, case_number: str, document_id: str, party: str, missing: bool) -> None:
        self.case_number, self.document_id, self.party, self.missing = (
            case_number,
            document_id,
            party,
            missing,
        )
        state = text("缺失", "missing") if missing else text("已损坏", "damaged")
        super().__init__(
            text(
                f"案件 {case_number} 的扫描件（{document_id}，{party}）{state.zh}，"
                "请重新扫描后再导出。",
                f"A scan of case {case_number} ({document_id}, {party}) is {state.en}: scan "
                "the paper again, then export.",
            )
        )


def export(
    database: Database,
    *,
    actor: str,
    out: Path | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    received: tuple[date, date] | None = None,
) -> Exported:
    """Everything committed since the centre's last acknowledgement, sealed for the centre and
    written to `out` (whole or not at all; a temporary folder's file without one).

    Rows travel as the station's file stores them (SQLite's own text for ids and times), read
    through the driver in one snapshot and streamed into the bundle as they come: the memory an
    export needs does not grow with the number of cases.
    """
    started = time.perf_counter()

    def step(percent: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled(
                text("导出已取消，未作任何记录。", "Export cancelled; nothing was recorded.")
            )
        if progress is not None:
            progress(percent)

    step(0)
    with database.write() as session:
        key = keys.own_key(session, database.keys_dir, cases.station(session).code, database.key)
    with database.read() as session:
        centre = keys.centre_bundle_key(session)
        here = cases.station(session)
        signer = counters.this_identity(session)  # the counter, 440703001-02 (docs/counters.md)
        # Everything the centre has not acknowledged: a lost stick costs nothing, and what
        # arrives twice changes nothing there.
        epoch = registry.get(session, registry.SYNC_EPOCH) or 0
        seq_from = (registry.get(session, registry.ACKNOWLEDGED_SEQ) or 0) + 1
        audit_from = (registry.get(session, registry.ACKNOWLEDGED_AUDIT) or 0) + 1
    if centre is None:
        raise BundleRefused(
            text(
                "本机尚未安装中心公钥（随中心参考数据下发），无法导出。",
                "The centre's public key is not installed (it comes with the centre's "
                "reference data); nothing can be exported yet.",
            )
        )
    target = out if out is not None else Path(tempfile.mkdtemp(prefix="hukou-export-")) / "out.hkb"
    manifest: dict[str, Any] = {
        "station": signer,
        "epoch": epoch,
        "kind": "incremental" if received is None else "range",
        "seq_from": seq_from,
        "audit_from": audit_from,
    }
    if received is not None:
        manifest["received"] = [received[0].isoformat(), received[1].isoformat()]
    raw = database.engine.raw_connection()
    connection: driver.Connection = raw.driver_connection
    try:
        # The cases to send, in a temporary table on disk (ids only): not in Python's memory.
        connection.execute("PRAGMA temp_store=FILE")
        connection.execute("BEGIN")  # one snapshot for every table
        seq_to = connection.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()[0]
        audit_to = connection.execute("SELECT coalesce(max(seq), 0) FROM audit_event").fetchone()[0]
        connection.execute("CREATE TEMP TABLE export_case (id PRIMARY KEY) WITHOUT ROWID")
        if received is None:
            connection.execute(
                "INSERT INTO temp.export_case SELECT DISTINCT case_id FROM change "
                "WHERE seq BETWEEN ? AND ?",
                (seq_from, seq_to),
            )
        else:
            # A re-send of the cases received in a period, whatever was exported before: the
            # import upserts them and leaves the sequence alone.
            connection.execute(
                "INSERT INTO temp.export_case SELECT id FROM case_file "
                "WHERE application_date BETWEEN ? AND ?",
                (received[0].isoformat(), received[1].isoformat()),
            )
        if received is None:
            first_event, last_event = audit_from, audit_to
        else:
            # A period's cases carry their own events, whenever recorded: the seals over them.
            first_event, last_event = connection.execute(
                "SELECT min(seq), max(seq) FROM audit_event WHERE case_id IN "
                "(SELECT id FROM temp.export_case)"
            ).fetchone()
            first_event, last_event = first_event or audit_from, last_event or 0
        sealed = connection.execute(
            "SELECT seq_from, seq_to, hash, signature, adopted_by FROM audit_seal "
            "WHERE seq_to >= ? AND seq_from <= ? ORDER BY seq_from",
            (first_event, last_event),
        ).fetchall()
        _all_sealed(sealed, first_event, last_event)
        manifest |= {
            "seq_to": max(seq_to, seq_from - 1),
            "audit_to": max(audit_to, audit_from - 1),
            "seals": [list(row) for row in sealed],
        }
        step(10)
        with writing_whole(target) as handle:
            writer = Writer(handle, keys.x25519_public(centre))
            try:
                queries = _queries(received is not None, audit_from, audit_to)
                for percent, (name, query, params) in enumerate(queries, start=1):
                    cursor = connection.execute(query, params)
                    columns = [d[0] for d in cursor.description]
                    rows: Iterable[Any] = cursor
                    if name == "users":
                        rows = _no_secrets(columns, cursor)
                    writer.table(name, columns, rows)
                    step(10 + 8 * percent)
                for (sha256,) in connection.execute(_SCANS):
                    writer.file(sha256, _scan(database, connection, sha256))
                step(85)
                manifest = writer.finish(
                    {**manifest, "counts": writer.counts, "created_at": utc_now().isoformat()}, key
                )
            except BaseException:
                writer.abort()
                raise
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.execute("DROP TABLE IF EXISTS temp.export_case")
        connection.execute("PRAGMA temp_store=MEMORY")
        raw.close()
    step(90)
    exported = Exported(target, manifest)
    with database.write() as session:
        if received is None:
            registry.put(session, registry.EXPORTED_SEQ, int(manifest["seq_to"]))
            registry.put(session, registry.EXPORTED_AUDIT, int(manifest["audit_to"]))
        registry.put(
            session,
            registry.LAST_EXPORT,
            {
                "at": manifest["created_at"],
                "cases": manifest["counts"]["cases"],
                "file": str(target) if out is not None else "",
                "seq_from": seq_from,
                "seq_to": manifest["seq_to"],
                "kind": manifest["kind"],
            },
        )
        audit.record(
            session,
            actor=actor,
            action="export",
            entity="station",
            entity_id=here.code,
            detail={
                "seq_from": seq_from,
                "seq_to": manifest["seq_to"],
                "cases": manifest["counts"]["cases"],
                "bytes": exported.size,
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
    return exported


_CASES = "SELECT id FROM temp.export_case"
_CHECKS = f"SELECT id FROM document_check WHERE case_id IN ({_CASES})"
_LINKS = f"SELECT * FROM check_attachment WHERE check_id IN ({_CHECKS})"
_SCANS = f"SELECT DISTINCT sha256 FROM check_attachment WHERE check_id IN ({_CHECKS})"


def _queries(
    by_case: bool, audit_from: int, audit_to: int
) -> list[tuple[str, str, tuple[int, ...]]]:
    """Each table of the bundle as one query over the cases to send, in the bundle's order."""
    users = (
        f"SELECT prepared_by FROM case_file WHERE id IN ({_CASES}) "
        f"UNION SELECT decided_by FROM decision WHERE case_id IN ({_CASES}) "
        f"UNION SELECT checked_by FROM document_check WHERE case_id IN ({_CASES}) "
        "AND checked_by IS NOT NULL "
        f"UNION SELECT added_by FROM check_attachment WHERE check_id IN ({_CHECKS})"
    )
    persons = (
        f"SELECT applicant_id FROM case_file WHERE id IN ({_CASES}) "
        f"UNION SELECT person_id FROM case_role WHERE case_id IN ({_CASES})"
    )
    events: tuple[str, tuple[int, ...]] = (
        # a period's cases: their own events, whenever recorded
        (f"SELECT * FROM audit_event WHERE case_id IN ({_CASES}) ORDER BY seq", ())
        if by_case
        else (
            "SELECT * FROM audit_event WHERE seq BETWEEN ? AND ? ORDER BY seq",
            (audit_from, audit_to),
        )
    )
    return [
        ("users", f'SELECT * FROM "user" WHERE id IN ({users}) ORDER BY id', ()),
        ("cases", f"SELECT * FROM case_file WHERE id IN ({_CASES}) ORDER BY serial", ()),
        ("persons", f"SELECT * FROM person WHERE id IN ({persons}) ORDER BY id", ()),
        ("roles", f"SELECT * FROM case_role WHERE case_id IN ({_CASES}) ORDER BY id", ()),
        ("checks", f"SELECT * FROM document_check WHERE case_id IN ({_CASES}) ORDER BY id", ()),
        ("decisions", f"SELECT * FROM decision WHERE case_id IN ({_CASES}) ORDER BY id", ()),
        (
            "attachments",
            "SELECT link.*, meta.size, meta.media_type, meta.created_at "
            f"FROM ({_LINKS}) AS link JOIN attachment AS meta ON meta.sha256 = link.sha256 "
            "ORDER BY link.id",
            (),
        ),
        ("audit", *events),
    ]


def _no_secrets(columns: list[str], rows: Iterable[Any]) -> Iterator[list[Any]]:
    """Staff travel as names and roles only: no password hash, no lockout state."""
    cleared = {"password_hash": None, "failed_logins": 0, "locked_until": None}
    at = {columns.index(name): value for name, value in cleared.items() if name in columns}
    for row in rows:
        values = list(row)
        for index, value in at.items():
            values[index] = value
        yield values


def _all_sealed(sealed: list[Any], first: int, last: int) -> None:
    gap = seals.gap(sealed, first, last)
    if gap is not None:
        raise BundleRefused(
            text(
                f"审计记录第 {gap[0]}–{gap[1]} 条没有本所密钥的封签（可能是在本软件之外添加的），"
                "未导出。请主管运行审计核查并报告中心；经核实后，系统管理员可认领这些记录"
                "（hukou-desk audit adopt --reason …），认领记入审计并随导出报告中心。",
                f"Audit events {gap[0]}–{gap[1]} carry no seal of this station's key (added "
                "outside the desk?); nothing was exported. A supervisor should check the audit "
                "trail and tell the centre; once that is settled, the administrator can adopt "
                "the events (hukou-desk audit adopt --reason …), on the record and reported to "
                "the centre with the export.",
            )
        )


def _table(model: type[SQLModel]) -> sa.Table:
    table = sa.inspect(model).local_table
    assert isinstance(table, sa.Table)
    return table


def _scan(database: Database, connection: driver.Connection, sha256: str) -> bytes:
    """A scan's bytes, checked against the digest it was attached under."""
    try:
        content = attachments.load(database.attachments_dir, sha256, database.key)
    except OSError:
        content = None
    if content is not None and hashlib.sha256(content).hexdigest() == sha256:
        return content
    number, document_id, party = connection.execute(
        "SELECT c.number, dc.document_id, dc.party FROM check_attachment AS link "
        "JOIN document_check AS dc ON dc.id = link.check_id "
        "JOIN case_file AS c ON c.id = dc.case_id "
        f"WHERE link.sha256 = ? AND link.check_id IN ({_CHECKS}) ORDER BY c.serial LIMIT 1",
        (sha256,),
    ).fetchone()
    raise ScanUnreadable(str(number), str(document_id), str(party), missing=content is None)


# --- import ------------------------------------------------------------------------------------


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
    with _bulk_load():
        # Decrypted and checked before the write begins: imports side by side do this part
        # at the same time, and wait their turn only to write.
        with target.read() as session:
            revoked = frozenset(counter_owners.revoked(session))
            earlier = {s: [k for k, _until in v] for s, v in keys.retired_keys(session).items()}
            known = keys.known_keys(session)
        contents = open_bundle(
            data, centre_key=centre_key, station_keys=known, revoked=revoked, earlier=earlier
        )
        try:
            return _import_opened(
                target, contents, files_dir=files_dir, actor=actor, started=started
            )
        except BundleRefused as exc:
            # Signed by the station, refused here: on the record for `centre-status`, and
            # said to the station in a signed refusal notice (services.centre).
            station = str(contents.manifest["station"])
            with target.write() as session:
                refusal = status.record_refusal(session, station, contents.manifest, exc.message)
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
    target: Database, contents: Contents, *, files_dir: Path, actor: str, started: float
) -> Report:
    with target.write() as session:
        manifest = contents.manifest
        station = str(manifest["station"])
        _wait_turn(session, station)
        try:
            seq_from, seq_to = int(manifest["seq_from"]), int(manifest["seq_to"])
        except (KeyError, TypeError, ValueError):
            raise BundleRefused(
                text("清单缺少变更序号。", "The manifest lacks its sequence.")
            ) from None
        last = registry.get(session, registry.IMPORTED_SEQ.entry(station)) or 0
        report = Report(station, seq_from, seq_to)
        epoch = int(manifest.get("epoch", 0))
        held_epoch = registry.get(session, registry.IMPORTED_EPOCH.entry(station)) or 0
        late = epoch < held_epoch
        if late:
            # Made before the station restored a backup (a stick left in a drawer): the cases
            # the centre never saw are taken — the restored file no longer has them — and those
            # it holds are left as they are.
            contents = _unseen_only(session, contents, report)
        ranged = manifest.get("kind") == "range"
        restored = epoch > held_epoch and not ranged
        if not ranged and not restored and not late:
            held_audit = registry.get(session, registry.IMPORTED_AUDIT.entry(station)) or 0
            # Nothing new: no change and no audit event (lookups and prints add events only).
            if seq_to <= last and seq_from <= last and _audit_to(manifest) <= held_audit:
                report.already_imported = True
                status.record_bundle(session, station, manifest, 0)
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
        _check_seals(session, station, contents, report)
        _check_deciders(session, station, contents)
        # A period re-sent is upserted outside the station's sequence; a restored station's
        # first bundle (a new epoch) is taken whole: what the centre holds stays, what is new
        # arrives; otherwise the next bundles in order.
        _apply_checked(session, contents, report, files_dir)
        detail: dict[str, Any] = {"conflicts": len(report.conflicts)}
        if ranged:
            detail["received"] = manifest.get("received")
        elif late:
            report.late_epoch = epoch
            detail.update(late_epoch=epoch, held_already=report.held_already)
        else:
            if restored:
                report.new_epoch = epoch
                registry.put(session, registry.IMPORTED_EPOCH.entry(station), epoch)
                detail["epoch"] = epoch
            registry.put(session, registry.IMPORTED_SEQ.entry(station), seq_to)
            registry.put(session, registry.IMPORTED_AUDIT.entry(station), _audit_to(manifest))
            detail.update(seq_from=seq_from, seq_to=seq_to)
        status.record_bundle(session, station, manifest, report.inserted.get("cases", 0))
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


def _unseen_only(session: Session, contents: Contents, report: Report) -> Contents:
    """A bundle's tables cut down to the cases the centre has never held and what hangs from
    them (their people, roles, checks, decisions and scans); its staff and audit events whole
    (checked as any bundle's)."""
    tables: dict[str, Rows] = contents.tables
    cases_in = tables["cases"]
    ids = [uuid.UUID(_hex(v)) for v in cases_in.column("id")]
    case = _table(Case)
    held = {case_id.hex for (case_id,) in _lookup(session, case.c.id, ids, case.c.id)}
    report.held_already = len(held)

    def where(rows: Rows, column: str, keep: set[str]) -> Rows:
        at = rows.columns.index(column)
        return Rows(rows.columns, [row for row in rows.values if _hex(row[at]) in keep])

    unseen = {i.hex for i in ids} - held
    kept = dict(tables)
    kept["cases"] = where(cases_in, "id", unseen)
    for name in ("roles", "checks", "decisions"):
        kept[name] = where(tables[name], "case_id", unseen)
    kept["attachments"] = where(
        tables["attachments"], "check_id", {_hex(v) for v in kept["checks"].column("id")}
    )
    people = {_hex(v) for v in kept["cases"].column("applicant_id")}
    people |= {_hex(v) for v in kept["roles"].column("person_id")}
    kept["persons"] = where(tables["persons"], "id", people)
    return Contents(contents.manifest, kept, contents.files)


def _audit_to(manifest: dict[str, Any]) -> int:
    try:
        return int(manifest.get("audit_to", 0))
    except (TypeError, ValueError):
        raise BundleRefused(
            text("清单的审计序号无效。", "The manifest's audit range is not valid.")
        ) from None


@contextmanager
def _bulk_load() -> Iterator[None]:
    """The cyclic garbage collector paused while a bundle's million rows are parsed and
    written: they are lists and tuples with no cycles, and each collection pass over them
    would cost as much as the parse itself (half the parse time, measured)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _check_seals(session: Session, station: str, contents: Contents, report: Report) -> None:
    """Every audit event the bundle brings lies under a seal of the station's key, and each
    seal ends on the event whose hash it names: events added to the station's file behind the
    desk's back are refused here even inside a genuinely signed bundle."""
    events: Rows = contents.tables["audit"]
    if not events.values:
        return
    at_seq, at_hash = events.columns.index("seq"), events.columns.index("hash")
    hashes = {int(row[at_seq]): str(row[at_hash]) for row in events.values}
    try:
        parsed = sorted(
            (int(a), int(b), str(h), base64.urlsafe_b64decode(str(sig)), who)
            for a, b, h, sig, who in contents.manifest["seals"]
        )
    except (KeyError, TypeError, ValueError):
        raise BundleRefused(
            text("清单缺少审计封签。", "The manifest lacks the audit trail's seals.")
        ) from None
    signed = keys.station_signed(session, station)
    for seq_from, seq_to, hash_, signature, adopted_by in parsed:
        # A counter seals as its station (`Database.seal`), with its own key.
        message = seals.message(counters.station_of(station), seq_from, seq_to, hash_)
        if not signed(message, signature):
            raise _refused_trail(
                station,
                f"第 {seq_from}–{seq_to} 条审计记录的封签无效",
                f"the seal over audit events {seq_from}–{seq_to} is not the station's",
            )
        if seq_to in hashes and hashes[seq_to] != hash_:
            raise _refused_trail(
                station,
                f"第 {seq_from}–{seq_to} 条审计记录与其封签不符",
                f"audit events {seq_from}–{seq_to} do not match their seal",
            )
        if adopted_by:
            report.adopted.append(f"{seq_from}–{seq_to} ({adopted_by})")
    gap = seals.gap(parsed, min(hashes), max(hashes))
    if gap is not None:
        raise _refused_trail(
            station,
            f"第 {gap[0]}–{gap[1]} 条审计记录没有该所密钥的封签",
            f"audit events {gap[0]}–{gap[1]} carry no seal of the station's key",
        )


def _check_deciders(session: Session, station: str, contents: Contents) -> None:
    """Every decision the bundle brings (approval, refusal, return) signed by its decider's
    own key, one this centre enrolled for that person at that station: the whole bundle is
    refused otherwise, nothing imported (see `storage.enrolment`). Unsigned decisions pass
    only from a station that never signed anything (a file from before persons' keys)."""
    events: Rows = contents.tables["audit"]
    if not events.values:
        return
    enrolled = enrolment.enrolled_at_centre(session)
    began = "signature" in events.columns and any(row.get("signature") for row in events.dicts())
    began = (
        began
        or session.exec(
            select(StationAudit.seq).where(
                StationAudit.station_code == station, col(StationAudit.signature).is_not(None)
            )
        ).first()
        is not None
    )
    for row in events.dicts():
        if row.get("action") not in ledger.DECISIONS:
            continue
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


def _invalid(table: str) -> BundleRefused:
    return BundleRefused(text(f"数据表 {table} 中有无效的值。", f"Invalid values in {table}."))


BUSY_STATES = frozenset({"40001", "40P01", "55P03", "57014"})


def _refused_by_database(table: str, exc: Exception) -> BundleRefused:
    """What the database said, as its cause (a constraint broken, a busy server, a value a
    column refuses), never the values themselves: a bundle's rows are personal data."""
    state = str(getattr(exc, "sqlstate", "") or "")
    diag = getattr(exc, "diag", None)
    constraint = str(getattr(diag, "constraint_name", "") or "")
    if state == "23505":
        return BundleRefused(
            text(
                f"数据表 {table} 的一行与中心已有的记录重复（唯一约束 {constraint}）；"
                "整个文件未导入。",
                f"A row of {table} repeats one the centre holds (unique constraint "
                f"{constraint}); nothing was imported.",
            )
        )
    if state == "23503":
        return BundleRefused(
            text(
                f"数据表 {table} 的一行指向中心没有的记录（外键 {constraint}）；整个文件未导入。",
                f"A row of {table} points to a record the centre does not hold (foreign key "
                f"{constraint}); nothing was imported.",
            )
        )
    if state in BUSY_STATES:
        return BundleRefused(
            text(
                f"中心数据库正忙（{state}），本次未导入任何内容；请稍后重新导入同一文件。",
                f"The centre's database was busy ({state}); nothing was imported. Import the "
                "same file again.",
            )
        )
    if state.startswith("22"):
        return _invalid(table)
    return BundleRefused(
        text(
            f"中心数据库拒绝写入数据表 {table}（{state or type(exc).__name__}）；整个文件未导入。",
            f"The centre's database refused the table {table} ({state or type(exc).__name__}); "
            "nothing was imported.",
        )
    )


def _bulk(
    session: Session,
    model: type[SQLModel],
    rows: Rows | list[dict[str, Any]],
    report: Report,
    name: str,
) -> None:
    """Insert the new rows in batches; update those that changed; count the rest.

    On SQLite the rows go in through the driver as they came (the station's own storage form);
    on PostgreSQL through a staged, set-based merge (`_merge_staged`).
    """
    table = _table(model)
    columns = [c.name for c in table.columns]
    if not isinstance(rows, Rows):
        rows = Rows(list(rows[0]) if rows else columns, [list(r.values()) for r in rows])
    if set(rows.columns) - set(columns):
        raise BundleRefused(
            text(
                f"数据表 {table.name} 含本中心不认识的列：导出端的软件较新，请先升级中心。",
                f"The table {table.name} has columns this centre does not know: upgrade it first.",
            )
        )
    if session.get_bind().dialect.name != "sqlite":
        _merge_staged(session, table, rows, report, name)
        return
    keys = [c.name for c in table.primary_key.columns]
    positions = [columns.index(k) for k in keys]
    # The rows as the station stored them, in this table's column order.
    order = [rows.columns.index(c) if c in rows.columns else None for c in columns]
    if not rows.values:
        return

    def in_order() -> Iterator[Sequence[Any]]:
        # The bundle's own rows when their columns are the table's: no copy of the table.
        if order == list(range(len(columns))):
            return iter(rows.values)
        return (tuple(None if i is None else row[i] for i in order) for row in rows.values)

    connection = session.connection()
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    driver: Any = connection.connection.driver_connection
    # The usual case, new rows only: one pass that skips any row already there; only when
    # some were skipped are the keys looked up and compared.
    cursor = driver.cursor()
    try:
        cursor.executemany(
            f'INSERT OR IGNORE INTO "{table.name}" ({quoted}) VALUES ({marks})', in_order()
        )
    except driver.IntegrityError as exc:
        # SQLite names the constraint by its table and columns ("UNIQUE constraint failed:
        # user.username"), never the values.
        raise BundleRefused(
            text(
                f"数据表 {table.name} 的一行违反中心数据库的约束（{exc}）；整个文件未导入。",
                f"A row of {table.name} breaks a constraint of the centre's database ({exc}); "
                "nothing was imported.",
            )
        ) from None
    except driver.DatabaseError:
        raise _invalid(table.name) from None
    fresh = cursor.rowcount
    report.inserted[name] = report.inserted.get(name, 0) + fresh
    if fresh == len(rows.values):
        return
    stored = [tuple(row) for row in in_order()]
    keyed = [tuple(v[i] for i in positions) for v in stored]
    existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    wanted = sorted({k[0] for k in keyed}, key=str)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found = connection.exec_driver_sql(
            f'SELECT {quoted} FROM "{table.name}" WHERE "{keys[0]}" IN '
            f"({', '.join('?' for _ in chunk)})",
            tuple(chunk),
        )
        for row in found:
            existing[tuple(row[i] for i in positions)] = tuple(row)
    # Rows just inserted are found too, equal to what was sent: counted unchanged below, so
    # taken off here.
    report.unchanged[name] = report.unchanged.get(name, 0) - fresh
    sets = ", ".join(f'"{c}" = ?' for c in columns)
    where = " AND ".join(f'"{k}" = ?' for k in keys)
    for value, key in zip(stored, keyed, strict=True):
        current = existing.get(key)
        if current is None:
            continue
        if current == value:
            report.unchanged[name] = report.unchanged.get(name, 0) + 1
            continue
        connection.exec_driver_sql(
            f'UPDATE "{table.name}" SET {sets} WHERE {where}', (*value, *key)
        )
        report.updated[name] = report.updated.get(name, 0) + 1


def _merge_staged(session: Session, table: sa.Table, rows: Rows, report: Report, name: str) -> None:
    """PostgreSQL: every row into a temporary table by COPY, as the station stored it (the
    server reads SQLite's text for ids, times, flags and JSON), then one set-based merge:
    changed rows updated, new rows inserted, the rest counted unchanged."""
    if not rows.values:
        return
    columns = rows.columns
    keys = [c.name for c in table.primary_key.columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    stage = f"stage_{table.name}"

    def compared(alias: str, column: str) -> str:
        # json has no equality operator: its text is compared (kept as the station sent it).
        cast = "::text" if isinstance(table.c[column].type, sa.JSON) else ""
        return f'{alias}."{column}"{cast}'

    others = [c for c in columns if c not in keys]
    joined = " AND ".join(f't."{k}" = s."{k}"' for k in keys)
    driver: Any = session.connection().connection.driver_connection
    try:
        with driver.cursor() as cursor:
            # Times were stored in UTC without a zone, so the session says UTC.
            cursor.execute("SET LOCAL TIME ZONE 'UTC'")
            cursor.execute(f'DROP TABLE IF EXISTS "{stage}"')
            cursor.execute(
                f'CREATE TEMP TABLE "{stage}" (LIKE "{table.name}" INCLUDING DEFAULTS) '
                "ON COMMIT DROP"
            )
            with cursor.copy(f'COPY "{stage}" ({quoted}) FROM STDIN') as copy:
                for value in rows.values:
                    copy.write_row(value)
            updated = 0
            if others:
                cursor.execute(
                    f'UPDATE "{table.name}" AS t SET '
                    + ", ".join(f'"{c}" = s."{c}"' for c in others)
                    + f' FROM "{stage}" AS s WHERE {joined} AND ('
                    + ", ".join(compared("t", c) for c in others)
                    + ") IS DISTINCT FROM ("
                    + ", ".join(compared("s", c) for c in others)
                    + ")"
                )
                updated = cursor.rowcount
            cursor.execute(
                f'INSERT INTO "{table.name}" ({quoted}) SELECT {quoted} FROM "{stage}" '
                f"ON CONFLICT ({', '.join(f'{chr(34)}{k}{chr(34)}' for k in keys)}) DO NOTHING"
            )
            inserted = cursor.rowcount
            cursor.execute(f'DROP TABLE "{stage}"')
    except Exception as exc:  # psycopg's errors, said as their cause
        if type(exc).__module__.startswith("psycopg"):
            raise _refused_by_database(table.name, exc) from None
        raise
    report.inserted[name] = report.inserted.get(name, 0) + inserted
    if updated:
        report.updated[name] = report.updated.get(name, 0) + updated
    unchanged = len(rows.values) - inserted - updated
    report.unchanged[name] = report.unchanged.get(name, 0) + unchanged


def _not_theirs(station: str, what: str, names: list[str]) -> BundleRefused:
    shown = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
    return BundleRefused(
        text(
            f"派出所 {station} 的导出文件含有不属于该所的{what}：{shown}。整个文件未导入。",
            f"Station {station}'s bundle carries {what} that are not its own: {shown}. "
            "Nothing of the bundle was imported.",
        )
    )


def _lookup(
    session: Session, key: sa.Column[Any], values: list[Any], *wanted: sa.Column[Any]
) -> Iterator[tuple[Any, ...]]:
    """Rows whose `key` is one of `values`: one array parameter per 20,000 on PostgreSQL (not
    thousands of scalars, which the driver parses one by one), 500 at a time on SQLite."""
    for condition in _one_of(session, key, values):
        yield from (tuple(row) for row in session.execute(sa.select(*wanted).where(condition)))


def _one_of(
    session: Session, key: sa.Column[Any], values: list[Any]
) -> Iterator[sa.ColumnElement[bool]]:
    """`key` among `values`, as conditions over chunks of them (see `_lookup`)."""
    postgres = session.get_bind().dialect.name != "sqlite"
    step = 20_000 if postgres else 500
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        if postgres:
            array = sa.bindparam("values", value=chunk, type_=postgresql.ARRAY(key.type))
            yield key == sa.any_(array)
        else:
            yield key.in_(chunk)


def _hex(value: Any) -> str:
    """A UUID as 32 hex digits, however the station's driver wrote it."""
    return str(value).replace("-", "").lower()


def _check_ownership(session: Session, tables: dict[str, Rows], station: str) -> None:
    """Every row a bundle carries belongs to the station that signed it: its cases (and
    every row hanging from a case), its staff. A row of another station is refused, named by
    its case number or user name, and nothing of the bundle is written."""
    carried_cases: Rows = tables["cases"]
    numbers_in = [str(n) for n in carried_cases.column("number")]
    foreign = [
        number
        for number, owner in zip(numbers_in, carried_cases.column("station_code"), strict=True)
        if str(owner) != station
    ]
    case = _table(Case)
    ids = [uuid.UUID(_hex(v)) for v in carried_cases.column("id")]
    for _case_id, owner, number in _lookup(
        session, case.c.id, ids, case.c.id, case.c.station_code, case.c.number
    ):
        if owner != station:
            foreign.append(str(number))
    if foreign:
        raise _not_theirs(station, "案件 / cases", sorted(set(foreign)))
    # A number the centre already holds for another case (a station that reissued numbers).
    by_number = dict(zip(numbers_in, ids, strict=True))
    reused = [
        str(number)
        for case_id, number in _lookup(
            session, case.c.number, sorted(by_number), case.c.id, case.c.number
        )
        if by_number[str(number)] != case_id
    ]
    if reused:
        shown = "、".join(reused[:5])
        raise BundleRefused(
            text(
                f"派出所 {station} 的案件编号 {shown} 在中心已属于另一宗案件"
                "（恢复备份后重复编号）；整个文件未导入。",
                f"Station {station}'s case numbers {shown} belong to other cases at the centre "
                "(numbers given out again after a restore); nothing was imported.",
            )
        )
    # Rows hanging from a case: from one of the bundle's own cases, or one it already owns.
    carried = {case_id.hex for case_id in ids}
    hanging = {
        _hex(case_id)
        for name in ("roles", "checks", "decisions")
        for case_id in tables[name].column("case_id")
    } - carried
    if hanging:
        asked = [uuid.UUID(h) for h in sorted(hanging)]
        held = {
            case_id.hex: owner
            for case_id, owner in _lookup(session, case.c.id, asked, case.c.id, case.c.station_code)
        }
        strays = sorted(h for h in hanging if held.get(h) != station)
        if strays:
            raise _not_theirs(station, "案件材料 / case rows", [s[:8] for s in strays])
    # Staff: named station/username at the centre; a name of another station is not theirs.
    users = tables["users"].dicts()
    taken = [
        str(u["username"])
        for u in users
        if "/" in str(u["username"]) and counters.staff_station(str(u["username"])) != station
    ]
    user = _table(User)
    user_ids = [uuid.UUID(_hex(u["id"])) for u in users]
    for _user_id, username in _lookup(session, user.c.id, user_ids, user.c.id, user.c.username):
        if counters.staff_station(str(username)) != station:
            taken.append(str(username))
    if taken:
        raise _not_theirs(station, "人员账号 / staff", sorted(set(taken)))


def _apply_checked(session: Session, contents: Contents, report: Report, files_dir: Path) -> None:
    """`_apply`, with a value this database refuses (a name longer than its column …) said as
    which table, never which value: the error's parameters are personal data."""
    try:
        _apply(session, contents, report, files_dir)
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


def _apply(session: Session, contents: Contents, report: Report, files_dir: Path) -> None:
    # The counter that signed (440703001-02) owns its cases; the station owns its people and
    # staff, whichever of its counters brings them (docs/counters.md).
    station, owner = report.station, counters.station_of(report.station)
    tables = counter_owners.check_cases(session, contents.tables, station)
    _check_ownership(session, tables, owner)
    owners.check_rows(session, tables, owner)
    users = [
        # Station staff at the centre: named station/username, never able to log in there.
        {
            **row,
            "username": row["username"]
            if "/" in str(row["username"])
            else f"{station}/{row['username']}",
            "active": False,
        }
        for row in tables["users"].dicts()
    ]
    _bulk(session, User, users, report, "users")
    # Persons: the same identity number is the same person, whichever station recorded them;
    # the row is the copy of the station that brought it, which alone may change it.
    persons = owners.station_persons(session, tables["persons"], owner)
    remap = persons.remap
    _bulk(session, Person, persons.own, report, "persons")
    if persons.kept:
        report.unchanged["persons"] = report.unchanged.get("persons", 0) + persons.kept

    def person_of(value: Any) -> Any:
        return remap.get(_hex(value), value) if remap else value

    cases_in = tables["cases"]
    at = {name: cases_in.columns.index(name) for name in ("id", "applicant_id", "revision")}
    if "serial" not in cases_in.columns:
        raise BundleRefused(text("案件表缺少列。", "The cases table lacks a column."))
    at_serial = cases_in.columns.index("serial")
    case = _table(Case)
    incoming_ids = [uuid.UUID(_hex(row[at["id"]])) for row in cases_in.values]
    current: dict[uuid.UUID, tuple[int, int, str]] = {}
    for case_id, revision, serial, number in _lookup(
        session, case.c.id, incoming_ids, case.c.id, case.c.revision, case.c.serial, case.c.number
    ):
        current[case_id] = (revision, serial, number)
    conflicted: set[str] = set()
    accepted = []
    for row, case_id in zip(cases_in.values, incoming_ids, strict=True):
        row[at["applicant_id"]] = person_of(row[at["applicant_id"]])
        known_case = current.get(case_id)
        if known_case is not None and known_case[0] > int(row[at["revision"]]):
            # The centre's version is newer: keep it, and keep the station's for review.
            session.add(
                SyncConflict(
                    station_code=station,
                    case_id=case_id,
                    centre_revision=known_case[0],
                    incoming_revision=int(row[at["revision"]]),
                    incoming=dict(zip(cases_in.columns, row, strict=True)),
                    detected_at=utc_now(),
                )
            )
            report.conflicts.append(known_case[2])
            conflicted.add(case_id.hex)
            continue
        row[at_serial] = None if known_case is None else known_case[1]
        accepted.append(row)
    # Serials are each file's own: the centre numbers the cases new to it.
    fresh = [row for row in accepted if row[at_serial] is None]
    for row, serial in zip(fresh, _new_serials(session, len(fresh)), strict=True):
        row[at_serial] = serial
    session.flush()
    _bulk(session, Case, Rows(cases_in.columns, accepted), report, "cases")

    def kept(rows: Rows) -> Rows:
        if not conflicted:
            return rows
        at_case = rows.columns.index("case_id")
        return Rows(
            rows.columns,
            [r for r in rows.values if _hex(r[at_case]) not in conflicted],
        )

    roles = kept(tables["roles"])
    if remap:
        at_person = roles.columns.index("person_id")
        for row in roles.values:
            row[at_person] = person_of(row[at_person])
    _bulk(session, CaseRole, roles, report, "roles")
    _bulk(session, DocumentCheck, kept(tables["checks"]), report, "checks")
    _bulk(session, Decision, kept(tables["decisions"]), report, "decisions")
    attachments = tables["attachments"].dicts()
    metas = {
        row["sha256"]: {k: row[k] for k in ("sha256", "size", "media_type", "created_at")}
        for row in attachments
    }
    # A scan is named by its digest and may be shared by stations: what the centre holds of
    # it is never changed by a bundle, only new scans are added.
    scan = _table(Attachment)
    for (held_scan,) in _lookup(session, scan.c.sha256, sorted(metas), scan.c.sha256):
        metas.pop(str(held_scan), None)
    _bulk(session, Attachment, list(metas.values()), report, "attachments")
    links = [
        {k: row[k] for k in ("id", "check_id", "sha256", "file_name", "added_by", "added_at")}
        for row in attachments
    ]
    _bulk(session, CheckAttachment, links, report, "attachment_links")
    files_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    for sha256 in metas:
        if sha256 not in contents.files:
            raise BundleRefused(text("附件文件缺失。", "An attachment's file is missing."))
        if hashlib.sha256(contents.files[sha256]).hexdigest() != sha256:
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
            write_whole(target, contents.files[sha256])  # owner-only, whole or not at all
    events = tables["audit"]
    trail = trail_name(station, int(contents.manifest.get("epoch", 0)))
    audit_rows = Rows([*events.columns, "station_code"], _new_events(session, trail, events))
    _bulk(session, StationAudit, audit_rows, report, "audit")
    _flag_duplicates(session, Rows(cases_in.columns, accepted), report)
    # The figures follow the cases imported, in the same transaction.
    stats.refresh(session.connection(), [uuid.UUID(_hex(row[at["id"]])) for row in accepted])


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
    last = session.execute(sa.select(sa.func.coalesce(sa.func.max(_table(Case).c.serial), 0)))
    first = int(last.scalar_one()) + 1
    return list(range(first, first + count))


def trail_name(station: str, epoch: int) -> str:
    """Where the centre keeps a station's trail: epoch 0 under its code, a restored station's
    later history beside it (440703001#1), the old copy never overwritten."""
    return station if epoch == 0 else f"{station}#{epoch}"


def _new_events(session: Session, station: str, events: Rows) -> list[list[Any]]:
    """The station's audit events the centre does not hold yet. Its copy is never rewritten:
    an event it holds that arrives different (a trail rewritten at the station, a re-send of
    another history) refuses the bundle, naming the event's number."""
    if not events.values:
        return []
    at_seq, at_hash = events.columns.index("seq"), events.columns.index("hash")
    seqs = [int(row[at_seq]) for row in events.values]
    held: dict[int, str] = {}
    table = _table(StationAudit)
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


def _flag_duplicates(session: Session, cases_in: Rows, report: Report) -> None:
    from hukou_desk.domain.identity import mask

    at_status = cases_in.columns.index("status")
    at_applicant = cases_in.columns.index("applicant_id")
    open_ = {s.value for s in OPEN}
    applicants = {_hex(row[at_applicant]) for row in cases_in.values if row[at_status] in open_}
    ids = sorted(uuid.UUID(a) for a in applicants)
    case = _table(Case)
    person = _table(Person)
    for among in _one_of(session, case.c.applicant_id, ids):
        twice = (
            sa.select(person.c.id_number)
            .join(case, case.c.applicant_id == person.c.id)
            # `status || ''`: SQLite would otherwise walk every open case by the status
            # index instead of looking the bundle's applicants up (ten times slower).
            .where(among, (case.c.status + "").in_([s.value for s in OPEN]))
            .group_by(person.c.id_number)
            .having(sa.func.count(sa.distinct(case.c.station_code)) > 1)
        )
        report.duplicates += [mask(number) for (number,) in session.execute(twice)]
    report.duplicates.sort()


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
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

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


def trust(session: Session, *, station: str, public_key: str, actor: str) -> None:
    """At the centre: know a station's key (from its registration)."""
    keys.trust_station(session, actor=actor, station_code=station, public_key=public_key)


def revoke(session: Session, *, station: str, actor: str, reason: str = "") -> None:
    keys.revoke_station(session, actor=actor, station=station, reason=reason)


def install_centre_key(session: Session, *, public_key: str, actor: str) -> None:
    keys.install_centre_bundle_key(session, public_key=public_key, actor=actor)


def imported_audit(session: Session, station: str) -> tuple[int, str]:
    """At the centre: the last audit event of `station` imported, and its hash."""
    seq = registry.get(session, registry.IMPORTED_AUDIT.entry(station)) or 0
    epoch = registry.get(session, registry.IMPORTED_EPOCH.entry(station)) or 0
    table = _table(StationAudit)
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


RESTORE_MARGIN = 1000  # case numbers skipped after a restore: more than a day's intake


def begin_epoch(session: Session, *, actor: str) -> int:
    """After a restore from a backup: a new epoch for the sync, and the case numbers moved on
    past any the lost file may have given out (the centre may hold them); on the record."""
    epoch = (registry.get(session, registry.SYNC_EPOCH) or 0) + 1
    registry.put(session, registry.SYNC_EPOCH, epoch)
    for counter in session.exec(select(CaseNumberCounter)):
        counter.last += RESTORE_MARGIN
        session.add(counter)
    audit.record(
        session,
        actor=actor,
        action="sync.epoch",
        entity="station",
        entity_id=cases.station(session).code,
        detail={"epoch": epoch, "case_numbers_skipped": RESTORE_MARGIN},
    )
    return epoch
