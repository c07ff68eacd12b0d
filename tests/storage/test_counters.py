"""A station's counters (storage/counters.py): numbers, identities and case numbers read back,
which counter this PC is, and the read-only copy of a case another counter owns."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.storage import cases, counters, registry
from hukou_desk.storage.counters import CaseNumber, CounterRefused, Identity, ReadOnlyCopy
from hukou_desk.storage.models import AuditEvent, Case
from tests.storage.conftest import TODAY
from tests.storage.test_cases import _spouse_case


@pytest.mark.parametrize(
    ("typed", "kept"), [("2", "02"), (" 07 ", "07"), ("99", "99"), ("1", "01")]
)
def test_a_counter_number_is_kept_as_two_digits(typed, kept):
    assert counters.checked(typed) == kept


@pytest.mark.parametrize("typed", ["0", "00", "100", "ab", "", "1.5", "-1"])
def test_a_counter_number_outside_01_to_99_is_refused_in_words(typed):
    with pytest.raises(CounterRefused) as refused:
        counters.checked(typed)
    assert "01 至 99" in refused.value.message.zh and "01 to 99" in refused.value.message.en


def test_identities_are_written_and_read_back():
    assert counters.identity("440703001", "02") == "440703001-02"
    assert counters.identity("440703001", None) == "440703001"  # a PC from before counters
    assert counters.parse(" 440703001-02 ") == Identity("440703001", "02")
    assert str(counters.parse("440703001")) == "440703001"
    assert counters.station_of("440703001-02#1") == "440703001"  # a trail's name
    for wrong in ("44070300-1", "440703001-2", "station", "440703001-02-03"):
        with pytest.raises(CounterRefused, match="counter"):
            counters.parse(wrong)


def test_a_member_of_staff_at_the_centre_is_placed_by_the_station_in_their_name():
    assert counters.staff_station("440703001-02/admin") == "440703001"
    assert counters.staff_station("440703001/liwen") == "440703001"
    assert counters.staff_station("admin") is None  # the centre's own
    assert counters.staff_station("nobody/admin") is None  # a slash, but no station before it


def test_case_numbers_in_both_forms_are_read_and_a_short_serial_is_padded():
    new = counters.parse_number("440703001-02-2026-000001")
    assert new == CaseNumber("440703001", "02", 2026, 1)
    assert new is not None and new.owner == "440703001-02"
    old = counters.parse_number("440703001-2026-23")
    assert old == CaseNumber("440703001", None, 2026, 23)
    assert str(old) == "440703001-2026-000023" and old.owner == "440703001"
    assert counters.number("440703001-02", 2026, 7) == "440703001-02-2026-000007"
    for wrong in ("440703001-02-26-1", "2026-000001", "440703001-02-2026-0000001", "陈小明"):
        assert counters.parse_number(wrong) is None


def test_this_pc_says_its_counter_once_and_it_is_on_the_record(db):
    with db.write() as session:
        assert counters.this_counter(session) is None
        assert counters.this_identity(session) == "440703001"
        assert counters.set_counter(session, "3", actor="admin") == "03"
        assert counters.set_counter(session, "03", actor="admin") == "03"  # the same again: kept
        assert counters.this_identity(session) == "440703001-03"
        with pytest.raises(CounterRefused) as refused:
            counters.set_counter(session, "04", actor="admin")
        assert "counter 03 already" in refused.value.message.en
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "counter.set")).all()
    assert [(e.entity_id, e.detail) for e in events] == [("440703001-03", {"counter": "03"})]


def test_a_pc_with_cases_numbered_before_counters_renumbers_them_keeping_the_old_number(
    db, staff, policy
):
    case = _spouse_case(db, staff, policy)
    old = case.number
    assert case.counter is None and counters.parse_number(old) == CaseNumber(
        "440703001", None, TODAY.year, 1
    )
    with db.write() as session:
        # Each renumbering is a change of the case by someone: not by a name with no account.
        with pytest.raises(CounterRefused) as refused:
            counters.set_counter(session, "02", actor="nobody")
        assert "not an account of this PC" in refused.value.message.en
    with db.read() as session:
        assert registry.get(session, registry.COUNTER) is None  # nothing written
    with db.write() as session:
        assert counters.set_counter(session, "02", actor="boss") == "02"
    with db.read() as session:
        moved = cases.case_by_number(session, f"440703001-02-{TODAY.year}-000001")
        assert (moved.id, moved.counter, moved.former_number) == (case.id, "02", old)
        renumbered = session.exec(
            select(AuditEvent).where(AuditEvent.action == counters.RENUMBER)
        ).all()
    assert [(e.detail["former_number"], e.detail["number"]) for e in renumbered] == [
        (old, moved.number)
    ]


def test_a_station_not_set_up_has_no_identity(tmp_path):
    from hukou_desk.storage.database import open_database

    database = open_database(tmp_path / "empty.db")
    try:
        with database.read() as session, pytest.raises(CounterRefused, match="not set up"):
            counters.this_identity(session)
    finally:
        database.close()


def test_a_case_numbered_under_a_counter_carries_it_and_another_counters_copy_is_read_only(
    db, staff, policy
):
    with db.write() as session:
        counters.set_counter(session, "02", actor="admin")
    case = _spouse_case(db, staff, policy)
    assert case.counter == "02" and case.number.startswith("440703001-02-2026-")
    with db.write() as session:
        mine = session.exec(select(Case).where(Case.id == case.id)).one()
        assert counters.owner_of(mine) == "440703001-02" and counters.is_ours(session, mine)
        counters.refuse_foreign(session, mine)  # ours: nothing said
        mine.counter = "05"  # as a signed hand-over to counter 05 leaves it here
        session.add(mine)
    with db.read() as session:
        theirs = session.exec(select(Case).where(Case.id == case.id)).one()
        assert not counters.is_ours(session, theirs)
        with pytest.raises(ReadOnlyCopy) as refused:
            counters.refuse_foreign(session, theirs)
    assert (refused.value.case_number, refused.value.owner) == (case.number, "440703001-05")
    assert "read-only copy" in refused.value.message.en and "只读副本" in refused.value.message.zh
    with db.read() as session:
        assert cases.case_by_number(session, case.number).counter == "05"
