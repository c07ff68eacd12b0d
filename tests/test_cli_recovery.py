"""A dead PC brought back from one backup and the recovery secret, and a station registered at
the centre from its signed registration file — at the command line, on an encrypted station
set up the normal way, to a SQLite centre."""

from __future__ import annotations

import json
import shutil

import pytest

from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.listing import CaseFilter
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.services import staff, vault
from hukou_desk.services.counter import Counter, OpenFile
from hukou_desk.storage import backup, enrolment, keyring
from hukou_desk.storage.database import open_database
from tests.clirun import PASSWORD, hd
from tests.services.conftest import open_spouse_case
from tests.test_cli_access import BOSS_PASSWORD, STATION

NEW_ADMIN_PASSWORD = "Lychee-Harbour-Lantern-58"
CLERK_OWN_PASSWORD = "Banyan-Tidewater-Kettle-93"


def _counter(path, username, password):
    database, user = vault.sign_in(path, username=username, password=password)
    return Counter(database, load_policy(forms_dir()), load_calendar(forms_dir())), user


@pytest.fixture
def centre(tmp_path):
    """A SQLite centre with its keys."""
    keys = tmp_path / "centre" / "keys"
    hd("centre-init", "--dir", str(keys))
    return tmp_path / "centre" / "centre.db", keys


@pytest.mark.slow
def test_a_station_registers_at_the_centre_with_its_signed_file(tmp_path, centre):
    into, _keys = centre
    path = tmp_path / "data" / "hukou-desk.db"
    path.parent.mkdir()
    hd("first-start", *STATION, "--db", str(path), user="admin")
    refused = hd("station-key", "--db", str(path), check=False)
    assert refused.returncode == 2 and "--user" in refused.stderr  # encrypted: who asks?
    printed = hd("station-key", "--db", str(path), user="admin").stdout.strip()
    file = tmp_path / "stick" / "registration.json"
    file.parent.mkdir()
    said = hd("station-key", "--db", str(path), "--registration-file", str(file), user="admin")
    assert printed in said.stdout
    body = json.loads(file.read_text())["registration"]
    assert body["public_key"] == printed and body["replaces"] is None
    assert body["version"] == 1
    # The deciders' keys (here the administrator's) travel in the same file: one trip.
    assert [(d["username"], d["role"]) for d in body["deciders"]] == [("admin", "admin")]
    # Altered on the way: refused, nothing registered.
    forged = json.loads(file.read_text())
    forged["registration"]["station"]["code"] = "440703002"
    bad = tmp_path / "forged.json"
    bad.write_text(json.dumps(forged))
    no = hd("trust-station", "--file", str(bad), "--into", str(into), check=False)
    assert no.returncode == 2 and "signature does not verify" in no.stderr
    assert "registered" in hd("trust-station", "--file", str(file), "--into", str(into)).stdout
    centre_db = open_database(into)
    with centre_db.read() as session:
        enrolled = list(enrolment.enrolled_at_centre(session).values())
    centre_db.close()
    assert [(e["station"], e["username"]) for e in enrolled] == [("440703001", "admin")]
    # The old form still works (and agrees).
    hd("trust-station", "--into", str(into), "--", "440703001", printed)


