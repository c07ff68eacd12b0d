"""The case file's tables, one SQLModel class each; the same models serve SQLite and PostgreSQL.

Keys are UUIDs (version 7: time-ordered, so indexes grow at the end and offline stations never
collide when the centre merges their files). Times are stored in UTC. Enumerated values
(statuses, roles, check states) are stored as their stable English codes; the domain names them.
The migrations in `migrations/versions/` create exactly this schema (a test compares them).
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Column, Field, SQLModel

from hukou_desk.domain import clock


def new_id() -> uuid.UUID:
    """A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & 0xFFFF_FFFF_FFFF) << 80 | rand & ((1 << 80) - 1)
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 9562 variant
    return uuid.UUID(int=value)


def utc_now() -> datetime:
    return clock.utc_now()  # the desk's one clock (tests may stand it at a chosen moment)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out; SQLite keeps them as naive UTC text."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc(**kw: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kw))


def _code(length: int, **kw: Any) -> Any:
    return Field(sa_type=sa.String(length), **kw)


class Station(SQLModel, table=True):
    """This PC's station: its code prefixes every case number (e.g. 440703 for 蓬江)."""

    id: int = Field(default=1, primary_key=True)
    code: str = _code(12)
    name: str
    district: str = _code(6)  # GB/T 2260 county code of the station's area
    phone: str = ""
    address: str = ""
    created_at: datetime = _utc(nullable=False)


class Setting(SQLModel, table=True):
    """Station settings a supervisor may change (backup retention, idle lock minutes...)."""

    key: str = Field(primary_key=True, sa_type=sa.String(64))
    value: str


