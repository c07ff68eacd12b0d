"""Station → bundle → centre on real files and a real PostgreSQL server: nothing lost, nothing
doubled, nothing forged, nothing readable without the centre's key."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import (
    accounts,
    attachments,
    cases,
    registry,
)
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import Case, Person, StationAudit, SyncConflict
from hukou_desk.sync import bundle, transfer
from hukou_desk.sync.bundle import BundleRefused
from hukou_desk.sync.centre import open_target
from tests.sync.conftest import _acknowledge, _import, _station, _trust

TODAY = date(2026, 11, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _archive(data: bytes, centre_key: X25519PrivateKey) -> bytes:
    """The plain archive inside a bundle (a test holds the centre's key)."""
    with bundle.plaintext(data, centre_key) as plain:
        return plain.read()


def _count(database: Database, model) -> int:
    with database.read() as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


def test_a_bundle_carries_everything_and_a_second_import_changes_nothing(
    pair, centre_key, tmp_path
):
    station, centre = pair
    with station.write() as session:
        case = next(
            c
            for c in session.exec(select(Case).order_by(Case.serial))
            if c.status == "draft" and cases.checks_of(session, c)
        )
        check = cases.checks_of(session, case)[0]
        clerk = cases.user_named(session, "liwen")
        attachments.attach(
            session,
            folder=station.attachments_dir,
            actor=clerk,
            case=case,
            check=check,
            file_name="scan.pdf",
            content=PDF,
        )
    exported = transfer.export(station, actor="t")
    assert exported.manifest["counts"]["cases"] == 120
    assert b"440781" not in exported.data  # sealed: no identity number readable
    report = _import(centre, exported.data, centre_key, tmp_path)
    assert report.inserted["cases"] == 120 and not report.already_imported
    assert _count(centre, Case) == 120
    assert _count(centre, StationAudit) == exported.manifest["counts"]["audit"]
    stored = attachments.path_of(tmp_path / "files", hashlib.sha256(PDF).hexdigest())
    assert stored.read_bytes() == PDF
    again = _import(centre, exported.data, centre_key, tmp_path)
    assert again.already_imported and _count(centre, Case) == 120
    # Staff arrive named by station and unable to log in at the centre.
    with centre.read() as session:
        liwen = cases.user_named(session, "440703001/liwen")
        assert liwen.password_hash is None and not liwen.active


def test_until_the_centre_acknowledges_everything_is_sent_again_harmlessly(
    centres, centre_key, tmp_path
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    station, centre = centres
    signer = Ed25519PrivateKey.generate()
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    first = transfer.export(station, actor="t")
    demo.generate(station, count=5, policy=policy, calendar=calendar, today=TODAY)
    second = transfer.export(station, actor="t")  # the first was never acknowledged
    assert second.manifest["seq_from"] == 1 and second.manifest["counts"]["cases"] == 125
    report = _import(centre, first.data, centre_key, tmp_path)
    report = _import(centre, second.data, centre_key, tmp_path)  # overlaps: upserted
    assert report.inserted["cases"] == 5 and report.unchanged["cases"] == 120
    assert _acknowledge(station, centre, report, signer) == second.manifest["seq_to"]
    demo.generate(station, count=5, policy=policy, calendar=calendar, today=TODAY)
    third = transfer.export(station, actor="t")
    assert third.manifest["seq_from"] == second.manifest["seq_to"] + 1
    assert third.manifest["counts"]["cases"] == 5
    _import(centre, third.data, centre_key, tmp_path)
    assert _count(centre, Case) == 130


def test_a_gap_is_refused_with_the_missing_range(pair, centre_key, tmp_path):
    """The centre restored from an old backup: the station's acknowledged changes are gone."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    first = transfer.export(station, actor="t")
    report = _import(centre, first.data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    demo.generate(
        station,
        count=5,
        policy=load_policy(forms_dir()),
        calendar=load_calendar(forms_dir()),
        today=TODAY,
    )
    later = transfer.export(station, actor="t")
    restored = open_database(tmp_path / "restored.db")  # knows this station, not its changes
    _trust(restored, station)
    with restored.write() as session:
        registry.put(session, registry.IMPORTED_SEQ.entry("440703001"), 7)
    with pytest.raises(BundleRefused) as gap:
        _import(restored, later.data, centre_key, tmp_path)
    assert f"8–{later.manifest['seq_from'] - 1}" in gap.value.describe("en")
    assert _count(restored, Case) == 0
    restored.close()


def test_an_acknowledgement_not_from_the_centre_or_not_for_this_station_is_refused(
    pair, centre_key, tmp_path
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hukou_desk.sync import reference

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    with station.write() as session:
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
    trusted = keys.public_text(signer)
    forged = transfer.acknowledgement(report, (0, "0" * 64), Ed25519PrivateKey.generate())
    report.station = "440703009"
    other = transfer.acknowledgement(report, (0, "0" * 64), signer)
    report.station, report.seq_to = "440703001", report.seq_to + 50
    ahead = transfer.acknowledgement(report, (0, "0" * 64), signer)
    for data, said in (
        (forged, "not the centre"),
        (other, "for station"),
        (ahead, "more than"),
        (b"junk", "not a centre"),
    ):
        with pytest.raises(BundleRefused, match=said), station.write() as session:
            transfer.acknowledge(session, data, centre_key=trusted, actor="t")
    with station.read() as session:
        assert registry.get(session, registry.ACKNOWLEDGED_SEQ) is None


def _resealed(data: bytes, centre_key: X25519PrivateKey, change) -> bytes:
    """What someone holding only the centre's *public* key could do: open nothing, but make a
    new bundle — here from a real one's archive, altered (we decrypt it, as a test may)."""
    plain = _archive(data, centre_key)
    source = zipfile.ZipFile(io.BytesIO(plain))
    members = {name: source.read(name) for name in source.namelist()}
    members = change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for name, content in members.items():
            zipped.writestr(name, content)
    return bundle.seal_archive(out.getvalue(), centre_key.public_key())


def _altered_member(members):
    members["cases.jsonl"] = members["cases.jsonl"].replace(b'"draft"', b'"approved"', 1)
    return members


def _missing_member(members):
    del members["checks.jsonl"]
    return members


def _forged_manifest(members):
    manifest = json.loads(members["manifest.json"])
    manifest["seq_to"] += 1000
    members["manifest.json"] = bundle.canonical(manifest)
    return members


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_altered_member, "cases.jsonl was altered"),
        (_missing_member, "missing or unexpected: checks.jsonl"),
        (_forged_manifest, "Bad signature"),
    ],
)
def test_an_altered_bundle_is_refused_and_nothing_is_written(
    pair, centre_key, tmp_path, change, said
):
    station, centre = pair
    data = _resealed(transfer.export(station, actor="t").data, centre_key, change)
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    assert said in refused.value.describe("en")
    assert _count(centre, Case) == 0


