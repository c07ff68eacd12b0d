"""读卡 at the intake: a read started off the UI thread, what it says, and the face check.

The reader may take a second or two (and a card moved mid-read fails): the read goes through
`operations`, one at a time; the fault comes back in words through the message channel.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.identity import mask
from hukou_desk.domain.text import Language
from hukou_desk.services import cards
from hukou_desk.services.cards import CardReading
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context

READ_KEY = "F2"  # 读卡, wherever an identity is asked
RELATIVE_KEY = "Shift+F2"  # a relative's card into a new line
MARK = "background:#e8f5e9"  # a field filled from the card


class CardReads:
    """The reads of one intake: one at a time, each delivered to who asked for it."""

    def __init__(self, context: Context, parent: QWidget) -> None:
        self.context = context
        self.parent = parent
        self.running: operations.Operation[CardReading] | None = None
        self.asked_from: QWidget | None = None

    def read(
        self,
        party: str,
        on_read: Callable[[CardReading], object],
        *,
        case_id: uuid.UUID | None = None,
    ) -> operations.Operation[CardReading] | None:
        if self.running is not None:
            return None  # the reader is busy with the read asked for a moment ago
        self.asked_from = QApplication.focusWidget()
        context = self.context
        self.running = operations.run(
            lambda _job: cards.read_card(
                context.counter, context.user, party=party, case_id=case_id
            ),
            messages=context.messages,
            on_success=on_read,
            parent=self.parent,
            label=QCoreApplication.translate(
                "CardReading", "Reading the card… keep it on the reader."
            ),
        )
        self.running.finished.connect(self._done)
        return self.running

    def _done(self) -> None:
        """The focus where the clerk goes on: where the read moved it, else back where F2 was
        pressed (the progress window, shown for a slow read, took it meanwhile)."""
        self.running = None
        asked_from, self.asked_from = self.asked_from, None
        focus = QApplication.focusWidget()
        if asked_from is not None and shiboken6.isValid(asked_from) and focus in (None, asked_from):
            asked_from.clearFocus()
            asked_from.setFocus(Qt.FocusReason.OtherFocusReason)


def mark_read(field: QLineEdit, *, locked: bool = False) -> None:
    """A field filled from the card: shaded, said in its tip; the number not editable."""
    field.setStyleSheet(MARK)
    field.setToolTip(QCoreApplication.translate("CardReading", "Read from the card"))
    if locked:
        field.setReadOnly(True)


def summary(reading: CardReading, lang: Language) -> str:
    """What was read, in a line, and what stands in the way, in red (rich text)."""
    head = QCoreApplication.translate(
        "CardReading", "Read from the card ({0}, valid {1}): {2} · {3}"
    ).format(
        reading.kind_name()(lang),
        reading.validity()(lang),
        reading.name,
        mask(reading.number) if reading.registrable else reading.number,
    )
    parts = [f"<span style='color:#1b7f3b'>{escape(head)}</span>"]
    for problem in reading.problems:
        parts.append(f"<br><span style='color:#b00020'><b>{escape(problem(lang))}</b></span>")
    return "".join(parts)


def shortcut(parent: QWidget, keys: str, act: Callable[[], object]) -> QShortcut:
    key = QShortcut(QKeySequence(keys), parent)
    key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    key.activated.connect(lambda: act())
    return key


class FaceCheck(QDialog):
    """The card's photo beside the clerk's eyes: is this the person at the counter?"""

    answered = Signal(bool)

    def __init__(self, reading: CardReading, photo: bytes | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("faceCheck")
        self.setWindowTitle(self.tr("Identity card: the holder"))
        picture = QLabel()
        picture.setObjectName("cardPhoto")
        image = QPixmap()
        if photo and image.loadFromData(photo):
            picture.setPixmap(image.scaledToHeight(252, Qt.TransformationMode.SmoothTransformation))
        else:
            picture.setText(self.tr("The reader gave no photo: compare the card itself."))
        words = QLabel(
            self.tr(
                "{0}, {1}. Is the person at the counter the one on the card? Your answer "
                "settles the identity card check."
            ).format(reading.name, mask(reading.number))
        )
        words.setWordWrap(True)
        same = QPushButton(self.tr("Same person (Alt+Y)"))
        same.setObjectName("faceConfirmed")
        other = QPushButton(self.tr("Not the same person"))
        other.setObjectName("faceRefused")
        other.setDefault(True)  # a stray Enter does not confirm a face
        same.clicked.connect(lambda: self._answer(True))
        other.clicked.connect(lambda: self._answer(False))
        shortcut(self, "Alt+Y", lambda: self._answer(True))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(same)
        buttons.addWidget(other)
        row = QHBoxLayout()
        row.addWidget(picture)
        row.addWidget(words, 1)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addLayout(buttons)

    def _answer(self, same: bool) -> None:
        self.answered.emit(same)
        self.accept()
