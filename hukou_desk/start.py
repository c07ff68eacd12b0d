"""The first second of the desk: the sign-in window on screen before the rest is loaded.

`hukou-desk` shows the login at once — Qt, the shipped font, the translations and a few small
modules — and loads the desk behind it on a worker thread: SQLAlchemy, the services, the
screens, the policy forms. The clerk types meanwhile; a sign-in asked for before the case file
is open waits for it. The case file itself is opened on the screen's thread (it may have to
ask the clerk something: restore a backup?), and a new station's file turns the login into
the first-start dialog.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QThreadPool,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QMessageBox

from hukou_desk.services.handle import OpenFile, database_of
from hukou_desk.ui import operations
from hukou_desk.ui.application import create_app
from hukou_desk.ui.i18n import apply_language, saved_language, share_font_with_desktop
from hukou_desk.ui.login import ChangePasswordDialog, FirstStartDialog, LoginDialog

if TYPE_CHECKING:
    from hukou_desk.app import Desk
    from hukou_desk.domain.policy import Policy
    from hukou_desk.domain.staff import Clerk
    from hukou_desk.domain.text import Language
    from hukou_desk.storage.database import Database
    from hukou_desk.ui.main_window import MainWindow


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's warnings into the desk's log (they name widgets and files, not applicants)."""
    import logging

    if kind == QtMsgType.QtDebugMsg or kind == QtMsgType.QtInfoMsg:
        return
    level = logging.WARNING if kind == QtMsgType.QtWarningMsg else logging.ERROR
    logging.getLogger("hukou_desk.qt").log(level, "%s", message[:500])


def _load(_job: object) -> object:
    """The whole desk imported, and the policy forms read (off the screen's thread)."""
    import hukou_desk.app  # noqa: F401 (the whole desk, imported here, off the screen)
    from hukou_desk.domain.loader import load_policy
    from hukou_desk.paths import forms_dir

    policy = load_policy(forms_dir())
    # The county table (about 0.4 s to read) read here, while the clerk types, rather than by
    # the first screen that names a place once the password is in.
    from hukou_desk.domain.regions import region_name

    region_name("440703")
    return policy


