"""Registering a station at the centre: its registration as text, as a QR code and as a signed
file carried on a stick, and the centre's side, which checks that file and trusts the key.

The file (UTF-8 JSON) is versioned:

    {"registration": {
        "format": "hukou-desk station registration", "version": 1,
        "station": {"code": ..., "name": ..., "district": ...,
                    "counter": <which counter of the station this PC is, "01".."99"; absent
                                on a PC set up before counters>},
        "public_key": <the station's Ed25519 signing key, base64url>,
        "replaces": <the key it replaces (a restore on a new PC, a lost key), or null>,
        "deciders": [<enrolment requests of its supervisors and administrators>],
        "made_at": <UTC, ISO 8601>},
     "signature": <Ed25519 over the canonical JSON of "registration", by "public_key">}

The signature proves the file was made by whoever holds the private key (the key cannot be
swapped on the way without the signature failing); that the file is the station's own is
established as before, by the hand that carries it.

Each counter registers on its own (`440703001-02`, docs/counters.md): a new counter's file
adds it to its station and never touches another counter's key. A file for a counter the
centre already holds another key for is refused — unless the operator, having checked that
the PC was lost or replaced, names the old key (`trust-station --file … --replaces OLDKEY`):
only then is the key replaced, audited with the old key named and kept for what it signed.

`deciders` carries the enrolment requests of the station's supervisors and administrators whose
keys the centre has not enrolled yet (`storage.enrolment.pending_requests`, each signed by the
person's own key and by the station's): the centre enrols them as it registers the station, so a
new station's first enrolment is part of its registration — one trip to the centre. Each is
checked there exactly as a separate enrolment request file would be (`enrolment.enrol`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from reportlab.graphics.barcode import qrencoder

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import text
from hukou_desk.services.counter import Counter
from hukou_desk.storage import audit, cases, counters, enrolment, registry
from hukou_desk.storage.models import utc_now

FORMAT = "hukou-desk station registration"
VERSION = 1
MAX_BYTES = 256 * 1024
COUNTER = re.compile(r"0[1-9]|[1-9][0-9]")


class RegistrationRefused(HukouDeskError):
    """A registration file that is not one, is altered, or would replace a key unannounced."""


@dataclass(frozen=True)
class Registration:
    """What the administrator shows and saves for the centre."""

    code: str
    name: str
    counter: str | None
    public_key: str
    replaces: str | None
    deciders: tuple[tuple[str, str, str], ...]  # (user name, role, public key) to enrol
    file: bytes  # the signed file
    qr: list[list[bool]]  # `as_text()` as a QR code's modules (dark = True)

    def as_text(self) -> str:
        """What the centre's operator compares with the file (and reads from the QR code):
        the station, its key, the key it replaces, and each decider's key to enrol."""
        lines = [f"{counters.identity(self.code, self.counter)} {self.name}", self.public_key]
        if self.replaces:
            lines.append(f"replaces {self.replaces}")
        lines += [f"{user} {role} {key}" for user, role, key in self.deciders]
        return "\n".join(lines)


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def qr_modules(payload: str) -> list[list[bool]]:
    """A QR code (level M) of `payload`, as rows of modules."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    size = code.getModuleCount()
    return [[bool(code.isDark(row, col)) for col in range(size)] for row in range(size)]


def registration(counter: Counter, actor: Clerk) -> Registration:
    """This station's registration, signed with its key (any signed-in user may show it: it
    holds nothing secret)."""
    with counter.acting(actor) as (session, _me):
        here = cases.station(session)
        key = keys.own_key(session, counter.database.keys_dir, here.code, counter.database.key)
        replaces = registry.get(session, registry.REPLACED_KEY)
        number = counters.this_counter(session)
        station: dict[str, Any] = {"code": here.code, "name": here.name, "district": here.district}
        if number is not None:
            station["counter"] = number
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "station": station,
            "public_key": keys.public_text(key),
            "replaces": replaces,
            "deciders": enrolment.pending_requests(session, key),
            "made_at": utc_now().isoformat(timespec="seconds"),
        }
    signed = {"registration": body, "signature": keys.b64url(key.sign(canonical(body)))}
    data = json.dumps(signed, ensure_ascii=False, indent=1).encode()
    deciders = tuple(
        (str(d["username"]), str(d["role"]), str(d["public_key"])) for d in body["deciders"]
    )
    shown = Registration(
        here.code, here.name, number, body["public_key"], replaces, deciders, data, []
    )
    # The QR code carries the text, not the file: a station's deciders' signed requests would
    # outgrow a QR code's 2 KB; the file is what the centre takes in.
    return dataclasses.replace(shown, qr=qr_modules(shown.as_text()))


def _refused(zh: str, en: str) -> RegistrationRefused:
    return RegistrationRefused(text(f"登记文件无效：{zh}", f"Not a valid registration file: {en}"))


def check_decider(entry: object, station_code: str) -> None:
    """One decider's enrolment request in a registration: an enrolment request of this station
    (its signatures are checked when the centre enrols it, `enrolment.enrol`)."""
    if (
        not isinstance(entry, dict)
        or entry.get("kind") != enrolment.KIND
        or str(entry.get("station", "")) != station_code
    ):
        raise _refused("决定人条目格式不对。", "a decider's entry is malformed.")


def read(data: bytes) -> dict[str, Any]:
    """The registration in a file, checked: its format and version, its signature by the key
    it registers, its deciders. Raises RegistrationRefused, saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise _refused("文件过大。", "the file is too large.")
    try:
        signed = json.loads(data.decode("utf-8"))
        body, signature = signed["registration"], signed["signature"]
        ok = body["format"] == FORMAT and isinstance(body["deciders"], list)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise _refused("不是派出所登记文件。", "it is not a station registration.") from None
    if not ok:
        raise _refused("不是派出所登记文件。", "it is not a station registration.")
    if body.get("version") != VERSION:
        raise _refused(
            f"版本 {body.get('version')} 本程序不认识。",
            f"version {body.get('version')} is not one this desk reads.",
        )
    public = keys.ed25519_public(str(body.get("public_key", "")))
    try:
        public.verify(keys.unb64url(str(signature)), canonical(body))
    except (InvalidSignature, ValueError):
        raise _refused("签名不符（文件被改动过）。", "its signature does not verify.") from None
    if body.get("replaces") is not None:
        keys.ed25519_public(str(body["replaces"]))
    code = str(body.get("station", {}).get("code", ""))
    if not code:
        raise _refused("没有派出所代码。", "it names no station.")
    counter = body["station"].get("counter")
    if counter is not None and (not isinstance(counter, str) or not COUNTER.fullmatch(counter)):
        raise _refused("柜台号无效。", "its counter number is not valid.")
    for entry in body["deciders"]:
        check_decider(entry, code)
    return dict(body)


