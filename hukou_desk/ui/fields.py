"""Input widgets that map one-to-one onto a fact path and can say 'not known' (None).

Each offers `fact()`, `set_fact(value)` and `changed` (the signal fired on every edit), so
the finder reads and fills its form by path without caring which widget sits there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.regions import region_name

_CODE = re.compile(r"^\s*(\d{6})")
JIANGMEN_UNITS = ("440703", "440704", "440705", "440781", "440783", "440784", "440785")


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
    """An editable combo: pick a Jiangmen unit, or type any six-digit GB/T 2260 code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.addItem("")
        for code in JIANGMEN_UNITS:
            self.addItem(f"{code} {region_name(code)}")
        self.addItem("440100 广州市")
        self.changed = self.currentTextChanged

    def fact(self) -> str | None:
        match = _CODE.match(self.currentText())
        return match[1] if match else None

    def set_fact(self, code: str | None) -> None:
        self.setEditText("" if code is None else f"{code} {region_name(code)}")


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
