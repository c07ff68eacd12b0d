"""The link that names the release in use (`<root>/current`): a symlink on Linux, a junction
on Windows — the one Windows-specific part of installing and rolling back, kept here.

Linux: a new symlink made beside and renamed over the old one, one atomic step.

Windows: a junction needs no privilege (a symlink needs the administrator's or developer
mode), but no rename replaces an existing directory entry there. So the new junction is made
beside (`current.new`), the old one renamed aside (`current.old`), the new one renamed into
place, the old one removed. A power cut between the two renames leaves `current.old` and no
`current`: `repair()`, run before the link is read or switched, puts the old one back, so the
shortcut always starts a whole release. What a junction is, Python 3.11 (the bundle's) does not
say (`Path.is_junction` is 3.12's): its reparse tag does.

The Windows steps are written against `Junctions`, so their order and their repair are tested
here with a stand-in that makes symlinks; only `WindowsJunctions`' three system calls are not
(packaging/README.md lists what is untested on Windows).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Protocol

NEW = ".new"
OLD = ".old"


class Junctions(Protocol):
    def make(self, target: Path, at: Path) -> None: ...

    def is_link(self, path: Path) -> bool: ...

    def remove(self, path: Path) -> None: ...


class WindowsJunctions:
    """Directory junctions through the system (on Windows only)."""

    def make(self, target: Path, at: Path) -> None:
        import _winapi

        _winapi.CreateJunction(str(target), str(at))  # type: ignore[attr-defined]

    def is_link(self, path: Path) -> bool:
        try:
            tag = os.lstat(path).st_reparse_tag  # type: ignore[attr-defined]
        except (OSError, AttributeError):
            return False
        return bool(tag == stat.IO_REPARSE_TAG_MOUNT_POINT)  # type: ignore[attr-defined]

    def remove(self, path: Path) -> None:
        path.rmdir()  # a junction goes with rmdir; its target stays


def _is_link(path: Path, junctions: Junctions | None) -> bool:
    return path.is_symlink() or (junctions is not None and junctions.is_link(path))


def _remove(path: Path, junctions: Junctions | None) -> None:
    if junctions is not None and junctions.is_link(path):
        junctions.remove(path)
    elif path.is_symlink():
        path.unlink()


def default_junctions() -> Junctions | None:
    """This PC's way: junctions on Windows, None (symlinks) elsewhere."""
    return WindowsJunctions() if sys.platform == "win32" else None


def repair(link: Path, junctions: Junctions | None) -> None:
    """Undo a switch a power cut stopped halfway: the old link back if none is in place."""
    old = link.with_name(link.name + OLD)
    if _is_link(link, junctions):
        _remove(old, junctions)
    elif _is_link(old, junctions):
        old.rename(link)
    _remove(link.with_name(link.name + NEW), junctions)


def point(link: Path, target: Path, junctions: Junctions | None) -> None:
    """Make `link` name `target` (relative to the link's folder, as `versions/0.2.0`)."""
    repair(link, junctions)
    fresh = link.with_name(link.name + NEW)
    if junctions is None:
        fresh.symlink_to(target, target_is_directory=True)
        fresh.replace(link)  # atomic
        return
    junctions.make(link.parent / target, fresh)  # a junction holds an absolute path
    old = link.with_name(link.name + OLD)
    if _is_link(link, junctions):
        link.rename(old)
    fresh.rename(link)
    _remove(old, junctions)
