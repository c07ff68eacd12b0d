"""Correcting a known person's details: an explicit act, from an opened case, with a reason.

The dialog only shows and asks; `intake.correct_person` decides which cases the correction
reaches (those still undecided with no paper issued) and records the old and new values.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.identity import mask
from hukou_desk.services import intake
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context

# The details a clerk corrects here, in the order of the intake's first step.
FIELDS = ("name", "phone", "current_address", "hukou_address", "hukou_office")


class PersonCorrection(QDialog):
    """One person of the case, their details as the case recorded them, to correct."""

    corrected = Signal(object)  # intake.CorrectionDone

    def __init__(
        self,
        context: Context,
        people: list[tuple[str, intake.RecordedPerson]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.people = people
        self.setWindowTitle(self.tr("Correct a person's details"))
        self.setObjectName("personCorrection")
        self.who = QComboBox()
        self.who.setObjectName("correctionWho")
        for role, person in people:
            self.who.addItem(f"{role}: {person.name} · {mask(person.id_number)}")
        titles = {
            "name": self.tr("Name"),
            "phone": self.tr("Phone"),
            "current_address": self.tr("Current address"),
            "hukou_address": self.tr("Hukou address"),
            "hukou_office": self.tr("Hukou registration office"),
        }
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("Person"), self.who)
        for key in FIELDS:
            field = QLineEdit()
            field.setObjectName(f"correction_{key}")
            self.fields[key] = field
            form.addRow(titles[key], field)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("correctionReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        form.addRow(self.tr("Reason (recorded)"), self.reason)
        scope = QLabel(
            self.tr(
                "The correction is recorded with the old and new values. It reaches this "
                "person's cases still being prepared or waiting for a decision, with no paper "
                "issued; a decided, refused, withdrawn or closed case, or one with an issued "
                "paper, keeps the details it was decided or printed on."
            )
        )
        scope.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Record the correction"))
        ok.setObjectName("correctionOk")
        self.buttons.accepted.connect(lambda: self.submit())
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(scope)
        column.addWidget(self.buttons)
        self.who.currentIndexChanged.connect(lambda: self._fill())
        self._fill()

    def _person(self) -> intake.RecordedPerson:
        return self.people[max(self.who.currentIndex(), 0)][1]

    def _fill(self) -> None:
        person = self._person()
        for key, field in self.fields.items():
            field.setText(getattr(person, key) or "")

    def changes(self) -> dict[str, str]:
        person = self._person()
        return {
            key: field.text().strip()
            for key, field in self.fields.items()
            if field.text().strip() != (getattr(person, key) or "")
        }

    def submit(self) -> None:
        context = self.context
        done = operations.act(
            lambda: intake.correct_person(
                context.counter,
                context.user,
                id_number=self._person().id_number,
                changes=self.changes(),
                reason=self.reason.toPlainText(),
            ),
            messages=context.messages,
        )
        if done is None:
            return
        self.corrected.emit(done.value)
        self.accept()
