"""Opening, migrating, checking, locking, backing up and restoring the case file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from hukou_desk.storage import backup, migrations
from hukou_desk.storage.database import claim, open_database, sqlite_engine
from hukou_desk.storage.errors import (
    BackupError,
    CorruptDatabase,
    DatabaseInUse,
    NewerDatabase,
    StorageError,
)
from hukou_desk.storage.models import Setting


@pytest.mark.real_migrations
def test_the_migrations_create_exactly_the_models(tmp_path):
    database = open_database(tmp_path / "c.db")
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    database.close()
    # The full-text index is SQLite-only and lives outside the models.
    assert [d for d in diff if not d[1].name.startswith("case_search")] == []


def test_sqlite_is_set_up_for_a_desk_pc(tmp_path):
    database = open_database(tmp_path / "c.db")
    with database.engine.connect() as connection:
        pragmas = {
            p: connection.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    database.close()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10000,
    }
    assert (tmp_path / "c.db").stat().st_mode & 0o777 == 0o600


def test_an_older_file_is_backed_up_then_upgraded_with_its_data(tmp_path):
    path = tmp_path / "c.db"
    engine = sqlite_engine(path)
    migrations.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO user VALUES ('00000000000000000000000000000001', 'clerk', 'C', 'clerk', NULL, 1, 0, NULL, '2026-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO person (id, id_number, name, former_names, sex, birth_date, ethnicity, hukou_address, hukou_office, current_address, phone, created_at, updated_at) VALUES ('00000000000000000000000000000002', '440781199001011246', '陈小明', '', '2', '1990-01-01', '01', '', '', '', '', '2026-01-01', '2026-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO case_file VALUES ('00000000000000000000000000000003', 1, '440703001-2026-000001', '440703001', 'spouse', 1, 'draft', '2026-11-20', '440703', '00000000000000000000000000000002', '00000000000000000000000000000001', '{}', 20, 0, NULL, NULL, 1, '2026-01-01', '2026-01-01')"
        )
    engine.dispose()
    database = open_database(path)
    assert migrations.current_revision(database.engine) == migrations.head()
    assert next(p.name for p in backup.backups(database.backups_dir)).endswith("-before-upgrade.db")
    from hukou_desk.storage.queries import CaseFilter, count_by_status, search_cases

    with database.read() as session:
        rows = search_cases(session, CaseFilter(query="小明")).rows
        assert [r.number for r in rows] == ["440703001-2026-000001"]
        assert count_by_status(session)["draft"] == 1
    database.close()


def test_a_file_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "c.db"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerDatabase, match="newer hukou-desk"):
        open_database(path)


def test_a_damaged_file_is_detected_and_the_latest_backup_offered(tmp_path):
    path = tmp_path / "c.db"
    database = open_database(path)
    made = backup.make_backup(database)
    database.close()
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CorruptDatabase) as refused:
        open_database(path)
    assert refused.value.latest_backup == made
    kept = backup.restore(made, path)
    assert kept.read_bytes().startswith(b"this is not a database")  # kept, not lost
    open_database(path).close()


def test_a_second_window_on_the_same_file_is_refused(tmp_path):
    first = open_database(tmp_path / "c.db")
    first.lock()
    second = open_database(tmp_path / "c.db")
    with pytest.raises(DatabaseInUse, match="another hukou-desk window"):
        second.lock()
    first.close()
    second.lock()
    second.close()


def test_backups_are_owner_only_pruned_after_n_days_and_checked_before_restore(tmp_path):
    database = open_database(tmp_path / "c.db")
    now = datetime(2026, 11, 28, tzinfo=UTC)
    old = [backup.make_backup(database, now=now - timedelta(days=d)) for d in (40, 35, 2)]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in old)
    assert sorted(p.name for p in database.backups_dir.iterdir()) == sorted(p.name for p in old)
    daily = backup.daily_backup(database, now=now)  # the newest is two days old: take one
    assert daily is not None and daily.name == "hukou-desk-20261128-000000-daily.db"
    assert backup.daily_backup(database, now=now + timedelta(hours=5)) is None  # one a day
    database.close()
    assert backup.backups(database.backups_dir) == [daily, old[2]]  # 35 and 40 days: pruned
    bad = tmp_path / "hukou-desk-20260101-000000.db"
    bad.write_bytes(b"junk")
    with pytest.raises(BackupError, match="cannot be used"):
        backup.restore(bad, tmp_path / "c.db")


_SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from hukou_desk.storage.database import open_database
    from hukou_desk.storage import cases
    from hukou_desk.domain.lifecycle import Role
    db = open_database(Path(sys.argv[1]))
    with db.write() as session:
        for i in range(200):
            cases.add_user(session, actor="t", username=f"u{i}", display_name="x", role=Role.CLERK)
        print("saving", flush=True)
        sys.stdin.readline()  # killed here, in the middle of the action
    """
)


@pytest.mark.slow  # a child process SIGKILLed mid-save (10 s on the shared machine)
def test_a_process_killed_mid_save_leaves_a_sound_file_with_none_of_the_action(tmp_path):
    path = tmp_path / "c.db"
    open_database(path).close()
    with subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as saver:
        assert saver.stdout.readline().strip() == "saving"
        os.kill(saver.pid, signal.SIGKILL)
        saver.wait()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM user").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM audit_event").fetchone() == (0,)
    open_database(path).close()


def test_a_large_file_opens_on_a_shallow_check_and_its_daily_backup_finds_deep_damage(
    tmp_path, monkeypatch
):
    """Above FULL_CHECK_BYTES the start does not read every page; the backup's check does."""
    from hukou_desk.storage import backup as backups
    from hukou_desk.storage import database as database_module

    path = tmp_path / "big.db"
    db = open_database(path)
    with db.write() as session:
        for n in range(400):
            session.add(Setting(key=f"filler.{n}", value="x" * 900))
    db.close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=DELETE")
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'setting'").fetchone()[0]
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    with path.open("r+b") as handle:  # scribble over the table's root page, deep in the file
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)
    assert database_module.quick_check(path) is not None  # the full check sees it
    assert database_module.quick_check(path, full=False) is None  # the shallow one does not
    monkeypatch.setattr(database_module, "FULL_CHECK_BYTES", 0)
    db = open_database(path)  # opens: the start stays quick on a large file
    with pytest.raises(StorageError) as failed:
        backups.daily_backup(db)
    assert failed.value.describe("en")
    assert backups.backups(db.backups_dir) == []  # no damaged copy is kept as a backup
    db.close()


def test_the_revision_list_read_from_file_names_is_alembics_own():
    graph = migrations.scripts()
    assert migrations.head() == graph.get_current_head()
    assert {s.revision for s in graph.walk_revisions()} == set(migrations._revisions())
    for script in graph.walk_revisions():
        index = migrations._revisions().index(script.revision)
        assert script.down_revision == (migrations._revisions()[index - 1] if index else None)


def test_the_lock_file_is_owner_only_even_one_left_readable_by_an_older_version(tmp_path):
    path = tmp_path / "cases.db"
    lock = path.with_name(path.name + ".lock")
    lock.write_bytes(b"")
    lock.chmod(0o644)
    claimed = claim(path)
    try:
        assert lock.stat().st_mode & 0o777 == 0o600
    finally:
        claimed.release()
