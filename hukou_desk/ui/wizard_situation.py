"""Step 2 of the wizard, the situation: family, home, work and study.

What the plan allows to be known already is offered: the destination district is the
station's own (a station takes applications into its district only), and the districts where
the applicant's and the sponsor's household registers are kept come from their cards'
addresses. The sponsor's card can be read here (F2 in the sponsor's questions): the read goes
on to the people step, where the sponsor's line is then filled.
"""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.regions import region_of_address
from hukou_desk.services import intake
from hukou_desk.services.cards import CardReading
from hukou_desk.ui.card_reading import READ_KEY, CardReads, shortcut
from hukou_desk.ui.card_reading import summary as card_summary
from hukou_desk.ui.context import Context
from hukou_desk.ui.fields import LISTED_REGIONS, RegionBox
from hukou_desk.ui.finder import judge
from hukou_desk.ui.situation import SituationForm
from hukou_desk.ui.wizard_step import State, Step, scrolled

DESTINATION = "destination.district"
HOME_KIND, HOME = "sponsor.residence.kind", "sponsor.residence.district"
ADDRESS_KEY = "Alt+A"  # the applicant lives at the sponsor's address (and back)


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
            + " "
            + self.tr(
                "F6 goes to the next group of questions (Shift+F6 back); F2 among the "
                "sponsor's questions reads the sponsor's card."
            )
        )
        hint.setWordWrap(True)
        # 读卡: the sponsor's card, F2 in the sponsor's questions (kept for the people step).
        self.case_id: uuid.UUID | None = None
        self.reads = CardReads(context, self)
        self.sponsor_card: CardReading | None = None
        self.district: str | None = None  # the station's, asked once
        shortcut(self, READ_KEY, self.read_focused)
        self.card_label = QLabel()
        self.card_label.setObjectName("situationCard")
        self.card_label.setWordWrap(True)
        self.card_label.setTextFormat(Qt.TextFormat.RichText)
        self.card_label.hide()
        # Where the applicant lives now, once the sponsor's card is read: its address offered
        # beside the applicant's own (one key, and the same key back), never taken unasked.
        # The field itself is step 1's (set by the wizard): shown here, edited there.
        self.applicant_address: QLineEdit | None = None
        self._own_address = ""  # what step 1 held before the sponsor's address was taken
        self.address_label = QLabel()
        self.address_label.setObjectName("situationApplicantAddress")
        self.address_label.setWordWrap(True)
        self.address_button = QPushButton()
        self.address_button.setObjectName("sponsorAddressButton")
        self.address_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+A is its key
        self.address_button.clicked.connect(lambda: self.toggle_address())
        shortcut(self, ADDRESS_KEY, self.toggle_address)
        self.address_row = QWidget()
        address_row = QHBoxLayout(self.address_row)
        address_row.setContentsMargins(0, 0, 0, 0)
        address_row.addWidget(self.address_label, 1)
        address_row.addWidget(self.address_button)
        self.address_row.hide()
        # The sponsor's home, once its kind is said, offered in the destination district.
        self._restoring = False
        self.form.fields[HOME_KIND].changed.connect(lambda _index: self._offer_home())
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addWidget(self.card_label)
        column.addWidget(self.address_row)
        column.addWidget(scrolled(self.form))

    def set_applicant(self, id_number: str) -> None:
        self.form.set_value("applicant.id_number", id_number)

    def offer(self, applicant_card: CardReading | None) -> None:
        """What is known already, offered where nothing is answered yet: the station's
        district as the destination, the applicant's register district from their card."""
        if self.district is None:
            with self.context.messages.guard():
                self.district = intake.station_district(self.context.counter, self.context.user)
        if self.district and self.form.fields[DESTINATION].fact() is None:
            self.form.set_value(DESTINATION, self.district)
        if applicant_card is not None:
            self._from_address("applicant.hukou_region", applicant_card.address)

    def _offer_home(self) -> None:
        """The home joined is where the applicant is to settle, the destination (a station
        takes applications into its own district only): offered there once the sponsor's home
        is said, shown filled; the clerk types over it where the papers say otherwise."""
        fields = self.form.fields
        destination = fields[DESTINATION].fact()
        if self._restoring or fields[HOME_KIND].fact() is None or fields[HOME].fact() is not None:
            return
        if destination is None:
            return
        self.form.set_value(HOME, destination)
        fields[HOME].setToolTip(self.tr("Offered: the destination district"))

    def _from_address(self, path: str, address: str) -> None:
        region = region_of_address(address, LISTED_REGIONS)
        if region is not None and self.form.fields[path].fact() is None:
            self.form.set_value(path, region)

    def read_focused(self) -> None:
        """F2 in the sponsor's questions: the sponsor's card."""
        focus = QApplication.focusWidget()
        for path, field in self.form.fields.items():
            inside = focus is not None and (field is focus or field.isAncestorOf(focus))
            if inside and path.startswith("sponsor."):
                self.read_sponsor()
                return

    def read_sponsor(self) -> None:
        self.reads.read("sponsor", self.fill_sponsor, case_id=self.case_id)

    def fill_sponsor(self, reading: CardReading) -> None:
        lang = self.context.lang
        self.card_label.show()
        whose = self.tr("The sponsor:")
        self.card_label.setText(f"<b>{escape(whose)}</b> {card_summary(reading, lang)}")
        if not reading.registrable:
            self.context.messages.error(
                self.tr("This card's number cannot stand in a household register: {0}").format(
                    " ".join(p(lang) for p in reading.problems)
                )
            )
            return
        self.sponsor_card = reading
        self._from_address("sponsor.hukou_region", reading.address)
        self._show_address()
        self.changed.emit()

    def watch_address(self, field: QLineEdit) -> None:
        """The applicant's current address (step 1's field), shown beside the offer."""
        self.applicant_address = field
        field.textChanged.connect(lambda _text: self._show_address())

    def _show_address(self) -> None:
        field, card = self.applicant_address, self.sponsor_card
        if field is None or card is None or not card.address.strip():
            self.address_row.hide()
            return
        current = field.text().strip()
        self.address_label.setText(
            self.tr("The applicant's current address: {0} (edit it in step 1, Alt+←)").format(
                current or "—"
            )
        )
        offer = intake.sponsor_address_offer(current, card.address)
        if offer is not None:
            self.address_button.setText(
                self.tr("Lives at the sponsor's address: {0} (Alt+A)").format(offer)
            )
            self.address_button.setToolTip(offer)
        elif self._own_address and self._own_address != current:
            self.address_button.setText(
                self.tr("Back to the address before: {0} (Alt+A)").format(self._own_address)
            )
            self.address_button.setToolTip(self._own_address)
        self.address_button.setVisible(offer is not None or bool(self._own_address))
        self.address_row.show()

    def toggle_address(self) -> None:
        """Alt+A: the sponsor's card address as the applicant's current address, or back."""
        field, card = self.applicant_address, self.sponsor_card
        if field is None or card is None or not self.address_button.isVisibleTo(self):
            return
        offer = intake.sponsor_address_offer(field.text(), card.address)
        if offer is not None:
            self._own_address = field.text().strip()
            field.setText(offer)
            field.setToolTip(self.tr("The sponsor's card address, taken in step 2"))
        elif self._own_address:
            field.setText(self._own_address)
            field.setToolTip("")
            self._own_address = ""
        self._show_address()

    def state(self) -> State:
        facts = self.form.raw_facts()
        facts.get("applicant", {}).pop("id_number", None)
        return facts

    def restore(self, state: State) -> None:
        keep = self.form.fields["applicant.id_number"].fact()
        self._restoring = True  # the draft as it was kept, nothing offered into it
        try:
            self.form.restore(state)
        finally:
            self._restoring = False
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
