"""The audit trail against its signed checkpoint: every way of editing it behind the desk's
back that keeps the chain consistent is still found out."""

from __future__ import annotations

import sqlite3

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk import keys
from hukou_desk.services import exchange, station
from hukou_desk.storage import audit
from hukou_desk.storage.models import AuditEvent
from tests.services.conftest import open_spouse_case


def _anchored(counter, people, tmp_path):
    admin = people["admin"]
    exchange.install_centre_key(
        counter, admin, public_key=keys.public_text(X25519PrivateKey.generate())
    )
    open_spouse_case(counter, people["clerk"])
    exchange.export(counter, admin, out=tmp_path / "out.hkb")  # signs the head
    assert station.verify_audit(counter, people["boss"]).intact


def _reseal_from(counter, first: int) -> None:
    """Rewrite the chain from `first` on, link by link, as someone with the file could."""
    from sqlmodel import col, select

    from hukou_desk.storage import registry

    with counter.database.write() as session:
        prev = audit.GENESIS
        if first > 1:
            prev = session.exec(select(AuditEvent).where(AuditEvent.seq == first - 1)).one().hash
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.seq) >= first).order_by(col(AuditEvent.seq))
        ).all()
        for event in events:
            event.prev_hash = prev
            event.hash = audit.seal(prev, event)
            session.add(event)
            prev = event.hash
        registry.put(session, registry.AUDIT_HEAD, (events[-1].seq, prev))


def _tamper(counter, how: str) -> None:
    counter.database.close()
    reseal = None
    with sqlite3.connect(counter.database.path) as raw:
        head = raw.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        if how == "truncate":
            raw.execute("DELETE FROM audit_event WHERE seq > ?", (head - 3,))
            prev = raw.execute("SELECT hash FROM audit_event WHERE seq = ?", (head - 3,))
            raw.execute(
                "UPDATE setting SET value = ? WHERE key = 'audit.head'",
                (f"{head - 3}:{prev.fetchone()[0]}",),
            )
        elif how == "empty":
            raw.execute("DELETE FROM audit_event")
            raw.execute("DELETE FROM setting WHERE key = 'audit.head'")
        elif how == "rewrite":
            raw.execute("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 2")
            reseal = 2
        elif how == "reorder":
            a, b = (r[0] for r in raw.execute("SELECT action FROM audit_event WHERE seq IN (3, 4)"))
            raw.execute("UPDATE audit_event SET action = ? WHERE seq = 3", (b,))
            raw.execute("UPDATE audit_event SET action = ? WHERE seq = 4", (a,))
            reseal = 3
        elif how == "forged anchor":
            raw.execute(
                "UPDATE setting SET value = ? WHERE key = 'audit.checkpoint'",
                (f"1 {'0' * 64} AAAA",),
            )
    from hukou_desk.storage.database import open_database

    counter.database = open_database(counter.database.path)
    if reseal is not None:
        _reseal_from(counter, reseal)


@pytest.mark.parametrize("how", ["truncate", "empty", "rewrite", "reorder", "forged anchor"])
def test_an_edit_that_keeps_the_chain_consistent_is_found_by_the_anchor(
    counter, people, tmp_path, how
):
    _anchored(counter, people, tmp_path)
    _tamper(counter, how)
    if how in ("truncate", "rewrite", "reorder"):
        with counter.database.read() as session:  # consistent on its own: only the anchor
            assert audit.verify(session).intact  # tells
    verdict = station.verify_audit(counter, people["boss"])
    assert not verdict.intact, how
    assert verdict.problem is not None and verdict.problem.en


def test_a_case_row_edited_outside_the_desk_is_found(counter, people, tmp_path):
    """Status set to approved straight in the file: the row no longer matches its last
    event, which recorded what the row was."""
    ref = open_spouse_case(counter, people["clerk"])
    assert station.verify_audit(counter, people["boss"]).intact
    counter.database.close()
    with sqlite3.connect(counter.database.path) as raw:
        raw.execute("UPDATE case_file SET status = 'approved' WHERE number = ?", (ref.number,))
    from hukou_desk.storage.database import open_database

    counter.database = open_database(counter.database.path)
    verdict = station.verify_audit(counter, people["boss"])
    assert not verdict.intact and ref.number in verdict.problem.en
