"""A counter desk on a real, fresh case file, driven offscreen; helpers to type a whole intake."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from hukou_desk import demo
from hukou_desk.app import Desk, create_app
from hukou_desk.domain.identity import check_character
from hukou_desk.domain.loader import load_calendar
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.staff import Clerk
from hukou_desk.paths import forms_dir
from hukou_desk.services.counter import clerk
from hukou_desk.storage import accounts, cases
from hukou_desk.storage.database import Database, open_database
from hukou_desk.ui.main_window import MainWindow
from hukou_desk.ui.messages import Boxes
from hukou_desk.ui.wizard import DOCUMENTS, OUTCOME, PATHWAY, PEOPLE, SITUATION, IntakeWizard
from tests.stations import enrol

PASSWORD = "Baisha-Counter-2026"


def ident(first17: str) -> str:
    """A valid identity number from its first 17 digits."""
    return first17 + check_character(first17)


@pytest.fixture(autouse=True)
def chinese_first() -> None:
    """Each test starts as a new PC does, in Chinese: a test that switched the desk to English
    leaves that choice saved, as the menu's choice is."""
    from PySide6.QtCore import QCoreApplication, QSettings

    if QCoreApplication.instance() is not None:
        QSettings().setValue("ui/language", "zh")


STAFF = ("admin", "zhangli", "wangfang", "liuyang")


def _staff(database: Database) -> None:
    """A set-up station with an administrator, a clerk and two supervisors, each holding their
    key as their sign-in does; the deciders' keys enrolled by the centre."""
    from hukou_desk.domain.lifecycle import Role

    with database.write() as session:
        accounts.first_start(
            session,
            station_code="440703001",
            station_name="白沙派出所",
            district="440703",
            admin_username="admin",
            admin_name="管理员",
            password=PASSWORD,
        )
        for username, name, role in (
            ("zhangli", "张丽", "clerk"),
            ("wangfang", "王芳", "supervisor"),
            ("liuyang", "刘洋", "supervisor"),
        ):
            user = cases.add_user(
                session, actor="admin", username=username, display_name=name, role=Role(role)
            )
            accounts.set_password(session, actor="admin", user=user, password=PASSWORD)
    _hold_keys(database)
    enrol(database)


def _hold_keys(database: Database) -> None:
    with database.write() as session:
        for username in STAFF:
            accounts.hold_key(session, cases.user_named(session, username), PASSWORD)


