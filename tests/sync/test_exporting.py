"""The station's export (`sync.exporting`): what is not acknowledged travels, scans with it."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from hukou_desk.storage import attachments, cases, registry
from hukou_desk.storage.models import Case, CaseNumberCounter
from hukou_desk.sync import exporting
from tests.sync.conftest import (
    PDF,
    _acknowledge,
    _import,
    _station,
)


def test_a_scan_attached_after_an_acknowledged_export_travels_with_the_next(
    pair, centre_key, tmp_path
):

    from hukou_desk.storage.models import CheckAttachment

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
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
    after = exporting.export(station, actor="t")
    assert after.manifest.counts["cases"] == 1  # the case the scan was attached to
    _import(centre, after.data, centre_key, tmp_path)
    with centre.read() as session:
        held = session.exec(select(Case).where(Case.number == number)).one()
        links = session.exec(select(CheckAttachment).where(CheckAttachment.file_name == "scan.pdf"))
        assert [link.check_id for link in links] == [check.id]
        assert held.revision == case.revision


@pytest.mark.slow
def test_a_cancelled_export_writes_nothing_and_the_next_starts_from_the_same_place(
    tmp_path, centre_key
):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=10)
    seen: list[int] = []
    out = tmp_path / "out.hkb"
    with pytest.raises(exporting.ExportCancelled):
        exporting.export(
            station, actor="t", out=out, progress=seen.append, cancelled=lambda: len(seen) >= 3
        )
    assert not out.exists() and seen[:2] == [0, 10]
    with station.read() as session:
        assert registry.get(session, registry.EXPORTED_SEQ) is None
    whole = exporting.export(station, actor="t", out=out)
    assert whole.manifest.seq_from == 1 and whole.manifest.counts["cases"] == 10
    station.close()


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_scan_missing_or_damaged_stops_the_export_naming_the_case(tmp_path, centre_key, damage):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=40)
    with station.write() as session:
        case = next(
            c
            for c in session.exec(select(Case).order_by(Case.serial))
            if c.status in ("draft", "needs_documents") and cases.checks_of(session, c)
        )
        check = cases.checks_of(session, case)[0]
        attachments.attach(
            session,
            folder=station.attachments_dir,
            actor=cases.user_named(session, "liwen"),
            case=case,
            check=check,
            file_name="scan.pdf",
            content=PDF,
        )
        number = case.number
    stored = attachments.path_of(station.attachments_dir, hashlib.sha256(PDF).hexdigest())
    if damage == "missing":
        stored.unlink()
    else:
        stored.write_bytes(b"not the scan")
    with pytest.raises(exporting.ScanUnreadable) as unreadable:
        exporting.export(station, actor="t", out=tmp_path / "out.hkb")
    assert unreadable.value.case_number == number and unreadable.value.missing == (
        damage == "missing"
    )
    assert f"case {number}" in unreadable.value.describe("en")
    assert not (tmp_path / "out.hkb").exists()
    station.close()


def test_a_new_epoch_moves_the_case_numbers_past_what_the_lost_file_gave_out(tmp_path, centre_key):
    station = _station(tmp_path / "station" / "cases.db", centre_key, count=3)
    with station.read() as session:
        before = {(c.station_code, c.year): c.last for c in session.exec(select(CaseNumberCounter))}
    with station.write() as session:
        assert exporting.begin_epoch(session, actor="admin") == 1
    with station.write() as session:
        assert exporting.begin_epoch(session, actor="admin") == 2
    with station.read() as session:
        after = {(c.station_code, c.year): c.last for c in session.exec(select(CaseNumberCounter))}
        assert registry.get(session, registry.SYNC_EPOCH) == 2
    assert after == {k: v + 2 * exporting.RESTORE_MARGIN for k, v in before.items()}
    assert exporting.export(station, actor="t").manifest.epoch == 2
    station.close()
