"""Export at the station, import at the centre (PostgreSQL, or any case file for testing).

Export is incremental: every case touched by a change after the last export (the outbox's
sequence), with its people, roles, checks, decisions, attachments, and the audit events since.
Import is one transaction: all or nothing. It is idempotent — a bundle already imported changes
nothing — and ordered: bundles from one station must arrive in sequence; a gap is refused with
the missing range. A case the centre changed after the station's version is not overwritten:
both are kept and listed. An identity number with open cases at two stations is flagged.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.text import text
from hukou_desk.slips import signing
from hukou_desk.slips.printing import known_keys
from hukou_desk.storage import audit, cases
from hukou_desk.storage.attachments import path_of
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseRole,
    Change,
    CheckAttachment,
    Decision,
    DocumentCheck,
    Person,
    Setting,
    StationAudit,
    SyncConflict,
    User,
    utc_now,
)
from hukou_desk.sync.bundle import (
    BundleRefused,
    Contents,
    open_bundle,
    seal,
    x25519_public,
)

CENTRE_KEY = "sync.centre_key"  # the centre's X25519 public key, at a station
EXPORTED = "sync.exported_seq"
EXPORTED_AUDIT = "sync.exported_audit_seq"
REVOKED_PREFIX = "revoked."  # at the centre: stations whose keys are withdrawn
OPEN = (CaseStatus.DRAFT, CaseStatus.NEEDS_DOCUMENTS, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED)


def _setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


def _dump(rows: Iterable[SQLModel]) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json") for row in rows]


@dataclass(frozen=True)
class Exported:
    data: bytes
    manifest: dict[str, Any]


def export(database: Database, *, actor: str) -> Exported:
    """Everything committed since the last export, sealed for the centre."""
    started = time.perf_counter()
    key = signing.station_key(database.keys_dir)
    with database.write() as session:
        centre = _setting(session, CENTRE_KEY)
        if centre is None:
            raise BundleRefused(
                text(
                    "本机尚未安装中心公钥（随中心参考数据下发），无法导出。",
                    "The centre's public key is not installed (it comes with the centre's "
                    "reference data); nothing can be exported yet.",
                )
            )
        here = cases.station(session)
        seq_from = int(_setting(session, EXPORTED) or 0) + 1
        seq_to = session.exec(select(sa.func.max(Change.seq))).one() or 0
        audit_from = int(_setting(session, EXPORTED_AUDIT) or 0) + 1
        audit_to = session.exec(select(sa.func.max(AuditEvent.seq))).one() or 0
        case_ids = list(
            session.exec(select(Change.case_id).where(col(Change.seq) >= seq_from).distinct()).all()
        )
        tables = _collect(session, case_ids, audit_from)
        files = {
            row["sha256"]: path_of(database.attachments_dir, row["sha256"]).read_bytes()
            for row in tables["attachments"]
        }
        manifest = {
            "station": here.code,
            "seq_from": seq_from,
            "seq_to": max(seq_to, seq_from - 1),
            "audit_from": audit_from,
            "audit_to": max(audit_to, audit_from - 1),
            "counts": {name: len(rows) for name, rows in tables.items()},
            "created_at": utc_now().isoformat(),
        }
        data = seal(
            Contents(manifest, tables, files),
            station_key=key,
            centre_key=x25519_public(centre),
        )
        session.merge(Setting(key=EXPORTED, value=str(manifest["seq_to"])))
        session.merge(Setting(key=EXPORTED_AUDIT, value=str(manifest["audit_to"])))
        audit.record(
            session,
            actor=actor,
            action="export",
            entity="station",
            entity_id=here.code,
            detail={
                "seq_from": seq_from,
                "seq_to": manifest["seq_to"],
                "cases": len(case_ids),
                "bytes": len(data),
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
    return Exported(data, manifest)


def _collect(
    session: Session, case_ids: list[uuid.UUID], audit_from: int
) -> dict[str, list[dict[str, Any]]]:
    found_cases: list[Case] = []
    roles: list[CaseRole] = []
    checks: list[DocumentCheck] = []
    decisions: list[Decision] = []
    for start in range(0, len(case_ids), 500):  # SQLite's bound-parameter limit
        chunk = case_ids[start : start + 500]
        found_cases += session.exec(select(Case).where(col(Case.id).in_(chunk))).all()
        roles += session.exec(select(CaseRole).where(col(CaseRole.case_id).in_(chunk))).all()
        checks += session.exec(
            select(DocumentCheck).where(col(DocumentCheck.case_id).in_(chunk))
        ).all()
        decisions += session.exec(select(Decision).where(col(Decision.case_id).in_(chunk))).all()
    person_ids = sorted({c.applicant_id for c in found_cases} | {r.person_id for r in roles})
    persons: list[Person] = []
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        persons += session.exec(select(Person).where(col(Person.id).in_(chunk))).all()
    links: list[CheckAttachment] = []
    check_ids = [c.id for c in checks]
    for start in range(0, len(check_ids), 500):
        chunk = check_ids[start : start + 500]
        links += session.exec(
            select(CheckAttachment).where(col(CheckAttachment.check_id).in_(chunk))
        ).all()
    metas = [session.get(Attachment, link.sha256) for link in links]
    events = session.exec(
        select(AuditEvent).where(col(AuditEvent.seq) >= audit_from).order_by(col(AuditEvent.seq))
    ).all()
    attachments = []
    for link, meta in zip(links, metas, strict=True):
        assert meta is not None  # a foreign key
        attachments.append({**link.model_dump(mode="json"), **meta.model_dump(mode="json")})
    user_ids = {c.prepared_by for c in found_cases} | {d.decided_by for d in decisions}
    user_ids |= {c.checked_by for c in checks if c.checked_by} | {a.added_by for a in links}
    users = [
        {
            **user.model_dump(mode="json"),
            # Staff travel as names and roles only: no password hash, no lockout state.
            "password_hash": None,
            "failed_logins": 0,
            "locked_until": None,
        }
        for user in session.exec(select(User).where(col(User.id).in_(list(user_ids))))
    ]
    return {
        "users": users,
        "cases": _dump(found_cases),
        "persons": _dump(persons),
        "roles": _dump(roles),
        "checks": _dump(checks),
        "decisions": _dump(decisions),
        "attachments": attachments,
        "audit": _dump(events),
    }


# --- import ------------------------------------------------------------------------------------


@dataclass
class Report:
    station: str
    seq_from: int
    seq_to: int
    already_imported: bool = False
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # case numbers kept in both versions
    duplicates: list[str] = field(default_factory=list)  # masked identity numbers
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "station": self.station,
            "seq_from": self.seq_from,
            "seq_to": self.seq_to,
            "already_imported": self.already_imported,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "duplicates": self.duplicates,
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
        if self.conflicts:
            lines.append(f"conflicts kept for review: {', '.join(self.conflicts)}")
        if self.duplicates:
            lines.append(f"possible duplicate applications: {', '.join(self.duplicates)}")
        return "\n".join(lines)


def _sync_key(station: str) -> str:
    return f"sync.{station}.seq"


def import_bundle(
    target: Database, data: bytes, *, centre_key: Any, files_dir: Path, actor: str
) -> Report:
    """Import one bundle into `target` in one transaction; raises BundleRefused, writing nothing."""
    started = time.perf_counter()
    with target.write() as session:
        keys = known_keys(session)
        revoked = frozenset(
            row.key.removeprefix(REVOKED_PREFIX)
            for row in session.exec(
                select(Setting).where(col(Setting.key).startswith(REVOKED_PREFIX))
            )
        )
        contents = open_bundle(data, centre_key=centre_key, station_keys=keys, revoked=revoked)
        manifest = contents.manifest
        station = str(manifest["station"])
        seq_from, seq_to = int(manifest["seq_from"]), int(manifest["seq_to"])
        last = int(_setting(session, _sync_key(station)) or 0)
        report = Report(station, seq_from, seq_to)
        if seq_to <= last and seq_from <= last:
            report.already_imported = True
            report.seconds = time.perf_counter() - started
            return report
        if seq_from > last + 1:
            raise BundleRefused(
                text(
                    f"顺序缺失：派出所 {station} 的第 {last + 1}–{seq_from - 1} 号变更尚未导入，"
                    "请先导入之前的导出文件。",
                    f"Sequence gap: station {station}'s changes {last + 1}–{seq_from - 1} "
                    "have not been imported; import the earlier bundles first.",
                )
            )
        _apply(session, contents, report, files_dir)
        session.merge(Setting(key=_sync_key(station), value=str(seq_to)))
        audit.record(
            session,
            actor=actor,
            action="import",
            entity="station",
            entity_id=station,
            detail={"seq_from": seq_from, "seq_to": seq_to, "conflicts": len(report.conflicts)},
        )
    report.seconds = time.perf_counter() - started
    return report


def _parse(model: type[SQLModel], row: dict[str, Any]) -> Any:
    return model.model_validate(row)


def _upsert(
    session: Session, model: type[SQLModel], row: dict[str, Any], report: Report, name: str
) -> Any:
    incoming = _parse(model, row)
    key = sa.inspect(model).primary_key
    identity = tuple(getattr(incoming, column.name) for column in key)
    current = session.get(model, identity if len(identity) > 1 else identity[0])
    if current is None:
        session.add(incoming)
        report.inserted[name] = report.inserted.get(name, 0) + 1
        return incoming
    if current.model_dump(mode="json") == incoming.model_dump(mode="json"):
        report.unchanged[name] = report.unchanged.get(name, 0) + 1
        return current
    for field_name in model.model_fields:
        setattr(current, field_name, getattr(incoming, field_name))
    session.add(current)
    report.updated[name] = report.updated.get(name, 0) + 1
    return current


def _apply(session: Session, contents: Contents, report: Report, files_dir: Path) -> None:
    tables = contents.tables
    station = report.station
    for row in tables["users"]:
        # Station staff at the centre: named station/username, never able to log in there.
        username = row["username"] if "/" in row["username"] else f"{station}/{row['username']}"
        _upsert(session, User, {**row, "username": username, "active": False}, report, "users")
    session.flush()
    # Persons: the same identity number is the same person, whichever station recorded them.
    person_ids: dict[str, uuid.UUID] = {}
    for row in tables["persons"]:
        known = session.exec(select(Person).where(Person.id_number == row["id_number"])).first()
        if known is not None and str(known.id) != row["id"]:
            person_ids[row["id"]] = known.id
            row = {**row, "id": str(known.id)}
        _upsert(session, Person, row, report, "persons")
    session.flush()
    conflicted: set[str] = set()
    for row in tables["cases"]:
        row = {**row, "applicant_id": str(person_ids.get(row["applicant_id"], row["applicant_id"]))}
        current = session.get(Case, uuid.UUID(row["id"]))
        if current is not None and current.revision > int(row["revision"]):
            # The centre's version is newer: keep it, and keep the station's for review.
            session.add(
                SyncConflict(
                    station_code=station,
                    case_id=current.id,
                    centre_revision=current.revision,
                    incoming_revision=int(row["revision"]),
                    incoming=row,
                    detected_at=utc_now(),
                )
            )
            report.conflicts.append(current.number)
            conflicted.add(row["id"])
            continue
        if current is None:
            row = {**row, "serial": _next_serial(session)}  # serials are each file's own
        else:
            row = {**row, "serial": current.serial}
        _upsert(session, Case, row, report, "cases")
        session.flush()
    for row in tables["roles"]:
        if row["case_id"] in conflicted:
            continue
        row = {**row, "person_id": str(person_ids.get(row["person_id"], row["person_id"]))}
        _upsert(session, CaseRole, row, report, "roles")
    for name, model in (("checks", DocumentCheck), ("decisions", Decision)):
        for row in tables[name]:
            if row["case_id"] not in conflicted:
                _upsert(session, model, row, report, name)
    session.flush()
    files_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    for row in tables["attachments"]:
        meta = {k: row[k] for k in ("sha256", "size", "media_type", "created_at")}
        _upsert(session, Attachment, meta, report, "attachments")
        session.flush()
        link = {
            k: row[k] for k in ("id", "check_id", "sha256", "file_name", "added_by", "added_at")
        }
        link_row = _parse(CheckAttachment, link)
        if session.get(CheckAttachment, link_row.id) is None:
            session.add(link_row)
        target = path_of(files_dir, row["sha256"])
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents.files[row["sha256"]])
    for row in tables["audit"]:
        _upsert(session, StationAudit, {**row, "station_code": station}, report, "audit")
    session.flush()
    _flag_duplicates(session, tables, report, person_ids)


def _next_serial(session: Session) -> int:
    last = session.exec(select(sa.func.max(Case.serial))).one()
    return (last or 0) + 1


def _flag_duplicates(
    session: Session,
    tables: dict[str, list[dict[str, Any]]],
    report: Report,
    person_ids: dict[str, uuid.UUID],
) -> None:
    from hukou_desk.domain.identity import mask

    applicants = {
        str(person_ids.get(row["applicant_id"], row["applicant_id"]))
        for row in tables["cases"]
        if CaseStatus(row["status"]) in OPEN
    }
    for person_id in sorted(applicants):
        stations = set(
            session.exec(
                select(Case.station_code).where(
                    Case.applicant_id == uuid.UUID(person_id),
                    col(Case.status).in_([s.value for s in OPEN]),
                )
            ).all()
        )
        if len(stations) > 1:
            person = session.get(Person, uuid.UUID(person_id))
            assert person is not None
            report.duplicates.append(mask(person.id_number))


def trust(session: Session, *, station: str, public_key: str, actor: str) -> None:
    """At the centre: know a station's key (from its registration)."""
    from hukou_desk.slips.printing import trust_station

    trust_station(session, actor=actor, station_code=station, public_key=public_key)


def revoke(session: Session, *, station: str, actor: str) -> None:
    session.merge(Setting(key=REVOKED_PREFIX + station, value=utc_now().isoformat()))
    audit.record(session, actor=actor, action="station.revoke", entity="station", entity_id=station)


def install_centre_key(session: Session, *, public_key: str, actor: str) -> None:
    x25519_public(public_key)  # refuses a malformed key
    session.merge(Setting(key=CENTRE_KEY, value=public_key))
    audit.record(session, actor=actor, action="sync.centre_key", entity="station", entity_id="-")