def test_unknown_revoked_newer_foreign_and_stranger_files_are_refused(pair, centre_key, tmp_path):
    station, centre = pair
    data = transfer.export(station, actor="t").data
    stranger = open_database(tmp_path / "other-centre.db")
    with pytest.raises(BundleRefused, match="Unknown station"):
        _import(stranger, data, centre_key, tmp_path)
    with pytest.raises(BundleRefused, match="not sealed for this centre"):
        _import(centre, data, X25519PrivateKey.generate(), tmp_path)
    newer = (
        data[: len(bundle.MAGIC)]
        + bytes([bundle.FORMAT_VERSION + 1])
        + data[len(bundle.MAGIC) + 1 :]
    )
    with pytest.raises(BundleRefused, match="newer"):
        _import(centre, newer, centre_key, tmp_path)
    with pytest.raises(BundleRefused, match="not a hukou-desk bundle"):
        _import(centre, b"PK\x03\x04 a zip, not a bundle", centre_key, tmp_path)
    with centre.write() as session:
        transfer.revoke(session, station="440703001", actor="t")
    with pytest.raises(BundleRefused, match="revoked"):
        _import(centre, data, centre_key, tmp_path)
    assert _count(centre, Case) == 0
    stranger.close()


def test_a_case_the_centre_changed_is_kept_in_both_versions(centres, centre_key, tmp_path):
    station, centre = centres
    _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    with station.read() as session:
        number = session.exec(select(Case.number).order_by(Case.serial)).first()
    with centre.write() as session:  # the centre corrects the case twice
        case = cases.case_by_number(session, number)
        case.revision += 2
        case.district = "440705"
        session.add(case)
    with station.write() as session:  # the station changes it once, meanwhile
        case = cases.case_by_number(session, number)
        person = session.get(Person, case.applicant_id)
        cases.save_person(
            session,
            actor=cases.user_named(session, "liwen"),
            identity_number=person.id_number,
            name=person.name,
            today=TODAY,
            phone="13900000000",
        )
    exported = transfer.export(station, actor="t")
    report = _import(centre, exported.data, centre_key, tmp_path)
    assert report.conflicts == [number]
    # The changed person updated, the rest of the upserted rows counted unchanged.
    counts = exported.manifest["counts"]
    assert report.updated.get("persons") == 1 and not report.inserted.get("persons")
    assert report.unchanged["persons"] == counts["persons"] - 1
    assert (report.unchanged["cases"], report.updated.get("cases")) == (counts["cases"] - 1, None)
    with centre.read() as session:
        assert cases.case_by_number(session, number).district == "440705"  # not overwritten
        (conflict,) = session.exec(select(SyncConflict)).all()
        listed = transfer.open_conflicts(session)
        assert [c["case"] for c in listed] == [number]
        assert (
            conflict.incoming["number"] == number
            and conflict.centre_revision > conflict.incoming_revision
        )


