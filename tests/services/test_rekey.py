"""Taking a person's access away takes it away: disabling a user re-keys the case file, its
scans, its signing key and every later backup; a lost recovery sheet gets a new secret; a
power cut at any stage leaves one consistent keyring."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from hukou_desk import demo
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services import intake, rekey, staff, station, vault
from hukou_desk.services.counter import database_of
from hukou_desk.storage import backup, driver, keyring
from hukou_desk.storage import rekey as rekeying
from hukou_desk.storage.attempts import Attempts
from hukou_desk.storage.keyring import Keyring
from hukou_desk.storage.models import Case
from hukou_desk.storage.sqlite_file import quick_check
from tests.services.conftest import PASSWORD, open_spouse_case

SCAN = b"%PDF-1.4\n% hukou booklet page of 440781199001011246\n%%EOF\n"


def _encrypted(counter, people):
    """The counter's station encrypted, a case with a scan in it; everyone has a slot."""
    case = open_spouse_case(counter, people["clerk"])
    intake.attach_scan(
        counter, people["clerk"], case_id=case.id, document_id="marriage_certificate",
        party="applicant", file_name="scan.pdf", content=SCAN,
    )  # fmt: skip
    done = vault.encrypt(counter.file, admin="admin", password=PASSWORD)
    counter.database = database_of(done.file)
    for name in done.without_slot:
        staff.reset_password(counter, people["admin"], username=name, password=PASSWORD)
    return case, done.recovery_secret


def _opens(path: Path, key: bytes) -> bool:
    return quick_check(path, key=key) is None


@pytest.mark.slow
def test_a_disabled_users_kept_keyring_and_password_open_nothing_written_after(
    counter, people, tmp_path
):
    """The reported attack: the clerk keeps a copy of the keyring and knows their password;
    the administrator disables them. Neither the live file, a new backup, a scan nor the
    station's signing key opens with what they kept; everyone else signs in as before."""
    case, secret = _encrypted(counter, people)
    path = counter.database.path
    kept = tmp_path / "kept.keyring"
    shutil.copy(keyring.path_for(path), kept)
    old_key = Keyring.load(kept).unlock("clerk", PASSWORD, attempts=Attempts(tmp_path / "x")).key
    assert _opens(path, old_key)
    scans_before = {f.name for f in counter.database.attachments_dir.rglob("*.sealed")}

    said = staff.set_active(counter, people["admin"], username="clerk", active=False)
    assert said is not None and said.recovery_secret is None and said.without_slot == []
    assert not _opens(path, old_key)  # the live file
    made = backup.make_backup(counter.database, reason="manual")
    assert not _opens(made, old_key)  # a backup from now on
    pem = (counter.database.keys_dir / "station-ed25519.pem").read_bytes()
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from hukou_desk.storage import seals

    with pytest.raises(ValueError):
        load_pem_private_key(pem, password=seals.key_file_password(old_key))
    scans_after = {f.name for f in counter.database.attachments_dir.rglob("*.sealed")}
    assert scans_after and not scans_after & scans_before  # sealed again, named anew
    from hukou_desk.storage import attachments

    with counter.database.read() as session:
        from hukou_desk.storage.models import Attachment

        digest = session.exec(select(Attachment.sha256)).one()
    assert attachments.load(counter.database.attachments_dir, digest, old_key) is None
    # The other staff keep their passwords; the file, scans and signatures still work.
    database, _boss = vault.sign_in(path, username="boss", password=PASSWORD)
    database.close()
    view = intake.view_case(counter, people["clerk2"], number=case.number)
    (scan,) = view.scans
    assert intake.open_scan(counter, people["clerk2"], scan_id=scan.id).content == SCAN
    assert station.verify_audit(counter, people["boss"]).intact
    with pytest.raises(vault.LoginRefused):
        vault.sign_in(path, username="clerk", password=PASSWORD)
    # The recovery secret (unchanged) opens the new backup through its sidecar.
    assert _opens(made, Keyring.load(keyring.path_for(made)).recover(secret))
    assert not [p for p in path.parent.rglob("*") if p.name.endswith((".next", ".rekeying"))]
    readable = [p.name for p in path.parent.rglob("*") if p.stat().st_mode & 0o077]
    assert readable == []  # every file and folder the re-key wrote: owner-only


