"""What every step of the new-case wizard is: a widget that can give and take back its state.

A step's `state()` is plain JSON (what the clerk typed); `restore(state)` puts it back, so the
wizard can autosave, survive a crash or a change of language, and resume a draft. Document
findings are different: each is an act of the clerk and is recorded in the case at once.
The steps themselves live one a module: `wizard_applicant`, `wizard_situation`,
`wizard_pathway`, `wizard_people`, `wizard_documents` (with `wizard_check`, one document's
check) and `wizard_outcome`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QScrollArea, QWidget

from hukou_desk.ui.context import Context

State = dict[str, Any]


def scrolled(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


class Step(QWidget):
    changed = Signal()
    title: str

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def state(self) -> State:
        return {}

    def restore(self, state: State) -> None:
        """Put back what `state()` gave."""

    def problem(self) -> str | None:
        """Why the clerk cannot go on from this step yet (None: they can)."""
        return None
