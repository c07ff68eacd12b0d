"""Two places of one world: a station's case file with demo cases, and a centre that trusts it."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import select

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import cases
from hukou_desk.storage.database import Database, open_database
from hukou_desk.sync import acknowledgement as acks
from hukou_desk.sync import bundle, importing, trust
from hukou_desk.sync.bundle import Contents, Rows

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


# The demo cases of each (code, count, seed), generated once per session (120 cases: 1-3 s)
# and copied into each new station; the station's key and the centre's are still the test's
# own (none is made by the generation: the key appears at the first export or trust).
_GENERATED: dict[tuple[str, int, int], Path] = {}


def _generated(code: str, count: int, seed: int) -> Path:
    made = _GENERATED.get((code, count, seed))
    if made is None:
        made = Path(tempfile.mkdtemp(prefix="hukou-sync-station-")) / "cases.db"
        database = open_database(made)
        if code != "440703001":
            with database.write() as session:
                cases.set_station(
                    session, actor="t", code=code, name="潮连派出所", district="440703"
                )
        policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
        demo.generate(
            database, count=count, policy=policy, calendar=calendar, today=TODAY, seed=seed
        )
        database.close()
        _GENERATED[(code, count, seed)] = made
    return made


def _station(
    path: Path, centre_key: X25519PrivateKey, *, count: int, code: str = "440703001", seed: int = 5
) -> Database:
    if path.exists():  # more cases into a file that has some: generated here
        database = open_database(path)
        if code != "440703001":
            with database.write() as session:
                cases.set_station(
                    session, actor="t", code=code, name="潮连派出所", district="440703"
                )
        policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
        demo.generate(
            database, count=count, policy=policy, calendar=calendar, today=TODAY, seed=seed
        )
    else:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(_generated(code, count, seed), path)
        path.chmod(0o600)  # as the desk creates a case file
        database = open_database(path)
    with database.write() as session:
        trust.install_centre_key(session, public_key=keys.public_text(centre_key), actor="t")
    return database


def _trust(centre: Database, station: Database) -> None:
    with station.read() as session:
        code = cases.station(session).code
    with centre.write() as session:
        trust.trust(
            session,
            station=code,
            public_key=keys.public_text(keys.station_key(station.keys_dir)),
            actor="t",
        )


def _import(centre, data, centre_key, tmp_path):
    return importing.import_bundle(
        centre, data, centre_key=centre_key, files_dir=tmp_path / "files", actor="t"
    )


def _acknowledge(station, centre, report, signer):
    """The centre's signed acknowledgement, recorded at the station."""
    from hukou_desk.sync import reference

    with centre.read() as session:
        held = trust.imported_audit(session, report.station)
    ack = acks.acknowledgement(report, held, signer)
    with station.write() as session:
        if keys.trusted_centre(session) is None:
            reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
        return acks.acknowledge(session, ack, centre_key=keys.public_text(signer), actor="t")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _archive(data: bytes, centre_key: X25519PrivateKey) -> bytes:
    """The plain archive inside a bundle (a test holds the centre's key)."""
    with bundle.plaintext(data, centre_key) as plain:
        return plain.read()


def _count(database: Database, model) -> int:
    with database.read() as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


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
