"""The focus ring: seen round the focused field, following Tab, moving with the form."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget

from hukou_desk.app import create_app
from hukou_desk.ui.focus import RING_COLOUR, RING_WIDTH, install


def test_the_ring_follows_tab_and_is_drawn_round_the_field(qtbot):
    app = create_app()
    ring = install(app)
    assert install(app) is ring  # one ring for the application
    form = QWidget()
    qtbot.addWidget(form)
    layout = QFormLayout(form)
    first, second = QLineEdit(), QLineEdit()
    layout.addRow("一", first)
    layout.addRow("二", second)
    form.resize(400, 120)
    form.show()
    form.windowHandle().requestActivate()
    qtbot.waitUntil(form.isActiveWindow)
    first.setFocus()
    qtbot.waitUntil(lambda: ring.target is first)
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second
    qtbot.waitUntil(lambda: ring.target is second)
    # Drawn just outside the field, in the ring's colour, and no click is stopped by it.
    image = form.grab().toImage()
    corner = second.geometry().topLeft() - QPoint(RING_WIDTH - 1, RING_WIDTH - 1)
    assert image.pixelColor(corner).name() == RING_COLOUR.name()
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is first
    # The field moves (a form re-laid out, a scroll): the ring goes with it.
    first.move(first.x() + 30, first.y())
    qtbot.waitUntil(lambda: ring.target is first)
    image = form.grab().toImage()
    corner = first.geometry().topLeft() - QPoint(RING_WIDTH - 1, RING_WIDTH - 1)
    assert image.pixelColor(corner).name() == RING_COLOUR.name()
    # Hidden with its field.
    first.hide()
    assert ring.target is None or ring.target is not first


def test_the_ring_never_becomes_a_pane_of_a_splitter(qtbot):
    """A splitter takes every child widget for a pane: the ring goes beside the splitter."""
    from PySide6.QtWidgets import QSplitter, QTextEdit, QVBoxLayout

    app = create_app()
    ring = install(app)
    window = QWidget()
    qtbot.addWidget(window)
    split = QSplitter()
    top, bottom = QTextEdit(), QTextEdit()
    split.addWidget(top)
    split.addWidget(bottom)
    QVBoxLayout(window).addWidget(split)
    window.resize(400, 300)
    window.show()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    bottom.setFocus()
    qtbot.waitUntil(lambda: ring.target is bottom)
    assert split.count() == 2  # no third, empty pane
    image = window.grab().toImage()
    corner = bottom.mapTo(window, QPoint(0, 0)) - QPoint(RING_WIDTH - 1, RING_WIDTH - 1)
    assert image.pixelColor(corner).name() == RING_COLOUR.name()
