"""The station's audit trail between station and centre: the centre refuses events no seal
covers even in a genuinely signed bundle, lists what an administrator adopted, and its signed
acknowledgement anchors the station's trail where nobody at the station can move it."""

from __future__ import annotations

import sqlite3

import pytest

from hukou_desk.storage import audit, registry, seals
from hukou_desk.storage.database import open_database
from hukou_desk.sync import exporting, trail
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import _acknowledge, _import


def _forge_append(path) -> int:
    from tests.services.test_audit_anchor import _forge_append as forge

    with sqlite3.connect(path) as raw:
        forge(raw)
        return raw.execute("SELECT max(seq) FROM audit_event").fetchone()[0]


def _verdict(database):
    with database.read() as session:
        return trail.verify(session)


@pytest.mark.slow
def test_a_forged_event_inside_a_signed_bundle_is_refused_at_the_centre(
    pair, centre_key, tmp_path, monkeypatch
):
    station, centre = pair
    _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    station.close()
    forged = _forge_append(station.path)
    station = open_database(station.path)
    with station.write() as session:  # the desk goes on; its own event is sealed
        audit.record(session, actor="t", action="login", entity="user", entity_id="t")
    assert not _verdict(station).intact
    # The station will not export it...
    with pytest.raises(BundleRefused, match=f"{forged}–{forged} carry no seal"):
        exporting.export(station, actor="t")
    # ...and a station that skipped its own check is refused by the centre, nothing written.
    monkeypatch.setattr(exporting, "_all_sealed", lambda *args: None)
    data = exporting.export(station, actor="t").data
    with pytest.raises(BundleRefused, match=f"{forged}–{forged} carry no seal"):
        _import(centre, data, centre_key, tmp_path)
    monkeypatch.undo()
    # Adopted by the administrator, on the record: exported, and the centre's report says so.
    with station.write() as session:
        key = station.signing_key()
        assert key is not None
        adopted = seals.adopt(session, key, "440703001", by="admin")
    assert adopted == [(forged, forged)] and _verdict(station).intact
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    assert report.adopted == [f"{forged}–{forged} (admin)"] and "adopted" in report.as_text()
    station.close()


@pytest.mark.slow
def test_the_centres_acknowledgement_anchors_the_trail(pair, centre_key, tmp_path):
    """Events and their seals both cut from the end: consistent on its own, but the centre
    signed that it holds more."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    assert _verdict(station).intact
    with station.read() as session:
        acknowledged = registry.get(session, registry.ACKNOWLEDGED_AUDIT)
    station.close()
    with sqlite3.connect(station.path) as raw:
        keep = acknowledged - 5
        prev = raw.execute("SELECT hash FROM audit_event WHERE seq = ?", (keep,)).fetchone()[0]
        raw.execute("DELETE FROM audit_event WHERE seq > ?", (keep,))
        raw.execute("DELETE FROM audit_seal WHERE seq_to > ?", (keep,))
        # The stretch that crossed the cut, sealed again as if it ended there: impossible
        # without the key, so the thief drops it and leaves an honest-looking shorter file.
        raw.execute("DELETE FROM audit_seal WHERE seq_from <= ? AND seq_to >= ?", (keep, keep))
        raw.execute("UPDATE setting SET value = ? WHERE key = 'audit.head'", (f"{keep}:{prev}",))
    station = open_database(station.path)
    verdict = _verdict(station)
    assert not verdict.intact
    station.close()


def test_a_forged_acknowledgement_kept_at_the_station_is_found(pair, centre_key, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    station.close()
    with sqlite3.connect(station.path) as raw:
        raw.execute("UPDATE setting SET value = 'SEtEQUNLAQ' WHERE key = 'sync.acknowledgement'")
    station = open_database(station.path)
    verdict = _verdict(station)
    assert not verdict.intact and "not the centre's" in verdict.problem.en
    station.close()


def test_deleting_the_acknowledgement_before_rewriting_the_trail_is_found(
    pair, centre_key, tmp_path
):
    """The insider's way round the anchor: the stored acknowledgement deleted, the events it
    covers rewritten, relinked and sealed again with the station's key (adopted). The chain,
    the seals and the head all agree; the acknowledgement kept in the chain itself does not."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hukou_desk import keys
    from hukou_desk.storage import seals
    from tests.services.test_audit_anchor import _relink

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    _acknowledge(station, centre, report, signer)
    with station.read() as session:
        acknowledged = registry.get(session, registry.ACKNOWLEDGED_AUDIT)
    station.close()
    with sqlite3.connect(station.path) as raw:
        raw.execute("DELETE FROM setting WHERE key = 'sync.acknowledgement'")
        raw.execute("UPDATE audit_event SET actor = 'someone' WHERE seq = ?", (acknowledged - 2,))
        _relink(raw, acknowledged - 2)
        raw.execute("DELETE FROM audit_seal WHERE seq_to >= ?", (acknowledged - 2,))
    station = open_database(station.path)
    with station.write() as session:  # sealed again: the station's key is in the insider's hands
        seals.adopt(session, keys.station_key(station.keys_dir), "440703001", by="admin")
    verdict = _verdict(station)
    assert not verdict.intact
    assert "acknowledgement" in verdict.problem.en and "deleted" in verdict.problem.en
    station.close()
