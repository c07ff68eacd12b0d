"""The same models and migrations on PostgreSQL, the centre's database: a real server that
the tests start themselves (`postgres_url` in tests/conftest.py)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import Role
from hukou_desk.storage import cases, migrations
from hukou_desk.storage.queries import (
    CaseFilter,
    Count,
    Sort,
    count_by_status,
    count_cases,
    count_deadlines,
    search_cases,
)
from tests.storage.conftest import TODAY


def test_models_migrate_and_round_trip_on_postgresql(policy, calendar, fresh_postgres):
    engine = sa.create_engine(fresh_postgres)
    migrations.upgrade(engine)
    with Session(engine, expire_on_commit=False) as session, session.begin():
        cases.set_station(
            session, actor="t", code="440703001", name="白沙派出所", district="440703"
        )
        clerk = cases.add_user(session, actor="t", username="c", display_name="C", role=Role.CLERK)
        person = cases.save_person(
            session, actor=clerk, identity_number="440781199001011246", name="陈小明", today=TODAY
        )
        case = cases.create_case(
            session,
            actor=clerk,
            applicant=person,
            pathway=policy.pathway("spouse"),
            facts=Facts(),
            application_date=TODAY,
            district="440703",
            policy=policy,
        )
    with Session(engine) as session:
        rows = search_cases(session, CaseFilter(query="小明")).rows
        assert [r.number for r in rows] == [case.number]
        assert count_by_status(session)["draft"] == 1
        # The list's counts and its sort by due date speak PostgreSQL too.
        assert count_cases(session, CaseFilter(query="小明")) == Count(1)
        assert [r.number for r in search_cases(session, sort=Sort.DUE).rows] == [case.number]
        due = count_deadlines(session, today=TODAY, calendar=calendar)
        assert (due.overdue, due.due_soon) == (0, 0)  # a draft's clock has not started
    engine.dispose()
