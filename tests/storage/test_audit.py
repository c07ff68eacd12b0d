"""The audit chain: demo data is complete, valid, deterministic and its chain intact; tampering
is detected at the first broken link."""

from __future__ import annotations

import sqlite3

import pytest

from hukou_desk import demo
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.storage import audit
from hukou_desk.storage.database import open_database
from tests.storage.conftest import DEMO_DAY as TODAY


def _verdict(db):
    with db.read() as session:
        return audit.verify(session)


@pytest.mark.slow
def test_demo_data_is_complete_valid_and_deterministic(loaded, policy, calendar, tmp_path):
    from hukou_desk.domain.identity import parse_identity_number

    with sqlite3.connect(loaded.path) as c:
        numbers = [n for (n,) in c.execute("SELECT id_number FROM person")]
        pathways = {p for (p,) in c.execute("SELECT DISTINCT pathway_id FROM case_file")}
        statuses = {s for (s,) in c.execute("SELECT DISTINCT status FROM case_file")}
        checks = c.execute("SELECT count(*) FROM document_check").fetchone()[0]
        roles = c.execute("SELECT count(*) FROM case_role WHERE role = 'relative'").fetchone()[0]
        first = c.execute("SELECT number, facts FROM case_file ORDER BY serial").fetchall()
    for number in numbers:
        parse_identity_number(number, today=TODAY)
    assert len(set(numbers)) == len(numbers)
    moves = {p.id for p in policy.pathways if p.kind.value in ("move", "duty")}
    assert pathways == moves and statuses == set(CaseStatus)
    assert checks > 3 * 1500 and roles > 0
    again = open_database(tmp_path / "again.db")
    demo.generate(
        # In this process this time (the fixture used the producer process): the same rows.
        again,
        count=1500,
        policy=policy,
        calendar=calendar,
        today=TODAY,
        seed=3,
        batch=1500,
    )
    with sqlite3.connect(again.path) as c:
        assert c.execute("SELECT number, facts FROM case_file ORDER BY serial").fetchall() == first
    again.close()
    assert _verdict(loaded).intact


@pytest.mark.parametrize(
    ("sql", "broken", "problem"),
    [
        ("UPDATE audit_event SET actor = 'someone' WHERE seq = 5", 5, "changed"),
        ("DELETE FROM audit_event WHERE seq = 7", 7, "missing"),
        (
            "UPDATE audit_event SET seq = -seq WHERE seq IN (8, 9); "
            "UPDATE audit_event SET seq = 9 WHERE seq = -8; UPDATE audit_event SET seq = 8 WHERE seq = -9",
            8,
            "does not follow",
        ),
        ("DELETE FROM audit_event WHERE seq > 1000", 1001, "after 1000"),
    ],
    ids=["edit", "delete", "reorder", "truncate"],
)
def test_tampering_with_the_audit_trail_is_detected_at_the_first_broken_link(
    loaded, sql, broken, problem
):
    with sqlite3.connect(loaded.path) as c:
        c.executescript(sql)
    verdict = _verdict(loaded)
    assert not verdict.intact
    assert verdict.broken_at == broken and problem in verdict.problem.en
