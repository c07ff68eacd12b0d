"""Every figure checked against an independent count: SQL written here, over the case file's
own tables (cases, decisions, roles, people), never the statistics' tables."""

from __future__ import annotations

import math
import uuid
from collections import Counter as Tally
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from hukou_desk import demo
from hukou_desk.domain import statistics as st
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.loader import load_calendar
from hukou_desk.domain.staff import NotPermitted
from hukou_desk.domain.statistics import Filters
from hukou_desk.domain.text import text
from hukou_desk.paths import forms_dir
from hukou_desk.services import decisions, intake
from hukou_desk.services import statistics as stats_service
from hukou_desk.services.counter import Counter
from hukou_desk.storage import stats as store
from hukou_desk.storage.database import open_database
from tests.services.conftest import (
    APPLICANT,
    SPOUSE,
    TODAY,
    copy_station,
    open_spouse_case,
    recommended_case,
    verify_everything,
)

# The last verdict of each case (approval or refusal), ties broken by id as the code does.
LAST = """
SELECT d.case_id, d.kind, d.decided_at, d.id FROM decision d
WHERE d.kind IN ('approval', 'refusal') AND NOT EXISTS (
  SELECT 1 FROM decision e WHERE e.case_id = d.case_id AND e.kind IN ('approval', 'refusal')
  AND (e.decided_at > d.decided_at OR (e.decided_at = d.decided_at AND e.id > d.id)))
"""
OUTCOME = """CASE
  WHEN c.status = 'approved' THEN 'approved'
  WHEN c.status = 'refused' THEN 'refused'
  WHEN c.status = 'withdrawn' THEN 'withdrawn'
  WHEN c.status = 'closed' THEN CASE WHEN v.kind = 'refusal' THEN 'refused' ELSE 'approved' END
  ELSE 'open' END"""


def sql(counter, query: str, **params):
    with counter.database.engine.connect() as connection:
        return connection.execute(sa.text(query), params).all()


def key(record_id: str) -> int:
    return st.record_key(uuid.UUID(str(record_id)))


def round_and_sum(records, by, figure: str) -> dict:
    """The rule as the domain states it, applied here to records counted here: records
    (coordinates of their base cell, record id) → base cells → each rounded by its key and
    the figure's salt → summed by `by`."""
    atoms: dict[tuple, list[int]] = {}
    for coords, record in records:
        cell = atoms.setdefault(tuple(coords), [0, 0])
        cell[0] += 1
        cell[1] += key(record)
    found: Tally = Tally()
    for coords, (n, keys) in atoms.items():
        found[by(coords)] += st.rounded(n, keys + st.salt(figure))
    return found


def month_of(day: str) -> int:
    return int(day[:4] + day[5:7])


CASE_COLUMNS = {"station_code": 1, "district": 2, "pathway_id": 3, "application_date": 0}


def cases_by(counter, column: str, start: date, end: date) -> dict[str, tuple[int, ...]]:
    rows = sql(
        counter,
        f"""SELECT c.id, c.application_date, c.station_code, c.district, c.pathway_id, {OUTCOME}
            FROM case_file c LEFT JOIN ({LAST}) v ON v.case_id = c.id
            WHERE c.application_date BETWEEN :a AND :b""",
        a=start.isoformat(),
        b=end.isoformat(),
    )
    records = [((month_of(r[1]), r[2], r[3], r[4], r[5]), r[0]) for r in rows]
    at = CASE_COLUMNS[column]
    counted = round_and_sum(records, lambda c: (c[at], c[4]), "cases")
    found: dict[str, list[int]] = {}
    for (k, outcome), n in counted.items():
        into = found.setdefault(str(k), [0] * 5)
        into[0] += n
        into[1 + ("approved", "refused", "withdrawn", "open").index(outcome)] += n
    return {k: tuple(v) for k, v in found.items() if v[0]}


