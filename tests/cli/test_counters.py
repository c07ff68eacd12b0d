"""The issue's first attack, re-run at the command line on encrypted stations set up the normal
way: two PCs of station 440703001, 30 cases each for different people. Each is a counter of
its own (01, 02), registered beside the other; the centre holds all 60, each with its counter;
a case handed from 01 to 02 on a stick arrives once, owned by 02."""

from __future__ import annotations

import json
import sqlite3

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk.domain.identity import check_character
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.services import intake, staff, vault
from hukou_desk.services.counter import Counter, OpenFile
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case
from tests.clirun import PASSWORD, hd
from tests.services.conftest import spouse_facts
from tests.test_cli_access import STATION


def _cases(path, count: int, born: str) -> list[str]:
    database, admin = vault.sign_in(path, username="admin", password=PASSWORD)
    counter = Counter(database, load_policy(forms_dir()), load_calendar(forms_dir()))
    try:
        staff.add_user(counter, admin, username="liwen", display_name="李文", role=Role.CLERK,
                       password=PASSWORD)  # fmt: skip
        clerk = staff.sign_in(OpenFile(database), username="liwen", password=PASSWORD)
        numbers = []
        for n in range(count):
            first17 = f"440781{born}{n + 101:03d}"
            ref = intake.open_intake(
                counter,
                clerk,
                applicant=intake.Applicant(first17 + check_character(first17), f"陈{n}号"),
                facts=spouse_facts(),
                pathway_id="spouse",
                district="440703",
            )
            numbers.append(ref.number)
        return numbers
    finally:
        database.close()


@pytest.mark.slow
def test_two_pcs_of_one_station_are_two_counters_and_lose_nothing(tmp_path):
    centre, keys = tmp_path / "centre" / "centre.db", tmp_path / "centre" / "keys"
    made = hd("centre-init", "--dir", str(keys)).stdout.splitlines()
    bundle_key, signing_key = (line.rsplit(" ", 1)[-1] for line in made[:2])
    stick = tmp_path / "stick"
    stick.mkdir()
    pcs = {c: tmp_path / f"pc{c}" / "hukou-desk.db" for c in ("01", "02")}
    numbers = {}
    for counter, path in pcs.items():
        path.parent.mkdir()
        hd("first-start", *STATION, "--counter", counter, "--db", str(path), user="admin")
        assert hd("counter", "--db", str(path), user="admin").stdout.strip() == (
            f"440703001-{counter}"
        )
        numbers[counter] = _cases(path, 30, "19900101" if counter == "01" else "19910202")
        assert all(n.startswith(f"440703001-{counter}-") for n in numbers[counter])
        hd("install-centre-key", "--db", str(path), "--", bundle_key, user="admin")
        hd("trust-centre", "--db", str(path), "--", signing_key, user="admin")
        registration = stick / f"registration-{counter}.json"
        hd("station-key", "--db", str(path), "--registration-file", str(registration),
           user="admin")  # fmt: skip
        said = hd("trust-station", "--file", str(registration), "--into", str(centre)).stdout
        assert f"440703001, counter {counter} registered" in said
        assert "other counters' keys are unchanged" in said
    # Both keys held, neither replacing the other.
    with sqlite3.connect(centre) as db:
        held = dict(
            db.execute("SELECT key, value FROM setting WHERE key LIKE 'slipkey.440703001%'")
        )
    assert set(held) == {"slipkey.440703001-01", "slipkey.440703001-02"}

    key = str(keys / "centre-x25519.pem")
    for counter, path in pcs.items():
        bundle = tmp_path / f"first-{counter}.hkb"
        hd("export", "--out", str(bundle), "--db", str(path), user="liwen")
        report = json.loads(hd("import", str(bundle), "--key", key, "--into", str(centre),
                               "--json").stdout)  # fmt: skip
        assert report["inserted"]["cases"] == 30 and not report["already_imported"]
        assert report["station"] == f"440703001-{counter}"

    # 01 hands a case to 02 through the stick; 02 knows 01's key from the reference data.
    reference = tmp_path / "reference.hkr"
    hd("reference", "--out", str(reference), "--keys", str(keys), "--into", str(centre))
    hd("install-reference", str(reference), "--db", str(pcs["02"]), user="admin")
    moved = numbers["01"][0]
    file = stick / "case.hkh"
    given = hd("hand-over", moved, "--to", "02", "--out", str(file), "--reason", "review",
               "--db", str(pcs["01"]), user="liwen").stdout.splitlines()  # fmt: skip
    code = given[0].strip()
    assert "read-only copy" in given[1]
    wrong = hd("receive-case", str(file), "--code", "AAAA-BBBB-CCCC-DDDD", "--db",
               str(pcs["02"]), user="liwen", check=False)  # fmt: skip
    assert wrong.returncode == 2 and "code is wrong" in wrong.stderr
    # No terminal to type the code on, and none given: said in words, nothing taken.
    asked = hd("receive-case", str(file), "--db", str(pcs["02"]), user="liwen", check=False)
    assert asked.returncode == 2 and "give it with --code" in asked.stderr
    taken = hd("receive-case", str(file), "--code", code, "--db", str(pcs["02"]), user="liwen")
    assert f"Case {moved} received from counter 440703001-01" in taken.stdout
    again = hd("receive-case", str(file), "--code", code, "--db", str(pcs["02"]), user="liwen",
               check=False)  # fmt: skip
    assert again.returncode == 2 and "took this hand-over already" in again.stderr
    for counter in ("02", "01"):
        bundle = tmp_path / f"second-{counter}.hkb"
        hd("export", "--out", str(bundle), "--db", str(pcs[counter]), user="liwen")
        hd("import", str(bundle), "--key", key, "--into", str(centre), "--json")
    replay = json.loads(hd("import", str(tmp_path / "first-01.hkb"), "--key", key, "--into",
                           str(centre), "--json").stdout)  # fmt: skip
    assert replay["already_imported"]

    held = open_database(centre)  # the centre's file, as the centre opens it
    try:
        with held.read() as session:
            rows = session.exec(select(Case.number, Case.counter)).all()
            assert session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        held.close()
    assert len(rows) == 60 and len({n for n, _c in rows}) == 60
    owners = dict(rows)
    assert owners[moved] == "02"
    assert sum(c == "01" for c in owners.values()) == 29
    assert sum(c == "02" for c in owners.values()) == 31
    print(f"centre: {len(rows)} cases, 01: 29, 02: 31 (one handed over)")


