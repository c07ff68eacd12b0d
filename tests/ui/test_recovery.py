"""At the desk: a new PC restored from a backup and the recovery secret, the station's
registration shown and saved for the centre, and disabling a user re-keying the file —
pressed as the administrator does."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.listing import CaseFilter
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import database_path, forms_dir
from hukou_desk.services import registration, staff, station, vault
from hukou_desk.services.counter import Counter, OpenFile, database_of
from hukou_desk.start import Start
from hukou_desk.storage import backup, keyring
from hukou_desk.storage.keyring import Keyring
from hukou_desk.storage.sqlite_file import quick_check
from hukou_desk.ui import recovery as recovery_ui
from hukou_desk.ui.recovery import NewPcDialog, RegistrationDialog, RestoreDialog
from tests.clirun import PASSWORD, hd
from tests.services.conftest import open_spouse_case
from tests.test_cli_access import STATION
from tests.ui.conftest import open_desk, user

NEW_PASSWORD = "Lychee-Harbour-Lantern-58"


def _when_modal(kind, act) -> None:
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, look)
            return
        act(dialog)

    QTimer.singleShot(0, look)


def _old_station(tmp_path):
    """A station set up the normal way (encrypted), a clerk and two cases, one backup with its
    sidecar copied to a stick, the recovery secret on the sheet; then its PC dies."""
    path = tmp_path / "old" / "hukou-desk.db"
    sheet = tmp_path / "sheet.txt"
    path.parent.mkdir()
    hd("first-start", *STATION, "--db", str(path), "--recovery-secret-file", str(sheet),
       user="admin")  # fmt: skip
    database, admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter = Counter(database, load_policy(forms_dir()), load_calendar(forms_dir()))
    staff.add_user(counter, admin, username="liwen", display_name="李文", role=Role.CLERK,
                   password=PASSWORD)  # fmt: skip
    clerk = staff.sign_in(OpenFile(database), username="liwen", password=PASSWORD)
    numbers = sorted(open_spouse_case(counter, clerk).number for _ in range(2))
    made = backup.make_backup(database, reason="manual")
    database.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(made, stick)
    shutil.copy(keyring.path_for(made), stick)
    shutil.rmtree(path.parent)
    return stick / made.name, sheet.read_text().strip(), numbers


@pytest.mark.slow
def test_a_new_pc_is_restored_from_a_backup_and_the_recovery_secret(qtbot, tmp_path, monkeypatch):
    copy, secret, numbers = _old_station(tmp_path)
    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(
        recovery_ui.QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(copy), ""))
    )
    _when_modal(
        NewPcDialog,
        lambda ask: qtbot.mouseClick(
            ask.findChild(QPushButton, "restoreBackupButton"), Qt.MouseButton.LeftButton
        ),
    )
    tried: list[str] = []

    def fill(dialog: RestoreDialog) -> None:
        qtbot.mouseClick(dialog.findChild(QPushButton, "restoreBrowse"), Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.secret, "AAAA-" + secret[5:])  # a slip of the pen first
        qtbot.keyClicks(dialog.password, NEW_PASSWORD)
        qtbot.keyClicks(dialog.repeat, NEW_PASSWORD)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        tried.append(dialog.problem.text())
        dialog.secret.clear()
        qtbot.keyClicks(dialog.secret, secret.lower())  # as read off the sheet
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    _when_modal(RestoreDialog, fill)
    told: list[str] = []

    def read(box: QMessageBox) -> None:
        told.append(box.text())
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    _when_modal(QMessageBox, read)
    start = Start()
    login = start.begin()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.opener is not None and login.isVisible(), timeout=20_000)
    assert tried == ["恢复密钥不正确。"]
    assert "liwen" in told[0] and login.username.text() == "admin"
    qtbot.keyClicks(login.password, NEW_PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: start.desk is not None and start.desk.window is not None, timeout=20_000
    )
    qtbot.addWidget(start.desk.window)  # type: ignore[union-attr]
    counter = start.desk.counter  # type: ignore[union-attr]
    found = station.search(counter, start.desk.user, CaseFilter(), source="test")  # type: ignore[union-attr]
    assert sorted(r.number for r in found.rows) == numbers
    assert vault.is_encrypted(database_path())
    start.desk.window.close()  # type: ignore[union-attr]
    start.database.close()  # type: ignore[union-attr]
    login.hide()


@pytest.fixture
def encrypted(staffed):
    done = vault.encrypt(OpenFile(staffed), admin="admin", password=PASSWORD)
    yield done
    database_of(done.file).close()


def test_the_administrator_shows_the_registration_and_saves_it_for_the_centre(
    qtbot, policy, encrypted, tmp_path, monkeypatch
):
    saved = tmp_path / "stick" / "registration.json"
    saved.parent.mkdir()
    monkeypatch.setattr(
        recovery_ui.QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(saved), ""))
    )
    database = database_of(encrypted.file)
    window = open_desk(qtbot, policy, database, user(database, "admin"))
    panel = window.admin
    assert panel is not None
    qtbot.mouseClick(
        panel.findChild(QPushButton, "showRegistrationButton"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: panel.findChild(RegistrationDialog) is not None)
    dialog = panel.findChild(RegistrationDialog)
    qtbot.waitUntil(dialog.isVisible)
    shown = dialog.text.text()
    assert "440703001" in shown and dialog.made.public_key in shown
    assert not dialog.qr.pixmap().isNull() and dialog.qr.pixmap().width() > 100
    # The QR code reads back as the text shown (zbarimg, as a phone at the centre would).
    picture = tmp_path / "qr.png"
    dialog.qr.pixmap().save(str(picture))
    read = subprocess.run(
        ["zbarimg", "--raw", "-q", str(picture)], capture_output=True, text=True, check=True
    )
    assert read.stdout.strip() == dialog.made.as_text()
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    body = registration.read(saved.read_bytes())  # signed, and the key the desk showed
    assert body["public_key"] == dialog.made.public_key and body["deciders"] == []
    dialog.close()


@pytest.mark.slow
def test_disabling_a_user_in_the_admin_screen_re_keys_the_case_file(
    qtbot, policy, encrypted, tmp_path
):
    database = database_of(encrypted.file)
    counter = Counter(database, policy, load_calendar(forms_dir()))
    admin = user(database, "admin")
    staff.reset_password(counter, admin, username="zhangli", password=NEW_PASSWORD)
    ring = keyring.path_for(database.path)
    kept = tmp_path / "kept.keyring"
    shutil.copy(ring, kept)
    window = open_desk(qtbot, policy, database, admin)
    panel = window.admin
    assert panel is not None
    panel.select_user("zhangli")
    qtbot.mouseClick(panel.findChild(QPushButton, "toggleUserButton"), Qt.MouseButton.LeftButton)
    level, said = window.context.messages.history[-1]
    assert level == "info" and "zhangli" in said
    from hukou_desk.storage.attempts import Attempts

    old = Keyring.load(kept).unlock("zhangli", NEW_PASSWORD, attempts=Attempts(tmp_path / "x"))
    assert quick_check(database.path, key=old.key) is not None  # the kept copy opens nothing
    assert quick_check(database.path, key=database.key) is None
    assert "zhangli" not in Keyring.load(ring).users()
    assert not panel.accounts["zhangli"].active  # the desk goes on, on the re-keyed file


@pytest.mark.slow
def test_five_wrong_passwords_at_the_command_line_lock_the_desks_sign_in_window(
    qtbot, tmp_path, monkeypatch
):
    """The reported attack: five wrong passwords at the command line, then the supervisor's
    right one typed into the desk's sign-in window — refused while the lock lasts."""
    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    hd("first-start", *STATION, "--db", str(path), user="admin")
    database, admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter = Counter(database, load_policy(forms_dir()), load_calendar(forms_dir()))
    staff.add_user(counter, admin, username="chenfang", display_name="陈芳",
                   role=Role.SUPERVISOR, password=NEW_PASSWORD)  # fmt: skip
    database.close()
    for _ in range(5):
        wrong = hd("search", "--db", str(path), user="chenfang", password="guess-from-a-list",
                   check=False)  # fmt: skip
        assert "Wrong user name or password" in wrong.stderr
    start = Start()
    login = start.begin()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.opener is not None, timeout=20_000)
    qtbot.keyClicks(login.username, "chenfang")
    qtbot.keyClicks(login.password, NEW_PASSWORD)
    qtbot.mouseClick(login.ok, Qt.MouseButton.LeftButton)
    assert "账号已锁定" in login.problem.text()
    assert start.database is None and login.isVisible()
    login.hide()


