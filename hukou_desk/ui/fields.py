"""Input widgets that map one-to-one onto a fact path and can say 'not known' (None).

Each offers `fact()`, `set_fact(value)` and `changed` (the signal fired on every edit), so
the finder reads and fills its form by path without caring which widget sits there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDateEdit,
    QLineEdit,
    QSpinBox,
    QToolTip,
    QWidget,
)

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.codes import match_entry
from hukou_desk.domain.regions import region_name, region_typed

JIANGMEN_UNITS = ("440703", "440704", "440705", "440781", "440783", "440784", "440785")
LISTED_REGIONS = (*JIANGMEN_UNITS, "440100")
Box = TypeVar("Box", bound=QComboBox)


def _tooltip(widget: QWidget) -> Callable[[str], None]:
    return lambda message: QToolTip.showText(
        widget.mapToGlobal(widget.rect().bottomLeft()), message, widget
    )


def _find_by_typing(combo: QComboBox) -> None:
    """Any part of an entry's name finds it in a popup as it is typed (汉, 壮, 蓬江)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)


class _OnLeaving(QObject):
    """Calls `settle` when the focus leaves a typed-into list (Tab, a click elsewhere) or Enter
    is pressed in it; its own completion popup taking the keys is not leaving."""

    def __init__(self, combo: QComboBox, settle: Callable[[], None]) -> None:
        super().__init__(combo)
        self.combo, self.settle = combo, settle
        line = combo.lineEdit()
        assert line is not None
        line.returnPressed.connect(settle)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        moved = self._moved
        app.focusChanged.connect(moved)
        combo.destroyed.connect(lambda *_gone: app.focusChanged.disconnect(moved))

    def _moved(self, old: QWidget | None, new: QWidget | None) -> None:
        combo = self.combo
        if not shiboken6.isValid(combo):
            return
        completer = combo.completer()
        popup = completer.popup() if completer is not None else None
        mine = (combo, combo.lineEdit(), popup)
        if old in mine and new not in mine:
            self.settle()


def _settle(combo: QComboBox, refused: Callable[[str], None]) -> None:
    """The typed text becomes the entry it names, or is refused and the choice stays."""
    typed = combo.currentText()
    if typed == combo.itemText(combo.currentIndex()):
        return
    entries = {
        i: combo.itemText(i) for i in range(combo.count()) if combo.itemData(i) not in (None, "")
    }
    found = match_entry(typed, entries)
    if found is None and not typed.strip():
        found = next((i for i in range(combo.count()) if i not in entries), None)
    if found is not None:
        combo.setCurrentIndex(found)
        combo.setEditText(combo.itemText(found))
        return
    combo.setEditText(combo.itemText(combo.currentIndex()))
    refused(
        QCoreApplication.translate(
            "Fields", "“{0}” is not in the list: type part of a name in it and choose."
        ).format(typed.strip())
    )


def settle(combo: QComboBox) -> None:
    """Settle what is typed in a searchable list now (before a screen's own Enter reads it)."""
    for leaving in combo.findChildren(_OnLeaving):
        leaving.settle()


def searchable(combo: Box, refused: Callable[[str], None] | None = None) -> Box:
    """A list of codes found by typing part of a Chinese name; a text that names no entry is
    refused (`refused` says so; by default a tip under the list) and the choice stays."""
    _find_by_typing(combo)
    say = refused or _tooltip(combo)
    _OnLeaving(combo, lambda: _settle(combo, say))
    return combo


class Choice(QComboBox):
    """A combo whose first entry means 'not known' (None)."""

    def __init__(
        self, unknown: str, items: Iterable[tuple[str, Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.addItem(unknown, None)
        for label, value in items:
            self.addItem(label, value)
        self.changed = self.currentIndexChanged

    def fact(self) -> Any:
        return self.currentData()

    def set_fact(self, value: Any) -> None:
        self.setCurrentIndex(max(self.findData(value), 0))


class RegionBox(QComboBox):
    """A district: a Jiangmen unit found by typing part of its name (蓬江), or any six-digit
    GB/T 2260 code. A text that names none is refused, never kept as 'not known'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("")
        for code in LISTED_REGIONS:
            self.addItem(f"{code} {region_name(code)}")
        _find_by_typing(self)
        self.changed = self.currentTextChanged
        self.refused: Callable[[str], None] = _tooltip(self)
        self._kept = ""
        _OnLeaving(self, self.settle)

    def typed(self) -> str:
        return self.currentText().strip()

    def invalid(self) -> bool:
        """Text that names no district (the step refuses to go on with it)."""
        return bool(self.typed()) and region_typed(self.typed(), LISTED_REGIONS) is None

    def settle(self) -> None:
        """The typed name becomes the district's code and name; a wrong one is refused."""
        if not self.typed():
            self._kept = ""
            return
        code = region_typed(self.typed(), LISTED_REGIONS)
        if code is None:
            typed = self.typed()
            self.setEditText(self._kept)
            self.refused(
                QCoreApplication.translate(
                    "Fields", "“{0}” is not a district: type part of its name, or its code."
                ).format(typed)
            )
            return
        self._kept = f"{code} {region_name(code)}"
        if self.currentText() != self._kept:
            self.setEditText(self._kept)

    def fact(self) -> str | None:
        return region_typed(self.typed(), LISTED_REGIONS) if self.typed() else None

    def set_fact(self, code: str | None) -> None:
        self._kept = "" if code is None else f"{code} {region_name(code)}"
        self.setEditText(self._kept)


class Count(QSpinBox):
    """A whole number where the lowest value reads 'not known'."""

    def __init__(self, unknown: str, maximum: int = 600, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-1, maximum)
        self.setSpecialValueText(unknown)
        self.setValue(-1)
        self.changed = self.valueChanged

    def fact(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def set_fact(self, value: int | None) -> None:
        self.setValue(-1 if value is None else int(value))


class OneTabDateEdit(QDateEdit):
    """A date edit that one Tab leaves (digits typed move through its parts on their own);
    Qt's would spend a Tab on each of year, month and day, and keep the last one."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateField(OneTabDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        today = china_today()  # China's day, not the PC's
        self.setDate(QDate(today.year, today.month, today.day))
        self.changed = self.dateChanged

    def fact(self) -> str:
        return self.date().toString("yyyy-MM-dd")

    def set_fact(self, value: str | None) -> None:
        if value:
            self.setDate(QDate.fromString(value, "yyyy-MM-dd"))


class OptionalDateField(DateField):
    """A date that may be not known: the earliest date shows as "not known" and is no fact."""

    _NONE = QDate(1900, 1, 1)

    def __init__(self, unknown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumDate(self._NONE)
        self.setSpecialValueText(unknown)
        self.setDate(self._NONE)

    def fact(self) -> str | None:  # type: ignore[override]
        return None if self.date() == self._NONE else super().fact()

    def set_fact(self, value: str | None) -> None:
        self.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else self._NONE)


class TextField(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changed = self.textChanged

    def fact(self) -> str | None:
        return self.text().strip() or None

    def set_fact(self, value: str | None) -> None:
        self.setText(value or "")


FactField = Choice | RegionBox | Count | DateField | TextField
