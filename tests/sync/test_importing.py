"""The centre's import (`sync.importing`), station → bundle → centre on real files and a real
PostgreSQL server: nothing lost, nothing doubled, in order, all or nothing."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from hukou_desk import demo
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import accounts, attachments, cases, registry
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case, Person, StationAudit, SyncConflict
from hukou_desk.sync import exporting, importing
from hukou_desk.sync.bundle import BundleRefused
from hukou_desk.sync.centre import open_target
from tests.sync.conftest import (
    PDF,
    TODAY,
    _acknowledge,
    _count,
    _import,
    _resealed,
    _station,
    _trust,
)


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
    exported = exporting.export(station, actor="t")
    assert exported.manifest.counts["cases"] == 120
    assert b"440781" not in exported.data  # sealed: no identity number readable
    report = _import(centre, exported.data, centre_key, tmp_path)
    assert report.inserted["cases"] == 120 and not report.already_imported
    assert _count(centre, Case) == 120
    assert _count(centre, StationAudit) == exported.manifest.counts["audit"]
    stored = attachments.path_of(tmp_path / "files", hashlib.sha256(PDF).hexdigest())
    assert stored.read_bytes() == PDF
    again = _import(centre, exported.data, centre_key, tmp_path)
    assert again.already_imported and _count(centre, Case) == 120
    # Staff arrive named by station and unable to log in at the centre.
    with centre.read() as session:
        liwen = cases.user_named(session, "440703001/liwen")
        assert liwen.password_hash is None and not liwen.active


def test_a_gap_is_refused_with_the_missing_range(pair, centre_key, tmp_path):
    """The centre restored from an old backup: the station's acknowledged changes are gone."""

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    first = exporting.export(station, actor="t")
    report = _import(centre, first.data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    demo.generate(
        station,
        count=5,
        policy=load_policy(forms_dir()),
        calendar=load_calendar(forms_dir()),
        today=TODAY,
    )
    later = exporting.export(station, actor="t")
    restored = open_database(tmp_path / "restored.db")  # knows this station, not its changes
    _trust(restored, station)
    with restored.write() as session:
        registry.put(session, registry.IMPORTED_SEQ.entry("440703001"), 7)
    with pytest.raises(BundleRefused) as gap:
        _import(restored, later.data, centre_key, tmp_path)
    assert f"8–{later.manifest.seq_from - 1}" in gap.value.describe("en")
    assert _count(restored, Case) == 0
    restored.close()


def test_a_case_the_centre_changed_is_kept_in_both_versions(centres, centre_key, tmp_path):
    station, centre = centres
    _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
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
    exported = exporting.export(station, actor="t")
    report = _import(centre, exported.data, centre_key, tmp_path)
    assert report.conflicts == [number]
    # The changed person updated, the rest of the upserted rows counted unchanged.
    counts = exported.manifest.counts
    assert report.updated.get("persons") == 1 and not report.inserted.get("persons")
    assert report.unchanged["persons"] == counts["persons"] - 1
    assert (report.unchanged["cases"], report.updated.get("cases")) == (counts["cases"] - 1, None)
    with centre.read() as session:
        assert cases.case_by_number(session, number).district == "440705"  # not overwritten
        (conflict,) = session.exec(select(SyncConflict)).all()
        listed = importing.open_conflicts(session)
        assert [c["case"] for c in listed] == [number]
        assert (
            conflict.incoming["number"] == number
            and conflict.centre_revision > conflict.incoming_revision
        )


@pytest.mark.slow
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
    _import(centre, exporting.export(first, actor="t").data, centre_key, tmp_path)
    report = _import(centre, exporting.export(second, actor="t").data, centre_key, tmp_path)
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
@pytest.mark.slow
def test_fuzzed_bundles_are_always_a_clean_refusal(pair, centre_key, tmp_path, data):
    station, centre = pair
    if not hasattr(test_fuzzed_bundles_are_always_a_clean_refusal, "bundle"):
        test_fuzzed_bundles_are_always_a_clean_refusal.bundle = exporting.export(
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


# A process killed mid-import, over 6,000 cases (50 s): slow.
@pytest.mark.slow
def test_an_import_killed_mid_way_leaves_the_centre_as_it_was(tmp_path, centre_key):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=6000)
    centre = open_database(tmp_path / "centre.db")
    _trust(centre, station)
    path = tmp_path / "big.hkb"
    path.write_bytes(exporting.export(station, actor="t").data)
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
    data = exporting.export(station, actor="t").data
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


@pytest.mark.slow
def test_a_station_restored_from_an_older_backup_loses_nothing_at_the_centre(
    pair, centre_key, tmp_path
):
    """The recovery the desk offers: export, import, then the station restores a backup taken
    before its last cases, adds more and exports — the centre ends with every case once, and
    the report says the station was restored."""

    from hukou_desk.services import staff as staff_service
    from hukou_desk.services import station as station_service
    from hukou_desk.services.counter import Counter
    from hukou_desk.storage import backup

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    taken = backup.make_backup(station, reason="test")  # 120 cases
    demo.generate(station, count=7, policy=policy, calendar=calendar, today=TODAY, seed=77)
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
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
    admin = staff_service.sign_in(counter.file, username="admin", password="Restore-Banyan-2026")
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
    after = _import(centre, exporting.export(restored, actor="t").data, centre_key, tmp_path)
    assert after.new_epoch == 1 and not after.already_imported
    assert "restored" in after.as_text()
    assert _count(centre, Case) == 131  # 127 held + 4 new, each once
    with centre.read() as session:
        trails = {a.station_code for a in session.exec(select(StationAudit))}
    assert trails == {"440703001", "440703001#1"}  # the old copy kept, the new one beside it
    # A bundle made before the restore, arriving late, is refused.
    del path
    restored.close()


STATIONS = [f"44070300{n}" for n in range(1, 9)]


PER_STATION = 12


def test_eight_stations_import_at_once_into_one_postgresql(tmp_path, centre_key, fresh_postgres):
    from hukou_desk.sync.centre import open_target

    centre = open_target(fresh_postgres)
    stations = []
    for seed, code in enumerate(STATIONS, start=1):
        station = _station(
            tmp_path / code / "cases.db", centre_key, count=PER_STATION, seed=seed, code=code
        )
        _trust(centre, station)
        stations.append(station)
    bundles = [exporting.export(station, actor="t") for station in stations]
    start = threading.Barrier(len(bundles))
    reports: dict[str, importing.Report] = {}
    failures: list[BaseException] = []

    def run(exported: exporting.Exported) -> None:
        start.wait()
        try:
            report = _import(centre, exported.data, centre_key, tmp_path)
            reports[report.station] = report
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(b,)) for b in bundles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert failures == []
    assert sorted(reports) == STATIONS
    with centre.read() as session:
        per_station = dict(
            session.execute(
                sa.select(Case.station_code, sa.func.count()).group_by(Case.station_code)
            ).all()
        )
        serials = session.exec(select(Case.serial)).all()
        trails = dict(
            session.execute(
                sa.select(StationAudit.station_code, sa.func.count()).group_by(
                    StationAudit.station_code
                )
            ).all()
        )
        held = {code: registry.get(session, registry.IMPORTED_SEQ.entry(code)) for code in STATIONS}
    assert per_station == dict.fromkeys(STATIONS, PER_STATION)
    assert sorted(serials) == list(range(1, len(STATIONS) * PER_STATION + 1))
    for exported in bundles:
        code = exported.manifest.station
        assert reports[code].inserted["cases"] == PER_STATION
        assert held[code] == exported.manifest.seq_to
        assert trails[code] >= exported.manifest.counts["audit"]
    for station in stations:
        station.close()
    centre.close()


