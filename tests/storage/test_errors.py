"""The storage errors a clerk meets (storage/errors.py), raised by the real paths that meet
them: each says what happened and what to do, in both languages, and keeps what the desk
needs to offer the next step."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from hukou_desk.storage import backup, cases
from hukou_desk.storage.database import open_database, storage_errors
from hukou_desk.storage.errors import (
    CorruptDatabase,
    DamagedRow,
    DatabaseBusy,
    DiskFull,
    LostCaseFile,
)


def test_a_case_file_gone_while_its_backups_remain_is_never_replaced_silently(tmp_path):
    path = tmp_path / "cases.db"
    database = open_database(path)
    made = backup.make_backup(database, reason="daily")
    database.close()
    path.unlink()
    with pytest.raises(LostCaseFile) as lost:
        open_database(path)
    assert lost.value.path == path and lost.value.latest_backup == made
    assert made.name in lost.value.message.zh and "on purpose" in lost.value.message.en
    assert not path.exists()  # nothing made in its place
    # Asked for on purpose: a new, empty file; the empty one left there is kept aside.
    path.touch()
    fresh = open_database(path, new_file=True)
    fresh.close()
    assert [p.name for p in tmp_path.glob("cases.db.empty-*")] != []


def test_a_damaged_file_without_a_backup_says_to_call_the_administrator(tmp_path):
    path = tmp_path / "cases.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CorruptDatabase) as damaged:
        open_database(path)
    assert damaged.value.latest_backup is None
    assert "没有可用的备份" in damaged.value.message.zh
    assert "call the administrator" in damaged.value.message.en


@pytest.mark.parametrize(
    ("said", "kind", "words"),
    [
        ("database or disk is full", DiskFull, "disk is full"),
        ("disk I/O error", DiskFull, "disk is full"),
        ("database is locked", DatabaseBusy, "busy"),
        ("database is busy", DatabaseBusy, "busy"),
    ],
)
def test_sqlites_operational_errors_become_the_clerks_words(said, kind, words):
    found = storage_errors(OperationalError("INSERT ...", {}, sqlite3.OperationalError(said)))
    assert isinstance(found, kind) and words in found.message.en
    assert "未保存" in found.message.zh  # nothing was saved: said


def test_any_other_error_is_left_as_it_is_a_bug_to_be_seen():
    other = OperationalError("SELECT ...", {}, sqlite3.OperationalError("no such table: x"))
    assert storage_errors(other) is other
    plain = ValueError("x")
    assert storage_errors(plain) is plain


def test_a_status_the_program_never_writes_is_a_damaged_row_named_with_its_value(db, staff, policy):
    from sqlmodel import select

    from hukou_desk.storage.models import Case
    from tests.storage.test_cases import _spouse_case

    case = _spouse_case(db, staff, policy)
    with sqlite3.connect(db.path) as connection:
        connection.execute("UPDATE case_file SET status = ? WHERE id = ?", ("x" * 60, case.id.hex))
    with db.read() as session:
        row = session.exec(select(Case).where(Case.number == case.number)).one()
        with pytest.raises(DamagedRow) as damaged:
            cases.status_of(row)
    shown = repr("x" * 60)[:40]
    assert shown in damaged.value.message.en and case.number in damaged.value.message.en
    assert "从备份恢复" in damaged.value.message.zh
