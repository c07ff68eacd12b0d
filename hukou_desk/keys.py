"""Keys and trust, in one place, for the slips and the sync alike.

- the station's own Ed25519 signing key (its slips' QR codes, its bundles), a file beside the
  case file, never inside it or its backups;
- the trust list: the public keys of the stations whose slips and bundles this PC accepts, and
  the stations whose keys were revoked;
- at a station, the centre's public keys: the X25519 key bundles are sealed to, and the
  Ed25519 key that signs reference data and acknowledgements (the one trust anchor);
- at the centre, the centre's own private keys.

Public keys travel as base64url of their 32 raw bytes; private keys stay in owner-only PEM
files that are never overwritten.
"""

from __future__ import annotations

import base64
import binascii
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlmodel import Session

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, registry, seals
from hukou_desk.storage.models import utc_now

STATION_KEY_FILE = seals.STATION_KEY_FILE
CENTRE_BUNDLE_KEY_FILE = "centre-x25519.pem"
CENTRE_SIGNING_KEY_FILE = "centre-ed25519.pem"


class KeyRefused(HukouDeskError):
    """A key that is malformed, missing, of the wrong kind, or would replace one in use."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _write_private(
    path: Path, key: Ed25519PrivateKey | X25519PrivateKey, secret: bytes | None = None
) -> None:
    """Owner-only from the first byte, and never over an existing key; encrypted (PKCS #8)
    under the case file's key when there is one."""
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()
        if secret is None
        else serialization.BestAvailableEncryption(seals.key_file_password(secret)),
    )
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())


def _read_private(path: Path, secret: bytes | None = None) -> object:
    try:
        return seals.load_station_key(path.read_bytes(), secret)
    except FileNotFoundError:
        raise KeyRefused(
            text(f"缺少密钥文件 {path}。", f"The key file {path} is missing.")
        ) from None
    except (ValueError, TypeError):
        raise KeyRefused(
            text(f"{path.name} 不是有效的私钥文件。", f"{path.name} is not a private key file.")
        ) from None


# --- the station's own key -----------------------------------------------------------------------


