"""One case, read-only: what the engine found, the documents, the clerk's note, the decisions.

Supervisors decide here. Approve or refuse; a refusal rests on the criteria the supervisor
ticks (the engine's criteria with their clauses, the unmet ones ticked to start with: at least
one), which the refusal notice names with their clauses, then the supervisor's own words.
The clerk who prepared the case cannot decide it: the buttons say so, and the domain refuses
even if they were pressed.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain import clock
from hukou_desk.domain.checks import LACKING
from hukou_desk.domain.clock import china_day
from hukou_desk.domain.codes import RELATIONSHIPS
from hukou_desk.domain.engine import RESULT_NAMES, Result
from hukou_desk.domain.lifecycle import (
    STATUS_TITLES,
    CaseStatus,
    DecisionKind,
    Role,
    check_approval_reason,
    deadline_text,
    departs_from_finding,
    stored_deadline,
)
from hukou_desk.domain.offers import Offered, offered
from hukou_desk.domain.outcome import RecordedOutcome, render_line, rests_on
from hukou_desk.domain.regions import region_name
from hukou_desk.domain.rules import Status
from hukou_desk.domain.text import Text
from hukou_desk.services import decisions, handover, intake
from hukou_desk.ui import confirm, operations
from hukou_desk.ui.context import Context
from hukou_desk.ui.labels import (
    CHECK_STATE_SIGNS,
    answer_names,
    check_state_names,
    party_name,
)
from hukou_desk.ui.returning import ReturnForDocuments


def china_time(moment: datetime) -> str:
    """A stored (UTC) moment as the counter's clock showed it."""
    return clock.china_time(moment).strftime("%Y-%m-%d %H:%M")


