"""`hukou-desk centre-status`: every station the centre trusts, its last bundle and
acknowledgement, the overdue, and a refused bundle with its reason — which the station also
receives, signed, as a refusal notice."""

from __future__ import annotations

import json
import sqlite3

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hukou_desk import keys as key_text
from hukou_desk.storage import registry
from hukou_desk.storage.database import open_database
from tests.clirun import hd, staffed_demo_file


@pytest.mark.slow
def test_the_centre_lists_every_station_the_overdue_and_the_refused(tmp_path):
    station = tmp_path / "station" / "cases.db"
    centre = tmp_path / "centre" / "centre.db"
    keys = tmp_path / "centre" / "keys"
    staffed_demo_file(station, cases=12, real=True)
    signing_key = hd("centre-init", "--dir", str(keys)).stdout.splitlines()[1].rsplit(" ", 1)[-1]
    hd(
        "trust-station",
        "--into",
        str(centre),
        "--",
        "440703001",
        hd("station-key", "--db", str(station)).stdout.strip(),
    )
    silent = key_text.public_text(Ed25519PrivateKey.generate().public_key())
    hd("trust-station", "--into", str(centre), "--", "440703002", silent)
    reference = tmp_path / "reference.hkr"
    hd(
        "reference", "--out", str(reference), "--keys", str(keys), "--into", str(centre),
        "--remind-after", "3",
    )  # fmt: skip
    hd("trust-centre", "--db", str(station), "--", signing_key, user="admin")
    hd("install-reference", str(reference), "--db", str(station), user="admin")
    key = keys / "centre-x25519.pem"
    first, ack = tmp_path / "b1.hkb", tmp_path / "b1.ack"
    hd("export", "--out", str(first), "--db", str(station), user="liwen")
    hd("import", str(first), "--key", str(key), "--into", str(centre), "--ack", str(ack))
    hd("acknowledge", str(ack), "--db", str(station), user="chenfang")
    # The station's next bundle carries a case it says is another station's: refused.
    with sqlite3.connect(station) as raw:
        case_id, revision = raw.execute("SELECT id, revision FROM case_file LIMIT 1").fetchone()
        raw.execute("UPDATE case_file SET station_code = '440703009' WHERE id = ?", (case_id,))
        raw.execute(
            "INSERT INTO change (case_id, action, revision, at) VALUES (?, 'case.revise', ?, ?)",
            (case_id, revision, "2026-11-29T00:00:00"),
        )
    second, notice = tmp_path / "b2.hkb", tmp_path / "b2.ack"
    hd("export", "--out", str(second), "--db", str(station), user="liwen")
    refused = hd(
        "import", str(second), "--key", str(key), "--into", str(centre), "--ack", str(notice),
        check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "not its own" in refused.stderr and "refusal notice" in refused.stderr
    listed = {
        s["station"]: s
        for s in json.loads(hd("centre-status", "--into", str(centre), "--json").stdout)
    }
    assert sorted(listed) == ["440703001", "440703002"]
    sent = listed["440703001"]
    assert sent["last_bundle"]["cases"] == 12 and sent["last_bundle"]["seq_from"] == 1
    assert sent["last_acknowledgement"]["refusal"] is True  # the notice was its last word
    assert sent["refused_since"] and "not its own" in sent["last_refusal"]["en"]
    assert not sent["overdue"]
    assert listed["440703002"]["overdue"] and listed["440703002"]["last_bundle"] is None
    shown = hd("--lang", "en", "centre-status", "--into", str(centre)).stdout
    assert "OVERDUE: never sent" in shown and "last bundle refused" in shown
    assert "2 stations, 1 overdue." in shown

    # The station installs the notice: what the centre holds is unchanged, the refusal kept.
    def settled():
        database = open_database(station)
        try:
            with database.read() as session:
                return (
                    registry.get(session, registry.ACKNOWLEDGED_SEQ),
                    registry.get(session, registry.CENTRE_WORD),
                )
        finally:
            database.close()

    held_before, _word = settled()
    hd("acknowledge", str(notice), "--db", str(station), user="chenfang")
    held_after, word = settled()
    assert held_after == held_before
    assert "not its own" in word["refused"]["en"] and word["held"] == []
