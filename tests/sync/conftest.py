"""Two places of one world: a station's case file with demo cases, and a centre that trusts it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import cases
from hukou_desk.storage.database import Database, open_database
from hukou_desk.sync import transfer

TODAY = date(2026, 11, 20)


@pytest.fixture
def centre_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


@pytest.fixture(params=["sqlite", "postgresql"])
def centres(request, tmp_path, centre_key):
    """A station and its centre, on a case file and on PostgreSQL (the real centre)."""
    from hukou_desk.sync.centre import open_target

    station = _station(tmp_path / "station" / "cases.db", centre_key, count=120)
    if request.param == "sqlite":
        centre = open_database(tmp_path / "centre" / "centre.db")
    else:
        centre = open_target(request.getfixturevalue("fresh_postgres"))
    _trust(centre, station)
    yield station, centre
    station.close()
    centre.close()


@pytest.fixture
def pair(tmp_path, centre_key):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=120)
    centre = open_database(tmp_path / "centre" / "centre.db")
    _trust(centre, station)
    yield station, centre
    station.close()
    centre.close()


def _station(
    path: Path, centre_key: X25519PrivateKey, *, count: int, code: str = "440703001", seed: int = 5
) -> Database:
    database = open_database(path)
    if code != "440703001":
        with database.write() as session:
            cases.set_station(session, actor="t", code=code, name="潮连派出所", district="440703")
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    demo.generate(database, count=count, policy=policy, calendar=calendar, today=TODAY, seed=seed)
    with database.write() as session:
        transfer.install_centre_key(session, public_key=keys.public_text(centre_key), actor="t")
    return database


def _trust(centre: Database, station: Database) -> None:
    with station.read() as session:
        code = cases.station(session).code
    with centre.write() as session:
        transfer.trust(
            session,
            station=code,
            public_key=keys.public_text(keys.station_key(station.keys_dir)),
            actor="t",
        )


def _import(centre, data, centre_key, tmp_path):
    return transfer.import_bundle(
        centre, data, centre_key=centre_key, files_dir=tmp_path / "files", actor="t"
    )


def _acknowledge(station, centre, report, signer):
    """The centre's signed acknowledgement, recorded at the station."""
    from hukou_desk.sync import reference

    with centre.read() as session:
        held = transfer.imported_audit(session, report.station)
    ack = transfer.acknowledgement(report, held, signer)
    with station.write() as session:
        if keys.trusted_centre(session) is None:
            reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
        return transfer.acknowledge(session, ack, centre_key=keys.public_text(signer), actor="t")