@pytest.mark.slow
def test_a_dead_pc_comes_back_from_one_backup_and_the_recovery_secret(tmp_path, centre):
    """The data folder is gone but for one backup (with its sidecar) copied to a stick: the
    administrator restores it on a new PC with the recovery secret; every case is back; each
    user signs in after setting a new password; the centre learns of the new key from the
    registration file, and the next export is imported once."""
    into, keys = centre
    data = tmp_path / "data"
    path = data / "hukou-desk.db"
    sheet = tmp_path / "safe" / "secret.txt"
    sheet.parent.mkdir()
    data.mkdir()
    hd("first-start", *STATION, "--db", str(path), "--recovery-secret-file", str(sheet),
       user="admin")  # fmt: skip
    counter, admin = _counter(path, "admin", PASSWORD)
    staff.add_user(counter, admin, username="chenfang", display_name="陈芳",
                   role=Role.SUPERVISOR, password=BOSS_PASSWORD)  # fmt: skip
    staff.add_user(counter, admin, username="liwen", display_name="李文", role=Role.CLERK,
                   password=PASSWORD)  # fmt: skip
    clerk = staff.sign_in(counter.file, username="liwen", password=PASSWORD)
    numbers = [open_spouse_case(counter, clerk).number for _ in range(3)]
    counter.database.close()
    bundle_key = (keys / "centre-x25519.pem").read_bytes()
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from hukou_desk import keys as key_module

    public = key_module.public_text(load_pem_private_key(bundle_key, password=None))
    hd("install-centre-key", "--db", str(path), "--", public, user="admin")
    first = tmp_path / "stick" / "registration-1.json"
    first.parent.mkdir()
    hd("station-key", "--db", str(path), "--registration-file", str(first), user="admin")
    hd("trust-station", "--file", str(first), "--into", str(into))
    key = str(keys / "centre-x25519.pem")
    before = tmp_path / "before.hkb"
    hd("export", "--out", str(before), "--db", str(path), user="liwen")
    held = json.loads(hd("import", str(before), "--key", key, "--into", str(into), "--json").stdout)
    assert held["inserted"]["cases"] == 3
    made = hd("backup", "--db", str(path), user="admin").stdout.split("Backup taken: ")[1].strip()
    stick = tmp_path / "stick"
    shutil.copy(made, stick)
    shutil.copy(keyring.path_for(backup.backups(data / "backups")[0]), stick)
    shutil.rmtree(data)  # the PC is dead

    copy = stick / made.rsplit("/", 1)[-1]
    new_path = tmp_path / "newpc" / "hukou-desk.db"
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n")
    no = hd("restore", str(copy), "--db", str(new_path), "--recovery-secret-file", str(wrong),
            user="admin", password=NEW_ADMIN_PASSWORD, check=False)  # fmt: skip
    assert no.returncode == 2 and "recovery secret does not open" in no.stderr
    done = hd("restore", str(copy), "--db", str(new_path), "--recovery-secret-file", str(sheet),
              user="admin", password=NEW_ADMIN_PASSWORD)  # fmt: skip
    assert "chenfang, liwen" in done.stdout
    written = [p for p in new_path.parent.rglob("*") if p.is_file()]
    assert written and [p.name for p in written if p.stat().st_mode & 0o077] == []
    with pytest.raises(vault.LoginRefused):  # the old password opens nothing here
        vault.sign_in(new_path, username="admin", password=PASSWORD)
    counter, admin = _counter(new_path, "admin", NEW_ADMIN_PASSWORD)
    from hukou_desk.services import station

    found = station.search(counter, admin, CaseFilter(), source="test")
    assert sorted(r.number for r in found.rows) == sorted(numbers)
    for name in ("chenfang", "liwen"):
        staff.reset_password(counter, admin, username=name, password="Temporary-Pass-4417")
    counter.database.close()
    clerks, clerk = vault.sign_in(new_path, username="liwen", password="Temporary-Pass-4417")
    assert staff.must_change_password(OpenFile(clerks), clerk)  # the clerk chooses their own now
    staff.change_own_password(
        OpenFile(clerks), clerk, old="Temporary-Pass-4417", new=CLERK_OWN_PASSWORD
    )
    clerks.close()
    counter, clerk = _counter(new_path, "liwen", CLERK_OWN_PASSWORD)
    numbers.append(open_spouse_case(counter, clerk).number)  # work goes on on the new PC
    counter.database.close()

    second = stick / "registration-2.json"
    hd("station-key", "--db", str(new_path), "--registration-file", str(second), user="admin",
       password=NEW_ADMIN_PASSWORD)  # fmt: skip
    body = json.loads(second.read_text())["registration"]
    old_key = json.loads(first.read_text())["registration"]["public_key"]
    assert body["replaces"] == old_key and body["public_key"] != old_key
    bundle = tmp_path / "after.hkb"
    hd("export", "--out", str(bundle), "--db", str(new_path), user="liwen",
       password=CLERK_OWN_PASSWORD)  # fmt: skip
    unknown = hd("import", str(bundle), "--key", key, "--into", str(into), check=False)
    assert unknown.returncode == 2  # the centre does not know the new key yet
    # The file names the key it replaces; the operator must name it too (an explicit act).
    unasked = hd("trust-station", "--file", str(second), "--into", str(into), check=False)
    assert unasked.returncode == 2 and f"--replaces {old_key}" in unasked.stderr
    said = hd("trust-station", "--file", str(second), "--into", str(into), "--replaces", old_key,
              ).stdout  # fmt: skip
    assert f"replaces {old_key}" in said
    report = json.loads(hd("import", str(bundle), "--key", key, "--into", str(into),
                           "--json").stdout)  # fmt: skip
    assert not report["already_imported"] and report["inserted"]["cases"] == 1
    assert numbers[-1] not in numbers[:-1]  # no case number given out twice
    again = json.loads(hd("import", str(bundle), "--key", key, "--into", str(into),
                          "--json").stdout)  # fmt: skip
    assert again["already_imported"]  # once
    import sqlite3

    with sqlite3.connect(into) as centre_db:
        replaced = centre_db.execute(
            "SELECT detail FROM audit_event WHERE action = 'station.key_replace'"
        ).fetchall()
    assert len(replaced) == 1 and old_key in replaced[0][0]
