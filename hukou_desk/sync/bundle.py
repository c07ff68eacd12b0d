"""The export bundle: one file, signed by the station, readable only by the centre.

Layout, format 3 (all through `cryptography`, nothing home-made):

    b"HKDBUNDLE" | version 3 | length (2 bytes) | a random 32-byte content key, sealed to the
    centre's public key with HPKE (X25519, HKDF-SHA256, ChaCha20-Poly1305) | the chunks

    each chunk: length (4 bytes) | ChaCha20-Poly1305 under the content key of up to 1 MiB of
    the archive; nonce = the chunk's index (11 bytes) and a last-chunk flag (1 byte); the
    header above as associated data. This is the STREAM construction (Hoang, Reyhanitabar,
    Rogaway, Vizár, 2015; as in age and Tink): a chunk cut off, moved, repeated or altered, or a
    bundle ended early, fails its tag.

The archive is a ZIP streamed into the chunks as the rows are read, so an export of any size
keeps a few megabytes in memory and never writes plain rows to disk. It has a fixed set of
members, whatever the number of cases (so the writer's list of members, and the manifest, do not
grow with them):
        manifest.json   format version, station, change-sequence and audit ranges, counts (the
                        scans' under "files"), the audit trail's seals, created at, and the
                        SHA-256 of every other member
        signature       Ed25519 by the station's key over manifest.json's bytes
        users.jsonl (no password hashes), cases.jsonl, persons.jsonl, roles.jsonl,
        checks.jsonl, decisions.jsonl, attachments.jsonl, audit.jsonl
        files.pack      the scans one after the other, each as its SHA-256 (64 hex digits),
                        its length (8 bytes, big-endian) and its bytes

Format 2 (the same chunks; one member `files/<sha256>` a scan, each listed in the manifest) and
format 1 (the whole archive sealed in one HPKE message) are still opened, for bundles made
before the upgrade: `scans` reads the scans of either layout.

Opening checks, in order, and refuses with one line: the magic and version, the decryption
(a cut or altered file fails the AEAD tag), the archive, the station's key, the signature, every
member's digest (and every scan's, against the name it travels under), no member missing or
extra.
"""

from __future__ import annotations

import hashlib
import io
import json
import mmap
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import IO, Any

import orjson
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.keys import b64url, unb64url

MAGIC = b"HKDBUNDLE"
FORMAT_VERSION = 3
TABLES = ("users", "cases", "persons", "roles", "checks", "decisions", "attachments", "audit")
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
_INFO = {1: b"hukou-desk bundle v1", 2: b"hukou-desk bundle v2", 3: b"hukou-desk bundle v3"}
CHUNK = 1 << 20  # plaintext bytes per sealed chunk
PACK = "files.pack"  # the scans, format 3
WRITE_BATCH = 1000  # rows of a table turned into JSON Lines at a time (writing)
_SCAN_HEAD = 64 + 8  # a scan's SHA-256 in hex, then its length


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
        return list(map(itemgetter(self.columns.index(name)), self.values))

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


def _unlines(content: bytes, columns: list[str] | None = None) -> Rows:
    """JSON Lines: a header naming the columns, then an array a row; given `columns`, lines of
    rows only (the rest of a member whose header was read)."""
    rest = content
    if columns is None:
        first, _, rest = content.partition(b"\n")
        header = orjson.loads(first) if first else None
        if not isinstance(header, dict) or not isinstance(header.get("columns"), list):
            raise ValueError("no header")
        columns = header["columns"]
        if not all(isinstance(c, str) for c in columns) or len(set(columns)) != len(columns):
            raise ValueError("bad columns")
    # One parse for the whole member, not one per line (a JSON text holds no raw newline, so
    # the line breaks become the array's commas without splitting the member into lines).
    rest = rest.removesuffix(b"\n")
    body = orjson.loads(b"[" + rest.replace(b"\n", b",") + b"]") if rest else []
    # Every row an array of the header's width (asked of all rows at once: at C speed).
    if not isinstance(body, list) or (
        body and (set(map(type, body)) != {list} or set(map(len, body)) != {len(columns)})
    ):
        raise ValueError("row width")
    return Rows(columns, body)


BLOCK = 1 << 20  # bytes of a table's member parsed at a time (a batch's worth, or less)
BATCH = 5000  # rows of a table given out at a time to a streaming import (`Opened.rows`)


