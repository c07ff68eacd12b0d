"""A station set up as its administrator's first start does it (for tests that need a real,
empty station rather than the demo file)."""

from __future__ import annotations

from hukou_desk.services import staff
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import User


def set_up_station(database: Database, *, password: str) -> User:
    """白沙派出所 (440703001), its administrator `admin` with `password`."""
    return staff.first_start(
        database,
        station_code="440703001",
        station_name="白沙派出所",
        district="440703",
        admin_username="admin",
        admin_name="管理员",
        password=password,
        phone="0750-3301110",
    )
