"""A station's PCs from before counters made counters (docs/counters.md): each renumbers its
cases into its counter's series, keeping the old number (searchable, its papers still
verifying); the centre recognises what it holds from the same PC's key, never another's, and
two such PCs' clashing old numbers end there as two cases, each once, each with its owner."""

from __future__ import annotations

from collections import Counter as Tally
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from hukou_desk import keys
from hukou_desk.domain.listing import CaseFilter
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.services import handover as counter_service
from hukou_desk.services import registration
from hukou_desk.services.counter import Counter
from hukou_desk.slips import printing
from hukou_desk.slips.wording import SlipKind, load_wording
from hukou_desk.storage import cases, counters, queries
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import AuditEvent, Case, User
from hukou_desk.sync import bundle, exporting
from hukou_desk.sync import counters as counter_owners
from hukou_desk.sync.bundle import BundleRefused
from tests.sync.conftest import TODAY, _import
from tests.sync.test_counters import STATION, _held, _pc, _send

LEGACY = 12  # cases each PC numbered before counters


def _admin(pc: Database) -> User:
    with pc.read() as session:
        return session.exec(select(User).where(User.role == "admin")).one()


def _counter(pc: Database) -> Counter:
    return Counter(pc, load_policy(forms_dir()), load_calendar(forms_dir()))


def _make_counter(pc: Database, number: str) -> None:
    """`hukou-desk set-counter NN`, as its administrator gives it."""
    info = counter_service.set_counter(_counter(pc), _admin(pc), number=number)
    assert info.identity == f"{STATION}-{number}"


def _registration_file(pc: Database) -> bytes:
    return registration.registration(_counter(pc), _admin(pc)).file


def _numbers(pc: Database) -> dict[str, tuple[str, str | None]]:
    """Case id → (number, former number)."""
    with pc.read() as session:
        rows = session.exec(select(Case.id, Case.number, Case.former_number)).all()
    return {case_id.hex: (number, former) for case_id, number, former in rows}


def _received(pc: Database, skip: int = 0) -> str:
    """A case whose receipt (受理回执, the applicant's slip with its number) can be printed."""
    with pc.read() as session:
        found = session.exec(
            select(Case.number)
            .where(col(Case.status).in_(["submitted", "recommended", "approved", "refused"]))
            .order_by(col(Case.serial))
        ).all()
    assert len(found) > skip, "the demo data has received cases"
    return found[skip]


def _print(pc: Database, number: str) -> printing.Printed:
    with pc.read() as session:
        boss = session.exec(select(User).where(User.role == "supervisor")).first()
    assert boss is not None
    forms = forms_dir()
    return printing.print_slip(
        pc,
        kind=SlipKind.RECEIPT,
        number=number,
        actor=boss.username,
        policy=load_policy(forms),
        wording=load_wording(forms),
        calendar=load_calendar(forms),
        today=TODAY,
    )


def _verify(pc: Database, payload: str) -> printing.Standing:
    with pc.write() as session:
        checked = printing.verify_payload(session, payload, actor="admin")
        return printing.standing(session, checked, today=TODAY, wording=load_wording(forms_dir()))