def _streamed(member: IO[bytes], name: str, digest: str) -> Rows:
    """A table's member parsed whole (see `_batches`), its digest checked at the end."""
    header: list[str] | None = None
    values: list[Any] = []
    for part in _batches(member, name, digest, size=None):
        header = part.columns
        values += part.values
    return Rows(header or [], values)


def _batches(
    member: IO[bytes], name: str, digest: str, *, size: int | None = BATCH
) -> Iterator[Rows]:
    """A table's member parsed as it is inflated, a few megabytes at a time (never the whole
    member's text, nor a copy of it, in memory), given out `size` rows at a time (the header's
    columns with no rows first), its digest checked at the end: a member altered or malformed
    is refused when it is reached (every digest was checked once on opening, `Opened.check`)."""
    hashed = hashlib.sha256()
    header: Rows | None = None
    values: list[Any] = []
    tail = b""
    try:
        while True:
            block = member.read(BLOCK)
            hashed.update(block)
            text_ = tail + block
            if not block:
                if text_:
                    raise ValueError("no final line break")
                break
            cut = text_.rfind(b"\n") + 1
            whole, tail = text_[:cut], text_[cut:]
            if not whole:
                continue
            if header is None:
                first, _, whole = whole.partition(b"\n")
                header = _unlines(first + b"\n")
                yield Rows(header.columns, [])
            part = _unlines(whole, header.columns) if whole else None
            if part is not None:
                values += part.values
            while size is not None and len(values) >= size:
                yield Rows(header.columns, values[:size])
                del values[:size]
        if header is None:
            raise ValueError("no header")
    except (ValueError, zipfile.BadZipFile):
        # An altered member is said as altered, even where the change also broke its form.
        try:
            while block := member.read(BLOCK):
                hashed.update(block)
        except zipfile.BadZipFile:
            pass
        if hashed.hexdigest() != digest:
            raise _refused(f"成员 {name} 被改动。", f"The member {name} was altered.") from None
        raise _refused(f"成员 {name} 格式错误。", f"The member {name} is malformed.") from None
    if hashed.hexdigest() != digest:
        raise _refused(f"成员 {name} 被改动。", f"The member {name} was altered.")
    if values:
        yield Rows(header.columns, values)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class _ChunkSealer:
    """A write-only stream that seals what it is given in chunks onto `out` (for ZipFile,
    which writes to a stream it cannot seek with data descriptors)."""

    def __init__(self, out: IO[bytes], key: bytes, header: bytes) -> None:
        self._out, self._aead, self._header = out, ChaCha20Poly1305(key), header
        self._buffer = bytearray()
        self._index = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def finish(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def discard(self) -> None:
        """Whatever comes after this goes nowhere (an export given up)."""
        self._out = io.BytesIO()
        self._buffer.clear()

    def _emit(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index, last), plain, self._header)
        self._out.write(len(sealed).to_bytes(4, "big"))
        self._out.write(sealed)
        self._index += 1


def _header(centre_key: X25519PublicKey) -> tuple[bytes, bytes]:
    """A fresh content key, and the bundle's header carrying it sealed to the centre."""
    key = ChaCha20Poly1305.generate_key()
    sealed = _SUITE.encrypt(key, centre_key, info=_INFO[FORMAT_VERSION])
    return key, MAGIC + bytes([FORMAT_VERSION]) + len(sealed).to_bytes(2, "big") + sealed


