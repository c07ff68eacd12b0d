"""The case file's key, kept only wrapped: a slot for each user, one for recovery.

The key is 32 random bytes made at the station's first start; it never changes for the life of
the case file (its backups open with it too) and is never written anywhere in clear. The
keyring (`hukou-desk.db.keyring`, beside the case file, owner-only) holds it wrapped once per
user — ChaCha20-Poly1305 under a key stretched from that user's password with argon2id, with
the slot's kind and name as associated data, so a slot cannot be moved to another name — and
once for recovery, under a secret shown to the administrator once at first start (for the
station's safe). Signing in unwraps the user's slot; the administrator adding a user or
resetting a password writes that user's slot (the key is at hand: the administrator is signed
in); a password change rewraps the slot; a disabled user's slot is removed.

What the keyring shows to whoever takes the disk: the staff's user names — not the key, nor
anything of an applicant. Wrong passwords at a slot are counted with every other door's, in the
station's one count (`storage.attempts`); the next sign-in records them in the audit trail.

The cost of a guess (`COST`): argon2id over 256 MiB, 4 passes, 4 lanes — about a second of a
core's work per guess (1.20 s for a slot on one core of the build machine, against 0.16 s for
RFC 9106's 64 MiB / 3 passes used before; benchmarks/results/passwords.json). An attacker
with the keyring pays that for every guess on every core, and 256 MiB a guess keeps a graphics
card to a few dozen guesses at once; a sign-in is the same work once, with the 4 lanes on the
PC's cores at once (0.59 s on 2 cores, under 1.5 s on a PC twice as slow). A slot
sealed at an older cost is sealed again at this one at its next good sign-in.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.storage.attempts import Attempts, Locked

KEY_BYTES = 32
RECOVERY = "recovery"
_VERSION = 1
# argon2id at about a second of a core per guess (see the module's note): the same cost as the
# password hashes; tests lower it (`cheap_for_tests`).
COST = {"time_cost": 4, "memory_cost": 262144, "parallelism": 4}


def cheap_for_tests() -> None:
    """Tests only: argon2id at its smallest; each slot records its own cost."""
    COST.update(time_cost=1, memory_cost=8, parallelism=1)


class KeyringRefused(HukouDeskError):
    """The password, the recovery secret or the keyring itself does not open the case file."""


def _refused() -> KeyringRefused:
    return KeyringRefused(text("用户名或密码不正确。", "Wrong user name or password."))


def path_for(database: Path) -> Path:
    return database.with_name(database.name + ".keyring")


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_secret() -> str:
    """160 random bits as eight groups of four letters and digits (base32), to write down."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _normal_secret(secret: str) -> str:
    return "".join(ch for ch in secret.upper() if ch.isalnum())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class Slot:
    kind: str  # "user" or "recovery"
    name: str
    salt: str
    nonce: str
    wrapped: str
    time_cost: int
    memory_cost: int
    parallelism: int

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
        return f"hukou-desk keyring v{_VERSION}|{self.kind}|{self.name}".encode()

    @classmethod
    def seal(cls, kind: str, name: str, secret: str, key: bytes) -> Slot:
        slot = cls(
            kind,
            name,
            salt=_b64(secrets.token_bytes(16)),
            nonce=_b64(os.urandom(12)),
            wrapped="",
            time_cost=COST["time_cost"],
            memory_cost=COST["memory_cost"],
            parallelism=COST["parallelism"],
        )
        aead = ChaCha20Poly1305(slot._kek(secret))
        slot.wrapped = _b64(aead.encrypt(base64.b64decode(slot.nonce), key, slot._aad()))
        return slot

    def at_current_cost(self) -> bool:
        return (self.time_cost, self.memory_cost, self.parallelism) == (
            COST["time_cost"],
            COST["memory_cost"],
            COST["parallelism"],
        )

    def open(self, secret: str) -> bytes | None:
        aead = ChaCha20Poly1305(self._kek(secret))
        try:
            return aead.decrypt(
                base64.b64decode(self.nonce), base64.b64decode(self.wrapped), self._aad()
            )
        except InvalidTag:
            return None


@dataclass
class Unlocked:
    key: bytes
    failures: int  # wrong attempts the audit trail has not seen (made while the file was shut)


# Written by keyrings before the one count (`storage.attempts`): read and dropped.
_FORMER = ("failed", "locked_until")


@dataclass
class Keyring:
    path: Path
    slots: dict[str, Slot] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
            if content.get("version") != _VERSION:
                raise ValueError("version")
            slots = [
                Slot(**{k: v for k, v in slot.items() if k not in _FORMER})
                for slot in content["slots"]
            ]
        except FileNotFoundError:
            raise KeyringRefused(
                text(
                    f"缺少案件数据库的密钥环 {path.name}：请从备份恢复，或用恢复密钥打开。",
                    f"The case file's keyring {path.name} is missing: restore it from a "
                    "backup, or open the case file with the recovery secret.",
                )
            ) from None
        except (OSError, ValueError, KeyError, TypeError):
            raise KeyringRefused(
                text(
                    f"案件数据库的密钥环 {path.name} 已损坏：请从备份恢复，或用恢复密钥打开。",
                    f"The case file's keyring {path.name} is damaged: restore it from a "
                    "backup, or open the case file with the recovery secret.",
                )
            ) from None
        return cls(path, {slot.name: slot for slot in slots})

    @classmethod
    def create(cls, path: Path, key: bytes, *, admin: str, password: str) -> tuple[Keyring, str]:
        """A new station's keyring: the administrator's slot and the recovery slot; returns the
        recovery secret, to be shown once."""
        secret = new_recovery_secret()
        ring = cls(path)
        ring.slots[RECOVERY] = Slot.seal(RECOVERY, RECOVERY, _normal_secret(secret), key)
        ring.slots[admin] = Slot.seal("user", admin, password, key)
        ring.save()
        return ring, secret

    def save(self) -> None:
        """Written beside, flushed, then renamed over: never half a keyring."""
        body = json.dumps(
            {"version": _VERSION, "slots": [asdict(slot) for slot in self.slots.values()]},
            indent=1,
        ).encode()
        partial = self.path.with_name(self.path.name + ".partial")
        descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(self.path)

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
        if not slot.at_current_cost():  # sealed at an older cost: at today's, once
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
