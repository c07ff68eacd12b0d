"""A station of several counters and one centre (docs/counters.md): each PC its own number,
key and series of case numbers; a case handed from one counter to another; the centre ends
with every case exactly once, each with its owner — on a case file and on PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from collections import Counter as Tally
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.services import registration
from hukou_desk.storage import attachments, cases, counters
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import Case, CheckAttachment, DocumentCheck, User
from hukou_desk.sync import acknowledgement as acks
from hukou_desk.sync import exporting, handover, trust
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import TODAY, _import

STATION, OTHER = "440703001", "440703002"


def _pc(
    path: Path, centre_key, *, code: str = STATION, counter: str | None, count: int, seed: int
) -> Database:
    """One PC of a station: its counter said before any case, then its demo cases."""
    database = open_database(path)
    with database.write() as session:
        cases.set_station(session, actor="t", code=code, name="白沙派出所", district="440703")
        if counter is not None:
            counters.set_counter(session, counter, actor="t")
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    demo.generate(database, count=count, policy=policy, calendar=calendar, today=TODAY, seed=seed)
    with database.write() as session:
        trust.install_centre_key(session, public_key=keys.public_text(centre_key), actor="t")
    return database


def _identity(pc: Database) -> str:
    with pc.read() as session:
        return counters.this_identity(session)


def _key(pc: Database) -> str:
    return keys.public_text(keys.station_key(pc.keys_dir))


def _register(centre: Database, pc: Database) -> None:
    with centre.write() as session:
        trust.trust(session, station=_identity(pc), public_key=_key(pc), actor="t")


def _know(pc: Database, other: Database) -> None:
    """`pc` trusts `other`'s key, as the centre's reference data brings it."""
    with pc.write() as session:
        keys.trust_station(
            session, actor="t", station_code=_identity(other), public_key=_key(other)
        )


def _clerk(session) -> User:
    return session.exec(select(User).where(User.role == "clerk")).first()


def _send(pc: Database, centre: Database, centre_key, tmp_path: Path, name: str):
    exported = exporting.export(pc, actor="t", out=tmp_path / f"{name}.hkb")
    report = _import(centre, exported.data, centre_key, tmp_path)
    with centre.read() as session:
        held = trust.imported_audit(session, report.station)
    ack = acks.acknowledgement(report, held, _centre_signer())
    with pc.write() as session:
        acks.acknowledge(session, ack, centre_key=keys.public_text(_centre_signer()), actor="t")
    return exported, report


_SIGNER = []


def _centre_signer():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if not _SIGNER:
        _SIGNER.append(Ed25519PrivateKey.generate())
    return _SIGNER[0]


def _held(centre: Database) -> dict[str, str]:
    """The centre's cases: number → the counter owning it."""
    with centre.read() as session:
        rows = session.exec(select(Case.number, Case.station_code, Case.counter)).all()
    numbers = [n for n, _s, _c in rows]
    assert len(numbers) == len(set(numbers))
    return {n: counters.identity(s, c) for n, s, c in rows}


def _touch(pc: Database, number: str, *, behind_the_desk: bool = False) -> None:
    """A change of a case at a PC (as a correction would make it)."""
    with pc.write() as session:
        case = cases.case_by_number(session, number)
        before = cases.snapshot(case)
        case.clock_limit += 1
        cases.changed(
            session,
            case,
            actor=_clerk(session),
            action="case.extend",
            before=before,
            handing_over=behind_the_desk,
        )


def test_case_numbers_carry_the_counter_and_the_old_form_still_reads():
    parsed = counters.parse_number("440703001-02-2026-23")
    assert parsed is not None and parsed.owner == "440703001-02"
    assert str(parsed) == "440703001-02-2026-000023"
    old = counters.parse_number("440703001-2026-000123")
    assert old is not None and old.owner == "440703001" and old.counter is None
    assert counters.parse_number("440703001-2-2026-1") is None
    assert counters.checked("7") == "07"
    for bad in ("0", "100", "ab", ""):
        with pytest.raises(counters.CounterRefused):
            counters.checked(bad)
    assert counters.staff_station("440703001-02/admin") == "440703001"
    assert counters.staff_station("440703001/admin") == "440703001"
    assert counters.staff_station("admin") is None


def test_a_counters_slip_verifies_by_its_counters_key():
    from datetime import date

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hukou_desk.slips import signing

    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    claim = signing.Claim(
        STATION, "440703001-02-2026-000001", "A", date(2026, 3, 2), "ab" * 16, year=2026, seq=12
    )
    payload = signing.sign(claim, key)
    known = {"440703001-01": keys.public_text(other), "440703001-02": keys.public_text(key)}
    assert signing.verify(payload, known).verdict is signing.Verdict.VALID
    known["440703001-02"] = keys.public_text(other)
    assert signing.verify(payload, known).verdict is signing.Verdict.TAMPERED
    assert signing.verify(payload, {"440703002-01": keys.public_text(key)}).verdict is (
        signing.Verdict.UNKNOWN_STATION
    )