@dataclass
class Writer:
    """A bundle written as it is read: tables row by row, scans one by one, then the signed
    manifest; at most a chunk, a batch of rows and a scan in memory, and nothing kept per row
    or per scan (a digest and a count a member)."""

    out: IO[bytes]
    centre_key: X25519PublicKey
    digests: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        key, header = _header(self.centre_key)
        self.out.write(header)
        self._sealer = _ChunkSealer(self.out, key, header)
        # Level 1: most of deflate's saving on JSON text at a fraction of its time.
        self._zip = zipfile.ZipFile(  # type: ignore[call-overload]  # it uses write(), flush()
            self._sealer,
            "w",
            compression=zipfile.ZIP_DEFLATED,
            compresslevel=1,
        )

    def table(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """One table as JSON Lines: a header with the column names, then an array a row."""
        digest = hashlib.sha256()
        count = 0
        dumps = orjson.dumps
        with self._zip.open(f"{name}.jsonl", "w", force_zip64=True) as member:

            def put(data: bytes) -> None:
                digest.update(data)
                member.write(data)

            put(dumps({"columns": list(columns)}) + b"\n")
            batch: list[bytes] = []
            for values in rows:
                batch.append(dumps(values, default=_plain))
                if len(batch) == WRITE_BATCH:
                    put(b"\n".join(batch) + b"\n")
                    count += len(batch)
                    batch.clear()
            if batch:
                put(b"\n".join(batch) + b"\n")
                count += len(batch)
        self.digests[f"{name}.jsonl"] = digest.hexdigest()
        self.counts[name] = count
        return count

    def abort(self) -> None:
        """Give the bundle up: the archive closed into nothing (the file is the caller's)."""
        self._sealer.discard()
        self._zip.close()
        self._sealer.discard()

    def files(self, scans: Iterable[tuple[str, bytes]]) -> int:
        """The scans, each under its SHA-256, into the one member `files.pack` as they come."""
        digest = hashlib.sha256()
        count = 0
        with self._zip.open(PACK, "w", force_zip64=True) as member:
            for sha256, content in scans:
                name = sha256.encode("ascii")
                if len(name) != 64:
                    raise ValueError("a scan travels under its SHA-256 in hex")
                for part in (name + len(content).to_bytes(8, "big"), content):
                    digest.update(part)
                    member.write(part)
                count += 1
        self.digests[PACK] = digest.hexdigest()
        self.counts["files"] = count
        return count

    def finish(self, manifest: dict[str, Any], station_key: Ed25519PrivateKey) -> dict[str, Any]:
        """Sign and close; the manifest as signed."""
        if PACK not in self.digests:
            self.files(())
        signed = {**manifest, "format_version": FORMAT_VERSION, "members": self.digests}
        manifest_bytes = canonical(signed)
        self._zip.writestr("manifest.json", manifest_bytes)
        self._zip.writestr("signature", b64url(station_key.sign(manifest_bytes)))
        self._zip.close()
        self._sealer.finish()
        self.out.flush()
        return signed


def seal(
    contents: Contents, *, station_key: Ed25519PrivateKey, centre_key: X25519PublicKey
) -> bytes:
    """A whole bundle in memory, from tables already read (small bundles: tests, tools)."""
    out = io.BytesIO()
    writer = Writer(out, centre_key)
    for name in TABLES:
        rows = contents.tables[name]
        if not isinstance(rows, Rows):
            columns = list(rows[0]) if rows else []
            rows = Rows(columns, [tuple(row[c] for c in columns) for row in rows])
        writer.table(name, rows.columns, rows.values)
    writer.files(contents.files.items())
    writer.finish(contents.manifest, station_key)
    return out.getvalue()


def seal_archive(archive: bytes, centre_key: X25519PublicKey) -> bytes:
    """An archive already made, sealed as a bundle (what anyone with the centre's public key
    can do: the station's signature inside is what they cannot)."""
    out = io.BytesIO()
    key, header = _header(centre_key)
    out.write(header)
    sealer = _ChunkSealer(out, key, header)
    sealer.write(archive)
    sealer.finish()
    return out.getvalue()


def _undecryptable() -> BundleRefused:
    return _refused(
        "导出文件无法解密：文件被截断、改动，或不是发给本中心的。",
        "The bundle cannot be decrypted: it is cut, altered, or not sealed for this centre.",
    )


Sealed = bytes | bytearray | memoryview | mmap.mmap  # a bundle's bytes, or its file mapped


def plaintext(data: Sealed, centre_key: X25519PrivateKey) -> IO[bytes]:
    """The archive inside a bundle, as a file that decrypts the chunks it is asked for: never
    the whole archive in memory, never a decrypted copy on disk. Every chunk's tag is checked
    once before anything is read (a chunk cut off, moved, repeated or altered, or a bundle
    ended early, is refused here), and again whenever it is decrypted to be read."""
    if len(data) < len(MAGIC) + 2 or bytes(data[: len(MAGIC)]) != MAGIC:
        raise _refused("这不是本系统的导出文件。", "This is not a hukou-desk bundle.")
    version = data[len(MAGIC)]
    if version > FORMAT_VERSION:
        raise _refused(
            f"导出文件格式版本 {version} 比本软件新，请先升级。",
            f"The bundle's format version {version} is newer than this software; upgrade first.",
        )
    if version not in _INFO:
        raise _refused(f"不支持的格式版本 {version}。", f"Unsupported format version {version}.")
    at = len(MAGIC) + 1
    if version == 1:
        try:
            return io.BytesIO(_SUITE.decrypt(bytes(data[at:]), centre_key, info=_INFO[1]))
        except (InvalidTag, ValueError):
            raise _undecryptable() from None
    length = int.from_bytes(data[at : at + 2], "big")
    header = bytes(data[: at + 2 + length])
    try:
        aead = ChaCha20Poly1305(_SUITE.decrypt(header[-length:], centre_key, info=_INFO[version]))
    except (InvalidTag, ValueError):
        raise _undecryptable() from None
    return io.BufferedReader(_SealedChunks(data, at + 2 + length, aead, header), CHUNK)


class _SealedChunks(io.RawIOBase):
    """The chunks of a format 2 bundle as one seekable plain file: each non-last chunk holds
    exactly `CHUNK` plain bytes, so any offset names its chunk; one chunk is kept decrypted."""

    def __init__(self, data: Sealed, start: int, aead: ChaCha20Poly1305, header: bytes) -> None:
        super().__init__()
        self._data, self._aead, self._header = data, aead, header
        self._chunk = CHUNK
        self._offsets: list[int] = []
        at, size = start, 0
        while at < len(data):  # the records' lengths: every one but the last a whole chunk
            size = int.from_bytes(data[at : at + 4], "big")
            if size < 16 or at + 4 + size > len(data):
                raise _undecryptable()
            self._offsets.append(at)
            at += 4 + size
        whole = self._chunk + 16
        if not self._offsets or any(
            int.from_bytes(data[o : o + 4], "big") != whole for o in self._offsets[:-1]
        ):
            raise _undecryptable()
        for index in range(len(self._offsets)):  # every tag, once, in order
            self._open(index)
        self._length = (len(self._offsets) - 1) * self._chunk + size - 16
        self._position = 0
        self._cached: tuple[int, bytes] = (-1, b"")

    def _open(self, index: int) -> bytes:
        at = self._offsets[index]
        size = int.from_bytes(self._data[at : at + 4], "big")
        sealed = bytes(self._data[at + 4 : at + 4 + size])
        last = index == len(self._offsets) - 1
        try:
            return self._aead.decrypt(_nonce(index, last), sealed, self._header)
        except InvalidTag:
            raise _undecryptable() from None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._length}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._position >= self._length or not len(view):
            return 0
        index, within = divmod(self._position, self._chunk)
        if self._cached[0] != index:
            self._cached = (index, self._open(index))
        plain = self._cached[1]
        count = min(len(view), len(plain) - within)
        view[:count] = plain[within : within + count]
        self._position += count
        return count


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
    data: Sealed,
    *,
    centre_key: X25519PrivateKey,
    station_keys: dict[str, str],
    revoked: frozenset[str] = frozenset(),
    earlier: dict[str, list[str]] | None = None,
) -> Contents:
    """Decrypt, check the signature and every member; refuse with the first problem found.
    Every table is read whole: for small bundles (tests, tools, a manifest looked at); the
    centre's import streams them (`opened`)."""
    with opened(
        data, centre_key=centre_key, station_keys=station_keys, revoked=revoked, earlier=earlier
    ) as bundle:
        tables = {name: bundle.table(name) for name in TABLES}
        files = dict(bundle.scans())
        return Contents(bundle.manifest, tables, files)


