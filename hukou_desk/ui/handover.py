"""Handing a case to another counter of the station, and receiving one (docs/counters.md).

Both are reached from the case list's context menu (a right click on a case). Giving asks for
the receiving counter's number, a reason and where to save the file (a stick, a shared
folder), then shows the hand-over code to tell the receiving counter — never written beside
the file. Receiving asks for the file and the code. Every refusal is said in the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.services import handover
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context
from hukou_desk.ui.messages import ProblemLine

_ERROR_STYLE = "color: #b00020;"
FILTER = "*.hkh"


class _FileRow(QWidget):
    """A chosen file's name beside the button that chooses it."""

    def __init__(self, button: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.button = button
        self.shown = QLabel()
        self.shown.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.shown, 1)

    def set(self, path: Path) -> None:
        self.path = path
        self.shown.setText(str(path))


class GiveDialog(QDialog):
    """Hand case `number` to another counter of this station."""

    def __init__(self, context: Context, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.context, self.number = context, number
        self.given: handover.Given | None = None
        self.setWindowTitle(self.tr("Hand over case {0}").format(number))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "The case moves to the other counter with everything in it; this PC keeps a "
                "read-only copy. Save the file to a stick or a shared folder, and tell the "
                "other counter the code shown afterwards."
            )
        )
        intro.setWordWrap(True)
        self.to = QLineEdit()
        self.to.setObjectName("handoverTo")
        self.to.setMaxLength(2)
        self.to.setPlaceholderText("03")
        self.reason = QLineEdit()
        self.reason.setObjectName("handoverReason")
        self.reason.setPlaceholderText(self.tr("e.g. for the supervisor's review"))
        choose = QPushButton(self.tr("Save to…"))
        choose.setObjectName("handoverChoose")
        choose.clicked.connect(self.choose)
        self.file = _FileRow(choose)
        self.said = QLabel()
        self.said.setObjectName("handoverSaid")
        self.said.setWordWrap(True)
        self.said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.give_button = QPushButton(self.tr("Hand over"))
        self.give_button.setObjectName("handoverGive")
        self.give_button.clicked.connect(self.give)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("handoverClose")
        close.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow(self.tr("To counter (01–99)"), self.to)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("File"), self.file)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.give_button)
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.said)
        column.addLayout(buttons)

    def choose(self) -> None:
        suggested = Path.home() / f"{self.number}{handover.HANDOVER_SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the hand-over file"),
            str(suggested),
            self.tr("Hand-over files ({0})").format(FILTER),
        )
        if chosen:
            self.file.set(Path(chosen))

    def give(self) -> None:
        if self.file.path is None:
            self._problem(self.tr("Choose where to save the hand-over file first."))
            return
        out = self.file.path
        given = operations.act(
            lambda: handover.give(
                self.context.counter,
                self.context.user,
                number=self.number,
                to=self.to.text(),
                out=out,
                reason=self.reason.text(),
            ),
            messages=ProblemLine(self.said, self.context.lang, style=_ERROR_STYLE),
        )
        if given is None:
            return
        self.given = given.value
        self.said.setStyleSheet("")
        self.said.setText(
            self.tr(
                "Case {0} is handed over to counter {1}; this PC keeps a read-only copy. Tell "
                "that counter this code (never write it on the stick): {2}"
            ).format(self.given.number, self.given.receiver, self.given.code)
        )
        self.give_button.setEnabled(False)

    def _problem(self, message: str) -> None:
        self.said.setStyleSheet(_ERROR_STYLE)
        self.said.setText(message)


class ReceiveDialog(QDialog):
    """Take in a case another counter of the station handed to this one."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiveDialog")
        self.context = context
        self.received: handover.Received | None = None
        self.setWindowTitle(self.tr("Receive a case from another counter"))
        self.setMinimumWidth(520)
        choose = QPushButton(self.tr("Choose the file…"))
        choose.setObjectName("receiveChoose")
        choose.clicked.connect(self.choose)
        self.file = _FileRow(choose)
        self.code = QLineEdit()
        self.code.setObjectName("receiveCode")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.said = QLabel()
        self.said.setObjectName("receiveSaid")
        self.said.setWordWrap(True)
        self.take_button = QPushButton(self.tr("Receive"))
        self.take_button.setObjectName("receiveTake")
        self.take_button.clicked.connect(self.take)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow(self.tr("File"), self.file)
        form.addRow(self.tr("Hand-over code"), self.code)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.take_button)
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.said)
        column.addLayout(buttons)

    def choose(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a hand-over file"),
            str(Path.home()),
            self.tr("Hand-over files ({0})").format(FILTER),
        )
        if chosen:
            self.file.set(Path(chosen))

    def take(self) -> None:
        if self.file.path is None:
            self._problem(self.tr("Choose the hand-over file first."))
            return
        file = self.file.path
        received = operations.act(
            lambda: handover.receive(
                self.context.counter, self.context.user, file=file, code=self.code.text()
            ),
            messages=ProblemLine(self.said, self.context.lang, style=_ERROR_STYLE),
        )
        if received is None:
            return
        self.received = received.value
        self.said.setStyleSheet("")
        self.said.setText(
            self.tr("Case {0} received from counter {1}; it is this counter's now.").format(
                self.received.number, self.received.giver
            )
        )
        self.take_button.setEnabled(False)

    def _problem(self, message: str) -> None:
        self.said.setStyleSheet(_ERROR_STYLE)
        self.said.setText(message)