MOVES = f"""
WITH v AS ({LAST}),
approved AS (
  SELECT c.id AS case_id, c.facts, c.applicant_id, c.district, c.station_code, c.pathway_id,
         date(v.decided_at, '+8 hours') AS day
  FROM case_file c JOIN v ON v.case_id = c.id
  WHERE (c.status = 'approved' OR (c.status = 'closed' AND v.kind = 'approval'))
    AND date(v.decided_at, '+8 hours') BETWEEN :a AND :b),
moves AS (
  SELECT a.day, a.case_id, a.district, a.station_code, a.pathway_id, p.id AS person_id,
         p.sex, p.birth_date, p.education,
         coalesce(json_extract(a.facts, '$.applicant.hukou_region'), substr(p.id_number, 1, 6))
           AS origin
  FROM approved a JOIN person p ON p.id = a.applicant_id
  UNION ALL
  SELECT a.day, a.case_id, a.district, a.station_code, a.pathway_id, p.id, p.sex,
         p.birth_date, p.education,
         coalesce((SELECT json_extract(r.value, '$.hukou_region')
                   FROM json_each(a.facts, '$.relatives') r
                   WHERE json_extract(r.value, '$.id_number') = p.id_number),
                  substr(p.id_number, 1, 6))
  FROM approved a JOIN case_role cr ON cr.case_id = a.case_id AND cr.role = 'relative'
  JOIN person p ON p.id = cr.person_id),
latest AS (
  SELECT *, row_number() OVER (PARTITION BY person_id ORDER BY day DESC, case_id DESC) AS n
  FROM moves)
SELECT day, origin, district, sex, birth_date, education, station_code, pathway_id, person_id
FROM latest WHERE n = 1
"""


def moved_people(counter, start: date, end: date) -> list[tuple]:
    return sql(counter, MOVES, a=start.isoformat(), b=end.isoformat())


def refusals(counter, start: date, end: date) -> dict[str, int]:
    rows = sql(
        counter,
        f"""WITH v AS ({LAST}),
            refused AS (
              SELECT c.id, v.decided_at, v.id AS verdict, c.station_code, c.district,
                     c.pathway_id FROM case_file c
              JOIN v ON v.case_id = c.id
              WHERE (c.status = 'refused' OR (c.status = 'closed' AND v.kind = 'refusal'))
                AND date(v.decided_at, '+8 hours') BETWEEN :a AND :b),
            judged AS (
              SELECT r.id, r.decided_at, r.station_code, r.district, r.pathway_id,
                     (SELECT d.outcome FROM decision d WHERE d.case_id = r.id
                              AND (d.decided_at < r.decided_at
                                   OR (d.decided_at = r.decided_at AND d.id <= r.verdict))
                              AND d.outcome NOT IN ('{{}}', 'null')
                            ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) AS outcome
              FROM refused r)
            SELECT j.id, json_extract(line.value, '$.id'), date(j.decided_at, '+8 hours'),
                   j.station_code, j.district, j.pathway_id FROM judged j
            LEFT JOIN json_each(j.outcome, '$.criteria') line
              ON json_extract(line.value, '$.status') = 'not_met'""",
        a=start.isoformat(),
        b=end.isoformat(),
    )
    records = {
        ((month_of(day), station, district, pathway, criterion or ""), case_id)
        for case_id, criterion, day, station, district, pathway in rows
    }
    return {k: n for k, n in round_and_sum(records, lambda c: c[4], "refusals").items() if n}


def decided_days(counter, start: date, end: date) -> dict[str, tuple[list[int], int, int]]:
    """Per pathway: the working days of each case decided, and the published decided and
    over-the-limit counts."""
    rows = sql(
        counter,
        f"""SELECT c.pathway_id, c.clock_used, c.clock_limit, c.id,
                   date(v.decided_at, '+8 hours'), c.station_code, c.district
            FROM case_file c JOIN ({LAST}) v ON v.case_id = c.id
            WHERE c.status IN ('approved', 'refused', 'closed')
              AND date(v.decided_at, '+8 hours') BETWEEN :a AND :b""",
        a=start.isoformat(),
        b=end.isoformat(),
    )
    days: dict[str, list[int]] = {}
    for pathway, used, *_rest in rows:
        days.setdefault(pathway, []).append(used)
    counted = round_and_sum(
        [((month_of(r[4]), r[5], r[6], r[0], r[1] > r[2]), r[3]) for r in rows],
        lambda c: (c[3], c[4]),
        "decided",
    )
    return {
        p: (d, counted[(p, True)] + counted[(p, False)], counted[(p, True)])
        for p, d in days.items()
    }


