"""A working day at the desk, on a real X server: no abort, no Qt warning, bounded memory.

`tests/ui/soak_day.py` runs in its own pytest process on the xcb platform under Xvfb (one
QApplication per process, and the platform chosen before it starts): 40 intakes by the keyboard
on an encrypted station with 3,000 earlier cases, 200 searches, the supervisor's decisions and
permit previews, a sign-out every five intakes and one after each supervisor's round. Qt
warnings fail it (the project's `qt_log_level_fail`); an abort shows as the process's death.

Memory: the bound is on the growth from the end of the first round (fonts, the policy, the
query caches and the preview's PDF engine warm) to the end of the day: 64 MiB for 35 more
intakes. A leak of one intake's screens (a wizard with its forms, about 2 MiB) per intake would
pass 64 MiB; a desk at that rate would hold a gigabyte more after a 500-applicant week.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.test_xcb import _xvfb

GROWTH_BOUND_MIB = 64

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by .ci/run"),
]


def test_a_working_day_on_xcb_without_abort_warning_or_leak(tmp_path):
    server, display = _xvfb()
    report = tmp_path / "soak.json"
    env = dict(
        os.environ,
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        HUKOU_SOAK_REPORT=str(report),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HUKOU_DESK_HOME=str(tmp_path / "home"),
    )
    root = Path(__file__).resolve().parents[2]
    try:
        day = subprocess.run(
            [
                sys.executable,
                "-X",
                "faulthandler",
                "-m",
                "pytest",
                "tests/ui/soak_day.py",
                "-q",
                "-p",
                "no:cacheprovider",
                "--basetemp",
                str(tmp_path / "day"),
            ],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = day.stdout[-6000:] + day.stderr[-4000:]
    assert day.returncode == 0, output
    assert "Fatal Python error" not in output
    figures = json.loads(report.read_text(encoding="utf-8"))
    print("soak:", json.dumps(figures))
    assert figures["intakes"] >= 40 and figures["searches"] >= 200
    assert figures["rss_end_mib"] - figures["rss_warm_mib"] < GROWTH_BOUND_MIB, figures
