"""A bundle's manifest as a type (`sync.manifest`): read back as written, each field checked."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from hukou_desk.sync.bundle import BundleRefused
from hukou_desk.sync.manifest import Manifest, Seal

SIGNATURE = base64.urlsafe_b64encode(bytes(64)).decode()


def _written() -> Manifest:
    return Manifest(
        station="440703001",
        seq_from=8,
        seq_to=20,
        epoch=1,
        kind="range",
        audit_from=3,
        audit_to=40,
        seals=(Seal(21, 40, "b" * 64, SIGNATURE, "admin"), Seal(1, 20, "a" * 64, SIGNATURE)),
        received=(date(2026, 11, 1), date(2026, 11, 30)),
        counts={"cases": 5},
        created_at="2026-11-30T10:00:00+00:00",
        format_version=2,
        members={"cases.jsonl": "c" * 64},
    )


def test_a_manifest_reads_back_as_written_its_seals_in_order():
    written = _written()
    read = Manifest.read(written.as_dict())
    assert read.ranged and read.received == (date(2026, 11, 1), date(2026, 11, 30))
    assert [s.seq_from for s in read.seals] == [1, 21]
    assert read.seals[1].adopted_by == "admin" and read.seals[0].signature_bytes == bytes(64)
    assert Manifest.read(read.as_dict()) == read
    assert read.as_dict()["seals"][0] == [1, 20, "a" * 64, SIGNATURE, None]


def test_an_incremental_manifest_carries_no_period():
    word = Manifest("440703001", 1, 0).as_dict()
    assert "received" not in word and "members" not in word and word["kind"] == "incremental"
    read = Manifest.read(word)
    assert (read.seq_from, read.seq_to, read.audit_to, read.seals) == (1, 0, 0, ())


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"station": ""}, "names no station"),
        ({"seq_to": "many"}, "lacks its sequence"),
        ({"seq_from": None}, "lacks its sequence"),
        ({"audit_to": "x"}, "audit range is not valid"),
        ({"seals": [[1, 2, "h"]]}, "lacks the audit trail's seals"),
        ({"seals": [[1, 2, "h", "not base64!", None]]}, "lacks the audit trail's seals"),
        ({"kind": "everything"}, "malformed"),
        ({"epoch": "one"}, "malformed"),
        ({"received": ["2026-11-01"]}, "malformed"),
        ({"counts": {"cases": "five"}}, "malformed"),
    ],
)
def test_a_field_not_as_a_station_writes_it_is_refused(change, said):
    with pytest.raises(BundleRefused) as refused:
        Manifest.read({**_written().as_dict(), **change})
    assert said in refused.value.describe("en")