def nearest_rank(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@pytest.fixture(scope="module")
def demo_folder(station_folder, policy, tmp_path_factory):
    """The station with 1,500 demo cases, generated once for this file (8-16 s on the shared
    machine) and copied for each test that reads or changes it."""
    folder = tmp_path_factory.mktemp("demo-station")
    database = open_database(copy_station(station_folder, folder))
    demo.generate(
        database,
        count=1500,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=TODAY,
        seed=17,
    )
    database.close()
    return folder


@pytest.fixture
def counter(request, tmp_path, policy, station_folder):
    """tests/services' counter; for a test that asks for `demo_counter`, the demo station (so
    that `people` sign in on the file the test reads)."""
    wants_demo = "demo_counter" in request.fixturenames
    template = request.getfixturevalue("demo_folder") if wants_demo else station_folder
    database = open_database(copy_station(template, tmp_path))
    here = Counter(database, policy, load_calendar(forms_dir()), today=lambda: TODAY)
    yield here
    database.close()


@pytest.fixture
def demo_counter(counter):
    return counter


END = date(2026, 11, 30)  # the month of TODAY, whole
PERIODS = [
    (date(2019, 1, 1), END),  # everything
    (date(2026, 1, 1), END),  # this year
    (date(2026, 10, 1), date(2026, 10, 31)),  # one whole month
    (date(2025, 3, 1), date(2026, 10, 31)),  # months of two years
]


@pytest.mark.slow
def test_figures_are_published_for_whole_months_only(demo_counter, people):
    for start, end in ((date(2026, 10, 5), date(2026, 10, 31)), (date(2026, 10, 1), TODAY)):
        with pytest.raises(HukouDeskError) as refused:
            stats_service.report(demo_counter, people["boss"], Filters(start, end))
        assert "整月" in refused.value.message.zh and "whole months" in refused.value.message.en


@pytest.mark.parametrize(("start", "end"), PERIODS)
@pytest.mark.slow
def test_every_figure_matches_an_independent_count(demo_counter, people, start, end):
    """Counted here from the case file's own tables, rounded here by the domain's rule on the
    base cells: the product's monthly sums, key sums and de-duplication give the same."""
    report = stats_service.report(demo_counter, people["boss"], Filters(start, end))
    for table_id, column in (
        ("cases_by_pathway", "pathway_id"),
        ("cases_by_district", "district"),
        ("cases_by_station", "station_code"),
    ):
        shown = {row.key: row.cells[1:] for row in report.table(table_id).rows}
        assert shown == cases_by(demo_counter, column, start, end), table_id
        total = report.table(table_id).total
        assert total is not None
        assert total.cells[1:] == tuple(sum(v[i] for v in shown.values()) for i in range(5))
    months = {
        int(k): v[0] for k, v in cases_by(demo_counter, "application_date", start, end).items()
    }
    shown_months = {int(row.key): row.cells[1] for row in report.table("cases_by_month").rows}
    assert {k: v for k, v in shown_months.items() if v} == months
    assert list(shown_months) == st.months_between(start, end)  # empty months shown too

    moved = moved_people(demo_counter, start, end)
    value = {
        "province": lambda r: r[1][:2],
        "city": lambda r: r[1][:4],
        "district": lambda r: r[2],
        "sex": lambda r: r[3],
        "education": lambda r: r[5] or "",
        "age_band": lambda r: str(st.age_band(date.fromisoformat(r[4]), date.fromisoformat(r[0]))),
    }
    for dimension, of in value.items():
        records = [((month_of(r[0]), r[6], r[2], r[7], of(r)), r[8]) for r in moved]
        expected = {
            k: n
            for k, n in round_and_sum(records, lambda c: c[4], f"people_by_{dimension}").items()
            if n
        }
        shown = {row.key: row.cells[1] for row in report.table(f"people_by_{dimension}").rows}
        if dimension == "age_band":  # every band listed, an empty one too
            assert list(shown) == [str(i) for i in range(len(st.AGE_BANDS))]
            shown = {k: v for k, v in shown.items() if v}
        assert shown == expected, dimension
        total = report.table(f"people_by_{dimension}").total
        assert total is not None and total.cells[1] == sum(expected.values())
        assert all(n % st.BASE == 0 for n in shown.values())

    shown_refusals = {
        "" if row.key == stats_service.JUDGEMENT else row.key: row.cells[2]
        for row in report.table("refusals").rows
    }
    assert shown_refusals == refusals(demo_counter, start, end)

    days = decided_days(demo_counter, start, end)
    for row in report.table("processing").rows:
        values, decided, over = days.pop(row.key)
        shown_days = decided >= st.DAYS_BASE
        assert row.cells[1:4] == (
            decided,
            nearest_rank(values, 0.5) if shown_days else None,
            nearest_rank(values, 0.9) if shown_days else None,
        ), row.key
        assert row.cells[5] == over
    assert all(published == 0 for _days, published, _over in days.values())

    open_rows = sql(
        demo_counter,
        """SELECT application_date, status, due_on, pathway_id, id, station_code, district
           FROM case_file
           WHERE status IN ('draft', 'needs_documents', 'submitted', 'recommended')
             AND application_date BETWEEN :a AND :b""",
        a=start.isoformat(),
        b=end.isoformat(),
    )

    def late(r) -> bool:
        return r[1] in ("submitted", "recommended") and bool(r[2]) and r[2] < TODAY.isoformat()

    records = [
        (
            (
                month_of(r[0]),
                r[5],
                r[6],
                r[3],
                st.open_age_band((TODAY - date.fromisoformat(r[0])).days),
                late(r),
            ),
            r[4],
        )
        for r in open_rows
    ]
    ages = round_and_sum(records, lambda c: str(c[4]), "open")
    shown_ages = {row.key: row.cells[1] for row in report.table("open_by_age").rows}
    assert {k: v for k, v in shown_ages.items() if v} == {k: v for k, v in ages.items() if v}
    overdue = round_and_sum([r for r in records if r[0][5]], lambda c: c[3], "open")
    shown_overdue = {row.key: row.cells[1] for row in report.table("overdue").rows}
    assert shown_overdue == {k: v for k, v in overdue.items() if v}
    assert any(r[0][5] for r in records) or end < date(2026, 1, 1)  # there are some


def snapshot(counter) -> dict[str, list[tuple]]:
    with counter.database.engine.connect() as connection:
        return {
            table: sorted(
                tuple(map(str, row)) for row in connection.exec_driver_sql(f"SELECT * FROM {table}")
            )
            for table in ("stats_case", "stats_person", "stats_refusal", "stats_repeat")
        } | {
            # The monthly sums, less any that came back to nothing.
            table: sorted(
                tuple(map(str, row))
                for row in connection.exec_driver_sql(f"SELECT * FROM {table} WHERE {n} != 0")
            )
            for table, n in (
                ("stats_case_month", "cases"),
                ("stats_decided_month", "cases"),
                ("stats_person_month", "moves"),
                ("stats_mover", "moves"),
            )
        }


@pytest.mark.slow
def test_the_tables_kept_by_each_change_equal_a_rebuild_from_scratch(demo_counter, people):
    # Demo data (written in bulk) and the desk's own work (one case at a time).
    ref = recommended_case(demo_counter, people["clerk"])
    decisions.approve(demo_counter, people["boss"], number=ref.number)
    kept = snapshot(demo_counter)
    with demo_counter.database.write() as session:
        assert store.rebuild(session.connection()) > 1500
    assert snapshot(demo_counter) == kept
    assert len(kept["stats_case"]) == 1501


@pytest.mark.slow
def test_demo_data_loaded_in_batches_counts_what_a_rebuild_counts(counter, policy):
    # The demo loader writes its statistics' rows a batch at a time: a month's sum met again
    # in a later batch adds to its count and to its key sum both.
    demo.generate(
        counter.database,
        count=300,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=TODAY,
        seed=5,
        batch=3,
    )
    loaded = snapshot(counter)
    with counter.database.write() as session:
        assert store.rebuild(session.connection()) == 300
    assert snapshot(counter) == loaded


CHILD = "440781201508080013"  # a child who comes along (随迁)


def approved_again(counter, people, *, reasons: str = "材料齐全") -> str:
    """The spouse's case again, the child coming along, approved."""
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    intake.set_people(
        counter,
        clerk,
        case_id=ref.id,
        people=[
            intake.Party(intake.PartyRole.SPONSOR, SPOUSE, "李华", "10"),
            intake.Party(intake.PartyRole.RELATIVE, CHILD, "陈乐乐", "20"),
        ],
    )
    verify_everything(counter, clerk, ref)
    intake.submit(counter, clerk, case_id=ref.id, recommend=True, reasons="材料齐全")
    decisions.approve(counter, people["boss"], number=ref.number, reasons=reasons)
    return ref.number


@pytest.mark.slow
def test_the_edge_cases_a_counter_meets(counter, people):
    clerk, boss = people["clerk"], people["boss"]
    # Refused, then applied for again and approved; approved a third time (moved twice):
    # two approved cases, one refused, one person moved.
    first = recommended_case(counter, clerk)
    decisions.refuse(
        counter, boss, number=first.number, reasons="住房证明不实", grounds=["spouse_city_hukou"]
    )
    second = approved_again(counter, people)
    third = approved_again(counter, people)
    # A withdrawn case.
    gone = open_spouse_case(counter, clerk)
    intake.withdraw(counter, clerk, case_id=gone.id)
    # The second approval happened at 00:30 on 1 November, Beijing time (16:30 UTC the
    # day before): a November move.
    with counter.database.write() as session:
        session.connection().exec_driver_sql(
            "UPDATE decision SET decided_at = '2026-10-31 16:30:00.000000' WHERE kind = "
            "'approval' AND case_id = (SELECT id FROM case_file WHERE number = ?)",
            (second,),
        )
        ids = [
            row[0]
            for row in session.connection().execute(
                sa.text("SELECT id FROM case_file WHERE number = :n"), {"n": second}
            )
        ]
        store.refresh(session.connection(), [uuid.UUID(ids[0])])
    today = china_today()
    whole = Filters(*st.month_period(date(2026, 1, 1), max(today, TODAY) + timedelta(days=1)))
    report = stats_service.report(counter, boss, whole, today=TODAY)
    with counter.database.engine.connect() as connection:
        cases = store.case_atoms(connection, whole)
        sexes = store.people_atoms(connection, "sex", whole)
        ages = store.people_atoms(connection, "age_band", whole)
    # The base cells, before the rule: two approved cases, one refused, one withdrawn …
    outcomes = Tally()
    for coords, (n, _keys) in cases.items():
        outcomes[coords[4]] += n
    assert outcomes == {"approved": 2, "refused": 1, "withdrawn": 1}
    # … the applicant and the child, each moved twice: two people, each once …
    assert sum(n for n, _keys in sexes.values()) == 2
    assert {c[4]: n for c, (n, _k) in ages.items()} == {"0": 1, "3": 1}  # a child, an adult
    # … and the key of each cell is its records' keys summed.
    person_keys = {
        st.record_key(uuid.UUID(str(row[0])))
        for row in sql(counter, "SELECT person_id FROM stats_person")
    }
    assert sum(k for _n, k in ages.values()) == sum(person_keys)
    # Published: every count a multiple of five, each the rounding of its cell.
    shown = {
        row.key: row.cells[1] for row in report.table("people_by_age_band").rows if row.cells[1]
    }
    salt = st.salt("people_by_age_band")
    assert shown == {
        c[4]: st.rounded(n, k + salt) for c, (n, k) in ages.items() if st.rounded(n, k + salt)
    }
    # The refusal rests on the criterion the supervisor marked (the engine found it met): its
    # row, and the case behind it; none rests on judgement alone.
    behind = stats_service.cases_behind(
        counter, boss, table_id="refusals", key="spouse_city_hukou", filters=whole, today=TODAY
    )
    assert [case.number for case in behind] == [first.number]
    alone = stats_service.cases_behind(
        counter, boss, table_id="refusals", key=stats_service.JUDGEMENT, filters=whole, today=TODAY
    )
    assert alone == []
    with counter.database.engine.connect() as connection:
        october = store.people_atoms(
            connection, "sex", Filters(date(2026, 10, 1), date(2026, 10, 31))
        )
        november_on = store.people_atoms(connection, "sex", Filters(date(2026, 11, 1), whole.end))
    assert october == {}
    assert sum(n for n, _keys in november_on.values()) == 2
    assert third and APPLICANT


def test_only_supervisors_and_administrators_see_the_figures(counter, people):
    month = Filters(*st.month_period(TODAY, TODAY))
    with pytest.raises(NotPermitted):
        stats_service.report(counter, people["clerk"], month)
    assert stats_service.report(counter, people["admin"], month).tables


def test_the_cases_behind_a_bar_are_listed_masked_and_the_look_up_audited(demo_counter, people):
    filters = Filters(date(2026, 1, 1), END)
    report = stats_service.report(demo_counter, people["boss"], filters)
    row = report.table("cases_by_pathway").rows[0]
    listed = stats_service.cases_behind(
        demo_counter, people["boss"], table_id="cases_by_pathway", key=row.key, filters=filters
    )
    # The cases themselves (a supervisor's audited look-up), not the published figure.
    (received,) = sql(
        demo_counter,
        "SELECT count(*) FROM case_file WHERE pathway_id = :p AND application_date BETWEEN "
        ":a AND :b",
        p=row.key,
        a=filters.start.isoformat(),
        b=filters.end.isoformat(),
    )[0]
    assert len(listed) == received and abs(received - row.cells[1]) < 5 * st.BASE
    assert all("*" in case.applicant and case.pathway == row.key for case in listed)
    events = sql(
        demo_counter, "SELECT actor, entity_id FROM audit_event WHERE action = 'stats.cases'"
    )
    assert events == [("boss", "cases_by_pathway")]
    month = report.table("cases_by_month").rows[-1]
    behind = stats_service.cases_behind(
        demo_counter, people["boss"], table_id="cases_by_month", key=month.key, filters=filters
    )
    assert (
        len(behind)
        == sql(
            demo_counter,
            "SELECT count(*) FROM case_file WHERE application_date BETWEEN '2026-11-01' AND :b",
            b=END.isoformat(),
        )[0][0]
    )
    assert verify_everything  # the helpers stay importable for the flows above


def test_a_months_report_is_compared_with_the_month_before(demo_counter, people):
    october = stats_service.report(
        demo_counter, people["boss"], Filters(date(2026, 10, 1), date(2026, 10, 31))
    )
    september = stats_service.report(
        demo_counter, people["boss"], Filters(date(2026, 9, 1), date(2026, 9, 30))
    )
    received = [
        r.total.cells[1]  # type: ignore[union-attr]
        for r in (october.table("cases_by_pathway"), september.table("cases_by_pathway"))
    ]
    expected = st.change_sentence(text("受理案件", "Cases received"), *received)
    assert october.summary[0] == expected


def test_the_months_overdue_figure_says_it_counts_only_the_months_cases(demo_counter, people):
    october = stats_service.report(
        demo_counter, people["boss"], Filters(date(2026, 10, 1), date(2026, 10, 31))
    )
    rows = sql(
        demo_counter,
        """SELECT id, application_date, station_code, district, pathway_id FROM case_file
           WHERE status IN ('submitted', 'recommended') AND due_on < :today""",
        today=TODAY.isoformat(),
    )
    anytime = sum(
        round_and_sum(
            [((month_of(r[1]), *r[2:]), r[0]) for r in rows], lambda c: 0, "overdue"
        ).values()
    )
    figure = october.table("overdue")
    in_month = figure.total.cells[1] if figure.total else 0
    assert anytime > in_month  # the station's overdue cases were mostly received before
    assert figure.title.en.startswith("Cases received in the period")
    assert f"{anytime} open cases are past their statutory limit" in figure.note.en
    assert f"在办案件中超过法定时限的共 {anytime} 件" in figure.note.zh
    said = october.summary[-1]
    assert f"本期受理的案件中超过法定时限仍未办结 {in_month} 件" in said.zh
    assert f"在办案件中超过法定时限的共 {anytime} 件" in said.zh
    assert f"of the cases received in the period {in_month} are past" in said.en