def station_key(folder: Path, secret: bytes | None = None) -> Ed25519PrivateKey:
    """The station's signing key, made (owner-only) on first use in `folder`; beside an
    encrypted case file (`secret`, its key) kept encrypted, and a plain one from before
    encrypted in place on first use.

    Two first uses at once (a preview and a print in the background) make one key: each
    writes its own temporary file and links it into place only if no key is there yet."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / STATION_KEY_FILE
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".station-", suffix=".partial")
        os.close(descriptor)
        partial = Path(name)
        try:
            partial.unlink()
            _write_private(partial, key, secret)
            os.link(partial, path)  # fails if another first use won: then theirs is the key
            return key
        except FileExistsError:
            pass
        finally:
            partial.unlink(missing_ok=True)
    loaded = _read_private(path, secret)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise KeyRefused(text(f"{path} 不是 Ed25519 私钥。", f"{path} is not an Ed25519 key."))
    if secret is not None and b"ENCRYPTED" not in path.read_bytes():
        _rewrap(path, loaded, secret)
    return loaded


def _rewrap(path: Path, key: Ed25519PrivateKey, secret: bytes) -> None:
    """A plain key file encrypted in place: written beside, then renamed over."""
    partial = path.with_name(path.name + ".wrapping")
    partial.unlink(missing_ok=True)
    _write_private(partial, key, secret)
    partial.replace(path)


def own_key(
    session: Session, folder: Path, station_code: str, secret: bytes | None = None
) -> Ed25519PrivateKey:
    """This station's signing key — never minted silently where one was already in use.

    The case file records the station's public key when it is first used (first start, first
    print). If the private key is missing although the case file knows one (a backup restored
    onto a new PC), nothing is signed with a fresh key behind anyone's back: the administrator
    decides (`new_station_key`), and the old public key stays trusted for what it signed."""
    if not (folder / STATION_KEY_FILE).exists() and station_code in known_keys(session):
        raise KeyRefused(
            text(
                "本机没有本所的签名私钥，但案件数据库中已有本所签名公钥（可能是在新电脑上恢复了"
                "备份）。请系统管理员执行“新建签名密钥”（hukou-desk new-station-key）：旧公钥仍"
                "用于核验此前签发的文书。",
                "This PC has no signing key for the station, though the case file knows its "
                "public key (a backup restored on a new PC?). The administrator must make a new "
                "one (hukou-desk new-station-key); the old public key stays trusted for the "
                "papers it signed.",
            )
        )
    key = station_key(folder, secret)
    trust_station(session, actor="system", station_code=station_code, public_key=public_text(key))
    return key


def new_station_key(
    session: Session, folder: Path, *, station_code: str, actor: str, secret: bytes | None = None
) -> Ed25519PrivateKey:
    """An administrator's decision: a new signing key for this station. The previous public
    key is kept, retired, for the slips and bundles it signed before today."""
    path = folder / STATION_KEY_FILE
    if path.exists():
        path.rename(folder / f"station-ed25519.retired-{utc_now():%Y%m%dT%H%M%S}.pem")
    key = station_key(folder, secret)
    trust_station(session, actor=actor, station_code=station_code, public_key=public_text(key))
    audit.record(
        session,
        actor=actor,
        action="slipkey.new",
        entity="station",
        entity_id=station_code,
        detail={"key": public_text(key)},
    )
    # Whatever was recorded while this PC had no key is taken on by this decision, on the
    # record (the seal names who adopted it; the centre's report shows it).
    session.flush()
    seals.adopt(session, key, station_code, by=actor)
    return key


def public_text(key: Ed25519PrivateKey | Ed25519PublicKey | X25519PrivateKey) -> str:
    """A key's public half as base64url."""
    public = key.public_key() if not isinstance(key, Ed25519PublicKey) else key
    return b64url(public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def ed25519_public(value: str, *, what: str = "签名公钥 / signing key") -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(unb64url(value.strip()))
    except (ValueError, binascii.Error):
        zh, _, en = what.partition(" / ")
        raise KeyRefused(text(f"{zh}无效。", f"The {en} is not valid.")) from None


def x25519_public(value: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(unb64url(value.strip()))
    except (ValueError, binascii.Error):
        raise KeyRefused(text("中心公钥无效。", "The centre's public key is not valid.")) from None


# --- the trust list ---------------------------------------------------------------------------


def known_keys(session: Session) -> dict[str, str]:
    """Station code → public signing key, for every station this PC trusts."""
    return registry.members(session, registry.STATION_KEYS)


def trust_station(session: Session, *, actor: str, station_code: str, public_key: str) -> None:
    """Know a station's public key (its own at first print; others from the centre)."""
    ed25519_public(public_key, what="派出所公钥 / station key")
    entry = registry.STATION_KEYS.entry(station_code)
    before = registry.get(session, entry)
    if before == public_key:
        return
    if before is not None:
        # The key it replaces stays trusted for what it signed up to today.
        retired = registry.RETIRED_KEYS.entry(f"{station_code}.{before[:16]}")
        registry.put(session, retired, f"{before} {china_today().isoformat()}")  # papers' day
    registry.put(session, entry, public_key)
    audit.record(
        session,
        actor=actor,
        action="slipkey.trust",
        entity="station",
        entity_id=station_code,
        detail={"key": public_key},
    )


def keep_retired(session: Session, *, station_code: str, public_key: str, until: str) -> None:
    """An earlier key of a station, as the centre lists it (reference data)."""
    ed25519_public(public_key, what="派出所公钥 / station key")
    date.fromisoformat(until)
    entry = registry.RETIRED_KEYS.entry(f"{station_code}.{public_key[:16]}")
    registry.put(session, entry, f"{public_key} {until}")


def retired_keys(session: Session) -> dict[str, list[tuple[str, date]]]:
    """Station code → its earlier public keys, each with the last day it signed."""
    found: dict[str, list[tuple[str, date]]] = {}
    for name, value in registry.members(session, registry.RETIRED_KEYS).items():
        station = name.split(".", 1)[0]
        key, _, until = value.partition(" ")
        found.setdefault(station, []).append((key, date.fromisoformat(until)))
    return found


def revoke_station(
    session: Session,
    *,
    actor: str,
    station: str,
    reason: str = "",
    at: datetime | None = None,
    key: str | None = None,
) -> None:
    """Withdraw a station's key from the moment it is revoked (`at`, now by default): its
    bundles are refused, and its slips issued after then verify as revoked; the key is kept,
    so that what it signed before still verifies.

    `station` is a station's code (every counter of it) or one counter's identity
    (`440703001-02`, a lost or stolen PC): then the key that counter holds (or `key`, as the
    centre's reference data names it) alone — its station's other counters are untouched,
    and a key registered for the counter afterwards (`--replaces`) is not revoked, unless it
    is revoked in its turn."""
    moment = at or utc_now()
    held = key or (known_keys(session).get(station) if "-" in station else None)
    if held is not None:
        entry = registry.REVOKED_KEYS.entry(f"{station}.{held[:16]}")
        if registry.get(session, entry) is not None:
            return
        registry.put(session, entry, f"{held} {moment.isoformat()}")
        if registry.get(session, registry.REVOKED.entry(station)) is None:
            registry.put(session, registry.REVOKED.entry(station), moment)
    elif registry.get(session, registry.REVOKED.entry(station)) is not None:
        return
    else:
        registry.put(session, registry.REVOKED.entry(station), moment)
    audit.record(
        session,
        actor=actor,
        action="station.revoke",
        entity="station",
        entity_id=station,
        detail={name: v for name, v in (("reason", reason), ("key", held)) if v} or None,
    )


def revoked_stations(session: Session) -> set[str]:
    return set(registry.members(session, registry.REVOKED))


def revocations(session: Session) -> dict[str, datetime]:
    """Station code (or counter's identity) → when its key was (first) withdrawn."""
    return registry.members(session, registry.REVOKED)


def revoked_keys(session: Session) -> dict[str, list[tuple[str, datetime]]]:
    """A revoked counter's identity → each key of it withdrawn, with from when."""
    found: dict[str, list[tuple[str, datetime]]] = {}
    for name, value in registry.members(session, registry.REVOKED_KEYS).items():
        key, _, moment = value.partition(" ")
        found.setdefault(name.rsplit(".", 1)[0], []).append((key, datetime.fromisoformat(moment)))
    return found


def withdrawn(session: Session, signer: str, key: str | None) -> datetime | None:
    """From when a signature by `key`, the key of `signer` (a station's code or a counter's
    identity), is refused: its station revoked (every counter), or that key of that counter
    revoked. None: not revoked."""
    moments = revocations(session)
    station = signer.split("-", 1)[0]
    found = [moments[station]] if station in moments else []
    if signer != station:
        bound = revoked_keys(session).get(signer)
        if bound:
            found += [moment for held, moment in bound if key is None or held == key]
        elif signer in moments:
            found.append(moments[signer])
    return min(found) if found else None


# --- the centre's keys, as a station knows them ----------------------------------------------


def trust_centre(session: Session, *, public_key: str, actor: str) -> None:
    """The centre's signing key: the one anchor for reference data and acknowledgements."""
    ed25519_public(public_key, what="中心签名公钥 / centre's signing key")
    registry.put(session, registry.CENTRE_SIGNING_KEY, public_key.strip())
    audit.record(session, actor=actor, action="sync.trust_centre", entity="station", entity_id="-")


def trusted_centre(session: Session) -> str | None:
    return registry.get(session, registry.CENTRE_SIGNING_KEY)


def install_centre_bundle_key(session: Session, *, public_key: str, actor: str) -> None:
    """The centre's X25519 key, which the station's bundles are sealed to."""
    x25519_public(public_key)
    registry.put(session, registry.CENTRE_BUNDLE_KEY, public_key.strip())
    audit.record(session, actor=actor, action="sync.centre_key", entity="station", entity_id="-")


def centre_bundle_key(session: Session) -> str | None:
    return registry.get(session, registry.CENTRE_BUNDLE_KEY)


# --- the centre's own keys -------------------------------------------------------------------


def make_centre_keys(folder: Path) -> tuple[X25519PrivateKey, Ed25519PrivateKey]:
    """The centre's keys, owner-only: X25519 to open bundles, Ed25519 to sign reference data.
    Refuses to replace existing ones."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name in (CENTRE_BUNDLE_KEY_FILE, CENTRE_SIGNING_KEY_FILE):
        if (folder / name).exists():
            raise KeyRefused(
                text(
                    f"{folder / name} 已存在，不会覆盖。", f"{folder / name} exists; not replaced."
                )
            )
    key, signer = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    _write_private(folder / CENTRE_BUNDLE_KEY_FILE, key)
    _write_private(folder / CENTRE_SIGNING_KEY_FILE, signer)
    return key, signer


def x25519_private(data: bytes) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, X25519PrivateKey):
        raise KeyRefused(text("不是中心的解密私钥。", "Not the centre's X25519 private key."))
    return key


def centre_bundle_private(path: Path) -> X25519PrivateKey:
    """The centre's X25519 key, which opens the stations' bundles."""
    try:
        data = path.read_bytes()
    except OSError:
        raise KeyRefused(
            text(f"无法读取中心私钥 {path}。", f"Cannot read the centre's key {path}.")
        ) from None
    return x25519_private(data)


def centre_signing_private(folder: Path) -> Ed25519PrivateKey:
    """The centre's Ed25519 key, which signs reference data and acknowledgements."""
    path = folder / CENTRE_SIGNING_KEY_FILE
    if not path.exists():
        raise KeyRefused(
            text(
                f"缺少中心签名私钥 {path}（先运行 centre-init）。",
                f"The centre's signing key {path} is missing (run centre-init first).",
            )
        )
    key = _read_private(path)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyRefused(text("不是 Ed25519 私钥。", "Not an Ed25519 private key."))
    return key


# --- the audit chain's seals -----------------------------------------------------------------


def station_signed(session: Session, station_code: str) -> Callable[[bytes, bytes], bool]:
    """Whether a signature over a message is the station's: its current key or a retired one
    (a seal written before a key change stays good)."""
    candidates = [known_keys(session).get(station_code)]
    candidates += [key for key, _until in retired_keys(session).get(station_code, [])]
    publics = [ed25519_public(key) for key in candidates if key is not None]

    def signed(message: bytes, signature: bytes) -> bool:
        for public in publics:
            try:
                public.verify(signature, message)
            except InvalidSignature:
                continue
            return True
        return False

    return signed
