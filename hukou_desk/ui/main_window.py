"""The main window: the case list and its queues, intake and review tabs, the finder, the plan.

Signed in, the window is a stack of two pages: the desk, and the lock screen that covers it
after the station's idle time. Locking hides the desk without closing anything, so whatever
the clerk had typed is there again after the password.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from hukou_desk import __version__
from hukou_desk.domain.lifecycle import NEAR_DEADLINE_DAYS, CaseStatus, Role
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.text import Language, Text
from hukou_desk.services import cards, intake, staff
from hukou_desk.ui import operations
from hukou_desk.ui.admin import AdminPanel
from hukou_desk.ui.case_list import CaseListPanel
from hukou_desk.ui.context import Context
from hukou_desk.ui.dashboard import Dashboard
from hukou_desk.ui.finder import PathwayFinder
from hukou_desk.ui.help import HelpDialog
from hukou_desk.ui.i18n import TEXT_SIZES, set_text_scale, text_scale
from hukou_desk.ui.login import LockScreen
from hukou_desk.ui.policy_browser import PolicyBrowser
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.sync_status import SyncPanel
from hukou_desk.ui.wizard import IntakeWizard, editable

if TYPE_CHECKING:
    # Printing and export load reportlab, Qt PDF and the sync code: only when first used,
    # so that they do not lengthen the start.
    from hukou_desk.services.printing import Batch, Printed, SlipKind
    from hukou_desk.ui.export import ExportJob
    from hukou_desk.ui.operations import Operation
    from hukou_desk.ui.slips import SlipPreview, VerifySlip


@dataclass(frozen=True)
class CaseSummary:
    """The case file at a glance, for the status bar."""

    total: int
    awaiting_approval: int
    overdue: int  # open cases past their statutory limit, station-wide (an exact count)
    due_soon: int  # open cases due today or within NEAR_DEADLINE_DAYS working days


_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class IdleWatch(QObject):
    """Calls `on_idle` after `minutes` without a key press or a mouse movement."""

    def __init__(self, minutes: int, on_idle: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(on_idle)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    sign_out_requested = Signal()

    def __init__(
        self,
        policy: Policy,
        lang: Language,
        switch_language: Callable[[Language], object],
        parent: QWidget | None = None,
        *,
        case_summary: CaseSummary | None = None,
        context: Context | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.context = context
        self.locked = False
        self.setWindowTitle(self.tr("hukou-desk — Jiangmen household registration counter"))
        self.training = context is not None and context.counter.training
        if self.training:  # never mistaken for the real station's desk
            self.setWindowTitle(self.tr("[TRAINING] ") + self.windowTitle())
        self.fit_to_screen()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.finder = PathwayFinder(policy, lang)
        self.browser = PolicyBrowser(policy, lang)
        self.cases: CaseListPanel | None = None
        self.admin: AdminPanel | None = None
        self.dashboard: Dashboard | None = None
        if context is not None:
            context.messages.window = self
            self.cases = CaseListPanel(context)
            self.cases.open_requested.connect(self.open_case)
            self.tabs.addTab(self.cases, self.tr("Cases"))
        self.tabs.addTab(self.finder, self.tr("Pathway finder"))
        self.tabs.addTab(self.browser, self.tr("Policy browser"))
        if context is not None and context.role in (Role.SUPERVISOR, Role.ADMIN):
            self.dashboard = Dashboard(context)
            self.dashboard.open_requested.connect(self.open_case)
            self.tabs.addTab(self.dashboard, self.tr("Statistics"))
            self.tabs.currentChanged.connect(self._dashboard_first_shown)
        if context is not None and context.role is Role.ADMIN:
            self.admin = AdminPanel(context)
            self.admin.settings_saved.connect(self.apply_settings)
            self.admin.restart_needed.connect(self.close)
            self.tabs.addTab(self.admin, self.tr("Administration"))
        self.sync: SyncPanel | None = None
        if context is not None:
            self.sync = SyncPanel(context)
            self.sync.export_requested.connect(lambda: self.export_for_centre())
            self.tabs.addTab(self.sync, self.tr("Sync"))
            self.tabs.currentChanged.connect(self._sync_shown)
        for fixed in range(self.tabs.count()):
            self.tabs.tabBar().setTabButton(
                fixed, self.tabs.tabBar().ButtonPosition.RightSide, None
            )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.lock_screen: LockScreen | None = None
        if context is not None:
            self.lock_screen = LockScreen(context.counter.database, lang)
            self.lock_screen.unlocked.connect(self.unlock)
            self.lock_screen.quit_requested.connect(self.close)
            self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.finder.pathway_chosen.connect(self.open_pathway)
        self._menus(switch_language)
        self._status_bar(case_summary)
        self.idle: IdleWatch | None = None
        if context is not None:
            context.messages.said.connect(self._said)
            minutes = staff.settings(context.counter, context.user).idle_lock_minutes
            self.idle = IdleWatch(minutes, self.lock, self)
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self.idle)

    # --- menus and status bar ----------------------------------------------------------------

    def _action(
        self,
        title: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(title, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _menus(self, switch_language: Callable[[Language], object]) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        if self.context is not None:
            case_menu = self.menuBar().addMenu(self.tr("&Case"))
            for name, title, key, slot in (
                ("new_case", self.tr("New case"), "Ctrl+N", self.new_case),
                ("find", self.tr("Find a case"), QKeySequence.StandardKey.Find, self.find_case),
                ("save", self.tr("Save draft"), QKeySequence.StandardKey.Save, self.save),
                ("print", self.tr("Print…"), QKeySequence.StandardKey.Print, self.print_case),
                ("print_today", self.tr("Print today's approval slips…"), None, self.print_today),
                ("verify_slip", self.tr("Check a slip's QR code…"), "Ctrl+K", self.verify_slip),
                ("export", self.tr("Export for the centre…"), "Ctrl+E", self.export_for_centre),
                ("close_tab", self.tr("Close this tab"), "Ctrl+W", self.close_current_tab),
                ("lock", self.tr("Lock now"), "Ctrl+L", self.lock),
                ("password", self.tr("Change my password…"), None, self.change_password),
                ("sign_out", self.tr("Sign out / switch user…"), "Ctrl+Shift+L", self.sign_out),
            ):
                action = self._action(title, key, slot)
                action.setObjectName(name)
                self.actions_by_name[name] = action
                case_menu.addAction(action)
        menu = self.menuBar().addMenu(self.tr("&View"))
        shortcuts = iter(("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4"))
        if self.cases is not None:
            cases = self.cases
            menu.addAction(
                self._action(
                    self.tr("Cases"), next(shortcuts), lambda: self.tabs.setCurrentWidget(cases)
                )
            )
        menu.addAction(
            self._action(
                self.tr("Pathway finder"),
                next(shortcuts),
                lambda: self.tabs.setCurrentWidget(self.finder),
            )
        )
        menu.addAction(
            self._action(
                self.tr("Policy browser"),
                next(shortcuts),
                lambda: self.tabs.setCurrentWidget(self.browser),
            )
        )
        if self.admin is not None:
            menu.addAction(
                self._action(self.tr("Administration"), next(shortcuts), self.show_admin)
            )
        if self.dashboard is not None:
            menu.addAction(self._action(self.tr("Statistics"), "Ctrl+5", self.show_dashboard))
        menu.addSeparator()
        menu.addAction(self._action(self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close))

        languages = self.menuBar().addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, label in (("zh", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setObjectName(f"language_{code}")
            action.setChecked(code == self.lang)
            action.triggered.connect(lambda _checked=False, c=code: switch_language(c))
            group.addAction(action)
            languages.addAction(action)

        sizes = self.menuBar().addMenu(self.tr("&Text size"))
        group = QActionGroup(self)
        current = text_scale()
        for scale, label in zip(
            TEXT_SIZES, (self.tr("Normal"), self.tr("Larger"), self.tr("Largest")), strict=True
        ):
            action = QAction(label, self, checkable=True)
            action.setObjectName(f"text_size_{int(scale * 100)}")
            action.setChecked(scale == current)
            action.triggered.connect(lambda _checked=False, s=scale: self._text_size(s))
            group.addAction(action)
            sizes.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        manual = self._action(self.tr("Manual"), QKeySequence.StandardKey.HelpContents, self.help)
        manual.setObjectName("manual")
        help_menu.addAction(manual)
        help_menu.addAction(self._action(self.tr("About"), None, self._about))

    def help_page(self) -> str:
        """The manual's page for the screen in front of the clerk."""
        current = self.tabs.currentWidget()
        if isinstance(current, IntakeWizard):
            return "intake"
        if isinstance(current, CaseReview):
            return "review"
        if current is self.finder or current is self.browser:
            return "finder"
        if self.admin is not None and current is self.admin:
            return "admin"
        if self.dashboard is not None and current is self.dashboard:
            return "statistics"
        return "cases"

    def help(self) -> HelpDialog:
        """F1: the manual, open at the page for this screen."""
        dialog = HelpDialog(self.lang, self.help_page(), self)
        dialog.open()
        return dialog

    def fit_to_screen(self) -> None:
        """1280×720 where there is room, never larger than the screen's free area (a 1366×768
        screen at 150 % scaling is 910×512 to Qt)."""
        screen = self.screen() or QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1280, 720
        if room is not None:
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)

    def _text_size(self, scale: float) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            set_text_scale(app, scale)

    def _status_bar(self, case_summary: CaseSummary | None) -> None:
        # Permanent, so that passing status tips never hide which plan the desk applies.
        self.plan_label = QLabel(
            self.tr("{0} · in force from {1}").format(
                self.policy.plan.title(self.lang), self.policy.plan.effective_from.isoformat()
            )
        )
        self.statusBar().addPermanentWidget(self.plan_label)
        if self.training:
            self.training_label = QLabel(
                self.tr("TRAINING FILE: demo data, never exported; its slips are marked")
            )
            self.training_label.setObjectName("trainingLabel")
            self.training_label.setStyleSheet(
                "color: white; background: #b00020; padding: 2px 8px; font-weight: bold"
            )
            self.statusBar().addPermanentWidget(self.training_label)
        if self.context is not None:
            user = self.context.user
            self.user_label = QLabel(f"{user.display_name} ({user.username})")
            self.user_label.setObjectName("userLabel")
            self.statusBar().addPermanentWidget(self.user_label)
            self.calendar_label = QLabel()  # administrators and supervisors: calendar runs out
            self.calendar_label.setObjectName("calendarLabel")
            self.calendar_label.setStyleSheet("color: #a36a00; font-weight: bold")
            self.statusBar().addPermanentWidget(self.calendar_label)
            self._show_calendar_notice()
            # Which card reader answers, found off the screen's thread (a vendor library
            # opening its USB ports takes a moment).
            self.reader_label = QLabel(self.tr("Card reader: looking…"))
            self.reader_label.setObjectName("readerLabel")
            self.statusBar().addPermanentWidget(self.reader_label)
            context = self.context
            operations.run(
                lambda _job: cards.connect(context.counter, context.user),
                messages=context.messages,
                on_success=self._show_reader,
            )
        self.cases_label = QLabel()
        self.cases_label.setObjectName("casesLabel")
        if case_summary is not None:
            self._show_summary(case_summary)
            self.statusBar().addWidget(self.cases_label)

    def _show_reader(self, found: Text) -> None:
        if shiboken6.isValid(self.reader_label):  # the window may have closed meanwhile
            self.reader_label.setText(found(self.lang))

    def _show_summary(self, summary: CaseSummary) -> None:
        self.cases_label.setText(
            self.tr(
                "Cases on file: {0} · waiting for approval: {1} · open cases past the time "
                "limit: {2} · due within {3} working days: {4}"
            ).format(
                summary.total,
                summary.awaiting_approval,
                summary.overdue,
                NEAR_DEADLINE_DAYS,
                summary.due_soon,
            )
        )

    def _show_calendar_notice(self) -> None:
        from hukou_desk.services import workdays

        assert self.context is not None
        notice = workdays.notice(self.context.counter, self.context.user)
        self.calendar_label.setVisible(notice is not None)
        self.calendar_label.setText(notice.short(self.lang) if notice else "")
        self.calendar_label.setToolTip(notice.message(self.lang) if notice else "")

    def refresh_summary(self) -> None:
        """The counts after every action (the counts come from a trigger-kept table)."""
        context = self.context
        if context is None:
            return
        self._show_calendar_notice()  # a calendar just installed takes the notice away
        from hukou_desk.services import station

        counts = station.counts(context.counter, context.user)
        due = station.deadline_counts(context.counter, context.user, on=context.today())
        self._show_summary(
            CaseSummary(
                total=sum(counts.values()),
                awaiting_approval=counts[CaseStatus.RECOMMENDED],
                overdue=due.overdue,
                due_soon=due.due_soon,
            )
        )

    def _said(self, level: str, message: str) -> None:
        self.statusBar().showMessage(message, 10_000 if level == "info" else 20_000)
        if level == "info" and self.context is not None:  # something was done: recount
            with self.context.messages.guard():
                self.refresh_summary()

    def apply_settings(self, idle_lock_minutes: int) -> None:
        """Settings the administrator saved take effect at once, not at the next start."""
        if self.idle is not None:
            self.idle.timer.setInterval(idle_lock_minutes * 60_000)
            self.idle.timer.start()

    # --- tabs ----------------------------------------------------------------------------------

    def open_pathway(self, pathway_id: str) -> None:
        self.browser.show_pathway(pathway_id)
        self.tabs.setCurrentWidget(self.browser)

    def find_case(self) -> None:
        if self.cases is not None:
            self.tabs.setCurrentWidget(self.cases)
            self.cases.focus_search()

    def wizards(self) -> list[IntakeWizard]:
        return [
            w
            for w in map(self.tabs.widget, range(self.tabs.count()))
            if isinstance(w, IntakeWizard)
        ]

    def _add_tab(self, widget: QWidget, title: str) -> None:
        index = self.tabs.addTab(widget, title)
        self.tabs.setCurrentIndex(index)

    def new_case(self) -> IntakeWizard | None:
        if self.context is None:
            return None
        wizard = IntakeWizard(self.context)
        self._wire(wizard)
        self._add_tab(wizard, self.tr("New case"))
        wizard.applicant.id_number.setFocus()
        return wizard

    def _wire(self, wizard: IntakeWizard) -> None:
        wizard.title_changed.connect(
            lambda title, w=wizard: self.tabs.setTabText(self.tabs.indexOf(w), title)
        )
        wizard.finished.connect(lambda number, w=wizard: self._wizard_done(w, number))

    def _wizard_done(self, wizard: IntakeWizard, number: str) -> None:
        self.tabs.removeTab(self.tabs.indexOf(wizard))
        wizard.deleteLater()
        if self.cases is not None:
            self.cases.reload()
            self.tabs.setCurrentWidget(self.cases)
        # What the applicant takes away: the receipt, or the notice of what is missing.
        if self.context is not None and wizard.closed is not None and wizard.closed.slip:
            self.preview_slip(number, wizard.closed.slip)

    def cases_being_read(self) -> list[str]:
        """The numbers of the cases open read-only in tabs, left to right."""
        return [
            widget.number
            for index in range(self.tabs.count())
            if isinstance(widget := self.tabs.widget(index), CaseReview)
        ]

    def _tab_for(self, number: str) -> int:
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, IntakeWizard) and widget.case_number == number:
                return index
            if isinstance(widget, CaseReview) and widget.number == number:
                return index
        return -1

    def open_case(self, number: str) -> QWidget | None:
        """A draft opens in the wizard for its clerk; any other case opens read-only."""
        context = self.context
        if context is None:
            return None
        existing = self._tab_for(number)
        if existing >= 0:
            self.tabs.setCurrentIndex(existing)
            return self.tabs.widget(existing)
        with context.messages.guard():
            if editable(context, number) and context.role is not Role.ADMIN:
                wizard = IntakeWizard(context)
                self._wire(wizard)
                self._add_tab(wizard, number)
                wizard.load_case(number)
                return wizard
            review = CaseReview(context, number)
            review.decided.connect(lambda _n: self.cases.reload() if self.cases else None)
            review.resume_requested.connect(lambda n, r=review: self._resume(r, n))
            review.print_requested.connect(lambda _n: self.print_case())
            self._add_tab(review, number)
            return review
        return None

    def _resume(self, review: CaseReview, number: str) -> None:
        self.tabs.removeTab(self.tabs.indexOf(review))
        review.deleteLater()
        self.open_case(number)

    def restore_unfinished(self) -> int:
        """After a crash: every intake the clerk had not finished comes back in its own tab."""
        context = self.context
        if context is None:
            return 0
        kept = intake.unfinished(context.counter, context.user)
        numbers = {draft.id: ref.number for draft, ref in kept if ref is not None}
        restored = 0
        for draft, _ref in reversed(kept):
            if draft.case_id is None:
                wizard = IntakeWizard(context, draft_id=draft.id)
                self._wire(wizard)
                self._add_tab(wizard, self.tr("New case"))
                wizard.restore(draft.data)
                restored += 1
            elif draft.id in numbers and self._tab_for(numbers[draft.id]) < 0:
                if editable(context, numbers[draft.id]):
                    self.open_case(numbers[draft.id])
                    restored += 1
                else:
                    intake.discard_typing(context.counter, context.user, draft_id=draft.id)
        if restored:
            context.messages.info(
                self.tr("{0} unfinished intake(s) restored where you left them.").format(restored)
            )
        return restored

    # --- printing ------------------------------------------------------------------------------

    def current_number(self) -> str | None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, CaseReview):
            return widget.number
        if isinstance(widget, IntakeWizard):
            return widget.case_number or None
        if widget is self.cases and self.cases is not None:
            return self.cases.selected_number()
        return None

    def print_case(self) -> Operation[Printed] | None:
        """Ctrl+P: choose a slip the case's state allows, then preview it."""
        context = self.context
        number = self.current_number()
        if context is None:
            return None
        if number is None:
            context.messages.error(self.tr("Open or select a case to print for it."))
            return None
        from hukou_desk.ui.slips import PrintChooser

        chooser = PrintChooser(context, number, self)
        if chooser.kinds.count() == 0:
            chooser.deleteLater()
            context.messages.error(self.tr("Nothing can be printed for this case in its state."))
            return None
        accepted = chooser.exec() == QDialog.DialogCode.Accepted
        kind = chooser.kind()
        chooser.deleteLater()  # one per Ctrl+P: none kept once answered
        if not accepted or kind is None:
            return None
        return self.preview_slip(number, kind)

    def preview_slip(self, number: str, kind: SlipKind) -> Operation[Printed] | None:
        """The slip made and signed in the background, then shown in a preview."""
        context = self.context
        if context is None:
            return None
        from hukou_desk.services import printing

        return operations.run(
            lambda _job: printing.preview(context.counter, context.user, kind=kind, number=number),
            messages=context.messages,
            on_success=self._show_preview,
            parent=self,
            label=self.tr("Preparing the slip…"),
        )

    def _show_preview(self, printed: Printed) -> SlipPreview:
        from hukou_desk.ui.slips import SlipPreview

        assert self.context is not None
        preview = SlipPreview(self.context, printed, self)
        preview.recorded.connect(lambda: self.cases.reload() if self.cases else None)
        preview.show()
        return preview

    def print_today(self, folder: Path | None = None) -> Operation[Batch] | None:
        """Today's approval slips in one go (made in the background); without a printer, as
        PDF files in a folder."""
        context = self.context
        if context is None:
            return None
        from hukou_desk.services import printing

        return operations.run(
            lambda _job: printing.todays_batch(context.counter, context.user),
            messages=context.messages,
            on_success=lambda batch: self._print_batch(batch, folder),
            parent=self,
            label=self.tr("Preparing today's approval slips…"),
        )

    def _print_batch(self, batch: Batch, folder: Path | None) -> int:
        from hukou_desk.ui.slips import print_batch

        context = self.context
        assert context is not None
        slips = batch.slips
        if slips and folder is None and not QPrinterInfo.availablePrinters():
            question = self.tr(
                "No printer is set up on this PC. Save the {0} approval slips as PDF files?"
            ).format(len(slips))
            if not context.messages.confirm(question):
                return 0
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the slips"))
            if not chosen:
                return 0
            folder = Path(chosen)
        done = print_batch(context, slips, self, folder=folder, left_out=batch.left_out)
        if self.cases is not None:
            self.cases.reload()
        return done

    def _dashboard_first_shown(self, _index: int) -> None:
        dashboard = self.dashboard
        first = dashboard is not None and dashboard.report is None and dashboard.loading is None
        if first and dashboard is not None and self.tabs.currentWidget() is dashboard:
            dashboard.refresh()

    def _sync_shown(self, _index: int) -> None:
        """The sync status is read each time its tab is shown (a few counts)."""
        if self.sync is not None and self.tabs.currentWidget() is self.sync:
            self.sync.refresh()

    def show_dashboard(self) -> None:
        """Ctrl+5: the statistics; the figures are read the first time it is shown."""
        if self.dashboard is not None:
            self.tabs.setCurrentWidget(self.dashboard)  # its first showing reads the figures
            self.dashboard.refresh_button.setFocus()

    def show_admin(self) -> None:
        """Ctrl+4: the administration tab, ready to add a user."""
        if self.admin is not None:
            self.tabs.setCurrentWidget(self.admin)
            self.admin.new_username.setFocus()

    def export_for_centre(self, target: Path | None = None) -> ExportJob | None:
        """Everything changed since the last export, sealed for the centre, to a file."""
        if self.context is None:
            return None
        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Export for the centre"),
                str(Path.home() / "hukou-desk-export.hkb"),
                self.tr("Export bundles (*.hkb)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        from hukou_desk.ui.export import ExportJob

        job = ExportJob(self.context, target, self)
        if self.sync is not None:
            job.finished.connect(self._sync_shown_after_export)
        job.start()
        return job

    def _sync_shown_after_export(self) -> None:
        self._sync_shown(self.tabs.currentIndex())

    def verify_slip(self) -> VerifySlip | None:
        if self.context is None:
            return None
        from hukou_desk.ui.slips import VerifySlip

        dialog = VerifySlip(self.context, self)
        dialog.show()
        return dialog

    def save(self) -> None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, IntakeWizard):
            widget.save_draft()

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, IntakeWizard):
            # Nothing is lost: the case stays a draft and the typing is kept for next time.
            widget.persist(quiet=True)
            widget.autosave()
        if isinstance(widget, (IntakeWizard, CaseReview)):
            self.tabs.removeTab(index)
            widget.deleteLater()
            if self.cases is not None:
                self.cases.reload()

    # --- locking -------------------------------------------------------------------------------

    def lock(self) -> None:
        if self.context is None or self.lock_screen is None or self.locked:
            return
        for wizard in self.wizards():
            wizard.autosave()
        self.locked = True
        self.menuBar().setEnabled(False)
        self.lock_screen.lock(self.context.user.username, self.context.user.display_name)
        self.stack.setCurrentWidget(self.lock_screen)

    def unlock(self) -> None:
        self.locked = False
        self.menuBar().setEnabled(True)
        self.stack.setCurrentWidget(self.tabs)
        if self.idle is not None:
            self.idle.timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        for wizard in self.wizards():
            wizard.autosave()
        app = QApplication.instance()
        if self.idle is not None and app is not None:
            app.removeEventFilter(self.idle)
            self.idle.timer.stop()
        super().closeEvent(event)

    def sign_out(self) -> None:
        """Hand the desk over: everything typed is kept, the next person signs in."""
        for wizard in self.wizards():
            wizard.autosave()
        self.sign_out_requested.emit()

    def change_password(self) -> QDialog | None:
        if self.context is None:
            return None
        from hukou_desk.ui.login import ChangePasswordDialog

        context = self.context
        dialog = ChangePasswordDialog(context.counter.database, context.user, self.lang, self)
        dialog.accepted.connect(lambda: context.messages.info(self.tr("Your password is changed.")))
        dialog.open()
        return dialog

    def _about(self) -> QMessageBox:
        """Version, build, the forms in force, and the licences of the fonts it ships."""
        from hukou_desk.paths import forms_dir
        from hukou_desk.services.selftest import version_line

        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(self.tr("About hukou-desk"))
        box.setText(
            self.tr("hukou-desk {0}\nCaseworker desktop for Jiangmen's hukou counters.").format(
                __version__
            )
        )
        box.setInformativeText(
            self.tr(
                "{0}\nForms in force: {1}\nFonts: Droid Sans Fallback (Apache License 2.0); "
                "Noto Serif CJK SC, cut for the slips (SIL Open Font License 1.1). Their "
                "licences are in resources/fonts."
            ).format(version_line(), forms_dir())
        )
        box.open()
        return box
