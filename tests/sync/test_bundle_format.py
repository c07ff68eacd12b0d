"""Bundle format 3 beside the one before it: the scans travel in one member whatever their
number; a bundle exported by the format-2 desk still imports; a pack altered on the way is
refused; a disk that fills up mid-export leaves no bundle behind and says so in words."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.storage import attachments, cases, registry
from hukou_desk.storage.attachments import path_of
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case, CheckAttachment
from hukou_desk.sync import bundle, exporting, importing, trust
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import PDF, _count, _import, _resealed

DATA = Path(__file__).parent / "data"
TABLE_MEMBERS = {f"{name}.jsonl" for name in bundle.TABLES}


def _format2() -> tuple[bytes, X25519PrivateKey, dict]:
    about = json.loads((DATA / "format2.json").read_text(encoding="utf-8"))
    key = X25519PrivateKey.from_private_bytes(bytes.fromhex(about["centre_private_key_hex"]))
    return (DATA / "format2.hkb").read_bytes(), key, about


def _members(data: bytes, centre_key: X25519PrivateKey) -> tuple[set[str], dict, list]:
    """The archive's names, the manifest's members, and the scans read back."""
    with bundle.plaintext(data, centre_key) as plain:
        archive = zipfile.ZipFile(plain)
        manifest = json.loads(archive.read("manifest.json"))
        scans = list(bundle.scans(archive, manifest["members"]))
        return set(archive.namelist()), manifest, scans


def _scanned(station, count: int) -> list[bytes]:
    """`count` scans attached to the first case still taking them."""
    contents = [PDF + f"% page {i}\n".encode() for i in range(count)]
    with station.write() as session:
        case = next(
            c
            for c in session.exec(select(Case).order_by(Case.serial))
            if c.status in ("draft", "needs_documents") and len(cases.checks_of(session, c)) > 1
        )
        checks = cases.checks_of(session, case)
        for i, content in enumerate(contents):
            attachments.attach(
                session,
                folder=station.attachments_dir,
                actor=cases.user_named(session, "liwen"),
                case=case,
                check=checks[i % len(checks)],
                file_name=f"scan{i}.pdf",
                content=content,
            )
    return contents


def test_a_bundle_exported_by_the_format_2_desk_still_imports_with_its_scans(tmp_path):
    data, centre_key, about = _format2()
    assert data[len(bundle.MAGIC)] == 2
    names, manifest, scans = _members(data, centre_key)
    assert manifest["format_version"] == 2 and bundle.PACK not in names
    assert len([n for n in names if n.startswith("files/")]) == len(scans) == about["scans"]
    centre = open_database(tmp_path / "centre" / "centre.db")
    with centre.write() as session:
        trust.trust(
            session, station=about["station"], public_key=about["station_public_key"], actor="t"
        )
    report = importing.import_bundle(
        centre, data, centre_key=centre_key, files_dir=tmp_path / "files", actor="t"
    )
    assert report.inserted["cases"] == about["counts"]["cases"] == _count(centre, Case)
    assert _count(centre, CheckAttachment) == about["counts"]["attachments"]
    for sha256, content in scans:
        assert path_of(tmp_path / "files", sha256).read_bytes() == content
    centre.close()


def test_format_3_carries_any_number_of_scans_in_one_member_and_the_centre_takes_them(
    pair, centre_key, tmp_path
):
    station, centre = pair
    contents = _scanned(station, 3)
    exported = exporting.export(station, actor="t")
    assert exported.data[len(bundle.MAGIC)] == bundle.FORMAT_VERSION == 3
    names, manifest, scans = _members(exported.data, centre_key)
    # The same members for three scans as for none: nothing in the manifest a scan.
    assert names == TABLE_MEMBERS | {bundle.PACK, "manifest.json", "signature"}
    assert set(manifest["members"]) == TABLE_MEMBERS | {bundle.PACK}
    assert sorted(content for _sha, content in scans) == sorted(contents)
    assert all(hashlib.sha256(content).hexdigest() == sha for sha, content in scans)
    assert manifest["counts"]["files"] == exported.manifest.counts["files"] == 3
    _import(centre, exported.data, centre_key, tmp_path)
    for sha256, content in scans:
        assert path_of(tmp_path / "files", sha256).read_bytes() == content


def _scan_changed(members):
    pack = bytearray(members[bundle.PACK])
    pack[-3] ^= 1  # a byte of the last scan
    members[bundle.PACK] = bytes(pack)
    return members


def _scan_listed_apart(members):
    content = PDF + b"% another\n"
    members[f"files/{hashlib.sha256(content).hexdigest()}"] = content
    return members


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_scan_changed, "files.pack was altered"),
        (_scan_listed_apart, "missing or unexpected: files/"),
    ],
)
def test_a_pack_altered_or_a_scan_slipped_in_beside_it_is_refused(
    pair, centre_key, tmp_path, change, said
):
    station, centre = pair
    _scanned(station, 2)
    data = _resealed(exporting.export(station, actor="t").data, centre_key, change)
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    assert said in refused.value.describe("en")
    assert _count(centre, Case) == 0
    assert not (tmp_path / "files").exists() or not any((tmp_path / "files").rglob("*.*"))


class _FillingUp(io.RawIOBase):
    """A file on a stick that fills up after `room` bytes."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self.room < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()


def test_a_disk_full_mid_export_leaves_no_bundle_and_says_so(pair, monkeypatch, tmp_path):
    station, _centre = pair
    from hukou_desk import files

    real_fdopen = os.fdopen
    monkeypatch.setattr(
        files.os, "fdopen", lambda fd, mode: _FillingUp(real_fdopen(fd, mode), 20_000)
    )
    out = tmp_path / "stick" / "out.hkb"
    out.parent.mkdir()
    with pytest.raises(HukouDeskError) as failed:
        exporting.export(station, actor="t", out=out)
    assert failed.value.describe("en") == "Cannot save out.hkb: No space left on device."
    assert list(out.parent.iterdir()) == []  # neither the bundle nor a part of it
    with station.read() as session:
        assert registry.get(session, registry.EXPORTED_SEQ) is None  # the next starts here


def test_a_target_that_cannot_be_written_is_said_in_words_and_nothing_is_recorded(pair, tmp_path):
    station, _centre = pair
    stick = tmp_path / "stick"
    stick.mkdir()
    blocked = stick / "not-a-folder"
    blocked.write_bytes(b"a file where the stick's folder should be")
    with pytest.raises(HukouDeskError) as failed:
        exporting.export(station, actor="t", out=blocked / "out.hkb")
    assert failed.value.describe("en") == "Cannot save out.hkb: Not a directory."
    assert [p.name for p in stick.iterdir()] == ["not-a-folder"]
    with station.read() as session:
        assert registry.get(session, registry.EXPORTED_SEQ) is None
        assert registry.get(session, registry.LAST_EXPORT) is None
