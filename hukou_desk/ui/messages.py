"""The one channel through which the desk speaks to the clerk.

Every screen reports through it: a refusal the clerk can act on (a wrong identity number, a
locked account, a case that cannot move yet) is shown in the clerk's language; anything
unexpected is logged — error type and code locations only, never the error's text, which may
hold personal data — and shown as a short apology with what to do. The app keeps running.

`in_words` is the one place where an action's failure becomes words; `Messages.failed` says
them on the desk, `ProblemLine.failed` on a dialog's own line (the sign-in and the first
start, which come before any desk).
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from PySide6 import QtCore  # Qt.* looked up when used: its first use costs ~10 ms at start
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Language

log = logging.getLogger("hukou_desk")


def in_words(error: BaseException, lang: Language) -> tuple[str, str]:
    """What the clerk is told when an action failed: ("error", the refusal in `lang`) for one
    they can act on, ("unexpected", an apology) for anything else — logged here by its type
    and code locations, never its text."""
    if isinstance(error, HukouDeskError):
        return "error", error.describe(lang)
    if isinstance(error, OSError) and error.errno:
        # The PC refused (a full stick, a folder not writable, a printer gone): the system's
        # own words for the number, never the error's text (it may name a file, an applicant).
        log.error(
            "system refused: %s errno %s\n%s", type(error).__name__, error.errno, _frames(error)
        )
        return "error", QCoreApplication.translate(
            "Messages", "This PC could not do it: {0}."
        ).format(os.strerror(error.errno))
    return "unexpected", apology(error)


def apology(error: BaseException) -> str:
    """For what should not have happened: logged (type and code locations), an apology."""
    log.error("unexpected %s\n%s", type(error).__name__, _frames(error))
    return QCoreApplication.translate(
        "Messages",
        "Something went wrong that should not have. Your work is kept; "
        "try again, and if it happens again tell the station administrator.",
    )


def _frames(error: BaseException) -> str:
    return "".join(traceback.format_tb(error.__traceback__))


class Says(Protocol):
    """Where an action's failure is said: the desk's messages, or a dialog's problem line."""

    def failed(self, error: BaseException) -> None: ...


class ProblemLine:
    """A dialog's own line for what went wrong (the sign-in, the first start, a restore)."""

    def __init__(self, label: QLabel, lang: Language, *, style: str | None = None) -> None:
        self.label = label
        self.lang = lang
        self.style = style  # a line that also says what went right: its look for a problem

    def failed(self, error: BaseException) -> None:
        if self.style is not None:
            self.label.setStyleSheet(self.style)
        self.label.setText(in_words(error, self.lang)[1])


class Quietly:
    """Says an action's failure on `says`, but for a refusal the clerk can act on (a write
    made on the way, the clerk still typing: the refusal is said when they ask for the step)."""

    def __init__(self, says: Says) -> None:
        self.says = says

    def failed(self, error: BaseException) -> None:
        if not isinstance(error, HukouDeskError):
            self.says.failed(error)


class Boxes:
    """How the desk puts what it says in front of the clerk: message boxes over its window.
    A screen that must show none (a documentation screenshot, a test) hands its own."""

    def error(self, window: QWidget | None, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("Messages", "Cannot do that"),
            message,
            parent=window,
        )
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def sorry(self, window: QWidget | None, message: str) -> None:
        QMessageBox.critical(window, QCoreApplication.translate("Messages", "Sorry"), message)

    def confirm(self, window: QWidget | None, question: str) -> bool:
        return self.question_box(window, question).exec() == QMessageBox.StandardButton.Yes

    def question_box(self, window: QWidget | None, question: str) -> QMessageBox:
        """Yes / No with No the default: Enter on a question never withdraws or deletes."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("Messages", "Please confirm"),
            question,
            parent=window,
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box


class Messages(QObject):
    """Errors, notices and questions, in the clerk's language; `history` keeps what was said
    in this window, `boxes` shows it."""

    said = Signal(str, str)  # level ("info", "error", "unexpected", "question"), text

    def __init__(self, lang: Language, boxes: Boxes | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.boxes = boxes if boxes is not None else Boxes()
        self.history: list[tuple[str, str]] = []
        self.window: QWidget | None = None  # boxes open over it

    def _say(self, level: str, message: str) -> None:
        self.history.append((level, message))
        self.said.emit(level, message)

    def info(self, message: str) -> None:
        """A passing notice (the status bar shows it)."""
        self._say("info", message)

    def error(self, problem: HukouDeskError | str) -> None:
        message = problem.describe(self.lang) if isinstance(problem, HukouDeskError) else problem
        self._say("error", message)
        self.boxes.error(self.window, message)

    def failed(self, error: BaseException) -> None:
        """An action failed: said in words (`in_words`), a box on screen."""
        level, message = in_words(error, self.lang)
        if level == "error":
            self.error(message)
        else:
            self._sorry(message)

    def unexpected(self, error: BaseException) -> None:
        """Something that should not have happened, whatever its type: logged, an apology."""
        self._sorry(apology(error))

    def _sorry(self, message: str) -> None:
        self._say("unexpected", message)
        self.boxes.sorry(self.window, message)

    def confirm(self, question: str) -> bool:
        """A yes/no question, No the default."""
        self._say("question", question)
        return self.boxes.confirm(self.window, question)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Run a clerk's action: its refusal or failure becomes a message, not a crash."""
        try:
            yield
        except Exception as exc:
            self.failed(exc)
