"""Three habits of the desk's keyboard and mouse, enforced in one place for every screen.

- The wheel scrolls the form. A closed list, a spin box or a date field that does not have the
  focus never takes the wheel (Qt's would change its value as the form scrolls past it, and
  take the focus for good measure): the wheel goes on to the form around it.
- Enter presses the focused button, as Space does (Qt presses it only in dialogs). An official
  act's button then opens its confirmation, whose Cancel is the default: never the act itself.
- The desk's own shortcuts (Ctrl+E export, Ctrl+K check a slip…) work from inside a text field:
  a line edit would otherwise take Ctrl+K to delete to the end of the line, and Ctrl+E to move
  to its end, and the desk's command would never come.
- Every input has a name a screen reader says: the label of its form row (`QFormLayout`), else
  its placeholder or tool tip, given as it is first shown unless the screen named it itself;
  the row's label then also takes the input as its buddy, so the label's mnemonic reaches it.

One event filter on the application, installed once when the application is made.
"""

from __future__ import annotations

import shiboken6
from PySide6 import QtCore  # Qt.* looked up when used: its first use costs ~10 ms at start
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

_POLISH = QEvent.Type.Polish
_WHEEL = QEvent.Type.Wheel
_KEY = QEvent.Type.KeyPress
_OVERRIDE = QEvent.Type.ShortcutOverride
_SHOW = QEvent.Type.Show
_WATCHED = frozenset({_POLISH, _SHOW, _WHEEL, _KEY, _OVERRIDE})
_VALUE_WIDGETS = (QComboBox, QAbstractSpinBox)  # spin boxes, date and time fields
_TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QComboBox)
# Qt's own dialogs name their inputs themselves, and build them while showing (naming a
# QInputDialog's line edit from its Show event crashed it, in Qt 6.11).
_QT_DIALOGS = (QInputDialog, QFileDialog, QMessageBox)
_INPUTS = _TEXT_FIELDS  # the inputs a screen reader must name (buttons say their text)


class DeskInput(QObject):
    """The application's event filter for the wheel, Enter and the desk's shortcuts."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED or not isinstance(watched, QWidget):
            return False
        if kind == _POLISH:
            _no_wheel_focus(watched)
        elif kind == _SHOW:  # by then in its form (a polish may come before the row is made)
            if (
                isinstance(watched, _INPUTS)
                and not watched.accessibleName()
                and not isinstance(watched.window(), _QT_DIALOGS)
            ):
                _name_from_its_label(watched)
        elif kind == _WHEEL:
            return _wheel_passes(watched, event)  # type: ignore[arg-type]
        elif kind == _KEY:
            return _enter_presses(watched, event)  # type: ignore[arg-type]
        elif kind == _OVERRIDE:
            return _desk_shortcut_wins(watched, event)  # type: ignore[arg-type]
        return False


def _no_wheel_focus(widget: QWidget) -> None:
    """A value widget takes the focus from a click or Tab, never from the wheel passing over."""
    if (
        isinstance(widget, _VALUE_WIDGETS)
        and widget.focusPolicy() == QtCore.Qt.FocusPolicy.WheelFocus
    ):
        widget.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)


def _name_from_its_label(widget: QWidget) -> None:
    """The accessible name of an input: its form row's label, else its own hint."""
    label = _form_label(widget)
    if label is not None:
        name = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        name = name.strip().rstrip(":：").strip()
        if name:
            widget.setAccessibleName(name)
            if label.buddy() is None:
                label.setBuddy(widget)
            return
    hint = ""
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        hint = widget.placeholderText()
    elif isinstance(widget, QComboBox):
        line = widget.lineEdit()
        hint = line.placeholderText() if line is not None else ""
    hint = hint or widget.toolTip()
    if hint:
        widget.setAccessibleName(hint.strip())


