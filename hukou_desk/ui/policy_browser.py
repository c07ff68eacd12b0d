"""The policy browser: every pathway with its clause, criteria, documents and companions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.engine import companion_kind_name
from hukou_desk.domain.policy import Condition, Pathway, PathwayKind, Policy
from hukou_desk.domain.text import Language
from hukou_desk.ui.labels import party_name


class PolicyBrowser(QWidget):
    """A filterable list of pathways beside a readable page for the selected one."""

    def __init__(self, policy: Policy, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by title, clause or document…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("pathwayList")
        # Long titles wrap instead of hiding behind a horizontal scroll bar.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.page = QTextBrowser()
        self.page.setObjectName("pathwayPage")
        self.page.setOpenLinks(False)
        self.page.anchorClicked.connect(lambda url: self.show_pathway(url.toString()))

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.list)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.page)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 760])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        for pathway in policy.pathways:
            item = QListWidgetItem(f"{pathway.clause}  {pathway.title(lang)}")
            item.setData(Qt.ItemDataRole.UserRole, pathway.id)
            item.setToolTip(f"{pathway.title(lang)} — {self._kind_label(pathway.kind)}")
            if pathway.kind == PathwayKind.ABOLISHED:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._selected)
        self.search.textChanged.connect(self._filter)
        self.list.setCurrentRow(1 if len(policy.pathways) > 1 else 0)

    def show_pathway(self, pathway_id: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == pathway_id:
                item.setHidden(False)
                self.list.setCurrentItem(item)
                return

    def _filter(self, needle: str) -> None:
        needle = needle.strip().lower()
        for row in range(self.list.count()):
            item = self.list.item(row)
            pathway = self.policy.pathway(item.data(Qt.ItemDataRole.UserRole))
            haystack = " ".join(
                [pathway.clause, pathway.title.zh, pathway.title.en.lower(), pathway.summary.zh]
                + [self.policy.documents[d.id].name.zh for d in pathway.documents]
            )
            item.setHidden(bool(needle) and needle not in haystack.lower())

    def _selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.page.setHtml(
                self.page_html(self.policy.pathway(current.data(Qt.ItemDataRole.UserRole)))
            )

    def _kind_label(self, kind: PathwayKind) -> str:
        return {
            PathwayKind.MOVE: self.tr("Pathway"),
            PathwayKind.DUTY: self.tr("Duty to move"),
            PathwayKind.NOTICE: self.tr("Protection"),
            PathwayKind.ABOLISHED: self.tr("Abolished"),
            PathwayKind.PRINCIPLE: self.tr("Applies to every application"),
        }[kind]

    def page_html(self, pathway: Pathway) -> str:
        """The pathway as an HTML page (also what a test reads)."""
        lang = self.lang
        plan = self.policy.plan
        t_clause = self.tr("Clause")
        t_kind = self.tr("Kind")
        t_version = self.tr("Version")
        t_responsible = self.tr("Responsible")
        t_in_force = self.tr("In force")
        t_abolished_by_clause = self.tr("Abolished by clause")
        t_criteria = self.tr("Criteria")
        t_documents_and_checks = self.tr("Documents and checks")
        t_or = self.tr("or")
        t_who_may_come_along = self.tr("Who may come along")
        t_nobody_this_clause_n = self.tr("Nobody: this clause names no accompanying relatives.")
        t_dated_thresholds = self.tr("Dated thresholds")
        t_see_also = self.tr("See also")
        departments = "、".join(plan.departments[d].name(lang) for d in pathway.departments)
        until = pathway.effective_until.isoformat() if pathway.effective_until else self.tr("open")
        parts = [
            f"<h2>{escape(pathway.title(lang))}</h2>",
            f"<p><b>{t_clause}</b> {escape(pathway.clause)} · "
            f"<b>{t_kind}</b> {escape(self._kind_label(pathway.kind))} · "
            f"<b>{t_version}</b> {pathway.version}</p>",
            f"<p><b>{t_responsible}</b> {escape(departments)}<br>"
            f"<b>{t_in_force}</b> {pathway.effective_from.isoformat()} – {until}</p>",
            f"<p>{escape(pathway.summary(lang))}</p>",
        ]
        if pathway.abolished_by:
            parts.append(
                f"<p style='color:#a00'>{t_abolished_by_clause} {pathway.abolished_by}</p>"
            )
        if pathway.criteria:
            parts.append(f"<h3>{t_criteria}</h3><ol>")
            for criterion in pathway.criteria:
                parts.append(
                    f"<li>{escape(criterion.text(lang))} <i>[{criterion.clause}]</i>"
                    f"{self._branches(criterion)}</li>"
                )
            parts.append("</ol>")
        if pathway.documents:
            parts.append(f"<h3>{t_documents_and_checks}</h3><ul>")
            for requirement in pathway.documents:
                names = [self.policy.documents[requirement.id].name(lang)]
                names += [self.policy.documents[a].name(lang) for a in requirement.alternatives]
                whose = party_name(requirement.of.value)
                note = f" — {escape(requirement.note(lang))}" if requirement.note else ""
                checks = "".join(
                    f"<li>{escape(c.text(lang))}</li>"
                    for c in self.policy.documents[requirement.id].checks
                )
                joined = escape(f" {t_or} ".join(names))
                parts.append(f"<li><b>{joined}</b> ({whose}){note}<ul>{checks}</ul></li>")
            parts.append("</ul>")
        parts.append(f"<h3>{t_who_may_come_along}</h3>")
        if pathway.companions:
            parts.append("<ul>")
            for companion in pathway.companions:
                condition = f" — {escape(companion.text(lang))}" if companion.text else ""
                name = companion_kind_name(companion.relation)(lang)
                parts.append(f"<li>{escape(name)} <i>[{companion.clause}]</i>{condition}</li>")
            parts.append("</ul>")
        else:
            parts.append(f"<p>{t_nobody_this_clause_n}</p>")
        if pathway.thresholds:
            parts.append(f"<h3>{t_dated_thresholds}</h3><ul>")
            for name, threshold in pathway.thresholds.items():
                values = "; ".join(
                    f"{v.start.isoformat()}–{v.until.isoformat() if v.until else ''}: {v.value}"
                    for v in threshold.values
                )
                parts.append(
                    f"<li>{escape(threshold.text(lang))} <i>[{threshold.clause}]</i> "
                    f"<code>{escape(name)}</code>: {escape(values)}</li>"
                )
            parts.append("</ul>")
        if pathway.see_also:
            links = ", ".join(
                f"<a href='{other}'>{escape(self.policy.pathway(other).title(lang))}</a>"
                for other in pathway.see_also
            )
            parts.append(f"<p><b>{t_see_also}</b> {links}</p>")
        return "".join(parts)

    def _branches(self, condition: Condition) -> str:
        parts = condition.any_of or condition.all_of
        if not parts:
            return ""
        label = self.tr("any one of") if condition.any_of else self.tr("all of")
        items = "".join(
            f"<li>{escape(p.text(self.lang)) if p.text else escape(p.rule or '')}"
            f"{self._branches(p)}</li>"
            for p in parts
        )
        return f"<br><small>{label}:</small><ul>{items}</ul>"
