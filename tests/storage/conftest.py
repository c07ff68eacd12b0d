"""A real SQLite case file per test (no mocks), with a station, staff and the shipped forms."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hukou_desk import demo
from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.storage import cases
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import User

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return load_calendar(forms_dir())


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "cases.db")
    with database.write() as session:
        cases.set_station(
            session,
            actor="setup",
            code="440703001",
            name="白沙派出所",
            district="440703",
            phone="0750-3301110",
        )
        for username, role in (
            ("clerk", Role.CLERK),
            ("clerk2", Role.CLERK),
            ("boss", Role.SUPERVISOR),
        ):
            cases.add_user(
                session, actor="setup", username=username, display_name=username, role=role
            )
    yield database
    database.close()


@pytest.fixture
def staff(db: Database) -> dict[str, User]:
    with db.read() as session:
        return {name: cases.user_named(session, name) for name in ("clerk", "clerk2", "boss")}


DEMO_DAY = date(2026, 11, 28)


@pytest.fixture(scope="session")
def pristine(tmp_path_factory, policy, calendar):
    """1,500 demo cases (made in batches of 500, as the producer process does), once per
    session: `loaded` copies it for each test."""
    path = tmp_path_factory.mktemp("demo") / "cases.db"
    database = open_database(path)
    report = demo.generate(
        database, count=1500, policy=policy, calendar=calendar, today=DEMO_DAY, seed=3, batch=500
    )
    database.close()
    assert report.cases == 1500
    return path


@pytest.fixture
def loaded(pristine, tmp_path):
    shutil.copyfile(pristine, tmp_path / "cases.db")
    database = open_database(tmp_path / "cases.db")
    yield database
    database.close()
