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
