"""The slips' QR payload: compact, signed with the station's Ed25519 key, verifiable offline.

    HKD2|<station>|<case number>|<kind code>|<year>-<running number>|<YYYYMMDDHHMM>|<digest>|<sig>

names what the paper is — its kind, its 文号 (the station's running number of that kind and
year, written out by the checker as the paper prints it), its case and the minute of its issue
on China's clock (so a key revoked the same day tells papers issued before it from those after).
The digest is the first 16 bytes of SHA-256 over the printed content (base64url); the
signature is Ed25519 over everything before it (base64url, no padding).

Papers issued before carry the first version, still verified:

    HKD1|<station code>|<case number>|<kind code>|<issue date YYYYMMDD>|<digest hex>|<signature>
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hukou_desk.keys import b64url, unb64url

VERSION = "HKD2"
VERSION_1 = "HKD1"
_SEQ = re.compile(r"(\d{4})-(\d{1,6})")


@dataclass(frozen=True)
class Claim:
    """What a slip's QR code states."""

    station: str
    number: str
    kind_code: str
    issued_on: date
    digest: str  # hex, whichever way the code writes it
    version: str = VERSION
    year: int = 0  # of the 文号 (0: a first-version code names none)
    seq: int = 0  # the running number of the 文号
    issued_at: time | None = None  # the minute of the issue, China's clock (second version)

    def message(self) -> str:
        if self.version == VERSION_1:
            fields = (self.issued_on.strftime("%Y%m%d"), self.digest)
            return "|".join((VERSION_1, self.station, self.number, self.kind_code, *fields))
        moment = datetime.combine(self.issued_on, self.issued_at or time())
        return "|".join(
            (
                VERSION,
                self.station,
                self.number,
                self.kind_code,
                f"{self.year}-{self.seq:05d}",
                moment.strftime("%Y%m%d%H%M"),
                b64url(bytes.fromhex(self.digest)),
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
    REVOKED = "revoked"  # signed by a station whose key was withdrawn before the issue


@dataclass(frozen=True)
class Checked:
    verdict: Verdict
    claim: Claim | None = None
    # Whose key the signature is (the station's code, or a counter's identity 440703001-02),
    # and the key itself: a single counter's key can be revoked (docs/counters.md).
    signer: str | None = None
    key: str | None = None


def _date(value: str) -> date:
    if len(value) != 8 or not value.isdigit():
        raise ValueError(value)
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def parse(payload: str) -> tuple[Claim, bytes] | None:
    parts = payload.strip().split("|")
    try:
        if len(parts) == 7 and parts[0] == VERSION_1:
            _v, station, number, kind_code, issued, digest, signature = parts
            claim = Claim(station, number, kind_code, _date(issued), digest, VERSION_1)
        elif len(parts) == 8 and parts[0] == VERSION:
            _v, station, number, kind_code, running, moment, digest, signature = parts
            matched = _SEQ.fullmatch(running)
            if matched is None or len(moment) != 12 or not moment.isdigit():
                return None
            at = time(int(moment[8:10]), int(moment[10:12]))
            raw_digest = unb64url(digest)
            if len(raw_digest) != 16:
                return None
            claim = Claim(
                station,
                number,
                kind_code,
                _date(moment[:8]),
                raw_digest.hex(),
                VERSION,
                int(matched.group(1)),
                int(matched.group(2)),
                at,
            )
        else:
            return None
        raw_signature = unb64url(signature)
    except (ValueError, binascii.Error):
        return None
    if not claim.station or not claim.number:
        return None
    return claim, raw_signature


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
    # The station's key, and each of its counters' (440703001-02, docs/counters.md): any PC
    # of the station signs its papers with its own key.
    ours = sorted(n for n in known_keys if n.startswith(f"{claim.station}-"))
    names = [claim.station, *ours]
    current = [(name, known_keys[name]) for name in names if name in known_keys]
    if not current:
        return Checked(Verdict.UNKNOWN_STATION, claim)
    message = claim.message().encode("utf-8")
    usable = current + [
        (name, key)
        for name in names
        for key, until in (earlier or {}).get(name, [])
        if claim.issued_on <= until
    ]
    for name, key in usable:
        try:
            Ed25519PublicKey.from_public_bytes(unb64url(key)).verify(signature, message)
        except (InvalidSignature, ValueError, binascii.Error):
            continue
        return Checked(Verdict.VALID, claim, name, key)
    return Checked(Verdict.TAMPERED, claim)
