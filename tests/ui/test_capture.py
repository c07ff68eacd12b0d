"""Pages captured at the counter: the simulated document camera through the real dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton

from hukou_desk.services import intake, staff
from hukou_desk.ui import capture as capture_ui
from hukou_desk.ui.wizard import DOCUMENTS, PATHWAY, PEOPLE, SITUATION
from tests.ui.conftest import PASSWORD, activate, complete_origin, errors, ident, open_desk, user

Key = Qt.Key


def documents_step(qtbot, window):
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44078119850303123"))
    wizard.applicant.name.insert("黄志强")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    assert wizard.step == SITUATION
    wizard.situation.form.set_value("applicant.homes_owned_in_city", 1)
    wizard.situation.form.set_value("applicant.home_acquired", "purchased")
    wizard.go_next()
    assert wizard.step == PATHWAY
    wizard.pathway.select("bought_home")
    wizard.go_next()
    assert wizard.step == PEOPLE
    wizard.go_next()
    assert wizard.step == DOCUMENTS, errors(window)
    return wizard


def camera(window, chosen: str) -> None:
    counter = window.context.counter
    admin = staff.sign_in(counter.file, username="admin", password=PASSWORD)
    staff.change_settings(counter, admin, document_camera=chosen)


@pytest.mark.slow
def test_pages_from_the_camera_become_one_pdf_in_the_check(
    qtbot, policy, staffed, monkeypatch, tmp_path
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    camera(window, "simulated")
    wizard = documents_step(qtbot, window)
    box = wizard.documents.boxes[0]
    qtbot.mouseClick(box.findChild(QPushButton, "captureButton"), Qt.MouseButton.LeftButton)
    dialog = box.findChild(capture_ui.CaptureDialog)
    qtbot.waitUntil(dialog.isVisible)
    activate(qtbot, dialog)
    for _ in range(3):
        qtbot.keyClick(dialog, Key.Key_Space)  # a page each
    assert dialog.list.count() == 3
    page = tmp_path / "page.png"
    picture = QImage(3000, 4000, QImage.Format.Format_RGB32)  # a big photo: made smaller
    picture.fill(QColor("white"))
    picture.save(str(page))
    monkeypatch.setattr(
        capture_ui.QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *_a, **_k: ([str(page), str(tmp_path / "missing.png")], "")),
    )
    qtbot.mouseClick(dialog.findChild(QPushButton, "pagesFromFiles"), Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 4
    assert any("missing.png" in e for e in errors(window))
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.findChild(QPushButton, "removePage"), Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 3 and "3" in dialog.attach.text()
    qtbot.keyClick(dialog, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ".pdf" in box.files.text(), timeout=20_000)
    assert not dialog.isVisible()
    view = intake.view_case(window.context.counter, window.context.user, number=wizard.case_number)
    (scan,) = [s for s in view.scans if (s.document_id, s.party) == (box.document_id, box.party)]
    assert scan.file_name.endswith(".pdf") and scan.file_name in box.files.text()
    stored = intake.open_scan(window.context.counter, window.context.user, scan_id=scan.id)
    assert stored.media_type == "application/pdf" and b"/Count 3" in stored.content


@pytest.mark.slow
def test_without_a_camera_the_dialog_says_so_and_takes_files(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    camera(window, "none")
    wizard = documents_step(qtbot, window)
    box = wizard.documents.boxes[0]
    qtbot.mouseClick(box.findChild(QPushButton, "captureButton"), Qt.MouseButton.LeftButton)
    dialog = box.findChild(capture_ui.CaptureDialog)
    qtbot.waitUntil(dialog.isVisible)
    activate(qtbot, dialog)
    assert not dialog.take.isEnabled() and not dialog.attach.isEnabled()
    qtbot.keyClick(dialog, Key.Key_Space)  # nothing to take a page from
    assert dialog.list.count() == 0
    dialog.reject()


# Qt Multimedia says which optional libraries it did without (PipeWire, VA-API): not faults.
@pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) (pipewire|va)")
@pytest.mark.slow
def test_the_pcs_camera_is_asked_of_qt_multimedia(qtbot, policy, staffed):
    """*The PC's camera*: Qt Multimedia is asked for the first video input. With one (a UVC
    document camera, or a v4l2 loopback where the machine has one) Space takes a page from
    it; without one, or without the system's media libraries, the dialog says so and takes
    files."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    camera(window, "camera")
    wizard = documents_step(qtbot, window)
    box = wizard.documents.boxes[0]
    qtbot.mouseClick(box.findChild(QPushButton, "captureButton"), Qt.MouseButton.LeftButton)
    dialog = box.findChild(capture_ui.CaptureDialog)
    qtbot.waitUntil(dialog.isVisible)
    activate(qtbot, dialog)
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # the system's media libraries are missing (libpulse0 on Debian)
        inputs = []
    else:
        inputs = QMediaDevices.videoInputs()
    if not inputs:
        assert not dialog.take.isEnabled()
        assert dialog.findChild(capture_ui.CameraSource) is None
        assert dialog.findChild(QPushButton, "pagesFromFiles").isEnabled()
        dialog.reject()
        return
    assert inputs[0].description() in dialog.status.text()
    qtbot.keyClick(dialog, Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=20_000)
    dialog.reject()
