"""The wheel scrolls the form, Enter presses the focused button, and the desk's own shortcuts
work from inside a text field: every screen, by the one application filter (ui/inputs.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QWidget,
)

from hukou_desk.ui.slips import VerifySlip
from hukou_desk.ui.window import printing as printing_ui
from hukou_desk.ui.wizard import SITUATION
from tests.ui.conftest import activate, complete_origin, ident, open_desk, user


def _wheel_down(widget: QWidget) -> None:
    """One notch of the wheel down, over the middle of `widget` (the mouse just passing)."""
    centre = QPointF(widget.rect().center())
    QApplication.sendEvent(
        widget,
        QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(centre)),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        ),
    )


def _scroll_area(widget: QWidget) -> QAbstractScrollArea:
    around = widget.parentWidget()
    while not isinstance(around, QAbstractScrollArea):
        assert around is not None
        around = around.parentWidget()
    return around


def _situation(qtbot, window):
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44070319900101123"))
    wizard.applicant.name.insert("陈小明")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    assert wizard.step == SITUATION
    return wizard


@pytest.mark.slow
def test_the_wheel_over_a_closed_list_or_a_number_scrolls_the_form_and_changes_nothing(
    qtbot, policy, staffed
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    window.resize(1000, 560)
    activate(qtbot, window)
    wizard = _situation(qtbot, window)
    form = wizard.situation.form
    form.set_value("sponsor.relationship", "10")
    form.set_value("sponsor.marital_status", "20")  # 已婚
    form.set_value("sponsor.homes_owned_in_city", 1)
    wizard.applicant.name.setFocus()  # the clerk's focus is elsewhere
    for path, value in (
        ("sponsor.marital_status", "20"),
        ("sponsor.homes_owned_in_city", 1),
        ("application_date", form.fields["application_date"].fact()),
    ):
        field = form.fields[path]
        scroll = _scroll_area(field).verticalScrollBar()
        scroll.setValue(0)
        _wheel_down(field)
        assert field.fact() == value, path  # the answer stays
        assert scroll.value() > 0, path  # the form scrolled instead
        assert not field.hasFocus()
    # With the focus, the wheel is the field's, as the clerk means it.
    marital = form.fields["sponsor.marital_status"]
    marital.setFocus()
    _wheel_down(marital)
    assert marital.fact() != "20"


def test_the_wheel_never_changes_the_backup_retention(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    window.resize(1000, 420)
    activate(qtbot, window)
    window.show_admin()
    admin = window.admin
    days = admin.keep_days.value()
    scroll = _scroll_area(admin.keep_days).verticalScrollBar()
    scroll.setValue(0)
    assert scroll.maximum() > 0
    _wheel_down(admin.keep_days)
    assert admin.keep_days.value() == days and scroll.value() > 0


@pytest.mark.slow
def test_no_list_or_number_of_the_desk_takes_the_focus_from_the_wheel(qtbot, policy, staffed):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    _situation(qtbot, clerk)
    admin = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    admin.show_admin()
    widgets = [
        w
        for window in (clerk, admin)
        for w in window.findChildren(QWidget)
        if isinstance(w, (QComboBox, QAbstractSpinBox)) and w.isVisible()
    ]
    assert len(widgets) > 15  # those on screen: a widget is set as it is first shown
    wheel_takers = [
        w.objectName()
        for w in widgets
        if w.focusPolicy() & Qt.FocusPolicy.WheelFocus == Qt.FocusPolicy.WheelFocus
    ]
    assert wheel_takers == []


@pytest.mark.slow
def test_enter_presses_the_focused_button(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = _situation(qtbot, window)
    relatives = wizard.situation.form.relatives
    add = relatives.findChild(QWidget, "addRelative")
    add.setFocus()
    qtbot.keyClick(add, Qt.Key.Key_Return)
    assert relatives.table.rowCount() == 1
    qtbot.keyClick(add, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert relatives.table.rowCount() == 2
    assert wizard.step == SITUATION  # the button's, not the wizard's "Enter continues"


def _line_edits_take_ctrl_k_and_ctrl_e() -> bool:
    """On X11 (as at the counter) a line edit deletes to the end of the line with Ctrl+K and
    goes to its end with Ctrl+E; the offscreen platform binds neither."""
    bound = [
        key
        for standard in (
            QKeySequence.StandardKey.DeleteEndOfLine,
            QKeySequence.StandardKey.MoveToEndOfLine,
        )
        for key in QKeySequence.keyBindings(standard)
    ]
    return QKeySequence("Ctrl+K") in bound and QKeySequence("Ctrl+E") in bound


def test_ctrl_k_and_ctrl_e_work_from_inside_a_text_field(qtbot, policy, staffed, monkeypatch):
    if not _line_edits_take_ctrl_k_and_ctrl_e():
        pytest.skip("this platform's line edits leave Ctrl+K and Ctrl+E alone: run on xcb")
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    search = window.cases.search
    assert isinstance(search, QLineEdit)
    search.setFocus()
    qtbot.keyClicks(search, "chen")
    search.setCursorPosition(1)
    qtbot.keyClick(search, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert search.text() == "chen"  # not "c": the line edit's delete-to-end never ran
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(VerifySlip)))
    for dialog in window.findChildren(VerifySlip):
        dialog.close()
    activate(qtbot, window)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from hukou_desk import keys
    from hukou_desk.sync import trust

    with staffed.write() as session:  # a PC that can export: the save dialog is asked for
        trust.install_centre_key(
            session, public_key=keys.public_text(X25519PrivateKey.generate()), actor="t"
        )
    asked: list[str] = []
    monkeypatch.setattr(
        printing_ui.QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a, **_k: asked.append("export") or ("", "")),
    )
    search.setFocus()
    search.setCursorPosition(0)
    qtbot.keyClick(search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["export"] and search.cursorPosition() == 0


def _passes_on_xcb(tmp_path: Path, test: str) -> None:
    """`test` of this file run on the xcb platform, under an X server of its own."""
    from tests.ui.test_xcb import _xvfb

    server, display = _xvfb()
    env = dict(
        os.environ,
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{test}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout + run.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by .ci/run")
def test_ctrl_k_and_ctrl_e_from_a_text_field_on_xcb(tmp_path):
    """The test above, on the platform where the line edit would take the keys."""
    _passes_on_xcb(tmp_path, "test_ctrl_k_and_ctrl_e_work_from_inside_a_text_field")


@pytest.mark.slow
def test_every_input_of_the_intake_has_a_name_a_screen_reader_says(qtbot, policy, staffed):
    """Each step of an intake, as a clerk fills it: no visible input without an accessible
    name; a form row's label names its input and takes it as its buddy."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

    from tests.ui.conftest import Intake, ident, type_intake

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"), lang="en")
    window.show()
    intake = Intake(
        id_number=ident("44078119900101124"),
        name="陈小明",
        pathway="spouse",
        situation={
            "applicant.marital_status": "21",
            "sponsor.relationship": "10",
            "sponsor.hukou_region": "440703",
            "sponsor.residence.kind": "owned",
            "sponsor.residence.district": "440703",
            "destination.district": "440703",
        },
        people={"sponsor": (ident("44070319880505001"), "李华")},
    )
    wizard = type_intake(qtbot, window, intake, submit=False)
    unnamed: dict[int, list[str]] = {}
    seen: dict[int, int] = {}
    for step in range(wizard.step, -1, -1):
        while wizard.step > step:
            wizard.go_back()
        assert wizard.step == step
        kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit)
        for field in [f for kind in kinds for f in wizard.findChildren(kind)]:
            inner = isinstance(field.parentWidget(), (QComboBox, QAbstractSpinBox))
            seen[step] = seen.get(step, 0) + (field.isVisible() and not inner)
            if field.isVisible() and not inner and not field.accessibleName():
                unnamed.setdefault(step, []).append(
                    f"{type(field).__name__} {field.objectName()!r}"
                )
    assert unnamed == {}
    assert all(seen.get(step, 0) > 0 for step in range(6)), seen  # each step had inputs
    assert wizard.applicant.id_number.accessibleName().startswith("Identity")


