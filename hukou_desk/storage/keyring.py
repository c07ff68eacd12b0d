"""The case file's key, kept only sealed: a slot for each user, one for recovery.

The key is 32 random bytes made at the station's first start and never written anywhere in
clear. It changes when someone's access is taken away (a user disabled, the recovery sheet
declared lost: `storage.rekey`), and after a restore from a backup on another PC.

Each slot (format 2) holds its own X25519 key pair: the private half wrapped with
ChaCha20-Poly1305 under a key stretched from the user's password (or the recovery secret) with
argon2id, the public half in clear, and the case file's key sealed to that public half
(an ephemeral X25519 exchange, HKDF, ChaCha20-Poly1305; the slot's kind and name as associated
data, so a slot cannot be moved to another name). Signing in opens the private half with the
password, then the case file's key. Why two layers: a new case key can be sealed to every
remaining slot, and to the recovery slot, without anyone's password — so disabling one user
re-keys the file while the others keep their passwords, and every backup can carry its own
key sealed to the recovery slot (`sidecar`), opened later by the secret in the station's safe.
A slot of format 1 (the key wrapped straight under the password, before this) still opens and
is sealed again in format 2 at its next good sign-in; it cannot follow a re-key (its password
is not known then), so its user then needs a new password from the administrator.

What the keyring shows to whoever takes the disk: the staff's user names and public keys — not
the key, nor anything of an applicant. Wrong passwords at a slot are counted with every other
door's, in the station's one count (`storage.attempts`); the next sign-in records them in the
audit trail.

The cost of a guess (`COST`): argon2id over 256 MiB, 4 passes, 4 lanes — about a second of a
core's work per guess (1.20 s for a slot on one core of the build machine, against 0.16 s for
RFC 9106's 64 MiB / 3 passes used before; benchmarks/results/passwords.json). An attacker
with the keyring pays that for every guess on every core, and 256 MiB a guess keeps a graphics
card to a few dozen guesses at once; a sign-in is the same work once, with the 4 lanes on the
PC's cores at once (0.59 s on 2 cores, under 1.5 s on a PC twice as slow); the X25519 layer
adds well under a millisecond. A slot sealed at an older cost is sealed again at this one at
its next good sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.storage.attempts import Attempts, Locked

KEY_BYTES = 32
RECOVERY = "recovery"
_VERSION = 2
_READABLE = (1, 2)
# argon2id at about a second of a core per guess (see the module's note): the same cost as the
# password hashes. Read-only; each slot and each hash records the cost it was made at.
COST: Mapping[str, int] = MappingProxyType(
    {"time_cost": 4, "memory_cost": 262144, "parallelism": 4}
)


class KeyringRefused(HukouDeskError):
    """The password, the recovery secret or the keyring itself does not open the case file."""


def _refused() -> KeyringRefused:
    return KeyringRefused(text("用户名或密码不正确。", "Wrong user name or password."))


def path_for(database: Path) -> Path:
    """The keyring beside a case file — or beside a backup, its recovery sidecar."""
    return database.with_name(database.name + ".keyring")


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def key_id(key: bytes) -> str:
    """A name for a case key that tells nothing of it: which key a file is under."""
    return hmac.new(key, b"hukou-desk case key id", hashlib.sha256).hexdigest()[:16]


def new_recovery_secret() -> str:
    """160 random bits as eight groups of four letters and digits (base32), to write down."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _normal_secret(secret: str) -> str:
    return "".join(ch for ch in secret.upper() if ch.isalnum())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _seal_key(kind: str, name: str, public: bytes) -> tuple[bytes, bytes]:
    """An ephemeral exchange with a slot's public key: the ephemeral public half and the
    key that seals to the slot."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    return _raw(ephemeral.public_key()), _hkdf(shared, kind, name, public)


def _hkdf(shared: bytes, kind: str, name: str, public: bytes) -> bytes:
    info = f"hukou-desk keyring seal|{kind}|{name}|".encode() + public
    return HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(shared)


@dataclass
class Slot:
    kind: str  # "user" or "recovery"
    name: str
    salt: str
    nonce: str
    wrapped: str  # format 2: the slot's X25519 private key; format 1: the case key itself
    time_cost: int
    memory_cost: int
    parallelism: int
    public: str = ""  # format 2: the slot's X25519 public key ("" for a format 1 slot)
    sealed: str = ""  # format 2: ephemeral public key, nonce, the case key sealed to `public`

    @property
    def resealable(self) -> bool:
        """Whether a new case key can be sealed to this slot without its secret (format 2)."""
        return bool(self.public)

    def _kek(self, secret: str) -> bytes:
        return hash_secret_raw(
            secret.encode("utf-8"),
            base64.b64decode(self.salt),
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )

    def _aad(self) -> bytes:
        version = 2 if self.public else 1
        return f"hukou-desk keyring v{version}|{self.kind}|{self.name}".encode()

    @classmethod
    def seal(cls, kind: str, name: str, secret: str, key: bytes) -> Slot:
        """A new slot (format 2) for `secret`, holding `key`."""
        private = X25519PrivateKey.generate()
        slot = cls(
            kind,
            name,
            salt=_b64(secrets.token_bytes(16)),
            nonce=_b64(os.urandom(12)),
            wrapped="",
            time_cost=COST["time_cost"],
            memory_cost=COST["memory_cost"],
            parallelism=COST["parallelism"],
            public=_b64(_raw(private.public_key())),
        )
        aead = ChaCha20Poly1305(slot._kek(secret))
        raw_private = private.private_bytes_raw()
        slot.wrapped = _b64(aead.encrypt(base64.b64decode(slot.nonce), raw_private, slot._aad()))
        return slot.resealed(key)

    def resealed(self, key: bytes) -> Slot:
        """The same slot (the same secret opens it) holding another case key."""
        if not self.public:
            raise ValueError("a format 1 slot cannot be sealed without its secret")
        public = base64.b64decode(self.public)
        ephemeral, sealing = _seal_key(self.kind, self.name, public)
        nonce = os.urandom(12)
        body = ChaCha20Poly1305(sealing).encrypt(nonce, key, self._aad())
        return replace(self, sealed=_b64(ephemeral + nonce + body))

    def at_current_cost(self) -> bool:
        return bool(self.public) and (self.time_cost, self.memory_cost, self.parallelism) == (
            COST["time_cost"],
            COST["memory_cost"],
            COST["parallelism"],
        )

    def open(self, secret: str) -> bytes | None:
        aead = ChaCha20Poly1305(self._kek(secret))
        try:
            inner = aead.decrypt(
                base64.b64decode(self.nonce), base64.b64decode(self.wrapped), self._aad()
            )
        except InvalidTag:
            return None
        if not self.public:
            return inner  # format 1: the case key itself
        private = X25519PrivateKey.from_private_bytes(inner)
        sealed = base64.b64decode(self.sealed)
        ephemeral, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        sealing = _hkdf(shared, self.kind, self.name, base64.b64decode(self.public))
        try:
            return ChaCha20Poly1305(sealing).decrypt(nonce, body, self._aad())
        except InvalidTag:
            return None


@dataclass
class Unlocked:
    key: bytes
    failures: int  # wrong attempts the audit trail has not seen (made while the file was shut)


# Written by keyrings before the one count (`storage.attempts`): read and dropped.
_FORMER = ("failed", "locked_until")


def _missing(path: Path) -> KeyringRefused:
    return KeyringRefused(
        text(
            f"缺少案件数据库的密钥环 {path.name}：请从备份恢复，或用恢复密钥打开。",
            f"The case file's keyring {path.name} is missing: restore it from a "
            "backup, or open the case file with the recovery secret.",
        )
    )


@dataclass
class Keyring:
    path: Path
    slots: dict[str, Slot] = field(default_factory=dict)
    key_id: str = ""  # which case key the slots hold (`key_id`), when known

    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
            if content.get("version") not in _READABLE:
                raise ValueError("version")
            slots = [
                Slot(**{k: v for k, v in slot.items() if k not in _FORMER})
                for slot in content["slots"]
            ]
            known = str(content.get("key_id", ""))
        except FileNotFoundError:
            raise _missing(path) from None
        except (OSError, ValueError, KeyError, TypeError):
            raise KeyringRefused(
                text(
                    f"案件数据库的密钥环 {path.name} 已损坏：请从备份恢复，或用恢复密钥打开。",
                    f"The case file's keyring {path.name} is damaged: restore it from a "
                    "backup, or open the case file with the recovery secret.",
                )
            ) from None
        return cls(path, {slot.name: slot for slot in slots}, known)

    @classmethod
    def create(cls, path: Path, key: bytes, *, admin: str, password: str) -> tuple[Keyring, str]:
        """A new station's keyring: the administrator's slot and the recovery slot; returns the
        recovery secret, to be shown once."""
        secret = new_recovery_secret()
        ring = cls(path, key_id=key_id(key))
        ring.slots[RECOVERY] = Slot.seal(RECOVERY, RECOVERY, _normal_secret(secret), key)
        ring.slots[admin] = Slot.seal("user", admin, password, key)
        ring.save()
        return ring, secret

    def save(self, path: Path | None = None) -> None:
        """Written beside, flushed, then renamed over: never half a keyring."""
        content: dict[str, object] = {
            "version": _VERSION,
            "slots": [asdict(slot) for slot in self.slots.values()],
        }
        if self.key_id:
            content["key_id"] = self.key_id
        body = json.dumps(content, indent=1).encode()
        target = path or self.path
        partial = target.with_name(target.name + ".partial")
        descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)

    def unlock(
        self, name: str, password: str, *, attempts: Attempts, now: datetime | None = None
    ) -> Unlocked:
        """The key, if `password` opens `name`'s slot; the attempt counted in the station's one
        count (`attempts`), and refused while the account is locked. An unknown name costs the
        same as a wrong password and says the same."""
        slot = self.slots.get(name.strip())
        if slot is None or slot.kind != "user":
            Slot.seal("user", "decoy", password, bytes(KEY_BYTES))  # the same argon2id work
            raise _refused()
        try:
            attempt = attempts.begin(slot.name, now=now)
        except Locked as exc:
            slot.open(password)  # the same work, and the lock holds whatever it says
            raise KeyringRefused(exc.message) from None
        key = slot.open(password)
        if key is None:
            attempts.failed(attempt, recorded=False, now=now)
            raise _refused()
        failures = attempts.succeeded(attempt)
        if not slot.at_current_cost():  # an older cost or format: at today's, once
            self.set_user(slot.name, password, key)
        return Unlocked(key, failures)

    def recover(self, secret: str) -> bytes:
        slot = self.slots.get(RECOVERY)
        key = None if slot is None else slot.open(_normal_secret(secret))
        if key is None:
            raise KeyringRefused(
                text("恢复密钥不正确。", "The recovery secret does not open this case file.")
            )
        return key

    def set_user(self, name: str, password: str, key: bytes) -> None:
        """Add or rewrap a user's slot (a new user, a reset, a password change)."""
        self.slots[name] = Slot.seal("user", name, password, key)
        self.save()

    def remove_user(self, name: str) -> None:
        if self.slots.pop(name, None) is not None:
            self.save()

    def users(self) -> list[str]:
        return sorted(n for n, slot in self.slots.items() if slot.kind == "user")

    def resealed(
        self, key: bytes, *, path: Path, without: frozenset[str] = frozenset()
    ) -> tuple[Keyring, list[str]]:
        """A keyring at `path` holding `key` in every slot but `without`'s (nothing written):
        the same passwords open it. A format 1 slot cannot follow: its user is left out and
        named (a format 1 recovery slot is left out too: the caller makes a new secret)."""
        ring = Keyring(path, key_id=key_id(key))
        left_out = []
        for name, slot in self.slots.items():
            if name in without:
                continue
            if slot.resealable:
                ring.slots[name] = slot.resealed(key)
            elif slot.kind == "user":
                left_out.append(name)
        return ring, sorted(left_out)

    def new_recovery(self, key: bytes) -> str:
        """A new recovery slot in place of the old one (not written); the secret to show once."""
        secret = new_recovery_secret()
        self.slots[RECOVERY] = Slot.seal(RECOVERY, RECOVERY, _normal_secret(secret), key)
        return secret

    def recovery_with(self, secret: str, key: bytes) -> Slot:
        """A recovery slot (format 2) for this `secret` holding `key`: the one the secret
        opened if it can be sealed again, else a new one for the same secret."""
        slot = self.slots.get(RECOVERY)
        if slot is not None and slot.resealable:
            return slot.resealed(key)
        return Slot.seal(RECOVERY, RECOVERY, _normal_secret(secret), key)

    def sidecar(self, backup: Path, key: bytes) -> Keyring | None:
        """The recovery sidecar of a backup made under `key`: the recovery slot alone, so the
        secret in the station's safe opens the backup anywhere; never a user's slot (nothing
        to guess offline but a 160-bit secret). None if the recovery slot cannot hold it."""
        slot = self.slots.get(RECOVERY)
        if slot is None:
            return None
        if slot.resealable:
            slot = slot.resealed(key)
        elif self.key_id and self.key_id != key_id(key):
            return None  # a format 1 slot holds the key it was made with, only
        return Keyring(path_for(backup), {RECOVERY: slot}, key_id(key))
