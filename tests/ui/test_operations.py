"""Every background action of the desk, made to fail unexpectedly: the dialog closes, the clerk
is told, the log has the error's type and code locations but no personal data."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from hukou_desk.services import exchange, printing, station
from hukou_desk.services.printing import SlipKind
from hukou_desk.ui import operations
from hukou_desk.ui.export import ExportJob
from tests.ui.conftest import open_desk, type_intake, user
from tests.ui.test_counter_flow import _intakes

SECRET = "陈小明 440781199001011246"  # what an OSError's text could carry: never logged


def _boom(*_args, **_kwargs):
    raise OSError(28, f"No space left on device: '/media/usb/{SECRET}.hkb'")


def _told_and_logged(window, caplog):
    history = window.context.messages.history
    assert history[-1][0] == "unexpected" and "Your work is kept" not in SECRET
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "unexpected OSError" in logged and "operations.py" in logged
    assert SECRET not in logged and "440781199001011246" not in logged
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert operations.running() == 0


@pytest.fixture
def desk(qtbot, policy, staffed):
    return open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))


def test_an_export_that_fails_closes_its_progress_and_says_so(
    qtbot, desk, tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(exchange, "export", _boom)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    job = ExportJob(desk.context, tmp_path / "out.hkb", desk)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
    _told_and_logged(desk, caplog)
    assert not (tmp_path / "out.hkb").exists()


def test_a_daily_backup_that_fails_says_so(qtbot, desk, monkeypatch, caplog):
    monkeypatch.setattr(station, "daily_backup", _boom)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    operation = desk.desk.start_daily_backup()
    with qtbot.waitSignal(operation.finished, timeout=10_000):
        pass
    history = desk.context.messages.history
    assert any(level == "unexpected" for level, _ in history)
    assert "administrator" in history[-1][1] or "管理员" in history[-1][1]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "unexpected OSError" in logged and SECRET not in logged


def test_a_preview_that_fails_shows_no_preview_and_says_so(qtbot, desk, monkeypatch, caplog):
    monkeypatch.setattr(printing, "preview", _boom)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    with qtbot.waitSignal(desk.preview_slip("440703001-2026-000001", SlipKind.RECEIPT).finished):
        pass
    _told_and_logged(desk, caplog)


def test_todays_batch_that_fails_says_so(qtbot, desk, monkeypatch, caplog):
    monkeypatch.setattr(printing, "todays_batch", _boom)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    with qtbot.waitSignal(desk.print_today().finished):
        pass
    _told_and_logged(desk, caplog)


def test_a_refusal_in_the_background_is_said_as_it_is(qtbot, policy, staffed):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[0]).case_number
    # An approval slip for a case not approved: the domain's refusal, not an apology.
    with qtbot.waitSignal(clerk.preview_slip(number, SlipKind.APPROVAL).finished):
        pass
    level, message = clerk.context.messages.history[-1]
    assert level == "error" and "准予迁入证明" in message


def test_a_short_action_on_the_screen_shows_the_busy_cursor_at_once(
    qtbot, policy, staffed, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    from hukou_desk.services import staff

    admin = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    seen: list[object] = []
    real = staff.add_user

    def watched(*args, **kwargs):
        cursor = QApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(staff, "add_user", watched)
    panel = admin.admin
    qtbot.keyClicks(panel.new_username, "newclerk")
    qtbot.keyClicks(panel.new_name, "new clerk")
    qtbot.keyClicks(panel.new_password, "Baisha-Counter-2026")
    qtbot.mouseClick(panel.findChild(QPushButton, "addUserButton"), Qt.MouseButton.LeftButton)
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None  # and gone once done


def test_opening_a_scan_that_fails_says_so(qtbot, policy, staffed, monkeypatch, caplog):
    from hukou_desk.services import intake
    from hukou_desk.ui.review import CaseReview
    from tests.services.conftest import recommended_case

    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    ref = recommended_case(boss.context.counter, user(staffed, "zhangli"))
    intake.attach_scan(
        boss.context.counter,
        user(staffed, "zhangli"),
        case_id=ref.id,
        document_id="marriage_certificate",
        party="applicant",
        file_name="scan.pdf",
        content=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    )
    review = boss.open_case(ref.number)
    assert isinstance(review, CaseReview)
    monkeypatch.setattr(intake, "open_scan", _boom)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    review.scans.setFocus()
    review.scans.setCurrentRow(0)
    qtbot.keyClick(review.scans, Qt.Key.Key_Return)
    with qtbot.waitSignal(review.scan_opening.finished, timeout=10_000):
        pass
    _told_and_logged(boss, caplog)


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_no_garbage_collection_runs_on_a_worker_thread(qtbot, desk):
    """A worker that makes garbage cycles by the hundred thousand (as a permit made on a
    10,000-case station does) sets off no collection on its thread: a collection there destroyed
    Qt objects of the screen's thread (the desk vanished); the screen's thread collects."""
    import gc
    import threading

    where: list[str] = []

    def seen(phase: str, _info: dict) -> None:
        if phase == "start":
            where.append(threading.current_thread().name)

    def work(_job: operations.Job) -> int:
        made = 0
        for _ in range(300_000):  # well past every generation's threshold
            _Cycle()
            made += 1
        return made

    gc.callbacks.append(seen)
    try:
        results = []
        for _ in range(3):
            operation = operations.run(work, messages=desk.context.messages)
            with qtbot.waitSignal(operation.finished, timeout=30_000):
                pass
            results.append(operation.result)
        qtbot.waitUntil(lambda: gc.isenabled())  # back on once the last worker returned
        _Cycle()
        gc.collect()
    finally:
        gc.callbacks.remove(seen)
    assert results == [300_000] * 3
    assert where and set(where) == {threading.main_thread().name}


def test_no_garbage_collection_runs_on_a_plain_worker_thread(qtbot, desk):
    """The same for the threads that report by themselves (fonts warmed, a file encrypted)."""
    import gc
    import threading

    where: list[str] = []

    def seen(phase: str, _info: dict) -> None:
        if phase == "start":
            where.append(threading.current_thread().name)

    def work() -> None:
        for _ in range(300_000):
            _Cycle()

    gc.callbacks.append(seen)
    try:
        worker = operations.thread(work, name="cycles")
        qtbot.waitUntil(lambda: not worker.is_alive(), timeout=30_000)
        qtbot.waitUntil(lambda: gc.isenabled())
        gc.collect()
    finally:
        gc.callbacks.remove(seen)
    assert "cycles" not in where and where


def test_work_whose_window_closed_before_it_reported_still_reports(qtbot, desk):
    """A screen closed while its work counts (its progress dialog gone with it): the work
    still reports and is no longer running — nothing waits for it for ever."""
    import threading

    import shiboken6
    from PySide6.QtWidgets import QWidget

    screen = QWidget()
    release = threading.Event()
    done: list[int] = []
    operation = operations.prepare(
        lambda _job: release.wait(30) and 7,
        messages=desk.context.messages,
        on_success=done.append,
        parent=screen,
        label="Counting…",
    ).start()
    dialog = operation.dialog
    assert dialog is not None
    shiboken6.delete(screen)  # the window, and its dialog with it
    assert not shiboken6.isValid(dialog)
    release.set()
    qtbot.waitUntil(lambda: operations.running() == 0, timeout=30_000)
    assert done == [7]
    assert [t for level, t in desk.context.messages.history if level != "info"] == []
