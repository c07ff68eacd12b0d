"""A signing key for every person: who did an act is proved by their own signature.

Each account has an Ed25519 key pair. The private half is kept in the case file (table
`person_key`) wrapped with ChaCha20-Poly1305 under a key stretched from that person's password
alone (argon2id at the keyring's cost, `keyring.COST`), with the person's name and the key's id
as associated data. The case file's key does not open it — so whoever opens the file with their
own password (a clerk, a thief with one password) cannot sign as anyone else. It lives in the
case file, not in the keyring beside it, so that it goes with the file into every backup and a
training file (no keyring) has it too, and re-keying the file or its keyring leaves it alone.

- made at the account's creation and at the administrator's first start, and, for an account
  from before, at its next good sign-in (on the record);
- rewrapped when its owner changes their password (the same key pair);
- replaced by a new pair when an administrator resets the password: the administrator never
  holds anyone's key, and the old public key stays, retired, to verify what it signed. A new
  key counts for decisions only once the centre has enrolled it (`storage.enrolment`).

While a person is signed in, their private key is held in memory only, in the open case
file's keychain (`Database.signers`); `storage.ledger` signs their acts with it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlmodel import Session, col, select

from hukou_desk.storage import audit, keyring
from hukou_desk.storage.models import PersonKey, Station, User, utc_now

# session.info: the keychain of the open case file (user name → private key), set by
# `Database.read()` and `Database.write()`.
KEYCHAIN = "person_keys.keychain"
TRAINING = "training"  # a training file's own enrolment of its demo staff
REQUEST_KIND = "hukou-desk/enrolment-request"


def keychain(session: Session) -> dict[str, Ed25519PrivateKey]:
    found = session.info.get(KEYCHAIN)
    if found is None:
        found = session.info[KEYCHAIN] = {}
    return found


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def public_key(row: PersonKey) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64url(row.public_key))


def _kek(password: str, row: PersonKey) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        base64.b64decode(row.salt),
        time_cost=row.time_cost,
        memory_cost=row.memory_cost,
        parallelism=row.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _aad(row: PersonKey) -> bytes:
    return f"hukou-desk person key v1|{row.username}|{row.id}".encode()


def _wrap(row: PersonKey, private: Ed25519PrivateKey, password: str) -> None:
    row.salt = base64.b64encode(secrets.token_bytes(16)).decode("ascii")
    row.nonce = base64.b64encode(os.urandom(12)).decode("ascii")
    row.time_cost = keyring.COST["time_cost"]
    row.memory_cost = keyring.COST["memory_cost"]
    row.parallelism = keyring.COST["parallelism"]
    seed = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    sealed = ChaCha20Poly1305(_kek(password, row)).encrypt(
        base64.b64decode(row.nonce), seed, _aad(row)
    )
    row.wrapped = base64.b64encode(sealed).decode("ascii")


def current(session: Session, username: str) -> PersonKey | None:
    """The person's key in use (None: an account from before keys, or never given a password)."""
    return session.exec(
        select(PersonKey).where(PersonKey.username == username, col(PersonKey.retired_at).is_(None))
    ).first()


def keys_of(session: Session, username: str) -> list[PersonKey]:
    """Every key the person ever had, the oldest first (retired ones verify old acts)."""
    return list(
        session.exec(
            select(PersonKey)
            .where(PersonKey.username == username)
            .order_by(col(PersonKey.created_at))
        )
    )


def proof_body(station: str, row: PersonKey) -> dict[str, Any]:
    """What the person's own key signs to ask for its enrolment (`storage.enrolment`)."""
    return {
        "kind": REQUEST_KIND,
        "version": 1,
        "station": station,
        "username": row.username,
        "key_id": row.id,
        "public_key": row.public_key,
        "made_at": row.created_at.isoformat(),
    }


def make(
    session: Session, *, actor: str, user: User, password: str, training: bool = False
) -> tuple[PersonKey, Ed25519PrivateKey]:
    """A new key pair for `user`, wrapped under `password`; their key in use until now is
    retired (kept, to verify what it signed). On the record, by `actor`. The private key is
    returned for the caller to hold only if `user` is the one acting."""
    private = Ed25519PrivateKey.generate()
    public = raw_public(private)
    now = utc_now()
    replaced = current(session, user.username)
    if replaced is not None:
        replaced.retired_at = now
        session.add(replaced)
    row = PersonKey(
        id=key_id(public),
        user_id=user.id,
        username=user.username,
        public_key=b64url(public),
        salt="",
        nonce="",
        wrapped="",
        time_cost=0,
        memory_cost=0,
        parallelism=0,
        created_at=now,
        enrolment=TRAINING if training else None,
    )
    _wrap(row, private, password)
    session.add(row)
    session.flush()
    station = session.get(Station, 1)
    proof = private.sign(audit.canonical(proof_body(station.code if station else "", row)))
    audit.record(
        session,
        actor=actor,
        action="user.key",
        entity="person_key",
        entity_id=row.id,
        after={"public_key": row.public_key, "username": row.username},
        # The person's proof that the key is theirs, for its enrolment request (public).
        detail={
            "key": row.id,
            "replaces": replaced.id if replaced else None,
            "proof": b64url(proof),
        },
    )
    return row, private


def rewrap(session: Session, *, row: PersonKey, private: Ed25519PrivateKey, password: str) -> None:
    """The same key pair under a new password (its owner changed it)."""
    _wrap(row, private, password)
    session.add(row)


def open_key(row: PersonKey, password: str) -> Ed25519PrivateKey | None:
    """The private key, if `password` is its owner's."""
    try:
        seed = ChaCha20Poly1305(_kek(password, row)).decrypt(
            base64.b64decode(row.nonce), base64.b64decode(row.wrapped), _aad(row)
        )
    except (InvalidTag, ValueError):
        return None
    private = Ed25519PrivateKey.from_private_bytes(seed)
    if key_id(raw_public(private)) != row.id:
        return None
    return private
