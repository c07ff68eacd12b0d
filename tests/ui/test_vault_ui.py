"""The recovery secret's dialog, pressed as the administrator does."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from hukou_desk.ui import vault as vault_ui
from hukou_desk.ui.vault import RecoverySecretDialog
from tests.ui.conftest import print_to_pdf

SECRET = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"


def test_print_sends_the_secret_to_the_printer_and_return_keeps_it(qtbot, tmp_path, monkeypatch):
    printed = tmp_path / "secret.pdf"
    print_to_pdf(monkeypatch, vault_ui, printed)
    dialog = RecoverySecretDialog(SECRET, ["clerk", "boss"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert "clerk, boss" in dialog.findChild(QWidget, "staffWithoutSlot").text()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.exists() and printed.stat().st_size > 1000
    words = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True)
    if words.returncode == 0:
        assert SECRET in words.stdout
    assert not dialog.result()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_without_a_printer_it_says_to_write_it_down(qtbot, monkeypatch):
    monkeypatch.setattr(vault_ui.QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    dialog = RecoverySecretDialog(SECRET, [])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert "write the secret down" in dialog.problem.text() or "抄写" in dialog.problem.text()
