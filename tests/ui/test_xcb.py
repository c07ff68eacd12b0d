"""The real desk on the xcb platform, under Xvfb, signed in with real X key events.

Offscreen Qt hid two missing system libraries once; this test starts `python -m hukou_desk`
as a clerk's desktop does (platform xcb, a real X server), types the user name and password
into the sign-in window with xdotool, and waits for the main window. `.ci/run` installs Xvfb,
xdotool and the xcb libraries Qt needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from hukou_desk.services import vault
from hukou_desk.services.counter import open_case_file
from tests.stations import set_up_station

PASSWORD = "Baisha-Counter-2026"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
        reason="Xvfb and xdotool are installed by .ci/run",
    ),
]


def _xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        display = ":" + numbers.readline().strip()
    return server, display


def _window(name: str, env: dict[str, str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", name],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.2)
    raise AssertionError(f"no window named {name!r} within {timeout} s")


def test_the_desk_starts_on_xcb_and_a_clerk_signs_in_with_the_keyboard(tmp_path):
    home = tmp_path / "home"
    database = open_case_file(home / "hukou-desk.db")
    set_up_station(database, password=PASSWORD)
    database.close()
    server, display = _xvfb()
    env = dict(
        os.environ,
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        HUKOU_DESK_HOME=str(home),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    desk = subprocess.Popen(
        [sys.executable, "-m", "hukou_desk"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        login = _window("登录", env)
        subprocess.run(["xdotool", "windowfocus", "--sync", login], env=env, check=True)
        for command in (
            ["type", "--delay", "20", "admin"],
            ["key", "Tab"],
            ["type", "--delay", "20", PASSWORD],
            ["key", "Return"],
        ):
            subprocess.run(["xdotool", *command], env=env, check=True)
        # A station from before encryption: the administrator's sign-in offers it (Return:
        # yes), then shows the recovery secret once (Return: kept).
        for title in ("加密案件数据库", "案件数据库恢复密钥"):
            asked = _window(title, env)
            subprocess.run(["xdotool", "windowfocus", "--sync", asked], env=env, check=True)
            subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        _window("户籍窗口系统", env)  # the main window, in Chinese
        log = (home / "hukou-desk.log").read_text(encoding="utf-8")
        assert "started" in log and "unexpected" not in log
        assert desk.poll() is None  # still running
        assert vault.is_encrypted(home / "hukou-desk.db")
    finally:
        desk.terminate()
        output = desk.communicate(timeout=30)[0].decode(errors="replace")
        server.terminate()
        server.wait(timeout=30)
    assert "Could not load the Qt platform plugin" not in output, output
