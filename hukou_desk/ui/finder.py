"""The pathway finder: the clerk enters what the applicant says, and sees every route ranked."""

from __future__ import annotations

from html import escape
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.engine import (
    RESULT_NAMES,
    Outcome,
    Result,
    abolished_request,
    applicable_notices,
    find_pathways,
)
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.outcome import render_line
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.text import Language
from hukou_desk.ui.fields import FactField
from hukou_desk.ui.labels import party_name
from hukou_desk.ui.situation import SituationForm

_RESULT_COLOURS = {
    Result.ELIGIBLE: "#1b7f3b",
    Result.NEEDS_DOCUMENTS: "#a36a00",
    Result.NOT_ELIGIBLE: "#b00020",
    Result.NOT_IN_FORCE: "#666666",
}


class OutcomeTree(QWidget):
    """Ranked outcomes, each with its criteria and clauses; the current one explained in full."""

    pathway_chosen = Signal(str)  # double-click or Enter on a pathway
    current_changed = Signal(str)  # the pathway under the cursor ("" for none)

    def __init__(self, policy: Policy, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.outcomes: list[Outcome] = []
        self.status = QLabel()
        self.status.setObjectName("finderStatus")
        self.status.setWordWrap(True)
        self.results = QTreeWidget()
        self.results.setObjectName("finderResults")
        self.results.setHeaderLabels([self.tr("Pathway and reasons"), self.tr("Result")])
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.header().setStretchLastSection(False)
        self.results.setColumnWidth(1, 130)
        self.results.itemActivated.connect(self._activated)
        self.results.currentItemChanged.connect(self._explain_current)
        # Enter on a route is handled here and goes no further: Qt's list would also pass the
        # key on to the window, which would take it as a second "continue".
        self.results.installEventFilter(self)
        # The tree elides long lines; the pane below shows the chosen route in full.
        self.explanation = QTextBrowser()
        self.explanation.setObjectName("finderExplanation")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results)
        split.addWidget(self.explanation)
        split.setSizes([430, 210])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status)
        column.addWidget(split)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.results
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            chosen = self.current_pathway()
            if chosen:
                self.pathway_chosen.emit(chosen)
            return True
        return super().eventFilter(watched, event)

    def set_status(self, message: str) -> None:
        self.status.setText(message)

    def current_pathway(self) -> str | None:
        item = self.results.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def select(self, pathway_id: str) -> bool:
        for row in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == pathway_id:
                self.results.setCurrentItem(item)
                return True
        return False

    def show_outcomes(
        self, outcomes: list[Outcome], notices: list[Outcome], hint: str | None = None
    ) -> None:
        self.outcomes = outcomes
        self._show(notices, hint)

    # --- showing the outcomes ---------------------------------------------------------------

    def _show(self, notices: list[Outcome], hint: str | None) -> None:
        lang = self.lang
        self.results.clear()
        eligible = sum(1 for o in self.outcomes if o.result == Result.ELIGIBLE)
        self.status.setText(
            self.tr("{0} pathways judged; {1} eligible.").format(len(self.outcomes), eligible)
            + (" " + hint if hint else "")
        )
        for notice in notices:
            pathway = self.policy.pathway(notice.pathway_id)
            label = f"! {pathway.title(lang)} [{pathway.clause}]"
            item = QTreeWidgetItem([label, self.tr("applies")])
            item.setToolTip(0, pathway.summary(lang))
            self.results.addTopLevelItem(item)
        for rank, outcome in enumerate(self.outcomes):
            top = self._outcome_item(outcome)
            self.results.addTopLevelItem(top)
            top.setExpanded(
                rank < 2 and (outcome.result != Result.NOT_ELIGIBLE or bool(outcome.fix))
            )
        first = self.results.topLevelItem(len(notices))
        if first is not None:
            self.results.setCurrentItem(first)

    def _outcome_item(self, outcome: Outcome) -> QTreeWidgetItem:
        lang = self.lang
        pathway = self.policy.pathway(outcome.pathway_id)
        result = RESULT_NAMES[outcome.result](lang)
        fix = outcome.fix
        if fix is not None and fix.proposal is not None:
            # Fails on one fact the clerk can change: say which, and to what.
            result = self.tr("one fact to change: {0}").format(fix.proposal(lang))
        top = QTreeWidgetItem([f"{pathway.title(lang)} [{pathway.clause}]", result])
        top.setData(0, Qt.ItemDataRole.UserRole, pathway.id)
        top.setForeground(1, QBrush(QColor(_RESULT_COLOURS[outcome.result])))
        for line in outcome.lines:
            said = render_line(line, lang)
            text = said.plain()
            child = QTreeWidgetItem([text, said.word])
            child.setToolTip(0, text)
            top.addChild(child)
        for document in outcome.missing_documents:
            label = f"+ {document.name(lang)} — {party_name(document.of)}"
            child = QTreeWidgetItem([label, self.tr("to bring")])
            child.setToolTip(0, document.reason(lang) if document.reason else "")
            top.addChild(child)
        along = self.tr("Along")
        for verdict in outcome.companions:
            text = f"{along}: {self._companion_text(verdict)}"
            child = QTreeWidgetItem([text, self._companion_status(verdict.status.value)])
            child.setToolTip(0, text)
            top.addChild(child)
        return top

    def _companion_status(self, status: str) -> str:
        return companion_status(status)

    def _companion_text(self, verdict: Any) -> str:
        return companion_text(self.policy, self.lang, verdict)

    def explanation_html(self, outcome: Outcome) -> str:
        return explanation_html(self.policy, self.lang, outcome)

    def _explain_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        pathway_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        outcome = next((o for o in self.outcomes if o.pathway_id == pathway_id), None)
        self.explanation.setHtml(self.explanation_html(outcome) if outcome else "")
        self.current_changed.emit(pathway_id or "")

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        pathway_id = item.data(0, Qt.ItemDataRole.UserRole)
        if pathway_id:
            self.pathway_chosen.emit(pathway_id)


