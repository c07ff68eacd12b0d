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
from hukou_desk.ui.window.pages import LazyPage
from hukou_desk.ui.window.printing import DeskPrinting
from hukou_desk.ui.window.session import DeskSession
from hukou_desk.ui.window.status import CaseSummary, DeskStatusBar, summary_of
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
        # Only the case list is built now: each other screen when its tab is first shown
        # (`LazyPage`), so that the start does not grow with screens the clerk has not opened.
        self.finder_page = LazyPage(self._build_finder)
        self.browser_page = LazyPage(lambda: PolicyBrowser(self.policy, self.lang))
        self.tabs.add_fixed(self.finder_page, self.tr("Pathway finder"))
        self.tabs.add_fixed(self.browser_page, self.tr("Policy browser"))
        self.dashboard_page: LazyPage[Dashboard] | None = None
        if context.role in (Role.SUPERVISOR, Role.ADMIN):
            self.dashboard_page = LazyPage(self._build_dashboard)
            self.tabs.add_fixed(self.dashboard_page, self.tr("Statistics"))
            self.tabs.currentChanged.connect(self._dashboard_first_shown)
        self.admin_page: LazyPage[AdminPanel] | None = None
        if context.role is Role.ADMIN:
            self.admin_page = LazyPage(self._build_admin)
            self.tabs.add_fixed(self.admin_page, self.tr("Administration"))
        self.sync_page = LazyPage(self._build_sync)
        self.tabs.add_fixed(self.sync_page, self.tr("Sync"))
        self.tabs.currentChanged.connect(self._sync_shown)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.session = DeskSession(context, self.stack, self.tabs, self)
        self.session.locked_changed.connect(lambda locked: self.menuBar().setEnabled(not locked))
        self.printing = DeskPrinting(context, self)
        self.printing.recorded.connect(self.cases.reload)
        self.printing.exported.connect(lambda: self._sync_shown(self.tabs.currentIndex()))
        self.tabs.slip_due.connect(self.printing.preview_slip)
        self.tabs.print_requested.connect(self.print_case)

        self.menus = DeskMenus(self, switch_language)
        if case_summary is None and self.cases.counted is not None:
            case_summary = summary_of(*self.cases.counted)  # as the list has just counted
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

    # --- the screens built when first opened -------------------------------------------------

    def _build_finder(self) -> PathwayFinder:
        finder = PathwayFinder(self.policy, self.lang)
        finder.pathway_chosen.connect(self.open_pathway)
        return finder

    def _build_dashboard(self) -> Dashboard:
        dashboard = Dashboard(self.context)
        dashboard.open_requested.connect(self.tabs.open_case)
        return dashboard

    def _build_admin(self) -> AdminPanel:
        admin = AdminPanel(self.context)
        admin.restart_needed.connect(self.close)
        admin.settings_saved.connect(self.session.apply_settings)
        return admin

    def _build_sync(self) -> SyncPanel:
        sync = SyncPanel(self.context)
        sync.export_requested.connect(lambda: self.printing.export_for_centre())
        return sync

    @property
    def finder(self) -> PathwayFinder:
        return self.finder_page.content()

    @property
    def browser(self) -> PolicyBrowser:
        return self.browser_page.content()

    @property
    def dashboard(self) -> Dashboard | None:
        """The statistics (supervisors and administrators only), built if not yet."""
        return self.dashboard_page.content() if self.dashboard_page is not None else None

    @property
    def admin(self) -> AdminPanel | None:
        """The administration (administrators only), built if not yet."""
        return self.admin_page.content() if self.admin_page is not None else None

    @property
    def sync(self) -> SyncPanel:
        return self.sync_page.content()

    def show_page(self, page: QWidget) -> None:
        """Bring a fixed screen to the front (built on its first showing)."""
        self.tabs.setCurrentWidget(page)

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
        self.tabs.setCurrentWidget(self.browser_page)

    def find_case(self) -> None:
        self.tabs.setCurrentWidget(self.cases)
        self.cases.focus_search()

    def print_case(self) -> Operation[Printed] | None:
        return self.printing.print_case(self.tabs.current_number())

    def _dashboard_first_shown(self, _index: int) -> None:
        """The statistics' figures are read the first time their tab is shown."""
        page = self.dashboard_page
        if page is None or self.tabs.currentWidget() is not page:
            return
        dashboard = page.content()
        if dashboard.report is None and dashboard.loading is None:
            dashboard.refresh()

    def _sync_shown(self, _index: int) -> None:
        """The sync status is read each time its tab is shown (a few counts)."""
        if self.tabs.currentWidget() is self.sync_page:
            self.sync.refresh()

    def show_dashboard(self) -> None:
        """Ctrl+5: the statistics; the figures are read the first time it is shown."""
        if self.dashboard_page is not None:
            self.tabs.setCurrentWidget(self.dashboard_page)  # its first showing reads the figures
            self.dashboard_page.content().refresh_button.setFocus()

    def show_admin(self) -> None:
        """Ctrl+4: the administration tab, ready to add a user."""
        if self.admin_page is not None:
            self.tabs.setCurrentWidget(self.admin_page)
            self.admin_page.content().new_username.setFocus()

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
