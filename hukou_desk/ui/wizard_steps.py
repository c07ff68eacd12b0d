"""The six steps of the new-case wizard, each a widget that can give and take back its state.

A step's `state()` is plain JSON (what the clerk typed); `restore(state)` puts it back, so the
wizard can autosave, survive a crash or a change of language, and resume a draft. Document
findings are different: each is an act of the clerk and is recorded in the case at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.cards import CardStanding
from hukou_desk.domain.checks import LACKING, CheckState
from hukou_desk.domain.codes import ETHNICITIES, RELATIONSHIPS
from hukou_desk.domain.engine import RESULT_NAMES, DecidingFact, Outcome, deciding_fact, evaluate
from hukou_desk.domain.errors import HukouDeskError, InvalidIdentityNumber
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.identity import IdentityNumber, parse_identity_number
from hukou_desk.domain.lifecycle import STATUS_TITLES, CaseStatus
from hukou_desk.domain.outcome import render_line
from hukou_desk.domain.parties import PartyRole
from hukou_desk.domain.text import text
from hukou_desk.services import intake
from hukou_desk.services.cards import CardReading
from hukou_desk.ui.capture import CaptureDialog
from hukou_desk.ui.card_reading import (
    READ_KEY,
    RELATIVE_KEY,
    CardReads,
    FaceCheck,
    mark_read,
    shortcut,
)
from hukou_desk.ui.card_reading import summary as card_summary
from hukou_desk.ui.context import Context
from hukou_desk.ui.fields import Choice, RegionBox, searchable
from hukou_desk.ui.finder import OutcomeTree, explanation_html, judge
from hukou_desk.ui.labels import check_state_names, party_name
from hukou_desk.ui.situation import WIZARD_RELATIVE_COLUMNS, RelativesTable, SituationForm

State = dict[str, Any]
OPEN_STATUSES = (
    CaseStatus.DRAFT,
    CaseStatus.NEEDS_DOCUMENTS,
    CaseStatus.SUBMITTED,
    CaseStatus.RECOMMENDED,
)
_GOOD = "color:#1b7f3b"
_BAD = "color:#b00020"


def _scrolled(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


class Step(QWidget):
    changed = Signal()
    title: str

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def state(self) -> State:
        return {}

    def restore(self, state: State) -> None:
        """Put back what `state()` gave."""

    def problem(self) -> str | None:
        """Why the clerk cannot go on from this step yet (None: they can)."""
        return None


# --- 1. applicant ------------------------------------------------------------------------------


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
        self.known_person: intake.Person | None = None
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


# --- 2. situation ------------------------------------------------------------------------------


class SituationStep(Step):
    """Family, home, work and study: the questions open up as the answers make them relevant."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Situation")
        self.form = SituationForm(
            context.policy, context.lang, progressive=True, with_relatives=False
        )
        self.form.hide_field("applicant.id_number")
        self.form.hide_field("sponsor.id_number")  # asked with the other people, in step 4
        self.form.changed.connect(self.changed)
        for field in self.form.fields.values():
            if isinstance(field, RegionBox):
                field.refused = context.messages.error
        hint = QLabel(
            self.tr(
                "Answer what the applicant can tell; more questions appear as they become "
                "relevant. Leave 'not known' where the answer is not known yet."
            )
        )
        hint.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addWidget(_scrolled(self.form))

    def set_applicant(self, id_number: str) -> None:
        self.form.set_value("applicant.id_number", id_number)

    def state(self) -> State:
        facts = self.form.raw_facts()
        facts.get("applicant", {}).pop("id_number", None)
        return facts

    def restore(self, state: State) -> None:
        keep = self.form.fields["applicant.id_number"].fact()
        self.form.restore(state)
        self.form.set_value("applicant.id_number", keep)

    def problem(self) -> str | None:
        for field in self.form.fields.values():
            if isinstance(field, RegionBox) and field.isVisibleTo(self) and field.invalid():
                return self.tr(
                    "“{0}” is not a district: type part of its name, or its six-digit code."
                ).format(field.typed())
        checked = judge(self.form.raw_facts(), self.context.policy)
        if isinstance(checked, str):
            where, why = checked.split("|", 1)
            return self.tr("Check the field {0}: {1}").format(where, why)
        return None


