"""The slips' QR payload: compact, signed with the station's Ed25519 key, verifiable offline.

    HKD1|<station code>|<case number>|<kind code>|<issue date YYYYMMDD>|<digest>|<signature>

The digest is the first 16 bytes of SHA-256 over the slip's printed content (hex); the
signature is Ed25519 over everything before it (base64url, no padding). Another station
verifies it with the issuing station's public key, which it knows from the centre's reference
data (or, for its own slips, from its own key).
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hukou_desk.keys import b64url, unb64url

VERSION = "HKD1"


@dataclass(frozen=True)
class Claim:
    """What a slip's QR code states."""

    station: str
    number: str
    kind_code: str
    issued_on: date
    digest: str

    def message(self) -> str:
        return "|".join(
            (
                VERSION,
                self.station,
                self.number,
                self.kind_code,
                self.issued_on.strftime("%Y%m%d"),
                self.digest,
            )
        )


def sign(claim: Claim, key: Ed25519PrivateKey) -> str:
    message = claim.message()
    return f"{message}|{b64url(key.sign(message.encode('utf-8')))}"


class Verdict(StrEnum):
    VALID = "valid"
    TAMPERED = "tampered"  # the signature does not match what the code states
    UNKNOWN_STATION = "unknown_station"  # no public key for the station it names
    NOT_A_SLIP = "not_a_slip"  # not this format at all
    REVOKED = "revoked"  # signed by a station whose key was withdrawn before the issue date


@dataclass(frozen=True)
class Checked:
    verdict: Verdict
    claim: Claim | None = None


def parse(payload: str) -> tuple[Claim, bytes] | None:
    parts = payload.strip().split("|")
    if len(parts) != 7 or parts[0] != VERSION:
        return None
    _version, station, number, kind_code, issued, digest, signature = parts
    try:
        issued_on = date(int(issued[:4]), int(issued[4:6]), int(issued[6:8]))
        raw_signature = unb64url(signature)
    except (ValueError, binascii.Error):
        return None
    if len(issued) != 8 or not station or not number:
        return None
    return Claim(station, number, kind_code, issued_on, digest), raw_signature


def verify(
    payload: str,
    known_keys: dict[str, str],
    earlier: dict[str, list[tuple[str, date]]] | None = None,
) -> Checked:
    """Check a payload against the public keys of the stations this PC knows — the current
    one, or an earlier one for a slip issued while it was in use."""
    parsed = parse(payload)
    if parsed is None:
        return Checked(Verdict.NOT_A_SLIP)
    claim, signature = parsed
    public = known_keys.get(claim.station)
    if public is None:
        return Checked(Verdict.UNKNOWN_STATION, claim)
    message = claim.message().encode("utf-8")
    usable = [public] + [
        key for key, until in (earlier or {}).get(claim.station, []) if claim.issued_on <= until
    ]
    for key in usable:
        try:
            Ed25519PublicKey.from_public_bytes(unb64url(key)).verify(signature, message)
        except (InvalidSignature, ValueError, binascii.Error):
            continue
        return Checked(Verdict.VALID, claim)
    return Checked(Verdict.TAMPERED, claim)
