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
