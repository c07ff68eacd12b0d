"""Installing a new release of the desk from a stick, and going back to the one before.

An installed station keeps its releases side by side, and a link names the one in use:

    <root>/hukou-desk-install.toml      the PC's data folder (paths.py)
    <root>/versions/0.1.0/…             a frozen bundle, with its release.json (from its build)
    <root>/versions/0.2.0/…
    <root>/current → versions/0.2.0     what the Start-menu shortcut starts (a junction on Windows)
    <root>/installation.json            {"current": "0.2.0", "previous": "0.1.0"}

Installing (an administrator's act, audited): the package's signature checked against the
centre key this station trusts; a release older than the one in use refused; a checked backup
of the case file taken; the release unpacked beside the others and checked file by file; its own
`--self-test` run; only then the link switched. The case file is migrated by the new release at
its first start, after a backup of its own. Nothing but the current and the previous release is
kept, so rolling back is always one step: the current release first takes the case file back to
the previous release's schema with its own migrations (after a backup), then the link switches;
the release left is no longer "previous", so a second rollback is refused, never a step forward.
A bundle copied in by hand (`versions/<v>`, linked as `current`) carries its own release.json,
so the first update over it can be rolled back like any other.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import text
from hukou_desk.files import write_whole
from hukou_desk.services import release_link
from hukou_desk.services.counter import Counter
from hukou_desk.storage import audit, migrations
from hukou_desk.storage.backup import make_backup
from hukou_desk.sync import update
from hukou_desk.sync.update import Release, version_key

ADMINS = frozenset({Role.ADMIN})
WHAT = text("安装或回退系统版本", "install or roll back a release of the desk")
SELF_TEST_SECONDS = 300


@dataclass(frozen=True)
class Installation:
    """A station's releases, side by side under `root`."""

    root: Path

    @classmethod
    def running(cls) -> Installation | None:
        """The installation this frozen desk was started from (None from a checkout)."""
        if not getattr(sys, "frozen", False):
            return None
        folder = Path(sys.executable).resolve().parent
        if folder.parent.name != "versions":
            return None
        return cls(folder.parent.parent)

    @property
    def versions(self) -> Path:
        return self.root / "versions"

    @property
    def link(self) -> Path:
        return self.root / "current"

    @property
    def state_file(self) -> Path:
        return self.root / "installation.json"

    def state(self) -> dict[str, str | None]:
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        current = state.get("current") or self._linked()
        previous = state.get("previous")
        if previous is not None and not (self.versions / previous).is_dir():
            previous = None
        return {"current": current, "previous": previous}

    def _linked(self) -> str | None:
        release_link.repair(self.link, release_link.default_junctions())
        try:
            target = self.link.resolve(strict=True)
        except OSError:
            return None
        return target.name if target.parent == self.versions.resolve() else None

    def release(self, version: str) -> dict[str, str]:
        """What a kept release says of itself (version, schema head, executable): its
        `release.json`, from the update that unpacked it or the bundle copied in by hand."""
        try:
            found = update.bundle_release(self.versions / version)
        except HukouDeskError:
            raise HukouDeskError(
                text(
                    f"版本 {version} 的安装不完整（缺少 release.json）。",
                    f"Release {version} is not complete here (no release.json).",
                )
            ) from None
        return {
            "version": found.version,
            "schema_head": found.schema_head,
            "executable": found.executable,
        }

    def executable(self, version: str) -> Path:
        return self.versions / version / self.release(version)["executable"]

    def switch(self, current: str, previous: str | None) -> None:
        """Point the link at `current` (`release_link`), then record the pair."""
        release_link.point(self.link, Path("versions") / current, release_link.default_junctions())
        write_whole(
            self.state_file,
            json.dumps({"current": current, "previous": previous}).encode("utf-8"),
        )
        self.state_file.chmod(0o644)  # read by every account's desk

    def prune(self) -> list[str]:
        """Every release but the current and the previous removed; returns their versions."""
        state = self.state()
        keep = {state["current"], state["previous"]}
        removed = []
        for folder in sorted(self.versions.iterdir()):
            if folder.name not in keep and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        return removed


@dataclass(frozen=True)
class Installed:
    version: str
    previous: str | None
    backup: Path
    self_test: str


@dataclass(frozen=True)
class RolledBack:
    version: str
    left: str
    backup: Path | None
    schema: str


def _centre_key(counter: Counter) -> str:
    with counter.database.read() as session:
        trusted = keys.trusted_centre(session)
    if trusted is None:
        raise HukouDeskError(
            text(
                "本机尚未登记中心的签名公钥（trust-centre），无法核验更新包。",
                "This PC does not know the centre's signing key yet (trust-centre): "
                "the update package cannot be checked.",
            )
        )
    return trusted