# --- 3. pathway --------------------------------------------------------------------------------


class PathwayStep(Step):
    """The finder's ranked list with its reasons; the clerk picks one, or looks one up by name."""

    chosen = Signal(str)  # picked with Enter or a double-click: go on
    ask_requested = Signal(str)  # the fact path of the deciding question: ask it now

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Pathway")
        self.pathway_id: str | None = None
        # Which facts the situation step can ask right now (set by the wizard).
        self.askable: Callable[[], Collection[str]] = lambda: ()
        self.question: DecidingFact | None = None
        self.search = QLineEdit()
        self.search.setObjectName("pathwaySearch")
        self.search.setPlaceholderText(self.tr("Find a pathway by name"))
        self.search.setClearButtonEnabled(True)
        self.tree = OutcomeTree(context.policy, context.lang)
        self.choice = QLabel()
        self.choice.setObjectName("pathwayChoice")
        # No route eligible yet: the one fact that decides the leading route, and a way back
        # to ask it (Alt+Q).
        self.deciding = QLabel()
        self.deciding.setObjectName("decidingQuestion")
        self.deciding.setWordWrap(True)
        self.ask = QPushButton(self.tr("Ask it now (Alt+Q)"))
        self.ask.setObjectName("askDecidingQuestion")
        self.ask.clicked.connect(self._ask)
        ask_key = QShortcut(QKeySequence("Alt+Q"), self)
        ask_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ask_key.activated.connect(self._ask)
        asking = QHBoxLayout()
        asking.addWidget(self.deciding, 1)
        asking.addWidget(self.ask)
        column = QVBoxLayout(self)
        column.addWidget(self.search)
        column.addWidget(self.tree)
        column.addLayout(asking)
        column.addWidget(self.choice)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._first_visible)
        self.tree.current_changed.connect(self._current)
        self.tree.pathway_chosen.connect(self._picked)

    def show_for(self, raw_facts: dict[str, Any]) -> None:
        judged = judge(raw_facts, self.context.policy)
        keep = self.pathway_id
        if isinstance(judged, str):
            self.tree.set_status(judged.replace("|", ": "))
            return
        outcomes, notices = judged
        self.tree.show_outcomes(
            outcomes, notices, self.tr("Choose the pathway the applicant applies under.")
        )
        self._show_question(raw_facts, outcomes)
        self._filter()
        if keep:
            self.select(keep)

    def _show_question(self, raw_facts: dict[str, Any], outcomes: list[Outcome]) -> None:
        facts = Facts.model_validate(raw_facts)  # judged already: it validates
        self.question = deciding_fact(
            facts, outcomes, self.context.policy, askable=set(self.askable())
        )
        shown = self.question is not None
        self.deciding.setVisible(shown)
        self.ask.setVisible(shown)
        if self.question is not None:
            lang = self.context.lang
            self.deciding.setText(
                self.tr("To settle the leading route, ask first: {0} [{1}]").format(
                    self.question.text(lang), self.question.clause
                )
            )

    def _ask(self) -> None:
        if self.question is not None:
            self.ask_requested.emit(self.question.paths[0])

    def _filter(self) -> None:
        needle = self.search.text().strip().lower()
        for row in range(self.tree.results.topLevelItemCount()):
            item = self.tree.results.topLevelItem(row)
            if item is not None:
                item.setHidden(bool(needle) and needle not in item.text(0).lower())

    def _first_visible(self) -> None:
        for row in range(self.tree.results.topLevelItemCount()):
            item = self.tree.results.topLevelItem(row)
            if item is not None and not item.isHidden() and item.data(0, Qt.ItemDataRole.UserRole):
                self.tree.results.setCurrentItem(item)
                self.tree.results.setFocus()
                return

    def select(self, pathway_id: str) -> None:
        if self.tree.select(pathway_id):
            self.pathway_id = pathway_id
            self._show_choice()

    def _current(self, pathway_id: str) -> None:
        if pathway_id:
            self.pathway_id = pathway_id
            self._show_choice()
            self.changed.emit()

    def _picked(self, pathway_id: str) -> None:
        self._current(pathway_id)
        self.chosen.emit(pathway_id)

    def _show_choice(self) -> None:
        if not self.pathway_id:
            self.choice.clear()
            return
        pathway = self.context.policy.pathway(self.pathway_id)
        self.choice.setText(
            self.tr("Chosen: {0} [{1}]").format(pathway.title(self.context.lang), pathway.clause)
        )

    def state(self) -> State:
        return {"pathway_id": self.pathway_id}

    def restore(self, state: State) -> None:
        self.pathway_id = state.get("pathway_id")
        self._show_choice()

    def problem(self) -> str | None:
        return None if self.pathway_id else self.tr("Choose a pathway.")


