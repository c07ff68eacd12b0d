"""The menu bar: the actions by name and shortcut, the text size, Help ▸ About."""

from __future__ import annotations

import pytest

from tests.ui.conftest import Recorded


def _first_user(database):
    from sqlmodel import select

    from hukou_desk.storage.models import User

    with database.read() as session:
        return session.exec(select(User).where(User.role == "clerk")).first()


@pytest.mark.slow
def test_help_about_names_the_version_the_forms_and_the_font_licences(
    qtbot, policy, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from hukou_desk import __version__
    from hukou_desk import app as app_module

    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    database = app_module.open_case_file(policy, "en", training=True)
    assert database is not None
    desk = app_module.Desk(QApplication.instance(), policy, database, _first_user(database))
    desk.boxes = Recorded()
    window = desk.show("en")
    qtbot.addWidget(window)
    (about,) = [
        a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "About"
    ]
    about.trigger()  # as the menu does
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "aboutBox") is not None)
    box = window.findChild(QMessageBox, "aboutBox")
    assert __version__ in box.text()
    assert "Forms in force" in box.informativeText() and "SQLCipher" in box.informativeText()
    assert "SIL Open Font License" in box.informativeText()
    box.close()
    database.close()


@pytest.mark.slow
def test_the_window_fits_the_screen_and_the_text_size_follows_the_setting(
    qtbot, policy, tmp_path, monkeypatch
):
    """Never larger than the screen's free area (the offscreen screen here is 800×800, as a
    1366×768 screen at 150 % scaling is 910×512); the text at the system's size, and the
    large-text setting applied to every window at once and kept."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    from hukou_desk import app as app_module
    from hukou_desk.ui import i18n

    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    database = app_module.open_case_file(policy, "en", training=True)
    assert database is not None
    app = QApplication.instance()
    desk = app_module.Desk(app, policy, database, _first_user(database))
    desk.boxes = Recorded()
    window = desk.show("en")
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    system = i18n.system_point_size(app)
    i18n.register_font(app)  # as create_app does
    assert app.font().pointSizeF() == system
    largest = window.findChild(QAction, "text_size_150")
    largest.trigger()
    assert app.font().pointSizeF() == system * 1.5
    qtbot.waitUntil(  # every window follows
        lambda: window.status.cases_label.font().pointSizeF() == system * 1.5, timeout=2000
    )
    assert float(QSettings().value("ui/text_scale")) == 1.5
    window.findChild(QAction, "text_size_100").trigger()
    assert app.font().pointSizeF() == system
    database.close()
