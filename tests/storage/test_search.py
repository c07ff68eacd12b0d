"""The case list finds, filters, pages and masks (storage/search.py and storage/queries.py)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.storage import queries
from hukou_desk.storage.queries import (
    CaseFilter,
    Due,
    Sort,
    count_by_status,
    count_cases,
    deadline_cases,
    search_cases,
)
from hukou_desk.storage.search import QueryKind, initials, name_tokens, parse_query
from tests.storage.conftest import DEMO_DAY as TODAY


def test_search_by_name_substring_of_any_length_initials_number_and_prefix(loaded):
    with loaded.read() as session:
        some = search_cases(session, limit=50).rows
        target = next(r for r in some if len(r.applicant_name) >= 3)
        for query in (target.applicant_name[:1], target.applicant_name[1:3], target.applicant_name):
            found = []
            page = search_cases(session, CaseFilter(query=query))
            while True:
                found += [r.number for r in page.rows]
                if page.next_key is None:
                    break
                page = search_cases(session, CaseFilter(query=query), after=page.next_key)
            assert target.number in found, query
            assert len(found) == len(set(found))
        rows = search_cases(session, CaseFilter(query=initials(target.applicant_name)[:2])).rows
        assert rows and all(
            initials(r.applicant_name).startswith(initials(target.applicant_name)[:2]) for r in rows
        )
        _station, year, serial = target.number.split("-")
        tail = f"{year}-{int(serial)}"  # what a clerk reads off the applicant's receipt
        assert [r.number for r in search_cases(session, CaseFilter(query=tail)).rows] == [
            target.number
        ]
        assert search_cases(session, CaseFilter(query="2026-@@")).rows == []
        assert [r.number for r in search_cases(session, CaseFilter(query=target.number)).rows] == [
            target.number
        ]
        with sqlite3.connect(loaded.path) as c:
            full = c.execute(
                "SELECT p.id_number FROM case_file c JOIN person p ON p.id = c.applicant_id "
                "WHERE c.number = ?",
                (target.number,),
            ).fetchone()[0]
        assert [r.number for r in search_cases(session, CaseFilter(query=full)).rows] == [
            target.number
        ]
        prefix = search_cases(session, CaseFilter(query=full[:6])).rows
        assert target.number in [
            r.number for r in search_cases(session, CaseFilter(query=full[:10])).rows
        ]
        assert prefix and all(r.applicant_id_masked.startswith(full[:6]) for r in prefix)
        assert all(r.applicant_id_masked[6:14] == "********" for r in some)


def test_filters_combine_and_keyset_pages_cover_every_row_once(loaded):
    with loaded.read() as session:
        counts = count_by_status(session)
        assert sum(counts.values()) == 1500
        flt = CaseFilter(statuses=[CaseStatus.APPROVED], district="440703")
        seen, page = [], search_cases(session, flt, limit=40)
        while True:
            seen += page.rows
            if page.next_key is None:
                break
            page = search_cases(session, flt, after=page.next_key, limit=40)
        assert all(r.status is CaseStatus.APPROVED and r.district == "440703" for r in seen)
        keys = [(r.application_date, r.key[1]) for r in seen]
        assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
        with sqlite3.connect(loaded.path) as c:
            expected = c.execute(
                "SELECT count(*) FROM case_file WHERE status='approved' AND district='440703'"
            ).fetchone()[0]
        assert len(seen) == expected
        window = search_cases(
            session,
            CaseFilter(received_from=date(2022, 1, 1), received_to=date(2022, 6, 30)),
            sort=Sort.RECEIVED_OLDEST,
        ).rows
        assert window and all(
            date(2022, 1, 1) <= r.application_date <= date(2022, 6, 30) for r in window
        )
        assert [r.application_date for r in window] == sorted(r.application_date for r in window)


def _all(session, flt, sort, limit):
    """Every case of the list, page by page as the screen scrolls."""
    page = search_cases(session, flt, sort=sort, limit=limit)
    seen = list(page.rows)
    while page.next_key is not None:
        page = search_cases(session, flt, sort=sort, after=page.next_key, limit=limit)
        seen += page.rows
    return seen


def test_deadlines_list_the_due_soonest_first_and_count_the_overdue_apart(loaded, calendar):
    with sqlite3.connect(loaded.path) as c:
        # The last day of the last limit: that case is due that day, the ones before overdue.
        (last,) = c.execute("SELECT max(due_on) FROM case_file").fetchone()
    today = date.fromisoformat(last)
    horizon = calendar.add(today, 3).isoformat()
    with sqlite3.connect(loaded.path) as c:
        overdue, soon = c.execute(
            "SELECT sum(due_on < ?), sum(due_on >= ? AND due_on <= ?) FROM case_file",
            (today.isoformat(), today.isoformat(), horizon),
        ).fetchone()
    assert overdue > 5 and soon >= 1  # the demo file has both kinds
    with loaded.read() as session:
        due = deadline_cases(session, today=today, calendar=calendar, limit=5)
        late = deadline_cases(session, today=today, calendar=calendar, listed=Due.OVERDUE, limit=5)
        every_late = deadline_cases(
            session, today=today, calendar=calendar, listed=Due.OVERDUE, limit=10_000
        )
    # The counts are exact whatever the list's limit, and each list holds only its own kind.
    assert (due.counts.overdue, due.counts.due_soon) == (overdue, soon)
    assert due.total == soon and late.total == overdue
    assert len(late.rows) == 5 and len(every_late.rows) == overdue
    dues = [r.row.due_on for r in due.rows]
    assert dues == sorted(dues) and all(d >= today for d in dues)
    assert {r.urgency.value for r in due.rows} == {"near"}
    lates = [r.row.due_on for r in every_late.rows]
    assert lates == sorted(lates) and all(d < today for d in lates)  # the longest overdue first
    assert {r.urgency.value for r in every_late.rows} == {"overdue"}
    assert [r.row.number for r in late.rows] == [r.row.number for r in every_late.rows[:5]]


def test_a_sort_by_due_keeps_every_case_of_the_filter(loaded):
    with loaded.read() as session:
        queue = CaseFilter(statuses=(CaseStatus.APPROVED,), not_printed=True)
        by_due = _all(session, queue, Sort.DUE, 50)
        by_received = _all(session, queue, Sort.RECEIVED, 50)
        assert by_due and {r.id for r in by_due} == {r.id for r in by_received}
        # The whole file by due date: running clocks soonest first, then the others, each once.
        everything = _all(session, CaseFilter(), Sort.DUE, 37)
    assert len(everything) == len({r.id for r in everything}) == 1500
    running = [r.due_on for r in everything if r.due_on is not None]
    assert running == sorted(running)
    assert [r.due_on is None for r in everything] == [False] * len(running) + [True] * (
        1500 - len(running)
    )
    stopped = [(r.application_date, r.key[1]) for r in everything[len(running) :]]
    assert stopped == sorted(stopped)  # the longest waiting first


@pytest.mark.parametrize(
    "flt",
    [
        CaseFilter(),
        CaseFilter(statuses=(CaseStatus.APPROVED,), not_printed=True),
        CaseFilter(statuses=(CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED)),
        CaseFilter(district="440703", received_from=date(2022, 1, 1)),
        CaseFilter(query="44"),
        CaseFilter(query="王"),
        CaseFilter(due_by=TODAY),
    ],
)
def test_the_count_of_a_filter_is_the_number_of_cases_it_lists(loaded, flt):
    with loaded.read() as session:
        counted = count_cases(session, flt)
        listed = _all(session, flt, Sort.RECEIVED, 500)
    assert counted == queries.Count(len(listed)) and listed


def test_a_count_past_the_cap_says_so_and_one_an_index_answers_is_exact(loaded, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 100)
    with loaded.read() as session:
        prefix = count_cases(session, CaseFilter(query="44"))  # each case looked at
        received = count_cases(session, CaseFilter(received_from=date(2000, 1, 1)))
        late = count_cases(session, CaseFilter(due_by=TODAY))
        queue = count_cases(session, CaseFilter(statuses=(CaseStatus.APPROVED,), district="440703"))
    assert prefix == queries.Count(100, at_least=True)
    assert received == queries.Count(1500)
    with sqlite3.connect(loaded.path) as c:
        (running,) = c.execute(
            "SELECT count(*) FROM case_file WHERE due_on <= ?", (TODAY.isoformat(),)
        ).fetchone()
    assert running > 100 and late == queries.Count(running)
    assert queue.at_least  # a status and a district: two indexes, so counted up to the cap


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("  ", QueryKind.EMPTY, ""),
        ("440703001-2026-000123", QueryKind.CASE_NUMBER, "440703001-2026-000123"),
        ("44070319900101123x", QueryKind.IDENTITY_NUMBER, "44070319900101123X"),
        ("４４０７０３", QueryKind.IDENTITY_PREFIX, "440703"),  # full-width digits from an IME
        ("Z S", QueryKind.INITIALS, "zs"),
        ("张 三", QueryKind.NAME, "张三"),
        ("!!", QueryKind.UNKNOWN, "!!"),  # matches nothing, not everything
        ("440703001-2026-23", QueryKind.CASE_NUMBER, "440703001-2026-000023"),
        ("440703001-02-2026-23", QueryKind.CASE_NUMBER, "440703001-02-2026-000023"),
        ("2026-000023", QueryKind.CASE_SERIAL, "-2026-000023"),
        ("2026-23", QueryKind.CASE_SERIAL, "-2026-000023"),
    ],
)
def test_the_search_box_understands_what_was_typed(raw, kind, value):
    assert parse_query(raw) == parse_query(raw) and (
        parse_query(raw).kind,
        parse_query(raw).value,
    ) == (kind, value)


def test_surnames_are_read_as_surnames_and_former_names_are_indexed():
    assert (
        initials("单田芳") == "stf"
        and initials("曾小贤") == "zxx"
        and initials("欧阳志强") == "oyzq"
    )
    assert name_tokens("陈明", "陈小明、陈晓明") == (
        "陈 明 0 陈 小 明 0 陈 晓 明",
        "cm 0 cxm 0 cxm",
    )


@pytest.mark.parametrize("sort", [s for s in Sort if s is not Sort.RECEIVED])
def test_a_common_name_walks_the_sort_index_and_finds_the_same_pages(loaded, sort, monkeypatch):
    from hukou_desk.storage import queries

    def pages(threshold):
        monkeypatch.setattr(queries, "COMMON_NAME_HITS", threshold)
        found, after = [], None
        with loaded.read() as session:
            while True:
                page = search_cases(
                    session, CaseFilter(query="陈"), sort=sort, after=after, limit=7
                )
                found += [r.number for r in page.rows]
                if page.next_key is None:
                    return found
                after = page.next_key

    assert pages(0) == pages(10**9) and pages(0)  # walked or sorted: the same cases, same order


def test_a_name_of_characters_pinyin_has_no_reading_for_is_saved_and_found(db, staff):
    """王㐂 (Ext A), 李𠀂 (Ext B), 𰀀 (Ext G): the fonts print them, so they can be names; the
    index gives their unknown readings a placeholder instead of raising IndexError."""
    from hukou_desk.domain.identity import check_character
    from hukou_desk.storage import cases as stored

    assert initials("王㐂") == "w_" and initials("李𠀂") == "l_" and initials("𰀀") == "_"
    with db.write() as session:
        for i, name in enumerate(("王㐂", "李𠀂", "𰀀")):
            first17 = f"44078119900101{i:03d}"
            stored.save_person(
                session,
                actor=staff["clerk"],
                identity_number=first17 + check_character(first17),
                name=name,
                today=date(2026, 11, 20),
            )
    assert name_tokens("李𠀂") == ("李 𠀂", "l_")
