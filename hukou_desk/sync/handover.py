"""A case handed from one counter of a station to another (docs/counters.md).

The giving counter signs a *statement* — this case, at this revision, moves from counter A to
counter B of station S, by whom and when — with its own key, and writes the case (its row, its
people, roles, document checks, decisions, scans and the staff they name) with the statement
into one file, encrypted under a hand-over code the desk shows once (argon2id, then
ChaCha20-Poly1305; the code travels by word of mouth or on paper, the file on a stick or a
shared folder):

    b"HKDHOV" 0x01 | salt (16) | nonce (12) | ChaCha20-Poly1305(JSON payload)

The giving PC records the move (audit event `case.handover_out`, the statement in its detail,
signed by the actor's key like every act) and keeps its copy read-only (`storage.counters`).
The receiving PC checks the statement's signature against the giving counter's key from its
trust list (the centre's reference data), that the statement names it, that it never took this
hand-over before, and that its own copy (if it has one: a case coming back) is not newer;
then takes the case in and records `case.handover_in` with the same statement. Both events
travel in the counters' bundles: the centre follows the statements from the counter that
numbered the case to its owner now, and refuses changes from any other (`sync.counters`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlmodel import Session, SQLModel, col, select

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.files import write_whole
from hukou_desk.storage import attachments, cases, counters
from hukou_desk.storage.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseRole,
    CheckAttachment,
    Decision,
    DocumentCheck,
    Person,
    User,
    utc_now,
)

MAGIC = b"HKDHOV"
VERSION = 1
KIND = "hukou-desk/handover"
OUT, IN = "case.handover_out", "case.handover_in"
MAX_BYTES = 512 * 1024 * 1024
# The code: 16 characters of an alphabet without look-alikes (80 bits), in groups of four.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# argon2id: 64 MiB, 3 passes (a fraction of a second; a guessed code costs as much).
COST = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 1}


class HandoverRefused(HukouDeskError):
    """A hand-over that cannot be given or taken, said in words."""


def _refused(zh: str, en: str) -> HandoverRefused:
    return HandoverRefused(text(zh, en))


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _normal(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _key(code: str, salt: bytes) -> bytes:
    return hash_secret_raw(_normal(code).encode(), salt, hash_len=32, type=Type.ID, **COST)


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- the statement ----------------------------------------------------------------------------


def statement(
    case: Case, *, giver: str, receiver: str, by: str, reason: str, revision: int
) -> dict[str, Any]:
    return {
        "kind": KIND,
        "version": VERSION,
        "id": uuid.uuid4().hex,
        "case_id": case.id.hex,
        "number": case.number,
        "station": case.station_code,
        "from": giver,
        "to": receiver,
        "revision": revision,
        "by": by,
        "reason": reason[:200],
        "at": utc_now().isoformat(timespec="seconds"),
    }


def sign(body: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    return {
        "statement": body,
        "signature": keys.b64url(key.sign(canonical(body))),
        "public_key": keys.public_text(key),
    }


def keys_of(session: Session, counter: str) -> list[str]:
    """The public keys a counter signed with (its key now, and earlier ones), as trusted here."""
    found = [keys.known_keys(session).get(counter)]
    found += [key for key, _until in keys.retired_keys(session).get(counter, [])]
    return [key for key in found if key]


def verified(signed: object, trusted: list[str]) -> dict[str, Any] | None:
    """The statement of a signed hand-over if its signature is one of `trusted` keys'; None
    if it is malformed or not signed so."""
    if not isinstance(signed, dict) or not isinstance(signed.get("statement"), dict):
        return None
    body = signed["statement"]
    if body.get("kind") != KIND:
        return None
    try:
        signature = keys.unb64url(str(signed.get("signature", "")))
    except ValueError:
        return None
    for key in trusted:
        try:
            keys.ed25519_public(key).verify(signature, canonical(body))
        except (InvalidSignature, ValueError, keys.KeyRefused):
            continue
        return dict(body)
    return None


def checked_statement(body: dict[str, Any]) -> tuple[str, str, str, int]:
    """(case id, from, to, revision) of a statement whose counters are two of its station's."""
    try:
        giver, receiver = counters.parse(str(body["from"])), counters.parse(str(body["to"]))
        case_id, revision = uuid.UUID(str(body["case_id"])).hex, int(body["revision"])
    except (KeyError, TypeError, ValueError, counters.CounterRefused):
        raise _refused("移交声明格式不对。", "The hand-over statement is malformed.") from None
    station = str(body.get("station"))
    if giver.station != station or receiver.station != station or str(giver) == str(receiver):
        raise _refused(
            "移交只能在同一派出所的两个柜台之间进行。",
            "A case moves only between two counters of the same station.",
        )
    return case_id, str(giver), str(receiver), revision


