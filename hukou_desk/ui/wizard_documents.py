"""Step 5 of the wizard, the documents: every document the pathway requires, checked one by
one, each finding saved at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from hukou_desk.domain.checks import LACKING, CheckState
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.services import intake
from hukou_desk.services.cards import CardReading
from hukou_desk.ui.card_reading import shortcut
from hukou_desk.ui.context import Context
from hukou_desk.ui.labels import party_name
from hukou_desk.ui.wizard_check import CheckBox
from hukou_desk.ui.wizard_step import Step, scrolled

# The document in hand holds: verified, every check question yes (Return and keypad Enter).
HOLDS_KEYS = ("Ctrl+Return", "Ctrl+Enter")


class DocumentsStep(Step):
    """Every document the pathway requires, checked one by one; each finding saved at once."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Documents")
        self.case_id: uuid.UUID | None = None
        self.boxes: list[CheckBox] = []
        self.relative_names: list[str] = []
        # The cards read in this intake, by party, and each party's number (set by the wizard).
        self.cards: Callable[[], dict[str, CardReading]] = dict
        self.numbers: Callable[[], dict[str, str]] = dict
        self.summary = QLabel()
        self.summary.setObjectName("documentsSummary")
        self.summary.setWordWrap(True)
        self.inner = QWidget()
        self.list = QVBoxLayout(self.inner)
        self.scroller = scrolled(self.inner)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.scroller)
        for keys in HOLDS_KEYS:
            shortcut(self, keys, self.holds_focused)

    def holds_focused(self) -> None:
        """Ctrl+Enter: the document with the focus holds (else the first not checked)."""
        focus = QApplication.focusWidget()
        box = next((b for b in self.boxes if focus is not None and b.isAncestorOf(focus)), None)
        if box is None:
            box = next((b for b in self.boxes if b.recorded is CheckState.PENDING), None)
        if box is not None:
            box.all_hold()

    def go_on_from(self, box: CheckBox) -> None:
        """After a finding made by one key: the next document without one, in view."""
        following = self.boxes[self.boxes.index(box) + 1 :] + self.boxes
        target = next((b for b in following if b.recorded is CheckState.PENDING), None)
        if target is None:
            box.state.setFocus()  # all checked: Enter (or Alt+→) goes on from here
            return
        target.state.setFocus()
        self.scroller.ensureWidgetVisible(target)

    def card_of(self, party: str) -> CardReading | None:
        return self.cards().get(party)

    def number_of(self, party: str) -> str:
        return self.numbers().get(party, "")

    def party_name(self, party: str) -> str:
        """Whose paper, a relative by name (随迁人员1 陈乐乐)."""
        shown = party_name(party)
        if party.startswith("relatives["):
            index = int(party[len("relatives[") : -1])
            if index < len(self.relative_names) and self.relative_names[index]:
                return f"{shown} {self.relative_names[index]}"
        return shown

    def load(self, case_id: uuid.UUID, relative_names: list[str] | None = None) -> None:
        self.case_id = case_id
        self.relative_names = relative_names or []
        # Everything of the last showing goes, its stretch too: stretches left behind piled up
        # above the documents, and a second visit opened on an empty page.
        while (item := self.list.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        self.boxes = []
        for finding in intake.findings(self.context.counter, self.context.user, case_id=case_id):
            box = CheckBox(self, finding, finding.files)
            self.boxes.append(box)
            self.list.addWidget(box)
        self.list.addStretch()
        self._summarise()

    def unchecked(self) -> int:
        """How many documents have no finding yet."""
        return sum(1 for box in self.boxes if box.recorded is CheckState.PENDING)

    def first_open(self) -> QWidget | None:
        """Where the clerk goes on: the first document without a finding, else the first
        check question not ticked, else the first finding."""
        for box in self.boxes:
            if box.recorded is CheckState.PENDING:
                return box.state
        for box in self.boxes:
            for question in box.questions.values():
                if not question.isChecked():
                    return question
        return self.boxes[0].state if self.boxes else None

    def _summarise(self) -> None:
        states = [box.recorded for box in self.boxes]
        open_ = sum(1 for s in states if s is CheckState.PENDING)
        lacking = sum(1 for s in states if s in LACKING)
        if not self.boxes:
            self.summary.setText(self.tr("This pathway asks for no document."))
            return
        self.summary.setText(
            self.tr("{0} documents: {1} not checked yet, {2} missing or not matching.").format(
                len(states), open_, lacking
            )
        )

    def record(self, box: CheckBox) -> None:
        assert self.case_id is not None
        state, answers, note = box.finding()
        with self.context.messages.guard():
            recorded = intake.record_finding(
                self.context.counter,
                self.context.user,
                case_id=self.case_id,
                document_id=box.document_id,
                party=box.party,
                state=state,
                answers=answers,
                note=note,
            )
            box.show_recorded(recorded)
        self._summarise()
        self.changed.emit()

    def attach(self, box: CheckBox, path: Path) -> None:
        assert self.case_id is not None
        with self.context.messages.guard():
            try:
                content = path.read_bytes()
            except OSError:
                raise HukouDeskError(
                    text(
                        f"无法读取文件 {path.name}。",
                        f"The file {path.name} cannot be read.",
                    )
                ) from None
            names = intake.attach_scan(
                self.context.counter,
                self.context.user,
                case_id=self.case_id,
                document_id=box.document_id,
                party=box.party,
                file_name=path.name,
                content=content,
            )
            box.show_files(names)
            self.context.messages.info(self.tr("Attached {0}.").format(path.name))
