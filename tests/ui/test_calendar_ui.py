"""The desk on a PC set to New York: China's day, the calendar's end told to those who can act
on it, and a time limit past the installed calendar shown as awaiting it."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime

import pytest

from hukou_desk.domain import clock
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services.counter import Counter
from hukou_desk.ui.case_list import COLUMNS
from tests.services.conftest import recommended_case
from tests.ui.conftest import open_desk, user

# 09:00 on 10 December in Beijing: 20:00 on 9 December in New York.
MORNING = datetime(2026, 12, 10, 9, 0, tzinfo=clock.CHINA).astimezone(UTC)


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    monkeypatch.setattr(clock, "now_source", lambda: MORNING)
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.mark.slow
def test_the_supervisor_is_told_the_calendar_ends_and_the_list_shows_what_waits(
    qtbot, policy, staffed, new_york
):
    counter = Counter(staffed, policy, load_calendar(forms_dir()))
    number = recommended_case(counter, user(staffed, "zhangli")).number  # accepted today
    window = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    assert window.context is not None and window.context.today().isoformat() == "2026-12-10"
    label = window.status.calendar_label
    assert not label.isHidden()
    assert label.text() == "工作日历至 2026-12-31 止（余 21 天）"
    assert "2027" in label.toolTip()
    assert window.cases is not None
    model = window.cases.model
    qtbot.waitUntil(lambda: any(r.number == number for r in model.rows))
    row = next(i for i, r in enumerate(model.rows) if r.number == number)
    due = model.index(row, [c.key for c in COLUMNS].index("due"))
    assert model.data(due) == "待日历（2027年未安装）"
    # The case itself says what its time limit waits for.
    review = window.open_case(number)
    assert "待日历（2027年未安装）" in review.view.toPlainText()


def test_a_clerk_is_not_troubled_with_the_calendar(qtbot, policy, staffed, new_york):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    assert window.status.calendar_label.isHidden()


@pytest.mark.slow
def test_the_administrator_installs_the_centres_next_year_and_the_limit_is_counted_at_once(
    qtbot, policy, staffed, new_york, tmp_path, monkeypatch
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from hukou_desk import keys
    from hukou_desk.services import workdays
    from hukou_desk.storage.cases import case_by_number
    from hukou_desk.sync import reference
    from hukou_desk.ui import admin as admin_ui

    counter = Counter(staffed, policy, load_calendar(forms_dir()))
    number = recommended_case(counter, user(staffed, "zhangli")).number
    # The centre: its forms with a 2027 arrangement (made up for the test), signed.
    centre_forms = tmp_path / "centre-forms"
    shutil.copytree(forms_dir(), centre_forms)
    year = tmp_path / "2027.toml"
    year.write_text('year = 2027\nsource = "test"\nholidays = [2027-01-01]\n', encoding="utf-8")
    workdays.publish_year(year, forms=centre_forms)
    signer = Ed25519PrivateKey.generate()
    with staffed.read() as session:
        data = reference.build(
            session,
            forms=centre_forms,
            signing_key=signer,
            bundle_key=keys.public_text(X25519PrivateKey.generate()),
        )
    (tmp_path / "ref.hkr").write_bytes(data)
    monkeypatch.setattr(
        admin_ui.QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_a, **_k: (str(tmp_path / "ref.hkr"), "")),
    )
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    assert not window.status.calendar_label.isHidden()
    panel = window.admin
    assert panel is not None
    panel.centre_key.setText(keys.public_text(signer))
    qtbot.mouseClick(panel.findChild(QPushButton, "trustCentreButton"), Qt.MouseButton.LeftButton)
    install = panel.findChild(QPushButton, "installReferenceButton")
    qtbot.mouseClick(install, Qt.MouseButton.LeftButton)
    level, said = window.context.messages.history[-1]
    assert level == "info" and "已按新的工作日历计算 1 件案件的办理期限" in said
    assert window.status.calendar_label.isHidden()  # the calendar now reaches past 60 days
    with staffed.read() as session:
        # 10 December + 20 working days: 15 in December, 1 January off, 5 in January.
        assert case_by_number(session, number).due_on.isoformat() == "2027-01-08"
