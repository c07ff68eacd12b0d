"""The working-day calendar at the counter: told before it runs out, deadlines that wait for
the next year, and the centre's signed arrangement that counts them at once."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from hukou_desk.domain.lifecycle import AwaitingCalendar, CaseStatus
from hukou_desk.paths import forms_dir
from hukou_desk.services import exchange, workdays
from hukou_desk.storage.cases import case_by_number
from tests.clirun import hd
from tests.services.conftest import recommended_case

# A made-up arrangement for the tests (the real 2027 one is the State Council's to publish).
YEAR_2027 = """\
year = 2027
source = "test arrangement, not the State Council's"
holidays = [2027-01-01]
workdays = []
"""


def test_administrators_and_supervisors_are_told_60_days_before_the_calendar_ends(counter, people):
    counter.today = lambda: date(2026, 11, 1)
    for who in ("admin", "boss"):
        notice = workdays.notice(counter, people[who])
        assert notice is not None and notice.days_left == 60 and notice.missing_year == 2027
    assert workdays.notice(counter, people["clerk"]) is None  # a clerk can do nothing about it
    counter.today = lambda: date(2026, 10, 31)
    assert workdays.notice(counter, people["admin"]) is None


@pytest.mark.slow
def test_a_deadline_past_the_calendar_waits_and_is_counted_once_the_centre_sends_the_year(
    counter, people, tmp_path
):
    clerk, admin = people["clerk"], people["admin"]
    counter.today = lambda: date(2026, 12, 10)  # 20 working days from here reach into 2027
    number = recommended_case(counter, clerk).number
    assert workdays.awaiting_calendar(counter, clerk) == [
        workdays.Awaiting(number, CaseStatus.RECOMMENDED, AwaitingCalendar(2027))
    ]
    with counter.database.read() as session:
        assert case_by_number(session, number).due_on is None  # never a Monday-to-Friday guess

    # The centre enters 2027 into its forms and signs them as reference data.
    centre_forms = tmp_path / "centre-forms"
    shutil.copytree(forms_dir(), centre_forms)
    year_file = tmp_path / "2027.toml"
    year_file.write_text(YEAR_2027, encoding="utf-8")
    said = hd("calendar-year", str(year_file), "--forms", str(centre_forms)).stdout
    assert "2024, 2025, 2026, 2027" in said
    keys = tmp_path / "keys"
    signing_key = hd("centre-init", "--dir", str(keys)).stdout.splitlines()[1].rsplit(" ", 1)[-1]
    ref = tmp_path / "reference.hkr"
    centre_db = str(tmp_path / "centre.db")
    hd("reference", "--out", str(ref), "--keys", str(keys), "--into", centre_db, "--forms", str(centre_forms))  # fmt: skip

    # The station installs it through the signed path: the deadline is counted at once.
    exchange.trust_centre(counter, admin, public_key=signing_key)
    done = exchange.install_reference(counter, admin, data=ref.read_bytes())
    assert done["deadlines_counted"] == 1
    assert counter.calendar.covered_years == tuple(range(2018, 2028))
    assert workdays.awaiting_calendar(counter, clerk) == []
    with counter.database.read() as session:
        # 10 December + 20 working days: 15 more in December, 1 January a holiday, then 5.
        assert case_by_number(session, number).due_on == date(2027, 1, 8)
    counter.today = lambda: date(2026, 12, 10)
    assert workdays.notice(counter, admin) is None  # the calendar now reaches past 60 days


def test_the_centre_cannot_publish_a_malformed_year(tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    bad = tmp_path / "2027.toml"
    bad.write_text(YEAR_2027.replace("2027-01-01", "2026-12-31"), encoding="utf-8")
    refused = hd("calendar-year", str(bad), "--forms", str(forms), check=False)
    assert refused.returncode != 0 and "2027.toml" in refused.stderr
    assert (forms / "calendar.toml").read_bytes() == (forms_dir() / "calendar.toml").read_bytes()


def test_the_centre_may_take_a_year_from_chinese_calendar_which_agrees_with_the_notices(
    tmp_path,
):
    from hukou_desk.domain.loader import load_calendar

    shipped = {y.year: y for y in load_calendar(forms_dir()).years}
    for year in (2025, 2026):  # typed from the State Council's notices
        taken = workdays.year_from_chinese_calendar(year)
        assert (taken.holidays, taken.workdays) == (shipped[year].holidays, shipped[year].workdays)
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    not_yet = hd(
        "calendar-year", "--from-chinese-calendar", "2027", "--forms", str(forms), check=False
    )
    assert not_yet.returncode == 2 and "no arrangement for 2027" in not_yet.stderr
    assert (forms / "calendar.toml").read_bytes() == (forms_dir() / "calendar.toml").read_bytes()
    hd("calendar-year", "--from-chinese-calendar", "2024", "--forms", str(forms))
    assert load_calendar(forms) == load_calendar(forms_dir())  # the same year, as shipped
