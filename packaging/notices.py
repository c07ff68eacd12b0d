"""The station bundle's licences: what it ships, under which terms, with each licence's text.

Run by `hukou-desk.spec` after the bundle is collected, so it describes exactly what was
collected: the Python distributions hukou-desk needs at run time (its requirements, followed
through theirs; not the developers' tools), Python itself, Qt through PySide6 (LGPL-3.0, whose
text and the GPL-3.0 it builds on are shipped from `packaging/licenses/`, as the LGPL asks), and
the system libraries the build machine's Debian provided, each with its package's copyright
file. Everything goes to `licenses/` in the bundle, with `THIRD-PARTY-NOTICES.txt` as its index.

No library a bundle may not carry: the spec excludes Python's `readline` module, whose
GNU readline is GPL-3.0 (a proprietary-licensed police system bundling it would have to be
GPL as a whole); `FORBIDDEN` names what a build must never carry, checked here at build time.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from packaging.requirements import Requirement

HERE = Path(__file__).resolve().parent
# GNU readline and its kin: GPL, and only ever reached by an interactive Python prompt.
FORBIDDEN = re.compile(r"^lib(readline|history)\.so")
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = "hukou-desk") -> list[metadata.Distribution]:
    """`root` and every distribution its run-time requirements reach (no extras)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        if _key(name) in seen:
            continue
        try:
            found = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement of another platform's (its marker said so below)
        seen[_key(name)] = found
        for line in found.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return sorted(
        (d for k, d in seen.items() if k != _key(root)), key=lambda d: _key(d.metadata["Name"])
    )


def licence_of(dist: metadata.Distribution) -> str:
    said = dist.metadata.get("License-Expression") or (dist.metadata.get("License") or "")
    said = said.strip().splitlines()[0] if said.strip() else ""
    if not said or len(said) > 80:
        classifiers = [
            c.split("::")[-1].strip()
            for c in dist.metadata.get_all("Classifier") or []
            if c.startswith("License ::")
        ]
        said = "; ".join(classifiers) or said[:80] or "see the files below"
    return said


def _licence_files(dist: metadata.Distribution) -> list[Path]:
    return [
        Path(str(dist.locate_file(f)))
        for f in dist.files or []
        if _LICENCE_FILE.search(f.name)
        and not f.name.endswith((".py", ".pyc"))
        and "DarkGarden" not in f.name  # a font the spec leaves out
    ]


def _debian_packages(libraries: Iterable[Path]) -> dict[str, list[str]]:
    """The Debian package of each system library collected (dpkg's own record)."""
    owners: dict[str, list[str]] = {}
    if shutil.which("dpkg-query") is None:
        return owners
    for library in libraries:
        done = subprocess.run(
            ["dpkg-query", "-S", str(library.resolve())],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0 and ":" in done.stdout:
            package = done.stdout.split(":", 1)[0].split(",")[0].strip()
            owners.setdefault(package, []).append(library.name)
    return owners


def check_allowed(bundle: Path) -> None:
    """Refuse a bundle that carries a library it may not (see FORBIDDEN)."""
    found = [p.name for p in bundle.rglob("*") if FORBIDDEN.match(p.name)]
    if found:
        raise SystemExit(f"the bundle may not carry {', '.join(sorted(found))} (GPL); see notices")


def write(bundle: Path, *, system_libraries: Iterable[Path] = ()) -> Path:
    """`licenses/` in `bundle`; returns the notices file."""
    check_allowed(bundle)
    folder = bundle / "licenses"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    lines = [
        "hukou-desk — third-party software in this bundle",
        "",
        "Each entry: name, version, licence; its licence texts are in the folder of the same",
        "name beside this file.",
        "",
        "Python distributions",
        "--------------------",
    ]
    for dist in runtime_distributions():
        name, version = dist.metadata["Name"], dist.version
        lines.append(f"{name} {version}: {licence_of(dist)}")
        target = folder / _key(name)
        target.mkdir(exist_ok=True)
        for source in _licence_files(dist):
            if source.is_file():
                shutil.copyfile(source, target / source.name)
        if _key(name).startswith(("pyside6", "shiboken6")):
            for text in ("LGPL-3.0.txt", "GPL-3.0.txt"):
                shutil.copyfile(HERE / "licenses" / text, target / text)
    lines += [
        "",
        "Qt (through PySide6) is used under the GNU Lesser General Public License v3",
        "(licenses/pyside6-essentials/LGPL-3.0.txt, with the GPL-3.0 it supplements). Its",
        "libraries are the unmodified shared libraries of the PySide6 wheels, in _internal/,",
        "and may be replaced by the user with any compatible build of Qt 6.11; the sources are",
        "at https://download.qt.io/official_releases/QtForPython/ and https://code.qt.io.",
        "",
        f"Python {sys.version.split()[0]}: PSF License Version 2 (licenses/python/LICENSE.txt)",
    ]
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    python_licence = Path(sys.base_prefix) / "lib" / version / "LICENSE.txt"
    (folder / "python").mkdir()
    if python_licence.is_file():
        shutil.copyfile(python_licence, folder / "python" / "LICENSE.txt")
    owners = _debian_packages(system_libraries)
    if owners:
        lines += ["", "System libraries (from the build machine's Debian packages)", "-" * 60]
        for package, libraries in sorted(owners.items()):
            lines.append(f"{package}: {', '.join(sorted(libraries))}")
            copyright_file = Path("/usr/share/doc") / package / "copyright"
            if copyright_file.is_file():
                (folder / "debian").mkdir(exist_ok=True)
                shutil.copyfile(copyright_file, folder / "debian" / f"{package}.copyright")
    lines += ["", "Fonts: their licences are beside them in hukou_desk/_data/resources/fonts/."]
    notices = folder / "THIRD-PARTY-NOTICES.txt"
    notices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return notices
