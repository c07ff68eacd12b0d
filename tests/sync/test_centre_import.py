"""The centre's import under the city's load: eight stations at once into one PostgreSQL, a
period re-sent checked like any bundle, and a refusal said with its true cause."""

from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk import keys
from hukou_desk.storage import registry
from hukou_desk.storage.models import Case, StationAudit, User
from hukou_desk.sync import bundle, transfer
from hukou_desk.sync.bundle import BundleRefused, Contents, Rows
from tests.sync.conftest import _import, _station, _trust

STATIONS = [f"44070300{n}" for n in range(1, 9)]
PER_STATION = 12


def _forged(station, code, data, centre_key, change) -> bytes:
    """A station's genuine bundle changed by `change` and signed again with its own key."""
    signer = keys.station_key(station.keys_dir)
    opened = bundle.open_bundle(
        data, centre_key=centre_key, station_keys={code: keys.public_text(signer)}
    )
    tables = {
        n: Rows(list(r.columns), [list(v) for v in r.values]) for n, r in opened.tables.items()
    }
    manifest = {k: v for k, v in opened.manifest.items() if k not in ("members", "format_version")}
    change(tables, manifest)
    return bundle.seal(
        Contents(manifest, tables, opened.files),
        station_key=signer,
        centre_key=centre_key.public_key(),
    )


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
    bundles = [transfer.export(station, actor="t") for station in stations]
    start = threading.Barrier(len(bundles))
    reports: dict[str, transfer.Report] = {}
    failures: list[BaseException] = []

    def run(exported: transfer.Exported) -> None:
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
        code = exported.manifest["station"]
        assert reports[code].inserted["cases"] == PER_STATION
        assert held[code] == exported.manifest["seq_to"]
        assert trails[code] >= exported.manifest["counts"]["audit"]
    for station in stations:
        station.close()
    centre.close()


def test_a_period_resent_with_an_unsealed_event_is_refused(centres, centre_key, tmp_path):
    """A re-send by dates goes through the seal check: an approval recorded behind the desk's
    back (no seal of the station's key) never enters the centre's copy of the trail."""
    from datetime import date

    station, centre = centres
    _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    with centre.read() as session:
        events_before = session.exec(select(sa.func.count()).select_from(StationAudit)).one()
    ranged = transfer.export(station, actor="t", received=(date(2000, 1, 1), date(2030, 1, 1)))
    assert ranged.manifest["kind"] == "range"

    def forge(tables, manifest):
        audit = tables["audit"]
        last = max(audit.values, key=lambda row: int(row[audit.columns.index("seq")]))
        event = list(last)
        event[audit.columns.index("seq")] = int(manifest["audit_to"]) + 1  # after the last
        event[audit.columns.index("action")] = "decision.approve"
        event[audit.columns.index("hash")] = "f" * 64
        audit.values.append(event)

    with pytest.raises(BundleRefused, match="carry no seal"):
        _import(
            centre,
            _forged(station, "440703001", ranged.data, centre_key, forge),
            centre_key,
            tmp_path,
        )
    with centre.read() as session:
        assert session.exec(select(sa.func.count()).select_from(StationAudit)).one() == (
            events_before
        )
    # The period as the station sent it imports (its seals travel with it).
    again = _import(centre, ranged.data, centre_key, tmp_path)
    assert again.inserted.get("cases", 0) == 0


def test_a_refusal_by_the_database_says_its_cause(tmp_path, centre_key, fresh_postgres):
    """A clerk's account twice under one name (another id): the server's unique constraint,
    named as such — not 'invalid values' — and nothing written."""
    from hukou_desk.sync.centre import open_target

    centre = open_target(fresh_postgres)
    station = _station(tmp_path / "s" / "cases.db", centre_key, count=5, seed=2)
    _trust(centre, station)

    def twice(tables, manifest):
        users = tables["users"]
        copy = list(users.values[0])
        copy[users.columns.index("id")] = uuid.uuid4().hex  # referenced by nothing
        users.values.append(copy)

    data = _forged(
        station, "440703001", transfer.export(station, actor="t").data, centre_key, twice
    )
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    said = refused.value.describe("en")
    assert "unique constraint user_username_key" in said and "Invalid values" not in said
    with centre.read() as session:
        assert session.exec(select(sa.func.count()).select_from(User)).one() == 0
        assert session.exec(select(sa.func.count()).select_from(Case)).one() == 0
    station.close()
    centre.close()


def test_restore_never_loses_a_case_the_red_teams_order(centres, centre_key, tmp_path):
    """backup → export + import → export (the stick goes in a drawer) → restore → new cases →
    the drawer's bundle: every case at the centre exactly once."""
    from datetime import date

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
    report = _import(centre, transfer.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, Ed25519PrivateKey.generate())
    demo.generate(station, count=5, policy=policy, calendar=calendar, today=today, seed=88)
    drawer = transfer.export(station, actor="t")  # never imported before the restore
    assert drawer.manifest["counts"]["cases"] == 5
    before_restore = set(numbers(station))  # 132
    counter = Counter(station, policy, calendar, today=lambda: today)
    with station.write() as session:
        admin = cases.user_named(session, "admin")
        accounts.set_password(session, actor="t", user=admin, password="Restore-Banyan-2026")
    admin = staff_service.sign_in(station, username="admin", password="Restore-Banyan-2026")
    station_service.restore(counter, admin, file=taken)
    restored = counter.database
    demo.generate(restored, count=4, policy=policy, calendar=calendar, today=today, seed=99)
    after = _import(centre, transfer.export(restored, actor="t").data, centre_key, tmp_path)
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
