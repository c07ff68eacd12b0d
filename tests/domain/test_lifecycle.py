"""The case lifecycle: every move, who may make it, and the statutory clock."""

from __future__ import annotations

from datetime import date

import pytest

from hukou_desk.domain.calendar import HolidayYear, WorkCalendar
from hukou_desk.domain.engine import Result
from hukou_desk.domain.lifecycle import (
    TRANSITIONS,
    Action,
    CaseStatus,
    Clock,
    LifecycleError,
    Role,
    Urgency,
    allowed_actions,
    check_approval_reason,
    clock_after,
    departs_from_finding,
    transition,
    urgency,
)
from hukou_desk.domain.loader import load_calendar
from hukou_desk.domain.time_limits import Limit
from hukou_desk.paths import forms_dir

# Years declared (for these tests) with no public holiday: each Monday to Friday works.
WEEKDAYS = WorkCalendar(
    years=(HolidayYear(year=2026, source="test"), HolidayYear(year=2027, source="test"))
)


@pytest.mark.parametrize("status", list(CaseStatus))
@pytest.mark.parametrize("action", list(Action))
def test_every_move_is_either_allowed_or_refused_with_a_message(status, action):
    role = Role.SUPERVISOR
    if status in TRANSITIONS[action].source:
        assert (
            transition(status, action, actor="b", role=role, makers={"a"})
            == TRANSITIONS[action].target
        )
        assert action in allowed_actions(status)
    else:
        with pytest.raises(LifecycleError) as refused:
            transition(status, action, actor="b", role=role, makers={"a"})
        assert "cannot be given" in refused.value.message.en and "不能" in refused.value.message.zh


def test_closed_and_withdrawn_cases_are_final():
    assert allowed_actions(CaseStatus.CLOSED) == [] and allowed_actions(CaseStatus.WITHDRAWN) == []


@pytest.mark.parametrize("action", [Action.APPROVE, Action.REFUSE])
def test_clerks_never_decide_and_nobody_decides_their_own_case(action):
    with pytest.raises(LifecycleError, match="Only a supervisor"):
        transition(CaseStatus.RECOMMENDED, action, actor="b", role=Role.CLERK, makers={"a"})
    with pytest.raises(LifecycleError, match="cannot decide it"):
        transition(CaseStatus.RECOMMENDED, action, actor="a", role=Role.SUPERVISOR, makers={"a"})


@pytest.mark.parametrize("action", [Action.APPROVE, Action.REFUSE])
def test_anyone_who_prepared_the_case_is_a_maker_not_only_who_opened_it(action):
    # A supervisor who completed a clerk's draft (checked documents, submitted) is a maker.
    with pytest.raises(LifecycleError, match="prepared a case cannot decide"):
        transition(
            CaseStatus.RECOMMENDED,
            action,
            actor="sup",
            role=Role.SUPERVISOR,
            makers={"clerk", "sup"},
        )


def test_an_account_whose_password_a_maker_set_cannot_decide():
    with pytest.raises(LifecycleError, match="password was set by someone who prepared"):
        transition(
            CaseStatus.RECOMMENDED,
            Action.APPROVE,
            actor="sup2",
            role=Role.SUPERVISOR,
            makers={"admin"},
            credentials_from="admin",
        )
    # Once the supervisor set their own password, or someone uninvolved set it, they may.
    for setter in ("sup2", "other-admin", None):
        assert (
            transition(
                CaseStatus.RECOMMENDED,
                Action.APPROVE,
                actor="sup2",
                role=Role.SUPERVISOR,
                makers={"admin"},
                credentials_from=setter,
            )
            is CaseStatus.APPROVED
        )


def test_a_time_limit_is_extended_once_and_only_while_it_runs(policy):
    received = date(2026, 11, 2)
    limits = policy.plan.time_limits
    limit, to = limits.days(Limit.INVESTIGATION, received), limits.days(Limit.EXTENDED, received)
    assert (limit, to) == (20, 50)
    with pytest.raises(LifecycleError, match="only while its clock runs"):
        Clock(limit).extend(to)
    assert not Clock(limit).extendable(to)
    running = Clock(limit).start(received)
    assert running.extendable(to)
    extended = running.extend(to)
    assert not extended.extendable(to)
    assert extended.limit == 50
    with pytest.raises(LifecycleError, match="already 50 working days"):
        extended.extend(to)


