"""Reference data, centre → station: one signed file a station installs, refusing any other.

It carries the pathway forms in force (every `forms/*.toml`, checked by the strict loader
before anything is installed), the centre's public key for sealing bundles, the public keys of
every registered station (so slips from elsewhere verify here), the revoked stations, and the
staff the centre lists for this station, and every person's key the centre enrolled (each as
the centre's own signed statement, `storage.enrolment`). Cases keep the pathway version
they were judged under.

    b"HKDREFERENCE" | version | Ed25519 signature (64 bytes) by the centre | JSON payload
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError, where_invalid
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar, load_policy, load_registration_offices
from hukou_desk.domain.text import text
from hukou_desk.slips.wording import load_wording
from hukou_desk.storage import audit, cases, counters, enrolment, registry
from hukou_desk.storage.models import User, utc_now
from hukou_desk.sync.bundle import BundleRefused
from hukou_desk.sync.status import DEFAULT_REMINDER_DAYS

MAGIC = b"HKDREFERENCE"
VERSION = 1


def _refused(zh: str, en: str) -> BundleRefused:
    return BundleRefused(text(zh, en))


def build(
    session: Session,
    *,
    forms: Path,
    signing_key: Ed25519PrivateKey,
    bundle_key: str,
) -> bytes:
    """The centre's reference data as one signed file."""
    load_policy(forms)  # never ship forms the strict loader refuses
    files = {p.relative_to(forms).as_posix(): p.read_text("utf-8") for p in forms.rglob("*.toml")}
    revoked = sorted(keys.revoked_stations(session))
    staff = [
        {"username": u.username, "display_name": u.display_name, "role": u.role}
        for u in session.exec(select(User).where(col(User.username).contains("/")))
    ]
    payload = {
        "version": VERSION,
        "created_at": utc_now().isoformat(),
        "forms": files,
        "bundle_key": bundle_key,
        "station_keys": keys.known_keys(session),
        "retired_keys": {
            station: [[key, until.isoformat()] for key, until in history]
            for station, history in keys.retired_keys(session).items()
        },
        "revoked": revoked,
        "revoked_at": {
            code: moment.isoformat() for code, moment in keys.revocations(session).items()
        },
        # A revoked counter's keys, each from when (that key alone, docs/counters.md).
        "revoked_keys": {
            name: [[key, moment.isoformat()] for key, moment in history]
            for name, history in keys.revoked_keys(session).items()
        },
        "staff": staff,
        "sync_reminder_days": registry.get(session, registry.REMINDER_DAYS)
        or DEFAULT_REMINDER_DAYS,
        "enrolments": enrolment.answers(session, signing_key),
    }
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return MAGIC + bytes([VERSION]) + signing_key.sign(body) + body


def open_reference(data: bytes, *, centre_key: str) -> dict[str, Any]:
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 65:
        raise _refused("这不是中心参考数据文件。", "This is not a centre reference file.")
    if data[len(MAGIC)] != VERSION:
        raise _refused("参考数据格式版本不符。", "The reference file's version is not supported.")
    signature = data[len(MAGIC) + 1 : len(MAGIC) + 65]
    body = data[len(MAGIC) + 65 :]
    try:
        Ed25519PublicKey.from_public_bytes(keys.unb64url(centre_key)).verify(signature, body)
    except (InvalidSignature, ValueError):
        raise _refused(
            "参考数据不是中心签发的（签名无效），未作任何更改。",
            "The reference file is not signed by the centre; nothing was changed.",
        ) from None
    try:
        checked = ReferencePayload.model_validate_json(body)
    except ValidationError as exc:
        where, _what = where_invalid(exc)
        raise _refused(
            f"参考数据内容有误（{where}），未作任何更改。",
            f"The reference file's contents are malformed ({where}); nothing was changed.",
        ) from None
    return checked.model_dump()


class StaffEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # station/user, or counter/user (440703001-02/liwen: a counter's own, docs/counters.md)
    username: str = Field(pattern=r"^[0-9]{6,12}(-[0-9]{2})?/[A-Za-z0-9_.-]{1,48}$")
    display_name: str = Field(min_length=1, max_length=64)
    role: Role


