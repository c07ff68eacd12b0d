"""The one channel through which the desk speaks to the clerk.

Every screen reports through it: a refusal the clerk can act on (a wrong identity number, a
locked account, a case that cannot move yet) is shown in the clerk's language; anything
unexpected is logged — error type and code locations only, never the error's text, which may
hold personal data — and shown as a short apology with what to do. The app keeps running.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6 import QtCore  # Qt.* looked up when used: its first use costs ~10 ms at start
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Language

log = logging.getLogger("hukou_desk")


class Messages(QObject):
    """Errors, notices and questions, in the clerk's language."""

    said = Signal(str, str)  # level ("info", "error", "unexpected"), text

    def __init__(self, lang: Language, *, interactive: bool = True) -> None:
        super().__init__()
        self.lang = lang
        self.interactive = interactive  # False in tests: recorded, not shown in a box
        self.history: list[tuple[str, str]] = []
        self.window: QWidget | None = None  # boxes open over it
        self.answers: list[bool] = []  # queued answers to `confirm` when not interactive

    def _say(self, level: str, message: str) -> None:
        self.history.append((level, message))
        self.said.emit(level, message)

    def info(self, message: str) -> None:
        """A passing notice (the status bar shows it)."""
        self._say("info", message)

    def error(self, problem: HukouDeskError | str) -> None:
        message = problem.describe(self.lang) if isinstance(problem, HukouDeskError) else problem
        self._say("error", message)
        if self.interactive:
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Cannot do that"), message, parent=self.window
            )
            box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def unexpected(self, error: BaseException) -> None:
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("unexpected %s\n%s", type(error).__name__, frames)
        message = self.tr(
            "Something went wrong that should not have. Your work is kept; "
            "try again, and if it happens again tell the station administrator."
        )
        self._say("unexpected", message)
        if self.interactive:
            QMessageBox.critical(self.window, self.tr("Sorry"), message)

    def confirm(self, question: str) -> bool:
        """A yes/no question; without a screen (tests) the answer is the queued one or no."""
        self._say("question", question)
        if not self.interactive:
            return self.answers.pop(0) if self.answers else False
        return self.confirm_box(question).exec() == QMessageBox.StandardButton.Yes

    def confirm_box(self, question: str) -> QMessageBox:
        """Yes / No with No the default: Enter on a question never withdraws or deletes."""
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Please confirm"), question, parent=self.window
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Run a clerk's action: its refusal or failure becomes a message, not a crash."""
        try:
            yield
        except HukouDeskError as exc:
            self.error(exc)
        except Exception as exc:
            self.unexpected(exc)
