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
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

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
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addWidget(self.card_label)
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
        self.changed.emit()

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
