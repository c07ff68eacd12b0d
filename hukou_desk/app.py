"""Wiring in one place: settings, logging, fonts, language, policy, windows."""

from __future__ import annotations

import io
import logging
import os
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.loader import load_calendar
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import Language
from hukou_desk.paths import data_dir, database_path, forms_dir, training_path
from hukou_desk.services import staff, station
from hukou_desk.services.counter import Counter, OpenFile
from hukou_desk.storage import backup
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.errors import CorruptDatabase, LostCaseFile, StorageError
from hukou_desk.ui import operations
from hukou_desk.ui.application import create_app as create_app  # re-exported
from hukou_desk.ui.context import Context
from hukou_desk.ui.i18n import apply_language
from hukou_desk.ui.login import ChangePasswordDialog, FirstStartDialog, LoginDialog
from hukou_desk.ui.main_window import MainWindow
from hukou_desk.ui.messages import Boxes, Messages
from hukou_desk.ui.operations import Operation

log = logging.getLogger("hukou_desk")


class _OwnerOnlyLog(RotatingFileHandler):
    """The log, and each file it rotates into, readable by the desk's own account only (it
    names staff and actions, never applicants; still nobody else's business)."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(descriptor, 0o600)  # a log made before this rule, too
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)


def setup_logging() -> None:
    """A rotating log in the data folder. Only events and error types go in: no personal data."""
    handler: logging.Handler
    try:
        handler = _OwnerOnlyLog(
            data_dir() / "hukou-desk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:  # a folder it cannot write: the case file's check says so to the clerk
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    # The stack (code locations) goes to the log; the error's text may hold personal data.
    frames = "".join(traceback.format_tb(tb))
    log.error("unexpected %s\n%s", kind.__name__, frames)
    QMessageBox.critical(
        None,
        QCoreApplication.translate("app", "Sorry"),
        QCoreApplication.translate(
            "app",
            "Something went wrong that should not have. Your work is kept; "
            "try again, and if it happens again tell the station administrator.",
        ),
    )


DEMO_CASES = 200  # seeded into a new training file, so practice starts on a working desk


def open_case_file(policy: Policy, lang: Language, *, training: bool = False) -> Database | None:
    """Open (create, upgrade, check, lock) the station's case file, or say why not.

    A new case file is empty: the first start sets up the real station. With `training`, the
    separate training file is opened instead, seeded with demo data when new (marked on every
    screen and slip, never exported). A damaged file: the clerk is offered the latest backup;
    the damaged file is kept aside. The daily backup, which also checks every page of a large
    file, runs in the background once the desk is open.
    """
    title = QCoreApplication.translate("app", "The case file cannot be opened")
    try:
        path = training_path() if training else database_path()
        if training and (not path.exists() or path.stat().st_size == 0):
            station.demo_data(
                path,
                count=DEMO_CASES,
                policy=policy,
                calendar=load_calendar(forms_dir()),
                today=china_today(),
                seed=2018,
            )
            log.info("new training file seeded with %d demo cases", DEMO_CASES)
        try:
            database = open_database(path)
        except LostCaseFile as exc:
            log.error("case file missing or empty beside its backups")
            chosen = _lost(exc, title, lang)
            if chosen is None:
                return None
            database = chosen
        except CorruptDatabase as exc:
            log.error("case file failed its check")
            if exc.latest_backup is None:
                raise
            answer = QMessageBox.question(
                None,
                title,
                exc.describe(lang)
                + "\n\n"
                + QCoreApplication.translate("app", "Restore the latest backup now?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            backup.restore(exc.latest_backup, path)
            station.after_restore(path)
            log.info("restored the latest backup")
            database = open_database(path)
        try:
            database.lock()
        except BaseException:
            database.close()
            raise
    except StorageError as exc:
        log.error("case file refused: %s", type(exc).__name__)
        QMessageBox.critical(None, title, exc.describe(lang))
        return None
    except OSError as exc:
        log.error("case file unreachable: %s errno %s", type(exc).__name__, exc.errno)
        QMessageBox.critical(
            None,
            title,
            QCoreApplication.translate(
                "app",
                "The case file's folder cannot be used ({0}). Ask the station administrator.",
            ).format(exc.strerror),
        )
        return None
    return database


def _lost(exc: LostCaseFile, title: str, lang: Language) -> Database | None:
    """The case file is gone or empty, its backups beside it: the administrator chooses —
    the latest backup, or a new empty file on purpose — never a silent new file."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, exc.describe(lang))
    restore = box.addButton(
        QCoreApplication.translate("app", "Restore the latest backup"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    fresh = box.addButton(
        QCoreApplication.translate("app", "Start a new, empty case file"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is restore:
        backup.restore(exc.latest_backup, exc.path)
        station.after_restore(exc.path)
        log.info("restored the latest backup over a lost case file")
        return open_database(exc.path)
    if box.clickedButton() is fresh:
        log.info("a new case file started on purpose beside the backups")
        return open_database(exc.path, new_file=True)
    return None


class Desk:
    """The running application: one window, rebuilt when the language changes."""

    def __init__(self, app: QApplication, policy: Policy, database: Database, user: Clerk) -> None:
        self.app = app
        self.policy = policy
        self.database = database
        self.user = user
        self.calendar = load_calendar(forms_dir())
        self.counter = Counter(
            database, policy, self.calendar, training=station.training_file(database)
        )
        self.window: MainWindow | None = None
        self.boxes = Boxes()  # how its windows show what they say
        self.sign_in_with: Callable[[Database, Language], Clerk | None] = sign_in
        self.daily: Operation[Path | None] | None = None

    def context(self, lang: Language) -> Context:
        return Context(
            counter=self.counter,
            lang=lang,
            messages=Messages(lang, self.boxes),
            user=self.user,
        )

    def show(self, lang: Language, *, carry: bool = True) -> MainWindow:
        """The window in `lang`. Rebuilt for another language it carries what was open (the
        finder's answers, the cases being read); for another user (`carry=False`), nothing."""
        apply_language(lang)
        old = self.window
        reading: list[str] = []
        if old is not None:
            old.tabs.autosave_all()  # taken up again by the new window, in the new language
            reading = old.tabs.cases_being_read() if carry else []
        context = self.context(lang)
        self.window = MainWindow(context, self.show)  # its counts as the case list reads them
        if old is not None:
            # Rebuilt in the other language, with everything the clerk had typed.
            if carry and old.finder_page.built:  # a finder never opened has nothing typed
                self.window.finder.restore(old.finder.raw_facts())
            self.window.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        self.window.session.sign_out_requested.connect(self.switch_user)
        self.window.tabs.restore_unfinished()
        for number in reading:
            self.window.tabs.open_case(number)
        if old is not None and carry:  # the same clerk, in another language: the same tab
            self.window.tabs.setCurrentIndex(
                min(old.tabs.currentIndex(), self.window.tabs.count() - 1)
            )
        else:  # whoever signs in starts on the case list, typing into its search
            self.window.tabs.setCurrentWidget(self.window.cases)
        self.window.show()
        self.window.activateWindow()  # after a sign-in dialog, the keys go to the desk
        if not (old is not None and carry):
            self.window.cases.focus_search()
        return self.window

    def switch_user(self) -> MainWindow | None:
        """Sign out: the window goes, the sign-in comes back; whoever signs in gets the desk
        (with their own unfinished intakes). Cancelled: the desk quits."""
        window = self.window
        if window is None:
            return None
        lang = window.lang
        # Handed over: no one's signing key stays open in memory for the next person.
        self.database.signers.clear()
        self.app.setQuitOnLastWindowClosed(False)
        window.hide()
        try:
            user = self.sign_in_with(self.database, lang)
        finally:
            self.app.setQuitOnLastWindowClosed(True)
        if user is None:
            window.close()
            self.app.quit()
            return None
        log.info("signed in after a switch of user")
        self.user = user
        with operations.busy():  # the desk built for the next user: a tenth of a second
            return self.show(lang, carry=False)

    def warm_printing(self) -> Operation[None] | None:
        """The slip fonts loaded in the background: the intake's name check then answers at
        once (the first check would otherwise pause the screen for about 0.3 s)."""
        if self.window is None:
            return None

        def warm(_job: object) -> None:
            from hukou_desk.services import printing

            printing.warm_fonts()

        return operations.run(warm, messages=self.window.context.messages)

    def start_daily_backup(self) -> Operation[Path | None] | None:
        """Today's backup, off the screen's thread: the copy is checked page by page. A failure
        reaches the clerk through the message channel (and the log, without personal data)."""
        counter = self.counter
        window = self.window
        if window is None:
            return None
        messages = window.context.messages
        self.daily = operations.run(
            lambda _job: station.daily_backup(counter),
            messages=messages,
            on_success=lambda made: self._backup_done(made, messages),
            on_failure=lambda _error: messages.error(
                QCoreApplication.translate(
                    "app", "The case file may be damaged: tell the station administrator today."
                )
            ),
        )
        return self.daily

    @staticmethod
    def _backup_done(made: Path | None, messages: Messages) -> None:
        if made is not None:
            log.info("daily backup taken")
            messages.info(QCoreApplication.translate("app", "Today's backup is taken and checked."))


def sign_in(database: Database, lang: Language) -> Clerk | None:
    """First start on a new station, then the login, then (for a password someone else set)
    the user's own password; None when the clerk cancels."""
    file = OpenFile(database)  # what the screens hold of it
    if (
        staff.needs_first_start(file)
        and FirstStartDialog(file, lang).exec() != FirstStartDialog.DialogCode.Accepted
    ):
        return None
    dialog = LoginDialog(file, lang)
    if dialog.exec() != LoginDialog.DialogCode.Accepted or dialog.user is None:
        return None
    if staff.must_change_password(file, dialog.user):
        change = ChangePasswordDialog(file, dialog.user, lang, forced=True)
        if change.exec() != ChangePasswordDialog.DialogCode.Accepted:
            return None
    return dialog.user
