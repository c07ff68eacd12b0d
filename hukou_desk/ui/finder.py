"""The pathway finder: the clerk enters what the applicant says, and sees every route ranked."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.codes import (
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
from hukou_desk.domain.text import Language
from hukou_desk.ui.fields import Choice, Count, DateField, RegionBox, TextField, changed_signal

_RESULT_COLOURS = {
    Result.ELIGIBLE: "#1b7f3b",
    Result.NEEDS_DOCUMENTS: "#a36a00",
    Result.NOT_ELIGIBLE: "#b00020",
    Result.NOT_IN_FORCE: "#666666",
}
_MARKS = {Status.MET: "✓", Status.NOT_MET: "✗", Status.UNKNOWN: "?"}
_RELATIONSHIPS = {
    "10": ("配偶", "spouse"),
    "20": ("子", "son"),
    "30": ("女", "daughter"),
    "51": ("父亲", "father"),
    "52": ("母亲", "mother"),
    "55": ("岳父", "father-in-law"),
    "71": ("兄", "elder brother"),
    "75": ("姐", "elder sister"),
    "81": ("其他旁系亲属", "other collateral relative"),
    "99": ("非亲属", "not a relative"),
}


class PathwayFinder(QWidget):
    """Situation on the left, ranked pathways with reasons on the right."""

    pathway_chosen = Signal(str)

    def __init__(self, policy: Policy, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.fields: dict[str, QWidget] = {}
        self.outcomes: list[Outcome] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)

        form = QWidget()
        column = QVBoxLayout(form)
        column.addWidget(self._case_group())
        column.addWidget(self._applicant_group())
        number = self.fields["applicant.id_number"]
        assert isinstance(number, TextField)
        column.addWidget(self._work_group())
        column.addWidget(self._sponsor_group())
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
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._activated)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.status)
        right_column.addWidget(self.results)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setSizes([460, 700])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        for widget in self.fields.values():
            changed_signal(widget).connect(self._timer.start)
        number.textChanged.connect(self._check_id)  # validated as typed, not debounced
        self.refresh()

    # --- the form ---------------------------------------------------------------------------

    def _add(self, form: QFormLayout, label: str, path: str, widget: QWidget) -> QWidget:
        widget.setObjectName(path)
        self.fields[path] = widget
        form.addRow(label, widget)
        return widget

    def _yes_no(self) -> Choice:
        return Choice(self.tr("not known"), [(self.tr("yes"), True), (self.tr("no"), False)])

    def _codes(self, table: dict[str, Any]) -> Choice:
        return Choice(
            self.tr("not known"),
            [(f"{code} {name(self.lang)}", code) for code, name in table.items()],
        )

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, form

    def _case_group(self) -> QGroupBox:
        box, form = self._group(self.tr("Application"))
        self._add(form, self.tr("Application date"), "application_date", DateField())
        abolished = [
            (p.title(self.lang), p.id)
            for p in self.policy.pathways
            if p.kind == PathwayKind.ABOLISHED
        ]
        self._add(form, self.tr("Route asked for"), "requested_pathway", Choice("—", abolished))
        destination = self._add(
            form, self.tr("Destination district"), "destination.district", RegionBox()
        )
        destination.setToolTip(self.tr("Where the applicant asks to be registered"))
        self._add(
            form, self.tr("Into a rural village"), "destination.rural_village", self._yes_no()
        )
        self._add(
            form, self.tr("Lives in that village"), "destination.lives_in_village", self._yes_no()
        )
        self._add(
            form,
            self.tr("Into the spouse's parents' household"),
            "destination.with_spouse_parents",
            self._yes_no(),
        )
        self._add(
            form,
            self.tr("Community collective household"),
            "destination.community_collective",
            self._yes_no(),
        )
        return box

    def _applicant_group(self) -> QGroupBox:
        box, form = self._group(self.tr("Applicant"))
        number = TextField()
        number.setPlaceholderText("18 / 15")
        self._add(form, self.tr("Identity number"), "applicant.id_number", number)
        self.id_feedback = QLabel()
        self.id_feedback.setObjectName("idFeedback")
        self.id_feedback.setWordWrap(True)
        form.addRow("", self.id_feedback)
        self._add(form, self.tr("Hukou registered in"), "applicant.hukou_region", RegionBox())
        self._add(
            form, self.tr("Marital status"), "applicant.marital_status", self._codes(MARITAL_STATUS)
        )
        self._add(form, self.tr("Divorced before"), "applicant.previously_divorced", self._yes_no())
        self._add(form, self.tr("Student"), "applicant.student", self._yes_no())
        education = {code: education_name(code) for code in sorted(EDUCATION_CODES)}
        self._add(form, self.tr("Education"), "applicant.education", self._codes(education))
        self._add(
            form,
            self.tr("Professional title"),
            "applicant.professional_title",
            self._codes({k: TITLE_NAMES[k] for k in TITLE_LEVELS}),
        )
        self._add(
            form,
            self.tr("Vocational qualification"),
            "applicant.vocational_level",
            self._codes({k: VOCATIONAL_NAMES[k] for k in VOCATIONAL_LEVELS}),
        )
        self._add(
            form,
            self.tr("Certified high-level talent"),
            "applicant.high_level_talent",
            self._yes_no(),
        )
        self._residence(form, "applicant")
        self._add(
            form,
            self.tr("Homes owned in the city"),
            "applicant.homes_owned_in_city",
            Count(self.tr("not known"), 20),
        )
        reasons = [
            (self.tr("transfer of ownership"), "transfer"),
            (self.tr("unit closed"), "unit_closed"),
            (self.tr("demolition"), "demolition"),
        ]
        self._add(
            form,
            self.tr("Lost the home through"),
            "applicant.lost_home_reason",
            Choice(self.tr("not known"), reasons),
        )
        return box

    def _residence(self, form: QFormLayout, who: str) -> None:
        kinds = [
            (self.tr("owned home"), "owned"),
            (self.tr("self-built home"), "self_built"),
            (self.tr("public rental"), "public_rental"),
            (self.tr("private rental"), "private_rental"),
            (self.tr("employer housing"), "employer_housing"),
            (self.tr("relative's home"), "relative_home"),
            (self.tr("collective household"), "collective"),
        ]
        self._add(
            form, self.tr("Residence"), f"{who}.residence.kind", Choice(self.tr("not known"), kinds)
        )
        self._add(form, self.tr("Residence district"), f"{who}.residence.district", RegionBox())
        self._add(
            form,
            self.tr("Tenancy registered"),
            f"{who}.residence.tenancy_registered",
            self._yes_no(),
        )
        if who == "applicant":
            self._add(
                form, self.tr("Owner consents"), f"{who}.residence.owner_consent", self._yes_no()
            )
            self._add(
                form,
                self.tr("Householder consents"),
                f"{who}.residence.householder_consent",
                self._yes_no(),
            )

    def _work_group(self) -> QGroupBox:
        box, form = self._group(self.tr("Work, insurance and study"))
        self._add(form, self.tr("Employer district"), "applicant.employment.district", RegionBox())
        self._add(
            form,
            self.tr("Months employed"),
            "applicant.employment.months",
            Count(self.tr("not known")),
        )
        self._add(
            form,
            self.tr("Transfer approved by HR"),
            "applicant.employment.approved_transfer",
            self._yes_no(),
        )
        self._add(
            form,
            self.tr("Civil servant or public staff"),
            "applicant.employment.public_sector",
            self._yes_no(),
        )
        self._add(
            form,
            self.tr("Established post"),
            "applicant.employment.established_post",
            self._yes_no(),
        )
        self._add(
            form,
            self.tr("Employer has a collective household"),
            "applicant.employment.employer_collective_household",
            self._yes_no(),
        )
        self._add(
            form,
            self.tr("Months of social insurance"),
            "applicant.social_insurance.months",
            Count(self.tr("not known")),
        )
        self._add(form, self.tr("Fresh graduate"), "applicant.graduation.fresh", self._yes_no())
        levels = [
            (self.tr("college"), "college"),
            (self.tr("secondary vocational"), "secondary_vocational"),
        ]
        self._add(
            form,
            self.tr("Graduated from"),
            "applicant.graduation.level",
            Choice(self.tr("not known"), levels),
        )
        origins = [
            (self.tr("from Jiangmen"), "native"),
            (self.tr("rural, elsewhere"), "rural"),
            (self.tr("from elsewhere"), "non_native"),
        ]
        self._add(
            form,
            self.tr("Graduate's origin"),
            "applicant.graduation.origin",
            Choice(self.tr("not known"), origins),
        )
        routes = [
            (self.tr("restore hukou"), "restore"),
            (self.tr("back to origin"), "origin"),
            (self.tr("place of work"), "workplace"),
            (self.tr("employer's collective household"), "employer_collective"),
            (self.tr("talent exchange centre"), "talent_centre"),
        ]
        self._add(
            form,
            self.tr("Graduate's destination"),
            "applicant.graduation.destination",
            Choice(self.tr("not known"), routes),
        )
        return box

    def _sponsor_group(self) -> QGroupBox:
        box, form = self._group(self.tr("Sponsor (被投靠人) or home owner"))
        relation = [
            (f"{code} {zh if self.lang == 'zh' else en}", code)
            for code, (zh, en) in _RELATIONSHIPS.items()
        ]
        self._add(
            form,
            self.tr("Relationship to applicant"),
            "sponsor.relationship",
            Choice(self.tr("no sponsor"), relation),
        )
        self._add(form, self.tr("Identity number"), "sponsor.id_number", TextField())
        self._add(form, self.tr("Hukou registered in"), "sponsor.hukou_region", RegionBox())
        self._add(
            form, self.tr("Marital status"), "sponsor.marital_status", self._codes(MARITAL_STATUS)
        )
        self._add(form, self.tr("Student"), "sponsor.student", self._yes_no())
        self._residence(form, "sponsor")
        self._add(
            form,
            self.tr("Homes owned in the city"),
            "sponsor.homes_owned_in_city",
            Count(self.tr("not known"), 20),
        )
        self._add(
            form,
            self.tr("Lends a home to the applicant"),
            "sponsor.home_lent_to_applicant",
            self._yes_no(),
        )
        status = [
            (self.tr("serviceman"), "serviceman"),
            (self.tr("HK/Macao/Taiwan compatriot"), "hk_macao_taiwan"),
            (self.tr("overseas Chinese"), "overseas_chinese"),
            (self.tr("none of these"), "none"),
        ]
        self._add(
            form,
            self.tr("Special status"),
            "sponsor.special_status",
            Choice(self.tr("not known"), status),
        )
        self._add(
            form,
            self.tr("Lives with the applicant"),
            "sponsor.lives_with_applicant",
            self._yes_no(),
        )
        self._add(
            form,
            self.tr("Married children already joined"),
            "sponsor.married_children_joined",
            Count(self.tr("not known"), 20),
        )
        return box

    def _relatives_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Relatives who wish to come along (随迁)"))
        column = QVBoxLayout(box)
        self.relatives = QTableWidget(0, 4)
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

    def add_relative(self) -> int:
        row = self.relatives.rowCount()
        self.relatives.insertRow(row)
        name = TextField()
        relation = Choice(
            self.tr("not known"),
            [
                (f"{code} {zh if self.lang == 'zh' else en}", code)
                for code, (zh, en) in _RELATIONSHIPS.items()
            ],
        )
        marital = self._codes(MARITAL_STATUS)
        together = self._yes_no()
        for column, widget in enumerate((name, relation, marital, together)):
            self.relatives.setCellWidget(row, column, widget)
            changed_signal(widget).connect(self._timer.start)
        self._timer.start()
        return row

    def _remove_relative(self) -> None:
        row = self.relatives.currentRow()
        if row < 0:
            row = self.relatives.rowCount() - 1
        if row >= 0:
            self.relatives.removeRow(row)
            self._timer.start()

    # --- reading the form -------------------------------------------------------------------

    def set_value(self, path: str, value: Any) -> None:
        """Fill one field (used by tests and by 'open example')."""
        widget = self.fields[path]
        if isinstance(widget, (Choice, RegionBox)):
            widget.set_value(value)
        elif isinstance(widget, Count):
            widget.setValue(-1 if value is None else int(value))
        elif isinstance(widget, TextField):
            widget.setText(value or "")

    def raw_facts(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for path, widget in self.fields.items():
            value: Any
            if isinstance(widget, DateField):
                value = widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, (Choice, RegionBox)):
                value = widget.value()
            elif isinstance(widget, Count):
                value = widget.value_or_none()
            else:
                assert isinstance(widget, TextField)
                value = widget.value()
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
            cells = [self.relatives.cellWidget(row, column) for column in range(4)]
            name, relation, marital, together = cells
            assert isinstance(name, TextField) and isinstance(relation, QComboBox)
            assert isinstance(marital, QComboBox) and isinstance(together, QComboBox)
            relative = {
                "name": name.value(),
                "relationship": relation.currentData(),
                "marital_status": marital.currentData(),
                "lives_with_applicant": together.currentData(),
            }
            relatives.append({k: v for k, v in relative.items() if v is not None})
        if relatives:
            data["relatives"] = relatives
        return data

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
        notices = applicable_notices(facts, as_of, self.policy)
        self._show(notices)

    def _check_id(self) -> None:
        widget = self.fields["applicant.id_number"]
        assert isinstance(widget, TextField)
        raw = widget.value()
        if raw is None:
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

    def _show(self, notices: list[Outcome]) -> None:
        lang = self.lang
        along = self.tr("Along")
        self.results.clear()
        eligible = sum(1 for o in self.outcomes if o.result == Result.ELIGIBLE)
        self.status.setText(
            self.tr("{0} pathways judged; {1} eligible. Double-click a pathway to read it.").format(
                len(self.outcomes), eligible
            )
        )
        for notice in notices:
            pathway = self.policy.pathway(notice.pathway_id)
            item = QTreeWidgetItem(
                [f"! {pathway.title(lang)} [{pathway.clause}]", self.tr("applies")]
            )
            item.setToolTip(0, pathway.summary(lang))
            self.results.addTopLevelItem(item)
        for outcome in self.outcomes:
            pathway = self.policy.pathway(outcome.pathway_id)
            top = QTreeWidgetItem(
                [f"{pathway.title(lang)} [{pathway.clause}]", RESULT_NAMES[outcome.result](lang)]
            )
            top.setData(0, Qt.ItemDataRole.UserRole, pathway.id)
            top.setForeground(1, QBrush(QColor(_RESULT_COLOURS[outcome.result])))
            for line in outcome.lines:
                detail = f" — {line.detail(lang)}" if line.detail else ""
                child = QTreeWidgetItem(
                    [
                        f"{_MARKS[line.status]} [{line.clause}] {line.text(lang)}{detail}",
                        STATUS_NAMES[line.status](lang),
                    ]
                )
                child.setToolTip(0, child.text(0))
                top.addChild(child)
            for document in outcome.missing_documents:
                child = QTreeWidgetItem([f"+ {document.name(lang)}", self.tr("to bring")])
                child.setToolTip(0, document.reason(lang) if document.reason else "")
                top.addChild(child)
            for verdict in outcome.companions:
                who = verdict.name or f"#{verdict.index + 1}"
                own = ""
                if verdict.own_pathways:
                    own = " → " + "、".join(
                        self.policy.pathway(p).title(lang) for p in verdict.own_pathways
                    )
                status = {
                    "allowed": self.tr("may come"),
                    "not_allowed": self.tr("may not come"),
                    "unknown": self.tr("to check"),
                }[verdict.status.value]
                child = QTreeWidgetItem([f"{along}: {who} — {verdict.reason(lang)}{own}", status])
                top.addChild(child)
            self.results.addTopLevelItem(top)
            top.setExpanded(
                outcome.result in (Result.ELIGIBLE, Result.NEEDS_DOCUMENTS)
                and self.results.topLevelItemCount() <= 3
            )

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        pathway_id = item.data(0, Qt.ItemDataRole.UserRole)
        if pathway_id:
            self.pathway_chosen.emit(pathway_id)
