"""The main window of a signed-in desk: its screens as tabs, put together here.

Each concern lives in its own module under `hukou_desk.ui.window`: the tabs and the cases
open in them (`tabs`), the menus (`menus`), the status bar (`status`), the session and its
lock screen (`session`), printing and export (`printing`). The window is a stack of two pages:
the desk, and the lock screen that covers it after the station's idle time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.text import Language
from hukou_desk.services import cards
from hukou_desk.ui import operations
from hukou_desk.ui.admin import AdminPanel
from hukou_desk.ui.case_list import CaseListPanel
from hukou_desk.ui.context import Context
from hukou_desk.ui.dashboard import Dashboard
from hukou_desk.ui.finder import PathwayFinder
from hukou_desk.ui.policy_browser import PolicyBrowser
from hukou_desk.ui.sync_status import SyncPanel
from hukou_desk.ui.window.menus import DeskMenus
from hukou_desk.ui.window.printing import DeskPrinting
from hukou_desk.ui.window.session import DeskSession
from hukou_desk.ui.window.status import CaseSummary, DeskStatusBar
from hukou_desk.ui.window.tabs import CaseTabs
from hukou_desk.ui.wizard import IntakeWizard

if TYPE_CHECKING:
    from hukou_desk.services.printing import Printed
    from hukou_desk.ui.operations import Operation

__all__ = ["CaseSummary", "MainWindow"]


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: Context,
        switch_language: Callable[[Language], object],
        parent: QWidget | None = None,
        *,
        case_summary: CaseSummary | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.policy = context.policy
        self.lang = context.lang
        context.messages.window = self
        self.setWindowTitle(self.tr("hukou-desk — Jiangmen household registration counter"))
        if context.counter.training:  # never mistaken for the real station's desk
            self.setWindowTitle(self.tr("[TRAINING] ") + self.windowTitle())
        self.fit_to_screen()

        self.cases = CaseListPanel(context)
        self.tabs = CaseTabs(context, self.cases)
        self.finder = PathwayFinder(self.policy, self.lang)
        self.browser = PolicyBrowser(self.policy, self.lang)
        self.tabs.add_fixed(self.finder, self.tr("Pathway finder"))
        self.tabs.add_fixed(self.browser, self.tr("Policy browser"))
        self.finder.pathway_chosen.connect(self.open_pathway)
        self.dashboard: Dashboard | None = None
        if context.role in (Role.SUPERVISOR, Role.ADMIN):
            self.dashboard = Dashboard(context)
            self.dashboard.open_requested.connect(self.tabs.open_case)
            self.tabs.add_fixed(self.dashboard, self.tr("Statistics"))
            self.tabs.currentChanged.connect(self._dashboard_first_shown)
        self.admin: AdminPanel | None = None
        if context.role is Role.ADMIN:
            self.admin = AdminPanel(context)
            self.admin.restart_needed.connect(self.close)
            self.tabs.add_fixed(self.admin, self.tr("Administration"))
        self.sync = SyncPanel(context)
        self.tabs.add_fixed(self.sync, self.tr("Sync"))
        self.tabs.currentChanged.connect(self._sync_shown)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.session = DeskSession(context, self.stack, self.tabs, self)
        self.session.locked_changed.connect(lambda locked: self.menuBar().setEnabled(not locked))
        if self.admin is not None:
            self.admin.settings_saved.connect(self.session.apply_settings)
        self.printing = DeskPrinting(context, self)
        self.printing.recorded.connect(self.cases.reload)
        self.printing.exported.connect(lambda: self._sync_shown(self.tabs.currentIndex()))
        self.sync.export_requested.connect(lambda: self.printing.export_for_centre())
        self.tabs.slip_due.connect(self.printing.preview_slip)
        self.tabs.print_requested.connect(self.print_case)

        self.menus = DeskMenus(self, switch_language)
        self.status = DeskStatusBar(context, case_summary)
        self.setStatusBar(self.status)
        context.messages.said.connect(self._said)
        # Which card reader answers, found off the screen's thread (a vendor library opening
        # its USB ports takes a moment).
        operations.run(
            lambda _job: cards.connect(context.counter, context.user),
            messages=context.messages,
            on_success=self.status.show_reader,
        )

    # --- what tests and the other windows reach most ------------------------------------------

    @property
    def actions_by_name(self) -> dict[str, QAction]:
        return dict(self.menus.actions)

    @property
    def locked(self) -> bool:
        return self.session.locked

    def new_case(self) -> IntakeWizard:
        return self.tabs.new_case()

    def open_case(self, number: str) -> QWidget | None:
        return self.tabs.open_case(number)

    def lock(self) -> None:
        self.session.lock()

    # --- moving between screens ---------------------------------------------------------------

    def open_pathway(self, pathway_id: str) -> None:
        self.browser.show_pathway(pathway_id)
        self.tabs.setCurrentWidget(self.browser)

    def find_case(self) -> None:
        self.tabs.setCurrentWidget(self.cases)
        self.cases.focus_search()

    def print_case(self) -> Operation[Printed] | None:
        return self.printing.print_case(self.tabs.current_number())

    def _dashboard_first_shown(self, _index: int) -> None:
        dashboard = self.dashboard
        first = dashboard is not None and dashboard.report is None and dashboard.loading is None
        if first and dashboard is not None and self.tabs.currentWidget() is dashboard:
            dashboard.refresh()

    def _sync_shown(self, _index: int) -> None:
        """The sync status is read each time its tab is shown (a few counts)."""
        if self.tabs.currentWidget() is self.sync:
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

    def _said(self, level: str, message: str) -> None:
        self.status.say(level, message)
        if level == "info":  # something was done: recount
            with self.context.messages.guard():
                self.status.refresh_summary()

    def fit_to_screen(self) -> None:
        """1280×720 where there is room, never larger than the screen's free area (a 1366×768
        screen at 150 % scaling is 910×512 to Qt)."""
        screen = self.screen() or QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1280, 720
        if room is not None:
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.end()
        super().closeEvent(event)
