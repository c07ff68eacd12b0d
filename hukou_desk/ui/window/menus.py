"""The menu bar and its shortcuts: the case menu's actions, the views, the language, the text
size, the manual (F1, open at the page for the screen in front of the clerk) and About."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from hukou_desk import __version__
from hukou_desk.domain.text import Language
from hukou_desk.ui.help import HelpDialog
from hukou_desk.ui.i18n import TEXT_SIZES, set_text_scale, text_scale
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.wizard import IntakeWizard

if TYPE_CHECKING:
    from hukou_desk.ui.main_window import MainWindow


class DeskMenus(QObject):
    """Builds `window`'s menu bar; `actions` by name (the case menu's)."""

    def __init__(self, window: MainWindow, switch_language: Callable[[Language], object]):
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        self._case_menu()
        self._view_menu()
        self._language_menu(switch_language)
        self._text_size_menu()
        self._help_menu()

    def _action(
        self,
        title: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(title, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _case_menu(self) -> None:
        window = self.window
        tabs, printing, session = window.tabs, window.printing, window.session
        menu = window.menuBar().addMenu(self.tr("&Case"))
        for name, title, key, slot in (
            ("new_case", self.tr("New case"), "Ctrl+N", tabs.new_case),
            ("find", self.tr("Find a case"), QKeySequence.StandardKey.Find, window.find_case),
            ("save", self.tr("Save draft"), QKeySequence.StandardKey.Save, tabs.save),
            ("print", self.tr("Print…"), QKeySequence.StandardKey.Print, window.print_case),
            ("print_today", self.tr("Print today's approval slips…"), None, printing.print_today),
            ("verify_slip", self.tr("Check a slip's QR code…"), "Ctrl+K", printing.verify_slip),
            ("export", self.tr("Export for the centre…"), "Ctrl+E", printing.export_for_centre),
            ("close_tab", self.tr("Close this tab"), "Ctrl+W", tabs.close_current_tab),
            ("lock", self.tr("Lock now"), "Ctrl+L", session.lock),
            ("password", self.tr("Change my password…"), None, session.change_password),
            ("sign_out", self.tr("Sign out / switch user…"), "Ctrl+Shift+L", session.sign_out),
        ):
            action = self._action(title, key, slot)
            action.setObjectName(name)
            self.actions[name] = action
            menu.addAction(action)

    def _view_menu(self) -> None:
        window = self.window
        menu = window.menuBar().addMenu(self.tr("&View"))
        for title, key, slot in (
            (self.tr("Cases"), "Ctrl+1", lambda: window.tabs.setCurrentWidget(window.cases)),
            (
                self.tr("Pathway finder"),
                "Ctrl+2",
                lambda: window.show_page(window.finder_page),
            ),
            (
                self.tr("Policy browser"),
                "Ctrl+3",
                lambda: window.show_page(window.browser_page),
            ),
        ):
            menu.addAction(self._action(title, key, slot))
        if window.admin_page is not None:
            menu.addAction(self._action(self.tr("Administration"), "Ctrl+4", window.show_admin))
        if window.dashboard_page is not None:
            menu.addAction(self._action(self.tr("Statistics"), "Ctrl+5", window.show_dashboard))
        menu.addSeparator()
        menu.addAction(self._action(self.tr("Quit"), QKeySequence.StandardKey.Quit, window.close))

    def _language_menu(self, switch_language: Callable[[Language], object]) -> None:
        languages = self.window.menuBar().addMenu(self.tr("&Language"))
        group = QActionGroup(self.window)
        for code, label in (("zh", "中文"), ("en", "English")):
            action = QAction(label, self.window, checkable=True)
            action.setObjectName(f"language_{code}")
            action.setChecked(code == self.window.lang)
            action.triggered.connect(lambda _checked=False, c=code: switch_language(c))
            group.addAction(action)
            languages.addAction(action)

    def _text_size_menu(self) -> None:
        sizes = self.window.menuBar().addMenu(self.tr("&Text size"))
        group = QActionGroup(self.window)
        current = text_scale()
        for scale, label in zip(
            TEXT_SIZES, (self.tr("Normal"), self.tr("Larger"), self.tr("Largest")), strict=True
        ):
            action = QAction(label, self.window, checkable=True)
            action.setObjectName(f"text_size_{int(scale * 100)}")
            action.setChecked(scale == current)
            action.triggered.connect(lambda _checked=False, s=scale: _text_size(s))
            group.addAction(action)
            sizes.addAction(action)

    def _help_menu(self) -> None:
        help_menu = self.window.menuBar().addMenu(self.tr("&Help"))
        manual = self._action(self.tr("Manual"), QKeySequence.StandardKey.HelpContents, self.help)
        manual.setObjectName("manual")
        help_menu.addAction(manual)
        help_menu.addAction(self._action(self.tr("About"), None, self.about))

    def help_page(self) -> str:
        """The manual's page for the screen in front of the clerk."""
        window = self.window
        current = window.tabs.currentWidget()
        if isinstance(current, IntakeWizard):
            return "intake"
        if isinstance(current, CaseReview):
            return "review"
        if current is window.finder_page or current is window.browser_page:
            return "finder"
        if current is window.admin_page:
            return "admin"
        if current is window.dashboard_page:
            return "statistics"
        return "cases"

    def help(self) -> HelpDialog:
        """F1: the manual, open at the page for this screen."""
        dialog = HelpDialog(self.window.lang, self.help_page(), self.window)
        dialog.open()
        return dialog

    def about(self) -> QMessageBox:
        """Version, build, the forms in force, and the licences of the fonts it ships."""
        from hukou_desk.paths import forms_dir
        from hukou_desk.services.selftest import version_line

        box = QMessageBox(self.window)
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


def _text_size(scale: float) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        set_text_scale(app, scale)
