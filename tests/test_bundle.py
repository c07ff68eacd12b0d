"""The frozen station bundle, built as `make package` builds it, run as a station PC runs it: a
bare environment (`env -i`), no display, and — traced — reading nothing of the source tree or
the virtual environment it was built from."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hukou_desk import __version__

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None,
        reason="PyInstaller is a dev dependency",
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pyinstaller"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "packaging" / "hukou-desk.spec"),
        ],
        check=True,
        cwd=work,
        capture_output=True,
    )
    # Moved where the station keeps it: nothing may point back to the build.
    station = work / "Program Files" / "hukou-desk"
    shutil.move(work / "dist" / "hukou-desk", station)
    return station


def _bare(home: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "HUKOU_DESK_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def test_the_bundle_passes_its_self_test_in_a_bare_environment(bundle, tmp_path):
    done = subprocess.run(
        [str(bundle / "hukou-desk"), "--self-test"],
        env=_bare(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "all checks passed"
    assert "slip: receipt rendered" in done.stdout and "encrypted, migrated" in done.stdout


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is installed by .ci/run")
def test_the_bundle_reads_nothing_of_the_build_tree_or_the_venv(bundle, tmp_path):
    trace = tmp_path / "trace.txt"
    subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,stat,newfstatat,execve", "-o",
         str(trace), str(bundle / "hukou-desk"), "--self-test"],
        env=_bare(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
        check=True,
    )  # fmt: skip
    paths = set(re.findall(r'"(/[^"]*)"', trace.read_text(errors="replace")))
    forbidden = [str(ROOT), sys.prefix, os.path.realpath(sys.prefix)]
    touched = sorted(p for p in paths if any(p.startswith(f) for f in forbidden))
    assert not touched, touched[:10]
    assert any(p.startswith(str(bundle)) for p in paths)  # the trace did see the bundle


def test_the_bundle_installs_as_a_signed_update_and_runs_from_its_installation(bundle, tmp_path):
    """The centre signs the built bundle; a station's administrator installs it with the
    command line (its own self-test run before the switch); the Start-menu link runs it."""
    from tests.clirun import hd, staffed_demo_file

    centre = tmp_path / "centre"
    said = hd("centre-init", "--dir", str(centre)).stdout
    signing = re.search(r"signing key \(Ed25519.*\): (\S+)", said)
    assert signing is not None
    package = tmp_path / "stick" / "hukou-desk-0.1.0.hkdupdate"
    package.parent.mkdir()
    hd("make-update", "--bundle", str(bundle), "--keys", str(centre), "--version", "0.1.0",
       "--out", str(package))  # fmt: skip
    case_file = staffed_demo_file(tmp_path / "data" / "hukou-desk.db", cases=5, real=True)
    hd("trust-centre", "--db", str(case_file), "--", signing.group(1), user="admin")
    root = tmp_path / "opt" / "hukou-desk"
    done = hd("update", str(package), "--root", str(root), "--db", str(case_file), user="admin")
    assert "Release 0.1.0 installed" in done.stdout
    run = subprocess.run(
        [str(root / "current" / "hukou-desk"), "--version"],
        env=_bare(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert run.stdout.startswith("hukou-desk 0.1.0 (forms ")
    # The same package again: not newer, nothing changed.
    again = hd("update", str(package), "--root", str(root), "--db", str(case_file), user="admin",
               check=False)  # fmt: skip
    assert again.returncode == 2 and "is not newer than 0.1.0" in again.stderr


@pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
    reason="Xvfb and xdotool are installed by .ci/run",
)
def test_the_bundle_opens_its_sign_in_window_on_a_real_x_server(bundle, tmp_path):
    """Only the Qt plug-ins the desk uses are shipped: the desktop's (xcb) must be among them,
    with every library it needs, in a bare environment."""
    from tests.ui.test_xcb import _window, _xvfb

    server, display = _xvfb()
    env = dict(_bare(tmp_path), DISPLAY=display, QT_QPA_PLATFORM="xcb")
    desk = subprocess.Popen(
        [str(bundle / "hukou-desk")], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        _window("登录", env, timeout=60)
        assert desk.poll() is None
    finally:
        desk.terminate()
        output = desk.communicate(timeout=30)[0].decode(errors="replace")
        server.terminate()
        server.wait(timeout=30)
    assert "Could not load the Qt platform plugin" not in output, output
    plugins = bundle / "_internal" / "PySide6" / "Qt" / "plugins"
    shipped = {p.parent.name for p in plugins.rglob("*.so")}
    assert shipped == {"platforms", "platforminputcontexts", "printsupport", "imageformats"}


def test_the_bundle_carries_its_licences_and_no_library_it_may_not(bundle):
    notices = (bundle / "licenses" / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    # Every Python distribution collected is named with its licence.
    for info in (bundle / "_internal").glob("*.dist-info"):
        name = info.name.split("-")[0].replace("_", "-").lower()
        assert name in notices.lower().replace("_", "-"), name
    assert "PySide6_Essentials 6.11" in notices and "GNU Lesser General Public License" in notices
    lgpl = (bundle / "licenses" / "pyside6-essentials" / "LGPL-3.0.txt").read_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3" in lgpl
    assert (bundle / "licenses" / "python" / "LICENSE.txt").is_file()
    # GNU readline (GPL-3.0) and reportlab's GPL sample font are not shipped.
    shipped = {path.name for path in bundle.rglob("*")}
    assert not {n for n in shipped if n.startswith(("libreadline", "readline.", "DarkGarden"))}
    release = json.loads((bundle / "release.json").read_text())
    assert release["version"] == __version__ and release["executable"] == "hukou-desk"
