"""A training file's first windows never pass for the real station's: the sign-in and the
first start carry 【培训模式】 in their titles and a red band saying what the file is, seen
in the window as it is drawn. A real station's windows carry neither."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QLabel

from hukou_desk.services.counter import OpenFile
from hukou_desk.storage import registry
from hukou_desk.ui.i18n import apply_language
from hukou_desk.ui.login import FirstStartDialog, LoginDialog

RED = QColor("#b00020")


def _as_training(database):
    with database.write() as session:
        registry.put(session, registry.TRAINING, True)
    return database


def _band_drawn(qtbot, window: QDialog) -> QLabel:
    """The mark as the clerk sees it: on screen, in the window's grab, red at its place."""
    window.show()
    qtbot.waitExposed(window)
    mark = window.findChild(QLabel, "trainingMark")
    assert mark is not None and mark.isVisible()
    picture = window.grab().toImage()
    corner = mark.mapTo(window, mark.rect().topLeft())
    scale = picture.devicePixelRatio()
    pixel = picture.pixelColor(int((corner.x() + 2) * scale), int((corner.y() + 2) * scale))
    assert pixel == RED
    others = [label for label in window.findChildren(QLabel) if label is not mark]
    assert all(mark.geometry().bottom() <= other.geometry().top() for other in others)  # on top
    return mark


def test_the_first_start_of_a_training_file_is_marked(qtbot, database):
    apply_language("zh")
    setup = FirstStartDialog(OpenFile(_as_training(database)), "zh")
    qtbot.addWidget(setup)
    assert setup.windowTitle().startswith("【培训模式】")
    mark = _band_drawn(qtbot, setup)
    assert "培训文件" in mark.text()


def test_the_sign_in_of_a_training_file_is_marked(qtbot, database):
    apply_language("en")
    login = LoginDialog(OpenFile(_as_training(database)), "en")
    qtbot.addWidget(login)
    assert login.windowTitle().startswith("[TRAINING] ")
    assert "TRAINING FILE" in _band_drawn(qtbot, login).text()


def test_a_sign_in_opened_for_training_is_marked_before_the_file_is_open(qtbot, database):
    apply_language("en")
    login = LoginDialog(None, "en", training=True)  # `hukou-desk --training`, still loading
    qtbot.addWidget(login)
    _band_drawn(qtbot, login)
    # The training file opened: marked once, not twice.
    login.attach(OpenFile(_as_training(database)))
    assert len(login.findChildren(QLabel, "trainingMark")) == 1
    assert login.windowTitle().count("[TRAINING]") == 1


def test_a_sign_in_learns_from_the_file_it_is_given(qtbot, database):
    apply_language("en")
    login = LoginDialog(None, "en")  # the new PC's first window chose the training file
    qtbot.addWidget(login)
    assert login.findChild(QLabel, "trainingMark") is None
    login.attach(OpenFile(_as_training(database)))
    _band_drawn(qtbot, login)


def test_a_real_stations_windows_carry_no_mark(qtbot, database):
    apply_language("en")
    setup = FirstStartDialog(OpenFile(database), "en")
    login = LoginDialog(OpenFile(database), "en")
    for window in (setup, login):
        qtbot.addWidget(window)
        assert window.findChild(QLabel, "trainingMark") is None
        assert "TRAINING" not in window.windowTitle()
