"""The audit trail against its seals and the centre's acknowledgement: every way of editing it
behind the desk's back that keeps the chain consistent is still found out — and the desk's own
work after a tampering does not cover it up."""

from __future__ import annotations

import sqlite3

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.services import exchange, station
from hukou_desk.storage import audit
from hukou_desk.storage.database import open_database
from tests.services.conftest import open_spouse_case


def _working(counter, people, tmp_path):
    admin = people["admin"]
    exchange.install_centre_key(
        counter, admin, public_key=keys.public_text(X25519PrivateKey.generate())
    )
    open_spouse_case(counter, people["clerk"])
    exchange.export(counter, admin, out=tmp_path / "out.hkb")
    assert station.verify_audit(counter, people["boss"]).intact


def _relink(raw: sqlite3.Connection, first: int) -> None:
    """Recompute every hash from `first` on, as someone with the file and the code could."""
    import sqlalchemy as sa
    from sqlmodel import Session, col, select

    from hukou_desk.storage.models import AuditEvent

    raw.commit()  # the edits so far, seen by the session that reads the events back
    prev = audit.GENESIS
    if first > 1:
        prev = raw.execute("SELECT hash FROM audit_event WHERE seq = ?", (first - 1,)).fetchone()[0]
    path = raw.execute("PRAGMA database_list").fetchone()[2]
    engine = sa.create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.seq) >= first).order_by(col(AuditEvent.seq))
        ).all()
        rows = []
        for event in events:
            event.prev_hash = prev
            event.hash = prev = audit.seal(prev, event)
            rows.append((event.prev_hash, event.hash, event.seq))
    engine.dispose()
    raw.executemany("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", rows)
    head = raw.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    raw.execute("UPDATE setting SET value = ? WHERE key = 'audit.head'", (f"{head}:{prev}",))


def _forge_append(raw: sqlite3.Connection, action: str = "approve") -> None:
    """An event appended that links correctly: what a chain alone cannot tell from a real one."""
    seq, prev = raw.execute(
        "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    draft = audit.Draft(
        at=audit.utc_now(), actor="boss", action=action, case_id=None, entity="case",
        entity_id="x", seq=seq + 1,
    )  # fmt: skip
    sealed = audit.seal(prev, draft)
    raw.execute(
        "INSERT INTO audit_event (seq, at, actor, action, case_id, entity, entity_id, "
        "before_digest, after_digest, detail, prev_hash, hash) "
        "VALUES (?, ?, 'boss', ?, NULL, 'case', 'x', NULL, NULL, '{}', ?, ?)",
        (seq + 1, draft.at.replace(tzinfo=None).isoformat(" "), action, prev, sealed),
    )
    raw.execute("UPDATE setting SET value = ? WHERE key = 'audit.head'", (f"{seq + 1}:{sealed}",))


def _tamper(counter, how: str) -> None:
    counter.database.close()
    with sqlite3.connect(counter.database.path) as raw:
        head = raw.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        if how == "truncate":
            raw.execute("DELETE FROM audit_event WHERE seq > ?", (head - 3,))
            _relink(raw, head - 3)
        elif how == "empty":
            raw.execute("DELETE FROM audit_event")
            raw.execute("DELETE FROM audit_seal")
            raw.execute("DELETE FROM setting WHERE key = 'audit.head'")
        elif how == "rewrite":
            raw.execute("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 2")
            _relink(raw, 2)
        elif how == "reorder":
            a, b = (r[0] for r in raw.execute("SELECT action FROM audit_event WHERE seq IN (3, 4)"))
            raw.execute("UPDATE audit_event SET action = ? WHERE seq = 3", (b,))
            raw.execute("UPDATE audit_event SET action = ? WHERE seq = 4", (a,))
            _relink(raw, 3)
        elif how == "renumber":  # event 5 removed, the rest moved down one, hashes redone
            raw.execute("DELETE FROM audit_event WHERE seq = 5")
            raw.execute("UPDATE audit_event SET seq = seq - 1 WHERE seq > 5")
            _relink(raw, 5)
        elif how == "forged append":
            _forge_append(raw)
        elif how == "forged seal":
            _forge_append(raw)
            raw.execute(
                "INSERT INTO audit_seal (seq_from, seq_to, hash, signature) "
                "SELECT seq, seq, hash, 'AAAA' FROM audit_event WHERE seq = ?",
                (head + 1,),
            )
    counter.database = open_database(counter.database.path)