# --- 4. people ---------------------------------------------------------------------------------

PARTY_ROLES = (
    PartyRole.SPONSOR,
    PartyRole.PROPERTY_OWNER,
    PartyRole.HOUSEHOLDER,
)


class PartiesStep(Step):
    """Sponsor, home owner, householder and the relatives coming along, judged as typed."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("People")
        self.labels = {
            "no_relative_entered": self.tr("No relative entered."),
            "who_may_come_along": self.tr("Who may come along"),
            "criteria": self.tr("What the route asks"),
        }
        self.pathway_id: str | None = None
        self.base_facts: dict[str, Any] = {}
        self.titles = titles = {
            PartyRole.SPONSOR: self.tr("Sponsor (被投靠人)"),
            PartyRole.PROPERTY_OWNER: self.tr("Property owner"),
            PartyRole.HOUSEHOLDER: self.tr("Householder (户主)"),
        }
        self.people: dict[PartyRole, tuple[QLineEdit, QLineEdit]] = {}
        # 读卡: F2 reads into the line with the focus; Shift+F2 a relative's card, a new line.
        self.case_id: uuid.UUID | None = None
        self.reads = CardReads(context, self)
        self.cards: dict[str, CardReading] = {}  # by party: sponsor, relatives[0]…
        self.read_buttons: dict[PartyRole, QPushButton] = {}
        grid = QFormLayout()
        for role in PARTY_ROLES:
            number, name = QLineEdit(), QLineEdit()
            number.setObjectName(f"{role.value}IdNumber")
            name.setObjectName(f"{role.value}Name")
            number.setPlaceholderText(self.tr("identity number"))
            name.setPlaceholderText(self.tr("name"))
            read = QPushButton(self.tr("Read card"))
            read.setObjectName(f"{role.value}ReadCard")
            read.setToolTip(self.tr("F2 in this line"))
            read.clicked.connect(lambda _=False, r=role: self.read_card(r))
            read.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F2 in the line; Tab goes on
            self.read_buttons[role] = read
            row = QHBoxLayout()
            row.addWidget(number, 3)
            row.addWidget(name, 2)
            row.addWidget(read)
            grid.addRow(titles[role], row)
            self.people[role] = (number, name)
            number.textChanged.connect(self._edited)
            name.textChanged.connect(self._edited)
            if role is PartyRole.HOUSEHOLDER:
                # How the applicant will stand in that household (GB/T 4761, in full): printed
                # on the application form; 02 when the applicant heads a new household.
                relations = [(f"{c} {n(context.lang)}", c) for c, n in RELATIONSHIPS.items()]
                self.householder_relation = Choice(self.tr("not known"), relations)
                self.householder_relation.setObjectName("relationToHouseholder")
                self.householder_relation.changed.connect(self._edited)
                grid.addRow(
                    self.tr("Applicant's relation to the householder"), self.householder_relation
                )
        note = QLabel(self.tr("Leave a line empty when nobody has that role in this case."))
        note.setWordWrap(True)
        self.card_label = QLabel()
        self.card_label.setObjectName("peopleCards")
        self.card_label.setWordWrap(True)
        self.card_label.setTextFormat(Qt.TextFormat.RichText)
        self.card_label.hide()
        self.relatives = RelativesTable(context.lang, WIZARD_RELATIVE_COLUMNS)
        self.relatives.fit_identity_column()
        self.relatives.changed.connect(self._edited)
        read_relative = QPushButton(self.tr("Add a relative from the card (Shift+F2)"))
        read_relative.setObjectName("readRelativeCard")
        read_relative.clicked.connect(lambda: self.read_relative())
        read_relative.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Shift+F2
        shortcut(self, READ_KEY, self.read_focused)
        shortcut(self, RELATIVE_KEY, self.read_relative)
        relatives_box = QGroupBox(self.tr("Relatives who wish to come along (随迁)"))
        relatives_column = QVBoxLayout(relatives_box)
        relatives_column.addWidget(self.relatives)
        relatives_column.addWidget(read_relative, 0, Qt.AlignmentFlag.AlignLeft)
        self.verdicts = QTextBrowser()
        self.verdicts.setObjectName("companionVerdicts")
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(grid)
        left_column.addWidget(note)
        left_column.addWidget(self.card_label)
        left_column.addWidget(relatives_box)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.verdicts)
        split.setSizes([700, 420])
        QVBoxLayout(self).addWidget(split)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.judge)

    def _edited(self) -> None:
        self.changed.emit()
        self._timer.start()

    # --- 读卡 ----------------------------------------------------------------------------------

    def read_focused(self) -> None:
        """F2: into the line that has the focus (a relative's row too), else the first open
        line (the sponsor's, when the route has one)."""
        focus = QApplication.focusWidget()
        for role, (number, name) in self.people.items():
            if focus in (number, name, self.read_buttons[role]):
                self.read_card(role)
                return
        for row in range(self.relatives.table.rowCount()):
            cells = [
                self.relatives.table.cellWidget(row, c) for c in range(len(self.relatives.columns))
            ]
            if focus is not None and any(
                c is focus or (c is not None and c.isAncestorOf(focus)) for c in cells
            ):
                self.read_relative(row)
                return
        for role, (number, _name) in self.people.items():
            if number.isEnabled() and not number.text().strip():
                self.read_card(role)
                return

    def read_card(self, role: PartyRole) -> None:
        number, _name = self.people[role]
        if number.isEnabled():
            self.reads.read(role.value, lambda r: self.fill_line(role, r), case_id=self.case_id)

    def read_relative(self, row: int | None = None) -> None:
        """Shift+F2: a relative's card into a new line (or into `row`)."""
        party = f"relatives[{self.relatives.table.rowCount() if row is None else row}]"
        self.reads.read(party, lambda r: self.fill_relative(r, row), case_id=self.case_id)

    def _said(self, reading: CardReading) -> bool:
        """The read shown under the people; False when its number cannot be used."""
        self.cards[reading.party] = reading
        self.card_label.show()
        self.card_label.setText(
            "<br>".join(
                f"<b>{escape(self.party_label(party))}</b> {card_summary(r, self.context.lang)}"
                for party, r in self.cards.items()
            )
        )
        if not reading.registrable:
            self.context.messages.error(
                self.tr("This card's number cannot stand in a household register: {0}").format(
                    " ".join(p(self.context.lang) for p in reading.problems)
                )
            )
        return reading.registrable

    def party_label(self, party: str) -> str:
        for role, (_number, _name) in self.people.items():
            if role.value == party:
                return self.titles[role]
        return party_name(party)

    def fill_line(self, role: PartyRole, reading: CardReading) -> None:
        if not self._said(reading):
            return
        number, name = self.people[role]
        number.setText(reading.number)
        name.setText(reading.name)
        mark_read(number, locked=True)
        mark_read(name)
        self._edited()  # judged again: the sponsor's age is known now
        # On to what the card cannot say: the next person's line, or how the applicant stands
        # to the householder just read.
        roles = list(self.people)
        following = [r for r in roles[roles.index(role) + 1 :] if self.people[r][0].isEnabled()]
        if role is PartyRole.HOUSEHOLDER:
            self.householder_relation.setFocus()
        elif following:
            self.people[following[0]][0].setFocus()

    def fill_relative(self, reading: CardReading, row: int | None) -> None:
        if not self._said(reading):
            return
        values = {"name": reading.name, "id_number": reading.number}
        if reading.ethnicity:
            values["ethnicity"] = reading.ethnicity
        if row is None or row >= self.relatives.table.rowCount():
            row = self.relatives.add_relative(values)
        else:
            for key, value in values.items():
                self.relatives.relative_cell(row, key).set_fact(value)  # type: ignore[arg-type]
        for key in ("name", "id_number"):
            cell = self.relatives.relative_cell(row, key)
            if isinstance(cell, QLineEdit):
                mark_read(cell, locked=key == "id_number")
        # What the card cannot say: how the relative is related, asked next.
        self.relatives.relative_cell(row, "relationship").setFocus()
        self._edited()

    def set_case(self, base_facts: dict[str, Any], pathway_id: str | None) -> None:
        self.base_facts, self.pathway_id = base_facts, pathway_id
        sponsor = base_facts.get("sponsor")
        number, name = self.people[PartyRole.SPONSOR]
        number.setEnabled(sponsor is not None)
        name.setEnabled(sponsor is not None)
        self.judge()

    def facts(self) -> dict[str, Any]:
        """The situation with the sponsor's number and the relatives, as the engine reads it."""
        data = dict(self.base_facts)
        sponsor_number = self.people[PartyRole.SPONSOR][0].text().strip()
        if data.get("sponsor") is not None and sponsor_number:
            data["sponsor"] = {**data["sponsor"], "id_number": sponsor_number}
        relatives = self.relatives.rows()
        if relatives:
            data["relatives"] = relatives
        else:
            data.pop("relatives", None)
        relation = self.householder_relation.fact()
        destination = dict(data.get("destination") or {})
        destination.pop("relation_to_householder", None)
        if relation is not None:
            destination["relation_to_householder"] = relation
        if destination:
            data["destination"] = destination
        return data

    def outcome(self) -> Outcome | None:
        if not self.pathway_id:
            return None
        try:
            facts = Facts.model_validate(self.facts())
        except ValueError:
            return None
        as_of = facts.application_date or self.context.today()
        pathway = self.context.policy.pathway(self.pathway_id)
        return evaluate(facts, pathway, as_of, self.context.policy)

    def judge(self) -> None:
        outcome = self.outcome()
        lang = self.context.lang
        if outcome is None:
            self.verdicts.setHtml(escape(self.tr("Choose a pathway to judge who may come along.")))
            return
        marks = {
            "allowed": ("#1b7f3b", self.tr("may come")),
            "not_allowed": ("#b00020", self.tr("may not come")),
            "unknown": ("#a36a00", self.tr("to check")),
        }
        parts = [f"<p><b>{escape(self.labels['who_may_come_along'])}</b></p>"]
        if not outcome.companions:
            parts.append(f"<p>{escape(self.labels['no_relative_entered'])}</p>")
        parts.append("<ul>")
        for verdict in outcome.companions:
            colour, label = marks[verdict.status.value]
            who = verdict.name or f"#{verdict.index + 1}"
            relation = RELATIONSHIPS.get(verdict.relationship or "")
            relation_text = f" ({relation(lang)})" if relation else ""
            parts.append(
                f"<li><span style='color:{colour}'><b>{escape(label)}</b></span> "
                f"{escape(who)}{escape(relation_text)} — {escape(verdict.reason(lang))} "
                f"[{verdict.clause}]</li>"
            )
        parts.append("</ul>")
        # The route's own criteria, so a wrong sponsor or home shows here too, with its clause.
        parts.append(f"<p><b>{escape(self.labels['criteria'])}</b></p><ul>")
        for line in outcome.lines:
            said = render_line(line, lang)
            detail = f" — {escape(said.detail)}" if said.detail else ""
            parts.append(
                f"<li><span style='color:{said.colour}'>{said.mark}</span> "
                f"[{escape(said.clause)}] {escape(said.text)}{detail}</li>"
            )
        parts.append("</ul>")
        self.verdicts.setHtml("".join(parts))

    def parties(self) -> list[intake.Party]:
        """Every filled line: role, identity number, name, relationship, and a relative's
        details (marital status, ethnicity, education) as the printed papers need them."""
        out: list[intake.Party] = []
        sponsor_relation = (self.base_facts.get("sponsor") or {}).get("relationship")
        for role, (number, name) in self.people.items():
            if number.isEnabled() and (number.text().strip() or name.text().strip()):
                relation = sponsor_relation if role is PartyRole.SPONSOR else None
                out.append(intake.Party(role, number.text().strip(), name.text().strip(), relation))
        for relative in self.relatives.rows():
            details = {
                key: str(relative[key])
                for key in ("marital_status", "ethnicity", "education")
                if relative.get(key) is not None
            }
            out.append(
                intake.Party(
                    PartyRole.RELATIVE,
                    str(relative.get("id_number", "")),
                    str(relative.get("name", "")),
                    relative.get("relationship"),
                    details,
                )
            )
        return out

    def state(self) -> State:
        return {
            "people": {
                role.value: [number.text(), name.text()]
                for role, (number, name) in self.people.items()
            },
            "relatives": self.relatives.rows(),
            "relation_to_householder": self.householder_relation.fact(),
        }

    def restore(self, state: State) -> None:
        for role, (number, name) in self.people.items():
            values = state.get("people", {}).get(role.value, ["", ""])
            number.setText(values[0])
            name.setText(values[1])
        self.relatives.set_rows(state.get("relatives", []))
        self.householder_relation.set_fact(state.get("relation_to_householder"))

    def problem(self) -> str | None:
        today = self.context.today()
        for party in self.parties():
            try:
                parse_identity_number(party.id_number, today=today)
            except InvalidIdentityNumber as exc:
                who = party.name or self.tr("a person")
                return f"{who}: {exc.describe(self.context.lang)}"
            if not party.name:
                return self.tr("Enter the name for the identity number {0}.").format(
                    party.id_number
                )
            if party.relationship is None and party.role is PartyRole.RELATIVE:
                return self.tr("Choose how {0} is related to the applicant.").format(party.name)
            if party.role is PartyRole.HOUSEHOLDER and self.householder_relation.fact() is None:
                return self.tr("Choose how the applicant stands to the householder {0}.").format(
                    party.name
                )
        return None


# --- 5. documents ------------------------------------------------------------------------------

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
        self.scroller = _scrolled(self.inner)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.scroller)

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
        for box in self.boxes:
            box.deleteLater()
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


# --- 6. outcome --------------------------------------------------------------------------------


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
        self.submit = QPushButton(self.tr("Submit for approval"))
        self.submit.setObjectName("submitButton")
        self.request = QPushButton(self.tr("Ask for the missing documents"))
        self.request.setObjectName("requestDocumentsButton")
        self.submit.clicked.connect(self.submit_requested)
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
        self.result_name = RESULT_NAMES[outcome.result](lang)

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
