"""The new-case wizard: from "next, please" to a checked case with a recommendation.

Six steps — applicant, situation, pathway, people, documents, outcome. What the clerk types is
autosaved as they type (`storage.drafts`), so a cancel, an idle lock, a crash or a change of
language loses nothing. The case itself is opened when the applicant is known and revised as
the clerk moves between steps (each revision one transaction, audited); document findings and
scans are recorded the moment they are made.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.facts import Facts
from hukou_desk.domain.parties import PartyRole
from hukou_desk.services import cards, intake
from hukou_desk.services.cards import CardReading
from hukou_desk.ui import confirm, operations
from hukou_desk.ui.context import Context
from hukou_desk.ui.messages import Quietly
from hukou_desk.ui.wizard_applicant import ApplicantStep
from hukou_desk.ui.wizard_documents import DocumentsStep
from hukou_desk.ui.wizard_outcome import OutcomeStep
from hukou_desk.ui.wizard_pathway import PathwayStep
from hukou_desk.ui.wizard_people import PartiesStep
from hukou_desk.ui.wizard_situation import SituationStep
from hukou_desk.ui.wizard_step import State, Step

APPLICANT, SITUATION, PATHWAY, PEOPLE, DOCUMENTS, OUTCOME = range(6)
AUTOSAVE_MS = 1500


class IntakeWizard(QWidget):
    """One applicant's intake; several may be open side by side (one tab each)."""

    finished = Signal(str)  # the case number, once submitted or sent back for documents
    title_changed = Signal(str)

    def __init__(
        self,
        context: Context,
        parent: QWidget | None = None,
        *,
        draft_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.draft_id = draft_id or uuid.uuid4()
        self.case_id: uuid.UUID | None = None
        self.case_number = ""
        self.done = False
        self.lacking: list[str] = []  # shown on the last step: documents missing or not matching
        self.closed: intake.Closed | None = None  # where the last move left the case
        self.applicant = ApplicantStep(context)
        self.situation = SituationStep(context)
        self.pathway = PathwayStep(context)
        self.people = PartiesStep(context)
        self.documents = DocumentsStep(context)
        self.outcome = OutcomeStep(context)
        self.steps: list[Step] = [
            self.applicant,
            self.situation,
            self.pathway,
            self.people,
            self.documents,
            self.outcome,
        ]
        self.stack = QStackedWidget()
        for step in self.steps:
            self.stack.addWidget(step)
            step.changed.connect(self._edited)
        self.header = QLabel()
        self.header.setObjectName("wizardHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.back = QPushButton(self.tr("Back (Alt+←)"))
        self.back.setObjectName("backButton")
        self.next = QPushButton(self.tr("Next (Enter)"))
        self.next.setObjectName("nextButton")
        self.save = QPushButton(self.tr("Save draft (Ctrl+S)"))
        self.save.setObjectName("saveDraftButton")
        self.discard = QPushButton(self.tr("Withdraw this draft"))
        self.discard.setObjectName("withdrawDraftButton")
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.save.clicked.connect(self.save_draft)
        self.discard.clicked.connect(self.withdraw)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard)
        buttons.addStretch()
        buttons.addWidget(self.save)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        column = QVBoxLayout(self)
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        column.addLayout(buttons)
        self.pathway.chosen.connect(lambda _p: self.go_next())
        self.pathway.askable = self.situation.form.askable
        self.situation.watch_address(self.applicant.current_address)
        self.pathway.ask_requested.connect(self.ask_fact)
        # Between steps without the mouse, wherever the focus is inside this intake.
        for keys, move in (("Alt+Left", self.go_back), ("Alt+Right", self.go_next)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(move)
        self.documents.cards = self._cards
        self.documents.numbers = self._numbers
        self.outcome.submit_requested.connect(self.submit)
        self.outcome.documents_requested.connect(self.request_documents)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self.applicant.name.editingFinished.connect(self._header)
        self._show_step(APPLICANT)

    # --- state ---------------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def state(self) -> State:
        return {
            "applicant": self.applicant.state(),
            "situation": self.situation.state(),
            "pathway": self.pathway.state(),
            "people": self.people.state(),
            "outcome": self.outcome.state(),
        }

    def restore(self, state: State, step: int = APPLICANT) -> None:
        self.applicant.restore(state.get("applicant", {}))
        self.situation.set_applicant(self.applicant.state()["id_number"])
        self.situation.restore(state.get("situation", {}))
        self.pathway.restore(state.get("pathway", {}))
        self.people.restore(state.get("people", {}))
        self.outcome.restore(state.get("outcome", {}))
        self._show_step(min(step, DOCUMENTS) if self.case_id else APPLICANT)

    def _edited(self) -> None:
        if not self.done:
            self._autosave.start()

    def autosave(self) -> None:
        """Keep what is typed (called as the clerk types, on lock, close and step change)."""
        self._autosave.stop()
        if self.done:
            return
        with self.context.messages.guard():
            intake.keep_typing(
                self.context.counter,
                self.context.user,
                draft_id=self.draft_id,
                step=self.step,
                data=self.state(),
                case_id=self.case_id,
            )

    # --- moving between steps ----------------------------------------------------------------

    def _show_step(self, index: int) -> None:
        if index == SITUATION:
            self.situation.set_applicant(self.applicant.state()["id_number"])
            self.situation.offer(self.applicant.card)
        if index == PATHWAY:
            self.pathway.show_for(self._facts(with_people=False))
        if index == PEOPLE:
            self.people.set_case(self._facts(with_people=False), self.pathway.pathway_id)
            self._sponsor_from_situation()
        if index == DOCUMENTS and self.case_id is not None:
            names = [str(r.get("name", "")) for r in self.people.relatives.rows()]
            self.documents.load(self.case_id, names)
        if index == OUTCOME:
            self._show_outcome()
        self.stack.setCurrentIndex(index)
        self.back.setEnabled(index > APPLICANT)
        self.next.setEnabled(index < OUTCOME)
        self.discard.setEnabled(self.case_id is not None)
        self._header()
        self._focus_first(index)

    def _focus_first(self, index: int) -> None:
        focus = {
            APPLICANT: self.applicant.id_number
            if not self.applicant.id_number.text()
            else self.applicant.name,
            PATHWAY: self.pathway.tree.results,
            PEOPLE: self.people.first_open(),
            OUTCOME: self.outcome.approve,
        }.get(index)
        if index == DOCUMENTS:
            focus = self.documents.first_open() or self.next
        if focus is not None:
            focus.setFocus()
            if index == DOCUMENTS:
                self.documents.scroller.ensureWidgetVisible(focus)
        elif (current := self.stack.currentWidget()) is not None:
            current.focusNextChild()

    def _header(self) -> None:
        names = [step.title for step in self.steps]
        marks = [
            f"<b>{i + 1}. {name}</b>" if i == self.step else f"{i + 1}. {name}"
            for i, name in enumerate(names)
        ]
        number = self.case_number or self.tr("not numbered yet")
        self.header.setText(
            self.tr("New case {0}").format(number) + " &nbsp;·&nbsp; " + " › ".join(marks)
        )
        applicant = self.applicant.state()["name"] or self.tr("new applicant")
        self.title_changed.emit(f"{applicant} · {number}")

    def go_next(self) -> None:
        if self.step >= OUTCOME:
            return
        problem = self.steps[self.step].problem()
        if problem:
            self.context.messages.error(problem)
            return
        if self.step == PEOPLE and not self._people_saved():
            return
        if self.persist():
            self._show_step(self.step + 1)
            self.autosave()

    def ask_fact(self, path: str) -> None:
        """Back to the situation, at the question that decides the leading route."""
        self.persist(quiet=True)
        self._show_step(SITUATION)
        field = self.situation.form.fields.get(path)
        if field is not None:
            field.setFocus()

    def go_back(self) -> None:
        if self.step > APPLICANT:
            self.persist(quiet=True)
            self._show_step(self.step - 1)
            self.autosave()

    def go_to(self, index: int) -> None:
        """Jump (used to resume); every step before it must be complete."""
        while self.step < index:
            before = self.step
            self.go_next()
            if self.step == before:
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter continues, except where Enter belongs to the widget (lists, notes)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if not isinstance(focus, (QAbstractItemView, QPlainTextEdit, QPushButton)):
                self.go_next()
                return
        super().keyPressEvent(event)

    # --- the case ------------------------------------------------------------------------------

    def _facts(self, *, with_people: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.situation.state())
        data["applicant"] = {
            **data.get("applicant", {}),
            "id_number": self.applicant.state()["id_number"],
        }
        data.setdefault("application_date", self.context.today().isoformat())
        if with_people:
            self.people.base_facts = data
            return self.people.facts()
        return data

    def _district(self, facts: dict[str, Any]) -> str | None:
        destination = facts.get("destination") or {}
        district = destination.get("district")
        return district if isinstance(district, str) else None

    def persist(self, *, quiet: bool = False) -> bool:
        """Write what the completed steps say into the case (opening it if need be)."""
        if self.done:
            return True
        problem = self.applicant.problem()
        if problem:
            if not quiet:
                self.context.messages.error(problem)
            return False
        messages = self.context.messages
        if operations.act(self._write, messages=Quietly(messages) if quiet else messages) is None:
            return False
        self._header()
        return True

    def _write(self) -> None:
        context = self.context
        who = self.applicant.state()
        applicant = intake.Applicant(
            id_number=who["id_number"],
            name=who["name"],
            phone=who["phone"],
            current_address=who["current_address"],
            hukou_address=who["hukou_address"],
            hukou_office=who.get("hukou_office", ""),
            ethnicity=who.get("ethnicity", ""),
        )
        facts = self._facts()
        valid = Facts.model_validate(facts)  # the form's widgets only give valid values
        pathway_id = self.pathway.pathway_id or None
        if self.case_id is None:
            case = intake.open_intake(
                context.counter,
                context.user,
                applicant=applicant,
                facts=valid,
                pathway_id=pathway_id,
                district=self._district(facts),
            )
            self.case_id, self.case_number = case.id, case.number
            self.applicant.case_id = self.situation.case_id = self.people.case_id = case.id
            self.applicant.id_number.setReadOnly(True)  # the case is this person's now
            self._keep_card()
            context.messages.info(self.tr("Case {0} opened as a draft.").format(case.number))
            return
        intake.revise_intake(
            context.counter,
            context.user,
            case_id=self.case_id,
            applicant=applicant,
            facts=valid,
            pathway_id=pathway_id,
            district=self._district(facts),
        )

    def _keep_card(self) -> None:
        """The applicant's card read before the case was opened, kept with it now."""
        card = self.applicant.card
        if card is not None and not self.applicant.card_kept and self.case_id is not None:
            cards.keep(self.context.counter, self.context.user, case_id=self.case_id, reading=card)
            self.applicant.card_kept = True

    def _sponsor_from_situation(self) -> None:
        """The sponsor's card read in the situation fills their line here (once)."""
        card = self.situation.sponsor_card
        number, _name = self.people.people[PartyRole.SPONSOR]
        if card is not None and number.isEnabled() and not number.text().strip():
            self.people.fill_line(PartyRole.SPONSOR, card)

    def _cards(self) -> dict[str, CardReading]:
        found = dict(self.people.cards)
        if self.applicant.card is not None:
            found["applicant"] = self.applicant.card
        return found

    def _numbers(self) -> dict[str, str]:
        numbers = {"applicant": self.applicant.state()["id_number"]}
        for role, (number, _name) in self.people.people.items():
            numbers[role.value] = number.text().strip()
        for index, relative in enumerate(self.people.relatives.rows()):
            numbers[f"relatives[{index}]"] = str(relative.get("id_number", ""))
        return numbers

    def _people_saved(self) -> bool:
        """Record the people of step 4 (each by identity number) as the case's parties."""
        context = self.context
        assert self.case_id is not None
        case_id = self.case_id
        saved = operations.act(
            lambda: intake.set_people(
                context.counter, context.user, case_id=case_id, people=self.people.parties()
            ),
            messages=context.messages,
        )
        return saved is not None

    def save_draft(self) -> None:
        """Ctrl+S: the case as it stands now, and the typing kept."""
        if self.persist():
            if self.step == PEOPLE and self.people.problem() is None:
                self._people_saved()
            self.autosave()
            self.context.messages.info(self.tr("Draft saved."))

    def _show_outcome(self) -> None:
        """The last step: the plan's outcome and what is lacking, in one read (the case was
        written as the clerk came to this step; nothing on it changes the facts)."""
        self.lacking = []
        if self.case_id is None or not self.pathway.pathway_id:
            self.outcome.show_outcome(None, [])
            return
        view = intake.outcome_view(self.context.counter, self.context.user, case_id=self.case_id)
        for finding in view.lacking:
            document = self.context.policy.documents.get(finding.document_id)
            name = document.name(self.context.lang) if document else finding.document_id
            self.lacking.append(f"{name} — {self.documents.party_name(finding.party)}")
        self.outcome.show_outcome(view.outcome, self.lacking)

    def _act(self, move: Any, **kw: Any) -> bool:
        """One of the intake's moves (submit, ask for documents, withdraw): one service call,
        one transaction; what it returns (`closed`) is what the desk shows next."""
        context = self.context
        closed = operations.act(
            lambda: move(
                context.counter,
                context.user,
                case_id=self.case_id,
                draft_id=self.draft_id,
                **kw,
            ),
            messages=context.messages,
        )
        if closed is None:
            return False
        self.closed = closed.value
        self.done = True
        self._autosave.stop()
        self.finished.emit(self.case_number)
        return True

    def submit(self) -> None:
        """The clerk's recommendation goes to a supervisor, once the clerk confirms it. The
        question needs no service: the case was written when the clerk came to this step, and
        the outcome shown then is the one asked about; the confirmed Submit is one call."""
        if self.case_id is None or self.step != OUTCOME:
            return
        recommend = self.outcome.recommendation()
        verdict = (
            self.tr("recommending approval")
            if recommend
            else self.tr("recommending refusal")
            if recommend is False
            else self.tr("without a recommendation")
        )
        creates = self.tr(
            "The application is accepted (受理): an acceptance receipt is issued, the time "
            "limit starts, and the case goes to a supervisor. It is recorded in the audit trail."
        )
        if self.outcome.outcome is not None:
            creates += " " + self.tr("The plan says: {0}.").format(self.outcome.result_name)
        confirm.ask(
            self.context.messages,
            question=self.tr("Submit case {0} for approval, {1}?").format(
                self.case_number, verdict
            ),
            creates=creates,
            act=self.tr("Submit"),
            then=self.send_for_approval,
            parent=self,
        )

    def send_for_approval(self) -> None:
        """Submit, then recommend: what the confirmed Submit does."""
        if self._act(
            intake.submit,
            reasons=self.outcome.note.toPlainText(),
            recommend=self.outcome.recommendation(),
        ):
            self.context.messages.info(
                self.tr("Case {0} sent for approval.").format(self.case_number)
            )

    def request_documents(self) -> None:
        """Missing documents: a numbered notice, once the clerk confirms it."""
        if self.case_id is None or self.step != OUTCOME:
            return
        lacking = len(self.lacking)
        unchecked = self.documents.unchecked()
        creates = self.tr(
            "The notice is numbered and recorded in the audit trail; the case waits for the "
            "applicant and its time limit pauses. Missing or not matching: {0}."
        ).format(lacking)
        if unchecked:
            creates += " " + self.tr("Not checked yet: {0}.").format(unchecked)
        confirm.ask(
            self.context.messages,
            question=self.tr(
                "Issue a notice of missing documents (补正材料通知书) for case {0}?"
            ).format(self.case_number),
            creates=creates,
            act=self.tr("Issue the notice"),
            then=self.issue_documents_notice,
            parent=self,
        )

    def issue_documents_notice(self) -> None:
        """The clock pauses until the applicant brings the documents."""
        if self._act(intake.ask_for_documents):
            self.context.messages.info(
                self.tr("Case {0} waits for the missing documents.").format(self.case_number)
            )

    def withdraw(self) -> None:
        if self.case_id is None:
            return
        confirm.ask(
            self.context.messages,
            question=self.tr("Withdraw draft {0}?").format(self.case_number),
            creates=self.tr(
                "It stays on file as withdrawn, recorded in the audit trail, and cannot be "
                "taken up again."
            ),
            act=self.tr("Withdraw"),
            then=self.withdraw_now,
            parent=self,
        )

    def withdraw_now(self) -> None:
        if self._act(intake.withdraw):
            self.context.messages.info(self.tr("Draft {0} withdrawn.").format(self.case_number))

    # --- resuming ------------------------------------------------------------------------------

    def load_case(self, number: str) -> None:
        """Resume a draft from the list: the clerk's own autosave if newer, else the case."""
        context = self.context
        found = intake.open_case(context.counter, context.user, number=number)
        case = found.case
        kept = intake.kept_for_case(context.counter, context.user, case_id=case.id)
        state = self._state_of(found) if kept is None else kept.data
        step = kept.step if kept is not None else (DOCUMENTS if case.pathway_id else PATHWAY)
        if kept is not None:
            self.draft_id = kept.draft_id
        self.case_id, self.case_number = case.id, case.number
        self.applicant.case_id = self.situation.case_id = self.people.case_id = case.id
        self.applicant.id_number.setReadOnly(True)
        self.restore(state, APPLICANT)
        self.go_to(step)

    def _state_of(self, found: intake.CaseFile) -> State:
        facts = dict(found.case.facts)
        relatives = facts.pop("relatives", [])
        facts.pop("documents", None)
        applicant = dict(facts.get("applicant", {}))
        applicant.pop("id_number", None)
        facts["applicant"] = applicant
        if isinstance(facts.get("sponsor"), dict):
            facts["sponsor"] = {k: v for k, v in facts["sponsor"].items() if k != "id_number"}
        people: dict[str, list[str]] = {}
        for role, person in found.parties:
            if role.role != PartyRole.RELATIVE.value:
                people[role.role] = [person.id_number, person.name]
        person = found.applicant
        return {
            "applicant": {
                "id_number": person.id_number,
                "name": person.name,
                "phone": person.phone,
                "current_address": person.current_address,
                "hukou_address": person.hukou_address,
                "hukou_office": person.hukou_office,
                "ethnicity": person.ethnicity,
            },
            "situation": facts,
            "pathway": {"pathway_id": found.case.pathway_id or None},
            "people": {
                "people": people,
                "relatives": relatives,
                "relation_to_householder": (facts.get("destination") or {}).get(
                    "relation_to_householder"
                ),
            },
        }


def editable(context: Context, number: str) -> bool:
    """Whether the wizard may take this case up again (a draft, or waiting for documents)."""
    return intake.is_editable(context.counter, context.user, number=number)