HOW = ["truncate", "empty", "rewrite", "reorder", "renumber", "forged append", "forged seal"]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.slow
def test_an_edit_that_keeps_the_chain_consistent_is_found(counter, people, tmp_path, how):
    _working(counter, people, tmp_path)
    _tamper(counter, how)
    if how != "empty":
        with counter.database.read() as session:  # consistent on its own: only the seals
            assert audit.verify(session).intact  # tell
    verdict = station.verify_audit(counter, people["boss"])
    assert not verdict.intact, how
    assert verdict.problem is not None and verdict.problem.en


@pytest.mark.slow
def test_the_desks_own_work_after_a_forged_append_does_not_cover_it(counter, people, tmp_path):
    """The next genuine action is sealed on its own: the forged event stays outside every
    seal, and the export refuses to carry it until the administrator adopts it, on record."""
    _working(counter, people, tmp_path)
    _tamper(counter, "forged append")
    open_spouse_case(counter, people["clerk"])  # the desk goes on working
    verdict = station.verify_audit(counter, people["boss"])
    assert not verdict.intact and "no seal" in verdict.problem.en
    with pytest.raises(HukouDeskError, match="carry no seal"):
        exchange.export(counter, people["admin"], out=tmp_path / "next.hkb")
    with pytest.raises(HukouDeskError):  # a clerk cannot adopt, nor without a reason
        station.adopt_audit(counter, people["clerk"], reason="checked")
    with pytest.raises(HukouDeskError):
        station.adopt_audit(counter, people["admin"], reason=" ")
    gap = station.adopt_audit(counter, people["admin"], reason="reported to the centre")
    assert gap is not None and gap[0] == gap[1]
    assert station.adopt_audit(counter, people["admin"], reason="again") is None
    assert station.verify_audit(counter, people["boss"]).intact
    exchange.export(counter, people["admin"], out=tmp_path / "next.hkb")


def test_a_case_row_edited_outside_the_desk_is_found(counter, people, tmp_path):
    """Status set to approved straight in the file: the row no longer matches its last
    event, which recorded what the row was."""
    ref = open_spouse_case(counter, people["clerk"])
    assert station.verify_audit(counter, people["boss"]).intact
    counter.database.close()
    with sqlite3.connect(counter.database.path) as raw:
        raw.execute("UPDATE case_file SET status = 'approved' WHERE number = ?", (ref.number,))
    counter.database = open_database(counter.database.path)
    verdict = station.verify_audit(counter, people["boss"])
    assert not verdict.intact and ref.number in verdict.problem.en


def test_a_new_key_on_a_new_pc_adopts_what_was_recorded_without_one(counter, people, tmp_path):
    """A backup restored on a PC without the key: events recorded before the administrator
    makes a new key are unsealed; the new key's making adopts them, on the record."""
    _working(counter, people, tmp_path)
    (counter.database.keys_dir / keys.STATION_KEY_FILE).unlink()
    open_spouse_case(counter, people["clerk"])
    assert not station.verify_audit(counter, people["boss"]).intact
    exchange.new_station_key(counter, people["admin"])
    assert station.verify_audit(counter, people["boss"]).intact


def test_the_trails_digests_cannot_be_confirmed_by_hashing_the_person_table(counter, people):
    """Whoever holds the trail but not the station's secret cannot test a guess: every digest
    is keyed, and none is the plain hash of any person's or case's row."""
    from sqlmodel import select

    from hukou_desk.storage.cases import snapshot
    from hukou_desk.storage.models import AuditEvent, Case, Person

    open_spouse_case(counter, people["clerk"])
    with counter.database.read() as session:
        rows = [*session.exec(select(Person)), *session.exec(select(Case))]
        plain = {audit.digest(snapshot(row)) for row in rows}
        recorded = [
            d
            for event in session.exec(select(AuditEvent))
            for d in (event.before_digest, event.after_digest, event.detail.get("case_digest"))
            if d
        ]
        assert recorded and all(d.startswith("k:") for d in recorded)
        assert not plain & set(recorded)
        assert {audit.keyed(session, snapshot(row)) for row in rows} & set(recorded)