def test_the_clock_runs_pauses_and_resumes_in_working_days():
    clock = clock_after(
        Clock(20), CaseStatus.DRAFT, CaseStatus.SUBMITTED, date(2026, 11, 2), WEEKDAYS
    )
    assert clock.due(WEEKDAYS) == date(2026, 11, 30)  # 20 working days after Monday 2 Nov
    clock = clock_after(
        clock, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED, date(2026, 11, 3), WEEKDAYS
    )
    assert clock.running_since == date(2026, 11, 2)
    paused = clock_after(
        clock, CaseStatus.RECOMMENDED, CaseStatus.NEEDS_DOCUMENTS, date(2026, 11, 9), WEEKDAYS
    )
    assert (paused.used, paused.due(WEEKDAYS)) == (5, None)
    assert paused.pause(date(2026, 11, 10), WEEKDAYS) is paused
    resumed = clock_after(
        paused, CaseStatus.NEEDS_DOCUMENTS, CaseStatus.SUBMITTED, date(2026, 11, 16), WEEKDAYS
    )
    assert resumed.due(WEEKDAYS) == date(2026, 12, 7)  # 15 working days left
    assert resumed.extend(50).due(WEEKDAYS) == date(2027, 1, 18)  # 45 left of 50


def test_urgency_near_and_past_the_limit():
    due = date(2026, 11, 30)
    assert urgency(due, date(2026, 11, 20), WEEKDAYS) is Urgency.ON_TIME
    assert urgency(due, date(2026, 11, 25), WEEKDAYS) is Urgency.NEAR
    assert urgency(due, date(2026, 12, 1), WEEKDAYS) is Urgency.OVERDUE


def test_public_holidays_and_make_up_days_count_as_the_state_council_sets_them():
    calendar = load_calendar(forms_dir())
    assert not calendar.is_working_day(date(2026, 10, 5))  # National Day holiday, a Monday
    assert calendar.is_working_day(date(2026, 10, 10))  # a Saturday worked in exchange
    assert calendar.add(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.between(date(2026, 9, 30), date(2026, 10, 10)) == 3  # 8, 9 and 10 October


def test_a_station_without_a_calendar_file_has_no_year_installed(tmp_path):
    assert load_calendar(tmp_path) == WorkCalendar()
    assert load_calendar(tmp_path).covered_years == ()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"year": 2026, "source": "x", "holidays": [date(2025, 1, 1)]}, "is not in 2026"),
        (
            {
                "year": 2026,
                "source": "x",
                "holidays": [date(2026, 1, 1)],
                "workdays": [date(2026, 1, 1)],
            },
            "both a holiday",
        ),
    ],
)
def test_a_malformed_year_is_refused(data, problem):
    with pytest.raises(ValueError, match=problem):
        HolidayYear.model_validate(data)


def test_a_year_listed_twice_is_refused():
    year = HolidayYear(year=2026, source="x")
    with pytest.raises(ValueError, match="listed twice"):
        WorkCalendar(years=(year, year))


@pytest.mark.parametrize(
    ("finding", "departs"),
    [
        (Result.ELIGIBLE, False),
        (Result.NEEDS_DOCUMENTS, True),
        (Result.NOT_ELIGIBLE, True),
        (Result.NOT_IN_FORCE, True),
        (None, False),  # nothing recorded, nothing to depart from
    ],
)
def test_an_approval_departs_from_every_finding_but_eligible(finding, departs):
    assert departs_from_finding(finding) is departs


def test_approving_against_the_plans_finding_takes_the_supervisors_reason():
    with pytest.raises(LifecycleError) as refused:
        check_approval_reason(Result.NOT_ELIGIBLE, " \n")
    assert "不符合条件" in refused.value.message.zh
    assert "not eligible" in refused.value.message.en
    check_approval_reason(Result.NOT_ELIGIBLE, "经集体研究，特事特办")
    check_approval_reason(Result.ELIGIBLE, "")
    check_approval_reason(None, "")