@pytest.mark.slow
def test_a_new_pc_can_open_the_training_file_instead(qtbot, tmp_path, monkeypatch):
    """The training file's own first start follows (it takes over the demo administrator)."""
    from hukou_desk.ui.login import FirstStartDialog

    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    _when_modal(
        NewPcDialog,
        lambda ask: qtbot.mouseClick(
            ask.findChild(QPushButton, "trainingFileButton"), Qt.MouseButton.LeftButton
        ),
    )
    opened: list[bool] = []

    def look(dialog: FirstStartDialog) -> None:
        opened.append(station.is_training(dialog.database))
        dialog.code.setText("440703001")
        dialog.name.setText("白沙派出所")
        dialog.display_name.setText("管理员")
        dialog.phone.setText("0750-3301110")
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText(PASSWORD)
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
        if dialog.isVisible():  # refused: said, and the window closed (a failure, not a hang)
            problems.append(dialog.problem.text())
            dialog.reject()

    problems: list[str] = []
    _when_modal(FirstStartDialog, look)
    start = Start()
    login = start.begin()
    qtbot.addWidget(login)
    qtbot.waitUntil(
        lambda: problems or (login.database is not None and login.isVisible()), timeout=60_000
    )
    assert problems == [] and opened == [True] and start.training
    assert not database_path().exists()  # the station's own file is left for its set-up
    login.hide()
    start.database.close()  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_station_set_up_at_the_desk_registers_at_a_sqlite_centre_and_its_export_imports(
    qtbot, tmp_path, monkeypatch
):
    """The whole path: a station set up through the desk's first window (encrypted), its
    registration saved from the administrator's screen, registered at the centre from the
    file, and its export then imported there (before, the centre knew no such station)."""
    from hukou_desk.ui.login import FirstStartDialog
    from hukou_desk.ui.vault import RecoverySecretDialog

    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path / "home"))
    saved = tmp_path / "stick" / "registration.json"
    saved.parent.mkdir()
    monkeypatch.setattr(
        recovery_ui.QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(saved), ""))
    )
    _when_modal(
        NewPcDialog,
        lambda ask: qtbot.mouseClick(
            ask.findChild(QPushButton, "newStationButton"), Qt.MouseButton.LeftButton
        ),
    )

    def set_up(dialog: FirstStartDialog) -> None:
        qtbot.keyClicks(dialog.code, "440703001")
        dialog.name.setText("白沙派出所")  # QtTest types ASCII only (an input method types these)
        dialog.display_name.setText("管理员")
        qtbot.keyClicks(dialog.phone, "0750-3301110")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClicks(dialog.repeat, PASSWORD)
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)

    _when_modal(FirstStartDialog, set_up)
    _when_modal(
        RecoverySecretDialog, lambda shown: qtbot.mouseClick(shown.kept, Qt.MouseButton.LeftButton)
    )
    start = Start()
    login = start.begin()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.database is not None and login.isVisible(), timeout=20_000)
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: start.desk is not None and start.desk.window is not None, timeout=20_000
    )
    window = start.desk.window  # type: ignore[union-attr]
    qtbot.addWidget(window)
    assert vault.is_encrypted(database_path())
    panel = window.admin
    qtbot.mouseClick(
        panel.findChild(QPushButton, "showRegistrationButton"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: panel.findChild(RegistrationDialog) is not None)
    dialog = panel.findChild(RegistrationDialog)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    dialog.close()
    window.close()
    start.database.close()  # type: ignore[union-attr]
    login.hide()

    keys = tmp_path / "centre" / "keys"
    into = tmp_path / "centre" / "centre.db"
    hd("centre-init", "--dir", str(keys))
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from hukou_desk import keys as key_module

    bundle_key = load_pem_private_key((keys / "centre-x25519.pem").read_bytes(), password=None)
    path = database_path()
    hd("install-centre-key", "--db", str(path), "--", key_module.public_text(bundle_key),
       user="admin")  # fmt: skip
    bundle = tmp_path / "first.hkb"
    hd("export", "--out", str(bundle), "--db", str(path), user="admin")
    key = str(keys / "centre-x25519.pem")
    unknown = hd("import", str(bundle), "--key", key, "--into", str(into), check=False)
    assert unknown.returncode == 2 and "440703001" in unknown.stderr  # not registered yet
    assert "registered" in hd("trust-station", "--file", str(saved), "--into", str(into)).stdout
    report = json.loads(hd("import", str(bundle), "--key", key, "--into", str(into),
                           "--json").stdout)  # fmt: skip
    assert not report["already_imported"] and report["station"] == "440703001-01"  # counter 01
