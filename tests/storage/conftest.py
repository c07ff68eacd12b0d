"""A real SQLite case file per test (no mocks), with a station, staff and the shipped forms."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

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
