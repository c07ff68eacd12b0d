"""One required document in the wizard's documents step: its finding, its check questions,
a note, the scans (attached, dropped or captured) and, for the identity card, the answer from
the card read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from hukou_desk.domain.cards import CardStanding
from hukou_desk.domain.checks import CheckState
from hukou_desk.services import intake
from hukou_desk.services.cards import CardReading
from hukou_desk.ui.capture import CaptureDialog
from hukou_desk.ui.card_reading import (
    FaceCheck,
)
from hukou_desk.ui.labels import check_state_names

if TYPE_CHECKING:
    from hukou_desk.ui.wizard_documents import DocumentsStep


IDENTITY_CARD = "resident_id_card"  # forms/documents.toml
STATE_ORDER = (
    CheckState.PENDING,
    CheckState.PRESENTED,
    CheckState.VERIFIED,
    CheckState.MISSING,
    CheckState.MISMATCH,
    CheckState.NOT_APPLICABLE,
)


class CheckBox(QGroupBox):
    """One required document: its finding, its check questions, a note and the scans.

    Files dropped on it, or chosen with the Attach button, are attached to the check.
    """

    def __init__(self, step: DocumentsStep, check: intake.Finding, files: list[str]) -> None:
        super().__init__()
        self.step = step
        self.document_id, self.party = check.document_id, check.party
        self.setObjectName(f"check_{check.document_id}_{check.party}")
        context = step.context
        document = context.policy.documents.get(check.document_id)
        title = document.name(context.lang) if document else check.document_id
        self.setTitle(f"{title} — {step.party_name(check.party)}")
        self.setAcceptDrops(True)
        names = check_state_names()
        self.state = QComboBox()
        self.state.setObjectName("checkState")
        for value in STATE_ORDER:
            self.state.addItem(names[value], value.value)
        self.state.setCurrentIndex(max(self.state.findData(check.state), 0))
        self.questions: dict[str, QCheckBox] = {}
        column = QVBoxLayout(self)
        forms = {
            "original_inspected": self.tr("original inspected"),
            "original_inspected_copy_kept": self.tr("original inspected, copy kept"),
            "original_kept": self.tr("original kept"),
        }
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Finding")))
        top.addWidget(self.state)
        top.addStretch()
        if document is not None:
            top.addWidget(QLabel(forms[document.form]))
        column.addLayout(top)
        for question in document.checks if document else ():
            box = QCheckBox(question.text(context.lang))
            box.setObjectName(f"question_{question.id}")
            box.setChecked(bool(check.answers.get(question.id)))
            self.questions[question.id] = box
            column.addWidget(box)
            box.toggled.connect(self.save)
        self.note = QLineEdit(check.note)
        self.note.setObjectName("checkNote")
        self.note.setPlaceholderText(self.tr("note (optional)"))
        self.recorded = check.state
        self.settled = QLabel()
        self.settled.setObjectName("checkSettled")
        self.settled.setWordWrap(True)
        self.settled.setStyleSheet("color:#b00020")
        self.settled.hide()
        self.files = QLabel()
        self.files.setObjectName("checkFiles")
        self.files.setWordWrap(True)
        attach = QPushButton(self.tr("Attach scan…"))
        attach.setObjectName("attachButton")
        attach.clicked.connect(self.choose_files)
        capture_button = QPushButton(self.tr("Capture…"))
        capture_button.setObjectName("captureButton")
        capture_button.setToolTip(self.tr("Pages from the document camera or from files"))
        capture_button.clicked.connect(lambda: self.capture())
        self.document_title = title
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 2)
        bottom.addWidget(capture_button)
        bottom.addWidget(attach)
        # The identity card check answered from the card read, the clerk confirming the face.
        self.from_card: QPushButton | None = None
        if check.document_id == IDENTITY_CARD and step.card_of(check.party) is not None:
            self.from_card = QPushButton(self.tr("Answer from the card read…"))
            self.from_card.setObjectName("fromCardButton")
            self.from_card.clicked.connect(lambda: self.answer_from_card())
            bottom.insertWidget(1, self.from_card)
        # One key for the usual finding: the paper is here and every check holds (HOLDS_KEY,
        # anywhere in this document); for a card read, the face check it needs first.
        self.holds = QPushButton(self.tr("It holds (Ctrl+Enter)"))
        self.holds.setObjectName("holdsButton")
        self.holds.setToolTip(
            self.tr("Verified, every check question answered yes; the card read asks the face")
        )
        self.holds.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its key is Ctrl+Enter; Tab goes on
        self.holds.clicked.connect(lambda: self.all_hold())
        top.insertWidget(2, self.holds)
        column.addLayout(bottom)
        column.addWidget(self.settled)
        column.addWidget(self.files)
        self.show_files(files)
        self.state.currentIndexChanged.connect(self.save)
        self.note.editingFinished.connect(self.save)

    def capture(self) -> CaptureDialog | None:
        """Pages taken at the counter, straight into this document's scans."""
        case_id = self.step.case_id
        if case_id is None:
            return None
        dialog = CaptureDialog(
            self.step.context,
            case_id=case_id,
            document_id=self.document_id,
            party=self.party,
            title=f"{self.document_title} {self.step.party_name(self.party)}",
            parent=self,
        )
        dialog.attached.connect(self.show_files)
        dialog.open()
        return dialog

    def all_hold(self) -> None:
        """The clerk has the paper in hand and every check holds: verified, each question
        yes, recorded at once; then on to the next document. A card read answers its own
        questions once the clerk has looked at the face."""
        if self.from_card is not None:
            self.answer_from_card()
            return
        for box in self.questions.values():
            box.blockSignals(True)
            box.setChecked(True)
            box.blockSignals(False)
        self.state.blockSignals(True)
        self.state.setCurrentIndex(max(0, self.state.findData(CheckState.VERIFIED.value)))
        self.state.blockSignals(False)
        self.save()
        self.step.go_on_from(self)

    def answer_from_card(self) -> None:
        reading = self.step.card_of(self.party)
        if reading is None:
            return
        face = FaceCheck(reading, reading.photo, self)
        face.answered.connect(lambda same: self.answered_from_card(reading, same))
        face.open()  # over the step, without blocking: the clerk looks, then answers

    def answered_from_card(self, reading: CardReading, same: bool) -> None:
        """The read answers the number and the dates; the clerk's eyes answer the face."""
        answers = {
            "holder_matches": same,
            "number_matches": reading.number == self.step.number_of(self.party),
            "in_validity": reading.standing in (CardStanding.VALID, CardStanding.EXPIRING),
        }
        for key, box in self.questions.items():
            if key in answers:
                box.blockSignals(True)
                box.setChecked(answers[key])
                box.blockSignals(False)
        state = CheckState.VERIFIED if all(answers.values()) else CheckState.MISMATCH
        self.state.blockSignals(True)
        self.state.setCurrentIndex(max(0, self.state.findData(state.value)))
        self.state.blockSignals(False)
        if not same and not self.note.text().strip():
            self.note.setText(self.tr("The holder is not the person on the card's photo."))
        self.save()
        self.step.go_on_from(self)

    def show_files(self, files: list[str]) -> None:
        if files:
            self.files.setText(self.tr("Scans: {0}").format("、".join(files)))
        else:
            self.files.setText(self.tr("No scan attached (drop files here)."))

    def show_recorded(self, state: CheckState) -> None:
        """The finding as recorded: a "no" answer turns a verified document into a mismatch
        unless the note says why (the domain's rule); the clerk sees it at once."""
        self.recorded = state
        asked = CheckState(self.state.currentData())
        self.settled.setVisible(asked is CheckState.VERIFIED and state is not asked)
        self.settled.setText(
            self.tr(
                "Recorded as not matching: a check question is answered no. Tick it, or write "
                "in the note why the document still holds."
            )
        )

    def finding(self) -> tuple[CheckState, dict[str, bool], str]:
        answers = {key: box.isChecked() for key, box in self.questions.items()}
        return CheckState(self.state.currentData()), answers, self.note.text().strip()

    def save(self) -> None:
        self.step.record(self)

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Attach scans"),
            str(Path.home()),
            self.tr("Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"),
        )
        for name in names:
            self.step.attach(self, Path(name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.step.attach(self, Path(url.toLocalFile()))
        event.acceptProposedAction()
