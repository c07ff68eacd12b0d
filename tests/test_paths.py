"""Where an installed station keeps its data: the folder the installer names, shared by every
account on the PC; a developer's checkout keeps the user's own."""

from __future__ import annotations

import sys

from hukou_desk import paths


def test_an_installed_bundle_uses_the_machine_wide_folder_its_installer_named(
    tmp_path, monkeypatch
):
    program = tmp_path / "Program Files" / "hukou-desk"
    program.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(program / "hukou-desk.exe"))
    monkeypatch.delenv("HUKOU_DESK_HOME", raising=False)
    shared = tmp_path / "ProgramData" / "hukou-desk"
    (program / paths.INSTALL_FILE).write_text(f'data_dir = "{shared.as_posix()}"\n')
    assert paths.data_dir() == shared and shared.is_dir()
    assert paths.database_path() == shared / "hukou-desk.db"
    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "override"))  # still overridable
    assert paths.data_dir() == tmp_path / "override"


def test_a_damaged_install_file_falls_back_to_the_users_folder(tmp_path, monkeypatch):
    program = tmp_path / "bin"
    program.mkdir()
    monkeypatch.setattr(sys, "executable", str(program / "hukou-desk"))
    monkeypatch.delenv("HUKOU_DESK_HOME", raising=False)
    monkeypatch.setattr(paths, "user_data_path", lambda *_a, **_k: tmp_path / "user")
    (program / paths.INSTALL_FILE).write_text("data_dir = [unterminated")
    assert paths.data_dir() == tmp_path / "user"


def test_a_release_kept_side_by_side_reads_the_installations_file(tmp_path, monkeypatch):
    # <root>/versions/0.2.0/hukou-desk, started through <root>/current (services/updates.py)
    root = tmp_path / "opt" / "hukou-desk"
    release = root / "versions" / "0.2.0"
    release.mkdir(parents=True)
    (root / "current").symlink_to("versions/0.2.0", target_is_directory=True)
    monkeypatch.setattr(sys, "executable", str(root / "current" / "hukou-desk"))
    monkeypatch.delenv("HUKOU_DESK_HOME", raising=False)
    shared = tmp_path / "srv" / "hukou-desk"
    (root / paths.INSTALL_FILE).write_text(f'data_dir = "{shared.as_posix()}"\n')
    assert paths.data_dir() == shared