@pytest.mark.slow
def test_a_pc_from_before_counters_renumbers_its_cases_keeping_the_old_numbers(
    tmp_path, centre_key
):
    pc = _pc(tmp_path / "a" / "cases.db", centre_key, counter=None, count=LEGACY, seed=31)
    try:
        old_slip = _print(pc, _received(pc))  # a paper issued under the old number
        before = _numbers(pc)
        assert all(counters.parse_number(n).owner == STATION for n, _f in before.values())

        _make_counter(pc, "01")

        after = _numbers(pc)
        assert after.keys() == before.keys()  # the same cases, none added or lost
        for case_id, (number, former) in after.items():
            old = before[case_id][0]
            assert former == old
            parsed, was = counters.parse_number(number), counters.parse_number(old)
            assert parsed.owner == f"{STATION}-01"
            assert (parsed.year, parsed.serial) == (was.year, was.serial)  # readable: same tail
        with pc.read() as session:
            assert counters.this_identity(session) == f"{STATION}-01"
            assert all(c.counter == "01" for c in session.exec(select(Case)))
            renumbered = session.exec(
                select(AuditEvent).where(AuditEvent.action == counters.RENUMBER)
            ).all()
            assert sorted((e.detail["former_number"], e.detail["number"]) for e in renumbered) == (
                sorted((before[i][0], after[i][0]) for i in after)
            )
            # The clerk types the number on the applicant's old slip and finds the case …
            old, (new, _former) = next((before[i][0], after[i]) for i in after)
            found = queries.search_cases(session, CaseFilter(query=old)).rows
            assert [row.number for row in found] == [new]
            assert cases.case_by_number(session, old).number == new
            # … and by its year and serial alone, as before.
            tail = "-".join(old.split("-")[1:])
            assert [
                r.number for r in queries.search_cases(session, CaseFilter(query=tail)).rows
            ] == [new]
        # The paper issued under the old number still verifies, and is found on the record.
        standing = _verify(pc, old_slip.payload)
        assert standing.valid and standing.on_record, standing.said.en
        assert standing.claim is not None
        assert standing.claim.number == before[old_slip.case_id.hex][0]
        old, new = before[old_slip.case_id.hex][0], after[old_slip.case_id.hex][0]
        assert f"case {old} (now {new})" in standing.said.en
        assert f"案件 {old}（现编号 {new}）" in standing.said.zh
        assert old_slip.payload.count(before[old_slip.case_id.hex][0]) == 1
        # A new case takes the next number of the counter's series, after the kept serials.
        with pc.read() as session:
            tops = Tally()
            for n in session.exec(select(Case.number)):
                parsed = counters.parse_number(n)
                tops[parsed.year] = max(tops[parsed.year], parsed.serial)
            year = max(tops)
            assert cases._next_number(session, f"{STATION}-01", year) == counters.number(
                f"{STATION}-01", year, tops[year] + 1
            )
            session.rollback()
        # Once a counter, always that one.
        with pc.write() as session, pytest.raises(counters.CounterRefused):
            counters.set_counter(session, "02", actor="admin")
    finally:
        pc.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def centre(request, tmp_path):
    from hukou_desk.sync.centre import open_target

    if request.param == "sqlite":
        target = open_database(tmp_path / "centre" / "centre.db")
    else:
        target = open_target(request.getfixturevalue("fresh_postgres"))
    yield target
    target.close()


def _copy(pc: Database, to: Path) -> Database:
    """A copy of `pc`'s case file on another PC (without its signing key, which stays beside
    the original): that PC makes its own key, as the desk asks after a restore elsewhere."""
    to.parent.mkdir(parents=True)
    raw = pc.engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(to),))
    finally:
        raw.close()
    copy = open_database(to)
    with copy.write() as session:
        keys.new_station_key(
            session, copy.keys_dir, station_code=STATION, actor="admin", secret=copy.key
        )
    return copy


