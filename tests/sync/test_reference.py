"""Reference data from the centre: installed when the centre signed it, refused otherwise."""

from __future__ import annotations

import json
import shutil

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import select

from hukou_desk import keys
from hukou_desk.domain.lifecycle import Role
from hukou_desk.paths import forms_dir
from hukou_desk.storage import cases
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import User
from hukou_desk.sync import reference, trust
from hukou_desk.sync.bundle import BundleRefused


@pytest.fixture
def sides(tmp_path):
    centre = open_database(tmp_path / "centre" / "centre.db")
    station = open_database(tmp_path / "station" / "cases.db")
    with station.write() as session:
        cases.set_station(
            session, actor="t", code="440703001", name="白沙派出所", district="440703"
        )
    signer, sealer = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    with centre.write() as session:
        trust.trust(session, station="440703001", public_key="A" * 43, actor="t")
        trust.trust(session, station="440705002", public_key="B" * 43, actor="t")
        trust.trust(session, station="440781003", public_key="C" * 43, actor="t")
        trust.revoke(session, station="440781003", actor="t")
        cases.add_user(
            session,
            actor="t",
            username="440703001/newclerk",
            display_name="新同事",
            role=Role.CLERK,
        )
        cases.add_user(
            session, actor="t", username="440705002/other", display_name="别所", role=Role.CLERK
        )
    yield centre, station, signer, sealer
    centre.close()
    station.close()


def _build(centre, signer, sealer, forms=None):
    with centre.read() as session:
        return reference.build(
            session,
            forms=forms or forms_dir(),
            signing_key=signer,
            bundle_key=keys.public_text(sealer),
        )


def test_a_station_installs_the_centres_signed_reference_data(sides, tmp_path):
    centre, station, signer, sealer = sides
    data = _build(centre, signer, sealer)
    with station.write() as session:
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
    target = tmp_path / "station" / "forms"
    with station.write() as session:
        done = reference.install(session, data, forms_target=target, actor="t")
    assert done["staff_added"] == 1 and done["revoked"] == 1
    assert (target / "plan.toml").is_file() and len(
        list((target / "pathways").glob("*.toml"))
    ) == 21
    with station.read() as session:
        known = keys.known_keys(session)
        assert "440705002" in known  # trusted here
        # Revoked: its key kept for what it signed before, its later papers refused.
        assert "440781003" in keys.revocations(session)
        assert keys.centre_bundle_key(session) == keys.public_text(sealer)
        added = session.exec(select(User).where(User.username == "newclerk")).one()
        assert added.password_hash is None and added.role == "clerk"
        assert session.exec(select(User).where(User.username == "other")).first() is None


def test_data_not_signed_by_the_centre_is_refused_and_nothing_changes(sides, tmp_path):
    centre, station, signer, sealer = sides
    with station.write() as session:
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
    impostor = _build(centre, Ed25519PrivateKey.generate(), sealer)
    genuine = _build(centre, signer, sealer)
    altered = genuine.replace(b"440705002", b"440705009")
    for data in (impostor, altered, b"HKDREFERENCE", b"junk"):
        with pytest.raises(BundleRefused), station.write() as session:
            reference.install(session, data, forms_target=tmp_path / "forms", actor="t")
    with station.read() as session:
        assert keys.centre_bundle_key(session) is None
        assert keys.known_keys(session) == {}
    assert not (tmp_path / "forms").exists()


def test_a_station_that_trusts_no_centre_yet_refuses(sides, tmp_path):
    centre, station, signer, sealer = sides
    with pytest.raises(BundleRefused, match="trust-centre"), station.write() as session:
        reference.install(session, _build(centre, signer, sealer), forms_target=tmp_path, actor="t")


def test_signed_forms_the_loader_refuses_are_not_installed(sides, tmp_path):
    centre, station, signer, sealer = sides
    with station.write() as session:
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
    good = _build(centre, signer, sealer)
    payload = json.loads(good[len(reference.MAGIC) + 65 :])
    payload["forms"]["plan.toml"] = payload["forms"]["plan.toml"].replace(
        "effective_from", "effectiv"
    )
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    bad = reference.MAGIC + bytes([reference.VERSION]) + signer.sign(body) + body
    with pytest.raises(BundleRefused, match="Bad forms"), station.write() as session:
        reference.install(session, bad, forms_target=tmp_path / "forms", actor="t")
    # And the centre will not even build one from broken forms.
    broken = tmp_path / "broken"
    shutil.copytree(forms_dir(), broken)
    (broken / "plan.toml").write_text("not = [valid", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - the loader's own PolicyError
        _build(centre, signer, sealer, forms=broken)


def test_the_app_reads_the_installed_forms(tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(forms_dir(), home / "forms")
    monkeypatch.setenv("HUKOU_DESK_HOME", str(home))
    monkeypatch.delenv("HUKOU_DESK_FORMS", raising=False)
    assert forms_dir() == home / "forms"


@pytest.mark.parametrize(
    "staff",
    [
        [{"username": "440703001/x", "display_name": "甲", "role": "king"}],
        [{"username": "no-station", "display_name": "甲", "role": "clerk"}],
        [{"display_name": "甲", "role": "clerk"}],
        ["440703001/x"],
        {"username": "440703001/x"},
    ],
)
def test_bad_staff_entries_in_a_signed_reference_are_refused_whole(sides, tmp_path, staff):
    centre, station, signer, sealer = sides
    good = _build(centre, signer, sealer)
    head = len(reference.MAGIC) + 1
    payload = json.loads(good[head + 64 :])
    payload["staff"] = staff
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    forged = reference.MAGIC + bytes([reference.VERSION]) + signer.sign(body) + body
    with station.write() as session:
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
    with pytest.raises(BundleRefused, match="malformed"), station.write() as session:
        reference.install(session, forged, forms_target=tmp_path / "forms", actor="t")
    assert not (tmp_path / "forms").exists()
