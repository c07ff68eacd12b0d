"""Station settings: typed, defaulted, validated, audited."""

from __future__ import annotations

import pytest

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.storage.models import Setting
from hukou_desk.storage.settings import StationSettings, load_settings, save_settings


def test_settings_default_then_persist_and_bad_values_are_refused(db):
    with db.read() as session:
        assert load_settings(session) == StationSettings()
    with db.write() as session:
        save_settings(session, actor="boss", backup_keep_days=90, idle_lock_minutes=5)
    with db.read() as session:
        assert (
            load_settings(session).backup_keep_days,
            load_settings(session).idle_lock_minutes,
        ) == (90, 5)
    with pytest.raises(HukouDeskError, match="backup_keep_days"), db.write() as session:
        save_settings(session, actor="boss", backup_keep_days=0)
    with db.write() as session:
        session.merge(Setting(key="station.idle_lock_minutes", value="forever"))
    with db.read() as session:
        assert load_settings(session) == StationSettings()  # a hand-edited bad value: defaults


def test_a_retention_shortened_before_the_30_day_floor_reads_as_the_floor(db):
    with db.write() as session:
        save_settings(session, actor="admin", idle_lock_minutes=5, complaint_phone="3301110")
        session.merge(Setting(key="station.backup_keep_days", value="7"))
    with db.read() as session:
        settings = load_settings(session)
    assert (settings.backup_keep_days, settings.idle_lock_minutes) == (30, 5)
    assert settings.complaint_phone == "3301110"
    with pytest.raises(HukouDeskError, match="backup_keep_days"), db.write() as session:
        save_settings(session, actor="admin", backup_keep_days=29)
