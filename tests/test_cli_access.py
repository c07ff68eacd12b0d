"""Who gets in, at the command line: an encrypted first start, the one lockout, backups kept by
the retention rule alone, and restoring an encrypted station with the password on a pipe."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta

import pytest

from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.services import staff, vault
from hukou_desk.services.counter import Counter, OpenFile
from hukou_desk.storage import backup, driver, keyring
from hukou_desk.storage.accounts import LoginRefused
from tests.clirun import PASSWORD, hd

STATION = [
    "--station-code", "440703001", "--station-name", "白沙派出所", "--district", "440703",
    "--phone", "0750-3301110",
]  # fmt: skip
BOSS_PASSWORD = "Chenfang-Pomelo-Ferry-7"


def _owner_only(path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


@pytest.fixture
def station(tmp_path):
    """A station set up at the command line, with a supervisor and a clerk given passwords."""
    path = tmp_path / "data" / "hukou-desk.db"
    path.parent.mkdir()
    hd("first-start", *STATION, "--db", str(path), user="admin")
    database, admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter = Counter(database, load_policy(forms_dir()), load_calendar(forms_dir()))
    staff.add_user(
        counter, admin, username="chenfang", display_name="陈芳", role=Role.SUPERVISOR,
        password=BOSS_PASSWORD,
    )  # fmt: skip
    staff.add_user(
        counter, admin, username="liwen", display_name="李文", role=Role.CLERK, password=PASSWORD
    )
    database.close()
    return path


@pytest.mark.slow
def test_first_start_makes_the_same_encrypted_station_as_the_desk(tmp_path):
    path = tmp_path / "hukou-desk.db"
    done = hd("first-start", *STATION, "--db", str(path), user="admin")
    assert "shown this once" in done.stdout
    secret = done.stdout.strip().splitlines()[-1]
    assert len(secret.split("-")) == 8
    assert vault.is_encrypted(path) and not driver.is_plain(path)
    assert keyring.path_for(path).exists()
    recovered = vault.recover(path, secret=secret)  # the secret opens the case file
    recovered.close()
    backups = backup.backups(path.parent / "backups")
    assert backups and not any(driver.is_plain(b) for b in backups)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and [p.name for p in written if not _owner_only(p)] == []
    again = hd("first-start", *STATION, "--db", str(path), user="admin", check=False)
    assert again.returncode == 2 and "already set up" in again.stderr


@pytest.mark.slow
def test_first_start_writes_the_secret_to_a_new_owner_only_file_if_asked(tmp_path):
    path, sheet = tmp_path / "hukou-desk.db", tmp_path / "secret.txt"
    done = hd(
        "first-start", *STATION, "--db", str(path), "--recovery-secret-file", str(sheet),
        user="admin",
    )  # fmt: skip
    secret = sheet.read_text().strip()
    assert secret not in done.stdout and str(sheet) in done.stdout
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    vault.recover(path, secret=secret).close()
    other = tmp_path / "other.db"  # never overwritten: a second station names another file
    refused = hd(
        "first-start", *STATION, "--db", str(other), "--recovery-secret-file", str(sheet),
        user="admin", check=False,
    )  # fmt: skip
    assert refused.returncode == 2 and "exists already" in refused.stderr
    assert not other.exists()


@pytest.mark.parametrize("weak", ["Admin123", "password1", "password1234"])
def test_first_start_refuses_a_weak_password_and_writes_nothing(tmp_path, weak):
    path = tmp_path / "hukou-desk.db"
    done = hd("first-start", *STATION, "--db", str(path), user="admin", password=weak, check=False)
    assert done.returncode == 2 and "The password is not accepted" in done.stderr
    assert not path.exists()


def test_a_training_file_stays_plain(tmp_path):
    path = tmp_path / "training.db"
    hd("demo-data", "--cases", "3", "--db", str(path))
    done = hd("first-start", *STATION, "--db", str(path), user="admin")
    assert "training file" in done.stdout and driver.is_plain(path)


@pytest.mark.slow
def test_a_lockout_at_the_command_line_holds_in_the_open_desk(station):
    """Five wrong passwords at the command line (the keyring's slot), then the supervisor's
    right one at the desk's window on the open file: refused, locked."""
    for _ in range(5):
        wrong = hd("search", "--db", str(station), user="chenfang", password="guess-from-a-list",
                   check=False)  # fmt: skip
        assert "Wrong user name or password" in wrong.stderr
    locked = hd("search", "--db", str(station), user="chenfang", password=BOSS_PASSWORD,
                check=False)  # fmt: skip
    assert "locked" in locked.stderr
    database, _admin = vault.sign_in(station, username="admin", password=PASSWORD)  # the desk
    try:
        with pytest.raises(LoginRefused, match="locked"):
            staff.sign_in(OpenFile(database), username="chenfang", password=BOSS_PASSWORD)
    finally:
        database.close()
    with pytest.raises(LoginRefused, match="locked"):  # the desk's sign-in window, file shut
        vault.sign_in(station, username="chenfang", password=BOSS_PASSWORD)


@pytest.mark.slow
def test_a_lockout_in_the_desk_holds_at_the_command_line(station):
    database, _admin = vault.sign_in(station, username="admin", password=PASSWORD)
    try:
        for _ in range(5):  # the lock screen's door: the open file's account check
            with pytest.raises(LoginRefused, match="Wrong user name"):
                staff.sign_in(OpenFile(database), username="liwen", password="guess-from-a-list")
    finally:
        database.close()
    locked = hd("search", "--db", str(station), user="liwen", check=False)
    assert locked.returncode == 2 and "locked" in locked.stderr


@pytest.mark.slow
def test_a_clerk_cannot_shorten_the_retention_nor_anyone_below_it(station):
    folder = station.parent / "backups"
    old = folder / f"hukou-desk-{(datetime.now(UTC) - timedelta(days=3)):%Y%m%d-%H%M%S}-daily.db"
    old.write_bytes(backup.backups(folder)[0].read_bytes())
    clerk = hd("backup", "--keep-days", "1", "--db", str(station), user="liwen", check=False)
    assert clerk.returncode == 2 and "only by the station's retention (30 days)" in clerk.stderr
    admin = hd("backup", "--keep-days", "29", "--db", str(station), user="admin", check=False)
    assert admin.returncode == 2 and "retention" in admin.stderr
    assert old.exists()
    longer = hd("backup", "--keep-days", "90", "--db", str(station), user="liwen")
    assert "Backup taken" in longer.stdout and old.exists()


@pytest.mark.slow
def test_restore_with_the_password_on_a_pipe_on_an_encrypted_station(station):
    made = hd("backup", "--db", str(station), user="admin").stdout.split("Backup taken: ")[1]
    done = hd("restore", made.strip(), "--db", str(station), user="admin")
    assert "Restored from" in done.stdout
    assert vault.is_encrypted(station)
    station.write_bytes(b"\0" * 8192)  # damaged: the password is checked on the backup
    done = hd("restore", made.strip(), "--db", str(station), user="admin")
    assert "Restored from" in done.stdout
    vault.sign_in(station, username="admin", password=PASSWORD)[0].close()


@pytest.mark.slow
def test_a_plain_backup_is_not_restored_onto_an_encrypted_station(station, tmp_path):
    plain = tmp_path / "hukou-desk-20261101-080000-daily.db"
    hd("demo-data", "--cases", "2", "--db", str(plain))
    for damaged in (False, True):
        if damaged:
            station.write_bytes(b"\0" * 8192)
        done = hd("restore", str(plain), "--db", str(station), user="admin", check=False)
        assert done.returncode == 2 and "is an unencrypted backup" in done.stderr
    assert not driver.is_plain(station)