class ReferencePayload(BaseModel):
    """What a reference file must hold, checked before anything is installed."""

    model_config = ConfigDict(extra="ignore")

    version: int
    created_at: str
    forms: dict[str, str] = Field(min_length=1)
    bundle_key: str = Field(min_length=1, max_length=128)
    station_keys: dict[str, str] = Field(default_factory=dict)
    retired_keys: dict[str, list[tuple[str, str]]] = Field(default_factory=dict)
    revoked: list[str] = Field(default_factory=list)
    revoked_at: dict[str, str] = Field(default_factory=dict)
    revoked_keys: dict[str, list[tuple[str, str]]] = Field(default_factory=dict)
    staff: list[StaffEntry] = Field(default_factory=list)
    sync_reminder_days: int = Field(default=DEFAULT_REMINDER_DAYS, ge=1, le=90)
    enrolments: list[dict[str, Any]] = Field(default_factory=list)


def install(session: Session, data: bytes, *, forms_target: Path, actor: str) -> dict[str, int]:
    """At a station: check and install the centre's reference data (one transaction)."""
    trusted = keys.trusted_centre(session)
    if trusted is None:
        raise _refused(
            "本机尚未登记中心的签名公钥（trust-centre），无法核验参考数据。",
            "This PC does not know the centre's signing key yet (trust-centre).",
        )
    payload = open_reference(data, centre_key=trusted)
    # The forms are checked as a whole, strictly, before they replace anything.
    staging = Path(tempfile.mkdtemp(prefix="hukou-desk-forms-"))
    try:
        for name, content in payload["forms"].items():
            target = (staging / name).resolve()
            if staging.resolve() not in target.parents:
                raise _refused("参考数据含非法路径。", "The reference file names a bad path.")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        try:
            load_policy(staging)
            load_calendar(staging)
            load_registration_offices(staging)
            load_wording(staging)
        except HukouDeskError as exc:
            raise BundleRefused(
                text(f"参考数据中的表单有误：{exc.message.zh}", f"Bad forms: {exc.message.en}")
            ) from None
        here = cases.station(session)
        keys.install_centre_bundle_key(session, public_key=payload["bundle_key"], actor=actor)
        for code, key in payload["station_keys"].items():
            keys.trust_station(session, actor=actor, station_code=code, public_key=key)
        for code, history in payload.get("retired_keys", {}).items():
            for key, until in history:
                keys.keep_retired(session, station_code=code, public_key=key, until=until)
        # A counter's keys revoked one by one (a lost PC, then perhaps its replacement) …
        bound = payload.get("revoked_keys", {})
        for code, history in bound.items():
            for key, when in history:
                keys.revoke_station(
                    session, actor=actor, station=code, at=datetime.fromisoformat(when), key=key
                )
        # … and stations (or counters, from a centre that named no key) revoked whole.
        for code in payload["revoked"]:
            if code in bound:
                continue
            when = payload.get("revoked_at", {}).get(code)
            keys.revoke_station(
                session,
                actor=actor,
                station=code,
                at=datetime.fromisoformat(when) if when else None,
            )
        added = 0
        for member in payload.get("staff", []):
            station, _, username = str(member["username"]).partition("/")
            # The station's staff, and this counter's own; never another counter's.
            if station not in (here.code, counters.this_identity(session)) or not username:
                continue
            if session.exec(select(User).where(User.username == username)).first() is None:
                cases.add_user(
                    session,
                    actor=actor,
                    username=username,
                    display_name=str(member["display_name"]),
                    role=Role(member["role"]),
                )
                added += 1
        registry.put(session, registry.REMINDER_DAYS, int(payload["sync_reminder_days"]))
        try:
            enrolled = enrolment.install(session, payload["enrolments"], centre_key=trusted)
        except enrolment.EnrolmentRefused as exc:
            raise BundleRefused(exc.message) from None
        if forms_target.exists():
            shutil.rmtree(forms_target)
        shutil.copytree(staging, forms_target)
        audit.record(
            session,
            actor=actor,
            action="reference.install",
            entity="station",
            entity_id=here.code,
            detail={
                "forms": len(payload["forms"]),
                "stations": len(payload["station_keys"]),
                "enrolled": enrolled,
            },
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {
        "forms": len(payload["forms"]),
        "stations": len(payload.get("station_keys", {})),
        "revoked": len(payload.get("revoked", [])),
        "staff_added": added,
        "enrolled": enrolled,
    }


def trust_centre(session: Session, *, public_key: str, actor: str) -> None:
    keys.trust_centre(session, public_key=public_key, actor=actor)