@pytest.mark.slow
def test_a_lost_recovery_sheet_gets_a_new_secret_and_the_old_one_opens_nothing_new(counter, people):
    _case, old_secret = _encrypted(counter, people)
    path = counter.database.path
    before = backup.make_backup(counter.database, reason="manual")
    new_secret = rekey.new_recovery_secret(counter, people["admin"])
    assert new_secret != old_secret
    with pytest.raises(keyring.KeyringRefused):
        vault.recover(path, secret=old_secret)
    vault.recover(path, secret=new_secret).close()
    # The backup taken before: its sidecar now answers the new secret only.
    side = Keyring.load(keyring.path_for(before))
    with pytest.raises(keyring.KeyringRefused):
        side.recover(old_secret)
    assert _opens(before, side.recover(new_secret))
    with pytest.raises(staff.NotPermitted):
        rekey.new_recovery_secret(counter, people["boss"])


_REKEY = """
import sys
from pathlib import Path
from hukou_desk.storage import accounts, keyring
from types import MappingProxyType
keyring.COST = MappingProxyType({"time_cost": 1, "memory_cost": 8, "parallelism": 1})
from hukou_desk.services import rekey, vault
from hukou_desk.storage import cases
database, _admin = vault.sign_in(Path(sys.argv[1]), username="admin", password=sys.argv[2])
with database.write() as session:  # the disabling committed, its re-key to come
    clerk = cases.user_named(session, "clerk")
    accounts.set_active(session, actor="admin", user=clerk, active=False)
rekey.rekey(database, actor="admin", reason="disabled", without=["clerk"],
            new_recovery=True, progress=lambda stage: print(stage, flush=True))
print("done", flush=True)
"""


@pytest.mark.slow  # a process per stage, killed as the stage begins (about 20 s each, loaded)
@pytest.mark.parametrize("stage", rekeying.STAGES)
def test_power_lost_at_each_stage_of_a_rekey_leaves_one_consistent_keyring(
    counter, people, policy, stage
):
    """SIGKILL as each stage begins: the file then opens — under the old key or the new —
    with exactly one keyring, every case and scan in it; the clerk's slot is gone either way
    (a disabling not re-keyed is re-keyed at the next sign-in)."""
    demo.generate(
        counter.database, count=300, policy=policy, calendar=load_calendar(forms_dir()),
        today=date(2026, 11, 20),
    )  # fmt: skip
    case, _secret = _encrypted(counter, people)
    staff.set_active(counter, people["admin"], username="boss2", active=False)  # a rekey before
    with counter.database.read() as session:
        cases = len(session.exec(select(Case.id)).all())
    # The demo's bulk staff are unsigned acts on a file that signs: the trail's verdict says
    # so before the re-key, and the re-key must leave that verdict exactly as it was.
    verdict = station.verify_audit(counter, people["boss"])
    path = counter.database.path
    old_id = Keyring.load(keyring.path_for(path)).key_id
    counter.database.close()
    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_REKEY), str(path), PASSWORD],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    seen = []
    while (line := child.stdout.readline().decode().strip()) not in (stage, ""):
        seen.append(line)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert line == stage, seen

    # Killed before the rename, it is undone (the old key stays); after, finished (None: it
    # had not begun, or had ended).
    outcome = rekeying.settle(path)
    rekeyed = Keyring.load(keyring.path_for(path)).key_id != old_id
    assert (outcome, rekeyed) not in {("back", True), ("forward", False)}
    database, _admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter.database = database
    leftovers = [p.name for p in path.parent.rglob("*") if p.name.endswith((".next", ".rekeying"))]
    assert leftovers == [] and not (path.parent / "attachments.old").exists()
    ring = Keyring.load(keyring.path_for(path))
    assert ring.key_id == keyring.key_id(database.key)  # the one keyring opens the file
    assert "clerk" not in ring.users() and "boss2" not in ring.users()
    with database.read() as session:
        assert len(session.exec(select(Case.id)).all()) == cases
    view = intake.view_case(counter, people["clerk2"], number=case.number)
    assert intake.open_scan(counter, people["clerk2"], scan_id=view.scans[0].id).content == SCAN
    after = station.verify_audit(counter, people["boss"])
    assert (after.broken_at, after.problem) == (verdict.broken_at, verdict.problem)
    assert not driver.is_plain(path)


@pytest.mark.slow
def test_a_backup_from_before_a_rekey_is_still_restored_by_the_administrator(counter, people):
    """Re-keyed twice since the backup was taken: the case file keeps its earlier keys inside
    (under its current one), so the administrator's restore still opens the backup, and puts
    it in place under today's key, which everyone's password opens."""
    _encrypted(counter, people)
    taken = backup.make_backup(counter.database, reason="manual")
    open_spouse_case(counter, people["clerk2"])  # after the backup: gone with the restore
    staff.set_active(counter, people["admin"], username="clerk", active=False)
    staff.set_active(counter, people["admin"], username="boss2", active=False)
    today = counter.database.key
    assert today is not None and quick_check(taken, key=today) is not None
    station.restore(counter, people["admin"], file=taken)
    assert counter.database.key == today
    with counter.database.read() as session:
        assert len(session.exec(select(Case.id)).all()) == 1
    database, _boss = vault.sign_in(counter.database.path, username="boss", password=PASSWORD)
    database.close()


