"""A supervisor sends a case back for documents: which documents, and what is wrong with them.

The dialog only asks; the return itself (the findings, the move, the paused clock) is
`services.decisions.return_for_documents`, after the clerk's confirmation of the notice it
leads to.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.services import decisions, intake
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context
from hukou_desk.ui.labels import party_name
from hukou_desk.ui.messages import ProblemLine


class ReturnForDocuments(QDialog):
    """The case's required documents as ticks, and one note for the notice."""

    def __init__(self, context: Context, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("returnForDocuments")
        self.setWindowTitle(self.tr("Return case {0} for documents").format(number))
        found = intake.open_case(context.counter, context.user, number=number)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(self.tr("Which documents must the applicant bring?")))
        self.documents: dict[tuple[str, str], QCheckBox] = {}
        for check in found.checks:
            document = context.policy.documents.get(check.document_id)
            name = document.name(context.lang) if document else check.document_id
            box = QCheckBox(f"{name} — {party_name(check.party)}")
            box.setObjectName(f"return_{check.document_id}_{check.party}")
            self.documents[(check.document_id, check.party)] = box
            column.addWidget(box)
        column.addWidget(QLabel(self.tr("What is wrong with them (printed on the notice):")))
        self.note = QLineEdit()
        self.note.setObjectName("returnNote")
        column.addWidget(self.note)
        self.problem = QLabel()
        self.problem.setObjectName("returnProblem")
        self.problem.setStyleSheet("color:#b00020")
        self.problem.setWordWrap(True)
        column.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def accept(self) -> None:
        """OK goes on only with a document ticked and a note (the service's rule, said here)."""
        checked = operations.act(
            lambda: decisions.check_return(self.lacking(), self.note.text()),
            messages=ProblemLine(self.problem, self.context.lang),
        )
        if checked is not None:
            super().accept()

    def lacking(self) -> list[tuple[str, str]]:
        return [key for key, box in self.documents.items() if box.isChecked()]
