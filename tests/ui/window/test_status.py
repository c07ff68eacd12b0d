"""The status bar: each message in its own label, the counts never cut on a narrow screen."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from hukou_desk.domain import clock
from tests.ui.conftest import Recorded, open_desk, user

# 09:00 on 10 December in Beijing: the installed calendar ends in 21 days, so the supervisor
# is warned (the warning that used to push the counts off the bar).
MORNING = datetime(2026, 12, 10, 9, 0, tzinfo=clock.CHINA).astimezone(UTC)


@pytest.fixture
def december(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now_source", lambda: MORNING)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_narrow_screen_the_counts_stay_whole_and_the_rest_give_way(
    qtbot, policy, staffed, december, tmp_path: Path, lang: str
) -> None:
    window = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"), lang)
    window.resize(910, 512)  # a 1366×768 screen at 150 % scaling, as Qt sees it
    window.show()
    qtbot.waitExposed(window)
    status = window.status
    looking = status.reader_label.text()
    qtbot.waitUntil(lambda: status.reader_label.text() != looking, timeout=10_000)
    window.context.messages.info("Draft saved: 440703001-2026-000001")  # a passing notice
    qtbot.waitUntil(lambda: status.notice.text().startswith("Draft saved"))

    counts = status.cases_label
    labels = (
        status.notice,
        counts,
        status.calendar_label,
        status.reader_label,
        status.user_label,
        status.plan_label,
    )

    def laid_out() -> bool:  # side by side, none over another (the layout runs queued)
        shown = [w for w in labels if w.isVisible()]
        return all(a.geometry().right() < b.geometry().left() for a, b in itertools.pairwise(shown))

    qtbot.waitUntil(laid_out)
    assert not status.calendar_label.isHidden() and status.calendar_label.isVisible()
    # The counts to their last character, "due within 3 working days: N" included …
    assert counts.isVisible()
    assert counts.fontMetrics().horizontalAdvance(counts.text()) <= counts.contentsRect().width()
    assert counts.geometry().right() <= status.width() and counts.geometry().left() >= 0
    # … while the lesser labels were shortened, their whole text in the tooltip.
    assert any(label.is_elided() for label in (status.plan_label, status.user_label, status.notice))
    assert "2027" in status.calendar_label.toolTip()
    assert status.plan_label.toolTip() == status.plan_label.text()
    png = tmp_path / f"status-bar-{lang}.png"
    assert window.grab().save(str(png))
    image = QImage(str(png))
    assert image.width() == window.width()
    # The counts were painted: their rectangle is not one flat colour.
    area = counts.geometry().translated(status.geometry().topLeft())
    colours = {image.pixel(x, area.center().y()) for x in range(area.left(), area.right(), 2)}
    assert len(colours) > 2


def test_a_notice_does_not_cover_the_counts(qtbot, policy, staffed) -> None:
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"), "en")
    window.show()
    qtbot.waitExposed(window)
    status = window.status
    before = status.cases_label.text()
    window.context.messages.error("Cannot do that now")
    assert status.notice.text() == "Cannot do that now"
    assert status.cases_label.isVisible() and status.cases_label.text() == before
    status.notice_timer.setInterval(1)
    status.notice_timer.start()
    qtbot.waitUntil(lambda: status.notice.text() == "")


def _first_user(database):
    from sqlmodel import select

    from hukou_desk.storage.models import User

    with database.read() as session:
        return session.exec(select(User).where(User.role == "clerk")).first()


@pytest.mark.slow
def test_the_status_bar_summarises_the_case_file(qtbot, policy, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from hukou_desk import app as app_module
    from hukou_desk.storage.queries import count_by_status

    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    database = app_module.open_case_file(policy, "en", training=True)
    assert database is not None
    app = QApplication.instance()
    desk = app_module.Desk(app, policy, database, _first_user(database))
    desk.boxes = Recorded()
    window = desk.show("en")
    qtbot.addWidget(window)
    with database.read() as session:
        waiting = count_by_status(session)["recommended"]
    text = window.status.cases_label.text()
    assert text.startswith(
        f"Cases on file: {app_module.DEMO_CASES} · waiting for approval: {waiting} ·"
    )
    zh = desk.show("zh")
    qtbot.addWidget(zh)
    assert "待审批" in zh.status.cases_label.text()
    database.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_labels_are_side_by_side_as_soon_as_the_window_is_resized(
    qtbot, policy, staffed, lang: str
) -> None:
    """A grab (or a paint) right after a resize draws each label at its new width and its new
    place: the widths were once set at once and the places only by the queued layout request,
    so the card reader's words ran under the user's name at 1280 × 720."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"), lang)
    window.resize(910, 512)
    window.show()
    qtbot.waitExposed(window)
    status = window.status
    looking = status.reader_label.text()
    qtbot.waitUntil(lambda: status.reader_label.text() != looking, timeout=10_000)
    for width in (1280, 1920, 1024):
        window.resize(width, 720)  # no event processed before looking
        shown = sorted(
            (label for label in status.by_priority() if label.isVisible()),
            key=lambda label: label.geometry().left(),
        )
        overlapping = [
            (a.objectName(), b.objectName())
            for a, b in itertools.pairwise(shown)
            if a.geometry().right() >= b.geometry().left()
        ]
        assert overlapping == [], (width, overlapping)