# --- giving -----------------------------------------------------------------------------------


def _plain(row: SQLModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in type(row).model_fields:
        value = getattr(row, name)
        if isinstance(value, uuid.UUID):
            value = value.hex
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        out[name] = value
    return out


@dataclass(frozen=True)
class Given:
    file: Path
    code: str
    number: str
    receiver: str
    statement: dict[str, Any]


def give(
    session: Session,
    *,
    case: Case,
    actor: User,
    receiver: str,
    reason: str,
    key: Ed25519PrivateKey,
    attachments_dir: Path,
    file_key: bytes | None,
    out: Path,
) -> Given:
    """Hand `case` to counter `receiver` (two digits, or its identity): the move recorded and
    signed here, this PC's copy read-only from now, the file written whole."""
    here = counters.this_identity(session)
    counters.refuse_foreign(session, case)
    station = case.station_code
    try:
        target = counters.parse(receiver) if "-" in receiver else None
        to = str(target) if target else counters.identity(station, counters.checked(receiver))
    except counters.CounterRefused as exc:
        raise HandoverRefused(exc.message) from None
    if counters.station_of(to) != station or to == here:
        raise _refused(
            f"不能移交给 {to}：只能交给本所（{station}）的另一个柜台。",
            f"Cannot hand over to {to}: only to another counter of this station ({station}).",
        )
    body = statement(
        case, giver=here, receiver=to, by=actor.username, reason=reason, revision=case.revision + 1
    )
    signed = sign(body, key)
    before = cases.snapshot(case)
    case.counter = counters.parse(to).counter
    cases.changed(
        session,
        case,
        actor=actor,
        action=OUT,
        before=before,
        handing_over=True,
        detail={"handover": signed},
    )
    session.flush()
    payload = _payload(session, case, signed, attachments_dir, file_key)
    code = new_code()
    write_whole(out, seal(payload, code))
    return Given(out, code, case.number, to, body)


def _payload(
    session: Session,
    case: Case,
    signed: dict[str, Any],
    attachments_dir: Path,
    file_key: bytes | None,
) -> dict[str, Any]:
    roles = session.exec(select(CaseRole).where(CaseRole.case_id == case.id)).all()
    checks = session.exec(select(DocumentCheck).where(DocumentCheck.case_id == case.id)).all()
    decisions = session.exec(select(Decision).where(Decision.case_id == case.id)).all()
    links = (
        session.exec(
            select(CheckAttachment).where(col(CheckAttachment.check_id).in_([c.id for c in checks]))
        ).all()
        if checks
        else []
    )
    people = {case.applicant_id} | {r.person_id for r in roles}
    persons = session.exec(select(Person).where(col(Person.id).in_(people))).all()
    staff = {case.prepared_by} | {d.decided_by for d in decisions}
    staff |= {c.checked_by for c in checks if c.checked_by} | {a.added_by for a in links}
    users = session.exec(select(User).where(col(User.id).in_(staff))).all()
    scans: dict[str, dict[str, Any]] = {}
    for link in links:
        meta = session.get(Attachment, link.sha256)
        content = attachments.load(attachments_dir, link.sha256, file_key)
        if meta is None or content is None or hashlib.sha256(content).hexdigest() != link.sha256:
            raise _refused(
                f"案件 {case.number} 的一份扫描件缺失或已损坏：请重新扫描后再移交。",
                f"A scan of case {case.number} is missing or damaged: scan it again, then "
                "hand the case over.",
            )
        scans[link.sha256] = {**_plain(meta), "content": base64.b64encode(content).decode()}
    return {
        "handover": signed,
        "case": _plain(case),
        "roles": [_plain(r) for r in roles],
        "checks": [_plain(c) for c in checks],
        "decisions": [_plain(d) for d in decisions],
        "links": [_plain(a) for a in links],
        "persons": [_plain(p) for p in persons],
        "users": [
            {"id": u.id.hex, "username": u.username, "display_name": u.display_name, "role": u.role}
            for u in users
        ],
        "scans": scans,
    }


def seal(payload: dict[str, Any], code: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    header = MAGIC + bytes([VERSION]) + salt
    body = ChaCha20Poly1305(_key(code, salt)).encrypt(nonce, canonical(payload), header)
    return header + nonce + body


def open_file(data: bytes, code: str) -> dict[str, Any]:
    if len(data) > MAX_BYTES:
        raise _refused("文件过大，不是移交文件。", "The file is too large for a hand-over.")
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 1 + 16 + 12 + 16:
        raise _refused("这不是案件移交文件。", "This is not a case hand-over file.")
    if data[len(MAGIC)] != VERSION:
        raise _refused(
            "移交文件的版本本程序不认识。",
            "The hand-over file's version is not one this desk reads.",
        )
    salt = data[len(MAGIC) + 1 : len(MAGIC) + 17]
    nonce, body = data[len(MAGIC) + 17 : len(MAGIC) + 29], data[len(MAGIC) + 29 :]
    try:
        plain = ChaCha20Poly1305(_key(code, salt)).decrypt(nonce, body, data[: len(MAGIC) + 17])
        payload = json.loads(plain)
    except (InvalidTag, ValueError):
        raise _refused(
            "移交码不对，或文件已损坏（被改动过）。",
            "The hand-over code is wrong, or the file is damaged (altered).",
        ) from None
    if not isinstance(payload, dict):
        raise _refused("这不是案件移交文件。", "This is not a case hand-over file.")
    return payload


# --- receiving --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    number: str
    giver: str
    statement: dict[str, Any]
    returned: bool  # the case came back to a PC that had handed it over


def _seen(session: Session, handover_id: str) -> bool:
    for detail in session.exec(
        select(AuditEvent.detail).where(col(AuditEvent.action).in_([IN, OUT]))
    ).all():
        signed = detail.get("handover") if isinstance(detail, dict) else None
        if isinstance(signed, dict) and signed.get("statement", {}).get("id") == handover_id:
            return True
    return False


def _model(model: type[SQLModel], row: dict[str, Any]) -> Any:
    return model.model_validate(row)


def receive(
    session: Session,
    *,
    payload: dict[str, Any],
    actor: User,
    attachments_dir: Path,
    file_key: bytes | None,
) -> Received:
    """Take in a case handed to this counter; see the module for what is checked."""
    signed, body, giver = _statement(session, payload)
    row, held = _case_row(session, payload, body)
    returned = held is not None
    people = _take_people(session, payload)
    staff = _take_staff(session, payload, giver)
    _take_scans(session, payload, attachments_dir, file_key)
    row = {**row, "applicant_id": people.get(str(row["applicant_id"]), row["applicant_id"])}
    row["prepared_by"] = staff.get(str(row["prepared_by"]), row["prepared_by"])
    if held is not None:
        _drop_hanging(session, held)
        serial = held.serial
        for name, value in _model(Case, {**row, "serial": serial}).model_dump().items():
            setattr(held, name, value)
        case = held
    else:
        case = _model(Case, {**row, "serial": cases.next_serial(session)})
    session.add(case)
    session.flush()
    _take_hanging(session, payload, people, staff)
    applicant = session.get(Person, case.applicant_id)
    if applicant is not None:
        cases.index_name(session, case.serial, applicant, replace=returned)
    cases.changed(session, case, actor=actor, action=IN, before=None, detail={"handover": signed})
    return Received(case.number, giver, body, returned)


def _statement(session: Session, payload: dict[str, Any]) -> tuple[Any, dict[str, Any], str]:
    """The hand-over statement signed by a counter this PC knows, to this counter, not taken
    before: (as signed, its body, the giving counter)."""
    here = counters.this_identity(session)
    signed = payload.get("handover")
    giver = str(signed.get("statement", {}).get("from", "")) if isinstance(signed, dict) else ""
    trusted = keys_of(session, giver) if giver else []
    if not trusted:
        raise _refused(
            f"本机不认识柜台 {giver or '?'} 的签名密钥：请先安装中心的最新参考数据。",
            f"This PC does not know counter {giver or '?'}'s signing key: install the centre's "
            "latest reference data first.",
        )
    body = verified(signed, trusted)
    if body is None:
        raise _refused(
            f"移交声明不是柜台 {giver} 签发的（签名不符）。",
            f"The hand-over statement is not signed by counter {giver}.",
        )
    _case_id, giver, receiver, _revision = checked_statement(body)
    if receiver != here:
        raise _refused(
            f"此案件是移交给柜台 {receiver} 的，本机是 {here}。",
            f"This case was handed to counter {receiver}; this PC is {here}.",
        )
    if _seen(session, str(body.get("id"))):
        raise _refused("此移交文件本机已接收过。", "This PC took this hand-over already.")
    return signed, body, giver


def _case_row(
    session: Session, payload: dict[str, Any], body: dict[str, Any]
) -> tuple[dict[str, Any], Case | None]:
    """The case the file carries, as its statement names it, and the read-only copy this PC
    kept of it when it handed it over (None for a case new here)."""
    here = counters.this_identity(session)
    case_id, _giver, _receiver, revision = checked_statement(body)
    row = payload.get("case")
    if not isinstance(row, dict) or uuid.UUID(str(row.get("id"))).hex != case_id:
        raise _refused("移交文件与其声明不符。", "The hand-over file does not match its statement.")
    if (
        int(row.get("revision", -1)) != revision
        or row.get("counter") != counters.parse(here).counter
    ):
        raise _refused("移交文件与其声明不符。", "The hand-over file does not match its statement.")
    held = session.get(Case, uuid.UUID(case_id))
    if held is not None:
        if counters.is_ours(session, held) or held.revision >= revision:
            raise _refused(
                f"本机的案件 {held.number} 不是较早交出的只读副本，或比移交的版本更新：不予接收，"
                "请与交出的柜台核实。",
                f"This PC's case {held.number} is not an older read-only copy it handed over, "
                "or is newer than the one handed over: not taken; check with the giving counter.",
            )
        return row, held
    clash = session.exec(select(Case).where(Case.number == str(row.get("number")))).first()
    if clash is not None:
        raise _refused(
            f"本机已有另一宗编号为 {clash.number} 的案件。",
            f"This PC holds another case numbered {clash.number}.",
        )
    return row, None


def _take_scans(
    session: Session, payload: dict[str, Any], attachments_dir: Path, file_key: bytes | None
) -> None:
    """The case's scans, each checked against its digest, stored (encrypted with the file)."""
    for sha256, scan in (payload.get("scans") or {}).items():
        content = base64.b64decode(str(scan["content"]))
        if hashlib.sha256(content).hexdigest() != sha256:
            raise _refused("移交文件中的扫描件已损坏。", "A scan in the hand-over file is damaged.")
        attachments.store(attachments_dir, sha256, content, file_key)
        if session.get(Attachment, sha256) is None:
            session.add(_model(Attachment, {k: v for k, v in scan.items() if k != "content"}))


def _take_hanging(
    session: Session, payload: dict[str, Any], people: dict[str, str], staff: dict[str, str]
) -> None:
    """The case's roles, checks, decisions and scans' links, naming this PC's people and staff."""

    def person(value: str) -> str:
        return people.get(value, value)

    def who(value: str | None) -> str | None:
        return staff.get(value, value) if value else None

    for role in payload.get("roles") or []:
        session.add(_model(CaseRole, {**role, "person_id": person(role["person_id"])}))
    for check in payload.get("checks") or []:
        session.add(_model(DocumentCheck, {**check, "checked_by": who(check.get("checked_by"))}))
    for decision in payload.get("decisions") or []:
        session.add(_model(Decision, {**decision, "decided_by": who(decision["decided_by"])}))
    session.flush()
    for link in payload.get("links") or []:
        session.add(_model(CheckAttachment, {**link, "added_by": who(link["added_by"])}))
    session.flush()


def _take_people(session: Session, payload: dict[str, Any]) -> dict[str, str]:
    """The case's people: one this PC knows by identity number is linked to (its details here
    left as they are: the case's roles carry the case's own); the others added."""
    mapped: dict[str, str] = {}
    for person in payload.get("persons") or []:
        known = session.exec(select(Person).where(Person.id_number == person["id_number"])).first()
        if known is not None:
            mapped[person["id"]] = known.id.hex
            continue
        session.add(_model(Person, person))
    session.flush()
    return mapped


def _take_staff(session: Session, payload: dict[str, Any], giver: str) -> dict[str, str]:
    """The staff the case names, as the giving counter's (`440703001-01/clerk`): never able to
    sign in here; one this PC already holds by id stays as it is."""
    mapped: dict[str, str] = {}
    for user in payload.get("users") or []:
        if session.get(User, uuid.UUID(user["id"])) is not None:
            continue
        name = str(user["username"])
        name = name if "/" in name else f"{giver}/{name}"
        clash = session.exec(select(User).where(User.username == name)).first()
        if clash is not None:
            mapped[user["id"]] = clash.id.hex
            continue
        session.add(
            User(
                id=uuid.UUID(user["id"]),
                username=name,
                display_name=str(user["display_name"]),
                role=str(user["role"]),
                active=False,
                created_at=utc_now(),
            )
        )
    session.flush()
    return mapped


def _drop_hanging(session: Session, case: Case) -> None:
    """A read-only copy's rows, replaced by the newer ones the case came back with."""
    checks = session.exec(select(DocumentCheck).where(DocumentCheck.case_id == case.id)).all()
    if checks:
        for link in session.exec(
            select(CheckAttachment).where(col(CheckAttachment.check_id).in_([c.id for c in checks]))
        ):
            session.delete(link)
    session.flush()
    for model in (DocumentCheck, Decision, CaseRole):
        for row in session.exec(select(model).where(model.case_id == case.id)):
            session.delete(row)
    session.flush()
