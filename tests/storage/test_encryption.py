"""A stolen case file: nothing readable in its bytes, its WAL or its backups; nothing opens it
without a password whose slot the keyring holds, or the recovery secret."""

from __future__ import annotations

import json
from datetime import date, timedelta
from types import MappingProxyType

import pytest
from sqlmodel import select

from hukou_desk import demo
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.storage import backup, keyring
from hukou_desk.storage.attempts import MAX_FAILURES, Attempts
from hukou_desk.storage.database import open_database
from hukou_desk.storage.errors import CaseFileLocked
from hukou_desk.storage.keyring import Keyring, KeyringRefused
from hukou_desk.storage.models import Person, utc_now

PASSWORD = "Baisha-Counter-2026"


def _count(ring: Keyring) -> Attempts:
    """The station's one count of wrong passwords (beside the case file the keyring serves)."""
    return Attempts(ring.path.with_suffix(""))


@pytest.fixture
def sealed(tmp_path, policy):
    """An encrypted station file with 30 demo cases, its keyring, and the recovery secret."""
    path = tmp_path / "hukou-desk.db"
    key = keyring.new_key()
    ring, secret = Keyring.create(keyring.path_for(path), key, admin="admin", password=PASSWORD)
    database = open_database(path, key=key)
    demo.generate(
        database,
        count=30,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=date(2026, 11, 20),
    )
    yield database, ring, secret, key
    database.close()


def _secrets_of(database) -> list[bytes]:
    with database.read() as session:
        people = session.exec(select(Person)).all()
    found = [p.id_number.encode() for p in people] + [p.name.encode() for p in people]
    assert len(found) >= 60
    return found


def test_no_identity_number_or_name_is_in_the_files_bytes(sealed):
    database, _ring, _secret, _key = sealed
    wanted = _secrets_of(database)
    made = backup.make_backup(database, reason="test")
    wal = database.path.with_name(database.path.name + "-wal")
    files = [database.path, made, *([wal] if wal.exists() else [])]
    keyring_bytes = keyring.path_for(database.path).read_bytes()
    for path in files:
        content = path.read_bytes()
        assert not content.startswith(b"SQLite format 3")
        leaked = [w for w in wanted if w in content]
        assert not leaked, (path.name, leaked[:2])
    assert not any(w in keyring_bytes for w in wanted)


def test_without_a_key_nothing_opens(sealed):
    database, _ring, _secret, _key = sealed
    database.close()
    with pytest.raises(CaseFileLocked, match="encrypted"):
        open_database(database.path)


def test_each_users_password_and_the_recovery_secret_open_it_and_a_removed_slot_does_not(
    sealed,
):
    database, ring, secret, key = sealed
    ring.set_user("clerk", "Clerk-pass-1", key)
    again = Keyring.load(ring.path)
    assert again.unlock("admin", PASSWORD, attempts=_count(ring)).key == key
    assert again.unlock("clerk", "Clerk-pass-1", attempts=_count(ring)).key == key
    assert again.recover(secret.lower().replace("-", " ")) == key  # as written down
    with pytest.raises(KeyringRefused):
        again.recover("AAAA-" + secret[5:])
    again.remove_user("clerk")
    with pytest.raises(KeyringRefused, match="Wrong user name or password"):
        Keyring.load(ring.path).unlock("clerk", "Clerk-pass-1", attempts=_count(ring))
    database.close()
    reopened = open_database(database.path, key=Keyring.load(ring.path).recover(secret))
    assert _secrets_of(reopened)
    reopened.close()


def test_a_slot_moved_to_another_name_opens_nothing(sealed):
    _database, ring, _secret, key = sealed
    ring.set_user("clerk", "Clerk-pass-1", key)
    content = json.loads(ring.path.read_text())
    clerk = next(s for s in content["slots"] if s["name"] == "clerk")
    admin = next(s for s in content["slots"] if s["name"] == "admin")
    for name in ("salt", "nonce", "wrapped"):
        admin[name] = clerk[name]  # the clerk's slot under the administrator's name
    ring.path.write_text(json.dumps(content))
    with pytest.raises(KeyringRefused):
        Keyring.load(ring.path).unlock("admin", "Clerk-pass-1", attempts=_count(ring))


def test_wrong_passwords_at_the_slot_lock_the_account_and_are_counted(sealed):
    _database, ring, _secret, _key = sealed
    now = utc_now()
    for _ in range(MAX_FAILURES):
        with pytest.raises(KeyringRefused, match="Wrong user name or password"):
            Keyring.load(ring.path).unlock("admin", "guess-1234", attempts=_count(ring), now=now)
    with pytest.raises(KeyringRefused, match="locked"):
        Keyring.load(ring.path).unlock("admin", PASSWORD, attempts=_count(ring), now=now)
    assert _count(ring).locked("admin", now=now)  # the one count every door reads
    opened = Keyring.load(ring.path).unlock(
        "admin", PASSWORD, attempts=_count(ring), now=now + timedelta(minutes=16)
    )
    assert opened.failures == MAX_FAILURES
    assert Keyring.load(ring.path).unlock("admin", PASSWORD, attempts=_count(ring)).failures == 0
    with pytest.raises(KeyringRefused, match="Wrong user name or password"):
        Keyring.load(ring.path).unlock("nobody", PASSWORD, attempts=_count(ring))


def test_a_slot_sealed_at_an_older_cost_is_sealed_again_at_todays(sealed, monkeypatch):
    """A station from before the calibration: each slot takes the new cost at its next good
    sign-in; a keyring that still holds the old per-slot counts loads."""
    _database, ring, _secret, key = sealed
    content = json.loads(ring.path.read_text())
    for slot in content["slots"]:
        slot.update(failed=2, locked_until=None)
    ring.path.write_text(json.dumps(content))
    monkeypatch.setattr(keyring, "COST", MappingProxyType({**keyring.COST, "time_cost": 2}))
    assert not Keyring.load(ring.path).slots["admin"].at_current_cost()
    assert Keyring.load(ring.path).unlock("admin", PASSWORD, attempts=_count(ring)).key == key
    again = Keyring.load(ring.path).slots["admin"]
    assert again.at_current_cost() and again.time_cost == 2
    assert "failed" not in ring.path.read_text()


@pytest.mark.slow
def test_an_encrypted_backup_restores_and_opens_with_the_same_key(sealed, tmp_path):
    database, _ring, _secret, key = sealed
    made = backup.make_backup(database, reason="test")
    wanted = _secrets_of(database)
    target = tmp_path / "restored" / "hukou-desk.db"
    target.parent.mkdir()
    backup.restore(made, target, key=key)
    restored = open_database(target, key=key)
    assert _secrets_of(restored) == wanted
    restored.close()


def test_a_missing_or_damaged_keyring_is_said(tmp_path):
    with pytest.raises(KeyringRefused, match="missing"):
        Keyring.load(tmp_path / "none.keyring")
    (tmp_path / "bad.keyring").write_text("{")
    with pytest.raises(KeyringRefused, match="damaged"):
        Keyring.load(tmp_path / "bad.keyring")