def test_a_pc_is_one_counter_once(tmp_path, centre_key):
    pc = _pc(tmp_path / "a" / "a.db", centre_key, counter="02", count=3, seed=11)
    try:
        with pc.read() as session:
            numbers = session.exec(select(Case.number, Case.counter)).all()
        assert numbers and all(n.startswith("440703001-02-") and c == "02" for n, c in numbers)
        with pc.write() as session, pytest.raises(counters.CounterRefused) as said:
            counters.set_counter(session, "03", actor="t")
        assert "counter 02 already" in said.value.message.en
    finally:
        pc.close()
    old = _pc(tmp_path / "old" / "cases.db", centre_key, counter=None, count=2, seed=12)
    try:
        with old.read() as session:
            assert counters.this_identity(session) == STATION  # as before counters
            numbers = session.exec(select(Case.number)).all()
        assert all(counters.parse_number(n).owner == STATION for n in numbers)
        # Made a counter by someone who is no account of it: refused, nothing renumbered.
        with old.write() as session, pytest.raises(counters.CounterRefused):
            counters.set_counter(session, "03", actor="t")
        with old.read() as session:
            assert counters.this_counter(session) is None
        # By its administrator: renumbered (tests/sync/test_counters_upgrade.py).
        with old.write() as session:
            counters.set_counter(session, "03", actor="admin")
        with old.read() as session:
            assert counters.this_identity(session) == f"{STATION}-03"
            assert sorted(session.exec(select(Case.former_number)).all()) == sorted(numbers)
    finally:
        old.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def centre(request, tmp_path):
    from hukou_desk.sync.centre import open_target

    if request.param == "sqlite":
        target = open_database(tmp_path / "centre" / "centre.db")
    else:
        target = open_target(request.getfixturevalue("fresh_postgres"))
    yield target
    target.close()