@pytest.mark.slow
def test_two_pcs_from_before_counters_end_at_the_centre_each_case_once(
    tmp_path, centre_key, centre
):
    """The issue's first attack, as a station lived it: two PCs set up before counters gave
    the same numbers to different people; the first was registered under the station's code
    and sent its cases, the second's registration was refused. Both are made counters: at the
    centre the first's cases are recognised under their new numbers (not duplicated), the
    second's arrive, every old number names two cases with two owners — and a copy of the
    first's case file on a third PC cannot claim them."""
    first = _pc(tmp_path / "a" / "cases.db", centre_key, counter=None, count=LEGACY, seed=41)
    second = _pc(tmp_path / "b" / "cases.db", centre_key, counter=None, count=LEGACY, seed=42)
    pcs = [first, second]
    try:
        clash = {n for n, _f in _numbers(first).values()} & {
            n for n, _f in _numbers(second).values()
        }
        assert len(clash) == LEGACY  # the same numbers, for different people
        with centre.write() as session:
            registration.trust(session, _registration_file(first), actor="t")
        _exported, report = _send(first, centre, centre_key, tmp_path, "first-legacy")
        assert report.inserted["cases"] == LEGACY
        with centre.write() as session, pytest.raises(registration.RegistrationRefused):
            registration.trust(session, _registration_file(second), actor="t")
        held_before = _centre_ids(centre)
        assert Tally(_held(centre).values()) == {STATION: LEGACY}

        # A copy of the first PC's file, taken before it became a counter, on a third PC.
        copied = _copy(first, tmp_path / "c" / "cases.db")
        pcs.append(copied)

        _make_counter(first, "01")
        _make_counter(second, "02")
        _make_counter(copied, "03")
        for pc in (first, second, copied):
            with centre.write() as session:
                registration.trust(session, _registration_file(pc), actor="t")
        with centre.read() as session:
            continuing = session.execute(
                sa.text(
                    "SELECT entity_id FROM audit_event WHERE action = 'station.counter_continues'"
                )
            ).all()
        assert [row[0] for row in continuing] == [f"{STATION}-01"]  # the same key only

        _exported, report = _send(first, centre, centre_key, tmp_path, "first-as-01")
        assert report.inserted.get("cases", 0) == 0 and report.updated["cases"] == LEGACY
        _exported, report = _send(second, centre, centre_key, tmp_path, "second-as-02")
        assert report.inserted["cases"] == LEGACY

        # The copy's bundle, signed by its own key, names the first PC's cases: refused (the
        # trail it carries is under the first PC's seals), nothing of it written …
        forged = exporting.export(copied, actor="t", out=tmp_path / "copy-as-03.hkb")
        with pytest.raises(BundleRefused):
            _import(centre, forged.data, centre_key, tmp_path)
        # … and its cases alone, whatever its trail, are another counter's: refused, named.
        with centre.read() as session:
            contents = bundle.open_bundle(
                forged.data, centre_key=centre_key, station_keys=keys.known_keys(session)
            )
            with pytest.raises(BundleRefused) as refused:
                counter_owners.check_cases(session, contents.tables, f"{STATION}-03")
            assert f"（{STATION}-01）" in refused.value.message.zh
        # A replay of the first's changes nothing.
        again = _import(centre, _exported_again(first, tmp_path), centre_key, tmp_path)
        assert again.inserted.get("cases", 0) == 0

        held = _held(centre)  # numbers unique
        assert len(held) == 2 * LEGACY
        assert Tally(held.values()) == {f"{STATION}-01": LEGACY, f"{STATION}-02": LEGACY}
        assert held_before <= _centre_ids(centre)  # the first's cases, the same rows
        ids = _numbers(first)
        with centre.read() as session:
            rows = session.exec(select(Case.id, Case.former_number, Case.counter)).all()
        by_former: dict[str, list[str]] = {}
        for case_id, former, counter in rows:
            by_former.setdefault(former, []).append(counter)
            if counter == "01":
                assert ids[case_id.hex][1] == former  # the first's, under its new number
        assert set(by_former) == clash
        assert all(sorted(owners) == ["01", "02"] for owners in by_former.values())
        print(f"centre: {len(held)} cases, {dict(Tally(held.values()))}; old numbers: "
              f"{len(by_former)} each on two cases")  # fmt: skip
    finally:
        for pc in pcs:
            pc.close()


def _centre_ids(centre: Database) -> set[str]:
    with centre.read() as session:
        return {case_id.hex for case_id in session.exec(select(Case.id))}


def _exported_again(pc: Database, tmp_path: Path) -> bytes:
    """A period re-sent: every case received in the demo's years, whatever was sent before."""
    from datetime import date

    return exporting.export(
        pc, actor="t", out=tmp_path / "again.hkb", received=(date(2020, 1, 1), TODAY)
    ).data
