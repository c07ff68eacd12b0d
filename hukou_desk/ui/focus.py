"""A focus ring a clerk sees from across the counter.

The platform styles mark the focused field with a hairline, easy to lose on a busy form. A
style sheet could draw a thicker frame, but a style sheet on the application makes every
screen several times slower to build. Instead one small frame follows the focus: it sits in
the focused widget's parent, just outside the widget, so it moves and scrolls with it, and it
lets every click through.
"""

from __future__ import annotations

import shiboken6
from PySide6 import QtCore  # Qt.* looked up when used: its first use costs ~10 ms at start
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QSplitter, QStackedWidget, QTabWidget, QWidget

RING_COLOUR = QColor("#1565c0")
RING_WIDTH = 3


class _Ring(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(RING_COLOUR, RING_WIDTH)
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half - 1, -half - 1))


class FocusRing(QObject):
    """Draws the ring round whichever widget has the keyboard focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._ring: _Ring | None = None
        self._target: QWidget | None = None
        app.focusChanged.connect(self._moved)

    @property
    def target(self) -> QWidget | None:
        """The widget the ring is round (None when no field has the focus)."""
        ring, target = self._alive()
        return target if ring is not None and ring.isVisible() else None

    def _alive(self) -> tuple[_Ring | None, QWidget | None]:
        # A closed tab or dialog takes its widgets (and perhaps the ring) with it.
        if self._ring is not None and not shiboken6.isValid(self._ring):
            self._ring = None
        if self._target is not None and not shiboken6.isValid(self._target):
            self._target = None
        return self._ring, self._target

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        ring, target = self._alive()
        if target is not None:
            target.removeEventFilter(self)
        self._target = None
        if ring is not None:
            ring.hide()
        if new is None or not _worth_a_ring(new):
            return
        parent = _host(new)
        if parent is None:
            return
        if ring is None or ring.parentWidget() is not parent:
            if ring is not None:
                ring.deleteLater()
            self._ring = _Ring(parent)
        self._target = new
        new.installEventFilter(self)
        self._place()

    def _place(self) -> None:
        ring, target = self._alive()
        if ring is None or target is None:
            return
        if not target.isVisible():
            ring.hide()
            return
        margin = RING_WIDTH
        host = ring.parentWidget()
        corner = target.mapTo(host, QPoint(0, 0)) if host is not None else target.pos()
        ring.setGeometry(QRect(corner, target.size()).adjusted(-margin, -margin, margin, margin))
        ring.raise_()
        ring.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._place()
        return False


def _host(widget: QWidget) -> QWidget | None:
    """Where the ring goes: beside the widget, in its parent — but never into a splitter or a
    stacked layout's container, which would take the ring for one of its panes."""
    host = widget.parentWidget()
    while host is not None and isinstance(host, (QSplitter, QStackedWidget, QTabWidget)):
        host = host.parentWidget()
    return host


def _worth_a_ring(widget: QWidget) -> bool:
    # A window of its own (a dialog, a popup list) needs none: only fields inside a window.
    return not widget.isWindow() and widget.parentWidget() is not None


def install(app: QApplication) -> FocusRing:
    """The one ring of the application (created once)."""
    existing = app.findChild(FocusRing)
    return existing if isinstance(existing, FocusRing) else FocusRing(app)
