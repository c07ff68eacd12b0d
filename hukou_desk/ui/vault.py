"""Encrypting the case file from the desk, and the recovery secret shown once.

The work itself is `services.vault`; here it runs off the screen's thread behind a progress
dialog (a large file takes a while), and its recovery secret is shown to the administrator
once — to print, or to write down — for the station's safe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.ui import operations

if TYPE_CHECKING:
    from hukou_desk.services.counter import OpenFile
    from hukou_desk.services.vault import Encrypted


def encrypt_with_progress(
    database: OpenFile, *, admin: str, password: str, parent: QWidget | None = None
) -> Encrypted:
    """`vault.encrypt` off the screen's thread, a busy dialog on screen; its error raised here
    (the first start decides what follows)."""
    from hukou_desk.services import vault

    encrypting = operations.run(
        lambda _job: vault.encrypt(database, admin=admin, password=password),
        messages=None,
        parent=parent,
        title=QCoreApplication.translate("vault", "Encrypting the case file"),
        label=QCoreApplication.translate(
            "vault", "Encrypting the case file. Do not switch the PC off; this takes a while."
        ),
        show_after_ms=300,
    )
    return operations.wait(encrypting)


class RecoverySecretDialog(QDialog):
    """The recovery secret, shown once: print it or write it down, for the station's safe."""

    def __init__(self, secret: str, without_slot: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.secret = secret
        self.setWindowTitle(self.tr("The case file's recovery secret"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "The case file is now encrypted: it opens only with a staff member's password. "
                "If every password is lost, only this recovery secret opens it. Print it or "
                "write it down now, and keep it in the station's safe. It is shown only once."
            )
        )
        intro.setWordWrap(True)
        self.shown = QLabel(secret)
        self.shown.setObjectName("recoverySecret")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        self.shown.setFont(font)
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.shown)
        if without_slot:
            staff = QLabel(
                self.tr(
                    "These staff cannot sign in until you set a new password for them "
                    "(Administration → Staff → Reset password): {0}"
                ).format(", ".join(without_slot))
            )
            staff.setObjectName("staffWithoutSlot")
            staff.setWordWrap(True)
            column.addWidget(staff)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        column.addWidget(self.problem)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("printRecoverySecret")
        self.print_button.setAutoDefault(False)  # Return means "kept", whatever has focus
        self.print_button.clicked.connect(self._print_pressed)
        self.kept = QPushButton(self.tr("I have kept it safely"))
        self.kept.setObjectName("recoverySecretKept")
        self.kept.setDefault(True)
        self.kept.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch()
        buttons.addWidget(self.kept)
        column.addLayout(buttons)
        self.kept.setFocus()

    def _print_pressed(self, _checked: bool = False) -> None:
        self.print_secret()

    def print_secret(self) -> bool:
        """On paper, through the system's print dialog; False, said, without a printer."""
        if not QPrinterInfo.availablePrinters():
            self.problem.setText(
                self.tr("No printer is set up on this PC: write the secret down instead.")
            )
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return False
        page = QTextDocument()
        page.setHtml(
            "<h2>{}</h2><p>{}</p>"
            "<p style='font-family:monospace; font-size:16pt; white-space:nowrap'>{}</p>".format(
                self.tr("hukou-desk: the case file's recovery secret"),
                self.tr(
                    "Keep this sheet in the station's safe. Anyone holding it and the PC "
                    "can open the case file."
                ),
                self.secret,
            )
        )
        page.print_(printer)
        self.problem.setText(self.tr("Sent to the printer."))
        return True
