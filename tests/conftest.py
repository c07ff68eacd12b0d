"""Shared fixtures. The GUI tests run offscreen, with settings and data in temporary folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before any QApplication exists: keep QSettings and the data folder out of the user's home.
_SANDBOX = Path(tempfile.mkdtemp(prefix="hukou-desk-tests-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["HUKOU_DESK_HOME"] = str(_SANDBOX / "data")

from hukou_desk.domain.loader import load_policy  # noqa: E402
from hukou_desk.domain.policy import Policy  # noqa: E402
from hukou_desk.paths import forms_dir  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(forms_dir())
