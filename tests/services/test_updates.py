"""A station's administrator installs a release from a stick, and can go back one step."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.staff import NotPermitted
from hukou_desk.services import exchange, updates
from hukou_desk.storage import migrations
from hukou_desk.sync import update
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.test_update_package import release_folder


@pytest.fixture
def centre(counter, people) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    exchange.trust_centre(counter, people["admin"], public_key=keys.public_text(key))
    return key


def make(tmp_path: Path, signer, version: str, schema: str = "0007", *, fails: bool = False):
    folder = release_folder(tmp_path, version)
    if fails:
        (folder / "hukou-desk").write_text(
            "#!/bin/sh\necho 'ok    forms: 21 pathways'\necho 'FAIL  qt: no platform plug-in'\n"
            "exit 1\n"
        )
    out = tmp_path / f"hukou-desk-{version}.hkdupdate"
    update.build(folder, out=out, version=version, schema_head=schema, signing_key=signer)
    return out


def run(executable: Path) -> str:
    return subprocess.run([executable], capture_output=True, text=True, check=True).stdout


def events(counter, action):
    with counter.database.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT actor, entity_id, detail FROM audit_event WHERE action = :a"),
            {"a": action},
        ).all()


def test_installing_switches_to_the_new_release_after_a_backup_and_its_self_test(
    tmp_path, counter, people, centre
):
    root = updates.Installation(tmp_path / "station")
    admin = people["admin"]
    first = updates.install(counter, admin, make(tmp_path, centre, "0.1.0"), installation=root)
    assert first.previous is None and (root.link / "hukou-desk").is_file()
    done = updates.install(counter, admin, make(tmp_path, centre, "0.2.0"), installation=root)
    assert (done.version, done.previous) == ("0.2.0", "0.1.0")
    assert root.link.resolve() == (root.versions / "0.2.0").resolve()
    assert root.state() == {"current": "0.2.0", "previous": "0.1.0"}
    assert done.backup.is_file() and "before-update-0.2.0" in done.backup.name
    assert done.self_test == "all checks passed"
    # The shortcut's target runs the new release.
    assert run(root.link / "hukou-desk").startswith("hukou-desk 0.2.0")
    recorded = events(counter, "release.install")
    assert [(row.actor, row.entity_id) for row in recorded] == [
        ("admin", "0.1.0"),
        ("admin", "0.2.0"),
    ]


def test_only_the_current_and_the_previous_release_are_kept(tmp_path, counter, people, centre):
    root = updates.Installation(tmp_path / "station")
    for version in ("0.1.0", "0.2.0", "0.10.0"):
        updates.install(
            counter, people["admin"], make(tmp_path, centre, version), installation=root
        )
    assert sorted(p.name for p in root.versions.iterdir()) == ["0.10.0", "0.2.0"]


@pytest.mark.slow
def test_an_unsigned_older_or_foreign_package_changes_nothing(tmp_path, counter, people, centre):
    root = updates.Installation(tmp_path / "station")
    admin = people["admin"]
    updates.install(counter, admin, make(tmp_path, centre, "0.2.0"), installation=root)
    before = sorted(p.name for p in root.versions.iterdir())
    forged = make(tmp_path / "x", Ed25519PrivateKey.generate(), "0.3.0")
    with pytest.raises(BundleRefused, match="not signed by the centre"):
        updates.install(counter, admin, forged, installation=root)
    with pytest.raises(HukouDeskError, match=r"not newer than 0\.2\.0"):
        updates.install(counter, admin, make(tmp_path / "y", centre, "0.1.9"), installation=root)
    other = tmp_path / "win.hkdupdate"
    update.build(
        release_folder(tmp_path / "z", "0.4.0"),
        out=other,
        version="0.4.0",
        schema_head="0007",
        signing_key=centre,
        platform="win-amd64",
    )
    if update.this_platform() != "win-amd64":
        with pytest.raises(HukouDeskError, match="is for win-amd64"):
            updates.install(counter, admin, other, installation=root)
    assert sorted(p.name for p in root.versions.iterdir()) == before
    assert root.state()["current"] == "0.2.0"


@pytest.mark.slow
def test_a_release_that_fails_its_self_test_is_not_switched_to(tmp_path, counter, people, centre):
    root = updates.Installation(tmp_path / "station")
    admin = people["admin"]
    updates.install(counter, admin, make(tmp_path, centre, "0.2.0"), installation=root)
    broken = make(tmp_path / "b", centre, "0.3.0", fails=True)
    with pytest.raises(HukouDeskError, match=r"failed its self-test.*FAIL  qt: no platform"):
        updates.install(counter, admin, broken, installation=root)
    assert root.state()["current"] == "0.2.0"
    assert not (root.versions / "0.3.0").exists()


def test_only_an_administrator_installs_or_rolls_back(tmp_path, counter, people, centre):
    root = updates.Installation(tmp_path / "station")
    with pytest.raises(NotPermitted):
        updates.install(counter, people["boss"], make(tmp_path, centre, "0.2.0"), installation=root)
    with pytest.raises(NotPermitted):
        updates.rollback(counter, people["clerk"], installation=root)
    assert not root.versions.exists()


def _schema(connection) -> dict[str, set[str]]:
    found = sa.inspect(connection)
    return {t: {c["name"] for c in found.get_columns(t)} for t in found.get_table_names()}


@pytest.mark.slow
def test_rolling_back_takes_the_case_file_back_to_the_previous_schema_first(
    tmp_path, counter, people, centre
):
    root = updates.Installation(tmp_path / "station")
    admin = people["admin"]
    head = migrations.head()
    before = migrations.scripts().get_revision(head).down_revision  # one migration less
    updates.install(counter, admin, make(tmp_path, centre, "0.1.0", before), installation=root)
    updates.install(counter, admin, make(tmp_path, centre, "0.2.0", head), installation=root)
    engine = counter.database.engine
    with engine.connect() as connection:
        users = connection.execute(sa.text("SELECT count(*) FROM user")).scalar()
        tables = _schema(connection)
    assert migrations.current_revision(engine) == head

    back = updates.rollback(counter, admin, installation=root)

    assert (back.version, back.left, back.schema) == ("0.1.0", "0.2.0", before)
    assert migrations.current_revision(engine) == before
    assert back.backup is not None and "before-rollback-0.1.0" in back.backup.name
    with engine.connect() as connection:
        undone = _schema(connection)
        # The newest migration undone: its tables or columns gone, nothing else.
        assert undone != tables and set(undone) <= set(tables)
        assert all(undone[name] <= tables[name] for name in undone)
        assert connection.execute(sa.text("SELECT count(*) FROM user")).scalar() == users
    assert root.state() == {"current": "0.1.0", "previous": None}
    assert run(root.link / "hukou-desk").startswith("hukou-desk 0.1.0")
    assert [row.entity_id for row in events(counter, "release.rollback")] == ["0.1.0"]
    # The release left is not "previous": a second rollback (by release 0.1.0, on its own
    # schema) finds nothing to go back to, never a step forward.
    assert updates.Installation(root.root).state()["previous"] is None


def test_after_a_manual_install_the_first_update_rolls_back(tmp_path, counter, people, centre):
    """The documented way on Linux: the bundle `make package` built copied into
    versions/<v> and linked as `current`, no installation.json; it carries its release.json."""
    root = updates.Installation(tmp_path / "opt" / "hukou-desk")
    built = release_folder(tmp_path / "dist", "0.1.0")
    update.write_release_file(
        built,
        version="0.1.0",
        schema_head=migrations.head(),
        executable="hukou-desk",
        platform=update.this_platform(),
    )
    root.versions.mkdir(parents=True)
    shutil.copytree(built, root.versions / "0.1.0")
    root.link.symlink_to(Path("versions") / "0.1.0", target_is_directory=True)
    admin = people["admin"]
    updates.install(counter, admin, make(tmp_path, centre, "0.2.0"), installation=root)
    assert root.state() == {"current": "0.2.0", "previous": "0.1.0"}

    back = updates.rollback(counter, admin, installation=root)

    assert (back.version, back.left) == ("0.1.0", "0.2.0")
    assert run(root.link / "hukou-desk").startswith("hukou-desk 0.1.0")


def test_a_package_says_the_version_its_bundle_says(tmp_path, centre):
    from hukou_desk.services import centre as at_centre

    folder = tmp_path / "centre-keys"
    keys.make_centre_keys(folder)
    bundle = release_folder(tmp_path / "dist", "0.3.0")
    out = tmp_path / "hukou-desk.hkdupdate"
    with pytest.raises(BundleRefused, match=r"release\.json"):  # not a bundle of a build
        at_centre.make_update(bundle, folder=folder, out=out)
    update.write_release_file(
        bundle,
        version="0.3.0",
        schema_head="0007",
        executable="hukou-desk",
        platform="linux-x86_64",
    )
    made = at_centre.make_update(bundle, folder=folder, out=out)
    assert (made.version, made.schema_head, made.platform) == ("0.3.0", "0007", "linux-x86_64")
    with pytest.raises(HukouDeskError, match=r"says its version is 0\.3\.0, not 0\.4\.0"):
        at_centre.make_update(bundle, folder=folder, out=tmp_path / "other", version="0.4.0")
    assert not (tmp_path / "other").exists()


def test_with_nothing_to_go_back_to_the_administrator_is_told(tmp_path, counter, people, centre):
    root = updates.Installation(tmp_path / "station")
    with pytest.raises(HukouDeskError, match="no previous release"):
        updates.rollback(counter, people["admin"], installation=root)