def _form_label(widget: QWidget) -> QLabel | None:
    """The label of the form row holding `widget` (directly, or in a box of that row)."""
    child: QWidget = widget
    for _level in range(3):
        parent = child.parentWidget()
        if parent is None:
            return None
        beside = _label_before(parent, child)
        if beside is not None:
            return beside
        for form in parent.findChildren(QFormLayout):
            for item in (child, widget):
                label = form.labelForField(item)
                if isinstance(label, QLabel):
                    return label
            # a field made of a box of widgets: the row whose layout holds the widget
            for row in range(form.rowCount()):
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                inner = field.layout() if field is not None else None
                if inner is not None and inner.indexOf(widget) >= 0:
                    label = form.labelForField(inner)
                    if isinstance(label, QLabel):
                        return label
        child = parent
    return None


def _label_before(parent: QWidget, widget: QWidget) -> QLabel | None:
    """A label just before `widget` in a row of `parent`'s ("Finding: [list]")."""
    for row in parent.findChildren(QBoxLayout):
        at = row.indexOf(widget)
        item = row.itemAt(at - 1) if at > 0 else None
        if item is not None:
            before = item.widget()
            if isinstance(before, QLabel) and before.text().strip():
                return before
    return None


def _wheel_passes(widget: QWidget, event: QWheelEvent) -> bool:
    """Over a value widget without the focus the wheel is not its: the scroll area around the
    form scrolls instead."""
    if isinstance(widget, _VALUE_WIDGETS) and not widget.hasFocus():
        _scroll_around(widget, event)
        return True  # the widget never sees it
    return False


def _scroll_around(widget: QWidget, event: QWheelEvent) -> None:
    """The wheel given to the nearest scroll area round `widget` that can move with it."""
    around = widget.parentWidget()
    while around is not None:
        if isinstance(around, QAbstractScrollArea):
            viewport = around.viewport()
            where = viewport.mapFromGlobal(event.globalPosition())
            passed = QWheelEvent(
                where,
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
            )
            passed.setAccepted(False)
            QApplication.sendEvent(viewport, passed)
            if passed.isAccepted():
                event.accept()  # scrolled: it goes no further
                return
        around = around.parentWidget()
    event.ignore()


def _enter_presses(widget: QWidget, event: QKeyEvent) -> bool:
    if (
        isinstance(widget, QPushButton)
        and event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)
        and not (event.modifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier)
        and widget.isEnabled()
        and widget.hasFocus()
    ):
        widget.click()
        return True
    return False


def _desk_shortcut_wins(widget: QWidget, event: QKeyEvent) -> bool:
    """In a text field, a key that is one of the window's commands goes to the command; on a
    focused button, Enter is the button's (a screen's own Enter shortcut does not take it)."""
    if isinstance(widget, QPushButton) and event.key() in (
        QtCore.Qt.Key.Key_Return,
        QtCore.Qt.Key.Key_Enter,
    ):
        event.accept()  # delivered as a key press: `_enter_presses` clicks the button
        return True
    modifiers = event.modifiers()
    if not isinstance(widget, _TEXT_FIELDS) or not (
        modifiers & QtCore.Qt.KeyboardModifier.ControlModifier
    ):
        return False
    window = widget.window()
    if isinstance(window, _QT_DIALOGS):
        # Qt's own dialogs hold no command of the desk; and a file dialog's children may
        # include actions Qt has deleted (on xcb): reaching for one raised in this filter,
        # which killed the desk.
        return False
    pressed = QKeySequence(event.keyCombination())
    for action in window.findChildren(QAction):
        if not shiboken6.isValid(action):
            continue
        if action.isEnabled() and pressed in action.shortcuts():
            event.ignore()  # not the field's: the shortcut map delivers it to the command
            return True
    return False


def install(app: QApplication) -> DeskInput:
    """The one filter of the application (created once)."""
    existing = app.findChild(DeskInput)
    if isinstance(existing, DeskInput):
        return existing
    desk_input = DeskInput(app)
    app.installEventFilter(desk_input)
    return desk_input