@contextmanager
def opened(
    data: Sealed,
    *,
    centre_key: X25519PrivateKey,
    station_keys: dict[str, str],
    revoked: frozenset[str] = frozenset(),
    earlier: dict[str, list[str]] | None = None,
) -> Iterator[Opened]:
    """The bundle decrypted chunk by chunk as it is read, its signature and every member's
    digest checked (each member inflated and hashed once, none kept), its tables then read
    batch by batch (`Opened.rows`): a few megabytes in memory whatever the bundle's size."""
    with plaintext(data, centre_key) as plain:
        bundle = _opened(
            plain, data[len(MAGIC)], station_keys=station_keys, revoked=revoked, earlier=earlier
        )
        bundle.check()
        yield bundle


@dataclass
class Opened:
    """A bundle opened and checked, its members read on demand from the decrypting stream."""

    manifest: dict[str, Any]
    members: dict[str, str]  # name → SHA-256, as signed
    archive: zipfile.ZipFile

    def check(self) -> None:
        """Every member's digest, each inflated and hashed as it streams (nothing kept); a
        table's form is checked as it is read."""
        for name, digest in self.members.items():
            hashed = hashlib.sha256()
            try:
                with self.archive.open(name) as member:
                    while block := member.read(BLOCK):
                        hashed.update(block)
            except (zipfile.BadZipFile, ValueError):
                hashed = hashlib.sha256(b"altered")
            if hashed.hexdigest() != digest:
                raise _refused(f"成员 {name} 被改动。", f"The member {name} was altered.")

    def rows(self, name: str, size: int | None = None) -> Iterator[Rows]:
        """A table `size` rows at a time (`BATCH`); first its columns with no rows."""
        member = f"{name}.jsonl"
        with self.archive.open(member) as stream:
            yield from _batches(stream, member, self.members[member], size=size or BATCH)

    def columns(self, name: str) -> list[str]:
        for part in self.rows(name, size=1):
            return part.columns
        return []  # pragma: no cover  (a member always has its header, or is refused)

    def table(self, name: str) -> Rows:
        """A table whole (small bundles only)."""
        member = f"{name}.jsonl"
        with self.archive.open(member) as stream:
            return _streamed(stream, member, self.members[member])

    def scans(self) -> Iterator[tuple[str, bytes]]:
        """The scans, one at a time as (SHA-256, bytes), each checked against its digest, in
        one pass (format 3's `files.pack` is read as it is inflated)."""
        return scans(self.archive, self.members)


