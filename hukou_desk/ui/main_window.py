"""The main window: the policy browser and the pathway finder, a language menu."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from hukou_desk import __version__
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.text import Language
from hukou_desk.ui.finder import PathwayFinder
from hukou_desk.ui.policy_browser import PolicyBrowser


@dataclass(frozen=True)
class CaseSummary:
    """The case file at a glance, for the status bar."""

    total: int
    awaiting_approval: int
    urgent: int  # near or past the statutory time limit


class MainWindow(QMainWindow):
    def __init__(
        self,
        policy: Policy,
        lang: Language,
        switch_language: Callable[[Language], object],
        parent: QWidget | None = None,
        *,
        case_summary: CaseSummary | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self.lang = lang
        self.setWindowTitle(self.tr("hukou-desk — Jiangmen household registration counter"))
        self.resize(1280, 720)  # fits a 1366×768 counter screen with the task bar
        self.tabs = QTabWidget()
        self.finder = PathwayFinder(policy, lang)
        self.browser = PolicyBrowser(policy, lang)
        self.tabs.addTab(self.finder, self.tr("Pathway finder"))
        self.tabs.addTab(self.browser, self.tr("Policy browser"))
        self.setCentralWidget(self.tabs)
        self.finder.pathway_chosen.connect(self.open_pathway)

        menu = self.menuBar().addMenu(self.tr("&View"))
        finder = QAction(self.tr("Pathway finder"), self, shortcut=QKeySequence("Ctrl+1"))
        finder.triggered.connect(lambda: self.tabs.setCurrentWidget(self.finder))
        browser = QAction(self.tr("Policy browser"), self, shortcut=QKeySequence("Ctrl+2"))
        browser.triggered.connect(lambda: self.tabs.setCurrentWidget(self.browser))
        menu.addActions([finder, browser])
        menu.addSeparator()
        quit_action = QAction(
            self.tr("Quit"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit)
        )
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

        languages = self.menuBar().addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, label in (("zh", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setObjectName(f"language_{code}")
            action.setChecked(code == lang)
            action.triggered.connect(lambda _checked=False, c=code: switch_language(c))
            group.addAction(action)
            languages.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        # Permanent, so that passing status tips never hide which plan the desk applies.
        self.plan_label = QLabel(
            self.tr("{0} · in force from {1}").format(
                policy.plan.title(lang), policy.plan.effective_from.isoformat()
            )
        )
        self.statusBar().addPermanentWidget(self.plan_label)
        self.cases_label = QLabel()
        if case_summary is not None:
            self.cases_label.setText(
                self.tr(
                    "Cases on file: {0} · waiting for approval: {1} · "
                    "near or past the time limit: {2}"
                ).format(case_summary.total, case_summary.awaiting_approval, case_summary.urgent)
            )
            self.statusBar().addWidget(self.cases_label)

    def open_pathway(self, pathway_id: str) -> None:
        self.browser.show_pathway(pathway_id)
        self.tabs.setCurrentWidget(self.browser)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About hukou-desk"),
            self.tr("hukou-desk {0}\nCaseworker desktop for Jiangmen's hukou counters.").format(
                __version__
            ),
        )
