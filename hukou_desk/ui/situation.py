"""The applicant's situation as a form of facts, shared by the pathway finder and the wizard.

Every input maps onto one fact path (`applicant.residence.kind`...). In the wizard the form is
progressive: a question shows once the answers so far make it relevant (the graduate's route
only for a fresh graduate, the tenancy only for a rental, the sponsor's details only once there
is a sponsor), and a hidden question's answer is not part of the facts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.codes import (
    EDUCATION_CODES,
    ETHNICITIES,
    MARITAL_STATUS,
    RELATIONSHIPS,
    TITLE_LEVELS,
    TITLE_NAMES,
    VOCATIONAL_LEVELS,
    VOCATIONAL_NAMES,
    education_name,
)
from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.identity import parse_identity_number
from hukou_desk.domain.policy import PathwayKind, Policy
from hukou_desk.domain.text import Language, Text
from hukou_desk.ui.fields import (
    Choice,
    Count,
    DateField,
    FactField,
    OptionalDateField,
    RegionBox,
    TextField,
    searchable,
)

Row = tuple[str, str, FactField]
Facts = dict[str, Any]

FINDER_RELATIVE_COLUMNS = ("name", "relationship", "marital_status", "lives_with_applicant")
# At the counter each relative's details are taken as the permit and the application form
# print them: name, number, relationship, marital status, ethnicity, education.
WIZARD_RELATIVE_COLUMNS = (
    "name",
    "id_number",
    "relationship",
    "marital_status",
    "ethnicity",
    "education",
    "lives_with_applicant",
)


def get_path(data: Facts, path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _rental(who: str) -> Callable[[Facts], bool]:
    return lambda f: get_path(f, f"{who}.residence.kind") in ("private_rental", "public_rental")


def _relevance() -> dict[str, Callable[[Facts], bool]]:
    """When a question is worth asking, given the answers so far (the wizard's progressive form)."""
    rules: dict[str, Callable[[Facts], bool]] = {
        "destination.lives_in_village": lambda f: get_path(f, "destination.rural_village") is True,
        "applicant.previously_divorced": lambda f: str(
            get_path(f, "applicant.marital_status") or ""
        ).startswith("2"),
        "applicant.lost_home_reason": lambda f: get_path(f, "applicant.homes_owned_in_city") == 0,
        "applicant.lost_home_note": lambda f: get_path(f, "applicant.lost_home_reason") == "other",
        "applicant.relative_household_available": lambda f: (
            get_path(f, "applicant.lost_home_reason") not in (None, "none")
        ),
        "applicant.home_acquired": lambda f: (
            (get_path(f, "applicant.homes_owned_in_city") or 0) >= 1
        ),
        "applicant.home_district": lambda f: (
            (get_path(f, "applicant.homes_owned_in_city") or 0) >= 1
        ),
        "sponsor.home_acquired": lambda f: (get_path(f, "sponsor.homes_owned_in_city") or 0) >= 1,
        # 二（五）2: the household asked for, and that household's consents.
        "destination.attach_to": lambda f: (
            get_path(f, "applicant.lost_home_reason") not in (None, "none")
        ),
        "destination.owner_consent": lambda f: (
            get_path(f, "destination.attach_to") == "relative_household"
        ),
        "destination.householder_consent": lambda f: (
            get_path(f, "destination.attach_to") == "relative_household"
        ),
        "applicant.employment.established_post": lambda f: (
            get_path(f, "applicant.employment.post") not in (None, "government_employee")
        ),
        "applicant.employment.delegated_self_recruitment": lambda f: (
            get_path(f, "applicant.employment.post") == "institution_staff"
        ),
    }
    for who in ("applicant", "sponsor"):
        has_home = (lambda w: lambda f: get_path(f, f"{w}.residence.kind") is not None)(who)
        rules[f"{who}.residence.district"] = has_home
        rules[f"{who}.residence.tenancy_registered"] = _rental(who)
    rules["applicant.residence.owner_consent"] = lambda f: (
        get_path(f, "applicant.residence.kind") in ("private_rental", "relative_home")
    )
    rules["applicant.residence.householder_consent"] = lambda f: (
        get_path(f, "applicant.residence.kind") in ("relative_home", "collective")
    )

    def employed(f: Facts) -> bool:
        return get_path(f, "applicant.employment.district") is not None

    for leaf in ("months", "approved_transfer", "post", "employer_collective_household"):
        rules[f"applicant.employment.{leaf}"] = employed

    def fresh(f: Facts) -> bool:  # 应届 is read from the graduation date
        return get_path(f, "applicant.graduation.graduated_on") is not None

    for leaf in ("level", "origin", "destination"):
        rules[f"applicant.graduation.{leaf}"] = fresh
    return rules


_SPONSOR_ALWAYS = "sponsor.relationship"


class RelativesTable(QWidget):
    """Relatives who wish to come along (随迁), one row each."""

    changed = Signal()

    def __init__(
        self,
        lang: Language,
        columns: Sequence[str] = FINDER_RELATIVE_COLUMNS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.columns = tuple(columns)
        titles = {
            "name": self.tr("Name"),
            "id_number": self.tr("Identity number"),
            "relationship": self.tr("Relationship"),
            "marital_status": self.tr("Marital status"),
            "lives_with_applicant": self.tr("Lives with applicant"),
            "ethnicity": self.tr("Ethnicity"),
            "education": self.tr("Education"),
        }
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setTabKeyNavigation(False)  # Tab goes from cell to cell, then out
        self.table.setObjectName("relativesTable")
        self.table.setHorizontalHeaderLabels([titles[c] for c in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # A title wider than its column ends in … (its whole text in the tip), not cut at both
        # ends ("ves with applica").
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        for index, key in enumerate(self.columns):
            item = self.table.horizontalHeaderItem(index)
            if item is not None:
                item.setToolTip(titles[key])
        self.table.setMinimumHeight(140)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("Add relative"))
        add.setObjectName("addRelative")
        add.clicked.connect(lambda: self.add_relative())
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName("removeRelative")
        remove.clicked.connect(self.remove_current)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        column.addWidget(self.table)
        column.addLayout(buttons)

    def fit_identity_column(self) -> None:
        """Room for all 18 characters of an identity number."""
        column = self.columns.index("id_number")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(column, self.fontMetrics().horizontalAdvance("0" * 18) + 24)

    def _cell(self, key: str) -> FactField:
        no = self.tr("not known")
        if key == "relationship":
            items = [(f"{c} {n(self.lang)}", c) for c, n in RELATIONSHIPS.items()]
            return Choice(no, items)
        if key == "marital_status":
            return Choice(no, [(f"{c} {n(self.lang)}", c) for c, n in MARITAL_STATUS.items()])
        if key == "ethnicity":
            return searchable(Choice(no, [(f"{c} {n}", c) for c, n in ETHNICITIES.items()]))
        if key == "education":
            names = {code: education_name(code) for code in sorted(EDUCATION_CODES)}
            return Choice(no, [(f"{c} {n(self.lang)}", c) for c, n in names.items()])
        if key == "lives_with_applicant":
            return Choice(no, [(self.tr("yes"), True), (self.tr("no"), False)])
        field = TextField()
        if key == "id_number":
            field.setPlaceholderText("18")
        return field

    def add_relative(self, values: dict[str, Any] | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, key in enumerate(self.columns):
            cell = self._cell(key)
            cell.set_fact((values or {}).get(key))
            self.table.setCellWidget(row, column, cell)
            cell.changed.connect(self.changed)
        self.changed.emit()
        return row

    def relative_cell(self, row: int, key: str) -> FactField:
        cell = self.table.cellWidget(row, self.columns.index(key))
        assert isinstance(cell, FactField)
        return cell

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.table.rowCount()):
            relative = {key: self.relative_cell(row, key).fact() for key in self.columns}
            out.append({k: v for k, v in relative.items() if v is not None})
        return out

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for relative in rows:
            self.add_relative(relative)


class SituationForm(QWidget):
    """The facts form: application, applicant, work and study, sponsor (and relatives)."""

    changed = Signal()  # after a short pause in typing

    def __init__(
        self,
        policy: Policy,
        lang: Language,
        *,
        progressive: bool = False,
        with_relatives: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.progressive = progressive
        self.fields: dict[str, FactField] = {}
        self._rows: dict[str, QFormLayout] = {}
        self._hidden: set[str] = set()  # rows another screen fills (the wizard's identity number)
        # The groups of questions in order (application, applicant, work, sponsor): F6 and
        # Shift+F6 go to the first open question showing in the next or the previous one.
        self.groups: list[QGroupBox] = []
        self._group_of: dict[str, QGroupBox] = {}
        self._relevance = _relevance() if progressive else {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._settled)
        self.id_feedback = QLabel()
        self.id_feedback.setObjectName("idFeedback")
        self.id_feedback.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(self._group(self.tr("Application"), self._case_rows()))
        column.addWidget(self._group(self.tr("Applicant"), self._applicant_rows()))
        column.addWidget(self._group(self.tr("Work, insurance and study"), self._work_rows()))
        column.addWidget(
            self._group(self.tr("Sponsor (被投靠人) or home owner"), self._sponsor_rows())
        )
        # Always owned by the form (a parentless widget would be freed by Python, not Qt).
        self.relatives = RelativesTable(lang, parent=self)
        if with_relatives:
            box = QGroupBox(self.tr("Relatives who wish to come along (随迁)"))
            QVBoxLayout(box).addWidget(self.relatives)
            column.addWidget(box)
        else:
            self.relatives.hide()
        column.addStretch()
        for field in self.fields.values():
            field.changed.connect(self._touched)
        self.relatives.changed.connect(self._touched)
        for keys, step in (("F6", 1), ("Shift+F6", -1)):
            key = QShortcut(QKeySequence(keys), self)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(lambda step=step: self.next_group(step))
        self.fields["applicant.id_number"].changed.connect(self.check_id)
        self._apply_relevance()

    def _touched(self, *_signal_args: object) -> None:
        # A follow-up question shows the moment its answer is given, so the next Tab always
        # lands on the row below it; the engine re-judges after a pause. (The signal's own
        # arguments, a combo's index or a field's text, must not reach QTimer.start(msec).)
        self._apply_relevance()
        self._timer.start()

    def _settled(self) -> None:
        self._apply_relevance()
        self.changed.emit()

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
        self.groups.append(box)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, path, widget in rows:
            widget.setObjectName(path)
            self.fields[path] = widget
            self._rows[path] = form
            self._group_of[path] = box
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
            (
                self.tr("Destination address (street, number, 居委会/村委会)"),
                "destination.address",
                TextField(),
            ),
            (self.tr("Into a rural village"), "destination.rural_village", self._yes_no()),
            (self.tr("Lives in that village"), "destination.lives_in_village", self._yes_no()),
            (
                self.tr("Into the spouse's parents' household"),
                "destination.with_spouse_parents",
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
        ]
        rows += [
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
            (self.tr("another reason of the kind (write it down)"), "other"),
            (self.tr("no home was lost (a move by choice)"), "none"),
        ]
        acquired = [
            (self.tr("bought"), "purchased"),
            (self.tr("self-built"), "self_built"),
            (self.tr("inherited"), "inherited"),
            (self.tr("gifted"), "gifted"),
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
            (
                self.tr("How the home was acquired"),
                "applicant.home_acquired",
                self._choice(acquired),
            ),
            (self.tr("District of the own home"), "applicant.home_district", RegionBox()),
            (self.tr("Lost the home through"), "applicant.lost_home_reason", self._choice(reasons)),
            (self.tr("The reason, in words"), "applicant.lost_home_note", TextField()),
            (
                self.tr("A relative's household can take them in"),
                "applicant.relative_household_available",
                self._yes_no(),
            ),
            # 二（五）2: revealed by the lost home, so asked right after it.
            (
                self.tr("Household asked for (二（五）2)"),
                "destination.attach_to",
                self._choice(
                    [
                        (self.tr("a relative's or friend's household"), "relative_household"),
                        (self.tr("the employer's collective household"), "employer_collective"),
                        (
                            self.tr("the community collective household of the hukou place"),
                            "community_collective",
                        ),
                    ]
                ),
            ),
            (
                self.tr("Owner of that home consents"),
                "destination.owner_consent",
                self._yes_no(),
            ),
            (
                self.tr("Householder of that household consents"),
                "destination.householder_consent",
                self._yes_no(),
            ),
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
        posts = [
            (self.tr("civil servant"), "civil_servant"),
            (self.tr("government employee (政府雇员)"), "government_employee"),
            (self.tr("public-institution staff"), "institution_staff"),
            (self.tr("state-owned enterprise"), "state_enterprise"),
            (self.tr("other enterprise"), "enterprise"),
            (self.tr("other"), "other"),
        ]
        job = "applicant.employment"
        return [
            (self.tr("Employer district"), f"{job}.district", RegionBox()),
            (self.tr("Months employed"), f"{job}.months", self._count()),
            (self.tr("Transfer approved by HR"), f"{job}.approved_transfer", self._yes_no()),
            (self.tr("Post"), f"{job}.post", self._choice(posts)),
            (
                self.tr("Self-recruited by a unit with delegated personnel powers"),
                f"{job}.delegated_self_recruitment",
                self._yes_no(),
            ),
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
            (
                self.tr("Graduation date"),
                "applicant.graduation.graduated_on",
                OptionalDateField(self.tr("not known")),
            ),
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
                self._codes(RELATIONSHIPS, self.tr("no sponsor")),
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
                self.tr("How the homes were acquired"),
                "sponsor.home_acquired",
                self._choice(
                    [
                        (self.tr("bought"), "purchased"),
                        (self.tr("self-built"), "self_built"),
                        (self.tr("inherited"), "inherited"),
                        (self.tr("gifted"), "gifted"),
                    ]
                ),
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

    # --- reading and filling the form -------------------------------------------------------

    def set_value(self, path: str, value: Any) -> None:
        """Fill one field by its fact path."""
        self.fields[path].set_fact(value)
        self._apply_relevance()

    def relevant(self, path: str, data: Facts | None = None) -> bool:
        if not self.progressive:
            return True
        data = data if data is not None else self._all_facts()
        no_sponsor = get_path(data, _SPONSOR_ALWAYS) is None
        if path.startswith("sponsor.") and path != _SPONSOR_ALWAYS and no_sponsor:
            return False
        rule = self._relevance.get(path)
        return rule is None or rule(data)

    def next_group(self, step: int = 1) -> None:
        """F6 (step 1) or Shift+F6 (-1): to the first unanswered question showing in the next
        or the previous group (its first question when all are answered), past this one's."""
        focus = QApplication.focusWidget()
        inside = [
            i for i, g in enumerate(self.groups) if focus is not None and g.isAncestorOf(focus)
        ]
        index = (inside[0] if inside else (-1 if step > 0 else len(self.groups))) + step
        while 0 <= index < len(self.groups):
            group = self.groups[index]
            showing = [
                field
                for path, field in self.fields.items()
                if self._group_of.get(path) is group
                and field.isVisibleTo(self)
                and field.isEnabled()
            ]
            if showing:
                # Past what is answered already (a card's district, the station's): the
                # first open question, else the group's first.
                open_ = [f for f in showing if f.fact() in (None, "")]
                target = (open_ or showing)[0]
                target.setFocus(Qt.FocusReason.TabFocusReason)
                parent = self.parentWidget()
                while parent is not None and not isinstance(parent, QScrollArea):
                    parent = parent.parentWidget()
                if parent is not None:
                    parent.ensureWidgetVisible(target)
                return
            index += step

    def askable(self) -> list[str]:
        """The facts this form asks right now: on screen and relevant to the answers so far."""
        data = self._all_facts()
        return [p for p in self.fields if p not in self._hidden and self.relevant(p, data)]

    def _apply_relevance(self) -> None:
        data = self._all_facts()
        for path, form in self._rows.items():
            shown = path not in self._hidden and self.relevant(path, data)
            form.setRowVisible(self.fields[path], shown)

    def hide_field(self, path: str) -> None:
        """Keep a fact in the form but not on screen (another step asks for it)."""
        self._hidden.add(path)
        self._rows[path].setRowVisible(self.fields[path], False)
        if path == "applicant.id_number":
            self._rows[path].setRowVisible(self.id_feedback, False)

    def _all_facts(self) -> Facts:
        data: Facts = {}
        for path, field in self.fields.items():
            value = field.fact()
            if value is None:
                continue
            target = data
            *parents, leaf = path.split(".")
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = value
        return data

    def raw_facts(self) -> Facts:
        """The form as facts JSON (nested by path; unknown and irrelevant fields left out)."""
        every = self._all_facts()
        data: Facts = {}
        for path, field in self.fields.items():
            value = field.fact()
            if value is None or not self.relevant(path, every):
                continue
            target = data
            *parents, leaf = path.split(".")
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = value
        sponsor = data.get("sponsor")
        if sponsor is not None and "relationship" not in sponsor:
            del data["sponsor"]  # without a relationship there is no sponsor
        relatives = self.relatives.rows()
        if relatives:
            data["relatives"] = relatives
        return data

    def restore(self, data: Facts) -> None:
        """Fill the form from facts JSON, e.g. what the clerk typed before switching language."""
        for path, field in self.fields.items():
            field.set_fact(get_path(data, path))
        self.relatives.set_rows(data.get("relatives", []))
        self._apply_relevance()
        self.check_id()

    def check_id(self) -> None:
        raw = self.fields["applicant.id_number"].fact()
        if not isinstance(raw, str):
            self.id_feedback.setText("")
            return
        try:
            number = parse_identity_number(raw, today=china_today())
        except InvalidIdentityNumber as exc:
            self.id_feedback.setStyleSheet("color:#b00020")
            self.id_feedback.setText(exc.describe(self.lang))
            return
        sex = self.tr("male") if number.sex == "male" else self.tr("female")
        self.id_feedback.setStyleSheet("color:#1b7f3b")
        place = number.region.province + number.region.name
        self.id_feedback.setText(f"{number.birth_date.isoformat()} · {sex} · {place}")