def _opened(
    plain: IO[bytes],
    version: int,
    *,
    station_keys: dict[str, str],
    revoked: frozenset[str],
    earlier: dict[str, list[str]] | None,
) -> Opened:
    try:
        zipped = zipfile.ZipFile(plain)
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
    if manifest.get("format_version") != version:
        raise _refused("清单格式版本不符。", "The manifest's format version does not match.")
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise _refused("清单缺少成员列表。", "The manifest lists no members.")
    present = set(names) - {"manifest.json", "signature"}
    listed = set(members)
    expected = _MEMBERS if version >= 3 else listed  # format 3: a fixed set of members
    if present != listed or listed != expected:
        missing = sorted(listed ^ present) or sorted(listed ^ expected)
        raise _refused(
            f"导出文件成员不符：{', '.join(missing[:3])}。",
            f"Members missing or unexpected: {', '.join(missing[:3])}.",
        )
    tables = {
        name.removesuffix(".jsonl")
        for name in members
        if not name.startswith("files/") and name != PACK
    }
    if tables != set(TABLES):
        raise _refused("导出文件缺少数据表。", "The bundle lacks a table.")
    return Opened(manifest, {str(k): str(v) for k, v in members.items()}, zipped)


_MEMBERS = {f"{name}.jsonl" for name in TABLES} | {PACK}  # format 3's, besides the manifest's


def scans(zipped: zipfile.ZipFile, members: dict[str, str]) -> Iterator[tuple[str, bytes]]:
    """The scans an opened bundle carries, one at a time as (SHA-256, bytes), each checked
    against the digest it travels under: format 3's `files.pack` (read as it is inflated, its
    own digest checked at its end) or format 2's one member a scan."""
    if PACK not in members:
        for name, digest in members.items():
            if name.startswith("files/"):
                content = zipped.read(name)
                if hashlib.sha256(content).hexdigest() != digest:
                    raise _altered(name)
                yield name.removeprefix("files/"), content
        return
    hashed = hashlib.sha256()
    try:
        with zipped.open(PACK) as member:
            while head := member.read(_SCAN_HEAD):
                content = member.read(int.from_bytes(head[64:], "big"))
                hashed.update(head)
                hashed.update(content)
                name = head[:64].decode("ascii", "replace")
                if (
                    len(head) != _SCAN_HEAD
                    or len(content) != int.from_bytes(head[64:], "big")
                    or hashlib.sha256(content).hexdigest() != name
                ):
                    raise _altered(PACK)
                yield name, content
    except zipfile.BadZipFile:
        raise _altered(PACK) from None
    if hashed.hexdigest() != members[PACK]:
        raise _altered(PACK)


def _altered(name: str) -> BundleRefused:
    return _refused(f"成员 {name} 被改动。", f"The member {name} was altered.")