def signer_of(body: dict[str, Any]) -> str:
    """The identity a registration registers: its station's code and counter."""
    return counters.identity(str(body["station"]["code"]), body["station"].get("counter"))


def trust(
    session: Any, data: bytes, *, actor: str, replaces_key: str | None = None
) -> dict[str, Any]:
    """At the centre: a counter's registration file, checked, and its key trusted beside its
    station's other counters'. Replacing a key the centre holds for that counter is the
    operator's explicit act: `replaces_key` must name it (and a file made after a restore
    names it too); audited, the old key kept for what it signed."""
    body = read(data)
    code, new, replaces = body["station"]["code"], body["public_key"], body.get("replaces")
    name = signer_of(body)
    held = keys.known_keys(session).get(name)
    if held is not None and held != new:
        if replaces_key is None:
            raise RegistrationRefused(
                text(
                    f"中心已登记 {name} 的另一把密钥：不予登记，原密钥未动。"
                    "同一派出所的新电脑请选另一个柜台号；若确是该柜台的电脑丢失或更换，核实后"
                    f"用 --replaces {held} 明确替换旧密钥（记入审计）。",
                    f"The centre holds another key for {name}: not registered, the key held "
                    "left as it is. A new PC of the station takes another counter number; if "
                    "this counter's PC was lost or replaced, check, then replace the old key "
                    f"explicitly with --replaces {held} (audited).",
                )
            )
        if replaces_key.strip() != held or (replaces is not None and replaces != held):
            raise RegistrationRefused(
                text(
                    f"所指明的旧密钥不是中心为 {name} 登记的密钥：不予替换。",
                    f"The old key named is not the one the centre holds for {name}: nothing "
                    "replaced.",
                )
            )
    if held != new:
        from hukou_desk.sync import trust as centre_trust

        centre_trust.trust(session, station=name, public_key=new, actor=actor)
        audit.record(
            session,
            actor=actor,
            action="station.key_replace" if held is not None else "station.register",
            entity="station",
            entity_id=name,
            detail={"old": held, "new": new, "named_replaces": replaces, "station": code},
        )
    try:
        for entry in body["deciders"]:  # signed by the key just trusted, and by each person's
            enrolment.enrol(session, entry, station_keys={code: new}, actor=actor)
    except enrolment.EnrolmentRefused as exc:
        raise RegistrationRefused(exc.message) from None
    return body
