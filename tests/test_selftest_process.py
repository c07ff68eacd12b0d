"""`hukou-desk --version` and `--self-test`, run as IT staff run them: a process, a bare
environment, no display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hukou_desk import __version__
from hukou_desk.paths import forms_dir

pytestmark = pytest.mark.slow


def _run(args: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {  # env -i, and only what a station's shortcut would give
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "HUKOU_DESK_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "hukou_desk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_version_names_the_release_the_forms_and_the_cipher(tmp_path):
    done = _run(["--version"], tmp_path)
    assert done.returncode == 0
    assert (
        done.stdout.startswith(f"hukou-desk {__version__} (forms ") and "SQLCipher 4" in done.stdout
    )


def test_the_self_test_passes_on_a_working_install_and_touches_no_case_file(tmp_path):
    done = _run(["--self-test"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "all checks passed"
    names = {line.split(":")[0].split(maxsplit=1)[1] for line in lines[1:-1]}
    assert names == {
        "forms", "engine", "case file", "slip", "station key",
        "Qt platform plug-in", "printing", "charts", "fonts",
    }  # fmt: skip
    assert not (tmp_path / "data" / "hukou-desk.db").exists()


def test_a_broken_install_fails_with_the_check_that_failed(tmp_path):
    broken = tmp_path / "forms"
    shutil.copytree(forms_dir(), broken)
    (broken / "plan.toml").write_text("this is = not [valid", encoding="utf-8")
    done = _run(["--self-test"], tmp_path, HUKOU_DESK_FORMS=str(broken))
    assert done.returncode == 1
    assert "FAIL  forms" in done.stdout and "FAIL  slip: not run" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("failed: forms")
