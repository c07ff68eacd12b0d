"""Step 3 of the wizard, the pathway: the finder's ranked routes and the fact that decides."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.engine import DecidingFact, Outcome, deciding_fact
from hukou_desk.domain.facts import Facts
from hukou_desk.ui.context import Context
from hukou_desk.ui.finder import OutcomeTree, judge
from hukou_desk.ui.wizard_step import State, Step


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
