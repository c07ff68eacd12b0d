"""Demo rows taken into the ledger in batches, read as plain rows: the versions they leave are
the ones the ORM's check reads back, so the file verifies; a row changed afterwards is found,
and taken in again on the record it is the only one taken."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlmodel import col, func, select

from hukou_desk import demo
from hukou_desk.storage import ledger
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import AuditEvent, RowVersion


@pytest.fixture
def demo_file(tmp_path, policy, calendar):
    database = open_database(tmp_path / "cases.db")
    demo.generate(
        database, count=40, policy=policy, calendar=calendar, today=date(2026, 11, 28), seed=5
    )
    yield database
    database.close()


def test_the_demo_rows_are_taken_in_whole_and_verify(demo_file):
    with demo_file.read() as session:
        assert ledger.check_rows(session) is None
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "rows.take_in")).all()
        under_it = session.exec(
            select(func.count()).select_from(RowVersion).where(RowVersion.seq == event.seq)
        ).one()
        cases = session.exec(
            select(func.count()).where(col(RowVersion.table_name) == "case_file")
        ).one()
    assert event.detail["rows"] == under_it > 40 * 4  # cases, people, roles, checks, decisions
    assert cases == 40


def test_a_row_changed_outside_is_found_and_taken_in_alone_in_small_batches(demo_file):
    with sqlite3.connect(demo_file.path) as raw:
        raw.execute("UPDATE case_file SET clock_used = clock_used + 1 WHERE serial = 7")
    with demo_file.read() as session:
        assert ledger.check_rows(session) is not None
    with demo_file.write() as session:
        assert ledger.take_in(session, actor="(demo)", why="test", batch=3) == 1
        assert ledger.take_in(session, actor="(demo)", why="test", batch=3) == 0  # nothing new
    with demo_file.read() as session:
        assert ledger.check_rows(session) is None
