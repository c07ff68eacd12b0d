"""The pathway finder: the clerk enters what the applicant says, and sees every route ranked."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.codes import (
    COMMON_RELATIONSHIPS,
    EDUCATION_CODES,
    MARITAL_STATUS,
    TITLE_LEVELS,
    TITLE_NAMES,
    VOCATIONAL_LEVELS,
    VOCATIONAL_NAMES,
    education_name,
)
from hukou_desk.domain.engine import (
    RESULT_NAMES,
    STATUS_NAMES,
    Outcome,
    Result,
    abolished_request,
    applicable_notices,
    find_pathways,
)
from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.identity import parse_identity_number
from hukou_desk.domain.policy import PathwayKind, Policy
from hukou_desk.domain.rules import Status
from hukou_desk.domain.text import Language, Text
from hukou_desk.ui.fields import Choice, Count, DateField, FactField, RegionBox, TextField

_RESULT_COLOURS = {
    Result.ELIGIBLE: "#1b7f3b",
    Result.NEEDS_DOCUMENTS: "#a36a00",
    Result.NOT_ELIGIBLE: "#b00020",
    Result.NOT_IN_FORCE: "#666666",
}
_MARKS = {Status.MET: "✓", Status.NOT_MET: "✗", Status.UNKNOWN: "?"}
_RELATIVE_COLUMNS = ("name", "relationship", "marital_status", "lives_with_applicant")

Row = tuple[str, str, FactField]


class PathwayFinder(QWidget):
    """Situation on the left, ranked pathways with reasons on the right."""

    pathway_chosen = Signal(str)

    def __init__(self, policy: Policy, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.fields: dict[str, FactField] = {}
        self.outcomes: list[Outcome] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)

        self.id_feedback = QLabel()
        self.id_feedback.setObjectName("idFeedback")
        self.id_feedback.setWordWrap(True)
        form = QWidget()
        column = QVBoxLayout(form)
        column.addWidget(self._group(self.tr("Application"), self._case_rows()))
        column.addWidget(self._group(self.tr("Applicant"), self._applicant_rows()))
        column.addWidget(self._group(self.tr("Work, insurance and study"), self._work_rows()))
        column.addWidget(
            self._group(self.tr("Sponsor (被投靠人) or home owner"), self._sponsor_rows())
        )
        column.addWidget(self._relatives_group())
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(440)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

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
        # The tree elides long lines; the pane below shows the chosen route in full.
        self.explanation = QTextBrowser()
        self.explanation.setObjectName("finderExplanation")
        results_split = QSplitter(Qt.Orientation.Vertical)
        results_split.addWidget(self.results)
        results_split.addWidget(self.explanation)
        results_split.setSizes([430, 210])
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.status)
        right_column.addWidget(results_split)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setSizes([460, 700])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        for field in self.fields.values():
            field.changed.connect(self._timer.start)
        # The identity number is checked as typed, not after the pause.
        self.fields["applicant.id_number"].changed.connect(self._check_id)
        self.refresh()

    # --- building the form ------------------------------------------------------------------

    def _yes_no(self) -> Choice:
        return Choice(self.tr("not known"), [(self.tr("yes"), True), (self.tr("no"), False)])

    def _choice(self, items: list[tuple[str, str]]) -> Choice:
        return Choice(self.tr("not known"), items)

    def _codes(self, table: dict[str, Text], unknown: str | None = None) -> Choice:
        items = [(f"{code} {name(self.lang)}", code) for code, name in table.items()]
        return Choice(unknown or self.tr("not known"), items)

    def _count(self, maximum: int = 600) -> Count:
        return Count(self.tr("not known"), maximum)

    def _group(self, title: str, rows: list[Row]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, path, widget in rows:
            widget.setObjectName(path)
            self.fields[path] = widget
            form.addRow(label, widget)
            if path == "applicant.id_number":
                form.addRow("", self.id_feedback)
        return box

    def _case_rows(self) -> list[Row]:
        abolished = [
            (p.title(self.lang), p.id)
            for p in self.policy.pathways
            if p.kind == PathwayKind.ABOLISHED
        ]
        return [
            (self.tr("Application date"), "application_date", DateField()),
            (self.tr("Route asked for"), "requested_pathway", Choice("—", abolished)),
            (self.tr("Destination district"), "destination.district", RegionBox()),
            (self.tr("Into a rural village"), "destination.rural_village", self._yes_no()),
            (self.tr("Lives in that village"), "destination.lives_in_village", self._yes_no()),
            (
                self.tr("Into the spouse's parents' household"),
                "destination.with_spouse_parents",
                self._yes_no(),
            ),
            (
                self.tr("Community collective household"),
                "destination.community_collective",
                self._yes_no(),
            ),
        ]

    def _residence_rows(self, who: str) -> list[Row]:
        kinds = [
            (self.tr("owned home"), "owned"),
            (self.tr("self-built home"), "self_built"),
            (self.tr("public rental"), "public_rental"),
            (self.tr("private rental"), "private_rental"),
            (self.tr("employer housing"), "employer_housing"),
            (self.tr("relative's home"), "relative_home"),
            (self.tr("collective household"), "collective"),
        ]
        rows: list[Row] = [
            (self.tr("Residence"), f"{who}.residence.kind", self._choice(kinds)),
            (self.tr("Residence district"), f"{who}.residence.district", RegionBox()),
            (
                self.tr("Tenancy registered"),
                f"{who}.residence.tenancy_registered",
                self._yes_no(),
            ),
        ]
        if who == "applicant":
            rows += [
                (self.tr("Owner consents"), f"{who}.residence.owner_consent", self._yes_no()),
                (
                    self.tr("Householder consents"),
                    f"{who}.residence.householder_consent",
                    self._yes_no(),
                ),
            ]
        return rows

    def _applicant_rows(self) -> list[Row]:
        number = TextField()
        number.setPlaceholderText("18 / 15")
        education = {code: education_name(code) for code in sorted(EDUCATION_CODES)}
        reasons = [
            (self.tr("transfer of ownership"), "transfer"),
            (self.tr("unit closed"), "unit_closed"),
            (self.tr("demolition"), "demolition"),
        ]
        return [
            (self.tr("Identity number"), "applicant.id_number", number),
            (self.tr("Hukou registered in"), "applicant.hukou_region", RegionBox()),
            (self.tr("Marital status"), "applicant.marital_status", self._codes(MARITAL_STATUS)),
            (self.tr("Divorced before"), "applicant.previously_divorced", self._yes_no()),
            (self.tr("Student"), "applicant.student", self._yes_no()),
            (self.tr("Education"), "applicant.education", self._codes(education)),
            (
                self.tr("Professional title"),
                "applicant.professional_title",
                self._codes({k: TITLE_NAMES[k] for k in TITLE_LEVELS}),
            ),
            (
                self.tr("Vocational qualification"),
                "applicant.vocational_level",
                self._codes({k: VOCATIONAL_NAMES[k] for k in VOCATIONAL_LEVELS}),
            ),
            (
                self.tr("Certified high-level talent"),
                "applicant.high_level_talent",
                self._yes_no(),
            ),
            *self._residence_rows("applicant"),
            (
                self.tr("Homes owned in the city"),
                "applicant.homes_owned_in_city",
                self._count(20),
            ),
            (self.tr("Lost the home through"), "applicant.lost_home_reason", self._choice(reasons)),
        ]

    def _work_rows(self) -> list[Row]:
        levels = [
            (self.tr("college"), "college"),
            (self.tr("secondary vocational"), "secondary_vocational"),
        ]
        origins = [
            (self.tr("from Jiangmen"), "native"),
            (self.tr("rural, elsewhere"), "rural"),
            (self.tr("from elsewhere"), "non_native"),
        ]
        routes = [
            (self.tr("restore hukou"), "restore"),
            (self.tr("back to origin"), "origin"),
            (self.tr("place of work"), "workplace"),
            (self.tr("employer's collective household"), "employer_collective"),
            (self.tr("talent exchange centre"), "talent_centre"),
        ]
        job = "applicant.employment"
        return [
            (self.tr("Employer district"), f"{job}.district", RegionBox()),
            (self.tr("Months employed"), f"{job}.months", self._count()),
            (self.tr("Transfer approved by HR"), f"{job}.approved_transfer", self._yes_no()),
            (self.tr("Civil servant or public staff"), f"{job}.public_sector", self._yes_no()),
            (self.tr("Established post"), f"{job}.established_post", self._yes_no()),
            (
                self.tr("Employer has a collective household"),
                f"{job}.employer_collective_household",
                self._yes_no(),
            ),
            (
                self.tr("Months of social insurance"),
                "applicant.social_insurance.months",
                self._count(),
            ),
            (self.tr("Fresh graduate"), "applicant.graduation.fresh", self._yes_no()),
            (self.tr("Graduated from"), "applicant.graduation.level", self._choice(levels)),
            (self.tr("Graduate's origin"), "applicant.graduation.origin", self._choice(origins)),
            (
                self.tr("Graduate's destination"),
                "applicant.graduation.destination",
                self._choice(routes),
            ),
        ]

    def _sponsor_rows(self) -> list[Row]:
        statuses = [
            (self.tr("serviceman"), "serviceman"),
            (self.tr("HK/Macao/Taiwan compatriot"), "hk_macao_taiwan"),
            (self.tr("overseas Chinese"), "overseas_chinese"),
            (self.tr("none of these"), "none"),
        ]
        return [
            (
                self.tr("Relationship to applicant"),
                "sponsor.relationship",
                self._codes(COMMON_RELATIONSHIPS, self.tr("no sponsor")),
            ),
            (self.tr("Identity number"), "sponsor.id_number", TextField()),
            (self.tr("Hukou registered in"), "sponsor.hukou_region", RegionBox()),
            (self.tr("Marital status"), "sponsor.marital_status", self._codes(MARITAL_STATUS)),
            (self.tr("Student"), "sponsor.student", self._yes_no()),
            *self._residence_rows("sponsor"),
            (
                self.tr("Homes owned in the city"),
                "sponsor.homes_owned_in_city",
                self._count(20),
            ),
            (
                self.tr("Lends a home to the applicant"),
                "sponsor.home_lent_to_applicant",
                self._yes_no(),
            ),
            (self.tr("Special status"), "sponsor.special_status", self._choice(statuses)),
            (
                self.tr("Lives with the applicant"),
                "sponsor.lives_with_applicant",
                self._yes_no(),
            ),
            (
                self.tr("Married children already joined"),
                "sponsor.married_children_joined",
                self._count(20),
            ),
        ]

    def _relatives_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Relatives who wish to come along (随迁)"))
        column = QVBoxLayout(box)
        self.relatives = QTableWidget(0, len(_RELATIVE_COLUMNS))
        self.relatives.setObjectName("relativesTable")
        self.relatives.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Relationship"),
                self.tr("Marital status"),
                self.tr("Lives with applicant"),
            ]
        )
        self.relatives.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.relatives.setMinimumHeight(140)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("Add relative"))
        add.setObjectName("addRelative")
        add.clicked.connect(self.add_relative)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self._remove_relative)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        column.addWidget(self.relatives)
        column.addLayout(buttons)
        return box

    def add_relative(self, values: dict[str, Any] | None = None) -> int:
        row = self.relatives.rowCount()
        self.relatives.insertRow(row)
        cells: tuple[FactField, ...] = (
            TextField(),
            self._codes(COMMON_RELATIONSHIPS),
            self._codes(MARITAL_STATUS),
            self._yes_no(),
        )
        for column, (key, cell) in enumerate(zip(_RELATIVE_COLUMNS, cells, strict=True)):
            cell.set_fact((values or {}).get(key))
            self.relatives.setCellWidget(row, column, cell)
            cell.changed.connect(self._timer.start)
        self._timer.start()
        return row

    def relative_cell(self, row: int, key: str) -> FactField:
        cell = self.relatives.cellWidget(row, _RELATIVE_COLUMNS.index(key))
        assert isinstance(cell, FactField)
        return cell

    def _remove_relative(self) -> None:
        row = self.relatives.currentRow()
        if row < 0:
            row = self.relatives.rowCount() - 1
        if row >= 0:
            self.relatives.removeRow(row)
            self._timer.start()

    # --- reading and filling the form -------------------------------------------------------

    def set_value(self, path: str, value: Any) -> None:
        """Fill one field by its fact path."""
        self.fields[path].set_fact(value)

    def raw_facts(self) -> dict[str, Any]:
        """The form as facts JSON (nested by path; unknown fields left out)."""
        data: dict[str, Any] = {}
        for path, field in self.fields.items():
            value = field.fact()
            if value is None:
                continue
            target = data
            *parents, leaf = path.split(".")
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = value
        sponsor = data.get("sponsor")
        if sponsor is not None and "relationship" not in sponsor:
            del data["sponsor"]  # without a relationship there is no sponsor
        relatives = []
        for row in range(self.relatives.rowCount()):
            relative = {key: self.relative_cell(row, key).fact() for key in _RELATIVE_COLUMNS}
            relatives.append({k: v for k, v in relative.items() if v is not None})
        if relatives:
            data["relatives"] = relatives
        return data

    def restore(self, data: dict[str, Any]) -> None:
        """Fill the form from facts JSON, e.g. what the clerk typed before switching language."""
        for path, field in self.fields.items():
            value: Any = data
            for part in path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            field.set_fact(value)
        self.relatives.setRowCount(0)
        for relative in data.get("relatives", []):
            self.add_relative(relative)
        self.refresh()

    def refresh(self) -> None:
        self._check_id()
        try:
            facts = Facts.model_validate(self.raw_facts())
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            self.status.setText(self.tr("Check the field {0}: {1}").format(where, error["msg"]))
            return
        as_of = facts.application_date or date.today()
        refusal = abolished_request(facts, as_of, self.policy)
        self.outcomes = ([refusal] if refusal else []) + find_pathways(facts, as_of, self.policy)
        self._show(applicable_notices(facts, as_of, self.policy))

    def _check_id(self) -> None:
        raw = self.fields["applicant.id_number"].fact()
        if not isinstance(raw, str):
            self.id_feedback.setText("")
            return
        try:
            number = parse_identity_number(raw, today=date.today())
        except InvalidIdentityNumber as exc:
            self.id_feedback.setStyleSheet("color:#b00020")
            self.id_feedback.setText(exc.describe(self.lang))
            return
        sex = self.tr("male") if number.sex == "male" else self.tr("female")
        self.id_feedback.setStyleSheet("color:#1b7f3b")
        place = number.region.province + number.region.name
        self.id_feedback.setText(f"{number.birth_date.isoformat()} · {sex} · {place}")

    # --- showing the outcomes ---------------------------------------------------------------

    def _show(self, notices: list[Outcome]) -> None:
        lang = self.lang
        self.results.clear()
        eligible = sum(1 for o in self.outcomes if o.result == Result.ELIGIBLE)
        self.status.setText(
            self.tr("{0} pathways judged; {1} eligible. Double-click a pathway to read it.").format(
                len(self.outcomes), eligible
            )
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
            top.setExpanded(rank < 2 and outcome.result != Result.NOT_ELIGIBLE)
        first = self.results.topLevelItem(len(notices))
        if first is not None:
            self.results.setCurrentItem(first)

    def _outcome_item(self, outcome: Outcome) -> QTreeWidgetItem:
        lang = self.lang
        pathway = self.policy.pathway(outcome.pathway_id)
        result = RESULT_NAMES[outcome.result](lang)
        top = QTreeWidgetItem([f"{pathway.title(lang)} [{pathway.clause}]", result])
        top.setData(0, Qt.ItemDataRole.UserRole, pathway.id)
        top.setForeground(1, QBrush(QColor(_RESULT_COLOURS[outcome.result])))
        for line in outcome.lines:
            detail = f" — {line.detail(lang)}" if line.detail else ""
            text = f"{_MARKS[line.status]} [{line.clause}] {line.text(lang)}{detail}"
            child = QTreeWidgetItem([text, STATUS_NAMES[line.status](lang)])
            child.setToolTip(0, text)
            top.addChild(child)
        for document in outcome.missing_documents:
            child = QTreeWidgetItem([f"+ {document.name(lang)}", self.tr("to bring")])
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
        return {
            "allowed": self.tr("may come"),
            "not_allowed": self.tr("may not come"),
            "unknown": self.tr("to check"),
        }[status]

    def _companion_text(self, verdict: Any) -> str:
        who = verdict.name or f"#{verdict.index + 1}"
        own = ""
        if verdict.own_pathways:
            titles = (self.policy.pathway(p).title(self.lang) for p in verdict.own_pathways)
            own = " → " + "、".join(titles)
        return f"{who} — {verdict.reason(self.lang)}{own}"

    def explanation_html(self, outcome: Outcome) -> str:
        """One route's outcome in full, for the pane below the tree."""
        lang = self.lang
        pathway = self.policy.pathway(outcome.pathway_id)
        colour = _RESULT_COLOURS[outcome.result]
        parts = [
            f"<b>{escape(pathway.title(lang))}</b> [{pathway.clause}] — "
            f"<span style='color:{colour}'>{escape(RESULT_NAMES[outcome.result](lang))}</span>",
            "<ul>",
        ]
        for note in outcome.notes:
            parts.append(f"<li><b>{escape(note(lang))}</b></li>")
        for line in outcome.lines:
            detail = f" — <i>{escape(line.detail(lang))}</i>" if line.detail else ""
            parts.append(
                f"<li>{_MARKS[line.status]} [{line.clause}] {escape(line.text(lang))}"
                f" ({escape(STATUS_NAMES[line.status](lang))}){detail}</li>"
            )
        parts.append("</ul>")
        if outcome.missing_documents:
            parts.append(f"<p><b>{escape(self.tr('to bring'))}</b></p><ul>")
            for document in outcome.missing_documents:
                reason = f" — {escape(document.reason(lang))}" if document.reason else ""
                parts.append(f"<li>{escape(document.name(lang))}{reason}</li>")
            parts.append("</ul>")
        if outcome.companions:
            parts.append(f"<p><b>{escape(self.tr('Along'))}</b></p><ul>")
            for verdict in outcome.companions:
                status = self._companion_status(verdict.status.value)
                parts.append(f"<li>{escape(status)}: {escape(self._companion_text(verdict))}</li>")
            parts.append("</ul>")
        return "".join(parts)

    def _explain_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        pathway_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        outcome = next((o for o in self.outcomes if o.pathway_id == pathway_id), None)
        self.explanation.setHtml(self.explanation_html(outcome) if outcome else "")

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        pathway_id = item.data(0, Qt.ItemDataRole.UserRole)
        if pathway_id:
            self.pathway_chosen.emit(pathway_id)