def test_qt_s_own_file_dialog_keeps_its_keys(qtbot, tmp_path):
    """Saving a slip as PDF: Ctrl+A in the name field of Qt's file dialog selects the name.
    The desk's filter leaves Qt's own dialogs alone: they hold no command of the desk, and
    on xcb their children included actions Qt had already deleted — reaching for one raised
    an error in the filter that killed the desk (Ctrl+A, then the path typed: a fault in
    shiboken). Here an action of the dialog's own claims Ctrl+A, as the desk's would."""
    from hukou_desk.app import create_app

    create_app()
    dialog = QFileDialog(None, "PDF", str(tmp_path), "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    claimed: list[bool] = []
    claim = QAction("claim", dialog)
    claim.setShortcut(QKeySequence("Ctrl+A"))
    claim.triggered.connect(lambda: claimed.append(True))
    dialog.addAction(claim)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    qtbot.keyClicks(name, "receipt.pdf")
    qtbot.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert name.selectedText() == "receipt.pdf" and not claimed


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by .ci/run")
def test_ctrl_a_in_qt_s_own_file_dialog_on_xcb(tmp_path):
    """The test above on xcb, the platform on which the desk met the deleted actions."""
    _passes_on_xcb(tmp_path, "test_qt_s_own_file_dialog_keeps_its_keys")
