"""Bundle format 2 on its own: chunks cut off, dropped, moved, repeated or appended to are all
refused; what format 1 sealed still opens; a big archive takes many chunks."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk import keys
from hukou_desk.sync import bundle
from hukou_desk.sync.bundle import BundleRefused, Contents, Rows

STATION = Ed25519PrivateKey.generate()
CENTRE = X25519PrivateKey.generate()
SCAN_DIGEST = hashlib.sha256(b"scan").hexdigest()


def _contents(rows: int = 3) -> Contents:
    tables = {name: Rows(["id"], [[i] for i in range(rows)]) for name in bundle.TABLES}
    return Contents({"station": "440703001"}, tables, {SCAN_DIGEST: b"scan"})


def _open(data: bytes) -> Contents:
    return bundle.open_bundle(
        data, centre_key=CENTRE, station_keys={"440703001": keys.public_text(STATION)}
    )


def _chunks(data: bytes) -> tuple[bytes, list[bytes]]:
    at = len(bundle.MAGIC) + 1
    at += 2 + int.from_bytes(data[at : at + 2], "big")
    header, chunks = data[:at], []
    while at < len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        chunks.append(data[at : at + 4 + size])
        at += 4 + size
    return header, chunks


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(bundle, "CHUNK", 256)


def test_a_big_archive_takes_many_chunks_and_opens_whole(small_chunks):
    data = bundle.seal(_contents(500), station_key=STATION, centre_key=CENTRE.public_key())
    _header, chunks = _chunks(data)
    assert len(chunks) > 10
    opened = _open(data)
    assert opened.tables["cases"].values == [[i] for i in range(500)]
    assert opened.files == {SCAN_DIGEST: b"scan"}


@pytest.mark.parametrize(
    "how", ["last dropped", "cut mid-chunk", "two swapped", "one repeated", "appended", "flipped"]
)
def test_a_chunk_stream_tampered_with_is_refused(small_chunks, how):
    data = bundle.seal(_contents(500), station_key=STATION, centre_key=CENTRE.public_key())
    header, chunks = _chunks(data)
    if how == "last dropped":  # ends on a whole chunk that is not the last
        data = header + b"".join(chunks[:-1])
    elif how == "cut mid-chunk":
        data = data[:-10]
    elif how == "two swapped":
        chunks[1], chunks[2] = chunks[2], chunks[1]
        data = header + b"".join(chunks)
    elif how == "one repeated":
        data = header + b"".join([chunks[0], *chunks])
    elif how == "appended":
        data = data + chunks[-1]
    else:
        data = data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]
    with pytest.raises(BundleRefused, match="cannot be decrypted"):
        _open(data)


def test_a_format_1_bundle_still_opens():
    """Sealed before the upgrade: the whole archive in one HPKE message."""
    sealed_v2 = bundle.seal(_contents(), station_key=STATION, centre_key=CENTRE.public_key())
    with bundle.plaintext(sealed_v2, CENTRE) as plain:
        archive = zipfile.ZipFile(io.BytesIO(plain.read()))
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = bundle.orjson.loads(members["manifest.json"])
    manifest["format_version"] = 1
    members["manifest.json"] = bundle.canonical(manifest)
    members["signature"] = keys.b64url(STATION.sign(members["manifest.json"])).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for name, content in members.items():
            zipped.writestr(name, content)
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
    sealed = suite.encrypt(out.getvalue(), CENTRE.public_key(), info=b"hukou-desk bundle v1")
    opened = _open(bundle.MAGIC + bytes([1]) + sealed)
    assert opened.tables["cases"].values == [[0], [1], [2]]


@pytest.mark.parametrize("block", [7, 64, 1 << 20])
def test_a_table_is_parsed_block_by_block_whatever_the_block(monkeypatch, block):
    """Blocks that cut a row, a header or a multi-byte character anywhere: the same rows."""
    tables = {
        name: Rows(["id", "name"], [[i, f"张{i}" * (i % 5)] for i in range(300)])
        for name in bundle.TABLES
    }
    data = bundle.seal(
        Contents({"station": "440703001"}, tables, {}),
        station_key=STATION,
        centre_key=CENTRE.public_key(),
    )
    monkeypatch.setattr(bundle, "BLOCK", block)
    opened = _open(data)
    assert {name: rows.values for name, rows in opened.tables.items()} == {
        name: rows.values for name, rows in tables.items()
    }


def _resealed_with(data: bytes, name: str, content: bytes) -> bytes:
    """A member's content replaced, the manifest's digest for it too, signed again."""
    plain = bundle.plaintext(data, CENTRE).read()
    source = zipfile.ZipFile(io.BytesIO(plain))
    manifest = bundle.json.loads(source.read("manifest.json"))
    manifest["members"][name] = bundle.hashlib.sha256(content).hexdigest()
    signed = bundle.canonical(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for member in source.namelist():
            if member == "manifest.json":
                zipped.writestr(member, signed)
            elif member == "signature":
                zipped.writestr(member, keys.b64url(STATION.sign(signed)))
            else:
                zipped.writestr(member, content if member == name else source.read(member))
    return bundle.seal_archive(out.getvalue(), CENTRE.public_key())


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b'{"columns": ["id"]}\n[1]\n[2, 3]\n', "checks.jsonl is malformed"),
        (b'{"columns": ["id"]}\n[1]\n[2]', "checks.jsonl is malformed"),
        (b"", "checks.jsonl is malformed"),
        (b'{"columns": ["id"]}\n[1]\n{\n', "checks.jsonl is malformed"),
    ],
)
def test_a_signed_member_not_in_form_is_refused_as_malformed(content, said):
    sealed = bundle.seal(_contents(), station_key=STATION, centre_key=CENTRE.public_key())
    data = _resealed_with(sealed, "checks.jsonl", content)
    with pytest.raises(BundleRefused) as refused:
        _open(data)
    assert said in refused.value.describe("en")


def test_a_member_altered_into_bad_form_is_said_to_be_altered():
    data = bundle.seal(_contents(), station_key=STATION, centre_key=CENTRE.public_key())
    plain = bundle.plaintext(data, CENTRE).read()
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for member in source.namelist():
            content = source.read(member)
            zipped.writestr(member, b"[1, 2\n" if member == "checks.jsonl" else content)
    with pytest.raises(BundleRefused) as refused:
        _open(bundle.seal_archive(out.getvalue(), CENTRE.public_key()))
    assert "checks.jsonl was altered" in refused.value.describe("en")