@pytest.mark.slow
def test_three_counters_and_a_second_station_one_centre(tmp_path, centre_key, centre):
    """The issue's shapes: counters 01, 02, 03 of 440703001 (03 the supervisor's desk) and
    440703002's counter 01; each counter's cases; a hand-over 01 → 03 and its changes; the old
    owner's later change refused; a replayed and a forged bundle — the centre ends with every
    case exactly once, each with its owner."""
    pcs = {
        name: _pc(tmp_path / name / "cases.db", centre_key, code=code, counter=c, count=n, seed=s)
        for name, code, c, n, s in (
            ("01", STATION, "01", 30, 101),
            ("02", STATION, "02", 30, 202),
            ("03", STATION, "03", 10, 303),
            ("B", OTHER, "01", 20, 404),
        )
    }
    try:
        for pc in pcs.values():
            _register(centre, pc)
        _know(pcs["03"], pcs["01"])
        _know(pcs["01"], pcs["03"])
        sent = {}
        for name, pc in pcs.items():
            sent[name], report = _send(pc, centre, centre_key, tmp_path, f"first-{name}")
            assert report.inserted["cases"] == {"01": 30, "02": 30, "03": 10, "B": 20}[name]
        held = _held(centre)
        assert len(held) == 90
        assert Tally(held.values()) == {
            "440703001-01": 30,
            "440703001-02": 30,
            "440703001-03": 10,
            "440703002-01": 20,
        }
        # The first attack, again: the same station's second PC has its own numbers and key,
        # and a PC claiming to be a registered counter is refused, the key held untouched.
        with centre.read() as session:
            assert keys.known_keys(session)["440703001-01"] == _key(pcs["01"])

        # 01 hands a case to 03, the supervisor's desk.
        (tmp_path / "stick").mkdir()
        with pcs["01"].read() as session:
            number = session.exec(
                select(Case.number).where(Case.status == "recommended").order_by(Case.serial)
            ).first()
        scan = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # a scan travels with the case
        with pcs["01"].write() as session:
            case = cases.case_by_number(session, number)
            check = session.exec(
                select(DocumentCheck).where(DocumentCheck.case_id == case.id)
            ).first()
            attachments.attach(session, folder=pcs["01"].attachments_dir, actor=_clerk(session),
                               case=case, check=check, file_name="hukou.png", content=scan)  # fmt: skip
        with pcs["01"].write() as session:
            case = cases.case_by_number(session, number)
            given = handover.give(
                session,
                case=case,
                actor=_clerk(session),
                receiver="03",
                reason="review",
                key=keys.station_key(pcs["01"].keys_dir),
                attachments_dir=pcs["01"].attachments_dir,
                file_key=None,
                out=tmp_path / "stick" / "case.hkh",
            )
        with pytest.raises(counters.ReadOnlyCopy) as said:
            _touch(pcs["01"], number)  # the giver's copy is read-only, said in words
        assert "read-only copy" in said.value.message.en
        payload = handover.open_file(given.file.read_bytes(), given.code)
        with pcs["03"].write() as session:
            taken = handover.receive(
                session,
                payload=payload,
                actor=_clerk(session),
                attachments_dir=pcs["03"].attachments_dir,
                file_key=None,
            )
        assert taken.number == number and taken.giver == "440703001-01"
        digest = hashlib.sha256(scan).hexdigest()
        assert attachments.load(pcs["03"].attachments_dir, digest, None) == scan
        with pcs["03"].write() as session, pytest.raises(handover.HandoverRefused):
            handover.receive(  # the same file twice: refused
                session,
                payload=payload,
                actor=_clerk(session),
                attachments_dir=pcs["03"].attachments_dir,
                file_key=None,
            )
        _touch(pcs["03"], number)  # the supervisor's desk works on it

        # The new owner's bundle first, then the old owner's (which shows the move and is
        # older than what the centre holds now: left out, never a conflict).
        _send(pcs["03"], centre, centre_key, tmp_path, "after-03")
        _exported, report = _send(pcs["01"], centre, centre_key, tmp_path, "after-01")
        assert report.conflicts == []
        held = _held(centre)
        assert held[number] == "440703001-03" and len(held) == 90
        with centre.read() as session:
            links = session.exec(select(CheckAttachment).where(CheckAttachment.sha256 == digest))
            assert len(links.all()) == 1  # the scan once, hanging from the case at 03
        with centre.read() as session:
            at_centre = session.exec(select(Case).where(Case.number == number)).one()
        with pcs["03"].read() as session:
            assert at_centre.revision == cases.case_by_number(session, number).revision

        # The old owner changes its copy behind the desk's back: its bundle is refused.
        _touch(pcs["01"], number, behind_the_desk=True)
        forged = exporting.export(pcs["01"], actor="t", out=tmp_path / "forged-01.hkb")
        with pytest.raises(BundleRefused) as refused:
            _import(centre, forged.data, centre_key, tmp_path)
        assert number in refused.value.message.en and "440703001-03" in refused.value.message.en

        # A replayed bundle changes nothing; a forged one (a byte changed) is refused.
        again = _import(centre, sent["02"].data, centre_key, tmp_path)
        assert again.already_imported
        bad = bytearray(sent["B"].data)
        bad[len(bad) // 2] ^= 1
        with pytest.raises(BundleRefused):
            _import(centre, bytes(bad), centre_key, tmp_path)

        held = _held(centre)
        assert len(held) == 90
        assert Tally(held.values()) == {
            "440703001-01": 29,
            "440703001-02": 30,
            "440703001-03": 11,
            "440703002-01": 20,
        }
        # centre-status lists each counter on its own line; the forged bundle's refusal is 01's.
        from hukou_desk.sync import status

        with centre.read() as session:
            listed = {row.station: row for row in status.centre_status(session, today=TODAY)}
        assert set(listed) == {"440703001-01", "440703001-02", "440703001-03", "440703002-01"}
        assert listed["440703001-01"].as_json()["last_refusal"] is not None
        report_line = json.dumps(Tally(held.values()), sort_keys=True)
        print(f"centre holds {len(held)} cases, by counter: {report_line}")
    finally:
        for pc in pcs.values():
            pc.close()


@pytest.mark.slow
def test_a_second_pc_registering_as_a_held_counter_replaces_nothing(tmp_path, centre_key):
    """Registering adds a counter; a file for a counter already held is refused unless the
    operator names the old key (the lost PC), and then audited."""
    centre = open_database(tmp_path / "centre.db")
    first = _pc(tmp_path / "a" / "a.db", centre_key, counter="01", count=1, seed=1)
    second = _pc(tmp_path / "b" / "b.db", centre_key, counter="02", count=1, seed=2)
    rogue = _pc(tmp_path / "c" / "c.db", centre_key, counter="01", count=1, seed=3)
    try:
        files = {}
        for name, pc in (("first", first), ("second", second), ("rogue", rogue)):
            files[name] = _registration_file(pc)
        with centre.write() as session:
            registration.trust(session, files["first"], actor="t")
            registration.trust(session, files["second"], actor="t")
        with centre.write() as session, pytest.raises(registration.RegistrationRefused) as said:
            registration.trust(session, files["rogue"], actor="t")
        assert f"--replaces {_key(first)}" in said.value.message.en
        with centre.read() as session:
            held = keys.known_keys(session)
        assert held["440703001-01"] == _key(first) and held["440703001-02"] == _key(second)
        with centre.write() as session, pytest.raises(registration.RegistrationRefused):
            registration.trust(session, files["rogue"], actor="t", replaces_key=_key(second))
        with centre.write() as session:
            registration.trust(session, files["rogue"], actor="t", replaces_key=_key(first))
        with centre.read() as session:
            assert keys.known_keys(session)["440703001-01"] == _key(rogue)
            replaced = session.execute(
                sa.text("SELECT detail FROM audit_event WHERE action = 'station.key_replace'")
            ).all()
        assert len(replaced) == 1 and _key(first) in str(replaced[0][0])
    finally:
        for pc in (first, second, rogue, centre):
            pc.close()


def _registration_file(pc: Database) -> bytes:
    """The registration a counter's administrator would save (services.registration)."""
    from hukou_desk.services.counter import Counter

    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    with pc.read() as reading:
        admin = reading.exec(select(User).where(User.role == "admin")).first()
    shown = registration.registration(Counter(pc, policy, calendar), admin)
    assert shown.counter is not None and shown.as_text().startswith(f"440703001-{shown.counter}")
    return shown.file
