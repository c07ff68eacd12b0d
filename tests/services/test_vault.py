"""Encrypting a station's case file in place, signing in to it, and its staff's slots."""

from __future__ import annotations

import json
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

from hukou_desk import demo
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services import staff, vault
from hukou_desk.services.counter import database_of
from hukou_desk.storage import backup, driver, keyring
from hukou_desk.storage.accounts import LoginRefused
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case, Person
from tests.services.conftest import PASSWORD


def _identities(database) -> list[bytes]:
    with database.read() as session:
        people = session.exec(select(Person)).all()
    return [p.id_number.encode() for p in people] + [p.name.encode() for p in people]


@pytest.mark.slow
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
    done = vault.encrypt(counter.file, admin="admin", password=PASSWORD)
    counter.database = database_of(done.file)
    assert done.without_slot == ["boss", "boss2", "clerk", "clerk2"]
    assert vault.is_encrypted(path) and database_of(done.file).key is not None
    for file in [path, *backup.backups(database_of(done.file).backups_dir)]:
        assert not driver.is_plain(file)
        content = file.read_bytes()
        assert not [w for w in wanted if w in content], file.name
    assert _identities(database_of(done.file)) == wanted
    database_of(done.file).close()

    database, admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter.database = database
    with pytest.raises(LoginRefused):  # no slot yet: the file does not open for the clerk
        vault.sign_in(path, username="clerk", password=PASSWORD)
    staff.reset_password(counter, admin, username="clerk", password="Clerk-new-Pebble-41")
    clerks, clerk = vault.sign_in(path, username="clerk", password="Clerk-new-Pebble-41")
    assert clerk.role == Role.CLERK.value
    clerks.close()
    staff.set_active(counter, admin, username="clerk", active=False)
    with pytest.raises(LoginRefused):  # a disabled account's slot is gone
        vault.sign_in(path, username="clerk", password="Clerk-new-Pebble-41")
    recovered = vault.recover(path, secret=done.recovery_secret)
    assert _identities(recovered) == wanted
    recovered.close()


_ENCRYPT = """
import sys
from pathlib import Path
from hukou_desk.storage import accounts, keyring
from types import MappingProxyType
keyring.COST = MappingProxyType({"time_cost": 1, "memory_cost": 8, "parallelism": 1})
from hukou_desk.services import vault
from hukou_desk.storage.database import open_database
from hukou_desk.services.counter import OpenFile, database_of
done = vault.encrypt(
    OpenFile(open_database(Path(sys.argv[1]))),
    admin="admin",
    password=sys.argv[2],
    progress=lambda step: print(step, flush=True),
)
database_of(done.file).close()
print("done")
"""