class Start:
    """One start of the desk, from the sign-in window to the main window."""

    def __init__(
        self,
        *,
        training: bool = False,
        lang: str | None = None,
        when_shown: Callable[[LoginDialog], object] | None = None,
        when_ready: Callable[[MainWindow], object] | None = None,
    ) -> None:
        self.training = training
        # `--lang`: chosen as in the menu (and so remembered for the next start).
        self.asked_lang: Language | None = "en" if lang == "en" else "zh" if lang == "zh" else None
        self.crashed_before = False
        self.when_shown = when_shown
        self.when_ready = when_ready
        self.policy: Policy | None = None
        self.database: Database | None = None
        self.desk: Desk | None = None

    def language(self) -> Language:
        """The language of this start: `--lang`'s, else the one chosen last."""
        return self.asked_lang or saved_language()

    def begin(self) -> LoginDialog:
        """The sign-in window on screen, and the loading started behind it."""
        self.app = create_app()
        share_font_with_desktop()
        # Between the login closing and the desk opening no window is shown: not a reason
        # to quit. Restored once the desk is up.
        self.app.setQuitOnLastWindowClosed(False)
        self.lang = self.language()
        apply_language(self.lang)
        self.login = LoginDialog(None, self.lang, training=self.training)
        self.login.accepted.connect(self._signed_in)
        self.login.rejected.connect(lambda: self.app.exit(0))
        self.login.show()
        if self.when_shown is not None:
            self.when_shown(self.login)
        # As every operation: no cyclic garbage collection on the worker's thread (it could
        # destroy Qt objects of the screen's thread); the policy, or what stopped the loading,
        # handed to `_loaded` on the screen's thread, which decides.
        operations.run(_load, messages=None, on_success=self._loaded, on_failure=self._loaded)
        return self.login

    def run(self) -> int:
        from hukou_desk import crashlog
        from hukou_desk.paths import data_dir

        # Before anything can crash: a fatal error's stacks go to the data folder, and Qt's
        # own warnings to the desk's log (only here, the real start: tests keep pytest-qt's).
        self.crashed_before = crashlog.enable(data_dir())
        qInstallMessageHandler(_qt_message)
        self.begin()
        try:
            return self.app.exec()
        finally:
            # A backup or an export still running finishes rather than leave half a file.
            QThreadPool.globalInstance().waitForDone()
            if self.database is not None:
                self.database.close()

    def _loaded(self, result: object) -> None:
        from hukou_desk import app as desk_app
        from hukou_desk.domain.errors import HukouDeskError
        from hukou_desk.services import staff

        desk_app.setup_logging()
        sys.excepthook = desk_app.unexpected
        if self.crashed_before:
            desk_app.log.error("the previous run ended in a fatal error: see hukou-desk-crash.log")
        if isinstance(result, HukouDeskError):
            desk_app.log.error("policy forms refused: %s", type(result).__name__)
            self.login.hide()
            QMessageBox.critical(
                None,
                QCoreApplication.translate("app", "The policy forms cannot be used"),
                result.describe(self.lang),
            )
            self.app.exit(1)
            return
        if isinstance(result, BaseException):
            raise result
        self.policy = result  # type: ignore[assignment]
        assert self.policy is not None
        from hukou_desk.paths import database_path
        from hukou_desk.services import vault

        if not self.training and vault.is_encrypted(database_path()):
            # Encrypted: nothing opens before a password does.
            self.login.attach_opener(self._open_and_sign_in)
            return
        if not self.training and vault.is_new_pc(database_path()):
            chosen = self._new_pc()
            if chosen is None:
                self.app.exit(0)
                return
            self.login.show()
            if chosen == "restored":
                self.login.attach_opener(self._open_and_sign_in)
                return
        self.database = desk_app.open_case_file(self.policy, self.lang, training=self.training)
        if self.database is None:
            self.login.hide()
            self.app.exit(1)
            return
        if staff.needs_first_start(OpenFile(self.database)):
            self.login.hide()
            setup = FirstStartDialog(OpenFile(self.database), self.lang)
            if setup.exec() != setup.DialogCode.Accepted or setup.admin is None:
                self.app.exit(0)
                return
            if not self.training:  # a real station's file: encrypted from its first day
                self._encrypt(setup.admin.username, setup.password.text())
            self.login.username.setText(setup.admin.username)
            self.login.password.setFocus()
            self.login.show()
        self.login.attach(OpenFile(self.database))

    def _new_pc(self) -> str | None:
        """No case file and no backup beside it: a new station, a restore from a backup with
        the recovery secret, or the training file. None if the window was closed."""
        from hukou_desk.paths import database_path
        from hukou_desk.ui.recovery import NewPcDialog, RestoreDialog

        self.login.hide()
        while True:
            ask = NewPcDialog()
            if ask.exec() != ask.DialogCode.Accepted:
                return None
            if ask.choice == NewPcDialog.TRAINING:
                self.training = True
                return "training"
            if ask.choice == NewPcDialog.NEW:
                return "new"
            restore = RestoreDialog(database_path(), self.lang)
            if restore.exec() == restore.DialogCode.Accepted and restore.restored is not None:
                QMessageBox.information(
                    None,
                    QCoreApplication.translate("app", "The station is restored"),
                    restore.summary(),
                )
                self.login.username.setText(restore.restored.admin)
                self.login.password.setFocus()
                return "restored"

    def _open_and_sign_in(self, username: str, password: str) -> Clerk:
        from hukou_desk.paths import database_path
        from hukou_desk.services import vault

        self.database, user = vault.sign_in(database_path(), username=username, password=password)
        self.database.lock()
        return user

    def _encrypt(self, admin: str, password: str) -> None:
        """The case file encrypted now (see `services.vault`), its recovery secret shown once."""
        from hukou_desk.ui.vault import RecoverySecretDialog, encrypt_with_progress

        assert self.database is not None
        self.database.close()  # its lock too: the encryption replaces the file
        done = encrypt_with_progress(OpenFile(self.database), admin=admin, password=password)
        self.database = database_of(done.file)
        self.database.lock()
        RecoverySecretDialog(done.recovery_secret, done.without_slot).exec()

    def _signed_in(self) -> None:
        from hukou_desk import app as desk_app
        from hukou_desk.services import staff

        user, database, policy = self.login.user, self.database, self.policy
        assert user is not None and database is not None and policy is not None
        if database.key is None and not self.training and user.role == "admin":
            self._offer_encryption(user.username, self.login.password.text())
            database = self.database
            assert database is not None
        if staff.must_change_password(OpenFile(database), user):
            change = ChangePasswordDialog(OpenFile(database), user, self.lang, forced=True)
            if change.exec() != change.DialogCode.Accepted:
                self.app.exit(0)
                return
        from hukou_desk.ui import operations

        with operations.busy():  # the desk built and its list loaded: about a tenth of a second
            self.desk = desk_app.Desk(self.app, policy, database, user)
            window = self.desk.show(self.lang)
        self.app.setQuitOnLastWindowClosed(True)
        self.desk.start_daily_backup()
        self.desk.warm_printing()
        desk_app.log.info("started")
        if self.when_ready is not None:
            self.when_ready(window)

    def _offer_encryption(self, admin: str, password: str) -> None:
        """A case file from before encryption, at the administrator's sign-in: encrypt it
        now (recommended), or say it stays readable to whoever takes the disk."""
        answer = QMessageBox.question(
            None,
            QCoreApplication.translate("app", "Encrypt the case file"),
            QCoreApplication.translate(
                "app",
                "The case file is not encrypted: whoever takes this PC's disk can read every "
                "applicant's data. Encrypt it now? A backup is taken first; a large file takes "
                "a few minutes.",
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._encrypt(admin, password)


def run(*, training: bool = False, lang: str | None = None, **hooks: Any) -> int:
    """`hukou-desk`: the desk, on the station's case file or (`training`) the training file;
    in `lang` when given (`--lang en`, remembered as the menu's choice is), else in the
    language last chosen."""
    return Start(training=training, lang=lang, **hooks).run()