@pytest.fixture(scope="session")
def staffed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The station of `staffed`, made once per session (its keys made, hashed and enrolled:
    a few tenths of a second each time), copied for each test that asks for `staffed`."""
    folder = tmp_path_factory.mktemp("staffed")
    database = open_database(folder / "cases.db")
    _staff(database)
    database.close()
    return folder


def demo_folder(
    template: Path, into: Path, policy: Policy, *, count: int, today: date, seed: int
) -> Path:
    """A copy of a staffed station's folder with `count` demo cases generated into it (for a
    module-scoped fixture: the cases made once, the folder copied per test)."""
    copy_folder(template, into)
    database = open_database(into / "cases.db")
    _hold_keys(database)
    demo.generate(
        database,
        count=count,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=today,
        seed=seed,
    )
    database.close()
    return into


def copy_folder(template: Path, into: Path) -> None:
    shutil.copytree(template, into, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))


@pytest.fixture
def station_template(request: pytest.FixtureRequest) -> Path | None:
    """The folder `database` starts from: the staffed station's for a test that asks for
    `staffed`, else none (a new file). A module overrides it to start from its demo cases."""
    if "staffed" in request.fixturenames:
        folder: Path = request.getfixturevalue("staffed_folder")
        return folder
    return None


@pytest.fixture
def database(tmp_path: Path, station_template: Path | None) -> Iterator[Database]:
    """A fresh case file, or the test's own copy of `station_template`'s."""
    if station_template is not None:
        copy_folder(station_template, tmp_path)
    db = open_database(tmp_path / "cases.db")
    yield db
    db.close()


@pytest.fixture
def staffed(database: Database) -> Database:
    """A set-up station with an administrator, a clerk and two supervisors (all with
    PASSWORD), each holding their key as after their sign-in; the deciders enrolled."""
    with database.read() as session:
        copied = not accounts.needs_first_start(session)
    if copied:
        _hold_keys(database)  # the keys are in memory only: opened again on this copy
    else:
        _staff(database)
    return database


def user(database: Database, username: str) -> Clerk:
    """The user as a desk signed in to holds them."""
    with database.read() as session:
        return clerk(cases.user_named(session, username))


class Recorded(Boxes):
    """No box on screen: what the desk says is read from `messages.history`; questions are
    answered from `answers` (queued), else No."""

    def __init__(self) -> None:
        self.answers: list[bool] = []

    def error(self, window: QWidget | None, message: str) -> None:
        return None

    def sorry(self, window: QWidget | None, message: str) -> None:
        return None

    def confirm(self, window: QWidget | None, question: str) -> bool:
        return self.answers.pop(0) if self.answers else False


def open_desk(
    qtbot: QtBot, policy: Policy, database: Database, who: Clerk, lang: str = "zh"
) -> MainWindow:
    desk = Desk(create_app(), policy, database, who)
    desk.boxes = Recorded()
    window = desk.show(lang)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.desk = desk  # type: ignore[attr-defined]
    return window


def activate(qtbot: QtBot, window: Any) -> None:
    """Show a window and make it the active one: keys and shortcuts reach it as at a desk."""
    window.show()
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)


def act_box(qtbot: QtBot) -> QMessageBox:
    """The confirmation of an official act on screen now (waited for)."""
    from PySide6.QtWidgets import QApplication

    from hukou_desk.ui import confirm

    def shown() -> list[QMessageBox]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox)
            and w.objectName() == confirm.OBJECT_NAME
            and w.isVisible()
        ]

    found: list[QMessageBox] = []

    def up() -> bool:
        found[:] = shown()
        return len(found) == 1

    qtbot.waitUntil(up, timeout=5000)
    return found[0]


def answer_act(qtbot: QtBot, *, go: bool = True) -> str:
    """Answer the confirmation of an official act with a click: its own button (`go`) or
    Cancel. Returns what it asked."""
    box = act_box(qtbot)
    asked = f"{box.text()}\n{box.informativeText()}"
    button = box.findChild(QPushButton, "confirmAct" if go else "cancelAct")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return asked


def errors(window: MainWindow) -> list[str]:
    assert window.context is not None
    return [text for level, text in window.context.messages.history if level != "info"]


@dataclass
class Intake:
    """One applicant, as a clerk would take them in."""

    id_number: str
    name: str
    pathway: str
    situation: dict[str, Any]
    people: dict[str, tuple[str, str]] = field(default_factory=dict)
    relatives: list[dict[str, Any]] = field(default_factory=list)
    findings: dict[str, str] = field(default_factory=dict)  # document → state; default verified
    recommend: bool = True
    note: str = "材料齐全，符合条件。"
    ethnicity: str = "01"
    office: str = "恩平市公安局恩城派出所"
    # The permit's essentials (domain/papers.py): without them no approval.
    hukou_address: str = "恩平市恩城街道新平路3号"
    destination: str = "江门市蓬江区白沙大道西1号301室"


# A specialist (专才) applying on their own: the shortest intake.
SPECIALIST = Intake(
    id_number=ident("44010619920202123"),
    name="司马睿",
    pathway="specialist",
    situation={"applicant.education": "21"},
)


def complete_origin(
    qtbot: QtBot,
    wizard: IntakeWizard,
    office: str = "恩平市公安局恩城派出所",
    ethnicity: str = "01",
    address: str = "恩平市恩城街道新平路3号",
) -> None:
    """Step 1's origin: the hukou address and the office keeping the household register
    (typed, as an IME would insert them) and the ethnicity (chosen in the list with the
    keyboard)."""
    if address and not wizard.applicant.hukou_address.text():
        wizard.applicant.hukou_address.setFocus()
        wizard.applicant.hukou_address.insert(address)
    wizard.applicant.hukou_office.setFocus()
    wizard.applicant.hukou_office.insert(office)
    box = wizard.applicant.ethnicity
    box.setFocus()
    while box.currentData() != ethnicity:
        qtbot.keyClick(box, Qt.Key.Key_Down)


def type_intake(
    qtbot: QtBot, window: MainWindow, intake: Intake, *, submit: bool = True
) -> IntakeWizard:
    wizard = window.new_case()
    assert wizard is not None
    qtbot.keyClicks(wizard.applicant.id_number, intake.id_number)
    wizard.applicant.name.setFocus()
    wizard.applicant.name.insert(intake.name)  # QTest types ASCII only; an IME inserts text
    complete_origin(qtbot, wizard, intake.office, intake.ethnicity, intake.hukou_address)
    wizard.applicant.name.setFocus()
    qtbot.keyClick(wizard.applicant.name, Qt.Key.Key_Return)  # Enter continues
    assert wizard.step == SITUATION, errors(window)
    assert wizard.case_number.startswith("440703001-")
    situation = {"destination.address": intake.destination, **intake.situation}
    for path, value in situation.items():
        wizard.situation.form.set_value(path, value)
    wizard.go_next()
    assert wizard.step == PATHWAY, errors(window)
    wizard.pathway.select(intake.pathway)
    assert wizard.pathway.pathway_id == intake.pathway
    wizard.go_next()
    assert wizard.step == PEOPLE, errors(window)
    for role, (number, name) in intake.people.items():
        id_field, name_field = wizard.people.people[role]  # type: ignore[index]
        id_field.setText(number)
        name_field.setText(name)
    for relative in intake.relatives:
        wizard.people.relatives.add_relative(relative)
    wizard.go_next()
    assert wizard.step == DOCUMENTS, errors(window)
    for box in wizard.documents.boxes:
        state = intake.findings.get(box.document_id, "verified")
        box.state.setCurrentIndex(box.state.findData(state))
        if state == "verified":
            for question in box.questions.values():
                question.setChecked(True)
    wizard.go_next()
    assert wizard.step == OUTCOME, errors(window)
    (wizard.outcome.approve if intake.recommend else wizard.outcome.refuse).setChecked(True)
    wizard.outcome.note.setPlainText(intake.note)
    if submit:
        number = wizard.case_number
        with qtbot.waitSignal(wizard.finished, timeout=5000):
            wizard.outcome.submit.click()
            answer_act(qtbot)
        assert wizard.case_number == number
    return wizard


@pytest.fixture(autouse=True)
def _background_work_settles(qtbot: QtBot) -> Iterator[None]:
    """A test ends when its background operations have reported back: a slip preview made
    for one test never opens in the next."""
    yield
    from PySide6.QtWidgets import QApplication

    from hukou_desk.ui import operations

    qtbot.waitUntil(lambda: operations.running() == 0, timeout=60_000)
    for widget in QApplication.topLevelWidgets():  # previews and dialogs a test left open
        if widget.isVisible():
            widget.close()


def print_to_pdf(monkeypatch: Any, module: Any, out: Path) -> None:
    """The operating system's print dialog stood in for in `module`: a PDF "printer" writing
    `out` says OK, and a printer is said to be set up."""
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QDialog

    class PrintDialog:
        def __init__(self, printer: QPrinter, _parent: QWidget) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(module, "QPrintDialog", PrintDialog)
    monkeypatch.setattr(module.QPrinterInfo, "availablePrinters", staticmethod(lambda: ["pdf"]))
