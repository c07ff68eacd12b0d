"""The export bundle: one file, signed by the station, readable only by the centre.

Layout (all through `cryptography`, nothing home-made):

    b"HKDBUNDLE" | version (1 byte) | HPKE(X25519, HKDF-SHA256, ChaCha20-Poly1305) sealed to the
    centre's public key, of a ZIP archive holding:
        manifest.json   format version, station, change-sequence and audit ranges, counts,
                        created at, and the SHA-256 of every other member
        signature       Ed25519 by the station's key over manifest.json's bytes
        users.jsonl (no password hashes), cases.jsonl, persons.jsonl, roles.jsonl,
        checks.jsonl, decisions.jsonl,
        attachments.jsonl, audit.jsonl, files/<sha256>

Opening checks, in order, and refuses with one line: the magic and version, the decryption
(a cut or altered file fails the AEAD tag), the archive, the station's key, the signature, every
member's digest, no member missing or extra.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.keys import b64url, unb64url

MAGIC = b"HKDBUNDLE"
FORMAT_VERSION = 1
TABLES = ("users", "cases", "persons", "roles", "checks", "decisions", "attachments", "audit")
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
_INFO = b"hukou-desk bundle v1"


class BundleRefused(HukouDeskError):
    """A bundle that cannot be trusted or used; nothing was written."""


def _refused(zh: str, en: str) -> BundleRefused:
    return BundleRefused(text(zh, en))


@dataclass(frozen=True)
class Rows:
    """A table as read from the station's file: column names, then one tuple per row."""

    columns: list[str]
    values: list[Any]  # tuples from the driver, lists from a bundle

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.values]

    def column(self, name: str) -> list[Any]:
        at = self.columns.index(name)
        return [row[at] for row in self.values]

    def __len__(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class Contents:
    manifest: dict[str, Any]
    tables: dict[str, Any]  # name → list of row dicts (opened) or Rows (to seal)
    files: dict[str, bytes]  # sha256 → bytes


def _plain(value: Any) -> Any:
    """UUIDs, dates and times as the text the JSON Lines carry."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def canonical(row: dict[str, Any]) -> bytes:
    return json.dumps(
        row, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain
    ).encode()


def _lines(rows: Rows | list[dict[str, Any]]) -> bytes:
    """A header line with the column names, then one JSON array per row."""
    if not isinstance(rows, Rows):
        columns = list(rows[0]) if rows else []
        rows = Rows(columns, [tuple(row[c] for c in columns) for row in rows])
    dumps = orjson.dumps
    body = [dumps(values, default=_plain) for values in rows.values]
    return b"\n".join([dumps({"columns": rows.columns}), *body, b""])


def _unlines(content: bytes) -> Rows:
    lines = content.splitlines()
    header = orjson.loads(lines[0]) if lines else None
    if not isinstance(header, dict) or not isinstance(header.get("columns"), list):
        raise ValueError("no header")
    columns = header["columns"]
    if not all(isinstance(c, str) for c in columns) or len(set(columns)) != len(columns):
        raise ValueError("bad columns")
    # One parse for the whole member, not one per line.
    body = orjson.loads(b"[" + b",".join(lines[1:]) + b"]")
    width = len(columns)
    if any(not isinstance(values, list) or len(values) != width for values in body):
        raise ValueError("row width")
    return Rows(columns, body)


def seal(
    contents: Contents, *, station_key: Ed25519PrivateKey, centre_key: X25519PublicKey
) -> bytes:
    members: dict[str, bytes] = {f"{name}.jsonl": _lines(contents.tables[name]) for name in TABLES}
    for sha256, content in contents.files.items():
        members[f"files/{sha256}"] = content
    manifest = {
        **contents.manifest,
        "format_version": FORMAT_VERSION,
        "members": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }
    manifest_bytes = canonical(manifest)
    archive = io.BytesIO()
    # Level 1: most of deflate's saving on JSON text at a fraction of its time.
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zipped:
        zipped.writestr("manifest.json", manifest_bytes)
        zipped.writestr("signature", b64url(station_key.sign(manifest_bytes)))
        for name, data in members.items():
            zipped.writestr(name, data)
    sealed = _SUITE.encrypt(archive.getvalue(), centre_key, info=_INFO)
    return MAGIC + bytes([FORMAT_VERSION]) + sealed


def peek_station(manifest: dict[str, Any]) -> str:
    station = manifest.get("station")
    if not isinstance(station, str) or not station:
        raise _refused("清单缺少派出所代码。", "The manifest names no station.")
    return station


def _signed_by(public: str, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(unb64url(public)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def open_bundle(
    data: bytes,
    *,
    centre_key: X25519PrivateKey,
    station_keys: dict[str, str],
    revoked: frozenset[str] = frozenset(),
    earlier: dict[str, list[str]] | None = None,
) -> Contents:
    """Decrypt, check the signature and every member; refuse with the first problem found."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 2:
        raise _refused("这不是本系统的导出文件。", "This is not a hukou-desk bundle.")
    version = data[len(MAGIC)]
    if version > FORMAT_VERSION:
        raise _refused(
            f"导出文件格式版本 {version} 比本软件新，请先升级。",
            f"The bundle's format version {version} is newer than this software; upgrade first.",
        )
    if version != FORMAT_VERSION:
        raise _refused(f"不支持的格式版本 {version}。", f"Unsupported format version {version}.")
    try:
        plain = _SUITE.decrypt(data[len(MAGIC) + 1 :], centre_key, info=_INFO)
    except (InvalidTag, ValueError):
        raise _refused(
            "导出文件无法解密：文件被截断、改动，或不是发给本中心的。",
            "The bundle cannot be decrypted: it is cut, altered, or not sealed for this centre.",
        ) from None
    try:
        zipped = zipfile.ZipFile(io.BytesIO(plain))
        names = zipped.namelist()
        if len(names) != len(set(names)):
            raise _refused("导出文件中有重复的成员。", "The bundle repeats a member.")
        manifest_bytes = zipped.read("manifest.json")
        signature = unb64url(zipped.read("signature").decode("ascii"))
        manifest = json.loads(manifest_bytes)
    except BundleRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError):
        raise _refused("导出文件内容残缺。", "The bundle's archive is damaged.") from None
    if not isinstance(manifest, dict):
        raise _refused("清单格式错误。", "The manifest is malformed.")
    station = peek_station(manifest)
    if station in revoked:
        raise _refused(
            f"派出所 {station} 的密钥已被吊销。", f"Station {station}'s key has been revoked."
        )
    public = station_keys.get(station)
    if public is None:
        raise _refused(f"未登记的派出所：{station}。", f"Unknown station: {station}.")
    # The station's current key, or one it had before (a bundle made before a key change).
    candidates = [public, *(earlier or {}).get(station, [])]
    if not any(_signed_by(key, signature, manifest_bytes) for key in candidates):
        raise _refused("签名无效：清单不是该派出所签发的。", "Bad signature on the manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise _refused("清单格式版本不符。", "The manifest's format version does not match.")
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise _refused("清单缺少成员列表。", "The manifest lists no members.")
    present = set(names) - {"manifest.json", "signature"}
    if present != set(members):
        missing = sorted(set(members) - present) or sorted(present - set(members))
        raise _refused(
            f"导出文件成员不符：{', '.join(missing[:3])}。",
            f"Members missing or unexpected: {', '.join(missing[:3])}.",
        )
    tables: dict[str, Rows] = {}
    files: dict[str, bytes] = {}
    for name, digest in members.items():
        content = zipped.read(name)
        if hashlib.sha256(content).hexdigest() != digest:
            raise _refused(f"成员 {name} 被改动。", f"The member {name} was altered.")
        if name.startswith("files/"):
            files[name.removeprefix("files/")] = content
            continue
        table = name.removesuffix(".jsonl")
        try:
            tables[table] = _unlines(content)
        except ValueError:
            raise _refused(f"成员 {name} 格式错误。", f"The member {name} is malformed.") from None
    if set(tables) != set(TABLES):
        raise _refused("导出文件缺少数据表。", "The bundle lacks a table.")
    return Contents(manifest, tables, files)