def test_the_same_person_with_open_cases_at_two_stations_is_flagged(tmp_path, centre_key):
    from hukou_desk.domain.facts import Facts
    from hukou_desk.domain.identity import mask
    from hukou_desk.storage.models import Person

    first = _station(tmp_path / "a" / "cases.db", centre_key, count=40, seed=9)
    second = _station(tmp_path / "b" / "cases.db", centre_key, count=40, seed=10, code="440703002")
    with first.read() as session:
        open_statuses = ("draft", "needs_documents", "submitted", "recommended")
        draft = session.exec(select(Case).where(Case.status.in_(open_statuses))).first()
        person = session.get(Person, draft.applicant_id)
    with second.write() as session:  # the same applicant asks again, at another station
        clerk = cases.user_named(session, "liwen")
        again = cases.save_person(
            session, actor=clerk, identity_number=person.id_number, name=person.name, today=TODAY
        )
        cases.create_case(
            session,
            actor=clerk,
            applicant=again,
            pathway=None,
            facts=Facts(),
            application_date=TODAY,
            district="440703",
            policy=load_policy(forms_dir()),
        )
    centre = open_database(tmp_path / "centre.db")
    _trust(centre, first)
    _trust(centre, second)
    _import(centre, transfer.export(first, actor="t").data, centre_key, tmp_path)
    report = _import(centre, transfer.export(second, actor="t").data, centre_key, tmp_path)
    assert report.duplicates == [mask(person.id_number)]
    with centre.read() as session:
        assert session.exec(select(sa.func.count()).select_from(Case)).one() == 81
        # One person at the centre, with cases from both stations.
        assert (
            session.exec(
                select(sa.func.count())
                .select_from(Person)
                .where(Person.id_number == person.id_number)
            ).one()
            == 1
        )
    for database in (first, second, centre):
        database.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzzed_bundles_are_always_a_clean_refusal(pair, centre_key, tmp_path, data):
    station, centre = pair
    if not hasattr(test_fuzzed_bundles_are_always_a_clean_refusal, "bundle"):
        test_fuzzed_bundles_are_always_a_clean_refusal.bundle = transfer.export(
            station, actor="t"
        ).data
    original = test_fuzzed_bundles_are_always_a_clean_refusal.bundle
    how = data.draw(st.sampled_from(["flip", "cut", "duplicate", "reorder"]))
    if how == "flip":
        at = data.draw(st.integers(0, len(original) - 1))
        mutated = (
            original[:at]
            + bytes([original[at] ^ data.draw(st.integers(1, 255))])
            + original[at + 1 :]
        )
    elif how == "cut":
        mutated = original[: data.draw(st.integers(0, len(original) - 1))]
    elif how == "duplicate":

        def dup(members):
            lines = members["cases.jsonl"].splitlines(keepends=True)
            members["cases.jsonl"] = b"".join(lines + lines[:1])
            return members

        mutated = _resealed(original, centre_key, dup)
    else:

        def reorder(members):
            return dict(reversed(list(members.items())))

        mutated = _resealed(original, centre_key, reorder)
    before = _count(centre, Case)
    try:
        _import(centre, mutated, centre_key, tmp_path)
    except BundleRefused:
        assert _count(centre, Case) == before
        return
    # Only a reordering of an intact archive may pass: the same content, the same rows.
    assert how == "reorder"


