"""Deciders the centre knows: a supervisor's or administrator's key counts for decisions only
once the centre has enrolled it.

1. The station asks (`request`, `pending_requests`): a small self-describing JSON object naming
   the station, the person, their role and their public key, signed by the person's own key
   (made when the key was made: proof that whoever asks holds it) and by the station's key.
2. The centre checks both signatures — the station's against the key it registered for that
   station — and enrols the key (`enrol`), on its own record.
3. The enrolled keys travel back in the centre's signed reference data, each as the centre's
   own signed statement (`statement`), which the station keeps with the key
   (`PersonKey.enrolment`) and checks against the centre's key whenever it judges a decision.

A training file (demo data, never exported) enrols its staff's keys itself, marked "training".
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlmodel import Session, col, select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, person_keys, registry
from hukou_desk.storage.models import PersonKey, Station, User, utc_now

KIND = person_keys.REQUEST_KIND
ANSWER = "hukou-desk/enrolment"
VERSION = 1
DECIDING = (Role.SUPERVISOR.value, Role.ADMIN.value)
ENROLLED = registry.ENROLLED


class EnrolmentRefused(HukouDeskError):
    """A request or an answer that is malformed, or not signed by whom it says."""


def _canonical(value: Any) -> bytes:
    return audit.canonical(value)


def _proof_body(station: str, row: PersonKey) -> dict[str, Any]:
    return person_keys.proof_body(station, row)


def request(
    session: Session, row: PersonKey, *, station_key: Ed25519PrivateKey, proof_: str
) -> dict[str, Any]:
    """The enrolment request for `row`: the person's proof, then the station's signature over
    all of it (with the person's role and name as the station has them)."""
    station = session.get(Station, 1)
    user = session.get(User, row.user_id)
    if station is None or user is None:
        raise EnrolmentRefused(text("本机尚未设置派出所。", "This station is not set up yet."))
    body = {
        **_proof_body(station.code, row),
        "role": user.role,
        "display_name": user.display_name,
        "person_signature": proof_,
    }
    return {**body, "station_signature": person_keys.b64url(station_key.sign(_canonical(body)))}


def _proofs(session: Session) -> dict[str, str]:
    """The person's proof of each key, kept with the key's creation event."""
    from hukou_desk.storage.models import AuditEvent

    found: dict[str, str] = {}
    for detail in session.exec(select(AuditEvent.detail).where(AuditEvent.action == "user.key")):
        if isinstance(detail, dict) and detail.get("proof") and detail.get("key"):
            found[str(detail["key"])] = str(detail["proof"])
    return found


def pending_requests(session: Session, station_key: Ed25519PrivateKey) -> list[dict[str, Any]]:
    """The station's current enrolment requests: one for each active supervisor's and
    administrator's key in use that the centre has not enrolled (signed, ready to carry)."""
    proofs = _proofs(session)
    found: list[dict[str, Any]] = []
    for row, _user in session.exec(
        select(PersonKey, User)
        .join(User, col(User.id) == col(PersonKey.user_id))
        .where(
            col(PersonKey.retired_at).is_(None),
            col(PersonKey.enrolment).is_(None),
            col(User.active),
            col(User.role).in_(DECIDING),
        )
        .order_by(col(PersonKey.username))
    ):
        if row.id in proofs:
            found.append(request(session, row, station_key=station_key, proof_=proofs[row.id]))
    return found


def export(session: Session, station_key: Ed25519PrivateKey) -> bytes:
    """The pending requests as one file to carry to the centre."""
    return json.dumps(
        {
            "kind": KIND + "s",
            "version": VERSION,
            "requests": pending_requests(session, station_key),
        },
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    ).encode("utf-8")


def read_requests(data: bytes) -> list[dict[str, Any]]:
    """The requests in a file (one request, or the station's set)."""
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _malformed() from None
    if isinstance(content, dict) and content.get("kind") == KIND + "s":
        requests = content.get("requests")
    else:
        requests = [content]
    if not isinstance(requests, list) or not all(isinstance(r, dict) for r in requests):
        raise _malformed()
    return requests


def _malformed() -> EnrolmentRefused:
    return EnrolmentRefused(
        text("这不是有效的登记申请文件。", "This is not a valid enrolment request file.")
    )


def _verify(public: str, signature: str, body: dict[str, Any]) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(person_keys.unb64url(public)).verify(
            person_keys.unb64url(signature), _canonical(body)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def enrol(
    session: Session,
    requested: dict[str, Any],
    *,
    station_keys: dict[str, str],
    actor: str,
) -> dict[str, Any]:
    """At the centre: check a request and enrol its key; returns the statement enrolled."""
    try:
        station = str(requested["station"])
        signed = {k: v for k, v in requested.items() if k != "station_signature"}
        proof_body = {k: requested[k] for k in _proof_body_keys()}
        key_id = str(requested["key_id"])
        public = str(requested["public_key"])
        role = Role(str(requested["role"]))
    except (KeyError, ValueError, TypeError):
        raise _malformed() from None
    if requested.get("kind") != KIND or person_keys.key_id(person_keys.unb64url(public)) != key_id:
        raise _malformed()
    # The station's own key, or any of its counters' (440703001-02): each PC signs its own.
    held = [
        public_key
        for identity, public_key in station_keys.items()
        if identity == station or identity.startswith(station + "-")
    ]
    if not held:
        raise EnrolmentRefused(
            text(f"派出所 {station} 未登记。", f"Station {station} is not registered here.")
        )
    signature = str(requested.get("station_signature", ""))
    if not any(_verify(public_key, signature, signed) for public_key in held):
        raise EnrolmentRefused(
            text(
                f"登记申请不是派出所 {station} 的密钥签发的。",
                f"The request is not signed by station {station}'s key.",
            )
        )
    if not _verify(public, str(requested.get("person_signature", "")), proof_body):
        raise EnrolmentRefused(
            text(
                "登记申请没有申请人本人密钥的签名。",
                "The request is not signed by the key it asks to enrol.",
            )
        )
    statement = {
        "kind": ANSWER,
        "version": VERSION,
        "station": station,
        "username": str(requested["username"]),
        "role": role.value,
        "key_id": key_id,
        "public_key": public,
        "enrolled_at": utc_now().isoformat(),
    }
    registry.put(session, ENROLLED.entry(key_id), json.dumps(statement, sort_keys=True))
    audit.record(
        session,
        actor=actor,
        action="enrol",
        entity="station",
        entity_id=station,
        detail={"username": statement["username"], "key": key_id, "role": role.value},
    )
    return statement


def _proof_body_keys() -> tuple[str, ...]:
    return ("kind", "version", "station", "username", "key_id", "public_key", "made_at")


def enrolled_at_centre(session: Session) -> dict[str, dict[str, Any]]:
    """At the centre: every enrolled key's statement, by key id."""
    return {k: json.loads(v) for k, v in registry.members(session, ENROLLED).items()}


def answers(session: Session, signing_key: Ed25519PrivateKey) -> list[dict[str, Any]]:
    """At the centre: every enrolment as its signed statement, for the reference data."""
    return [
        {
            "statement": statement,
            "signature": person_keys.b64url(signing_key.sign(_canonical(statement))),
        }
        for _id, statement in sorted(enrolled_at_centre(session).items())
    ]


def install(session: Session, answers_: list[dict[str, Any]], *, centre_key: str) -> int:
    """At a station: the centre's enrolments of this station's keys, each checked against the
    centre's key and kept with the key it enrols; returns how many were new."""
    here = session.get(Station, 1)
    added = 0
    for answer in answers_:
        statement = answer.get("statement")
        if not isinstance(statement, dict) or here is None or statement.get("station") != here.code:
            continue
        if not _verify(centre_key, str(answer.get("signature", "")), statement):
            raise EnrolmentRefused(
                text("登记答复不是中心签发的。", "An enrolment is not signed by the centre.")
            )
        row = session.get(PersonKey, str(statement.get("key_id")))
        if row is None or row.public_key != statement.get("public_key"):
            continue
        if row.username != statement.get("username"):
            continue
        if row.enrolment is None:
            added += 1
        row.enrolment = person_keys.b64url(_canonical(answer))
        session.add(row)
    return added


def is_enrolled(session: Session, row: PersonKey) -> bool:
    """Whether the centre enrolled `row` (its statement checked against the centre's key
    trusted here), or, in a training file, the file itself did."""
    if row.enrolment is None:
        return False
    if row.enrolment == person_keys.TRAINING:
        return registry.get(session, registry.TRAINING) is True
    centre = registry.get(session, registry.CENTRE_SIGNING_KEY)
    if centre is None:
        return False
    try:
        answer = json.loads(person_keys.unb64url(row.enrolment))
        statement = answer["statement"]
        ok = _verify(centre, str(answer["signature"]), statement)
    except (ValueError, KeyError, TypeError):
        return False
    return (
        ok
        and statement.get("key_id") == row.id
        and statement.get("public_key") == row.public_key
        and statement.get("username") == row.username
        and statement.get("role") in DECIDING
    )


def enrolled_key(session: Session, username: str) -> PersonKey | None:
    """The person's key in use, if enrolled."""
    row = person_keys.current(session, username)
    return row if row is not None and is_enrolled(session, row) else None
