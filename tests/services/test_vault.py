"""Encrypting a station's case file in place, signing in to it, and its staff's slots."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services import staff, vault
from hukou_desk.storage import backup, demo, driver, keyring
from hukou_desk.storage.accounts import LoginRefused
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case, Person
from tests.services.conftest import PASSWORD


def _identities(database) -> list[bytes]:
    with database.read() as session:
        people = session.exec(select(Person)).all()
    return [p.id_number.encode() for p in people] + [p.name.encode() for p in people]


def test_a_plain_station_is_encrypted_in_place_and_its_staff_need_new_passwords(
    counter, people, policy
):
    demo.generate(
        counter.database,
        count=40,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=date(2026, 11, 20),
    )
    backup.make_backup(counter.database, reason="daily")  # a plain backup from before
    wanted = _identities(counter.database)
    path = counter.database.path
    done = vault.encrypt(counter.database, admin="admin", password=PASSWORD)
    counter.database = done.database
    assert done.without_slot == ["boss", "boss2", "clerk", "clerk2"]
    assert vault.is_encrypted(path) and done.database.key is not None
    for file in [path, *backup.backups(done.database.backups_dir)]:
        assert not driver.is_plain(file)
        content = file.read_bytes()
        assert not [w for w in wanted if w in content], file.name
    assert _identities(done.database) == wanted
    done.database.close()

    database, admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter.database = database
    with pytest.raises(LoginRefused):  # no slot yet: the file does not open for the clerk
        vault.sign_in(path, username="clerk", password=PASSWORD)
    staff.reset_password(counter, admin, username="clerk", password="Clerk-new-1")
    clerks, clerk = vault.sign_in(path, username="clerk", password="Clerk-new-1")
    assert clerk.role == Role.CLERK.value
    clerks.close()
    staff.set_active(counter, admin, username="clerk", active=False)
    with pytest.raises(LoginRefused):  # a disabled account's slot is gone
        vault.sign_in(path, username="clerk", password="Clerk-new-1")
    recovered = vault.recover(path, secret=done.recovery_secret)
    assert _identities(recovered) == wanted
    recovered.close()


_ENCRYPT = """
import sys
from pathlib import Path
from hukou_desk.storage import accounts, keyring
accounts.cheap_hashing_for_tests(); keyring.cheap_for_tests()
from hukou_desk.services import vault
from hukou_desk.storage.database import open_database
done = vault.encrypt(
    open_database(Path(sys.argv[1])),
    admin="admin",
    password=sys.argv[2],
    progress=lambda step: print(step, flush=True),
)
done.database.close()
print("done")
"""


def test_power_lost_during_the_encryption_loses_nothing(counter, people, policy, tmp_path):
    """SIGKILL at random moments of the encryption: each time the file opens — still plain, or
    encrypted with its keyring — with every case in it; run again, it finishes."""
    demo.generate(
        counter.database,
        count=3000,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=date(2026, 11, 20),
    )
    with counter.database.read() as session:
        cases = len(session.exec(select(Case.id)).all())
    path = counter.database.path
    counter.database.close()
    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    outcomes = []
    # Killed once the encryption has begun, a little later each time, until it got through.
    for delay in [0.015 * step for step in range(60)]:
        child = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(_ENCRYPT), str(path), PASSWORD],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        while child.stdout.readline().strip() not in (b"encrypting", b""):
            pass
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        if vault.is_encrypted(path):
            database, _admin = vault.sign_in(path, username="admin", password=PASSWORD)
            outcomes.append("encrypted")
        else:
            database = open_database(path)
            outcomes.append("plain")
        with database.read() as session:
            assert len(session.exec(select(Case.id)).all()) == cases
        database.close()
        if vault.is_encrypted(path):
            break
    assert "plain" in outcomes  # at least one kill landed before the rename
    if not vault.is_encrypted(path):
        finished = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(_ENCRYPT), str(path), PASSWORD],
            capture_output=True,
            env=env,
            check=True,
        )
        assert b"done" in finished.stdout
    database, _admin = vault.sign_in(path, username="admin", password=PASSWORD)
    with database.read() as session:
        assert len(session.exec(select(Case.id)).all()) == cases
    database.close()
    assert not path.with_name(path.name + ".encrypting").exists() or "plain" in outcomes
    counter.database = open_database(tmp_path / "spare" / "spare.db")  # the fixture closes it
    assert keyring.path_for(path).exists()