@pytest.mark.skipif(
    subprocess.run(["which", "openssl"], capture_output=True).returncode, reason="no openssl"
)
def test_openssl_verifies_the_stations_signature_on_the_manifest(pair, centre_key, tmp_path):
    station, _centre = pair
    data = transfer.export(station, actor="t").data
    plain = _archive(data, centre_key)
    archive = zipfile.ZipFile(io.BytesIO(plain))
    (tmp_path / "manifest.json").write_bytes(archive.read("manifest.json"))
    (tmp_path / "manifest.sig").write_bytes(keys.unb64url(archive.read("signature").decode()))
    key: Ed25519PrivateKey = keys.station_key(station.keys_dir)
    (tmp_path / "station.pem").write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    verify = [
        "openssl",
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        str(tmp_path / "station.pem"),
        "-rawin",
        "-in",
        str(tmp_path / "manifest.json"),
        "-sigfile",
        str(tmp_path / "manifest.sig"),
    ]
    done = subprocess.run(verify, capture_output=True, text=True)
    assert done.returncode == 0 and "Signature Verified Successfully" in done.stdout
    (tmp_path / "manifest.json").write_bytes(archive.read("manifest.json") + b" ")
    assert subprocess.run(verify, capture_output=True).returncode != 0


def test_an_import_killed_mid_way_leaves_the_centre_as_it_was(tmp_path, centre_key):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=6000)
    centre = open_database(tmp_path / "centre.db")
    _trust(centre, station)
    path = tmp_path / "big.hkb"
    path.write_bytes(transfer.export(station, actor="t").data)
    key_file = tmp_path / "centre.pem"
    key_file.write_bytes(
        centre_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    centre.close()
    script = textwrap.dedent(
        f"""
        import sys
        from hukou_desk.__main__ import main
        sys.exit(main(["import", {str(path)!r}, "--key", {str(key_file)!r},
                       "--into", {str(tmp_path / "centre.db")!r}]))
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # Kill it once it holds the write lock, mid-transaction.
    deadline = time.monotonic() + 60
    journal = tmp_path / "centre.db-wal"
    while time.monotonic() < deadline and (
        not journal.exists() or journal.stat().st_size < 1_000_000
    ):
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    centre = open_database(tmp_path / "centre.db")
    assert _count(centre, Case) == 0
    with centre.read() as session:
        assert registry.get(session, registry.IMPORTED_SEQ.entry("440703001")) is None
    # And the same bundle then imports whole.
    report = _import(centre, path.read_bytes(), centre_key, tmp_path)
    assert report.inserted["cases"] == 6000
    centre.close()
    station.close()


def test_the_same_bundle_imports_into_postgresql_once(pair, centre_key, tmp_path, fresh_postgres):
    station, _file_centre = pair
    data = transfer.export(station, actor="t").data
    centre = open_target(fresh_postgres)
    _trust(centre, station)
    report = _import(centre, data, centre_key, tmp_path)
    assert report.inserted["cases"] == 120
    again = _import(centre, data, centre_key, tmp_path)
    assert again.already_imported
    with centre.read() as session:
        assert session.exec(select(sa.func.count()).select_from(Case)).one() == 120
        assert session.exec(select(sa.func.count()).select_from(StationAudit)).one() > 120
    centre.close()


def test_a_bundle_signed_before_a_key_change_still_imports(pair, centre_key, tmp_path):
    """The station's PC was replaced and a new key made: what it exported before still
    imports, the centre keeping the old key as retired, not forgotten."""
    station, centre = pair
    before = transfer.export(station, actor="t").data
    with station.write() as session:
        keys.new_station_key(session, station.keys_dir, station_code="440703001", actor="admin")
    _trust(centre, station)  # the centre registers the new key; the old one is retired
    with centre.read() as session:
        assert "440703001" in keys.retired_keys(session)
    report = _import(centre, before, centre_key, tmp_path)
    assert report.station == "440703001"
    after = transfer.export(station, actor="t").data  # signed with the new key
    _import(centre, after, centre_key, tmp_path)


def test_one_station_cannot_overwrite_anothers_cases_or_staff(tmp_path, centre_key):
    """Station B carries station A's case (set to approved) in a bundle it signs: refused,
    named, and nothing of B's bundle written; the same for one of A's staff renamed."""
    import sqlite3

    first = _station(tmp_path / "a" / "cases.db", centre_key, count=30, seed=3)
    second = _station(tmp_path / "b" / "cases.db", centre_key, count=30, seed=4, code="440703002")
    centre = open_database(tmp_path / "centre.db")
    _trust(centre, first)
    _trust(centre, second)
    _import(centre, transfer.export(first, actor="t").data, centre_key, tmp_path)
    with centre.read() as session:
        victim = session.exec(select(Case).where(Case.station_code == "440703001")).first()
        before = (victim.status, victim.revision)
        cases_before = len(session.exec(select(Case)).all())
    # B's file gets A's case, newer and approved, as if B had it: B exports, signing it.
    with sqlite3.connect(first.path) as raw_a, sqlite3.connect(second.path) as raw_b:
        columns = [c[1] for c in raw_a.execute("PRAGMA table_info(case_file)")]
        row = list(
            raw_a.execute("SELECT * FROM case_file WHERE id = ?", (victim.id.hex,)).fetchone()
        )
        row[columns.index("status")] = "approved"
        row[columns.index("revision")] = victim.revision + 5
        row[columns.index("serial")] = 999_999
        marks = ", ".join("?" for _ in columns)
        raw_b.execute(f"INSERT INTO case_file ({', '.join(columns)}) VALUES ({marks})", row)
        raw_b.execute(
            "INSERT INTO change (case_id, action, revision, at) VALUES (?, 'case.revise', ?, ?)",
            (victim.id.hex, victim.revision + 5, "2026-11-29T00:00:00"),
        )
    with pytest.raises(BundleRefused) as refused:
        _import(centre, transfer.export(second, actor="t").data, centre_key, tmp_path)
    said = refused.value.describe("en")
    assert victim.number in said and "not its own" in said
    with centre.read() as session:
        again = session.get(Case, victim.id)
        assert (again.status, again.revision) == before
        assert len(session.exec(select(Case)).all()) == cases_before  # none of B's written


def test_a_station_cannot_rename_another_stations_staff(tmp_path, centre_key):
    import sqlite3

    second = _station(tmp_path / "b" / "cases.db", centre_key, count=5, seed=4, code="440703002")
    centre = open_database(tmp_path / "centre.db")
    _trust(centre, second)
    with sqlite3.connect(second.path) as raw:
        raw.execute("UPDATE user SET username = '440703001/liwen' WHERE username = 'liwen'")
    with pytest.raises(BundleRefused) as refused:
        _import(centre, transfer.export(second, actor="t").data, centre_key, tmp_path)
    assert "440703001/liwen" in refused.value.describe("en")
    with centre.read() as session:
        assert session.exec(select(Case)).all() == []


def test_a_scan_attached_after_an_acknowledged_export_travels_with_the_next(
    pair, centre_key, tmp_path
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hukou_desk.storage.models import CheckAttachment

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    with station.write() as session:
        case = next(
            c
            for c in session.exec(select(Case).order_by(Case.serial))
            if c.status in ("draft", "needs_documents") and cases.checks_of(session, c)
        )
        check = cases.checks_of(session, case)[0]
        clerk = cases.user_named(session, "liwen")
        attachments.attach(
            session,
            folder=station.attachments_dir,
            actor=clerk,
            case=case,
            check=check,
            file_name="scan.pdf",
            content=PDF,
        )
        number = case.number
    after = transfer.export(station, actor="t")
    assert after.manifest["counts"]["cases"] == 1  # the case the scan was attached to
    _import(centre, after.data, centre_key, tmp_path)
    with centre.read() as session:
        held = session.exec(select(Case).where(Case.number == number)).one()
        links = session.exec(select(CheckAttachment).where(CheckAttachment.file_name == "scan.pdf"))
        assert [link.check_id for link in links] == [check.id]
        assert held.revision == case.revision


def test_what_a_station_accepts_imports_into_postgresql_and_a_refusal_names_no_one(
    pair, centre_key, tmp_path, fresh_postgres
):
    import sqlite3

    from hukou_desk.domain.errors import HukouDeskError
    from hukou_desk.storage.models import NAME_LENGTH, Person

    station, _file_centre = pair
    longest = "欧阳" + "𠮷" * (NAME_LENGTH - 2)  # 64 characters, one of them beyond the BMP
    with station.write() as session:
        clerk = cases.user_named(session, "liwen")
        person = session.exec(select(Person)).first()
        cases.save_person(
            session, actor=clerk, identity_number=person.id_number, name=longest, today=TODAY
        )
        with pytest.raises(HukouDeskError, match="too long"):
            cases.save_person(
                session,
                actor=clerk,
                identity_number=person.id_number,
                name=longest + "明",
                today=TODAY,
            )
    centre = open_target(fresh_postgres)
    try:
        _trust(centre, station)
        _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
        with centre.read() as session:
            assert session.exec(select(Person).where(Person.name == longest)).one()
        # A file edited behind the station's back: refused by table, naming no one.
        with sqlite3.connect(station.path) as raw:
            raw.execute(
                "UPDATE person SET name = ? WHERE id_number = ?", (longest * 2, person.id_number)
            )
            raw.execute("UPDATE case_file SET revision = revision + 1")
            raw.execute(
                "INSERT INTO change (case_id, action, revision, at) "
                "SELECT id, 'case.revise', revision, '2026-11-29T00:00:00' FROM case_file"
            )
        with pytest.raises(BundleRefused) as refused:
            _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
        said = refused.value.describe("en") + refused.value.describe("zh")
        assert "person" in said and longest[:4] not in said and person.id_number not in said
    finally:
        centre.close()


def test_the_centres_copy_of_a_stations_trail_is_never_rewritten(pair, centre_key, tmp_path):
    """A trail rewritten at the station (every event resealed, so it is consistent there) is
    refused at the centre; a period re-sent adds events, never overwrites them."""
    import sqlite3

    station, centre = pair
    _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    with centre.read() as session:
        held = {
            a.seq: a.hash
            for a in session.exec(
                select(StationAudit).where(StationAudit.station_code == "440703001")
            )
        }
    again = transfer.export(station, actor="t", received=(date(2000, 1, 1), date(2030, 1, 1)))
    _import(centre, again.data, centre_key, tmp_path)
    with centre.read() as session:
        kept = {
            a.seq: a.hash
            for a in session.exec(
                select(StationAudit).where(StationAudit.station_code == "440703001")
            )
        }
    assert kept == held  # nothing rewritten, nothing lost
    # The station's trail rewritten from event 3 on, resealed link by link.
    with sqlite3.connect(station.path) as raw:
        raw.execute("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 3")
        prev = raw.execute("SELECT hash FROM audit_event WHERE seq = 2").fetchone()[0]
        from hukou_desk.storage import audit as audit_chain
        from hukou_desk.storage.models import AuditEvent

        columns = [c[1] for c in raw.execute("PRAGMA table_info(audit_event)")]
        for values in raw.execute(
            "SELECT * FROM audit_event WHERE seq >= 3 ORDER BY seq"
        ).fetchall():
            row = dict(zip(columns, values, strict=True))
            event = AuditEvent.model_validate(
                {**row, "detail": json.loads(row["detail"]), "prev_hash": prev}
            )
            sealed = audit_chain.seal(prev, event)
            raw.execute(
                "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?",
                (prev, sealed, row["seq"]),
            )
            prev = sealed
    with pytest.raises(BundleRefused, match=r"rewritten|do not match their seal"):
        _import(
            centre,
            transfer.export(station, actor="t", received=(date(2000, 1, 1), date(2030, 1, 1))).data,
            centre_key,
            tmp_path,
        )


def test_a_station_restored_from_an_older_backup_loses_nothing_at_the_centre(
    pair, centre_key, tmp_path
):
    """The recovery the desk offers: export, import, then the station restores a backup taken
    before its last cases, adds more and exports — the centre ends with every case once, and
    the report says the station was restored."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hukou_desk.services import staff as staff_service
    from hukou_desk.services import station as station_service
    from hukou_desk.services.counter import Counter
    from hukou_desk.storage import backup

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    taken = backup.make_backup(station, reason="test")  # 120 cases
    demo.generate(station, count=7, policy=policy, calendar=calendar, today=TODAY, seed=77)
    report = _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    assert _count(centre, Case) == 127
    with station.read() as session:
        lost = {c.number for c in session.exec(select(Case))}  # the 7 the backup lacks
    # The PC's file is damaged; the administrator restores yesterday's backup.
    path = station.path
    counter = Counter(station, policy, calendar, today=lambda: TODAY)
    with station.write() as session:
        admin = cases.user_named(session, "admin")
        accounts.set_password(session, actor="t", user=admin, password="Restore-Banyan-2026")
    admin = staff_service.sign_in(station, username="admin", password="Restore-Banyan-2026")
    station_service.restore(counter, admin, file=taken)
    restored = counter.database
    with restored.read() as session:
        assert len(session.exec(select(Case)).all()) == 120
        assert registry.get(session, registry.SYNC_EPOCH) == 1
    # Work goes on: new cases, with numbers the lost file never gave out.
    demo.generate(restored, count=4, policy=policy, calendar=calendar, today=TODAY, seed=99)
    with restored.read() as session:
        fresh = {c.number for c in session.exec(select(Case))} - lost
    assert len(fresh) == 4 and not (fresh & lost)
    after = _import(centre, transfer.export(restored, actor="t").data, centre_key, tmp_path)
    assert after.new_epoch == 1 and not after.already_imported
    assert "restored" in after.as_text()
    assert _count(centre, Case) == 131  # 127 held + 4 new, each once
    with centre.read() as session:
        trails = {a.station_code for a in session.exec(select(StationAudit))}
    assert trails == {"440703001", "440703001#1"}  # the old copy kept, the new one beside it
    # A bundle made before the restore, arriving late, is refused.
    del path
    restored.close()


def test_the_centre_checks_the_trail_continues_from_what_it_holds(pair, centre_key, tmp_path):
    import sqlite3

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    demo.generate(station, count=3, policy=policy, calendar=calendar, today=TODAY, seed=21)
    with sqlite3.connect(station.path) as raw:  # the first new event no longer follows
        raw.execute(
            "UPDATE audit_event SET prev_hash = ? WHERE seq = "
            "(SELECT min(seq) FROM audit_event WHERE seq > "
            "(SELECT value FROM setting WHERE key = 'sync.acknowledged_audit_seq'))",
            ("0" * 64,),
        )
    with pytest.raises(BundleRefused, match="does not follow"):
        _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
