"""The start as `hukou-desk` does it: the sign-in window first, the desk loaded behind it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from hukou_desk.paths import database_path
from hukou_desk.services import vault
from hukou_desk.start import Start
from hukou_desk.storage.database import open_database
from hukou_desk.ui.login import FirstStartDialog
from hukou_desk.ui.recovery import NewPcDialog
from hukou_desk.ui.vault import RecoverySecretDialog
from tests.stations import set_up_station
from tests.ui.conftest import PASSWORD


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _set_up_station() -> None:
    database = open_database(database_path())
    set_up_station(database, password=PASSWORD)
    database.close()


def _finish(qtbot, start: Start) -> None:
    qtbot.waitUntil(
        lambda: start.desk is not None and start.desk.window is not None, timeout=20_000
    )
    window = start.desk.window  # type: ignore[union-attr]
    assert window.isVisible() and window.cases is not None
    qtbot.addWidget(window)
    assert QApplication.instance().quitOnLastWindowClosed()  # back to normal once the desk is up
    start.database.close()  # type: ignore[union-attr]


def _when_modal(kind, act) -> None:
    """`act(dialog)` once a modal dialog of `kind` is up (its exec() blocks the test)."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, look)
            return
        act(dialog)

    QTimer.singleShot(0, look)


def _keep_the_secret(qtbot, shown: list[str]):
    def act(dialog: RecoverySecretDialog) -> None:
        shown.append(dialog.shown.text())
        qtbot.mouseClick(dialog.kept, Qt.MouseButton.LeftButton)

    _when_modal(RecoverySecretDialog, act)


@pytest.mark.slow
def test_the_clerk_types_while_the_desk_loads_and_an_early_sign_in_waits(qtbot, home):
    _set_up_station()
    start = Start()
    login = start.begin()
    qtbot.addWidget(login)
    assert login.isVisible() and login.database is None  # on screen before the case file
    login.username.setFocus()
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClick(login.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(login.password, PASSWORD)
    # A station from before encryption: its administrator's sign-in offers it, and it is done.
    _when_modal(
        QMessageBox,
        lambda box: qtbot.mouseClick(
            box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
        ),
    )
    shown: list[str] = []
    _keep_the_secret(qtbot, shown)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    if login.database is None:  # still loading: the sign-in waits, and says so
        assert login.waiting and login.problem.text()
    _finish(qtbot, start)
    assert start.desk.user.username == "admin"  # type: ignore[union-attr]
    assert vault.is_encrypted(database_path()) and len(shown[0]) == 39


@pytest.mark.slow
def test_a_new_station_turns_the_login_into_the_first_start(qtbot, home):
    start = Start()

    def set_up() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FirstStartDialog):
            QTimer.singleShot(20, set_up)
            return
        dialog.code.setText("440703001")
        dialog.name.setText("白沙派出所")
        dialog.display_name.setText("管理员")
        dialog.phone.setText("0750-3301110")
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText(PASSWORD)
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)

    QTimer.singleShot(0, set_up)
    # A PC with no case file: a new station is one of three choices (a restore, the training).
    _when_modal(
        NewPcDialog,
        lambda ask: qtbot.mouseClick(
            ask.findChild(QPushButton, "newStationButton"), Qt.MouseButton.LeftButton
        ),
    )
    shown: list[str] = []
    _keep_the_secret(qtbot, shown)  # encrypted at once: the recovery secret, shown once
    login = start.begin()
    qtbot.addWidget(login)
    # Set up, the login comes back with the administrator's name, waiting for the password.
    qtbot.waitUntil(lambda: login.database is not None and login.isVisible(), timeout=20_000)
    assert login.username.text() == "admin"
    assert vault.is_encrypted(database_path()) and shown
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    _finish(qtbot, start)
    start.desk.window.close()  # type: ignore[union-attr]
    del start  # its Qt objects collected here, on the screen's thread
    gc.collect()

    # The next start: nothing opens before a password does; a wrong one opens nothing.
    again = Start()
    login = again.begin()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.opener is not None, timeout=20_000)
    assert again.database is None
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClicks(login.password, "Wrong-pass-1")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert login.problem.text() == "用户名或密码不正确。" and again.database is None
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    _finish(qtbot, again)
    assert again.database.key is not None  # type: ignore[union-attr]


@pytest.mark.slow
def test_the_sign_in_window_is_up_before_the_database_layer_is_loaded(tmp_path):
    script = (
        "import os, sys\n"
        "from hukou_desk.start import Start\n"
        "def shown(login):\n"
        "    print('SHOWN', login.isVisible(), 'sqlalchemy' in sys.modules,"
        " 'hukou_desk.app' in sys.modules, flush=True)\n"
        "    os._exit(0)\n"
        "Start(when_shown=shown).run()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HUKOU_DESK_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert "SHOWN True False False" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (False, None)),
        (["--training"], (True, None)),
        (["--lang", "en"], (False, "en")),
        (["--lang=zh", "--training"], (True, "zh")),
        (["--lang", "fr"], None),  # the command line says what --lang takes
        (["--lang"], None),
        (["--lang", "en", "pathways"], None),  # a command, in English
        (["--training", "--training"], None),
    ],
)
def test_the_desks_own_options_and_everything_else_to_the_command_line(args, expected):
    from hukou_desk.__main__ import desk_options

    assert desk_options(args) == expected


def test_lang_en_opens_the_desk_in_english(qtbot, home):
    """`--lang en` is this start's language (begin() applies it, and so remembers it as the
    menu's choice is); without it, the language chosen last."""
    from hukou_desk.ui.i18n import saved_language

    assert Start(lang="en").language() == "en"
    assert Start(lang="zh").language() == "zh"
    assert Start().language() == saved_language()
