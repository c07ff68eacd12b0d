"""Where the app finds its shipped data (forms/, resources/) and keeps the user's files."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Literal


def user_data_path(appname: str, *, appauthor: Literal[False]) -> Path:
    # platformdirs loaded when the data folder is first asked for, not for the sign-in window.
    from platformdirs import user_data_path as found

    return found(appname, appauthor=appauthor)


_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    # Installed from a wheel, the folders sit inside the package; in a checkout (or an
    # editable install) they sit at the top of the repository.
    inside = _PACKAGE / "_data" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


# Written by the station installer beside the executable: `data_dir = C:\ProgramData\...`, the
# PC's one case file shared by every Windows account on it (packaging/windows/).
INSTALL_FILE = "hukou-desk-install.toml"


def install_file() -> Path:
    """Beside the executable; for a release kept side by side with others
    (`<root>/versions/<version>/`, services/updates.py), at the installation's root."""
    folder = Path(sys.executable).resolve().parent
    if folder.parent.name == "versions" and not (folder / INSTALL_FILE).exists():
        return folder.parent.parent / INSTALL_FILE
    return folder / INSTALL_FILE


def _installed_home() -> Path | None:
    """The machine-wide data folder the installer chose, if this is an installed bundle."""
    try:
        content = tomllib.loads(install_file().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    value = content.get("data_dir")
    return Path(value) if isinstance(value, str) and value.strip() else None


def _home() -> Path:
    override = os.environ.get("HUKOU_DESK_HOME")
    if override:
        return Path(override)
    return _installed_home() or user_data_path("hukou-desk", appauthor=False)


def forms_dir() -> Path:
    """The pathway forms: HUKOU_DESK_FORMS if set; else those the centre's reference data
    installed in the data folder; else the ones shipped with the app."""
    override = os.environ.get("HUKOU_DESK_FORMS")
    if override:
        return Path(override)
    installed = _home() / "forms"
    return installed if (installed / "plan.toml").is_file() else _shipped("forms")


def resources_dir() -> Path:
    return _shipped("resources")


def data_dir() -> Path:
    """The data folder (case file, backups, logs): HUKOU_DESK_HOME if set; else the
    machine-wide folder an installed bundle's install file names; else the user's own."""
    path = _home()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def database_path() -> Path:
    """The station's case file (SQLite), in the data folder."""
    return data_dir() / "hukou-desk.db"


def training_path() -> Path:
    """The training file (demo data for practice), beside the case file, never mixed with it."""
    return data_dir() / "hukou-desk-training.db"