@pytest.mark.slow  # a process killed at each of the encryption's steps: 146 s idle
def test_power_lost_during_the_encryption_loses_nothing(counter, people, policy, tmp_path):
    """SIGKILL at random moments of the encryption: each time the file opens — still plain, or
    encrypted with its keyring — with every case in it; run again, it finishes. 1,000 cases:
    the encryption's window, and so the number of processes killed in it, is a third of 3,000's
    (each a start of the app); the first kill still lands before the rename."""
    demo.generate(
        counter.database,
        count=1000,
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


def test_an_encrypted_station_restores_its_encrypted_backup(counter, people, tmp_path):
    from hukou_desk.services import station
    from tests.services.conftest import open_spouse_case

    done = vault.encrypt(counter.file, admin="admin", password=PASSWORD)
    counter.database = database_of(done.file)
    made = backup.make_backup(counter.database, reason="before-cases")
    open_spouse_case(counter, people["clerk"])
    station.restore(counter, people["admin"], file=made)
    assert counter.database.key is not None and not driver.is_plain(counter.database.path)
    with counter.database.read() as session:
        assert session.exec(select(Case.id)).first() is None  # as it was when backed up


SCAN = b"%PDF-1.4\n% marriage certificate of 440781199001011246\n%%EOF\n"


def _scans_on_disk(folder) -> list:
    return [f for f in folder.rglob("*") if f.is_file()]


def test_scans_are_sealed_at_rest_named_by_a_secret_and_still_read_and_exported(
    counter, people, tmp_path
):
    """A scan attached before the encryption is sealed by it; one attached after is sealed
    at once; neither file holds the scan's bytes or is named by its digest; both read back;
    the export carries the scan in clear to the centre (inside the sealed bundle)."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from hukou_desk import keys
    from hukou_desk.services import exchange, intake
    from tests.services.conftest import open_spouse_case

    clerk, admin = people["clerk"], people["admin"]
    before = open_spouse_case(counter, clerk)

    def attach(ref, content: bytes) -> None:
        intake.attach_scan(
            counter, clerk, case_id=ref.id, document_id="marriage_certificate",
            party="applicant", file_name="scan.pdf", content=content,
        )  # fmt: skip

    attach(before, SCAN)
    done = vault.encrypt(counter.file, admin="admin", password=PASSWORD)
    counter.database = database_of(done.file)
    attach(before, SCAN + b"% page 2\n")
    folder = counter.database.attachments_dir
    stored = _scans_on_disk(folder)
    assert len(stored) == 2 and all(f.suffix == ".sealed" for f in stored)
    digests = {hashlib.sha256(c).hexdigest() for c in (SCAN, SCAN + b"% page 2\n")}
    for file in stored:
        content = file.read_bytes()
        assert b"440781199001011246" not in content and b"%PDF" not in content
        assert not any(d in str(file) for d in digests)
    view = intake.view_case(counter, clerk, number=before.number)
    shown = {intake.open_scan(counter, clerk, scan_id=s.id).content for s in view.scans}
    assert shown == {SCAN, SCAN + b"% page 2\n"}
    centre = X25519PrivateKey.generate()
    exchange.install_centre_key(counter, admin, public_key=keys.public_text(centre))
    out = tmp_path / "out.hkb"
    exchange.export(counter, admin, out=out)
    import zipfile

    from hukou_desk.sync import bundle

    with bundle.plaintext(out.read_bytes(), centre) as plain:
        archive = zipfile.ZipFile(plain)
        members = json.loads(archive.read("manifest.json"))["members"]
        sent = {content for _sha256, content in bundle.scans(archive, members)}
    assert sent == {SCAN, SCAN + b"% page 2\n"}  # the centre's copy, opened with its key


def test_the_station_signing_key_is_encrypted_with_the_case_file(counter, people, tmp_path):
    """A stolen key file signs nothing: it opens only with the case file's key; the desk
    goes on sealing its audit trail and signing with it."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from hukou_desk import keys
    from hukou_desk.services import station
    from tests.services.conftest import open_spouse_case

    done = vault.encrypt(counter.file, admin="admin", password=PASSWORD)
    counter.database = database_of(done.file)
    pem = (counter.database.keys_dir / keys.STATION_KEY_FILE).read_bytes()
    assert b"ENCRYPTED" in pem
    with pytest.raises(TypeError):
        load_pem_private_key(pem, password=None)
    open_spouse_case(counter, people["clerk"])  # sealed with the key, read through the secret
    assert station.verify_audit(counter, people["boss"]).intact


def test_a_damaged_encrypted_file_is_restored_by_the_administrators_password(
    counter, people, tmp_path
):
    from hukou_desk.services import station
    from tests.services.conftest import open_spouse_case

    open_spouse_case(counter, people["clerk"])
    done = vault.encrypt(counter.file, admin="admin", password=PASSWORD)
    made = backup.make_backup(database_of(done.file), reason="daily")
    path = database_of(done.file).path
    database_of(done.file).close()
    path.write_bytes(b"\0" * 8192)
    with pytest.raises(LoginRefused):
        station.restore_over_damage(path, file=made, username="admin", password="wrong-pass-1")
    station.restore_over_damage(path, file=made, username="admin", password=PASSWORD)
    database, _admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter.database = database
    with database.read() as session:
        assert session.exec(select(Case.id)).first() is not None


@pytest.mark.slow
def test_twenty_wrong_passwords_at_once_at_the_keyring_check_five_and_lock_the_rest(
    counter, people
):
    """A burst at the desk's sign-in on an encrypted file (the keyring's slot, before the case
    file opens): exactly the limit's worth are checked, the rest are refused as locked, and
    the right password is refused too until the lock runs out."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from hukou_desk.storage.attempts import MAX_FAILURES

    done = vault.encrypt(counter.file, admin="admin", password=PASSWORD)
    path = database_of(done.file).path
    database_of(done.file).close()
    start = threading.Barrier(20)

    def attempt(_n: int) -> str:
        start.wait()
        try:
            vault.sign_in(path, username="admin", password="guess-from-a-list")[0].close()
        except LoginRefused as exc:
            return "locked" if "locked" in exc.message.en else "wrong"
        return "in"

    with ThreadPoolExecutor(max_workers=20) as pool:
        said = list(pool.map(attempt, range(20)))
    assert (said.count("wrong"), said.count("locked")) == (MAX_FAILURES, 20 - MAX_FAILURES)
    with pytest.raises(LoginRefused, match="locked"):
        vault.sign_in(path, username="admin", password=PASSWORD)
