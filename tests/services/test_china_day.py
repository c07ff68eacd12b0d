"""One clock: decisions at 00:30 and 23:30 Beijing time, on a PC set to UTC or to New York,
are dated, listed, counted and timed by China's day (issue 23)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import pytest

from hukou_desk.domain import clock
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar
from hukou_desk.domain.statistics import Filters, month_key, month_period
from hukou_desk.paths import forms_dir
from hukou_desk.services import decisions, printing, staff, station
from hukou_desk.services import statistics as stats_service
from hukou_desk.services.counter import Counter, OpenFile
from hukou_desk.slips.content import cn_date
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage import stats as store
from hukou_desk.storage.database import open_database
from tests.services.conftest import PASSWORD, recommended_case
from tests.stations import enrol, set_up_station


def beijing(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=clock.CHINA).astimezone(UTC)


LATE = beijing(2026, 11, 30, 23, 30)  # 15:30 UTC, 10:30 in New York: still 30 November
EARLY = beijing(2026, 12, 1, 0, 30)  # 16:30 UTC and 11:30 in New York on 30 November
MORNING = beijing(2026, 12, 1, 9, 0)  # 01:00 UTC 1 December; 20:00 on 30 November in New York


@pytest.fixture(params=["UTC", "America/New_York"])
def pc_zone(request, monkeypatch):
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def standing(monkeypatch):
    """The desk's clock, moved by the test: `standing[0] = moment`."""
    now = [MORNING]
    monkeypatch.setattr(clock, "now_source", lambda: now[0])
    return now


@pytest.fixture
def desk(tmp_path, policy, standing):
    database = open_database(tmp_path / "cases.db")
    set_up_station(database, password=PASSWORD)
    here = Counter(database, policy, load_calendar(forms_dir()))  # today: China's, by default
    admin = staff.sign_in(OpenFile(database), username="admin", password=PASSWORD)
    for username, role in (("clerk", Role.CLERK), ("boss", Role.SUPERVISOR)):
        staff.add_user(
            here, admin, username=username, display_name=username, role=role, password=PASSWORD
        )
    enrol(database)
    users = {
        n: staff.sign_in(OpenFile(database), username=n, password=PASSWORD)
        for n in ("clerk", "boss")
    }
    yield here, users
    database.close()


def decide_at_the_edges(counter, users, standing) -> tuple[str, str, str]:
    """An approval and a refusal at 23:30 on 30 November and at 00:30 on 1 December, Beijing
    time, and a case accepted at 00:30 whose clock runs; the clock then stands at 09:00.
    Returns the late refusal, the early refusal and the running case."""
    clerk, boss = users["clerk"], users["boss"]
    standing[0] = LATE
    decisions.approve(counter, boss, number=recommended_case(counter, clerk).number)
    late_refused = recommended_case(counter, clerk).number
    decisions.refuse(
        counter, boss, number=late_refused, reasons="住房证明不实", grounds=["spouse_city_hukou"]
    )
    standing[0] = EARLY
    decisions.approve(counter, boss, number=recommended_case(counter, clerk).number)
    early_refused = recommended_case(counter, clerk).number
    decisions.refuse(
        counter, boss, number=early_refused, reasons="住房证明不实", grounds=["spouse_city_hukou"]
    )
    running = recommended_case(counter, clerk).number  # accepted at 00:30: its clock runs
    standing[0] = MORNING
    return late_refused, early_refused, running


@pytest.mark.slow  # the command line run in its own process, in the PC's zone
def test_decisions_at_the_edges_of_beijings_day_are_chinas_day_on_any_pc(pc_zone, standing, desk):
    counter, users = desk
    clerk, boss = users["clerk"], users["boss"]
    late_refused, early_refused, running = decide_at_the_edges(counter, users, standing)

    # "Today" is 1 December, though the PC in New York still reads 30 November.
    assert counter.today() == date(2026, 12, 1)
    # Today's approvals: the one decided at 00:30 this morning, not last night's.
    todays = printing.todays_approvals(counter, boss)
    assert [p.slip.fields for p in todays] and len(todays) == 1
    assert dict(todays[0].slip.fields)["签发日期"] == cn_date(date(2026, 12, 1))
    yesterday = printing.todays_approvals(counter, boss, day=date(2026, 11, 30))
    assert len(yesterday) == 1
    # The decision's printed date: each refusal dated the day it was decided in Beijing.
    for number, day in ((early_refused, date(2026, 12, 1)), (late_refused, date(2026, 11, 30))):
        paper = printing.preview(counter, boss, kind=SlipKind.REFUSAL, number=number)
        assert dict(paper.slip.fields)["决定日期"] == cn_date(day)
    # The statistics of this month (本月: December) count this morning's approval; last
    # night's belongs to November (the base cells the published figures are rounded from).
    today = counter.today()
    this_month = Filters(*month_period(today, today))
    november = Filters(date(2026, 11, 1), date(2026, 11, 30))
    with counter.database.engine.connect() as connection:
        for month in (this_month, november):
            moved = store.people_atoms(connection, "sex", month)
            assert [coords[0] for coords in moved] == [month_key(month.start)]
            assert sum(n for n, _keys in moved.values()) == 1
    published = stats_service.report(counter, boss, this_month).table("people_by_sex").total
    assert published is not None and published.cells[1] in (0, 5)  # one person, rounded
    # The clock of the case accepted at 00:30 started on 1 December: 20 working days after
    # it is 29 December (from 30 November it would be the 28th).
    with counter.database.read() as session:
        from hukou_desk.storage.cases import case_by_number

        assert case_by_number(session, running).due_on == date(2026, 12, 29)
    near = station.deadlines(counter, clerk, on=date(2026, 12, 24))
    assert [d.row.number for d in near.rows] == [running]


def _cli(zone: str, moment: datetime, *args: str, db: str) -> str:
    """`hukou-desk ARGS` in its own process, with TZ=`zone` and the clock at `moment`."""
    prelude = (
        "import sys\n"
        "from datetime import datetime\n"
        "from hukou_desk.domain import clock\n"
        "moment = datetime.fromisoformat(sys.argv[1])\n"
        "clock.now_source = lambda: moment\n"
        "from hukou_desk.__main__ import main\n"
        "sys.exit(main(sys.argv[2:]))\n"
    )
    read_end, write_end = os.pipe()
    os.write(write_end, PASSWORD.encode() + b"\n")
    os.close(write_end)
    try:
        command = [args[0], "--db", db, "--user", "boss", "--password-fd", str(read_end)]
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                prelude,
                moment.isoformat(),
                "--lang",
                "en",
                *command,
                *args[1:],
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            pass_fds=(read_end,),
            env={**os.environ, "TZ": zone},
        )
    finally:
        os.close(read_end)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow  # four processes, each signing in (argon2id)
@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_the_command_line_in_its_own_process_counts_chinas_day(zone, standing, desk):
    counter, users = desk
    _late, _early, running = decide_at_the_edges(counter, users, standing)
    db = str(counter.database.path)
    # This month (本月) is December: China's today, not the PC's.
    report = json.loads(_cli(zone, MORNING, "stats", "--json", db=db))
    assert (report["from"], report["to"]) == ("2026-12-01", "2026-12-31")
    # The case accepted at 00:30 is due on 29 December, near on the 24th.
    near = json.loads(_cli(zone, MORNING, "deadlines", "--on", "2026-12-24", "--json", db=db))
    assert near["cases"] == [{"number": running, "due": "2026-12-29", "urgency": "near"}]
