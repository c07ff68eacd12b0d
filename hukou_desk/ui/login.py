"""Signing in: the first start of a new station, the login dialog and the idle lock screen.

This module is on screen first, before the rest of the desk is loaded: it imports Qt and the
domain's small modules only, and the accounts service (SQLAlchemy and all) when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore  # Qt.* looked up when used: its first use costs ~10 ms at start
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.regions import region_name
from hukou_desk.domain.text import Language
from hukou_desk.ui import operations
from hukou_desk.ui.fields import JIANGMEN_UNITS, searchable
from hukou_desk.ui.messages import ProblemLine

if TYPE_CHECKING:
    from hukou_desk.domain.staff import Clerk
    from hukou_desk.services.counter import OpenFile

_ERROR_STYLE = "color:#b00020"
_TRAINING_STYLE = "color: white; background: #b00020; padding: 4px 8px; font-weight: bold"


def _is_training(database: OpenFile) -> bool:
    from hukou_desk.services import station

    return station.is_training(database)


def _mark_training(window: QDialog, column: QVBoxLayout) -> QLabel:
    """A training file's window never passes for the real station's: 【培训模式】 before its
    title, and a red band over its first row saying what the file is."""
    window.setWindowTitle(
        QtCore.QCoreApplication.translate("MainWindow", "[TRAINING] ") + window.windowTitle()
    )
    mark = QLabel(
        QtCore.QCoreApplication.translate(
            "MainWindow", "TRAINING FILE: demo data, never exported; its slips are marked"
        )
    )
    mark.setObjectName("trainingMark")
    mark.setStyleSheet(_TRAINING_STYLE)
    mark.setWordWrap(True)
    column.insertWidget(0, mark)
    return mark


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


_GOOD_STYLE = "color:#1b5e20"


class PasswordStrength(QLabel):
    """The verdict on a password as it is typed, in words: how guessable it is and whether
    the station accepts it. The rule is the services' (`staff.password_strength`, the same
    one that refuses a weak password); this only says it, at the moment of choosing."""

    def __init__(
        self,
        field: QLineEdit,
        lang: Language,
        *,
        known: Callable[[], list[str]],
        database: Callable[[], OpenFile] | None = None,
        name: str = "passwordStrength",
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.lang = lang
        self.known = known
        self.database = database
        self.acceptable = False
        field.textChanged.connect(self.judge)

    def judge(self, password: str) -> None:
        if not password:
            self.acceptable = False
            self.clear()
            return
        from hukou_desk.services import staff

        database = None if self.database is None else self.database()
        strength = staff.password_strength(password, known=self.known(), file=database)
        self.acceptable = strength.acceptable
        self.setStyleSheet(_GOOD_STYLE if strength.acceptable else _ERROR_STYLE)
        self.setText(strength.verdict(self.lang))


class FirstStartDialog(QDialog):
    """A new station: its code and name, and the administrator's own password (no default)."""

    def __init__(self, database: OpenFile, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.lang = lang
        self.admin: Clerk | None = None
        self.setWindowTitle(self.tr("Set up this station"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "This PC has no administrator yet. Enter the station's code and name, and "
                "choose the administrator's password. There is no default password."
            )
        )
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("stationCode")
        self.code.setPlaceholderText("440703001")
        self.name = QLineEdit()
        self.name.setObjectName("stationName")
        # Which counter of the station this PC is: its own case numbers and key (each PC one).
        self.counter = QLineEdit("01")
        self.counter.setObjectName("stationCounter")
        self.counter.setMaxLength(2)
        self.counter.setToolTip(
            self.tr("Each PC of the station is one counter, 01 to 99: give this PC its own.")
        )
        self.district = QComboBox()
        self.district.setObjectName("stationDistrict")
        for code in JIANGMEN_UNITS:
            self.district.addItem(f"{code} {region_name(code)}", code)
        searchable(self.district)
        self.phone = QLineEdit()
        self.phone.setObjectName("stationPhone")
        self.phone.setPlaceholderText("0750-3xxxxxx")
        self.address = QLineEdit()
        self.address.setObjectName("stationAddress")
        self.username = QLineEdit("admin")
        self.username.setObjectName("adminUsername")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("adminName")
        self.password = _password_field("adminPassword")
        self.strength = PasswordStrength(
            self.password,
            lang,
            known=lambda: [
                self.username.text(),
                self.display_name.text(),
                self.code.text(),
                self.name.text(),
            ],
        )
        self.repeat = _password_field("adminPasswordRepeat")
        self.problem = QLabel()
        self.problem.setObjectName("firstStartProblem")
        self.problem.setStyleSheet(_ERROR_STYLE)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Station code"), self.code)
        form.addRow(self.tr("Station name"), self.name)
        form.addRow(self.tr("Counter number of this PC (01–99)"), self.counter)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Station telephone (printed on slips)"), self.phone)
        form.addRow(self.tr("Station address"), self.address)
        form.addRow(self.tr("Administrator's user name"), self.username)
        form.addRow(self.tr("Administrator's name"), self.display_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.strength)
        form.addRow(self.tr("Password again"), self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(buttons)
        self.training_mark = _mark_training(self, column) if _is_training(database) else None
        self.code.setFocus()

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.problem.setText(self.tr("The two passwords differ."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        if not self.name.text().strip() or not self.display_name.text().strip():
            self.problem.setText(self.tr("Enter the station's name and the administrator's."))
            return
        from hukou_desk.services import staff

        admin = operations.act(
            lambda: staff.first_start(
                self.database,
                station_code=self.code.text().strip(),
                station_name=self.name.text().strip(),
                district=self.district.currentData(),
                admin_username=self.username.text().strip(),
                admin_name=self.display_name.text().strip(),
                password=self.password.text(),
                phone=self.phone.text(),
                address=self.address.text(),
                counter=self.counter.text(),
            ),
            messages=ProblemLine(self.problem, self.lang),
        )
        if admin is None:
            return
        self.admin = admin.value
        self.accept()


class LoginDialog(QDialog):
    """User name and password; a refusal is said in the dialog and the password cleared."""

    def __init__(
        self,
        database: OpenFile | None,
        lang: Language,
        parent: QWidget | None = None,
        *,
        username: str = "",
        training: bool = False,
    ) -> None:
        super().__init__(parent)
        # None while the desk is still loading behind this window (the first seconds of a
        # start): the clerk types meanwhile, and a sign-in asked for early waits for it.
        self.database = database
        self.opener: Callable[[str, str], Clerk] | None = None
        self.waiting = False
        self.lang = lang
        self.user: Clerk | None = None
        self.setWindowTitle(self.tr("Sign in — hukou-desk"))
        self.setMinimumWidth(420)
        self.username = QLineEdit(username)
        self.username.setObjectName("loginUsername")
        self.password = _password_field("loginPassword")
        self.problem = QLabel()
        self.problem.setObjectName("loginProblem")
        self.problem.setStyleSheet(_ERROR_STYLE)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        # Two plain buttons, not a QDialogButtonBox: its standard-button flags cost the
        # window's first appearance about 10 ms (PySide builds Qt's enums on first use).
        self.ok = QPushButton(self.tr("Sign in"))
        self.ok.setObjectName("signInButton")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self._sign_in_pressed)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.ok)
        buttons.addWidget(cancel)
        column = QVBoxLayout(self)
        title = QLabel(self.tr("Jiangmen household registration counter"))
        title.setStyleSheet("font-size:16pt; font-weight:bold")
        column.addWidget(title)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addLayout(buttons)
        self.column = column
        self.training_mark: QLabel | None = None
        if training or (database is not None and _is_training(database)):
            self.mark_training()
        (self.password if username else self.username).setFocus()

    def mark_training(self) -> None:
        """The sign-in of a training file says so (once), before anyone types a password."""
        if self.training_mark is None:
            self.training_mark = _mark_training(self, self.column)

    def _sign_in_pressed(self, _checked: bool = False) -> None:
        self.submit()

    def attach(self, database: OpenFile) -> None:
        """The case file is open: sign-ins can be checked now (one asked for early, at once)."""
        self.database = database
        if _is_training(database):
            self.mark_training()
        if self.waiting:
            self.waiting = False
            self.problem.clear()
            self.submit()

    def attach_opener(self, opener: Callable[[str, str], Clerk]) -> None:
        """The case file is encrypted: the password opens it (`opener` signs in and opens)."""
        self.opener = opener
        if self.waiting:
            self.waiting = False
            self.problem.clear()
            self.submit()

    def submit(self) -> None:
        if self.opener is not None:
            self._open_and_sign_in(self.opener)
            return
        if self.database is None:
            self.waiting = True
            self.problem.setStyleSheet("")
            self.problem.setText(self.tr("Opening the case file…"))
            return
        self.problem.setStyleSheet(_ERROR_STYLE)
        from hukou_desk.services import staff

        database = self.database
        self._signed_in(  # argon2id: a tenth of a second, or more on an old PC
            lambda: staff.sign_in(
                database, username=self.username.text(), password=self.password.text()
            )
        )

    def _signed_in(self, sign_in: Callable[[], Clerk]) -> None:
        """Signed in and accepted, or the refusal said and the password cleared."""
        user = operations.act(sign_in, messages=ProblemLine(self.problem, self.lang))
        if user is None:
            self.password.clear()
            self.password.setFocus()
            return
        self.user = user.value
        self.accept()

    def _open_and_sign_in(self, opener: Callable[[str, str], Clerk]) -> None:
        self.problem.setStyleSheet(_ERROR_STYLE)
        # argon2id twice: the keyring's slot, then the account
        self._signed_in(lambda: opener(self.username.text(), self.password.text()))


class LockScreen(QWidget):
    """Shown instead of the desk after the idle time; only the same user's password opens it.

    Nothing behind it is closed or cleared, so every unsaved input is there after unlocking.
    """

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, database: OpenFile, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.lang = lang
        self.username = ""
        self.who = QLabel()
        self.who.setObjectName("lockWho")
        self.who.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.who.setStyleSheet("font-size:16pt")
        self.password = _password_field("lockPassword")
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self.submit)
        self.problem = QLabel()
        self.problem.setObjectName("lockProblem")
        self.problem.setStyleSheet(_ERROR_STYLE)
        self.problem.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        unlock = QPushButton(self.tr("Unlock"))
        unlock.setObjectName("unlockButton")
        unlock.clicked.connect(self.submit)
        unlock.setMaximumWidth(320)
        leave = QPushButton(self.tr("Quit (your work is kept)"))
        leave.setMaximumWidth(320)
        leave.clicked.connect(self.quit_requested)
        column = QVBoxLayout(self)
        column.addStretch()
        column.addWidget(self.who)
        for widget in (self.password, unlock, leave):
            column.addWidget(widget, alignment=QtCore.Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.problem)
        column.addStretch()

    def lock(self, username: str, display_name: str) -> None:
        self.username = username
        self.who.setText(
            self.tr("The desk is locked. {0}, enter your password to continue.").format(
                display_name
            )
        )
        self.password.clear()
        self.problem.clear()
        self.password.setFocus()

    def submit(self) -> None:
        from hukou_desk.services import staff

        unlocked = operations.act(
            lambda: staff.unlock(
                self.database, username=self.username, password=self.password.text()
            ),
            messages=ProblemLine(self.problem, self.lang),
        )
        self.password.clear()
        if unlocked is None:
            return
        self.unlocked.emit()


class ChangePasswordDialog(QDialog):
    """Anyone's own password: the current one, then the new one twice. A password an
    administrator set is known to them; changing it makes the account the user's alone, and
    at such a first sign-in it is required (`forced`: no way on without it)."""

    def __init__(
        self,
        database: OpenFile,
        user: Clerk,
        lang: Language,
        parent: QWidget | None = None,
        *,
        forced: bool = False,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.lang = lang
        self.setWindowTitle(self.tr("Change my password"))
        self.setMinimumWidth(420)
        self.current = _password_field("currentPassword")
        self.new = _password_field("newPassword")
        self.strength = PasswordStrength(
            self.new,
            lang,
            known=lambda: [user.username, user.display_name],
            database=lambda: self.database,
        )
        self.repeat = _password_field("newPasswordRepeat")
        self.problem = QLabel()
        self.problem.setObjectName("changePasswordProblem")
        self.problem.setStyleSheet(_ERROR_STYLE)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow("", self.strength)
        form.addRow(self.tr("New password again"), self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        if forced:
            intro = QLabel(
                self.tr(
                    "Your password was set by the administrator. Choose your own before you "
                    "start: from now on only you know it."
                )
            )
            intro.setObjectName("forcedChangeIntro")
            intro.setWordWrap(True)
            column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(buttons)
        self.current.setFocus()

    def submit(self) -> None:
        if self.new.text() != self.repeat.text():
            self.problem.setText(self.tr("The two new passwords differ."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        from hukou_desk.services import staff

        changed = operations.act(
            lambda: staff.change_own_password(
                self.database, self.user, old=self.current.text(), new=self.new.text()
            ),
            messages=ProblemLine(self.problem, self.lang),
        )
        if changed is None:
            self.current.clear()
            self.current.setFocus()
            return
        self.accept()
