"""A PC with no case file: set up a new station, or bring one back from a backup and the
recovery secret; and the station's registration for the centre (text, QR code, signed file).

The work is the services' (`vault.restore_from_backup`, `registration.registration`); these
windows ask and show.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.text import Language
from hukou_desk.ui import operations
from hukou_desk.ui.login import PasswordStrength
from hukou_desk.ui.messages import ProblemLine

if TYPE_CHECKING:
    from hukou_desk.services.registration import Registration
    from hukou_desk.services.vault import Restored

_ERROR_STYLE = "color:#b00020"


class NewPcDialog(QDialog):
    """The first window on a PC without a case file: what is this PC to be?"""

    NEW, RESTORE, TRAINING = "new", "restore", "training"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(self.tr("This PC has no case file"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "There is no case file on this PC yet. Set up a new station; or, if this PC "
                "replaces one that broke or was lost, restore the station from a backup with "
                "the recovery secret kept in the station's safe; or practise on the training "
                "file."
            )
        )
        intro.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        for name, label, choice in (
            ("newStationButton", self.tr("Set up a new station"), self.NEW),
            ("restoreBackupButton", self.tr("Restore the station from a backup…"), self.RESTORE),
            ("trainingFileButton", self.tr("Open the training file"), self.TRAINING),
        ):
            button = QPushButton(label)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, c=choice: self._chose(c))
            column.addWidget(button)

    def _chose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class RestoreDialog(QDialog):
    """Disaster recovery: the backup (with its .keyring beside it), the recovery secret, and
    the administrator's new password."""

    def __init__(self, path: Path, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.lang = lang
        self.restored: Restored | None = None
        self.setWindowTitle(self.tr("Restore the station from a backup"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "Choose the backup file (its .keyring file must be beside it) and type the "
                "recovery secret from the station's safe. Then choose a new password for the "
                "administrator; the other staff get theirs from you and choose their own at "
                "their next sign-in."
            )
        )
        intro.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setObjectName("restoreFile")
        browse = QPushButton(self.tr("Choose…"))
        browse.setObjectName("restoreBrowse")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file)
        file_row.addWidget(browse)
        self.secret = QLineEdit()
        self.secret.setObjectName("restoreSecret")
        self.secret.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.username = QLineEdit("admin")
        self.username.setObjectName("restoreAdmin")
        self.password = QLineEdit()
        self.password.setObjectName("restorePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = PasswordStrength(
            self.password, lang, known=lambda: [self.username.text()], name="restoreStrength"
        )
        self.repeat = QLineEdit()
        self.repeat.setObjectName("restorePasswordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setObjectName("restoreProblem")
        self.problem.setStyleSheet(_ERROR_STYLE)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Backup file"), file_row)
        form.addRow(self.tr("Recovery secret"), self.secret)
        form.addRow(self.tr("Administrator's user name"), self.username)
        form.addRow(self.tr("New password"), self.password)
        form.addRow("", self.strength)
        form.addRow(self.tr("New password again"), self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("restoreOk")
        self.ok.setText(self.tr("Restore"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(buttons)

    def _browse(self, _checked: bool = False) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("The backup file"), str(Path.home()), self.tr("Backups (*.db)")
        )
        if chosen:
            self.file.setText(chosen)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.problem.setText(self.tr("The two passwords differ."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        if not self.file.text().strip():
            self.problem.setText(self.tr("Choose the backup file."))
            return
        from hukou_desk.services import vault

        restored = operations.act(
            lambda: vault.restore_from_backup(
                self.path,
                backup_file=Path(self.file.text().strip()),
                secret=self.secret.text(),
                admin_username=self.username.text().strip(),
                password=self.password.text(),
            ),
            messages=ProblemLine(self.problem, self.lang),
        )
        if restored is None:
            return
        self.restored = restored.value
        self.accept()

    def summary(self) -> str:
        """What the administrator does next, said once the station is back."""
        assert self.restored is not None
        lines = [
            self.tr(
                "The station is restored under a new key. Sign in as {0} with the new password."
            ).format(self.restored.admin)
        ]
        if self.restored.without_slot:
            lines.append(
                self.tr(
                    "Set a new password for each of these staff (Administration → Staff); each "
                    "chooses their own at the next sign-in: {0}"
                ).format(", ".join(self.restored.without_slot))
            )
        lines.append(
            self.tr(
                "The station has a new signing key, which replaces the old one: save its "
                "registration (Administration → Station registration) and take it to the centre."
            )
        )
        return "\n\n".join(lines)


def qr_pixmap(modules: list[list[bool]], scale: int = 4) -> QPixmap:
    """A QR code's modules drawn black on white, with the quiet zone of four modules."""
    size = (len(modules) + 8) * scale
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    black = QColor("black").rgb()
    for row, line in enumerate(modules):
        for col, dark in enumerate(line):
            if dark:
                for dy in range(scale):
                    for dx in range(scale):
                        image.setPixel((col + 4) * scale + dx, (row + 4) * scale + dy, black)
    return QPixmap.fromImage(image)


class RegistrationDialog(QDialog):
    """The station's registration: as text to read out, as a QR code, as a signed file to
    carry to the centre (`hukou-desk trust-station --file`)."""

    def __init__(self, made: Registration, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.made = made
        self.lang = lang
        self.setWindowTitle(self.tr("Station registration"))
        intro = QLabel(
            self.tr(
                "The centre accepts this station's papers and exports once it has registered "
                "this key. Save the signed file to a stick and take it to the centre."
            )
        )
        intro.setWordWrap(True)
        lines = [
            self.tr("Station: {0} {1}").format(made.code, made.name),
            self.tr("Signing key: {0}").format(made.public_key),
        ]
        if made.replaces:
            lines.append(self.tr("Replaces the key: {0}").format(made.replaces))
        self.text = QLabel("\n".join(lines))
        self.text.setObjectName("registrationText")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QLabel()
        self.qr.setObjectName("registrationQr")
        self.qr.setPixmap(qr_pixmap(made.qr, 3))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem = QLabel()
        self.problem.setObjectName("registrationProblem")
        self.problem.setWordWrap(True)
        self.save = QPushButton(self.tr("Save the registration file…"))
        self.save.setObjectName("saveRegistrationButton")
        self.save.clicked.connect(self._save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addStretch()
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.text)
        column.addWidget(self.qr)
        column.addWidget(self.problem)
        column.addLayout(buttons)

    def _save(self, _checked: bool = False) -> None:
        from hukou_desk.files import write_whole

        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the registration file"),
            str(Path.home() / f"registration-{self.made.code}.json"),
            self.tr("Registration files (*.json)"),
        )
        if not chosen:
            return
        self.problem.setStyleSheet(_ERROR_STYLE)
        written = operations.act(
            lambda: write_whole(Path(chosen), self.made.file),
            messages=ProblemLine(self.problem, self.lang),
        )
        if written is None:
            return
        self.problem.setStyleSheet("")
        self.problem.setText(self.tr("Saved to {0}.").format(chosen))
