"""Step 4 of the wizard, the people: sponsor, home owner, householder and the relatives
coming along, each typed or read from their card, judged as typed.
"""

from __future__ import annotations

import uuid
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.codes import RELATIONSHIPS
from hukou_desk.domain.engine import Outcome, evaluate
from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.identity import parse_identity_number
from hukou_desk.domain.outcome import render_line
from hukou_desk.domain.parties import PartyRole
from hukou_desk.services import intake
from hukou_desk.services.cards import CardReading
from hukou_desk.ui.card_reading import (
    READ_KEY,
    RELATIVE_KEY,
    CardReads,
    mark_read,
    shortcut,
)
from hukou_desk.ui.card_reading import summary as card_summary
from hukou_desk.ui.context import Context
from hukou_desk.ui.fields import Choice
from hukou_desk.ui.labels import party_name
from hukou_desk.ui.situation import WIZARD_RELATIVE_COLUMNS, RelativesTable
from hukou_desk.ui.wizard_step import State, Step

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

    def first_open(self) -> QLineEdit:
        """Where the clerk starts: the first line still to fill (a read one is done)."""
        lines = [number for number, _name in self.people.values() if number.isEnabled()]
        empty = [number for number in lines if not number.text().strip()]
        return (empty or lines or [next(iter(self.people.values()))[0]])[0]

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
