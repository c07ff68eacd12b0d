"""The capture dialog on the xcb platform, under Xvfb: the tests of test_capture.py run
again in a process of their own on a real X server, with Qt Multimedia loaded from the
system's media libraries (`.ci/run` installs libpulse0 for it). Qt's wheels bring no test
camera and a v4l2 loopback needs a kernel module: where neither a document camera nor a
loopback device is there, the PC's camera is found missing and said so, and the simulated
camera takes the pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.test_xcb import _xvfb

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by .ci/run"),
]

ROOT = Path(__file__).resolve().parents[2]


def test_the_capture_dialog_on_xcb():
    server, display = _xvfb()
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/ui/test_capture.py",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 passed" in done.stdout, done.stdout[-2000:]