class User(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    username: str = Field(sa_type=sa.String(64), unique=True)
    display_name: str
    role: str = _code(16)  # domain.lifecycle.Role
    password_hash: str | None = None  # set by the login screen (argon2id)
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = _utc(nullable=True)
    created_at: datetime = _utc(nullable=False)


NAME_LENGTH = 64  # a person's name, in characters: the station's check and both schemas


class Person(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    id_number: str = Field(sa_type=sa.String(18), unique=True)
    name: str = Field(sa_type=sa.String(NAME_LENGTH))
    former_names: str = ""  # separated by "、", as written on the household register
    sex: str = _code(1)  # GB/T 2261.1
    birth_date: date
    ethnicity: str = _code(2, default="01")  # GB 3304
    education: str | None = _code(2, default=None)  # GB/T 4658
    marital_status: str | None = _code(2, default=None)  # GB/T 2261.2
    hukou_address: str = ""
    hukou_office: str = ""  # the police station that keeps the household register
    current_address: str = ""
    phone: str = ""
    created_at: datetime = _utc(nullable=False)
    updated_at: datetime = _utc(nullable=False)
    # At the centre: the station whose copy of the person this row is (only it may change
    # it); empty at a station, where every person is its own.
    station_code: str | None = Field(default=None, sa_type=sa.String(12))


class Case(SQLModel, table=True):
    __tablename__ = "case_file"
    __table_args__ = (
        sa.Index("ix_case_file_status_received", "status", "application_date", "serial"),
        sa.Index("ix_case_file_pathway_received", "pathway_id", "application_date", "serial"),
        sa.Index("ix_case_file_district_received", "district", "application_date", "serial"),
        sa.Index("ix_case_file_received", "application_date", "serial"),
        sa.Index("ix_case_file_due", "due_on"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    # Local order of creation on this PC: the search index's row id and the list's tiebreak.
    serial: int = Field(unique=True)
    number: str = Field(sa_type=sa.String(32), unique=True)  # 440703001-02-2026-000123
    station_code: str = _code(12)
    # The counter of the station the case belongs to ("02"; None: the station's PC from before
    # counters): the one that numbered it, until a signed hand-over moves it (storage.counters).
    counter: str | None = _code(2, default=None)
    pathway_id: str = Field(sa_type=sa.String(64))
    pathway_version: int
    status: str = _code(20)  # domain.lifecycle.CaseStatus
    application_date: date
    district: str = _code(6)  # destination county (GB/T 2260)
    applicant_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    prepared_by: uuid.UUID = Field(foreign_key="user.id")
    facts: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)  # domain.facts.Facts
    clock_limit: int = 20
    clock_used: int = 0
    clock_running_since: date | None = None
    due_on: date | None = None  # last working day of the statutory limit while it runs
    revision: int = 1  # bumped by every change; the sync compares it
    created_at: datetime = _utc(nullable=False)
    updated_at: datetime = _utc(nullable=False)
    # The number it had before its PC became a counter (440703001-2026-000123), kept when the
    # counter renumbered it into its own series: searchable, and the papers issued under it
    # still found (storage.counters.set_counter). Not unique: at the centre two PCs of a
    # station from before counters may have given the same old number to two cases. Last, as
    # migration 0020 added it.
    former_number: str | None = Field(default=None, sa_type=sa.String(32), index=True)


# A person's details as a case records them (the rest, sex and birth date, follow from the
# identity number and cannot differ between cases).
RECORDED_DETAILS = (
    "name",
    "former_names",
    "ethnicity",
    "education",
    "marital_status",
    "hukou_address",
    "hukou_office",
    "current_address",
    "phone",
)


class CaseRole(SQLModel, table=True):
    """Everyone in a case: its applicant, sponsor, accompanying relatives, property owner,
    householder; each with their details as recorded in this case.

    The details are the case's own: a later intake of the same person changes none of them,
    and a correction (`cases.correct_person`) only those of cases still undecided without an
    issued paper. A row whose `name` is NULL was written before cases kept their own details
    (an older station's bundle): the person's details stand for it."""

    __tablename__ = "case_role"
    __table_args__ = (sa.UniqueConstraint("case_id", "person_id", "role"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case_file.id")
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    role: str = _code(20)  # domain.parties.PartyRole
    relationship: str | None = _code(2, default=None)  # GB/T 4761, relative to the applicant
    name: str | None = Field(default=None, sa_type=sa.String(NAME_LENGTH))
    former_names: str | None = None
    ethnicity: str | None = _code(2, default=None)
    education: str | None = _code(2, default=None)
    marital_status: str | None = _code(2, default=None)
    hukou_address: str | None = None
    hukou_office: str | None = None
    current_address: str | None = None
    phone: str | None = None


class PersonCorrection(SQLModel, table=True):
    """A clerk's correction of a known person: what each detail said and says now, why, and
    which cases took it (only those still undecided without an issued paper). The audit event
    beside it holds the digests; this row is the readable record, kept at the station."""

    __tablename__ = "person_correction"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    before: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)  # changed details only
    after: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    reason: str
    cases: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # numbers corrected
    kept: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # numbers left as decided
    corrected_by: uuid.UUID = Field(foreign_key="user.id")
    corrected_at: datetime = _utc(nullable=False)


class DocumentCheck(SQLModel, table=True):
    """One required document of one case: its state, the answers to its checks, who checked."""

    __tablename__ = "document_check"
    __table_args__ = (sa.UniqueConstraint("case_id", "document_id", "party"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case_file.id")
    document_id: str = Field(sa_type=sa.String(64))
    party: str = Field(sa_type=sa.String(64))  # whose document: applicant, sponsor, relative:N
    state: str = _code(16)  # domain.checks.CheckState
    answers: dict[str, bool] = Field(default_factory=dict, sa_type=sa.JSON)
    note: str = ""
    checked_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    checked_at: datetime | None = _utc(nullable=True)


class Attachment(SQLModel, table=True):
    """A stored scan, photo or PDF, addressed by the SHA-256 of its bytes."""

    sha256: str = Field(primary_key=True, sa_type=sa.String(64))
    size: int
    media_type: str = Field(sa_type=sa.String(64))
    created_at: datetime = _utc(nullable=False)


class CheckAttachment(SQLModel, table=True):
    __tablename__ = "check_attachment"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    check_id: uuid.UUID = Field(foreign_key="document_check.id", index=True)
    sha256: str = Field(foreign_key="attachment.sha256", sa_type=sa.String(64))
    file_name: str
    added_by: uuid.UUID = Field(foreign_key="user.id")
    added_at: datetime = _utc(nullable=False)


class CardRead(SQLModel, table=True):
    """An identity card read at the counter for one person of a case: the card's kind and
    validity, and the chip's photo (sealed like a scan; kept at the station, not exported)."""

    __tablename__ = "card_read"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case_file.id", index=True)
    party: str = _code(24)  # applicant, sponsor, relatives[0]… as the document checks say
    kind: str = _code(24)  # devices.cards.CardKind
    valid_from: date
    valid_until: date | None = None  # None: long-term
    standing: str = _code(16)  # domain.cards.CardStanding on the day it was read
    photo_sha256: str | None = Field(
        default=None, foreign_key="attachment.sha256", sa_type=sa.String(64)
    )
    read_by: uuid.UUID = Field(foreign_key="user.id")
    read_at: datetime = _utc(nullable=False)


class Decision(SQLModel, table=True):
    """A recorded judgement: the engine's outcome, the clerk's recommendation, the supervisor's."""

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case_file.id", index=True)
    kind: str = _code(16)  # domain.lifecycle.DecisionKind
    result: str = _code(16)  # engine result, or approve / refuse
    outcome: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)  # lines with clauses
    reasons: str = ""
    decided_by: uuid.UUID = Field(foreign_key="user.id")
    decided_at: datetime = _utc(nullable=False)


class CaseNumberCounter(SQLModel, table=True):
    """The last sequence number given out per series (a counter's identity, 440703001-02, or
    a station's code from before counters) and year."""

    __tablename__ = "case_number_counter"

    station_code: str = Field(primary_key=True, sa_type=sa.String(24))
    year: int = Field(primary_key=True)
    last: int = 0


class AuditEvent(SQLModel, table=True):
    """One link of the hash chain: hash = SHA-256(previous hash + this event's canonical JSON)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        # Who last set an account's password (maker-checker, at every decision).
        sa.Index("ix_audit_event_action_entity", "action", "entity_id"),
        {"sqlite_autoincrement": True},
    )

    seq: int | None = Field(default=None, primary_key=True)
    at: datetime = _utc(nullable=False)
    actor: str = Field(sa_type=sa.String(64))
    action: str = Field(sa_type=sa.String(32))
    case_id: uuid.UUID | None = Field(default=None, index=True)
    entity: str = Field(sa_type=sa.String(32))
    entity_id: str = Field(sa_type=sa.String(64))
    before_digest: str | None = Field(default=None, sa_type=sa.String(64))
    after_digest: str | None = Field(default=None, sa_type=sa.String(64))
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)  # no personal data
    prev_hash: str = Field(sa_type=sa.String(64))
    hash: str = Field(sa_type=sa.String(64))
    # The actor's own signature (`storage.ledger`), outside the hash: over this event's hash,
    # the one before and the rows its transaction left (their versions under `signed_rows`).
    signer: str | None = Field(default=None, sa_type=sa.String(16))  # PersonKey.id
    signature: str | None = Field(default=None, sa_type=sa.String(96))
    signed_rows: int | None = None
    rows_digest: str | None = Field(default=None, sa_type=sa.String(64))


class PersonKey(SQLModel, table=True):
    """A person's Ed25519 signing key: the public half, and the private half wrapped under a
    key stretched from that person's password alone (argon2id, as a keyring slot); never
    under the case file's key. A reset by an administrator retires it for a new one (kept to
    verify what it signed). `enrolment`: the centre's signed word that it knows the key
    (base64url), or "training" on a training file."""

    __tablename__ = "person_key"

    id: str = Field(primary_key=True, sa_type=sa.String(16))  # SHA-256 of the key, cut
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    username: str = Field(sa_type=sa.String(64))
    public_key: str = Field(sa_type=sa.String(64))  # base64url, 32 bytes
    salt: str = Field(sa_type=sa.String(32))
    nonce: str = Field(sa_type=sa.String(32))
    wrapped: str = Field(sa_type=sa.String(128))
    time_cost: int
    memory_cost: int
    parallelism: int
    created_at: datetime = _utc(nullable=False)
    retired_at: datetime | None = _utc(nullable=True)
    enrolment: str | None = Field(default=None, sa_type=sa.Text)


class RowVersion(SQLModel, table=True):
    """What a row of a recorded table was left as by a transaction (`storage.ledger`): the
    keyed digest of its fields (None: deleted), under the transaction's last audit event,
    whose actor's signature covers them."""

    __tablename__ = "row_version"
    __table_args__ = (
        sa.Index("ix_row_version_row", "table_name", "row_key", "seq"),
        sa.Index("ix_row_version_seq", "seq"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(sa_type=sa.String(32))
    row_key: str = Field(sa_type=sa.String(128))
    seq: int
    digest: str | None = Field(default=None, sa_type=sa.String(64))


class AuditSeal(SQLModel, table=True):
    """The station's key over a stretch of the audit chain, written by the transaction that
    appended it: events no seal covers were added outside the desk (`storage.seals`)."""

    __tablename__ = "audit_seal"

    seq_from: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq_to: int
    hash: str = Field(sa_type=sa.String(64))  # the chain's hash at seq_to
    signature: str = Field(sa_type=sa.String(96))
    adopted_by: str | None = Field(default=None, sa_type=sa.String(64))


class Change(SQLModel, table=True):
    """The outbox: every committed change of a case, in the order the export must replay it."""

    __tablename__ = "change"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: int | None = Field(default=None, primary_key=True)
    case_id: uuid.UUID
    action: str = Field(sa_type=sa.String(32))
    revision: int
    at: datetime = _utc(nullable=False)


class StatusCount(SQLModel, table=True):
    """Cases per status, kept by triggers on SQLite so the counts cost nothing at a million."""

    __tablename__ = "status_count"

    status: str = Field(primary_key=True, sa_type=sa.String(20))
    cases: int = 0


class IntakeDraft(SQLModel, table=True):
    """What a clerk has typed into the new-case wizard, saved as they type.

    Scratch for the clerk who typed it, so that a cancel, an idle lock or a crash loses nothing:
    never exported, deleted when the wizard's work is saved into its case.
    """

    __tablename__ = "intake_draft"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    case_id: uuid.UUID | None = Field(default=None, foreign_key="case_file.id")
    step: int = 0
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_at: datetime = _utc(nullable=False)


class StationAudit(SQLModel, table=True):
    """The centre's copy of each counter's audit trail, keyed by the counter's identity (a
    restored one's later epochs beside it, 440703001-02#1) and its own sequence."""

    __tablename__ = "station_audit"

    station_code: str = Field(primary_key=True, sa_type=sa.String(24))
    seq: int = Field(primary_key=True)
    at: datetime = _utc(nullable=False)
    actor: str = Field(sa_type=sa.String(64))
    action: str = Field(sa_type=sa.String(32))
    case_id: uuid.UUID | None = Field(default=None)
    entity: str = Field(sa_type=sa.String(32))
    entity_id: str = Field(sa_type=sa.String(64))
    before_digest: str | None = Field(default=None, sa_type=sa.String(64))
    after_digest: str | None = Field(default=None, sa_type=sa.String(64))
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    prev_hash: str = Field(sa_type=sa.String(64))
    hash: str = Field(sa_type=sa.String(64))
    signer: str | None = Field(default=None, sa_type=sa.String(16))
    signature: str | None = Field(default=None, sa_type=sa.String(96))
    signed_rows: int | None = None
    rows_digest: str | None = Field(default=None, sa_type=sa.String(64))


class SyncConflict(SQLModel, table=True):
    """A case the station changed after the centre had changed it: both versions kept."""

    __tablename__ = "sync_conflict"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    station_code: str = Field(sa_type=sa.String(24))  # the counter whose version it is
    case_id: uuid.UUID = Field(index=True)
    centre_revision: int
    incoming_revision: int
    incoming: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    detected_at: datetime = _utc(nullable=False)
    resolved: bool = False


class IssuedSlip(SQLModel, table=True):
    """A paper as it was first issued: its content, frozen, so that a reprint (补打) says
    exactly what the original said, and its signed QR payload, so that it still verifies if
    the station's key is ever replaced. A supervisor's reissue supersedes it."""

    __tablename__ = "issued_slip"
    __table_args__ = (sa.UniqueConstraint("station_code", "kind", "year", "seq"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case_file.id", index=True)
    kind: str = _code(24)  # slips.wording.SlipKind
    station_code: str = _code(12)
    year: int
    seq: int  # the document number's running number, per station, kind and year
    document_number: str = Field(sa_type=sa.String(64))  # 文号, as printed
    issued_on: date
    valid_until: date | None = None  # a permit's last day
    issued_by: str = Field(sa_type=sa.String(64))
    content: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    digest: str = _code(32)
    payload: str = Field(sa_type=sa.Text)
    superseded_at: datetime | None = _utc(nullable=True)
    superseded_by: str | None = Field(default=None, sa_type=sa.String(64))
    superseded_reason: str = ""


class DocumentNumberCounter(SQLModel, table=True):
    """The last document number (文号) issued per station, kind of paper and year: taken in
    the transaction that issues the paper, so a number is used once and none is skipped."""

    __tablename__ = "document_number_counter"

    station_code: str = Field(primary_key=True, sa_type=sa.String(12))
    kind: str = Field(primary_key=True, sa_type=sa.String(24))  # slips.wording.SlipKind
    year: int = Field(primary_key=True)
    last: int = 0


# --- statistics (plan 三（二）): one narrow row per fact, kept by `storage.stats.refresh` in the
# same transaction as every change of a case; the definitions are domain.statistics'. On
# SQLite each table is clustered by its date (WITHOUT ROWID), so a period is one range scan.


class StatsCase(SQLModel, table=True):
    """A case as the figures see it: received when, where, on which pathway, with what outcome,
    decided when (China time) after how many working days."""

    __tablename__ = "stats_case"
    __table_args__ = (
        sa.Index("ix_stats_case_case", "case_id", unique=True),
        sa.Index(
            "ix_stats_case_decided",
            "decided",
            "pathway_id",
            "district",
            "station_code",
            "outcome",
            "clock_used",
            "clock_limit",
        ),
        sa.Index(
            "ix_stats_case_open",
            "outcome",
            "received",
            "pathway_id",
            "district",
            "station_code",
            "status",
            "due_on",
        ),
        {"sqlite_with_rowid": False},
    )

    received: date = Field(primary_key=True)
    case_id: uuid.UUID = Field(primary_key=True)
    received_month: int
    station_code: str = _code(12)
    district: str = _code(6)
    pathway_id: str = Field(sa_type=sa.String(64))
    status: str = _code(20)
    outcome: str = _code(10)  # domain.statistics.Outcome
    decided: date | None = None
    decided_month: int | None = None
    clock_used: int = 0
    clock_limit: int = 20
    due_on: date | None = None


class StatsPerson(SQLModel, table=True):
    """One person moved by one approved case: the applicant or a relative who came along."""

    __tablename__ = "stats_person"
    __table_args__ = (
        sa.Index("ix_stats_person_case", "case_id"),
        sa.Index("ix_stats_person_person", "person_id"),
        {"sqlite_with_rowid": False},
    )

    moved: date = Field(primary_key=True)  # the approval's day, China time
    case_id: uuid.UUID = Field(primary_key=True)
    person_id: uuid.UUID = Field(primary_key=True)
    moved_month: int
    station_code: str = _code(12)
    district: str = _code(6)  # the destination
    pathway_id: str = Field(sa_type=sa.String(64))
    role: str = _code(10)  # applicant | relative
    origin: str = _code(6)  # GB/T 2260, "" when unknown
    sex: str = _code(1)
    age_band: int
    education: str = _code(2)  # GB/T 4658, "" when unknown


class StatsRepeat(SQLModel, table=True):
    """People with more than one move on record: the few whose count needs correcting."""

    __tablename__ = "stats_repeat"

    person_id: uuid.UUID = Field(primary_key=True)


class StatsMover(SQLModel, table=True):
    """How many moves each person moved has on record (kept by key: no scan to find who
    moved twice)."""

    __tablename__ = "stats_mover"

    person_id: uuid.UUID = Field(primary_key=True)
    moves: int = 0


class StatsRefusal(SQLModel, table=True):
    """A criterion a refused case failed, with its clause ("" for a supervisor's judgement
    beyond the criteria)."""

    __tablename__ = "stats_refusal"
    __table_args__ = (sa.Index("ix_stats_refusal_case", "case_id"), {"sqlite_with_rowid": False})

    decided: date = Field(primary_key=True)
    case_id: uuid.UUID = Field(primary_key=True)
    criterion_id: str = Field(primary_key=True, sa_type=sa.String(64))
    clause: str = Field(sa_type=sa.String(32))
    station_code: str = _code(12)
    district: str = _code(6)
    pathway_id: str = Field(sa_type=sa.String(64))


# Monthly sums of the rows above, kept with them (`storage.stats`), so that a long period costs
# a few thousand rows whatever the file's size; the period's first and last part-months are
# read from the rows themselves.


class StatsCaseMonth(SQLModel, table=True):
    """Cases received per month, station, destination, pathway and outcome."""

    __tablename__ = "stats_case_month"

    month: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    station_code: str = Field(primary_key=True, sa_type=sa.String(12))
    district: str = Field(primary_key=True, sa_type=sa.String(6))
    pathway_id: str = Field(primary_key=True, sa_type=sa.String(64))
    outcome: str = Field(primary_key=True, sa_type=sa.String(10))
    cases: int = 0
    # The sum of the records' keys (domain.statistics.record_key): the cell key of the rule.
    keys: int = Field(default=0, sa_type=sa.BigInteger, sa_column_kwargs={"server_default": "0"})


class StatsDecidedMonth(SQLModel, table=True):
    """Cases decided per month (China time), by working days used and the limit."""

    __tablename__ = "stats_decided_month"

    month: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    station_code: str = Field(primary_key=True, sa_type=sa.String(12))
    district: str = Field(primary_key=True, sa_type=sa.String(6))
    pathway_id: str = Field(primary_key=True, sa_type=sa.String(64))
    clock_used: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    clock_limit: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    cases: int = 0
    # The sum of the records' keys (domain.statistics.record_key): the cell key of the rule.
    keys: int = Field(default=0, sa_type=sa.BigInteger, sa_column_kwargs={"server_default": "0"})


class StatsPersonMonth(SQLModel, table=True):
    """Moves per month by one attribute of the person (province, city, age band, sex,
    education, role): every move once under each attribute."""

    __tablename__ = "stats_person_month"

    month: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    station_code: str = Field(primary_key=True, sa_type=sa.String(12))
    district: str = Field(primary_key=True, sa_type=sa.String(6))
    pathway_id: str = Field(primary_key=True, sa_type=sa.String(64))
    dimension: str = Field(primary_key=True, sa_type=sa.String(10))
    value: str = Field(primary_key=True, sa_type=sa.String(10))
    moves: int = 0
    # The sum of the records' keys (domain.statistics.record_key): the cell key of the rule.
    keys: int = Field(default=0, sa_type=sa.BigInteger, sa_column_kwargs={"server_default": "0"})
