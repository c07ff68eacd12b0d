"""Step 1 of the wizard, the applicant: the identity number first (typed or read from the
card), the person found if already known, the origin office offered from the card's address.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.codes import ETHNICITIES
from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.identity import IdentityNumber, parse_identity_number
from hukou_desk.domain.lifecycle import STATUS_TITLES, CaseStatus
from hukou_desk.services import intake
from hukou_desk.services.cards import CardReading
from hukou_desk.ui.card_reading import (
    READ_KEY,
    CardReads,
    mark_read,
    shortcut,
)
from hukou_desk.ui.card_reading import summary as card_summary
from hukou_desk.ui.context import Context
from hukou_desk.ui.fields import searchable
from hukou_desk.ui.wizard_step import State, Step

OPEN_STATUSES = (
    CaseStatus.DRAFT,
    CaseStatus.NEEDS_DOCUMENTS,
    CaseStatus.SUBMITTED,
    CaseStatus.RECOMMENDED,
)
_GOOD = "color:#1b7f3b"
_BAD = "color:#b00020"


class ApplicantStep(Step):
    """The identity number first: validated as typed, the person found if already known."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Applicant")
        self.case_id: uuid.UUID | None = None  # the wizard's own case, not a duplicate
        self._looked_up = ""
        self.id_number = QLineEdit()
        self.id_number.setObjectName("applicantIdNumber")
        self.id_number.setPlaceholderText(self.tr("18 characters, as on the identity card"))
        self.id_number.setMaxLength(20)
        self.feedback = QLabel()
        self.feedback.setObjectName("applicantIdFeedback")
        self.feedback.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("applicantName")
        self.phone = QLineEdit()
        self.phone.setObjectName("applicantPhone")
        self.current_address = QLineEdit()
        self.current_address.setObjectName("applicantAddress")
        self.hukou_address = QLineEdit()
        self.hukou_address.setObjectName("applicantHukouAddress")
        # Printed on the application form and the approval slip (GB 3304; the origin office).
        self.ethnicity = QComboBox()
        self.ethnicity.setObjectName("applicantEthnicity")
        self.ethnicity.addItem(self.tr("— choose —"), "")
        for code, name in ETHNICITIES.items():
            self.ethnicity.addItem(f"{code} {name}", code)
        searchable(self.ethnicity, context.messages.error)  # 汉, 壮… find it
        self.hukou_office = QLineEdit()
        self.hukou_office.setObjectName("applicantHukouOffice")
        self.hukou_office.setPlaceholderText(
            self.tr("type part of the name (恩城, 台城…) and choose; an office elsewhere in full")
        )
        # The city's offices from the reference data: any part of the name finds them.
        offices = QCompleter(intake.registration_offices(context.counter), self.hukou_office)
        offices.setFilterMode(Qt.MatchFlag.MatchContains)
        offices.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        offices.setMaxVisibleItems(12)
        self.hukou_office.setCompleter(offices)
        # 读卡: the card fills the identity, F2 wherever the focus is in this step.
        self.reads = CardReads(context, self)
        self.card: CardReading | None = None
        self.card_kept = False
        self.from_card = False
        self.read_button = QPushButton(self.tr("Read card (F2)"))
        self.read_button.setObjectName("applicantReadCard")
        self.read_button.clicked.connect(lambda: self.read_card())
        self.read_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F2 is its key; Tab goes on
        shortcut(self, READ_KEY, self.read_card)
        self.card_label = QLabel()
        self.card_label.setObjectName("applicantCard")
        self.card_label.setWordWrap(True)
        self.card_label.setTextFormat(Qt.TextFormat.RichText)
        self.card_label.hide()
        number_row = QHBoxLayout()
        number_row.addWidget(self.id_number, 1)
        number_row.addWidget(self.read_button)
        form = QFormLayout()
        form.addRow(self.tr("Identity number"), number_row)
        form.addRow("", self.card_label)
        form.addRow("", self.feedback)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Current address"), self.current_address)
        form.addRow(self.tr("Hukou address"), self.hukou_address)
        form.addRow(self.tr("Hukou registration office"), self.hukou_office)
        form.addRow(self.tr("Ethnicity"), self.ethnicity)
        self.glyphs = QLabel()
        self.glyphs.setObjectName("applicantNameGlyphs")
        self.glyphs.setWordWrap(True)
        self.glyphs.setStyleSheet(_BAD)
        self.glyphs.hide()
        form.insertRow(4, "", self.glyphs)  # under the name
        self.name.editingFinished.connect(self.check_name)
        self.known = QLabel()
        self.known.setObjectName("applicantKnown")
        self.known.setWordWrap(True)
        # A known person's details are offered, never written in unasked: the clerk copies them.
        self.copy_known = QPushButton(self.tr("Copy the known details"))
        self.copy_known.setObjectName("copyKnownDetails")
        self.copy_known.hide()
        self.copy_known.clicked.connect(lambda: self.copy_known_details())
        self.known_person: intake.RecordedPerson | None = None
        self.differs = QLabel()
        self.differs.setObjectName("applicantNameDiffers")
        self.differs.setWordWrap(True)
        self.differs.setStyleSheet(_BAD)
        self.differs.hide()
        self.open_cases = QListWidget()
        self.open_cases.setObjectName("applicantOpenCases")
        self.open_cases.setMaximumHeight(120)
        self.open_cases.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.known)
        column.addWidget(self.differs)
        column.addWidget(self.copy_known, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.open_cases)
        column.addStretch()
        self.id_number.textChanged.connect(self._check)
        for field in (
            self.id_number,
            self.name,
            self.phone,
            self.current_address,
            self.hukou_address,
            self.hukou_office,
        ):
            field.textChanged.connect(self.changed)
        self.ethnicity.currentIndexChanged.connect(self.changed)
        self.name.textChanged.connect(lambda: self._compare_known())
        self._check()

    def _compare_known(self) -> None:
        """A name typed other than the one on record is said, not silently taken either way."""
        person, typed = self.known_person, self.name.text().strip()
        differs = person is not None and bool(typed) and typed != person.name
        self.differs.setVisible(differs)
        if differs and person is not None:
            self.differs.setText(
                self.tr(
                    "The name typed differs from the one on record ({0}). This case records "
                    "what you type; other cases keep theirs. If the record is wrong, correct "
                    "the person from one of their opened cases (Correct a person's details)."
                ).format(person.name)
            )

    def check_name(self) -> None:
        """A character no slip font can print is said at once, with its code point."""
        from hukou_desk.services import printing  # reportlab: loaded when a name is typed

        missing = printing.unprintable(self.name.text())
        self.glyphs.setVisible(bool(missing))
        if missing:
            chars = "、".join(f"{c}（U+{ord(c):04X}）" for c in missing)
            self.glyphs.setText(
                self.tr(
                    "The printing font has no {0}: no paper can be printed with this name. "
                    "Tell the administrator before the applicant leaves."
                ).format(chars)
            )

    def parsed(self) -> IdentityNumber | None:
        try:
            return parse_identity_number(self.id_number.text(), today=self.context.today())
        except InvalidIdentityNumber:
            return None

    def _check(self) -> None:
        raw = self.id_number.text().strip()
        self.open_cases.clear()
        self.open_cases.hide()
        self.known.clear()
        self.known_person = None
        self.copy_known.hide()
        self.differs.hide()
        if not raw:
            self.feedback.clear()
            return
        try:
            number = parse_identity_number(raw, today=self.context.today())
        except InvalidIdentityNumber as exc:
            self.feedback.setStyleSheet(_BAD)
            self.feedback.setText(exc.describe(self.context.lang))
            return
        sex = self.tr("male") if number.sex == "male" else self.tr("female")
        place = number.region.province + number.region.name
        self.feedback.setStyleSheet(_GOOD)
        self.feedback.setText(
            self.tr("Born {0} · {1} · {2}").format(number.birth_date.isoformat(), sex, place)
        )
        with self.context.messages.guard():
            self._look_up(number.number)

    def _look_up(self, number: str) -> None:
        """A known person's details are offered to copy, and their open cases shown."""
        known = intake.look_up_person(
            self.context.counter,
            self.context.user,
            id_number=number,
            open_statuses=OPEN_STATUSES,
            audited=number != self._looked_up,  # the same person again is no new look-up
        )
        self._looked_up = number
        person = known.person
        if person is None:
            self.known.setText(self.tr("Not known at this station yet: a new person."))
            return
        self.known_person = person
        self.copy_known.show()
        self._compare_known()
        on_record = self.tr(
            "Known at this station as {0} (household register: {1}). Copy the known details "
            "to use them, or type them as the applicant gives them: what you enter is recorded "
            "for this case only, and no other case changes."
        ).format(person.name, person.hukou_address or "—")
        others = [r for r in known.open_cases if r.id != self.case_id]
        if not others:
            self.known.setStyleSheet("")
            self.known.setText(on_record)
            return
        self.known.setStyleSheet(_BAD)
        self.known.setText(
            self.tr(
                "Warning: this person already has {0} open case(s). A second application is "
                "usually a duplicate; check with the applicant before going on."
            ).format(len(others))
            + "\n"
            + on_record
        )
        self.open_cases.show()
        for row in others:
            pathway = (
                self.context.policy.pathway(row.pathway_id).title(self.context.lang)
                if row.pathway_id
                else "—"
            )
            status = STATUS_TITLES[row.status](self.context.lang)
            self.open_cases.addItem(f"{row.number} · {pathway} · {status} · {row.application_date}")

    def read_card(self) -> None:
        """读卡: the card on the reader fills this applicant (kept with the case if open)."""
        self.reads.read("applicant", self.fill_from_card, case_id=self.case_id)

    def fill_from_card(self, reading: CardReading) -> None:
        lang = self.context.lang
        self.card_label.show()
        self.card_label.setText(card_summary(reading, lang))
        if not reading.registrable:
            self.context.messages.error(
                self.tr("This card's number cannot stand in a household register: {0}").format(
                    " ".join(p(lang) for p in reading.problems)
                )
            )
            return
        current = self.id_number.text().strip().upper()
        if self.case_id is not None and current and current != reading.number:
            self.context.messages.error(
                self.tr(
                    "This case is opened for another identity number: read that person's "
                    "card, or withdraw the draft and start a new intake for this one."
                )
            )
            return
        self.card, self.from_card = reading, True
        self.card_kept = self.case_id is not None  # read with the case open: kept already
        self.id_number.setText(reading.number)
        mark_read(self.id_number, locked=True)
        for field, value in (
            (self.name, reading.name),
            (self.hukou_address, reading.address),
        ):
            if value:
                field.setText(value)
                mark_read(field)
        if reading.address and not self.current_address.text().strip():
            # Where the applicant lives now, offered as the card's address: Tab arrives with
            # it selected, so what the clerk types replaces it, and Tab keeps it.
            self.current_address.setText(reading.address)
            self.current_address.setToolTip(
                self.tr(
                    "Offered from the card's address: type over it if the applicant lives elsewhere"
                )
            )
        if reading.ethnicity:
            self.ethnicity.setCurrentIndex(max(0, self.ethnicity.findData(reading.ethnicity)))
        # The office keeping the register at the card's address, offered (the clerk may change
        # it: the register may have moved since the card was issued).
        office = intake.office_for_address(self.context.counter, reading.address)
        if office and not self.hukou_office.text().strip():
            self.hukou_office.setText(office)
            self.hukou_office.setToolTip(self.tr("Offered from the card's address"))
        self.check_name()
        self.changed.emit()
        self.phone.setFocus()  # what the card cannot say comes next

    def copy_known_details(self) -> None:
        """The details on record put into the form, as the clerk asked (each can be edited)."""
        person = self.known_person
        if person is None:
            return
        for field, value in (
            (self.name, person.name),
            (self.phone, person.phone),
            (self.current_address, person.current_address),
            (self.hukou_address, person.hukou_address),
            (self.hukou_office, person.hukou_office),
        ):
            field.setText(value)
        if person.ethnicity:
            self.ethnicity.setCurrentIndex(max(0, self.ethnicity.findData(person.ethnicity)))

    def state(self) -> State:
        return {
            "id_number": self.id_number.text().strip(),
            "name": self.name.text().strip(),
            "phone": self.phone.text().strip(),
            "current_address": self.current_address.text().strip(),
            "hukou_address": self.hukou_address.text().strip(),
            "hukou_office": self.hukou_office.text().strip(),
            "ethnicity": self.ethnicity.currentData() or "",
            "read_from_card": self.from_card,
        }

    def restore(self, state: State) -> None:
        if state.get("read_from_card"):
            self.from_card = True
            mark_read(self.id_number, locked=True)
        self.hukou_office.setText(state.get("hukou_office", ""))
        self.ethnicity.setCurrentIndex(max(0, self.ethnicity.findData(state.get("ethnicity", ""))))
        self.name.setText(state.get("name", ""))
        self.phone.setText(state.get("phone", ""))
        self.current_address.setText(state.get("current_address", ""))
        self.hukou_address.setText(state.get("hukou_address", ""))
        self.id_number.setText(state.get("id_number", ""))

    def problem(self) -> str | None:
        if self.parsed() is None:
            return self.tr("Enter a valid identity number first.")
        if not self.name.text().strip():
            return self.tr("Enter the applicant's name.")
        if not self.hukou_office.text().strip():
            return self.tr("Enter the office that keeps the applicant's household register.")
        if not self.ethnicity.currentData():
            return self.tr("Choose the applicant's ethnicity.")
        return None
