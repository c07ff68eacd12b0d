"""Choosing a password at the desk: the verdict said in words as it is typed, in the first
start, the change of one's own password, and the administrator's new user and reset; the
service refuses what the verdict calls weak, whatever the dialog shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hukou_desk.services import staff
from hukou_desk.services.counter import OpenFile
from hukou_desk.ui.login import ChangePasswordDialog, FirstStartDialog
from tests.ui.conftest import PASSWORD, errors, open_desk, user


def test_the_first_start_says_how_strong_the_password_is_as_it_is_typed(qtbot, database):
    setup = FirstStartDialog(OpenFile(database), "en")
    qtbot.addWidget(setup)
    qtbot.keyClicks(setup.code, "440703001")
    qtbot.keyClicks(setup.name, "Baisha station")
    qtbot.keyClicks(setup.display_name, "Zhuoyuanxiaoqing")
    qtbot.keyClicks(setup.phone, "0750-3301110")
    qtbot.keyClicks(setup.password, "password1")
    assert setup.strength.text() == "Too short: 9 characters, at least 12 needed."
    qtbot.keyClicks(setup.password, "234")
    assert setup.strength.text().startswith("Weak: easy to guess. This is a very common password.")
    setup.password.clear()
    assert setup.strength.text() == ""
    qtbot.keyClicks(setup.password, "Zhuoyuanxiaoqing-2026")  # the administrator's own name
    assert setup.strength.text().startswith("Fair, but not safe enough.")
    qtbot.keyClicks(setup.repeat, "Zhuoyuanxiaoqing-2026")
    qtbot.mouseClick(setup.ok, Qt.MouseButton.LeftButton)
    assert setup.admin is None and "The password is not accepted" in setup.problem.text()
    setup.password.clear()
    setup.repeat.clear()
    qtbot.keyClicks(setup.password, PASSWORD)
    assert setup.strength.text() == "Very strong." and setup.strength.acceptable
    qtbot.keyClicks(setup.repeat, PASSWORD)
    qtbot.mouseClick(setup.ok, Qt.MouseButton.LeftButton)
    assert setup.admin is not None


def test_a_change_of_ones_own_password_is_judged_as_typed_and_refused_if_weak(qtbot, staffed):
    me = user(staffed, "zhangli")
    dialog = ChangePasswordDialog(OpenFile(staffed), me, "zh")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current, PASSWORD)
    qtbot.keyClicks(dialog.new, "qwertyuiop12")
    assert dialog.strength.text().startswith("很弱：容易被猜中。")
    qtbot.keyClicks(dialog.repeat, "qwertyuiop12")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "密码不符合要求" in dialog.problem.text() and not dialog.result()
    dialog.new.clear()
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.current, PASSWORD)
    qtbot.keyClicks(dialog.new, "Lotus-ferry-Kumquat-8")
    assert dialog.strength.text() == "很强。"
    qtbot.keyClicks(dialog.repeat, "Lotus-ferry-Kumquat-8")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert staff.sign_in(OpenFile(staffed), username="zhangli", password="Lotus-ferry-Kumquat-8")


def test_the_administrator_sees_the_verdict_for_a_new_user_and_a_reset(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"), "en")
    panel = window.admin
    assert panel is not None
    qtbot.keyClicks(panel.new_username, "zhaojie")
    qtbot.keyClicks(panel.new_name, "Zhao Jie")
    qtbot.keyClicks(panel.new_password, "Admin123")
    assert panel.new_strength.text() == "Too short: 8 characters, at least 12 needed."
    qtbot.mouseClick(panel.findChild(QPushButton, "addUserButton"), Qt.MouseButton.LeftButton)
    assert "The password is not accepted" in errors(window)[-1]
    assert "zhaojie" not in [
        a.username for a in staff.staff(panel.context.counter, user(staffed, "admin"))
    ]
    panel.select_user("zhangli")
    qtbot.keyClicks(panel.reset_password, "Zhangli-2026")
    assert not panel.reset_strength.acceptable
    qtbot.mouseClick(panel.findChild(QPushButton, "resetPasswordButton"), Qt.MouseButton.LeftButton)
    assert "The password is not accepted" in errors(window)[-1]
    panel.reset_password.clear()
    qtbot.keyClicks(panel.reset_password, "Banyan-Ferry-Pebble-3")
    assert panel.reset_strength.text() == "Very strong."
    qtbot.mouseClick(panel.findChild(QPushButton, "resetPasswordButton"), Qt.MouseButton.LeftButton)
    assert staff.sign_in(OpenFile(staffed), username="zhangli", password="Banyan-Ferry-Pebble-3")


def test_a_lockout_at_the_command_line_holds_at_the_open_desks_lock_screen(qtbot, staffed):
    from hukou_desk.ui.login import LockScreen
    from tests.clirun import hd

    for _ in range(5):
        wrong = hd("search", "--db", str(staffed.path), user="zhangli", password="guess-list-1",
                   check=False)  # fmt: skip
        assert "Wrong user name or password" in wrong.stderr
    screen = LockScreen(OpenFile(staffed), "en")
    qtbot.addWidget(screen)
    screen.lock("zhangli", "张丽")
    unlocked = []
    screen.unlocked.connect(lambda: unlocked.append(True))
    qtbot.keyClicks(screen.password, PASSWORD)  # her right password
    qtbot.mouseClick(screen.findChild(QPushButton, "unlockButton"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert "locked" in screen.problem.text() and not unlocked


def test_the_lock_screen_says_locked_whoever_locked_it(qtbot, staffed):
    """Locked by the idle timer or by the clerk herself (Ctrl+L): the words fit both."""
    from hukou_desk.ui.i18n import apply_language
    from hukou_desk.ui.login import LockScreen

    for lang, said in (  # English last: the translator is the application's, for what follows
        ("zh", "已锁屏。张丽，请输入密码继续。"),
        ("en", "The desk is locked. 张丽, enter your password to continue."),
    ):
        apply_language(lang)
        screen = LockScreen(OpenFile(staffed), lang)
        qtbot.addWidget(screen)
        screen.lock("zhangli", "张丽")
        assert screen.who.text() == said
