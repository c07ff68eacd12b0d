"""Window titles are drawn by the desktop with its own fonts: on a Linux PC with none for
Chinese, the desk shares its shipped font through the user's fonts folder, where fontconfig —
and so the window manager — finds it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from hukou_desk.paths import resources_dir
from hukou_desk.ui import i18n

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig")


def fontconfig_sees(tmp_path, share) -> set[str]:
    """The families fontconfig offers for 户籍 with `share` as the user's data folder."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f'<fontconfig><dir prefix="xdg">fonts</dir><cachedir>{tmp_path / "fc-cache"}</cachedir>'
        "</fontconfig>"
    )
    assert shutil.which("fc-list"), "fontconfig's tools are installed by .ci/run"
    done = subprocess.run(
        ["fc-list", ":charset=6237 7c4d", "family"],
        env={"FONTCONFIG_FILE": str(conf), "XDG_DATA_HOME": str(share), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.splitlines())


def test_with_no_chinese_font_on_the_desktop_the_shipped_one_is_shared(tmp_path, monkeypatch):
    share = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    monkeypatch.setattr(i18n, "_system_cjk", [False])
    assert "Droid Sans Fallback" not in fontconfig_sees(tmp_path, share)

    shared = i18n.share_font_with_desktop()

    assert shared == share / "fonts" / "hukou-desk" / "DroidSansFallbackFull.ttf"
    assert shared.read_bytes() == (resources_dir() / i18n.FONT_FILE).read_bytes()
    assert (shared.parent / "DroidSansFallbackFull.LICENSE.txt").is_file()
    assert "Droid Sans Fallback" in fontconfig_sees(
        tmp_path, share
    )  # what the window manager will find
    copied_at = shared.stat().st_mtime_ns
    assert i18n.share_font_with_desktop() == shared and shared.stat().st_mtime_ns == copied_at


def test_a_desktop_with_its_own_chinese_font_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setattr(i18n, "_system_cjk", [True])
    assert i18n.share_font_with_desktop() is None
    assert not (tmp_path / "share").exists()


def test_a_home_it_cannot_write_costs_nothing_but_the_titles(tmp_path, monkeypatch):
    blocked = tmp_path / "share"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    monkeypatch.setattr(i18n, "_system_cjk", [False])
    assert i18n.share_font_with_desktop() is None


def test_the_question_is_asked_before_the_shipped_font_joins_qt(qtbot):
    from hukou_desk.ui.application import create_app

    create_app()
    # The application (made by the tests' first window) registered the shipped font, but the
    # answer was taken before: on a PC without a Chinese font it must be False.
    from PySide6.QtGui import QFontDatabase

    assert i18n._system_cjk, "asked when the font was registered"
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert "Droid Sans Fallback" in chinese
    system_only = [family for family in chinese if family != "Droid Sans Fallback"]
    assert i18n.system_has_cjk_font() == bool(system_only)
