"""A fatal error leaves its stacks in the data folder, and the next start says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hukou_desk import crashlog

CRASH = (
    "import sys; from pathlib import Path; from hukou_desk import crashlog\n"
    "crashlog.enable(Path(sys.argv[1]))\n"
    "import faulthandler; faulthandler._sigsegv()\n"
)


def test_a_segfault_writes_every_threads_stack_and_is_found_at_the_next_start(tmp_path):
    ended = subprocess.run([sys.executable, "-c", CRASH, str(tmp_path)], check=False)
    assert ended.returncode != 0
    log = (tmp_path / crashlog.CRASH_LOG).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in log
    assert "most recent call first" in log
    assert crashlog.previous_run_crashed(tmp_path / crashlog.CRASH_LOG)
    assert oct((tmp_path / crashlog.CRASH_LOG).stat().st_mode & 0o777) == "0o600"


def test_a_clean_run_is_not_taken_for_a_crash(tmp_path):
    path = tmp_path / crashlog.CRASH_LOG
    assert not crashlog.previous_run_crashed(path)  # no file yet
    clean = "import sys; from pathlib import Path; from hukou_desk import crashlog\n"
    clean += "crashlog.enable(Path(sys.argv[1]))\n"
    subprocess.run([sys.executable, "-c", clean, str(tmp_path)], check=True)
    assert path.read_text(encoding="utf-8").startswith(crashlog.START_MARK)
    assert not crashlog.previous_run_crashed(path)


def test_a_long_crash_log_is_cut_to_its_last_part(tmp_path):
    path = tmp_path / crashlog.CRASH_LOG
    path.write_text("x" * (5 * crashlog.KEEP_BYTES) + "\n", encoding="utf-8")
    script = "import sys; from pathlib import Path; from hukou_desk import crashlog\n"
    script += "print(crashlog.enable(Path(sys.argv[1])))\n"
    said = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], check=True, capture_output=True, text=True
    )
    assert said.stdout.strip() == "True"  # text and no start mark: something died there
    assert path.stat().st_size < 2 * crashlog.KEEP_BYTES


@pytest.mark.slow
def test_the_real_desk_killed_by_a_segfault_says_so_at_its_next_start(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HUKOU_DESK_HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    log = tmp_path / "hukou-desk.log"

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "hukou_desk"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_for(condition, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "the desk never got there"
            time.sleep(0.1)

    desk = start()
    crash = tmp_path / crashlog.CRASH_LOG
    try:
        wait_for(lambda: crash.exists() and crash.stat().st_size > 0)
        # The sign-in window is up once the log exists (the policy loaded behind it).
        wait_for(lambda: log.exists())
        desk.send_signal(signal.SIGSEGV)
        assert desk.wait(timeout=30) != 0
    finally:
        desk.kill()
    assert "Fatal Python error: Segmentation fault" in crash.read_text(encoding="utf-8")
    again = start()
    try:
        wait_for(lambda: "previous run ended in a fatal error" in _text(log))
    finally:
        again.terminate()
        again.wait(timeout=30)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
