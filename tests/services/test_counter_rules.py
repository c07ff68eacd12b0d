"""Every rule of the counter through the service a screen or the command line calls."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from hukou_desk.domain.lifecycle import CaseStatus, LifecycleError, Role
from hukou_desk.domain.outcome import GroundsRefused, RecordedOutcome
from hukou_desk.domain.staff import NotPermitted
from hukou_desk.services import decisions, intake, staff, station
from hukou_desk.storage.models import AuditEvent, Decision
from tests.services.conftest import (
    PASSWORD,
    SPOUSE,
    open_spouse_case,
    recommended_case,
    verify_everything,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _events(counter, action):
    with counter.database.read() as session:
        return session.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        ).one()


# --- time limits -------------------------------------------------------------------------------


def test_a_time_limit_is_extended_once_while_it_runs_by_a_supervisor(counter, people):
    draft = open_spouse_case(counter, people["clerk"])
    with pytest.raises(LifecycleError, match="only while its clock runs"):
        decisions.extend_time_limit(counter, people["boss"], number=draft.number, reasons="调查")
    intake.withdraw(counter, people["clerk"], case_id=draft.id)

    ref = recommended_case(counter, people["clerk"])
    with pytest.raises(NotPermitted, match="Only a supervisor or administrator"):
        decisions.extend_time_limit(counter, people["clerk"], number=ref.number, reasons="调查")
    case = decisions.extend_time_limit(counter, people["boss"], number=ref.number, reasons="外调")
    assert case.clock_limit == 50
    with pytest.raises(LifecycleError, match="only once"):
        decisions.extend_time_limit(counter, people["boss"], number=ref.number, reasons="再延")
    assert _events(counter, "case.extend") == 1


# --- accounts ----------------------------------------------------------------------------------


def test_only_administrators_manage_users_and_settings(counter, people):
    for who in ("clerk", "boss"):
        with pytest.raises(NotPermitted, match="Only an administrator"):
            staff.add_user(
                counter,
                people[who],
                username="x",
                display_name="x",
                role=Role.CLERK,
                password=PASSWORD,
            )
        with pytest.raises(NotPermitted):
            staff.reset_password(
                counter, people[who], username="clerk2", password="new-Osmanthus-pass-1"
            )
        with pytest.raises(NotPermitted):
            staff.set_active(counter, people[who], username="clerk2", active=False)
        with pytest.raises(NotPermitted):
            staff.change_settings(counter, people[who], idle_lock_minutes=3)
    assert staff.settings(counter, people["admin"]).idle_lock_minutes == 10


def test_nobody_disables_themselves_and_the_last_administrator_stays(counter, people):
    with pytest.raises(NotPermitted, match="your own account"):
        staff.set_active(counter, people["admin"], username="admin", active=False)
    staff.add_user(
        counter,
        people["admin"],
        username="admin2",
        display_name="admin2",
        role=Role.ADMIN,
        password=PASSWORD,
    )
    admin2 = staff.sign_in(counter.file, username="admin2", password=PASSWORD)
    staff.set_active(counter, admin2, username="admin", active=False)
    # admin2 is now the only active administrator: nobody can disable that account.
    staff.add_user(
        counter, admin2, username="ops", display_name="ops", role=Role.CLERK, password=PASSWORD
    )
    with pytest.raises(NotPermitted, match="your own account"):
        staff.set_active(counter, admin2, username="admin2", active=False)


def test_a_disabled_accounts_user_object_can_do_nothing(counter, people):
    ref = recommended_case(counter, people["clerk"])
    staff.set_active(counter, people["admin"], username="boss", active=False)
    with pytest.raises(NotPermitted, match="disabled"):
        decisions.approve(counter, people["boss"], number=ref.number)
    with pytest.raises(NotPermitted, match="disabled"):
        open_spouse_case(counter, people["boss"])
    assert intake.status_of(counter, people["clerk"], number=ref.number) is CaseStatus.RECOMMENDED


def test_anyone_changes_their_own_password_with_the_current_one(counter, people):
    from hukou_desk.storage.accounts import LoginRefused

    with pytest.raises(LoginRefused):
        staff.change_own_password(
            counter.file, people["clerk"], old="wrong-one-1", new="mine-Kumquat-2026x"
        )
    staff.change_own_password(counter.file, people["clerk"], old=PASSWORD, new="mine-Kumquat-2026x")
    assert staff.sign_in(counter.file, username="clerk", password="mine-Kumquat-2026x")


def test_the_lock_screen_says_wrong_password_and_still_counts_the_failures(counter, people):
    from hukou_desk.storage.accounts import LoginRefused, WrongCredentials

    with pytest.raises(LoginRefused, match=r"^Wrong password\.$") as refused:
        staff.unlock(counter.file, username="clerk", password="not-it-2026")
    assert not isinstance(refused.value, WrongCredentials)
    assert refused.value.describe("zh") == "密码错误。"
    assert _events(counter, "login.failed") == 1
    assert staff.unlock(counter.file, username="clerk", password=PASSWORD).username == "clerk"


# --- document findings ---------------------------------------------------------------------


def _marriage(counter, user, ref, answers, note=""):
    return intake.record_finding(
        counter,
        user,
        case_id=ref.id,
        document_id="marriage_certificate",
        party="applicant",
        state=intake.CheckState.VERIFIED,
        answers=answers,
        note=note,
    )


def test_verified_only_when_the_check_questions_say_yes(counter, people):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    no = {"names_match": False, "numbers_match": False, "genuine": False}
    assert _marriage(counter, clerk, ref, no) is intake.CheckState.MISMATCH
    findings = {f.document_id: f for f in intake.findings(counter, clerk, case_id=ref.id)}
    assert findings["marriage_certificate"].state is intake.CheckState.MISMATCH
    # A mismatch cannot be submitted as if all were well: the clerk must ask for it.
    verify_everything_but = [
        f for f in findings.values() if f.document_id != "marriage_certificate"
    ]
    for finding in verify_everything_but:
        questions = [q.id for q in counter.policy.documents[finding.document_id].checks]
        intake.record_finding(
            counter,
            clerk,
            case_id=ref.id,
            document_id=finding.document_id,
            party=finding.party,
            state=intake.CheckState.VERIFIED,
            answers=dict.fromkeys(questions, True),
        )
    with pytest.raises(LifecycleError, match="Documents still to check"):
        intake.submit(counter, clerk, case_id=ref.id, recommend=True, reasons="ok")
    with pytest.raises(intake.FindingRefused, match="Answer every check question"):
        _marriage(counter, clerk, ref, {"names_match": True})
    reason = "证上曾用名与户口簿一致"
    mixed = {"names_match": False, "numbers_match": True, "genuine": True}
    assert _marriage(counter, clerk, ref, mixed, note=reason) is intake.CheckState.VERIFIED


def test_findings_and_scans_are_fixed_once_the_case_is_decided(counter, people):
    ref = recommended_case(counter, people["clerk"])
    decisions.approve(counter, people["boss"], number=ref.number)
    yes = {"names_match": True, "numbers_match": True, "genuine": True}
    with pytest.raises(LifecycleError, match="can no longer be changed"):
        _marriage(counter, people["clerk"], ref, yes)
    with pytest.raises(LifecycleError, match="takes no more scans"):
        intake.attach_scan(
            counter,
            people["clerk"],
            case_id=ref.id,
            document_id="marriage_certificate",
            party="applicant",
            file_name="scan.pdf",
            content=PDF,
        )


# --- maker-checker -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_supervisor_who_completed_a_clerks_draft_cannot_decide_it(counter, people):
    clerk, boss = people["clerk"], people["boss"]
    ref = open_spouse_case(counter, clerk)
    intake.set_people(
        counter,
        clerk,
        case_id=ref.id,
        people=[intake.Party(intake.PartyRole.SPONSOR, SPOUSE, "李华", "10")],
    )
    verify_everything(counter, boss, ref)  # the supervisor checks the documents
    intake.submit(counter, clerk, case_id=ref.id, recommend=True, reasons="材料齐全")
    with pytest.raises(LifecycleError, match="prepared a case cannot decide"):
        decisions.approve(counter, boss, number=ref.number)
    assert decisions.approve(counter, people["boss2"], number=ref.number) is CaseStatus.APPROVED


@pytest.mark.slow
def test_an_administrator_cannot_decide_through_an_account_they_set_up(counter, people):
    admin = people["admin"]
    ref = recommended_case(counter, admin)  # the administrator prepared this case
    with pytest.raises(LifecycleError, match="cannot decide"):
        decisions.approve(counter, admin, number=ref.number)
    # boss's password was set by the administrator: the administrator could sign in as boss.
    with pytest.raises(LifecycleError, match="password was set by someone who prepared"):
        decisions.approve(counter, people["boss"], number=ref.number)
    staff.change_own_password(counter.file, people["boss"], old=PASSWORD, new="only-boss-knows-1")
    assert decisions.approve(counter, people["boss"], number=ref.number) is CaseStatus.APPROVED


def test_a_refusal_records_one_decision_with_its_audit_event_or_nothing(counter, people):
    ref = recommended_case(counter, people["clerk"])
    with pytest.raises(GroundsRefused, match="at least one"):
        decisions.refuse(counter, people["boss"], number=ref.number, grounds=[], reasons="不符")
    with pytest.raises(GroundsRefused, match="not_a_criterion"):
        decisions.refuse(counter, people["boss"], number=ref.number, grounds=["not_a_criterion"])
    with counter.database.read() as session:
        refusals = session.exec(select(Decision).where(Decision.kind == "refusal")).all()
    assert refusals == [] and _events(counter, "case.refuse") == 0
    decisions.refuse(
        counter,
        people["boss"],
        number=ref.number,
        grounds=["spouse_fixed_residence", "spouse_city_hukou"],
    )
    assert _events(counter, "case.refuse") == 1
    # The marked criteria are data on the refusal's own row, with the outcome they rest on.
    with counter.database.read() as session:
        (refusal,) = session.exec(select(Decision).where(Decision.kind == "refusal")).all()
        engine = session.exec(select(Decision).where(Decision.kind == "engine")).first()
    assert refusal.reasons == ""
    recorded = RecordedOutcome.from_json(refusal.outcome)
    assert recorded.grounds == ("spouse_city_hukou", "spouse_fixed_residence")  # plan's order
    assert [line.clause for line in recorded.ground_lines] == ["二（一）1", "二（一）1"]
    assert engine is not None
    assert recorded.lines == RecordedOutcome.from_json(engine.outcome).lines


def test_restore_and_audit_checks_are_not_for_clerks(counter, people, tmp_path):
    taken = station.back_up(counter, people["clerk"])
    assert taken.file.exists() and _events(counter, "backup") == 1
    with pytest.raises(NotPermitted, match="Only an administrator"):
        station.restore(counter, people["clerk"], file=taken.file)
    with pytest.raises(NotPermitted):
        station.verify_audit(counter, people["clerk"])
    assert station.verify_audit(counter, people["boss"]).intact
    station.restore(counter, people["admin"], file=taken.file)
    assert station.verify_audit(counter, people["admin"]).intact
    assert _events(counter, "restore") == 1


def test_an_intake_for_another_district_is_sent_to_a_station_there(counter, people):
    from tests.services.conftest import spouse_facts

    facts = spouse_facts().model_copy(update={"destination": spouse_facts().destination or None})
    data = spouse_facts().model_dump(mode="json", exclude_none=True)
    data["destination"] = {"district": "440781"}  # 台山市, from a 蓬江 station
    with pytest.raises(NotPermitted, match="applies at a station there"):
        intake.open_intake(
            counter,
            people["clerk"],
            applicant=intake.Applicant("440781199001011246", "陈小明"),
            facts=type(facts).model_validate(data),
            pathway_id="spouse",
            district="440781",
        )
