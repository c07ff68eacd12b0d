"""The update package: nothing of it is used before the centre's signature is checked, and
nothing unpacked differs from what the centre signed."""

from __future__ import annotations

import json
import zipfile
from collections import namedtuple
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hukou_desk import keys
from hukou_desk.sync import update
from hukou_desk.sync.bundle import BundleRefused


def release_folder(root: Path, version: str = "0.2.0") -> Path:
    folder = root / f"bundle-{version}"
    (folder / "_internal" / "data").mkdir(parents=True)
    executable = folder / "hukou-desk"
    executable.write_text(f"#!/bin/sh\necho 'hukou-desk {version}'\necho 'all checks passed'\n")
    executable.chmod(0o755)
    (folder / "_internal" / "data" / "plan.toml").write_text("规划 = 1\n", encoding="utf-8")
    (folder / "_internal" / "libqt.so").write_bytes(bytes(range(256)) * 400)
    return folder


@pytest.fixture
def signer() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public(key: Ed25519PrivateKey) -> str:
    return keys.public_text(key)


def package(tmp_path: Path, signer: Ed25519PrivateKey, version: str = "0.2.0") -> Path:
    out = tmp_path / f"hukou-desk-{version}.hkdupdate"
    update.build(
        release_folder(tmp_path, version),
        out=out,
        version=version,
        schema_head="0007",
        signing_key=signer,
    )
    return out


def test_a_signed_package_unpacks_to_the_same_files_with_their_modes(tmp_path, signer):
    made = package(tmp_path, signer)
    release = update.read(made, centre_key=public(signer))
    assert release.version == "0.2.0" and release.platform == update.this_platform()
    assert set(release.files) == {"hukou-desk", "_internal/data/plan.toml", "_internal/libqt.so"}
    seen: list[int] = []
    update.unpack(made, release, tmp_path / "out", progress=lambda done, _all: seen.append(done))
    source = tmp_path / "bundle-0.2.0"
    for name in release.files:
        assert (tmp_path / "out" / name).read_bytes() == (source / name).read_bytes()
    assert (tmp_path / "out" / "hukou-desk").stat().st_mode & 0o111
    assert not (tmp_path / "out" / "_internal" / "libqt.so").stat().st_mode & 0o111
    assert json.loads((tmp_path / "out" / "release.json").read_text())["schema_head"] == "0007"
    assert seen[-1] == release.size


def test_a_package_signed_by_another_key_or_unsigned_is_refused(tmp_path, signer):
    made = package(tmp_path, signer)
    with pytest.raises(BundleRefused, match="not signed by the centre"):
        update.read(made, centre_key=public(Ed25519PrivateKey.generate()))
    unsigned = tmp_path / "unsigned.hkdupdate"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(unsigned, "w") as target:
        for item in source.infolist():
            if item.filename != update.SIGNATURE:
                target.writestr(item, source.read(item))
    with pytest.raises(BundleRefused, match="not signed"):
        update.read(unsigned, centre_key=public(signer))
    plain = tmp_path / "a.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("hukou-desk", "#!/bin/sh\n")
    with pytest.raises(BundleRefused, match="not an update package"):
        update.read(plain, centre_key=public(signer))


def rewrite(made: Path, out: Path, change) -> Path:
    """A copy of the package with its members changed by `change(name, data) -> data | None`."""
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = change(item.filename, source.read(item))
            if data is not None:
                target.writestr(item.filename, data)
    return out


def test_a_file_changed_after_signing_is_refused_and_nothing_is_left(tmp_path, signer):
    made = package(tmp_path, signer)
    altered = rewrite(
        made,
        tmp_path / "altered.hkdupdate",
        lambda name, data: data.replace(b"\x10", b"\x11") if name.endswith("libqt.so") else data,
    )
    release = update.read(altered, centre_key=public(signer))  # the list itself is genuine
    with pytest.raises(BundleRefused, match=r"libqt\.so .*differs from the signed list"):
        update.unpack(altered, release, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_file_the_signed_list_does_not_name_is_refused(tmp_path, signer):
    made = package(tmp_path, signer)
    extra = rewrite(made, tmp_path / "extra.hkdupdate", lambda _n, data: data)
    with zipfile.ZipFile(extra, "a") as archive:
        archive.writestr("files/_internal/evil.dll", b"MZ")
    with pytest.raises(BundleRefused, match="differ from its signed list"):
        update.read(extra, centre_key=public(signer))
    missing = rewrite(
        made,
        tmp_path / "missing.hkdupdate",
        lambda name, data: None if name.endswith("plan.toml") else data,
    )
    with pytest.raises(BundleRefused, match="differ from its signed list"):
        update.read(missing, centre_key=public(signer))


@pytest.mark.parametrize(
    "name", ["../outside", "/etc/passwd", "a/../../b", "C:evil", "a\\b", "ok/", "con\x00"]
)
def test_a_name_that_would_escape_the_folder_is_refused_even_when_signed(tmp_path, signer, name):
    made = package(tmp_path, signer)

    def forged(member: str, data: bytes) -> bytes | None:
        if member == update.MANIFEST:
            manifest = json.loads(data)
            manifest["files"][name] = manifest["files"].pop("_internal/libqt.so")
            return json.dumps(manifest).encode()
        if member == update.SIGNATURE:
            return None
        return data

    out = rewrite(made, tmp_path / "forged.hkdupdate", forged)
    with zipfile.ZipFile(out, "a") as archive:
        manifest = archive.read(update.MANIFEST)
        archive.writestr(update.SIGNATURE, signer.sign(update.CONTEXT + manifest))
    with pytest.raises(BundleRefused, match="names a file that cannot be unpacked"):
        update.read(out, centre_key=public(signer))


def test_a_package_cut_short_is_damaged_not_a_traceback(tmp_path, signer):
    made = package(tmp_path, signer)
    cut = tmp_path / "cut.hkdupdate"
    cut.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    with pytest.raises(BundleRefused, match="damaged"):
        update.read(cut, centre_key=public(signer))


def test_the_signature_is_for_updates_only(tmp_path, signer):
    # The same key signs reference data and acknowledgements: their signatures over the same
    # bytes would not pass here (a context string is signed with the manifest).
    made = package(tmp_path, signer)

    def resigned(member: str, data: bytes) -> bytes | None:
        if member == update.SIGNATURE:
            with zipfile.ZipFile(made) as archive:
                return signer.sign(archive.read(update.MANIFEST))
        return data

    out = rewrite(made, tmp_path / "other.hkdupdate", resigned)
    with pytest.raises(BundleRefused, match="not signed by the centre"):
        update.read(out, centre_key=public(signer))


def test_not_enough_disk_space_is_said_before_anything_is_written(tmp_path, signer, monkeypatch):
    made = package(tmp_path, signer)
    release = update.read(made, centre_key=public(signer))
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(update.shutil, "disk_usage", lambda _p: usage(10**9, 10**9, 10**6))
    with pytest.raises(BundleRefused, match="Not enough disk space: the update needs 64 MB, 0 MB"):
        update.unpack(made, release, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_releases_are_ordered_by_number_not_by_text():
    assert update.version_key("0.10.0") > update.version_key("0.9.2")
    assert update.version_key("1.0") < update.version_key("1.0.1")
