"""The link naming the release in use: one atomic step on Linux; on Windows, junction steps
that a power cut between any two of them cannot leave without a whole release named."""

from __future__ import annotations

from pathlib import Path

import pytest

from hukou_desk.services import release_link


class StandIn:
    """Windows' junction calls, played with symlinks, recording each step; `fail_at` stops
    the switch after that many steps, as a power cut would."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.steps: list[str] = []
        self.fail_at = fail_at

    def _step(self, name: str) -> None:
        if self.fail_at is not None and len(self.steps) >= self.fail_at:
            raise SystemExit("power cut")
        self.steps.append(name)

    def make(self, target: Path, at: Path) -> None:
        assert target.is_absolute()  # a junction holds an absolute path
        self._step(f"make {at.name}")
        at.symlink_to(target, target_is_directory=True)

    def is_link(self, path: Path) -> bool:
        return path.is_symlink()

    def remove(self, path: Path) -> None:
        self._step(f"remove {path.name}")
        path.unlink()


def releases(tmp_path: Path) -> Path:
    for version in ("0.1.0", "0.2.0"):
        (tmp_path / "versions" / version).mkdir(parents=True)
        (tmp_path / "versions" / version / "release.json").write_text(version)
    return tmp_path / "current"


def named(link: Path) -> str:
    return (link / "release.json").read_text()


def test_on_linux_a_symlink_replaced_in_one_step(tmp_path):
    link = releases(tmp_path)
    release_link.point(link, Path("versions/0.1.0"), None)
    release_link.point(link, Path("versions/0.2.0"), None)
    assert link.is_symlink() and named(link) == "0.2.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "versions"]


def test_on_windows_the_junction_steps_in_their_order(tmp_path):
    link = releases(tmp_path)
    junctions = StandIn()
    release_link.point(link, Path("versions/0.1.0"), junctions)
    release_link.point(link, Path("versions/0.2.0"), junctions)
    assert named(link) == "0.2.0"
    assert junctions.steps == ["make current.new", "make current.new", "remove current.old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "versions"]


def test_a_cut_after_the_new_junction_was_made_keeps_the_old_release(tmp_path):
    link = releases(tmp_path)
    release_link.point(link, Path("versions/0.1.0"), StandIn())
    # Made beside, nothing renamed yet.
    (tmp_path / "current.new").symlink_to(tmp_path / "versions/0.2.0", target_is_directory=True)
    release_link.repair(link, StandIn())
    assert named(link) == "0.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "versions"]


def test_a_cut_after_the_renames_leaves_the_new_release_and_the_old_link_goes(tmp_path):
    link = releases(tmp_path)
    release_link.point(link, Path("versions/0.1.0"), StandIn())
    with pytest.raises(SystemExit):  # the power goes before the old junction is removed
        release_link.point(link, Path("versions/0.2.0"), StandIn(fail_at=1))
    assert named(link) == "0.2.0" and (tmp_path / "current.old").is_symlink()
    release_link.repair(link, StandIn())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "versions"]


def test_repair_puts_the_old_junction_back_when_the_cut_fell_between_the_renames(tmp_path):
    link = releases(tmp_path)
    release_link.point(link, Path("versions/0.1.0"), StandIn())
    # Renamed aside, the new one not yet in place: no `current` at all.
    link.rename(link.with_name("current.old"))
    (tmp_path / "current.new").symlink_to(tmp_path / "versions/0.2.0", target_is_directory=True)
    assert not link.exists()
    release_link.repair(link, StandIn())
    assert named(link) == "0.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "versions"]


def test_a_junction_is_told_by_its_reparse_tag_not_by_python_312s_is_junction(tmp_path):
    # On Linux no file has a reparse tag: nothing is taken for a junction.
    assert not release_link.WindowsJunctions().is_link(tmp_path)
    assert not release_link.WindowsJunctions().is_link(tmp_path / "absent")
