"""The whole trip from the command line, as a station and a centre run it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.clirun import hd, staffed_demo_file


@pytest.mark.slow
def test_station_and_centre_set_up_export_verify_and_import(tmp_path):
    station = tmp_path / "station" / "cases.db"
    centre = tmp_path / "centre" / "centre.db"
    keys = tmp_path / "centre" / "keys"
    staffed_demo_file(station, cases=80, real=True)
    made = hd("centre-init", "--dir", str(keys)).stdout.splitlines()
    signing_key = made[1].rsplit(" ", 1)[-1]
    station_key = hd("station-key", "--db", str(station)).stdout.strip()
    # A key may start with "-": after "--", as the help says.
    hd("trust-station", "--into", str(centre), "--", "440703001", station_key)
    reference = tmp_path / "reference.hkr"
    hd("reference", "--out", str(reference), "--keys", str(keys), "--into", str(centre))
    refused = hd(
        "install-reference", str(reference), "--db", str(station), user="admin", check=False
    )
    assert refused.returncode == 2 and "trust-centre" in refused.stderr
    clerk = hd("trust-centre", "--db", str(station), "--", signing_key, user="liwen", check=False)
    assert clerk.returncode == 2 and "Only an administrator" in clerk.stderr
    hd("trust-centre", "--db", str(station), "--", signing_key, user="admin")
    assert (
        "forms"
        in hd("install-reference", str(reference), "--db", str(station), user="admin").stdout
    )
    bundle = tmp_path / "b1.hkb"
    assert (
        "80 cases" in hd("export", "--out", str(bundle), "--db", str(station), user="liwen").stdout
    )
    key = keys / "centre-x25519.pem"
    assert hd("verify", str(bundle), "--key", str(key), "--into", str(centre)).stdout.startswith(
        "valid"
    )
    first = json.loads(
        hd("import", str(bundle), "--key", str(key), "--into", str(centre), "--json").stdout
    )
    assert first["inserted"]["cases"] == 80 and not first["already_imported"]
    ack = tmp_path / "b1.ack"
    again = hd(
        "import", str(bundle), "--key", str(key), "--into", str(centre), "--ack", str(ack)
    ).stdout
    assert "already imported" in again
    assert "80" in hd("acknowledge", str(ack), "--db", str(station), user="chenfang").stdout
    # Acknowledged: the next export carries nothing already held.
    assert (
        "0 cases"
        in hd(
            "export", "--out", str(tmp_path / "b2.hkb"), "--db", str(station), user="liwen"
        ).stdout
    )
    # A period re-sent: upserted, nothing new, the sequence untouched.
    period = tmp_path / "period.hkb"
    hd(
        "export",
        "--out",
        str(period),
        "--from",
        "2019-01-01",
        "--to",
        "2026-12-31",
        "--db",
        str(station),
        user="liwen",
    )
    resent = json.loads(
        hd("import", str(period), "--key", str(key), "--into", str(centre), "--json").stdout
    )
    assert resent["inserted"].get("cases", 0) == 0 and resent["unchanged"]["cases"] == 80
    bad = hd(
        "export", "--out", str(period), "--from", "2019-01-01", "--db", str(station), check=False
    )
    assert bad.returncode == 2 and "--to" in bad.stderr
    junk = tmp_path / "junk.hkb"
    junk.write_bytes(b"nothing")
    refused = hd("import", str(junk), "--key", str(key), "--into", str(centre), check=False)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_training_file_is_never_exported_and_demo_data_stays_out_of_real_files(tmp_path):
    training = staffed_demo_file(tmp_path / "training.db", cases=10)
    refused = hd("export", "--out", str(tmp_path / "t.hkb"), "--db", str(training), user="liwen",
                 check=False)  # fmt: skip
    assert refused.returncode == 2 and "training file" in refused.stderr
    assert not (tmp_path / "t.hkb").exists()
    real = staffed_demo_file(tmp_path / "real.db", cases=10, real=True)
    mixed = hd("demo-data", "--cases", "5", "--db", str(real), user="admin", check=False)
    assert mixed.returncode == 2 and "real case file" in mixed.stderr


def test_the_centre_revokes_a_station_with_a_reason(tmp_path):
    from hukou_desk.storage.database import open_database

    centre = tmp_path / "centre.db"
    open_database(centre).close()
    missing = hd("revoke-station", "440703001", "--reason", " ", "--into", str(centre), check=False)
    assert missing.returncode == 2
    done = hd("revoke-station", "440703001", "--reason", "PC stolen", "--into", str(centre))
    assert "revoked" in done.stdout
    with sqlite3.connect(centre) as raw:
        actions = [r[0] for r in raw.execute("SELECT action FROM audit_event")]
    assert actions.count("station.revoke") == 1


@pytest.mark.slow
def test_the_deciders_keys_go_to_the_centre_and_come_back_enrolled(tmp_path):
    """`enrolment-requests` at the station (an administrator's), `enrol` at the centre, the
    enrolments back in the centre's reference data: the supervisor may decide."""
    from hukou_desk.storage import enrolment
    from hukou_desk.storage.database import open_database

    station = tmp_path / "station" / "cases.db"
    centre = tmp_path / "centre" / "centre.db"
    keys = tmp_path / "centre" / "keys"
    staffed_demo_file(station, cases=5, real=True)
    signing_key = hd("centre-init", "--dir", str(keys)).stdout.splitlines()[1].rsplit(" ", 1)[-1]
    station_key = hd("station-key", "--db", str(station)).stdout.strip()
    hd("trust-station", "--into", str(centre), "--", "440703001", station_key)
    requests = tmp_path / "requests.json"
    clerk = hd("enrolment-requests", "--out", str(requests), "--db", str(station), user="liwen",
               check=False)  # fmt: skip
    assert clerk.returncode == 2 and "Only an administrator" in clerk.stderr
    said = hd("enrolment-requests", "--out", str(requests), "--db", str(station), user="admin")
    assert "2 enrolment requests" in said.stdout  # the administrator and the supervisor
    enrolled = hd("enrol", str(requests), "--into", str(centre)).stdout
    assert "440703001/chenfang supervisor" in enrolled and "2 keys enrolled" in enrolled
    forged = tmp_path / "forged.json"
    content = json.loads(requests.read_bytes())
    content["requests"][0]["role"] = (
        "admin" if content["requests"][0]["role"] != "admin" else "clerk"
    )
    forged.write_text(json.dumps(content), encoding="utf-8")
    refused = hd("enrol", str(forged), "--into", str(centre), check=False)
    assert refused.returncode == 2 and "not signed by station 440703001" in refused.stderr
    reference = tmp_path / "reference.hkr"
    hd("reference", "--out", str(reference), "--keys", str(keys), "--into", str(centre))
    hd("trust-centre", "--db", str(station), "--", signing_key, user="admin")
    installed = hd("install-reference", str(reference), "--db", str(station), user="admin")
    assert "enrolled 2" in installed.stdout
    database = open_database(station)
    with database.read() as session:
        assert enrolment.enrolled_key(session, "chenfang") is not None
        assert enrolment.enrolled_key(session, "liwen") is None  # a clerk's: never asked
    database.close()
    again = hd("enrolment-requests", "--out", str(requests), "--db", str(station), user="admin")
    assert "0 enrolment requests" in again.stdout