def inspect(counter: Counter, actor: Clerk, package: Path) -> Release:
    """The package's release, its signature checked (nothing installed): for the confirmation."""
    with counter.acting(actor, roles=ADMINS, what=WHAT):
        pass
    return update.read(package, centre_key=_centre_key(counter))


def run_self_test(executable: Path) -> tuple[bool, str]:
    """The new release's own `--self-test`, as a process: (passed, its report)."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        done = subprocess.run(
            [str(executable), "--self-test"],
            capture_output=True,
            text=True,
            timeout=SELF_TEST_SECONDS,
            env=environment,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"{type(exc).__name__}"
    report = done.stdout.strip()
    return done.returncode == 0, report


def install(
    counter: Counter,
    actor: Clerk,
    package: Path,
    *,
    installation: Installation,
    progress: Callable[[int, int], None] | None = None,
    self_test: Callable[[Path], tuple[bool, str]] = run_self_test,
) -> Installed:
    """Install the signed release in `package` beside the one in use, and switch to it."""
    with counter.acting(actor, roles=ADMINS, what=WHAT):
        pass
    release = update.read(package, centre_key=_centre_key(counter))
    if release.platform != update.this_platform():
        raise HukouDeskError(
            text(
                f"此更新包用于 {release.platform}，本机是 {update.this_platform()}；未作任何更改。",
                f"This update package is for {release.platform}, this PC is "
                f"{update.this_platform()}; nothing was changed.",
            )
        )
    state = installation.state()
    current = state["current"]
    if current is not None and version_key(release.version) <= version_key(current):
        raise HukouDeskError(
            text(
                f"更新包的版本 {release.version} 不比正在使用的 {current} 新；未作任何更改"
                "（回到上一版本请用“回退”）。",
                f"The package's release {release.version} is not newer than {current}, the one "
                "in use; nothing was changed (to go back, roll back).",
            )
        )
    installation.versions.mkdir(parents=True, exist_ok=True)
    target = installation.versions / release.version
    staging = installation.versions / f".{release.version}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    if target.exists():  # a release unpacked before and never switched to (or rolled back from)
        shutil.rmtree(target)
    backup = make_backup(counter.database, reason=f"before-update-{release.version}")
    update.unpack(package, release, staging, progress=progress)
    staging.rename(target)
    passed, report = self_test(target / release.executable)
    if not passed:
        shutil.rmtree(target, ignore_errors=True)
        failed = [line for line in report.splitlines() if line.startswith("FAIL")]
        raise HukouDeskError(
            text(
                f"新版本 {release.version} 的自检未通过，未切换，仍使用 {current}："
                f"{'; '.join(failed) or report[-300:]}",
                f"Release {release.version} failed its self-test and was not switched to; "
                f"{current} stays in use: {'; '.join(failed) or report[-300:]}",
            )
        )
    installation.switch(release.version, current)
    installation.prune()
    with counter.acting(actor, roles=ADMINS, what=WHAT) as (session, me):
        audit.record(
            session,
            actor=me.username,
            action="release.install",
            entity="release",
            entity_id=release.version,
            detail={"from": current, "to": release.version, "backup": backup.name},
        )
    return Installed(release.version, current, backup, report.splitlines()[-1] if report else "")


def rollback(counter: Counter, actor: Clerk, *, installation: Installation) -> RolledBack:
    """Back to the previous release: the case file first taken back to its schema (with this
    release's own migrations, after a backup), then the link switched."""
    with counter.acting(actor, roles=ADMINS, what=WHAT):
        pass
    state = installation.state()
    current, previous = state["current"], state["previous"]
    # Back means older: after a rollback the newer release is no longer "previous", so a
    # second rollback cannot go forward (going forward again is installing its package).
    if previous is None or current is None or version_key(previous) >= version_key(current):
        raise HukouDeskError(
            text("没有可回退的上一版本。", "There is no previous release kept to roll back to.")
        )
    wanted = installation.release(previous)["schema_head"]
    engine = counter.database.engine
    schema = migrations.current_revision(engine) or wanted
    backup = None
    if version_key(schema) > version_key(wanted):
        if not migrations.is_known(schema):
            raise HukouDeskError(
                text(
                    f"案件数据库（版本 {schema}）比本程序新，请用版本 {current} 执行回退。",
                    f"The case file (schema {schema}) is newer than this program: roll back "
                    f"with release {current}.",
                )
            )
        backup = make_backup(counter.database, reason=f"before-rollback-{previous}")
    # Recorded (and sealed) while the schema is still this release's: the previous one may not
    # know the seals' table.
    with counter.acting(actor, roles=ADMINS, what=WHAT) as (session, me):
        audit.record(
            session,
            actor=me.username,
            action="release.rollback",
            entity="release",
            entity_id=previous,
            detail={"from": current, "to": previous, "schema": wanted},
        )
    if backup is not None:
        migrations.downgrade(engine, wanted)
    installation.switch(previous, None)
    return RolledBack(previous, current, backup, wanted)
