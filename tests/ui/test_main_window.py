"""The policy browser and the pathway finder, driven offscreen; screenshots saved as PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hukou_desk.app import Desk, create_app
from hukou_desk.domain.engine import Result
from hukou_desk.domain.policy import Policy
from hukou_desk.services.counter import OpenFile
from hukou_desk.storage.database import Database
from hukou_desk.ui.main_window import MainWindow
from tests.ui.conftest import Recorded, user


@pytest.fixture
def desk(qtbot: QtBot, policy: Policy, staffed: Database) -> Desk:
    desk = Desk(create_app(), policy, staffed, user(staffed, "zhangli"))
    desk.boxes = Recorded()
    return desk


def _show(desk: Desk, qtbot: QtBot, lang: str) -> MainWindow:
    window = desk.show(lang)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show_page(window.finder_page)
    return window


def test_font_is_the_shipped_cjk_font(desk: Desk) -> None:
    assert desk.app.font().family() == "Droid Sans Fallback"


def test_browser_shows_every_pathway_with_clause_and_companions(desk: Desk, qtbot: QtBot) -> None:
    window = _show(desk, qtbot, "zh")
    browser = window.browser
    assert browser.list.count() == 21
    browser.show_pathway("specialist")
    html = browser.page.toPlainText()
    assert "专才入户" in html and "二（二）3" in html and "市人社局" in html
    assert "可随迁人员" in html and "未婚子女" in html and "毕业证书" in html
    browser.search.setText("租赁")
    visible = [
        browser.list.item(i).text()
        for i in range(browser.list.count())
        if not browser.list.item(i).isHidden()
    ]
    assert any("二（一）2" in v for v in visible) and not any("二（二）2" in v for v in visible)


def test_finder_ranks_as_the_clerk_types(desk: Desk, qtbot: QtBot) -> None:
    window = _show(desk, qtbot, "zh")
    finder = window.finder
    qtbot.keyClicks(finder.fields["applicant.id_number"], "440703199003071235")
    assert "1990-03-07" in finder.id_feedback.text()
    finder.set_value("applicant.education", "21")
    finder.set_value("sponsor.relationship", None)
    row = finder.add_relative()
    finder.relative_cell(row, "relationship").set_fact("20")
    finder.relative_cell(row, "marital_status").set_fact("21")
    qtbot.waitUntil(lambda: bool(finder.outcomes) and finder.outcomes[0].pathway_id == "specialist")
    top = finder.outcomes[0]
    assert top.result == Result.NEEDS_DOCUMENTS
    assert top.companions[0].status.value == "not_allowed"
    item = finder.results.topLevelItem(0)
    assert "专才入户" in item.text(0)
    # The pane below the tree shows the chosen route in full, nothing elided.
    finder.results.setCurrentItem(item.child(1))
    explained = finder.explanation.toPlainText()
    assert "本科及以上学历、初级及以上职称、初级工及以上职业资格之一" in explained
    assert "不可随迁" in explained and "子女投靠父母" in explained
    finder.results.itemActivated.emit(item, 0)
    assert window.tabs.currentWidget() is window.browser_page


def test_finder_points_to_the_destination_that_would_work(desk: Desk, qtbot: QtBot) -> None:
    """A spouse asking to register in Xinhui while the spouse's hukou is in Pengjiang: the
    spouse route fails on that one fact, ranks first and says where the applicant may go."""
    window = _show(desk, qtbot, "zh")
    finder = window.finder
    qtbot.keyClicks(finder.fields["applicant.id_number"], "440703199003071235")
    for path, value in (
        ("applicant.marital_status", "21"),
        ("sponsor.relationship", "10"),
        ("sponsor.hukou_region", "440703"),
        ("sponsor.residence.kind", "owned"),
        ("sponsor.residence.district", "440703"),
        ("destination.district", "440705"),
    ):
        finder.set_value(path, value)
    qtbot.waitUntil(lambda: bool(finder.outcomes) and finder.outcomes[0].pathway_id == "spouse")
    assert finder.outcomes[0].fix is not None
    # First after the notice that a married person keeps their hukou (二（一）1).
    assert "婚后不迁出户口" in finder.results.topLevelItem(0).text(0)
    item = finder.results.topLevelItem(1)
    assert "夫妻投靠入户" in item.text(0)
    assert item.text(1) == "改一项即可：可迁入配偶户口所在地：蓬江区"
    finder.results.setCurrentItem(item)
    qtbot.waitUntil(lambda: "可迁入配偶户口所在地：蓬江区" in finder.explanation.toPlainText())
    explained = finder.explanation.toPlainText()
    assert "申请迁入新会区，而配偶户口所在地在蓬江区" in explained


def test_bad_identity_number_is_explained_not_crashed(desk: Desk, qtbot: QtBot) -> None:
    window = _show(desk, qtbot, "zh")
    qtbot.keyClicks(window.finder.fields["applicant.id_number"], "440703199003071234")
    window.finder.refresh()
    assert "校验码应为5" in window.finder.id_feedback.text()


@pytest.mark.slow
def test_language_switch_rebuilds_in_english_keeping_input(desk: Desk, qtbot: QtBot) -> None:
    window = _show(desk, qtbot, "zh")
    assert window.tabs.tabText(window.tabs.indexOf(window.finder_page)) == "途径查找"
    window.finder.set_value("applicant.id_number", "440703199003071235")
    window.finder.set_value("applicant.education", "21")
    window.finder.add_relative({"name": "李红", "relationship": "30", "marital_status": "10"})
    typed = window.finder.raw_facts()
    window.findChild(type(window.menuBar().actions()[0]), "language_en").trigger()
    english = desk.window
    assert english is not None and english is not window
    qtbot.addWidget(english)
    assert english.tabs.tabText(english.tabs.indexOf(english.finder_page)) == "Pathway finder"
    assert english.finder.raw_facts() == typed
    assert english.finder.id_feedback.text().endswith("male · 广东省蓬江区")
    english.browser.show_pathway("spouse")
    assert "Spouse joins spouse" in english.browser.page.toPlainText()
    desk.show("zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.slow
def test_screenshots(desk: Desk, qtbot: QtBot, lang: str, tmp_path: Path) -> None:
    """The finder and the policy browser grabbed filled (`make screenshots` saves them for
    the docs, from `hukou_desk.screenshots`). Nothing may be blank."""
    window = _show(desk, qtbot, lang)
    window.resize(1280, 720)
    finder = window.finder
    finder.set_value(
        "application_date", "2026-11-20"
    )  # fixed, so the images only change with the UI
    finder.set_value("applicant.id_number", "440703199003071235")
    finder.set_value("applicant.marital_status", "21")
    finder.set_value("applicant.education", "21")
    finder.refresh()
    finder_png = tmp_path / f"finder-{lang}.png"
    assert window.grab().save(str(finder_png))
    window.show_page(window.browser_page)
    window.browser.show_pathway("child_joins_parents")
    browser_png = tmp_path / f"policy-browser-{lang}.png"
    assert window.grab().save(str(browser_png))
    assert finder_png.stat().st_size > 20_000 and browser_png.stat().st_size > 20_000
    assert window.browser.list.currentItem().data(Qt.ItemDataRole.UserRole) == "child_joins_parents"


def test_bad_policy_is_shown_instead_of_starting(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    from hukou_desk.paths import forms_dir
    from hukou_desk.start import Start

    shutil.copytree(forms_dir(), tmp_path / "forms")
    spouse = tmp_path / "forms" / "pathways" / "spouse.toml"
    spouse.write_text(spouse.read_text(encoding="utf-8") + "\nsurprise = 1\n", encoding="utf-8")
    monkeypatch.setenv("HUKOU_DESK_FORMS", str(tmp_path / "forms"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))
    start = Start()
    login = start.begin()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: exits == [1], timeout=20_000)  # the desk never opens
    assert shown and "spouse.toml" in shown[0] and "surprise" in shown[0]
    assert login.isHidden() and start.desk is None


def _first_user(database):
    from sqlmodel import select

    from hukou_desk.storage.models import User

    with database.read() as session:
        return session.exec(select(User).where(User.role == "clerk")).first()


def test_a_new_case_file_is_an_empty_station_and_demo_data_lives_in_a_training_file(
    qtbot, policy, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from hukou_desk import app as app_module
    from hukou_desk.services import station
    from hukou_desk.storage import accounts, backup
    from hukou_desk.storage.queries import count_by_status

    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    real = app_module.open_case_file(policy, "en")
    assert real is not None and not station.is_training(OpenFile(real))
    with real.read() as session:
        assert sum(count_by_status(session).values()) == 0  # no demo case in a real station
        assert accounts.needs_first_start(session)  # its own code, name and administrator
    real.close()

    database = app_module.open_case_file(policy, "en", training=True)
    assert database is not None and station.is_training(OpenFile(database))
    assert database.path.name == "hukou-desk-training.db"
    with database.read() as session:
        assert sum(count_by_status(session).values()) == app_module.DEMO_CASES
    assert backup.backups(database.backups_dir) == []  # taken once the desk is open
    desk = app_module.Desk(create_app(), policy, database, _first_user(database))
    desk.boxes = Recorded()
    window = desk.show("en")
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("[TRAINING]")
    assert window.status.training_label.isVisibleTo(window)
    assert window.printing.export_for_centre(tmp_path / "never.hkb") is None  # said at once
    assert "training file" in window.context.messages.history[-1][1]
    assert not (tmp_path / "never.hkb").exists()
    daily = desk.start_daily_backup()
    assert daily is not None
    with qtbot.waitSignal(daily.finished, timeout=60_000):
        pass
    assert len(backup.backups(database.backups_dir)) == 1  # today's, checked
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app_module.open_case_file(policy, "en", training=True) is None  # a second window
    assert "another hukou-desk window" in shown[-1]
    database.close()

    path = database.path
    path.write_bytes(b"\0" * 4096)
    (path.with_name(path.name + "-wal")).unlink(missing_ok=True)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    restored = app_module.open_case_file(policy, "zh", training=True)
    assert restored is not None and "已损坏" in asked[0]
    with restored.read() as session:
        assert sum(count_by_status(session).values()) == app_module.DEMO_CASES
    restored.close()


def test_a_read_only_data_folder_is_said_not_called_damaged(qtbot, policy, tmp_path, monkeypatch):
    import os

    from PySide6.QtWidgets import QMessageBox

    from hukou_desk import app as app_module

    home = tmp_path / "home"
    home.mkdir()
    (home / "hukou-desk.db").write_bytes(b"")
    monkeypatch.setenv("HUKOU_DESK_HOME", str(home))
    real_access = os.access
    # Root may write anywhere; a clerk's account may not: the folder refuses writing.
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app_module.open_case_file(policy, "en") is None
    assert "cannot be written" in shown[-1] and "not damaged" in shown[-1]  # the domain text, en
    assert "damaged (" not in shown[-1]


def test_a_data_folder_that_cannot_be_made_is_said(qtbot, policy, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from hukou_desk import app as app_module

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HUKOU_DESK_HOME", str(blocker / "home"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app_module.open_case_file(policy, "en") is None
    assert shown and ("cannot be used" in shown[-1] or "无法使用" in shown[-1])


def test_a_lost_case_file_is_never_replaced_silently(qtbot, policy, tmp_path, monkeypatch):
    """The station's file emptied (a failed disk, a bad copy) with backups beside it: the desk
    asks — the latest backup, or a new empty file on purpose — and the answer is clicked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from hukou_desk import app as app_module
    from hukou_desk.storage import accounts, backup
    from tests.stations import set_up_station

    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    real = app_module.open_case_file(policy, "en")
    assert real is not None
    set_up_station(real, password="Baisha-Counter-2026")
    backup.make_backup(real, reason="daily")
    path = real.path
    real.close()

    def answer(role: QMessageBox.ButtonRole) -> None:
        def click() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, click)
                return
            asked.append(box.text())
            (button,) = [b for b in box.buttons() if box.buttonRole(b) == role]
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, click)

    from PySide6.QtCore import Qt

    asked: list[str] = []
    path.write_bytes(b"")
    path.with_name(path.name + "-wal").unlink(missing_ok=True)
    answer(QMessageBox.ButtonRole.AcceptRole)  # restore the latest backup
    restored = app_module.open_case_file(policy, "en")
    assert restored is not None and "hukou-desk.db" in asked[-1]
    with restored.read() as session:
        assert not accounts.needs_first_start(session)  # the station came back
    restored.close()

    path.write_bytes(b"")
    answer(QMessageBox.ButtonRole.DestructiveRole)  # a new, empty file
    fresh = app_module.open_case_file(policy, "en")
    assert fresh is not None
    with fresh.read() as session:
        assert accounts.needs_first_start(session)
    fresh.close()
    assert list(path.parent.glob(f"{path.name}.empty-*"))  # kept aside, not overwritten


def test_the_log_and_its_rotations_are_owner_only(tmp_path, monkeypatch) -> None:
    """The log names staff and actions (never applicants): still nobody else's to read, and
    one left readable by an older version is closed too."""
    import logging

    from hukou_desk import app as app_module

    monkeypatch.setattr(app_module, "data_dir", lambda: tmp_path)
    old = tmp_path / "hukou-desk.log"
    old.write_text("from before\n")
    old.chmod(0o644)
    before = list(app_module.log.handlers)
    try:
        app_module.setup_logging()
        handler = app_module.log.handlers[-1]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        app_module.log.info("started")
        handler.flush()
        assert old.stat().st_mode & 0o777 == 0o600
        handler.doRollover()
        app_module.log.info("again")
        handler.flush()
        for made in (old, tmp_path / "hukou-desk.log.1"):
            assert made.stat().st_mode & 0o777 == 0o600, made.name
        assert "again" in old.read_text()
    finally:
        for handler in app_module.log.handlers[len(before) :]:
            handler.close()
            app_module.log.removeHandler(handler)
