"""One way for a widget to call a service: every background action of the desk made to fail
(the dialog closes, the clerk is told in words, the log has the error's type and code locations
but no personal data); short actions said the same way; a long one leaves the screen live."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from hukou_desk.services import exchange, printing, station
from hukou_desk.services.counter import OpenFile
from hukou_desk.services.printing import SlipKind
from hukou_desk.ui import operations
from hukou_desk.ui.export import ExportJob
from tests.ui.conftest import open_desk, type_intake, user
from tests.ui.test_counter_flow import _intakes

SECRET = "陈小明 440781199001011246"  # what an OSError's text could carry: never logged


def _boom(*_args, **_kwargs):
    raise OSError(28, f"No space left on device: '/media/usb/{SECRET}.hkb'")


def _told_and_logged(window, caplog):
    """A full stick: the system's reason in words, never the error's text (it names a file)."""
    level, said = window.context.messages.history[-1]
    assert level == "error" and said == "本机无法完成此操作：No space left on device。"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "system refused: OSError errno 28" in logged and "operations.py" in logged
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
    assert ("error", "本机无法完成此操作：No space left on device。") in history
    assert "administrator" in history[-1][1] or "管理员" in history[-1][1]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "system refused: OSError errno 28" in logged and SECRET not in logged


def test_a_preview_that_fails_shows_no_preview_and_says_so(qtbot, desk, monkeypatch, caplog):
    monkeypatch.setattr(printing, "preview", _boom)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    with qtbot.waitSignal(
        desk.printing.preview_slip("440703001-2026-000001", SlipKind.RECEIPT).finished
    ):
        pass
    _told_and_logged(desk, caplog)


def test_todays_batch_that_fails_says_so(qtbot, desk, monkeypatch, caplog):
    monkeypatch.setattr(printing, "todays_batch", _boom)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    with qtbot.waitSignal(desk.printing.print_today().finished):
        pass
    _told_and_logged(desk, caplog)


@pytest.mark.slow
def test_a_refusal_in_the_background_is_said_as_it_is(qtbot, policy, staffed):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[0]).case_number
    # An approval slip for a case not approved: the domain's refusal, not an apology.
    with qtbot.waitSignal(clerk.printing.preview_slip(number, SlipKind.APPROVAL).finished):
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


@pytest.mark.slow
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


def test_an_unexpected_failure_in_the_background_is_an_apology_logged_without_its_text(
    qtbot, desk, caplog
):
    def work(_job: operations.Job) -> None:
        raise RuntimeError(SECRET)

    caplog.set_level(logging.ERROR, logger="hukou_desk")
    with qtbot.waitSignal(operations.run(work, messages=desk.context.messages).finished):
        pass
    level, said = desk.context.messages.history[-1]
    assert level == "unexpected" and "管理员" in said and SECRET not in said
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "unexpected RuntimeError" in logged and "test_operations.py" in logged
    assert SECRET not in logged


def test_a_short_action_that_the_service_refuses_is_said_and_changes_nothing(
    qtbot, policy, staffed
):
    """The administrator adds a user name that is taken: the service's refusal in words, and
    what was typed stays to be corrected."""
    from PySide6.QtWidgets import QPushButton

    admin = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    panel = admin.admin
    before = panel.users.rowCount()
    qtbot.keyClicks(panel.new_username, "zhangli")
    qtbot.keyClicks(panel.new_name, "another")
    qtbot.keyClicks(panel.new_password, "Baisha-Counter-2026")
    qtbot.mouseClick(panel.findChild(QPushButton, "addUserButton"), Qt.MouseButton.LeftButton)
    level, said = admin.context.messages.history[-1]
    assert level == "error" and "zhangli" in said
    assert panel.new_username.text() == "zhangli" and panel.users.rowCount() == before


def test_a_short_action_that_fails_unexpectedly_is_an_apology(
    qtbot, policy, staffed, monkeypatch, caplog
):
    from PySide6.QtWidgets import QPushButton

    from hukou_desk.services import exchange

    def broken(*_args, **_kwargs):
        raise KeyError(SECRET)

    admin = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    monkeypatch.setattr(exchange, "trust_centre", broken)
    caplog.set_level(logging.ERROR, logger="hukou_desk")
    panel = admin.admin
    panel.centre_key.setText("not a key")
    panel.findChild(QPushButton, "trustCentreButton").click()
    level, said = admin.context.messages.history[-1]
    assert level == "unexpected" and "管理员" in said
    assert SECRET not in "\n".join(r.getMessage() for r in caplog.records)
    assert QApplication.overrideCursor() is None  # the busy cursor gone with the failure


def test_a_refusal_before_the_desk_is_said_on_the_dialogs_own_line(qtbot, staffed):
    from hukou_desk.ui.login import LoginDialog

    dialog = LoginDialog(OpenFile(staffed), "en", username="zhangli")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "not-the-password-1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Wrong user name or password." and dialog.user is None
    assert dialog.password.text() == ""


def test_a_long_action_leaves_the_screen_live_and_reports_its_progress(qtbot, desk):
    """The work waits for something only the screen's thread can do (a timer firing): were the
    screen's thread blocked, it would never finish."""
    import threading

    from PySide6.QtCore import QTimer

    ticked = threading.Event()

    def work(job: operations.Job) -> str:
        job.progress(50)
        if not ticked.wait(20):
            raise TimeoutError
        job.progress(100)
        return "done"

    operation = operations.prepare(
        work, messages=desk.context.messages, parent=desk, label="Counting…", progress=True
    )
    assert operation.dialog is not None
    with qtbot.waitSignals([operation.progressed, operation.finished], timeout=20_000):
        operation.start()
        QTimer.singleShot(50, ticked.set)  # runs only if the event loop is free
    assert operation.result == "done" and operation.error is None
    assert operation.dialog is None  # closed once it reported
    assert [t for level, t in desk.context.messages.history if level != "info"] == []


def test_waiting_for_a_long_action_serves_the_screen_and_raises_its_refusal(qtbot, desk):
    """`wait`: the caller needs the result (the first start's encryption); the screen is served
    meanwhile, and a refusal reaches the caller, not a message box."""
    import threading

    from PySide6.QtCore import QTimer

    from hukou_desk.domain.errors import HukouDeskError
    from hukou_desk.domain.text import Text

    ticked = threading.Event()
    QTimer.singleShot(50, ticked.set)
    done = operations.run(lambda _job: ticked.wait(20) and 7, messages=None)
    assert operations.wait(done) == 7

    def refused(_job: operations.Job) -> None:
        raise HukouDeskError(Text(zh="不行。", en="Refused."))

    with pytest.raises(HukouDeskError):
        operations.wait(operations.run(refused, messages=None))
    assert desk.context.messages.history == [] or all(
        level == "info" for level, _ in desk.context.messages.history
    )