@pytest.mark.slow
def test_a_pc_from_before_counters_made_a_counter_and_one_counter_revoked(tmp_path):
    """`set-counter` on a PC set up before counters renumbers its cases, said in one line, the
    old number still found by `search`; `revoke-station 440703001-02 --since` withdraws that
    counter's key alone, a malformed moment said in words."""
    centre = tmp_path / "centre" / "centre.db"
    centre.parent.mkdir()
    path = tmp_path / "old" / "hukou-desk.db"
    path.parent.mkdir()
    hd("first-start", *STATION, "--db", str(path), user="admin")  # no counter: as before
    old = _cases(path, 3, "19920303")
    assert all(n.startswith("440703001-2") for n in old)
    said = hd("set-counter", "01", "--db", str(path), user="admin").stdout
    assert "The 3 cases this PC numbered before counters now carry this counter's numbers" in said
    assert "counter 01 of 440703001 (440703001-01)" in said
    found = json.loads(hd("search", old[0], "--json", "--db", str(path), user="liwen").stdout)
    assert [row["number"] for row in found["cases"]] == [
        old[0].replace("440703001-", "440703001-01-", 1)
    ]
    again = hd("set-counter", "02", "--db", str(path), user="admin", check=False)
    assert again.returncode == 2 and "counter 01 already" in again.stderr

    bad = hd("revoke-station", "440703001-02", "--reason", "stolen", "--since", "noon",
             "--into", str(centre), check=False)  # fmt: skip
    assert bad.returncode == 2 and "YYYY-MM-DD HH:MM" in bad.stderr
    done = hd("revoke-station", "440703001-02", "--reason", "stolen", "--since",
              "2026-11-20 12:00", "--into", str(centre)).stdout  # fmt: skip
    assert "Counter 440703001-02's key revoked (the station's other counters untouched)" in done
    with sqlite3.connect(centre) as db:
        revoked = dict(db.execute("SELECT key, value FROM setting WHERE key LIKE 'revoked.%'"))
    assert revoked == {"revoked.440703001-02": "2026-11-20T12:00:00+08:00"}
