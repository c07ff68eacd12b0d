"""Asking once before an official act.

Issuing a numbered notice, submitting, recommending, approving, refusing, withdrawing, returning
a case for documents, issuing a permit anew: each creates something on the file that cannot be
taken back by pressing another key. So each asks once, in words that name the act and what it
creates, with Cancel the default and the escape: a stray Space or Enter, which lands on the
focused button of the box, cancels. Only the act's own button (or Alt+Y) goes ahead.

The box opens over the window without blocking (`open()`, not `exec()`): the act runs when its
button is pressed, and nothing runs when the box is cancelled or closed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from hukou_desk.ui.messages import Messages

OBJECT_NAME = "officialActBox"


def ask(
    messages: Messages,
    *,
    question: str,
    creates: str,
    act: str,
    then: Callable[[], object],
    parent: QWidget | None = None,
) -> QMessageBox:
    """Open the confirmation of one official act; `then` runs only if the clerk says so.

    `question` names the act ("Issue a notice of missing documents for case …?"), `creates`
    what it leaves on the file (the kind of paper, its number when it has one, the audit
    entry), `act` the label of the button that does it.
    """
    box = QMessageBox(parent or messages.window)
    box.setObjectName(OBJECT_NAME)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("OfficialAct", "Please confirm"))
    box.setText(question)
    box.setInformativeText(creates)
    yes = box.addButton(act + " (&Y)", QMessageBox.ButtonRole.AcceptRole)
    yes.setObjectName("confirmAct")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setText(QCoreApplication.translate("OfficialAct", "Cancel"))
    cancel.setObjectName("cancelAct")
    box.setDefaultButton(cancel)  # also takes the focus: Space and Enter both cancel
    box.setEscapeButton(cancel)

    def answered() -> None:
        if box.clickedButton() is yes:
            with messages.guard():
                then()

    box.finished.connect(lambda _result: answered())
    box.open()
    cancel.setFocus()
    return box
