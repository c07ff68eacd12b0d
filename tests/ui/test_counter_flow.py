"""The whole counter, offscreen: first start, accounts, five intakes, approval and refusal."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from hukou_desk.app import create_app
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.outcome import RecordedOutcome
from hukou_desk.services.counter import OpenFile
from hukou_desk.storage import attempts
from hukou_desk.storage.models import AuditEvent, Case, CaseRole, Decision
from hukou_desk.ui.case_list import Queue
from hukou_desk.ui.login import FirstStartDialog, LoginDialog
from hukou_desk.ui.review import CaseReview
from tests.stations import enrol
from tests.ui.conftest import (
    PASSWORD,
    Intake,
    answer_act,
    errors,
    ident,
    open_desk,
    type_intake,
    user,
)

SPOUSE_APPLICANT = ident("44078119900101124")
SPOUSE = ident("44070319880505001")


def _intakes() -> list[Intake]:
    return [
        Intake(
            id_number=SPOUSE_APPLICANT,
            name="陈小明",
            pathway="spouse",
            situation={
                "applicant.marital_status": "21",
                "sponsor.relationship": "10",
                "sponsor.hukou_region": "440703",
                "sponsor.residence.kind": "owned",
                "sponsor.residence.district": "440703",
                "destination.district": "440703",
            },
            people={"sponsor": (SPOUSE, "李华")},
        ),
        Intake(
            id_number=ident("44078119850303123"),
            name="黄志强",
            pathway="bought_home",
            situation={
                "applicant.homes_owned_in_city": 1,
                "applicant.home_acquired": "purchased",
                "applicant.home_district": "440703",
                "destination.district": "440703",
            },
            relatives=[
                {
                    "name": "黄小宝",
                    "id_number": ident("44078120150606123"),
                    "relationship": "20",
                    "marital_status": "10",
                }
            ],
        ),
        Intake(
            id_number=ident("44078119980808124"),
            name="欧阳娜",
            pathway="child_joins_parents",
            situation={
                "applicant.marital_status": "10",
                "sponsor.relationship": "51",
                "sponsor.hukou_region": "440705",
                "sponsor.residence.kind": "owned",
                "sponsor.residence.district": "440705",
            },
            people={"sponsor": (ident("44070519700101123"), "欧阳建国")},
        ),
        Intake(
            id_number=ident("44010619920202123"),
            name="司马睿",
            pathway="specialist",
            situation={"applicant.education": "21"},
        ),
        # Rented, so not a fixed residence under 二（一）1: the clerk recommends refusal.
        Intake(
            id_number=ident("44078119911111124"),
            name="赵敏",
            pathway="spouse",
            situation={
                "applicant.marital_status": "21",
                "sponsor.relationship": "10",
                "sponsor.hukou_region": "440703",
                "sponsor.residence.kind": "private_rental",
                "sponsor.residence.district": "440703",
                "sponsor.residence.tenancy_registered": True,
            },
            people={"sponsor": (ident("44070319890909001"), "钱伟")},
            recommend=False,
            note="配偶租住，不属合法固定住所。",
        ),
    ]


@pytest.mark.slow
def test_first_start_admin_clerk_five_intakes_approval_and_refusal(
    qtbot, policy, database, china_clock
):
    china_clock(datetime(2026, 9, 1, 10, 0))  # its limits, even extended, lie in 2026
    app = create_app()
    # First start: no default password, the station code and the administrator's own.
    setup = FirstStartDialog(OpenFile(database), "zh")
    qtbot.addWidget(setup)
    setup.code.setText("440703001")
    setup.name.setText("江门市公安局白沙派出所")
    setup.display_name.setText("站点管理员")
    qtbot.keyClicks(setup.phone, "0750-3301110")
    qtbot.keyClicks(setup.password, "Admin123")
    assert setup.strength.text() == "太短：8 个字符，至少需要 12 个。"  # said as it is typed
    setup.repeat.setText("Admin123")
    setup.submit()
    assert "至少需要 12 个" in setup.problem.text() and setup.admin is None
    setup.password.setText(PASSWORD)
    setup.repeat.setText(PASSWORD)
    setup.submit()
    assert setup.result() == FirstStartDialog.DialogCode.Accepted and setup.admin is not None
    assert (database.keys_dir / "station-ed25519.pem").stat().st_mode & 0o777 == 0o600
    with database.read() as session:
        from hukou_desk.storage.models import Station

        assert session.get(Station, 1).phone == "0750-3301110"  # printed on every slip

    # The administrator adds a clerk and two supervisors.
    admin_window = open_desk(qtbot, policy, database, setup.admin)
    panel = admin_window.admin
    assert panel is not None
    for username, name, role in (
        ("zhangli", "张丽", "clerk"),
        ("wangfang", "王芳", "supervisor"),
        ("liuyang", "刘洋", "supervisor"),
    ):
        panel.new_username.setText(username)
        panel.new_name.setText(name)
        panel.new_role.setCurrentIndex(panel.new_role.findData(role))
        panel.new_password.setText(PASSWORD)
        panel.add_user()
    assert errors(admin_window) == []
    assert panel.users.rowCount() == 4
    admin_window.close()

    # The clerk signs in (a wrong password first) and takes in five applicants.
    login = LoginDialog(OpenFile(database), "zh", username="zhangli")
    qtbot.addWidget(login)
    login.password.setText("wrong-password-1")
    login.submit()
    assert "用户名或密码不正确" in login.problem.text() and login.password.text() == ""
    login.password.setText(PASSWORD)
    login.submit()
    assert login.user is not None and login.user.username == "zhangli"
    clerk_window = open_desk(qtbot, policy, database, login.user)
    numbers = [type_intake(qtbot, clerk_window, intake).case_number for intake in _intakes()]
    assert errors(clerk_window) == []
    assert len(set(numbers)) == 5

    with database.read() as session:
        submitted = {c.number: c for c in session.exec(select(Case))}
        assert {c.status for c in submitted.values()} == {CaseStatus.RECOMMENDED.value}
        assert {c.pathway_id for c in submitted.values()} == {
            "spouse",
            "bought_home",
            "child_joins_parents",
            "specialist",
        }
        sponsor = session.exec(
            select(CaseRole).where(
                CaseRole.case_id == submitted[numbers[0]].id, CaseRole.role != "applicant"
            )
        ).one()
        assert (sponsor.role, sponsor.relationship) == ("sponsor", "10")
        assert submitted[numbers[1]].facts["relatives"][0]["name"] == "黄小宝"
        assert submitted[numbers[0]].due_on is not None  # the statutory clock runs
    # The clerk's list shows them waiting; the clerk cannot decide them.
    assert clerk_window.cases is not None
    clerk_window.cases.reload()
    assert {r.number for r in clerk_window.cases.model.rows} == set(numbers)
    review = clerk_window.open_case(numbers[0])
    assert isinstance(review, CaseReview) and not review.decision_box.isVisibleTo(review)
    clerk_window.close()

    # The deciders' keys go to the centre and come back enrolled (its part is not the desk's);
    # the supervisor signs in, which opens her key.
    enrol(database)
    login = LoginDialog(OpenFile(database), "zh", username="wangfang")
    qtbot.addWidget(login)
    login.password.setText(PASSWORD)
    login.submit()
    assert login.user is not None
    # A supervisor approves the first case and refuses the last, its unmet criteria ticked.
    boss = open_desk(qtbot, policy, database, login.user)
    assert boss.cases is not None and boss.cases.current_queue() is Queue.WAITING_APPROVAL
    assert {r.number for r in boss.cases.model.rows} == set(numbers)
    first = boss.open_case(numbers[0])
    assert isinstance(first, CaseReview)
    assert "李华" in first.view.toPlainText() and "材料齐全" in first.view.toPlainText()
    assert first.approve.isChecked()  # the clerk's recommendation, to confirm or change
    qtbot.mouseClick(first.record, Qt.MouseButton.LeftButton)
    answer_act(qtbot)
    last = boss.open_case(numbers[4])
    assert isinstance(last, CaseReview) and last.refuse.isChecked()
    ticked = last.ticked_grounds()
    assert ticked and all("二（一）1" in last.ground_boxes[c].text() for c in ticked)
    qtbot.mouseClick(last.record, Qt.MouseButton.LeftButton)
    assert "不予批准告知书" in answer_act(qtbot)  # the confirmation names the paper it makes
    assert errors(boss) == []

    with database.read() as session:
        status = {c.number: c.status for c in session.exec(select(Case))}
        refusal = session.exec(select(Decision).where(Decision.kind == "refusal")).one()
        actions = {e.action for e in session.exec(select(AuditEvent))}
    assert status[numbers[0]] == CaseStatus.APPROVED.value
    assert status[numbers[4]] == CaseStatus.REFUSED.value
    assert list(RecordedOutcome.from_json(refusal.outcome).grounds) == ticked
    assert {"case.approve", "case.refuse", "case.view", "person.lookup", "login"} <= actions

    # The list shows it all: the approved case waits for its slip, the rest for a decision.
    boss.cases.set_queue(Queue.APPROVED_NOT_PRINTED)
    assert [r.number for r in boss.cases.model.rows] == [numbers[0]]
    boss.cases.set_queue(Queue.WAITING_APPROVAL)
    assert {r.number for r in boss.cases.model.rows} == set(numbers[1:4])
    boss.cases.set_queue(Queue.ALL)
    shown = {r.number: r.status for r in boss.cases.model.rows}
    assert shown[numbers[4]] is CaseStatus.REFUSED
    assert all("*" in r.applicant_id_masked for r in boss.cases.model.rows)
    assert app is not None


@pytest.mark.slow
def test_the_clerk_who_prepared_a_case_cannot_decide_it(qtbot, policy, staffed):
    supervisor = user(staffed, "wangfang")
    window = open_desk(qtbot, policy, staffed, supervisor)
    number = type_intake(qtbot, window, _intakes()[3]).case_number
    review = window.open_case(number)
    assert isinstance(review, CaseReview)
    assert review.decision_box.isVisibleTo(review) and not review.record.isEnabled()
    assert "另一位审批人" in review.notice.text()
    # Even if the button were pressed, the domain refuses.
    review.approve.setChecked(True)
    review.decide()
    answer_act(qtbot)
    assert "不能审批自己经手的案件" in errors(window)[-1]
    other = open_desk(qtbot, policy, staffed, user(staffed, "liuyang"))
    decided = other.open_case(number)
    assert isinstance(decided, CaseReview) and decided.record.isEnabled()


@pytest.mark.slow
def test_a_supervisor_who_rechecked_a_document_is_told_before_deciding(qtbot, policy, staffed):
    from hukou_desk.services import intake

    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[0]).case_number
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    counter, me = boss.context.counter, boss.context.user
    found = intake.open_case(counter, me, number=number)
    finding = intake.findings(counter, me, case_id=found.case.id)[0]
    intake.record_finding(
        counter,
        me,
        case_id=found.case.id,
        document_id=finding.document_id,
        party=finding.party,
        state=finding.state,
        answers=finding.answers,
        note="复核原件",
    )
    review = boss.open_case(number)
    assert isinstance(review, CaseReview) and not review.record.isEnabled()
    assert "不能审批自己经手的案件" in review.notice.text()
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert intake.status_of(counter, me, number=number).value == "recommended"


@pytest.mark.slow
def test_login_lockout_and_a_disabled_account(qtbot, policy, staffed):
    for _ in range(attempts.MAX_FAILURES):
        dialog = LoginDialog(OpenFile(staffed), "en", username="zhangli")
        qtbot.addWidget(dialog)
        dialog.password.setText("not-the-password-9")
        dialog.submit()
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert "locked" in dialog.problem.text() and dialog.user is None
    admin = open_desk(qtbot, policy, staffed, user(staffed, "admin"), "en")
    panel = admin.admin
    assert panel is not None
    panel.select_user("zhangli")
    assert "locked" in panel.users.item(panel.users.currentRow(), 3).text()
    panel.reset_password.setText("Fresh-start-Lotus-41")
    panel.reset()
    dialog.password.setText("Fresh-start-Lotus-41")
    dialog.submit()
    assert dialog.user is not None
    panel.select_user("liuyang")
    panel.toggle_active()
    assert panel.users.item(panel.users.currentRow(), 3).text() == "disabled"
    refused = LoginDialog(OpenFile(staffed), "en", username="liuyang")
    qtbot.addWidget(refused)
    refused.password.setText(PASSWORD)
    refused.submit()
    assert "disabled" in refused.problem.text()
    panel.select_user("admin")
    panel.toggle_active()
    assert "own account" in errors(admin)[-1]


@pytest.mark.slow
def test_a_supervisor_extends_a_running_time_limit_once_with_reasons(
    qtbot, policy, staffed, china_clock
):
    china_clock(datetime(2026, 9, 1, 10, 0))  # its limits, even extended, lie in 2026
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[3]).case_number
    mine = clerk.open_case(number)
    assert isinstance(mine, CaseReview) and not mine.extend_button.isVisibleTo(mine)
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(number)
    assert isinstance(review, CaseReview) and review.extend_button.isVisibleTo(review)
    with staffed.read() as session:
        before = session.exec(select(Case).where(Case.number == number)).one().due_on
    assert not review.extend("  ")
    assert "理由" in errors(boss)[-1]
    assert review.extend("需补充调查户籍来源地信息。")
    with staffed.read() as session:
        case = session.exec(select(Case).where(Case.number == number)).one()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "case.extend")).all()
    assert case.clock_limit == 50 and case.due_on > before and len(events) == 1
    assert not review.extend_button.isVisibleTo(review)  # once only


@pytest.mark.slow
def test_a_supervisor_whose_password_the_preparer_set_changes_it_then_decides(
    qtbot, policy, staffed
):
    from hukou_desk.services import intake
    from hukou_desk.ui.login import ChangePasswordDialog
    from tests.services.conftest import recommended_case

    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    counter = boss.context.counter
    # The administrator, who set wangfang's first password, prepared this case.
    number = recommended_case(counter, user(staffed, "admin")).number
    review = boss.open_case(number)
    assert isinstance(review, CaseReview) and not review.record.isEnabled()
    assert "密码由本案经办人设置" in review.notice.text()
    boss.actions_by_name["password"].trigger()
    (dialog,) = [d for d in boss.findChildren(ChangePasswordDialog) if d.isVisible()]
    qtbot.keyClicks(dialog.current, PASSWORD)
    qtbot.keyClicks(dialog.new, "only-wangfang-9")
    qtbot.keyClicks(dialog.repeat, "only-wangfang-9")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.problem.text() == ""
    boss.tabs.close_current_tab()
    review = boss.open_case(number)
    assert review.record.isEnabled()
    qtbot.mouseClick(review.approve, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    answer_act(qtbot)
    assert intake.status_of(counter, boss.context.user, number=number).value == "approved"
