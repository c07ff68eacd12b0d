"""Step 6 of the wizard, the outcome: the engine's result line by line, what is missing, and
the clerk's recommendation.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.engine import RESULT_NAMES, Outcome
from hukou_desk.ui.card_reading import shortcut
from hukou_desk.ui.context import Context
from hukou_desk.ui.finder import explanation_html
from hukou_desk.ui.wizard_step import State, Step


class OutcomeStep(Step):
    """The engine's result line by line, what is still missing, and the clerk's recommendation."""

    submit_requested = Signal()
    documents_requested = Signal()

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Outcome")
        self.labels = {"missing_or_not_matching": self.tr("Missing or not matching")}
        self.outcome: Outcome | None = None
        self.view = QTextBrowser()
        self.view.setObjectName("outcomeView")
        self.approve = QRadioButton(self.tr("Recommend approval"))
        self.approve.setObjectName("recommendApprove")
        self.refuse = QRadioButton(self.tr("Recommend refusal"))
        self.refuse.setObjectName("recommendRefuse")
        group = QButtonGroup(self)
        group.addButton(self.approve)
        group.addButton(self.refuse)
        self.note = QPlainTextEdit()
        self.note.setObjectName("recommendationNote")
        self.note.setPlaceholderText(self.tr("Your note for the supervisor (required)"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        self.submit = QPushButton(self.tr("Submit for approval (Ctrl+Enter)"))
        self.submit.setObjectName("submitButton")
        self.request = QPushButton(self.tr("Ask for the missing documents"))
        self.request.setObjectName("requestDocumentsButton")
        self.submit.clicked.connect(self.submit_requested)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # from the note too, without the mouse
            shortcut(self, keys, self.submit_requested.emit)
        self.request.clicked.connect(self.documents_requested)
        choice = QHBoxLayout()
        choice.addWidget(self.approve)
        choice.addWidget(self.refuse)
        choice.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.request)
        buttons.addWidget(self.submit)
        column = QVBoxLayout(self)
        column.addWidget(self.view, 1)
        column.addLayout(choice)
        column.addWidget(self.note)
        column.addLayout(buttons)
        for button in (self.approve, self.refuse):
            button.toggled.connect(self.changed)
        self.refuse.toggled.connect(self._take_back_the_usual_words)
        self.note.textChanged.connect(self.changed)

    def show_outcome(self, outcome: Outcome | None, lacking: list[str]) -> None:
        self.outcome = outcome
        lang = self.context.lang
        if outcome is None:
            self.view.setHtml(escape(self.tr("Choose a pathway first.")))
            return
        html = explanation_html(self.context.policy, lang, outcome)
        if lacking:
            html += f"<p><b>{escape(self.labels['missing_or_not_matching'])}</b></p><ul>"
            html += "".join(f"<li>{escape(name)}</li>" for name in lacking)
            html += "</ul>"
        self.view.setHtml(html)
        self.request.setEnabled(bool(lacking))
        if not self.approve.isChecked() and not self.refuse.isChecked():
            # A suggestion the clerk can change: the engine's result.
            if outcome.result.value == "eligible":
                self.approve.setChecked(True)
            elif outcome.result.value == "not_eligible":
                self.refuse.setChecked(True)
        if (
            outcome.result.value == "eligible"
            and not lacking
            and self.recommendation() is True
            and not self.note.toPlainText().strip()
        ):
            # The usual words when all is in order, offered selected: typing replaces them.
            self.note.setPlainText(self._usual_words())
            self.note.selectAll()
        self.result_name = RESULT_NAMES[outcome.result](lang)

    def _usual_words(self) -> str:
        return self.tr("Documents complete and checked; the conditions are met.")

    def _take_back_the_usual_words(self, refusing: bool) -> None:
        """The clerk recommends refusal: the words of approval offered are not hers."""
        if refusing and self.note.toPlainText() == self._usual_words():
            self.note.clear()

    def recommendation(self) -> bool | None:
        if self.approve.isChecked():
            return True
        if self.refuse.isChecked():
            return False
        return None

    def state(self) -> State:
        return {"approve": self.recommendation(), "note": self.note.toPlainText()}

    def restore(self, state: State) -> None:
        if state.get("approve") is True:
            self.approve.setChecked(True)
        elif state.get("approve") is False:
            self.refuse.setChecked(True)
        self.note.setPlainText(state.get("note", ""))