class PathwayFinder(QWidget):
    """Situation on the left, ranked pathways with reasons on the right."""

    pathway_chosen = Signal(str)

    def __init__(self, policy: Policy, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.form = SituationForm(policy, lang)
        self.fields = self.form.fields
        self.id_feedback = self.form.id_feedback
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(440)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree = OutcomeTree(policy, lang)
        self.results = self.tree.results
        self.explanation = self.tree.explanation
        self.status = self.tree.status
        self.tree.pathway_chosen.connect(self.pathway_chosen)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.tree)
        splitter.setSizes([460, 700])
        QHBoxLayout(self).addWidget(splitter)
        self.form.changed.connect(self.refresh)
        self.refresh()

    @property
    def outcomes(self) -> list[Outcome]:
        return self.tree.outcomes

    def set_value(self, path: str, value: Any) -> None:
        """Fill one field by its fact path."""
        self.form.set_value(path, value)

    def add_relative(self, values: dict[str, Any] | None = None) -> int:
        return self.form.relatives.add_relative(values)

    def relative_cell(self, row: int, key: str) -> FactField:
        return self.form.relatives.relative_cell(row, key)

    def raw_facts(self) -> dict[str, Any]:
        return self.form.raw_facts()

    def restore(self, data: dict[str, Any]) -> None:
        self.form.restore(data)
        self.refresh()

    def refresh(self) -> None:
        self.form.check_id()
        judged = judge(self.raw_facts(), self.policy)
        if isinstance(judged, str):
            self.tree.set_status(self.tr("Check the field {0}: {1}").format(*judged.split("|", 1)))
            return
        outcomes, notices = judged
        self.tree.show_outcomes(outcomes, notices, self.tr("Double-click a pathway to read it."))


def judge(raw: dict[str, Any], policy: Policy) -> tuple[list[Outcome], list[Outcome]] | str:
    """Every pathway's outcome for the raw facts, ranked, and the notices that apply; or
    'field|problem' when the facts do not validate."""
    try:
        facts = Facts.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        return ".".join(str(p) for p in error["loc"]) + "|" + error["msg"]
    as_of = facts.application_date or china_today()
    refusal = abolished_request(facts, as_of, policy)
    outcomes = ([refusal] if refusal else []) + find_pathways(facts, as_of, policy)
    return outcomes, applicable_notices(facts, as_of, policy)


def companion_status(status: str) -> str:
    return {
        "allowed": QCoreApplication.translate("OutcomeTree", "may come"),
        "not_allowed": QCoreApplication.translate("OutcomeTree", "may not come"),
        "unknown": QCoreApplication.translate("OutcomeTree", "to check"),
    }[status]


def companion_text(policy: Policy, lang: Language, verdict: Any) -> str:
    who = verdict.name or f"#{verdict.index + 1}"
    own = ""
    if verdict.own_pathways:
        titles = (policy.pathway(p).title(lang) for p in verdict.own_pathways)
        own = " → " + "、".join(titles)
    return f"{who} — {verdict.reason(lang)}{own}"


def explanation_html(policy: Policy, lang: Language, outcome: Outcome) -> str:
    """One route's outcome in full: every criterion with its clause, documents, companions."""
    pathway = policy.pathway(outcome.pathway_id)
    colour = _RESULT_COLOURS[outcome.result]
    parts = [
        f"<b>{escape(pathway.title(lang))}</b> [{pathway.clause}] — "
        f"<span style='color:{colour}'>{escape(RESULT_NAMES[outcome.result](lang))}</span>",
        "<ul>",
    ]
    for note in outcome.notes:
        parts.append(f"<li><b>{escape(note(lang))}</b></li>")
    fix = outcome.fix
    if fix is not None and fix.proposal is not None:
        change = QCoreApplication.translate("OutcomeTree", "one fact to change: {0}")
        parts.append(f"<li><b>{escape(change.format(fix.proposal(lang)))}</b></li>")
    for line in outcome.lines:
        said = render_line(line, lang)
        detail = f" — <i>{escape(said.detail)}</i>" if said.detail else ""
        parts.append(
            f"<li>{said.mark} [{escape(said.clause)}] {escape(said.text)}"
            f" ({escape(said.word)}){detail}</li>"
        )
    parts.append("</ul>")
    if outcome.missing_documents:
        to_bring = QCoreApplication.translate("OutcomeTree", "to bring")
        parts.append(f"<p><b>{escape(to_bring)}</b></p><ul>")
        for document in outcome.missing_documents:
            reason = f" — {escape(document.reason(lang))}" if document.reason else ""
            parts.append(f"<li>{escape(document.name(lang))}{reason}</li>")
        parts.append("</ul>")
    if outcome.companions:
        along = QCoreApplication.translate("OutcomeTree", "Along")
        parts.append(f"<p><b>{escape(along)}</b></p><ul>")
        for verdict in outcome.companions:
            status = companion_status(verdict.status.value)
            text = companion_text(policy, lang, verdict)
            parts.append(f"<li>{escape(status)}: {escape(text)}</li>")
        parts.append("</ul>")
    return "".join(parts)
