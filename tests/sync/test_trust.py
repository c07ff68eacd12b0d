"""What the centre trusts (`sync.trust`): the bundle's signature and members, the station's keys
(registered, revoked, retired), its trail under its seals and continuing the centre's copy."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import select

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import Case, StationAudit
from hukou_desk.sync import bundle, exporting, trust
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import (
    TODAY,
    _acknowledge,
    _archive,
    _count,
    _forged,
    _import,
    _resealed,
    _trust,
)


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
    data = _resealed(exporting.export(station, actor="t").data, centre_key, change)
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    assert said in refused.value.describe("en")
    assert _count(centre, Case) == 0


def test_unknown_revoked_newer_foreign_and_stranger_files_are_refused(pair, centre_key, tmp_path):
    station, centre = pair
    data = exporting.export(station, actor="t").data
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
        trust.revoke(session, station="440703001", actor="t")
    with pytest.raises(BundleRefused, match="revoked"):
        _import(centre, data, centre_key, tmp_path)
    assert _count(centre, Case) == 0
    stranger.close()


@pytest.mark.skipif(
    subprocess.run(["which", "openssl"], capture_output=True).returncode, reason="no openssl"
)
def test_openssl_verifies_the_stations_signature_on_the_manifest(pair, centre_key, tmp_path):
    station, _centre = pair
    data = exporting.export(station, actor="t").data
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


def test_a_bundle_signed_before_a_key_change_still_imports(pair, centre_key, tmp_path):
    """The station's PC was replaced and a new key made: what it exported before still
    imports, the centre keeping the old key as retired, not forgotten."""
    station, centre = pair
    before = exporting.export(station, actor="t").data
    with station.write() as session:
        keys.new_station_key(session, station.keys_dir, station_code="440703001", actor="admin")
    _trust(centre, station)  # the centre registers the new key; the old one is retired
    with centre.read() as session:
        assert "440703001" in keys.retired_keys(session)
    report = _import(centre, before, centre_key, tmp_path)
    assert report.station == "440703001"
    after = exporting.export(station, actor="t").data  # signed with the new key
    _import(centre, after, centre_key, tmp_path)


def test_the_centres_copy_of_a_stations_trail_is_never_rewritten(pair, centre_key, tmp_path):
    """A trail rewritten at the station (every event resealed, so it is consistent there) is
    refused at the centre; a period re-sent adds events, never overwrites them."""
    import sqlite3

    station, centre = pair
    _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    with centre.read() as session:
        held = {
            a.seq: a.hash
            for a in session.exec(
                select(StationAudit).where(StationAudit.station_code == "440703001")
            )
        }
    again = exporting.export(station, actor="t", received=(date(2000, 1, 1), date(2030, 1, 1)))
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
            exporting.export(
                station, actor="t", received=(date(2000, 1, 1), date(2030, 1, 1))
            ).data,
            centre_key,
            tmp_path,
        )


@pytest.mark.slow
def test_the_centre_checks_the_trail_continues_from_what_it_holds(pair, centre_key, tmp_path):
    import sqlite3

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
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
        _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)


@pytest.mark.slow
def test_a_period_resent_with_an_unsealed_event_is_refused(centres, centre_key, tmp_path):
    """A re-send by dates goes through the seal check: an approval recorded behind the desk's
    back (no seal of the station's key) never enters the centre's copy of the trail."""
    from datetime import date

    station, centre = centres
    _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    with centre.read() as session:
        events_before = session.exec(select(sa.func.count()).select_from(StationAudit)).one()
    ranged = exporting.export(station, actor="t", received=(date(2000, 1, 1), date(2030, 1, 1)))
    assert ranged.manifest.kind == "range"

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
