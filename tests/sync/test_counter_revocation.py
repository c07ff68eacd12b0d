"""One counter's key revoked (a lost or stolen PC, docs/counters.md): the papers it signed
from the revocation's moment on are refused on verification, those it signed before stay
valid; the centre refuses its bundles; the station's other counters are untouched; a PC
registered for the counter in its place (`--replaces`) signs again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from hukou_desk import keys
from hukou_desk.paths import forms_dir
from hukou_desk.services import centre as centre_service
from hukou_desk.services import registration
from hukou_desk.slips import printing
from hukou_desk.slips.wording import load_wording
from hukou_desk.storage import cases
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import User
from hukou_desk.sync import counters as counter_owners
from hukou_desk.sync import exporting, reference
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import TODAY, _import
from tests.sync.test_counters import STATION, _key, _pc, _send, _touch
from tests.sync.test_counters_upgrade import _print, _received, _registration_file

LOST = f"{STATION}-02"


def _at(china_clock, hour: int, minute: int = 0) -> None:
    china_clock(datetime(TODAY.year, TODAY.month, TODAY.day, hour, minute))


def _install_reference(pc: Database, centre: Database, signer: Ed25519PrivateKey, centre_key):
    """The centre's reference data (every counter's key, the revocations), signed and
    installed at a counter as the desk installs it."""
    with centre.read() as session:
        data = reference.build(
            session, forms=forms_dir(), signing_key=signer, bundle_key=keys.public_text(centre_key)
        )
    with pc.write() as session:
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="admin")
        reference.install(session, data, forms_target=pc.path.parent / "forms", actor="admin")


def _standing(place: Database, payload: str) -> printing.Standing:
    with place.write() as session:
        checked = printing.verify_payload(session, payload, actor="admin")
        return printing.standing(session, checked, today=TODAY, wording=load_wording(forms_dir()))


def _states(place: Database, papers: dict[str, str]) -> dict[str, str]:
    return {name: _standing(place, payload).status for name, payload in papers.items()}


def _first_clerk(pc: Database) -> str:
    with pc.read() as session:
        return session.exec(select(User.username).where(User.role == "clerk")).first() or ""


@pytest.mark.slow
def test_revoking_one_counter_refuses_what_its_key_signs_after_and_nothing_else(
    tmp_path: Path, centre_key, china_clock
):
    _at(china_clock, 9)
    first = _pc(tmp_path / "01" / "cases.db", centre_key, counter="01", count=12, seed=51)
    lost = _pc(tmp_path / "02" / "cases.db", centre_key, counter="02", count=12, seed=52)
    checker = _pc(tmp_path / "03" / "cases.db", centre_key, counter="03", count=1, seed=53)
    centre = open_database(tmp_path / "centre" / "centre.db")
    signer = Ed25519PrivateKey.generate()
    pcs = [first, lost, checker, centre]
    try:
        for pc in (first, lost, checker):
            with centre.write() as session:
                registration.trust(session, _registration_file(pc), actor="t")
        _send(first, centre, centre_key, tmp_path, "01-morning")
        _send(lost, centre, centre_key, tmp_path, "02-morning")

        _at(china_clock, 10)  # papers issued in the morning, by each counter's key
        papers = {
            "01 before": _print(first, _received(first, 0)).payload,
            "02 before": _print(lost, _received(lost, 0)).payload,
        }
        _install_reference(checker, centre, signer, centre_key)
        assert set(_states(checker, papers).values()) == {"not_on_record"}  # valid, elsewhere

        # Counter 02's backup, taken at eleven (the case file, never its key).
        _at(china_clock, 11)
        backup = tmp_path / "backup" / "cases.db"
        backup.parent.mkdir()
        raw = lost.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(backup),))
        finally:
            raw.close()

        # Counter 02's PC is stolen at noon; the centre learns of it at one and revokes that
        # counter's key from noon (the command line's `revoke-station 440703001-02 --since`).
        _at(china_clock, 13)
        centre_service.revoke_station(
            str(centre.path), station=LOST, reason="PC stolen", since=f"{TODAY} 12:00"
        )
        _at(china_clock, 14)
        papers["01 after"] = _print(first, _received(first, 1)).payload
        papers["02 after"] = _print(lost, _received(lost, 1)).payload  # the thief's

        # At the centre, at another counter after its next reference data, and at counter 01:
        # 02's papers from noon refused, its morning's valid; 01's untouched.
        _install_reference(checker, centre, signer, centre_key)
        _install_reference(first, centre, signer, centre_key)
        for place in (centre, checker, first):
            states = _states(place, papers)
            assert states["02 after"] == "revoked", states
            assert all(states[name] != "revoked" for name in ("01 before", "02 before", "01 after"))
            assert all(
                _standing(place, papers[name]).valid
                for name in ("01 before", "02 before", "01 after")
            )
        said = _standing(checker, papers["02 after"]).state
        assert f"counter {LOST}'s key was revoked from {TODAY} 12:00" in said.en
        assert f"柜台 {LOST} 的密钥" in said.zh

        # The centre refuses 02's bundles; 01's go on.
        _touch(lost, _received(lost, 2))
        stolen = exporting.export(lost, actor="t", out=tmp_path / "02-afternoon.hkb")
        with pytest.raises(BundleRefused) as refused:
            _import(centre, stolen.data, centre_key, tmp_path)
        assert "revoked" in refused.value.message.en
        _touch(first, _received(first, 2))
        _exported, report = _send(first, centre, centre_key, tmp_path, "01-afternoon")
        assert report.updated["cases"] >= 1

        # A new PC takes counter 02's place from its backup, with a key of its own replacing
        # the lost one by name: it signs and sends again; the lost key stays refused, its
        # morning papers valid.
        old_key = _key(lost)
        (tmp_path / "02b").mkdir()
        (tmp_path / "02b" / "cases.db").write_bytes(backup.read_bytes())
        replacement = open_database(tmp_path / "02b" / "cases.db")
        pcs.append(replacement)
        with replacement.write() as session:
            keys.new_station_key(session, replacement.keys_dir, station_code=STATION, actor="admin")
        with centre.write() as session:
            registration.trust(
                session, _registration_file(replacement), actor="t", replaces_key=old_key
            )
            assert LOST not in counter_owners.revoked(session)
        _touch(replacement, _received(replacement, 3))
        _exported, report = _send(replacement, centre, centre_key, tmp_path, "02b")
        assert report.updated["cases"] == 1
        with pytest.raises(BundleRefused):
            _import(centre, stolen.data, centre_key, tmp_path)
        _at(china_clock, 15)
        papers["02 new PC"] = _print(replacement, _received(replacement, 4)).payload
        _install_reference(checker, centre, signer, centre_key)
        for place in (centre, checker):
            states = _states(place, papers)
            assert states["02 after"] == "revoked", states
            assert _standing(place, papers["02 new PC"]).valid, states
            assert _standing(place, papers["02 before"]).valid, states
        with checker.write() as session:
            checked = printing.verify_payload(session, papers["02 new PC"])
        assert (checked.signer, checked.key) == (LOST, _key(replacement))

        # The replacement is lost in its turn, from four: its key revoked, its three o'clock
        # paper still valid, its five o'clock one refused; the first loss's as before.
        _at(china_clock, 16, 30)
        centre_service.revoke_station(
            str(centre.path), station=LOST, reason="lost again", since=f"{TODAY} 16:00"
        )
        assert _key(replacement) != old_key
        _at(china_clock, 17)
        papers["02 new PC later"] = _print(replacement, _received(replacement, 5)).payload
        _install_reference(checker, centre, signer, centre_key)
        for place in (centre, checker):
            states = _states(place, papers)
            assert states == {
                "01 before": states["01 before"],
                "02 before": states["02 before"],
                "01 after": states["01 after"],
                "02 after": "revoked",
                "02 new PC": states["02 new PC"],
                "02 new PC later": "revoked",
            }
            assert all(
                _standing(place, papers[name]).valid
                for name in ("01 before", "02 before", "01 after", "02 new PC")
            ), states
        said = _standing(checker, papers["02 new PC later"]).state
        assert f"revoked from {TODAY} 16:00" in said.en
        with centre.read() as session:
            assert LOST in counter_owners.revoked(session)
            assert f"{STATION}-01" not in counter_owners.revoked(session)
        with checker.read() as session:
            assert cases.station(session).code == STATION
    finally:
        for pc in pcs:
            pc.close()