class CaseReview(QWidget):
    """A case as its file: read-only, audited when opened; the decision for supervisors."""

    decided = Signal(str)  # the case number, once approved or refused
    resume_requested = Signal(str)  # a clerk takes a draft up again in the wizard
    print_requested = Signal(str)  # the slips of this case (Ctrl+P does the same)

    def __init__(self, context: Context, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.number = number
        self.labels = {
            "along": self.tr("Along"),
            "answered_by": self.tr("answered by {0}, {1} (China time)"),
            "by": self.tr("Clerk"),
            "documents": self.tr("Documents"),
            "none_required": self.tr("None required."),
            "people_in_the_case": self.tr("People in the case"),
            "scans": self.tr("Scans"),
            "plan": self.tr("What the plan says"),
        }
        self.view = QTextBrowser()
        self.view.setObjectName("caseView")
        self.documents = QTextBrowser()
        self.documents.setObjectName("caseDocuments")
        self.scans = QListWidget()
        self.scans.setObjectName("scanList")
        self.scans.setMaximumHeight(110)
        self.scans.itemActivated.connect(lambda item: self.open_scan(item))
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.documents, 1)
        self.scans_title = QLabel(self.tr("Scans (Enter or double-click to look at one)"))
        right_column.addWidget(self.scans_title)
        right_column.addWidget(self.scans)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(right)
        split.setSizes([640, 520])
        self.notice = QLabel()
        self.notice.setObjectName("reviewNotice")
        self.notice.setWordWrap(True)
        self.decision_box = QGroupBox(self.tr("Decision"))
        self.approve = QRadioButton(self.tr("Approve"))
        self.approve.setObjectName("decideApprove")
        self.refuse = QRadioButton(self.tr("Refuse"))
        self.refuse.setObjectName("decideRefuse")
        group = QButtonGroup(self)
        group.addButton(self.approve)
        group.addButton(self.refuse)
        self.reasons = QPlainTextEdit()
        self.reasons.setObjectName("decisionReasons")
        self.reasons.setTabChangesFocus(True)
        self.reasons.setMaximumHeight(80)
        self.record = QPushButton(self.tr("Record the decision"))
        self.record.setObjectName("recordDecision")
        self.record.clicked.connect(self.decide)
        choice = QHBoxLayout()
        choice.addWidget(self.approve)
        choice.addWidget(self.refuse)
        choice.addStretch()
        choice.addWidget(self.record)
        box_column = QVBoxLayout(self.decision_box)
        box_column.addLayout(choice)
        self.reasons_label = QLabel()
        self.reasons_label.setObjectName("decisionReasonsLabel")
        self.reasons_label.setWordWrap(True)
        self.grounds_label = QLabel(
            self.tr(
                "The criteria the refusal rests on (at least one; the refusal notice names "
                "each with its clause):"
            )
        )
        self.grounds_label.setObjectName("refusalGroundsLabel")
        self.grounds_label.setWordWrap(True)
        self.grounds = QWidget()
        self.grounds.setObjectName("refusalGrounds")
        self.grounds_column = QVBoxLayout(self.grounds)
        self.grounds_column.setContentsMargins(0, 0, 0, 0)
        self.ground_boxes: dict[str, QCheckBox] = {}
        self.grounds_scroll = QScrollArea()  # a long pathway's criteria scroll, the case stays
        self.grounds_scroll.setWidget(self.grounds)
        self.grounds_scroll.setWidgetResizable(True)
        self.grounds_scroll.setMaximumHeight(150)
        box_column.addWidget(self.grounds_label)
        box_column.addWidget(self.grounds_scroll)
        box_column.addWidget(self.reasons_label)
        box_column.addWidget(self.reasons)
        self.resume = QPushButton(self.tr("Continue preparing this case"))
        self.resume.setObjectName("resumeButton")
        self.resume.clicked.connect(lambda: self.resume_requested.emit(self.number))
        self.extend_button = QPushButton(self.tr("Extend the time limit to 50 days…"))
        self.extend_button.setObjectName("extendButton")
        self.extend_button.clicked.connect(lambda: self.extend())
        self.reissue_button = QPushButton(self.tr("Issue the permit anew…"))
        self.reissue_button.setObjectName("reissueButton")
        self.reissue_button.clicked.connect(lambda: self.reissue())
        self.correct_button = QPushButton(self.tr("Correct a person's details…"))
        self.correct_button.setObjectName("correctPersonButton")
        self.correct_button.clicked.connect(lambda: self.correct_person())
        self.return_button = QPushButton(self.tr("Return for documents…"))
        self.return_button.setObjectName("returnForDocumentsButton")
        self.return_button.clicked.connect(lambda: self.ask_return())
        self.print_button = QPushButton(self.tr("Print… (Ctrl+P)"))
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.number))
        actions = QHBoxLayout()
        actions.addWidget(self.notice, 1)
        actions.addWidget(self.resume)
        actions.addWidget(self.extend_button)
        actions.addWidget(self.reissue_button)
        actions.addWidget(self.correct_button)
        actions.addWidget(self.return_button)
        actions.addWidget(self.print_button)
        column = QVBoxLayout(self)
        column.addWidget(split, 1)
        column.addLayout(actions)
        column.addWidget(self.decision_box)
        self.refuse.toggled.connect(lambda: self._ask_reason())
        self.approve.toggled.connect(lambda: self._ask_reason())
        self.judged: RecordedOutcome | None = None
        self.departs = False  # approving would depart from the plan's finding
        self.load()

    def load(self) -> None:
        context = self.context
        view = intake.view_case(context.counter, context.user, number=self.number)
        found, names, files = view.file, view.names, view.files
        self.names = names
        self.scans.clear()
        for scan in view.scans:
            document = context.policy.documents.get(scan.document_id)
            title = document.name(context.lang) if document else scan.document_id
            item = QListWidgetItem(f"{title} — {party_name(scan.party)}：{scan.file_name}")
            item.setData(Qt.ItemDataRole.UserRole, scan.id)
            self.scans.addItem(item)
        # No room taken when there is no scan.
        self.scans_title.setVisible(bool(view.scans))
        self.scans.setVisible(bool(view.scans))
        self.case = found.case
        self.file = found
        # Opened by a former number (on an older paper): the case goes by its own from now.
        self.number = found.case.number
        status = CaseStatus(found.case.status)
        engine = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.ENGINE), None)
        recommendation = next(
            (d for d in reversed(found.decisions) if d.kind == DecisionKind.RECOMMENDATION),
            None,
        )
        self.view.setHtml(self._case_html(found, status, engine, recommendation, names))
        self.documents.setHtml(self._documents_html(found, files))
        # What a refusal would rest on: the latest outcome on record, its criteria to tick.
        self.judged = rests_on(found.decisions)
        self._show_grounds()
        self.finding = Result(engine.result) if engine else None
        self.departs = departs_from_finding(self.finding)
        deciding = status is CaseStatus.RECOMMENDED and context.role is not Role.CLERK
        refused = (
            decisions.why_not_decide(context.counter, context.user, number=self.number)
            if deciding
            else None
        )
        # A case handed to another counter: this PC keeps a read-only copy (docs/counters.md).
        holder = handover.is_read_only(context.counter, context.user, number=self.number)
        offers = offered(
            status,
            context.role,
            extendable=view.extendable,
            read_only=holder is not None,
            decision_refused=refused is not None,
        )
        self.decision_box.setVisible(offers.decide)
        self.extend_button.setVisible(offers.extend)
        self.resume.setVisible(offers.resume)
        self.reissue_button.setVisible(offers.reissue)
        self.return_button.setVisible(offers.send_back)
        # What the confirmation of a decision warns of: the plan's doubt, a limit run out.
        self.plan_doubt = (
            RESULT_NAMES[self.finding](context.lang)
            if self.finding is not None and self.finding is not Result.ELIGIBLE
            else None
        )
        due = found.case.due_on
        self.overdue_since = due if due is not None and due < context.today() else None
        for widget in (self.approve, self.refuse, self.reasons, self.record, self.grounds):
            widget.setEnabled(offers.may_decide)
        for button in (
            self.resume,
            self.extend_button,
            self.reissue_button,
            self.correct_button,
            self.return_button,
        ):
            button.setEnabled(offers.may_change)
        self._say_why(holder, refused, offers)
        if offers.may_decide and recommendation is not None:
            (self.approve if recommendation.result == "approve" else self.refuse).setChecked(True)
        self._ask_reason()

    def _say_why(self, holder: str | None, refused: Text | None, offers: Offered) -> None:
        """The notice above the decision: a read-only copy, why the decision is refused, or a
        clerk's wait for the supervisor."""
        if holder is not None:
            self.notice.setText(
                self.tr(
                    "Read-only copy: this case was handed over to counter {0}, where it is "
                    "changed now. To go on with it here, ask that counter to hand it back."
                ).format(holder)
            )
        elif offers.decide and refused is not None:
            self.notice.setText(refused(self.context.lang))
        elif offers.waiting_for_supervisor:
            self.notice.setText(self.tr("Waiting for a supervisor's decision."))
        else:
            self.notice.clear()

    def _show_grounds(self) -> None:
        """One box per criterion of the outcome a refusal would rest on, with its clause; the
        unmet ones ticked to start with."""
        for box in self.ground_boxes.values():
            self.grounds_column.removeWidget(box)
            box.deleteLater()
        self.ground_boxes = {}
        for line in self.judged.lines if self.judged is not None else ():
            box = QCheckBox(render_line(line, self.context.lang).plain())
            box.setObjectName(f"refusalGround_{line.criterion_id}")
            box.setChecked(line.status is Status.NOT_MET)
            self.grounds_column.addWidget(box)
            self.ground_boxes[line.criterion_id] = box

    def ticked_grounds(self) -> list[str]:
        """The criteria ticked as the refusal's grounds (criterion ids)."""
        return [cid for cid, box in self.ground_boxes.items() if box.isChecked()]

    def _ask_reason(self) -> None:
        """Approving a case the plan does not find eligible takes the supervisor's own reason
        (the decision refuses without it): the box says so while approve is chosen. Refusing
        shows the criteria to tick."""
        refusing = self.refuse.isChecked()
        self.grounds_label.setVisible(refusing)
        self.grounds_scroll.setVisible(refusing)
        if self.approve.isChecked() and self.departs and self.finding is not None:
            said = RESULT_NAMES[self.finding](self.context.lang)
            self.reasons_label.setStyleSheet("color: #b00020")
            self.reasons_label.setText(
                self.tr(
                    "⚠ The plan's finding is “{0}”. To approve, write your reason (required: "
                    "recorded with the decision and printed on the approval as 审批意见)."
                ).format(said)
            )
        else:
            self.reasons_label.setStyleSheet("")
            self.reasons_label.setText(
                self.tr("Your own words (printed on a refusal notice as 审批意见)")
            )

    def _case_html(
        self,
        found: intake.CaseFile,
        status: CaseStatus,
        engine: intake.DecisionRecord | None,
        recommendation: intake.DecisionRecord | None,
        names: dict[Any, str],
    ) -> str:
        lang = self.context.lang
        case, person = found.case, found.applicant
        policy = self.context.policy
        pathway = policy.pathway(case.pathway_id) if case.pathway_id else None
        route = f"{pathway.title(lang)} [{pathway.clause}]" if pathway else "—"
        sex = self.tr("male") if person.sex == "1" else self.tr("female")
        since = case.clock_running_since or case.application_date
        due = stored_deadline(status, case.due_on, self.context.calendar, since)
        rows = [
            (self.tr("Case number"), case.number),
            *(
                [(self.tr("Former number (on earlier papers)"), case.former_number)]
                if case.former_number
                else []
            ),
            (self.tr("Status"), STATUS_TITLES[status](lang)),
            (self.tr("Applicant"), f"{person.name} · {person.id_number} · {sex}"),
            (self.tr("Born"), person.birth_date.isoformat()),
            (self.tr("Pathway"), route),
            (self.tr("Into"), region_name(case.district)),
            (self.tr("Received"), case.application_date.isoformat()),
            (self.tr("Due"), deadline_text(due, lang) or "—"),
            (self.tr("Prepared by"), names.get(case.prepared_by, "")),
        ]
        parts = ["<table cellspacing='4'>"]
        parts += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows]
        parts.append("</table>")
        parts += self._parties_html(found)
        if engine is not None:
            parts += self._plan_html(engine)
        if recommendation is not None:
            verdict = (
                self.tr("recommends approval")
                if recommendation.result == "approve"
                else self.tr("recommends refusal")
            )
            clerk = names.get(recommendation.decided_by, "")
            parts.append(
                f"<p><b>{escape(self.labels['by'])} {escape(clerk)}</b> {escape(verdict)}:<br>"
                f"{escape(recommendation.reasons)}</p>"
            )
        parts += self._decisions_html(found, engine, names)
        return "".join(parts)

    def _parties_html(self, found: intake.CaseFile) -> list[str]:
        if not found.parties:
            return []
        lang = self.context.lang
        parts = [f"<p><b>{escape(self.labels['people_in_the_case'])}</b></p><ul>"]
        roles = self._role_names()
        for role, party in found.parties:
            relation = RELATIONSHIPS.get(role.relationship or "")
            suffix = f" ({relation(lang)})" if relation else ""
            parts.append(
                f"<li>{escape(roles.get(role.role, role.role))}: {escape(party.name)}"
                f" · {escape(party.id_number)}{escape(suffix)}</li>"
            )
        parts.append("</ul>")
        return parts

    def _plan_html(self, engine: intake.DecisionRecord) -> list[str]:
        """What the plan found: each criterion's line with its clause, and each companion."""
        lang = self.context.lang
        outcome = RecordedOutcome.from_json(engine.outcome)
        result = RESULT_NAMES[Result(engine.result)](lang)
        parts = [f"<p><b>{escape(self.labels['plan'])}</b> — {escape(result)}</p><ul>"]
        for line in outcome.lines:
            said = render_line(line, lang)
            parts.append(
                f"<li><span style='color:{said.colour}'>{said.mark}</span> "
                f"[{escape(said.clause)}] {escape(said.text)}"
                + (f" — <i>{escape(said.detail)}</i>" if said.detail else "")
                + "</li>"
            )
        parts.append("</ul>")
        for companion in outcome.companions:
            reason = companion.reason(lang) if companion.reason else ""
            parts.append(
                f"<p>{escape(self.labels['along'])} #{companion.index + 1}: "
                f"{escape(reason)} [{escape(companion.clause)}]</p>"
            )
        return parts

    def _decisions_html(
        self,
        found: intake.CaseFile,
        engine: intake.DecisionRecord | None,
        names: dict[Any, str],
    ) -> list[str]:
        """The supervisor's verdicts, and for a refusal the criteria it rests on."""
        lang = self.context.lang
        parts: list[str] = []
        for decision in found.decisions:
            if decision.kind not in (DecisionKind.APPROVAL, DecisionKind.REFUSAL):
                continue
            label = (
                self.tr("Refused by")
                if decision.kind == DecisionKind.REFUSAL
                else self.tr("Approved against the plan's finding by")
                if engine is not None and departs_from_finding(Result(engine.result))
                else self.tr("Approved by")
            )
            parts.append(
                f"<p><b>{escape(label)} {escape(names.get(decision.decided_by, ''))}</b> "
                f"({china_day(decision.decided_at)}): {escape(decision.reasons)}</p>"
            )
            if decision.kind == DecisionKind.REFUSAL:
                rested = rests_on(found.decisions, decision)
                grounds = rested.ground_lines if rested is not None else ()
                parts.append("<ul>")
                parts += [
                    f"<li>[{escape(line.clause)}] {escape(line.text(lang))}</li>"
                    for line in grounds
                ]
                parts.append("</ul>")
        return parts

    def _documents_html(self, found: intake.CaseFile, files: dict[Any, list[str]]) -> str:
        """Each document's finding and each check question's answer, with a sign of its own
        beside its word (readable without colour), and who gave the answers when."""
        lang = self.context.lang
        states = check_state_names()
        answers = answer_names()
        names = self.names
        parts = [f"<p><b>{escape(self.labels['documents'])}</b></p>"]
        if not found.checks:
            parts.append(f"<p>{escape(self.labels['none_required'])}</p>")
        for check in found.checks:
            document = self.context.policy.documents.get(check.document_id)
            name = document.name(lang) if document else check.document_id
            colour = "#b00020" if check.state in LACKING else "#000000"
            whose = party_name(check.party)
            sign = CHECK_STATE_SIGNS.get(check.state, "?")
            parts.append(
                f"<p><b>{escape(name)}</b> ({escape(whose)}) — "
                f"<span style='color:{colour}'>{sign} "
                f"{escape(states.get(check.state, check.state))}</span>"
            )
            if check.checked_at is not None:
                by = names.get(check.checked_by, "") if check.checked_by else ""
                parts.append(
                    "<br>&nbsp;&nbsp;<i>"
                    + escape(
                        self.labels["answered_by"].format(by or "—", china_time(check.checked_at))
                    )
                    + "</i>"
                )
            for question in document.checks if document else ():
                mark, word = answers[check.answers.get(question.id)]
                parts.append(
                    f"<br>&nbsp;&nbsp;{mark} {escape(word)} — {escape(question.text(lang))}"
                )
            if check.note:
                parts.append(f"<br>&nbsp;&nbsp;<i>{escape(check.note)}</i>")
            if files.get(check.id):
                parts.append(
                    f"<br>&nbsp;&nbsp;{escape(self.labels['scans'])}: "
                    f"{escape('、'.join(files[check.id]))}"
                )
            parts.append("</p>")
        return "".join(parts)

    def open_scan(self, item: QListWidgetItem) -> None:
        """The scan itself, read (and checked against its address) in the background."""
        from hukou_desk.ui.scans import ScanViewer

        context = self.context
        scan_id = item.data(Qt.ItemDataRole.UserRole)

        def show(scan: intake.ScanFile) -> None:
            self.viewer = ScanViewer(scan, self)
            self.viewer.show()

        self.scan_opening = operations.run(
            lambda _job: intake.open_scan(context.counter, context.user, scan_id=scan_id),
            messages=context.messages,
            on_success=show,
            parent=self,
            label=self.tr("Opening the scan…"),
        )

    def correct_person(self) -> None:
        """A known person's details corrected, from this case (an explicit, recorded act)."""
        from hukou_desk.ui.correction import PersonCorrection

        roles = self._role_names()
        people = [(self.tr("applicant"), self.file.applicant)]
        people += [(roles.get(role.role, role.role), person) for role, person in self.file.parties]
        self.correction = PersonCorrection(self.context, people, self)
        self.correction.corrected.connect(self._corrected)
        self.correction.open()

    def _corrected(self, done: intake.CorrectionDone) -> None:
        none = "—"
        self.context.messages.info(
            self.tr("Corrected. Cases corrected: {0}. Cases keeping their details: {1}.").format(
                "、".join(done.corrected) or none, "、".join(done.kept) or none
            )
        )
        self.load()

    def _role_names(self) -> dict[str, str]:
        return {
            "sponsor": self.tr("sponsor"),
            "relative": self.tr("relative coming along"),
            "property_owner": self.tr("property owner"),
            "householder": self.tr("householder"),
        }

    def extend(self, reasons: str | None = None) -> bool:
        """Extend the statutory limit (20 → 50 working days) with the reasons on record."""
        context = self.context
        if reasons is None:
            reasons, ok = QInputDialog.getText(
                self,
                self.tr("Extend the time limit"),
                self.tr("Reasons for the extension (recorded):"),
            )
            if not ok:
                return False
        given = reasons
        extended = operations.act(
            lambda: decisions.extend_time_limit(
                context.counter, context.user, number=self.number, reasons=given
            ),
            messages=context.messages,
        )
        if extended is None:
            return False
        self.load()
        context.messages.info(
            self.tr("Case {0}: the time limit is now 50 working days.").format(self.number)
        )
        self.decided.emit(self.number)
        return True

    def reissue(self, reasons: str | None = None) -> bool:
        """The permit issued anew (the old one void), with the reasons on record: asked, then
        confirmed."""
        context = self.context
        if reasons is None:
            reasons, ok = QInputDialog.getText(
                self,
                self.tr("Issue the permit anew"),
                self.tr("Reasons (recorded; the permit issued before becomes void):"),
            )
            if not ok:
                return False
        given = reasons
        confirm.ask(
            context.messages,
            question=self.tr("Issue the permit for case {0} anew?").format(self.number),
            creates=self.tr(
                "The permit issued before becomes void; the next print is a new approval slip "
                "(准予迁入证明) with a new number. Recorded in the audit trail with your reasons."
            ),
            act=self.tr("Issue anew"),
            then=lambda: self.reissue_now(given),
            parent=self,
        )
        return True

    def reissue_now(self, reasons: str) -> bool:
        """The confirmed reissue."""
        from hukou_desk.services import printing  # reportlab: loaded when first used

        context = self.context
        reissued = operations.act(
            lambda: printing.reissue(
                context.counter,
                context.user,
                kind=printing.SlipKind.APPROVAL,
                number=self.number,
                reasons=reasons,
            ),
            messages=context.messages,
        )
        if reissued is None:
            return False
        context.messages.info(
            self.tr("Case {0}: the next print of the permit is a new issue.").format(self.number)
        )
        return True

    def decide(self) -> None:
        """Record the decision, once the supervisor confirms what it creates."""
        context = self.context
        if not (self.approve.isChecked() or self.refuse.isChecked()):
            context.messages.error(self.tr("Choose approve or refuse."))
            return
        approving = self.approve.isChecked()
        if approving:
            # Said before the question: a departure from the finding needs its reason.
            reasons = self.reasons.toPlainText()
            checked = operations.act(
                lambda: check_approval_reason(self.finding, reasons), messages=context.messages
            )
            if checked is None:
                return
            question = self.tr("Approve case {0}?").format(self.number)
            creates = self.tr(
                "The approval is recorded in your name in the audit trail, and the approval "
                "slip (准予迁入证明) can be printed with its number."
            )
        else:
            judged = self.judged
            # Said before the question: a refusal rests on at least one criterion.
            if judged is not None:
                grounds = self.ticked_grounds()
                checked_grounds = operations.act(
                    lambda: judged.with_grounds(grounds), messages=context.messages
                )
                if checked_grounds is None:
                    return
            question = self.tr("Refuse case {0}?").format(self.number)
            creates = self.tr(
                "The refusal and its reasons are recorded in your name in the audit trail, and "
                "the refusal notice (不予批准告知书) is printed with its number."
            )
        if self.plan_doubt is not None:
            creates += " " + self.tr("Note: the plan says {0}.").format(self.plan_doubt)
        if self.overdue_since is not None:
            creates += " " + self.tr("Note: the time limit ran out on {0}.").format(
                self.overdue_since.isoformat()
            )
        confirm.ask(
            context.messages,
            question=question,
            creates=creates,
            act=self.tr("Approve") if approving else self.tr("Refuse"),
            then=lambda: self.record_decision(approving),
            parent=self,
        )

    def record_decision(self, approving: bool) -> None:
        """The confirmed decision."""
        context = self.context
        reasons = self.reasons.toPlainText()
        grounds = [] if approving else self.ticked_grounds()

        def record() -> CaseStatus:
            if approving:
                return decisions.approve(
                    context.counter, context.user, number=self.number, reasons=reasons
                )
            return decisions.refuse(
                context.counter,
                context.user,
                number=self.number,
                grounds=grounds,
                reasons=reasons,
            )

        if operations.act(record, messages=context.messages) is None:
            return
        done = self.tr("Case {0} approved.") if approving else self.tr("Case {0} refused.")
        context.messages.info(done.format(self.number))
        self.reasons.clear()
        self.load()
        self.decided.emit(self.number)

    def ask_return(self) -> ReturnForDocuments:
        """Which documents and why, then the confirmation of the notice it leads to."""
        dialog = ReturnForDocuments(self.context, self.number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._confirm_return(dialog.lacking(), dialog.note.text()))
        dialog.open()
        return dialog

    def _confirm_return(self, lacking: list[tuple[str, str]], note: str) -> None:
        confirm.ask(
            self.context.messages,
            question=self.tr("Return case {0} to the applicant for documents?").format(self.number),
            creates=self.tr(
                "{0} document(s) are recorded as not matching, with your note; a numbered "
                "notice of missing documents (补正材料通知书) is due, and the time limit pauses. "
                "Recorded in the audit trail."
            ).format(len(lacking)),
            act=self.tr("Return the case"),
            then=lambda: self.return_now(lacking, note),
            parent=self,
        )

    def return_now(self, lacking: list[tuple[str, str]], note: str) -> bool:
        """The confirmed return."""
        context = self.context
        returned = operations.act(
            lambda: decisions.return_for_documents(
                context.counter, context.user, number=self.number, lacking=lacking, note=note
            ),
            messages=context.messages,
        )
        if returned is None:
            return False
        context.messages.info(
            self.tr("Case {0} returned for documents: print the notice with Ctrl+P.").format(
                self.number
            )
        )
        self.load()
        self.decided.emit(self.number)
        return True