@pytest.mark.slow
def test_a_lost_keyring_is_recovered_from_a_backup_with_the_scans_left_on_the_pc(counter, people):
    """The keyring (and the case file) lost, the scans still on the disk: the recovery secret
    and the latest backup bring the station back under a new key, its scans sealed anew; the
    old password opens nothing; a wrong password for the administrator is refused first."""
    case, secret = _encrypted(counter, people)
    taken = backup.make_backup(counter.database, reason="manual")
    path = counter.database.path
    counter.database.close()
    keyring.path_for(path).unlink()
    path.unlink()
    with pytest.raises(staff.HukouDeskError, match="not accepted"):
        vault.restore_from_backup(
            path, backup_file=taken, secret=secret, admin_username="admin", password="password1"
        )
    assert not path.exists()
    done = vault.restore_from_backup(
        path, backup_file=taken, secret=secret, admin_username="admin",
        password="Lychee-Harbour-Lantern-58",
    )  # fmt: skip
    assert done.without_slot == ["boss", "boss2", "clerk", "clerk2"]
    assert done.replaced_key is not None and done.station_key != done.replaced_key
    with pytest.raises(vault.LoginRefused):
        vault.sign_in(path, username="admin", password=PASSWORD)
    database, admin = vault.sign_in(path, username="admin", password="Lychee-Harbour-Lantern-58")
    counter.database = database
    view = intake.view_case(counter, admin, number=case.number)
    assert intake.open_scan(counter, admin, scan_id=view.scans[0].id).content == SCAN
    assert station.verify_audit(counter, admin).intact


def _format_1(ring: Keyring, key: bytes, secrets: dict[str, str]) -> None:
    """The keyring as a station encrypted before format 2 wrote it: the key wrapped straight
    under each password (`secrets`: name → password or recovery secret)."""
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    for name, secret in secrets.items():
        slot = ring.slots[name]
        old = keyring.Slot(
            slot.kind, name, slot.salt, slot.nonce, "", slot.time_cost, slot.memory_cost,
            slot.parallelism,
        )  # fmt: skip
        normal = "".join(c for c in secret.upper() if c.isalnum()) if name == "recovery" else secret
        sealed = ChaCha20Poly1305(old._kek(normal)).encrypt(
            base64.b64decode(old.nonce), key, f"hukou-desk keyring v1|{old.kind}|{name}".encode()
        )
        old.wrapped = base64.b64encode(sealed).decode()
        ring.slots[name] = old
    ring.key_id = ""
    ring.save()


@pytest.mark.slow
def test_a_keyring_from_before_format_2_follows_a_rekey_with_a_new_secret_shown(counter, people):
    """A station encrypted before this change: a user who signed in since has a format 2 slot
    and keeps their password; one who has not is named for a new password; the old recovery
    slot cannot follow, so a new secret is made and returned to be shown (never made silently
    at someone's sign-in)."""
    _case, secret = _encrypted(counter, people)
    path = counter.database.path
    ring = Keyring.load(keyring.path_for(path))
    names = ["admin", "clerk", "clerk2", "boss", "boss2"]
    _format_1(ring, counter.database.key, {"recovery": secret} | dict.fromkeys(names, PASSWORD))
    vault.recover(path, secret=secret).close()  # format 1 still opens
    for name in ("admin", "clerk"):
        vault.sign_in(path, username=name, password=PASSWORD)[0].close()
    assert Keyring.load(keyring.path_for(path)).slots["clerk"].resealable  # sealed anew
    with counter.database.write() as session:  # a disabling whose re-key never came
        from hukou_desk.storage import accounts, cases

        accounts.set_active(
            session, actor="admin", user=cases.user_named(session, "boss2"), active=False
        )
    vault.sign_in(path, username="clerk", password=PASSWORD)[0].close()
    assert "boss2" in Keyring.load(keyring.path_for(path)).users()  # no secret made silently
    said = staff.set_active(counter, people["admin"], username="boss", active=False)
    assert said is not None and said.recovery_secret is not None
    assert said.without_slot == ["clerk2"]  # boss2, disabled meanwhile, is simply dropped
    assert Keyring.load(keyring.path_for(path)).users() == ["admin", "clerk"]
    with pytest.raises(keyring.KeyringRefused):
        vault.recover(path, secret=secret)
    vault.recover(path, secret=said.recovery_secret).close()
    vault.sign_in(path, username="clerk", password=PASSWORD)[0].close()
