"""The centre's acknowledgement (`sync.acknowledgement`): signed by the centre, for one station,
and the next export starts after it."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import registry
from hukou_desk.storage.models import Case
from hukou_desk.sync import acknowledgement as acks
from hukou_desk.sync import exporting
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import (
    TODAY,
    _acknowledge,
    _count,
    _import,
)


@pytest.mark.slow
def test_until_the_centre_acknowledges_everything_is_sent_again_harmlessly(
    centres, centre_key, tmp_path
):

    station, centre = centres
    signer = Ed25519PrivateKey.generate()
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    first = exporting.export(station, actor="t")
    demo.generate(station, count=5, policy=policy, calendar=calendar, today=TODAY)
    second = exporting.export(station, actor="t")  # the first was never acknowledged
    assert second.manifest.seq_from == 1 and second.manifest.counts["cases"] == 125
    report = _import(centre, first.data, centre_key, tmp_path)
    report = _import(centre, second.data, centre_key, tmp_path)  # overlaps: upserted
    assert report.inserted["cases"] == 5 and report.unchanged["cases"] == 120
    assert _acknowledge(station, centre, report, signer) == second.manifest.seq_to
    demo.generate(station, count=5, policy=policy, calendar=calendar, today=TODAY)
    third = exporting.export(station, actor="t")
    assert third.manifest.seq_from == second.manifest.seq_to + 1
    assert third.manifest.counts["cases"] == 5
    _import(centre, third.data, centre_key, tmp_path)
    assert _count(centre, Case) == 130


def test_an_acknowledgement_not_from_the_centre_or_not_for_this_station_is_refused(
    pair, centre_key, tmp_path
):

    from hukou_desk.sync import reference

    station, centre = pair
    signer = Ed25519PrivateKey.generate()
    report = _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
    with station.write() as session:
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")
    trusted = keys.public_text(signer)
    forged = acks.acknowledgement(report, (0, "0" * 64), Ed25519PrivateKey.generate())
    report.station = "440703009"
    other = acks.acknowledgement(report, (0, "0" * 64), signer)
    report.station, report.seq_to = "440703001", report.seq_to + 50
    ahead = acks.acknowledgement(report, (0, "0" * 64), signer)
    for data, said in (
        (forged, "not the centre"),
        (other, "for station"),
        (ahead, "more than"),
        (b"junk", "not a centre"),
    ):
        with pytest.raises(BundleRefused, match=said), station.write() as session:
            acks.acknowledge(session, data, centre_key=trusted, actor="t")
    with station.read() as session:
        assert registry.get(session, registry.ACKNOWLEDGED_SEQ) is None