@pytest.mark.slow
def test_restore_never_loses_a_case_the_red_teams_order(centres, centre_key, tmp_path):
    """backup → export + import → export (the stick goes in a drawer) → restore → new cases →
    the drawer's bundle: every case at the centre exactly once."""

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hukou_desk import demo
    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir
    from hukou_desk.services import staff as staff_service
    from hukou_desk.services import station as station_service
    from hukou_desk.services.counter import Counter
    from hukou_desk.storage import accounts, backup, cases
    from tests.sync.conftest import _acknowledge

    today = date(2026, 11, 20)
    station, centre = centres
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())

    def numbers(database) -> list[str]:
        with database.read() as session:
            return list(session.exec(select(Case.number)))

    taken = backup.make_backup(station, reason="test")  # 120 cases
    demo.generate(station, count=7, policy=policy, calendar=calendar, today=today, seed=77)
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, Ed25519PrivateKey.generate())
    demo.generate(station, count=5, policy=policy, calendar=calendar, today=today, seed=88)
    drawer = exporting.export(station, actor="t")  # never imported before the restore
    assert drawer.manifest.counts["cases"] == 5
    before_restore = set(numbers(station))  # 132
    counter = Counter(station, policy, calendar, today=lambda: today)
    with station.write() as session:
        admin = cases.user_named(session, "admin")
        accounts.set_password(session, actor="t", user=admin, password="Restore-Banyan-2026")
    admin = staff_service.sign_in(counter.file, username="admin", password="Restore-Banyan-2026")
    station_service.restore(counter, admin, file=taken)
    restored = counter.database
    demo.generate(restored, count=4, policy=policy, calendar=calendar, today=today, seed=99)
    after = _import(centre, exporting.export(restored, actor="t").data, centre_key, tmp_path)
    assert after.new_epoch == 1
    late = _import(centre, drawer.data, centre_key, tmp_path)
    assert late.late_epoch == 0 and late.inserted["cases"] == 5 and late.held_already == 0
    assert "before the station's restore" in late.as_text()
    held = numbers(centre)
    assert len(held) == len(set(held)) == 136  # 127 + the drawer's 5 + the 4 new, each once
    assert set(held) == before_restore | set(numbers(restored))
    # The drawer's bundle again: nothing more.
    again = _import(centre, drawer.data, centre_key, tmp_path)
    assert again.held_already == 5 and again.inserted.get("cases", 0) == 0
    assert len(numbers(centre)) == 136
    with centre.read() as session:
        assert registry.get(session, registry.IMPORTED_EPOCH.entry("440703001")) == 1
    restored.close()
