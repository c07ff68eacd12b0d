"""The desk's start builds only the screen in front of the clerk: the finder, the policy
browser, the statistics, the administration and the sync tab are built, and read what they
show, when their tab is first clicked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from hukou_desk.services import staff, station, statistics
from hukou_desk.ui.admin import AdminPanel
from hukou_desk.ui.case_list import CaseListPanel
from hukou_desk.ui.dashboard import Dashboard
from hukou_desk.ui.finder import PathwayFinder
from hukou_desk.ui.policy_browser import PolicyBrowser
from hukou_desk.ui.sync_status import SyncPanel
from hukou_desk.ui.window.pages import LazyPage
from tests.ui.conftest import open_desk, user

SCREENS = (CaseListPanel, PathwayFinder, PolicyBrowser, Dashboard, AdminPanel, SyncPanel)


def _built(window: QWidget) -> dict[str, int]:
    """How many of each screen exist in the window (Qt's object tree: every one made)."""
    return {kind.__name__: len(window.findChildren(kind)) for kind in SCREENS}


def _click_tab(qtbot, window, page: QWidget) -> None:
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(page)
    assert index >= 0
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is page and page.isVisible())


@pytest.mark.slow
def test_the_start_builds_only_the_case_list_and_each_tab_fills_when_first_clicked(
    qtbot, policy, staffed, monkeypatch
):
    read: list[str] = []
    for module, name in ((staff, "staff"), (statistics, "choices"), (station, "deadline_counts")):
        real = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda *a, _n=name, _r=real, **k: read.append(_n) or _r(*a, **k)
        )
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"), lang="en")
    window.show()
    qtbot.waitExposed(window)
    pages = [
        window.finder_page,
        window.browser_page,
        window.dashboard_page,
        window.admin_page,
        window.sync_page,
    ]
    assert all(isinstance(page, LazyPage) and not page.built for page in pages)
    assert _built(window) == {
        "CaseListPanel": 1,
        "PathwayFinder": 0,
        "PolicyBrowser": 0,
        "Dashboard": 0,
        "AdminPanel": 0,
        "SyncPanel": 0,
    }
    # Neither the accounts nor the statistics' lists; the deadlines counted once (every overdue
    # case: the one count that grows with the file), for the list's queues and the status bar.
    assert read == ["deadline_counts"]
    assert window.status.cases_label.text().startswith("Cases on file: 0 · waiting for approval: 0")

    _click_tab(qtbot, window, window.finder_page)
    assert _built(window)["PathwayFinder"] == 1 and window.finder_page.built
    finder = window.finder
    assert finder.isVisible() and finder.fields["applicant.id_number"].isVisible()
    qtbot.keyClicks(finder.fields["applicant.id_number"], "440703199003071235")
    qtbot.waitUntil(lambda: "1990-03-07" in finder.id_feedback.text())

    _click_tab(qtbot, window, window.browser_page)
    assert window.browser.isVisible() and window.browser.list.count() == 21

    assert window.dashboard_page is not None
    _click_tab(qtbot, window, window.dashboard_page)
    dashboard = window.dashboard
    assert dashboard is not None and "choices" in read
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=30_000)  # read off the thread
    assert dashboard.figures.count() == len(dashboard.report.tables) > 0

    assert window.admin_page is not None
    _click_tab(qtbot, window, window.admin_page)
    admin = window.admin
    assert admin is not None and admin.isVisible()
    assert "staff" in read
    names = {admin.users.item(row, 0).text() for row in range(admin.users.rowCount())}
    assert {"admin", "zhangli", "wangfang"} <= names

    _click_tab(qtbot, window, window.sync_page)
    qtbot.waitUntil(lambda: window.sync.status is not None)
    assert window.sync.isVisible() and window.sync.last_export.text() == "never"

    # Each screen was built once, however often its tab is shown again.
    _click_tab(qtbot, window, window.finder_page)
    assert _built(window) == dict.fromkeys(_built(window), 1)
    assert window.finder.fields["applicant.id_number"].text() == "440703199003071235"


def test_a_page_asked_for_before_it_is_shown_is_built_once_and_shown_when_opened(qtbot):
    made: list[QLabel] = []

    def build() -> QLabel:
        made.append(QLabel("the screen"))
        return made[-1]

    tabs_host = QWidget()
    qtbot.addWidget(tabs_host)
    page = LazyPage(build, tabs_host)
    assert not page.built and made == []
    label = page.content()
    assert page.built and made == [label] and page.content() is label
    assert page.focusProxy() is label and label.parent() is page
    tabs_host.show()
    qtbot.waitExposed(tabs_host)
    assert label.isVisible() and len(made) == 1
