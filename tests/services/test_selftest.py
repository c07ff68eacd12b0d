"""`--self-test`'s checks in-process (services/selftest.py): each passes on this install, each
failure is one line naming what failed, a check that depends on a failed one is not run, and
the station's key file is judged as IT staff would. tests/test_selftest_process.py runs the command
itself, as a process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hukou_desk.paths import forms_dir
from hukou_desk.services import selftest
from hukou_desk.storage.seals import STATION_KEY_FILE


def test_every_check_passes_on_this_install_and_says_what_it_checked(tmp_path):
    checks = selftest.run(None)
    assert [c.name for c in checks] == ["forms", "engine", "case file", "slip", "station key"]
    assert all(c.passed for c in checks), checks
    said = {c.name: c.detail for c in checks}
    assert "pathways" in said["forms"] and selftest.forms_version(forms_dir()) in said["forms"]
    assert said["case file"].startswith("encrypted, migrated to ")
    assert "fonts embedded, QR verified" in said["slip"]
    assert said["station key"] == "no data folder given"


def test_the_forms_are_named_by_their_contents(tmp_path):
    copy = tmp_path / "forms"
    shutil.copytree(forms_dir(), copy)
    assert selftest.forms_version(copy) == selftest.forms_version(forms_dir())
    first = sorted(copy.rglob("*.toml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert selftest.forms_version(copy) != selftest.forms_version(forms_dir())
    line = selftest.version_line()
    assert line.startswith("hukou-desk ") and "SQLCipher 4." in line


def test_broken_forms_fail_their_check_and_the_checks_after_them_are_not_run(tmp_path, monkeypatch):
    broken = tmp_path / "forms"
    shutil.copytree(forms_dir(), broken)
    (broken / "plan.toml").write_text("this is [ not toml", encoding="utf-8")
    monkeypatch.setenv("HUKOU_DESK_FORMS", str(broken))  # as an installation points at its forms
    checks = {c.name: c for c in selftest.run(None)}
    assert not checks["forms"].passed and checks["forms"].detail.split(":")[0].endswith("Error")
    assert checks["engine"] == selftest.Check("engine", False, "not run: an earlier check failed")
    assert checks["slip"].detail == "not run: an earlier check failed"
    assert checks["case file"].passed  # independent of the forms: run all the same


def _key_file(folder: Path, *, mode: int, encrypted: bool = False) -> Path:
    key = Ed25519PrivateKey.generate()
    cipher = (
        serialization.BestAvailableEncryption(b"pass")
        if encrypted
        else serialization.NoEncryption()
    )
    path = folder / "keys" / STATION_KEY_FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, cipher)
    )
    path.chmod(mode)
    return path


@pytest.mark.slow
def test_the_station_key_is_judged_owner_only_and_a_private_key(tmp_path):
    def station_key(folder: Path) -> selftest.Check:
        return next(c for c in selftest.run(folder) if c.name == "station key")

    assert station_key(tmp_path / "none").detail == "this PC's station is not set up yet"
    good = tmp_path / "good"
    _key_file(good, mode=0o600, encrypted=True)
    assert station_key(good) == selftest.Check(
        "station key", True, "readable, owner-only, encrypted"
    )
    shared = tmp_path / "shared"
    _key_file(shared, mode=0o644)
    found = station_key(shared)
    assert not found.passed and "readable by others (644)" in found.detail
    wrong = tmp_path / "wrong"
    _key_file(wrong, mode=0o600).write_bytes(b"not a key")
    found = station_key(wrong)
    assert not found.passed and "is not a private key file" in found.detail
