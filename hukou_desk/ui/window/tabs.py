"""The desk's tabs: the fixed screens (the case list, the finder, the plan, the statistics,
the administration, sync) and one tab per case being worked on — an intake in the wizard, any
other case read in its review."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from hukou_desk.domain.lifecycle import Role
from hukou_desk.services import intake
from hukou_desk.ui.case_list import CaseListPanel
from hukou_desk.ui.context import Context
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.wizard import IntakeWizard, editable


class CaseTabs(QTabWidget):
    """Fixed screens first, closable case tabs after them."""

    slip_due = Signal(str, object)  # case number, SlipKind: what the applicant takes away
    print_requested = Signal()

    def __init__(self, context: Context, cases: CaseListPanel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainTabs")
        self.setTabsClosable(True)
        self.context = context
        self.cases = cases
        self.tabCloseRequested.connect(self.close_tab)
        cases.open_requested.connect(self.open_case)
        self.add_fixed(cases, self.tr("Cases"))

    def add_fixed(self, widget: QWidget, title: str) -> int:
        """A screen that stays: no close button."""
        index = self.addTab(widget, title)
        self.tabBar().setTabButton(index, self.tabBar().ButtonPosition.RightSide, None)
        return index

    def _add_case_tab(self, widget: QWidget, title: str) -> None:
        self.setCurrentIndex(self.addTab(widget, title))

    def wizards(self) -> list[IntakeWizard]:
        return [w for w in map(self.widget, range(self.count())) if isinstance(w, IntakeWizard)]

    def autosave_all(self) -> None:
        for wizard in self.wizards():
            wizard.autosave()

    def new_case(self) -> IntakeWizard:
        wizard = IntakeWizard(self.context)
        self._wire(wizard)
        self._add_case_tab(wizard, self.tr("New case"))
        wizard.applicant.id_number.setFocus()
        return wizard

    def _wire(self, wizard: IntakeWizard) -> None:
        wizard.title_changed.connect(
            lambda title, w=wizard: self.setTabText(self.indexOf(w), title)
        )
        wizard.finished.connect(lambda number, w=wizard: self._wizard_done(w, number))

    def _wizard_done(self, wizard: IntakeWizard, number: str) -> None:
        self.removeTab(self.indexOf(wizard))
        wizard.deleteLater()
        self.cases.reload()
        self.setCurrentWidget(self.cases)
        # What the applicant takes away: the receipt, or the notice of what is missing.
        if wizard.closed is not None and wizard.closed.slip:
            self.slip_due.emit(number, wizard.closed.slip)

    def cases_being_read(self) -> list[str]:
        """The numbers of the cases open read-only in tabs, left to right."""
        return [
            widget.number
            for index in range(self.count())
            if isinstance(widget := self.widget(index), CaseReview)
        ]

    def tab_for(self, number: str) -> int:
        for index in range(self.count()):
            widget = self.widget(index)
            if isinstance(widget, IntakeWizard) and widget.case_number == number:
                return index
            if isinstance(widget, CaseReview) and widget.number == number:
                return index
        return -1

    def open_case(self, number: str) -> QWidget | None:
        """A draft opens in the wizard for its clerk; any other case opens read-only."""
        context = self.context
        existing = self.tab_for(number)
        if existing >= 0:
            self.setCurrentIndex(existing)
            return self.widget(existing)
        with context.messages.guard():
            if editable(context, number) and context.role is not Role.ADMIN:
                wizard = IntakeWizard(context)
                self._wire(wizard)
                self._add_case_tab(wizard, number)
                wizard.load_case(number)
                return wizard
            review = CaseReview(context, number)
            review.decided.connect(lambda _n: self.cases.reload())
            review.resume_requested.connect(lambda n, r=review: self._resume(r, n))
            review.print_requested.connect(lambda _n: self.print_requested.emit())
            self._add_case_tab(review, number)
            return review
        return None

    def _resume(self, review: CaseReview, number: str) -> None:
        self.removeTab(self.indexOf(review))
        review.deleteLater()
        self.open_case(number)

    def restore_unfinished(self) -> int:
        """After a crash: every intake the clerk had not finished comes back in its own tab."""
        context = self.context
        restored = 0
        for kept in reversed(intake.unfinished(context.counter, context.user)):
            if kept.case_id is None:
                wizard = IntakeWizard(context, draft_id=kept.draft_id)
                self._wire(wizard)
                self._add_case_tab(wizard, self.tr("New case"))
                wizard.restore(kept.data)
                restored += 1
            elif kept.number is not None and self.tab_for(kept.number) < 0:
                if editable(context, kept.number):
                    self.open_case(kept.number)
                    restored += 1
                else:
                    intake.discard_typing(context.counter, context.user, draft_id=kept.draft_id)
        if restored:
            context.messages.info(
                self.tr("{0} unfinished intake(s) restored where you left them.").format(restored)
            )
        return restored

    def current_number(self) -> str | None:
        """The case in front of the clerk: the one open, or the one chosen in the list."""
        widget = self.currentWidget()
        if isinstance(widget, CaseReview):
            return widget.number
        if isinstance(widget, IntakeWizard):
            return widget.case_number or None
        if widget is self.cases:
            return self.cases.selected_number()
        return None

    def save(self) -> None:
        widget = self.currentWidget()
        if isinstance(widget, IntakeWizard):
            widget.save_draft()

    def close_current_tab(self) -> None:
        self.close_tab(self.currentIndex())

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if isinstance(widget, IntakeWizard):
            # Nothing is lost: the case stays a draft and the typing is kept for next time.
            widget.persist(quiet=True)
            widget.autosave()
        if isinstance(widget, (IntakeWizard, CaseReview)):
            self.removeTab(index)
            widget.deleteLater()
            self.cases.reload()
