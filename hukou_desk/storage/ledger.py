"""Every recorded row under the signature of whoever last changed it.

A transaction of the desk (`Database.write()`) that changes a row of a recorded table — cases,
persons, their roles in cases, document findings, scans and their links, decisions, issued
papers, corrections, accounts, keys, settings — leaves, as it commits:

- a `RowVersion` per row changed: the keyed digest of its fields as the transaction left them
  (None: deleted), under the transaction's last audit event (`signed_rows`);
- on each audit event it appended whose actor is signed in (their key in the keychain,
  `storage.person_keys`), that actor's Ed25519 signature over the station, the event's number,
  the hash before it, its own hash (so its content) and the digest of the rows the
  transaction left.

So a row edited, added or deleted outside the desk no longer matches its last version, a
version rewritten no longer matches the signature over it, and an act "by" someone signed with
anything but their own key — which opens only with their password — shows as such
(`check_signatures`). The file's first transaction with a ledger takes every row as it stands
(a file from before, or a bulk-made training file).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import event
from sqlmodel import Session, SQLModel, col, func, select

from hukou_desk.domain.text import Text, text
from hukou_desk.storage import audit, person_keys
from hukou_desk.storage.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseRole,
    CheckAttachment,
    Decision,
    DocumentCheck,
    IssuedSlip,
    Person,
    PersonCorrection,
    PersonKey,
    RowVersion,
    Setting,
    Station,
    User,
)

# session.info: this transaction keeps a ledger (set by `Database.write()`), and what it touched.
ENABLED = "ledger.enabled"
_TOUCHED = "ledger.touched"

RECORDED: dict[str, type[SQLModel]] = {
    "case_file": Case,
    "person": Person,
    "case_role": CaseRole,
    "document_check": DocumentCheck,
    "attachment": Attachment,
    "check_attachment": CheckAttachment,
    "decision": Decision,
    "issued_slip": IssuedSlip,
    "person_correction": PersonCorrection,
    "user": User,
    "person_key": PersonKey,
    "station": Station,
    "setting": Setting,
}
_BY_MODEL = {model: name for name, model in RECORDED.items()}
# The settings that say something (what an administrator set, whom this PC trusts); the
# bookkeeping ones (the chain's head, the sync's counters) change with every transaction.
_RECORDED_SETTINGS = (
    "station.",
    "slipkey",
    "revoked.",
    "file.training",
    "sync.centre_key",
    "sync.centre_signing_key",
    "sync.acknowledgement",
)

# The acts that count: each carries its actor's signature (once the file has any signature).
SIGNED_ACTS = frozenset(
    {
        "check.record",
        "check.attach",
        "case.submit",
        "case.recommend",
        "case.approve",
        "case.refuse",
        "case.request_documents",
        "case.extend",
        "case.correct_person",
        "person.correct",
        "slip.reissue",
        "user.create",
        "user.password",
        "user.enable",
        "user.disable",
        "user.key",
        "settings.change",
        "station.set",
    }
)
# Decisions: signed by a key the centre has enrolled (`storage.enrolment`).
DECISIONS = frozenset({"case.approve", "case.refuse", "case.request_documents"})


def is_signed_act(action: str) -> bool:
    return action in SIGNED_ACTS or action.startswith("print.")


def _recorded(obj: Any) -> str | None:
    name = _BY_MODEL.get(type(obj))
    if name == "setting" and not str(obj.key).startswith(_RECORDED_SETTINGS):
        return None
    return name


def row_key(obj: Any) -> str:
    identity = sa.inspect(obj).identity
    if identity is None:
        identity = sa.inspect(type(obj)).primary_key_from_instance(obj)
    return "|".join(str(part) for part in identity)


def _fields(obj: Any) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in type(obj).model_fields}


@event.listens_for(Session, "after_flush")
def _note(session: Session, _context: Any) -> None:
    if not session.info.get(ENABLED):
        return
    touched: dict[tuple[str, str], Any] = session.info.setdefault(_TOUCHED, {})
    for obj in (*session.new, *session.dirty):
        name = _recorded(obj)
        if name is not None:
            touched[(name, row_key(obj))] = obj
    for obj in session.deleted:
        name = _recorded(obj)
        if name is not None:
            touched[(name, row_key(obj))] = None


def rows_digest(versions: list[tuple[str, str, str | None]]) -> str:
    return hashlib.sha256(audit.canonical(sorted(versions, key=lambda v: v[:2]))).hexdigest()


def message(station: str, event_: Any) -> bytes:
    """What an actor signs of an event (an AuditEvent, or the centre's copy of one)."""
    return (
        f"HKD-ACT|{station}|{event_.seq}|{event_.actor}|{event_.prev_hash}|{event_.hash}|"
        f"{event_.signed_rows}|{event_.rows_digest}"
    ).encode()


def _all_rows(session: Session) -> Iterator[tuple[str, str, Any]]:
    for name, model in RECORDED.items():
        for obj in session.exec(select(model)):
            if _recorded(obj) is not None:
                yield name, row_key(obj), obj


def finish(session: Session, *, first_appended: int | None, station: str) -> None:
    """As a transaction commits: its rows' versions, and its actors' signatures (see the
    module's note). The centre's database (no station of its own) keeps none."""
    if not station:
        session.info.pop(_TOUCHED, None)
        return
    session.flush()
    touched: dict[tuple[str, str], Any] = session.info.pop(_TOUCHED, {})
    started = session.exec(select(RowVersion.id).limit(1)).first() is not None
    if not started:  # the file's first: every row as it stands
        touched = {(name, key): obj for name, key, obj in _all_rows(session)} | touched
    if touched and first_appended is None:
        first_appended = audit.record(
            session, actor="(desk)", action="rows.write", entity="station", entity_id="-"
        ).seq
    if first_appended is None:
        return
    head_seq, _hash = audit.head(session)
    versions: list[tuple[str, str, str | None]] = []
    for (name, key), obj in touched.items():
        digest = None
        if obj is not None and obj in session and not sa.inspect(obj).deleted:
            digest = audit.keyed(session, _fields(obj))
        versions.append((name, key, digest))
        session.add(RowVersion(table_name=name, row_key=key, seq=head_seq, digest=digest))
    signers = person_keys.keychain(session)
    if not signers:
        return
    digest_of_rows = rows_digest(versions)
    ids: dict[str, str] = {}
    for appended in session.exec(select(AuditEvent).where(col(AuditEvent.seq) >= first_appended)):
        private = signers.get(appended.actor)
        if private is None:
            continue
        if appended.actor not in ids:
            found = person_keys.current(session, appended.actor)
            if found is None:
                continue
            ids[appended.actor] = found.id
        appended.signer = ids[appended.actor]
        appended.signed_rows = head_seq
        appended.rows_digest = digest_of_rows
        appended.signature = _b64(private.sign(message(station, appended)))
        session.add(appended)
    session.flush()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


# --- checking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    at: int  # the first event concerned (0: a row)
    what: Text


def _latest(session: Session) -> dict[tuple[str, str], str | None]:
    latest = (
        select(func.max(RowVersion.id).label("id"))
        .group_by(col(RowVersion.table_name), col(RowVersion.row_key))
        .subquery()
    )
    return {
        (row.table_name, row.row_key): row.digest
        for row in session.exec(
            select(RowVersion).join(latest, col(RowVersion.id) == col(latest.c.id))
        )
    }


def _bulk_rows(session: Session, batch: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every recorded row as (table, key, fields), read by plain selects in batches: the same
    fields and keys an ORM object gives (`_fields`, `row_key`), without building one per row
    (a million demo cases are some ten million rows)."""
    for name, model in RECORDED.items():
        table = model.__table__  # type: ignore[attr-defined]
        fields = list(model.model_fields)
        keys = [column.name for column in table.primary_key.columns]
        statement = sa.select(*(table.c[field] for field in fields))
        result = session.connection().execute(statement.execution_options(yield_per=batch))
        for row in result.mappings():
            if name == "setting" and not str(row["key"]).startswith(_RECORDED_SETTINGS):
                continue
            yield name, "|".join(str(row[key]) for key in keys), dict(row)


def take_in(session: Session, *, actor: str, why: str, batch: int = 5_000) -> int:
    """Rows written in bulk by the desk itself (a training file's demo cases), taken into the
    ledger as they stand, on the record; returns how many.

    The rows are read in batches and their versions written as they go (held at once, a
    million demo cases' rows took gigabytes). They go under the event that records the
    taking-in, the next on the chain, appended once they are written with how many it took."""
    session.flush()
    recorded = _latest(session)
    secret = audit.digest_key(session)
    seq = audit.head(session)[0] + 1  # the taking-in's own event, appended below
    taken = 0
    pending: list[dict[str, Any]] = []
    for name, key, fields in _bulk_rows(session, batch):
        known = recorded.get((name, key))
        digest = audit.digest(fields, secret)
        if known is not None and (
            hmac.compare_digest(known, digest) or known == audit.digest(fields)
        ):
            continue
        pending.append({"table_name": name, "row_key": key, "seq": seq, "digest": digest})
        taken += 1
        if len(pending) >= batch:
            session.connection().execute(sa.insert(RowVersion), pending)
            pending.clear()
    if pending:
        session.connection().execute(sa.insert(RowVersion), pending)
    if not taken:
        return 0
    event = audit.record(
        session,
        actor=actor,
        action="rows.take_in",
        entity="station",
        entity_id="-",
        detail={"rows": taken, "why": why},
    )
    assert event.seq == seq, "the chain moved while the rows were taken in"
    return taken


def check_rows(session: Session) -> Problem | None:
    """Every recorded row against its last version: none changed, added or deleted outside
    the desk (nothing judged in a file whose ledger has not started)."""
    recorded = _latest(session)
    if not recorded:
        return None
    seen: set[tuple[str, str]] = set()
    for name, key, obj in _all_rows(session):
        seen.add((name, key))
        if (name, key) not in recorded:
            return _row_problem(name, key, "添加", "added")
        digest = recorded[(name, key)]
        if digest is None or not audit.matches(session, digest, _fields(obj)):
            return _row_problem(name, key, "修改", "changed")
    for (name, key), digest in recorded.items():
        if digest is not None and (name, key) not in seen:
            return _row_problem(name, key, "删除", "deleted")
    return None


def _row_problem(table: str, key: str, zh: str, en: str) -> Problem:
    return Problem(
        0,
        text(
            f"表 {table} 的记录 {key} 在本软件之外被{zh}，与其最后一次签名的记录不符",
            f"a row of {table} ({key}) was {en} outside the desk: it does not match its last "
            "signed record",
        ),
    )


def check_signatures(
    session: Session,
    station: str,
    *,
    enrolled: Callable[[PersonKey], bool],
    batch: int = 2_000,
) -> Problem | None:
    """Every signature verified with its signer's key, which must be the actor's; every act
    that counts signed, once the file has any signature; every decision signed by a key the
    centre enrolled (`enrolled`); the rows a signature covers still those recorded."""
    keys = {row.id: row for row in session.exec(select(PersonKey))}
    publics = {row.id: person_keys.public_key(row) for row in keys.values()}
    signing_began = session.exec(
        select(func.min(AuditEvent.seq)).where(col(AuditEvent.signature).is_not(None))
    ).one()
    after = 0
    while True:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.seq) > after)
            .order_by(col(AuditEvent.seq))
            .limit(batch)
        ).all()
        if not events:
            return None
        covered = _rows_digests(session, {e.signed_rows for e in events if e.signed_rows})
        for one in events:
            assert one.seq is not None
            problem = _check_event(station, one, keys, publics, signing_began, enrolled, covered)
            if problem is not None:
                return problem
        after = events[-1].seq or 0


def _rows_digests(session: Session, seqs: set[int]) -> dict[int, str]:
    """The digest of the rows recorded under each of `seqs` (one query for a batch)."""
    versions: dict[int, list[tuple[str, str, str | None]]] = {seq: [] for seq in seqs}
    for row in session.exec(select(RowVersion).where(col(RowVersion.seq).in_(seqs))):
        versions[row.seq].append((row.table_name, row.row_key, row.digest))
    return {seq: rows_digest(found) for seq, found in versions.items()}


def _check_event(
    station: str,
    one: AuditEvent,
    keys: dict[str, PersonKey],
    publics: dict[str, Any],
    signing_began: int | None,
    enrolled: Callable[[PersonKey], bool],
    covered: dict[int, str],
) -> Problem | None:
    seq = one.seq or 0
    if one.signature is None:
        if is_signed_act(one.action) and signing_began is not None and seq > signing_began:
            return Problem(
                seq,
                text(
                    f"第 {seq} 条记录（{one.action}，{one.actor}）没有本人签名："
                    "不是本人在本软件中所为",
                    f"event {seq} ({one.action} by {one.actor}) carries no signature of its "
                    "actor: it was not done by them at the desk",
                ),
            )
        return None
    key = keys.get(one.signer or "")
    if key is None or key.username != one.actor:
        return Problem(
            seq,
            text(
                f"第 {seq} 条记录（{one.action}）的签名不是 {one.actor} 本人的密钥",
                f"event {seq} ({one.action}) is not signed by a key of {one.actor}",
            ),
        )
    try:
        publics[key.id].verify(base64.urlsafe_b64decode(one.signature), message(station, one))
    except (InvalidSignature, ValueError):
        return Problem(
            seq,
            text(
                f"第 {seq} 条记录（{one.action}，{one.actor}）的签名无效：记录被篡改",
                f"event {seq} ({one.action} by {one.actor}) does not match its signature: "
                "tampering",
            ),
        )
    if one.signed_rows is not None and covered.get(one.signed_rows) != one.rows_digest:
        return Problem(
            seq,
            text(
                f"第 {seq} 条记录签名所涵盖的数据行记录被改动或删除",
                f"the rows signed with event {seq} were changed or removed from the record",
            ),
        )
    if one.action in DECISIONS and not enrolled(key):  # a decision: rare, checked each time
        return Problem(
            seq,
            text(
                f"第 {seq} 条记录（{one.action}，{one.actor}）的签名密钥未经中心登记："
                "不能作为审批决定",
                f"event {seq} ({one.action} by {one.actor}) is signed by a key the centre never "
                "enrolled: it does not count as a decision",
            ),
        )
    return None


def signer_of(session: Session, username: str) -> Ed25519PrivateKey | None:
    return person_keys.keychain(session).get(username)
