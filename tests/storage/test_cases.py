"""The repository and the lifecycle on a real SQLite file: one action, one transaction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk.domain.checks import CheckState
from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import Action, CaseStatus, LifecycleError
from hukou_desk.domain.papers import BlankEssential
from hukou_desk.domain.parties import PartyRole
from hukou_desk.storage import audit, cases
from hukou_desk.storage.models import AuditEvent, Case, Change, Decision, Person
from tests.storage.conftest import TODAY

APPLICANT = "440781199001011246"
SPOUSE = "44070319880505001X"


def _spouse_case(db, staff, policy, *, name="陈小明"):
    facts = Facts.model_validate(
        {
            "application_date": TODAY.isoformat(),
            "applicant": {"id_number": APPLICANT, "marital_status": "21"},
            "sponsor": {
                "relationship": "10",
                "hukou_region": "440703",
                "residence": {"kind": "owned", "district": "440703"},
            },
        }
    )
    with db.write() as session:
        applicant = cases.save_person(
            session, actor=staff["clerk"], identity_number=APPLICANT, name=name, today=TODAY
        )
        case = cases.create_case(
            session,
            actor=staff["clerk"],
            applicant=applicant,
            pathway=policy.pathway("spouse"),
            facts=facts,
            application_date=TODAY,
            district="440703",
            policy=policy,
        )
        sponsor = cases.save_person(
            session, actor=staff["clerk"], identity_number=SPOUSE, name="李华", today=TODAY
        )
        cases.add_party(
            session,
            actor=staff["clerk"],
            case=case,
            person=sponsor,
            role=PartyRole.SPONSOR,
            relationship="10",
        )
    return case


def _verify_all(db, staff, case, policy):
    with db.write() as session:
        case = session.get(Case, case.id)
        for check in cases.checks_of(session, case):
            cases.record_check(
                session,
                actor=staff["clerk"],
                case=case,
                document_id=check.document_id,
                party=check.party,
                state=CheckState.VERIFIED,
                answers={"names_match": True},
            )
    return case


def test_a_new_case_has_a_readable_number_the_pathway_version_and_one_check_per_document(
    db, staff, policy
):
    case = _spouse_case(db, staff, policy)
    assert case.number == "440703001-2026-000001"
    assert (case.pathway_id, case.pathway_version, case.status) == ("spouse", 1, "draft")
    with db.read() as session:
        checks = {c.document_id for c in cases.checks_of(session, case)}
    assert {"marriage_certificate", "household_register", "resident_id_card"} <= checks
    second = _spouse_case(db, staff, policy)
    assert second.number == "440703001-2026-000002"


def test_the_same_identity_number_is_the_same_person(db, staff, policy):
    _spouse_case(db, staff, policy)
    with db.write() as session:
        again = cases.save_person(
            session,
            actor=staff["clerk"],
            identity_number=APPLICANT.lower(),
            name="陈晓明",
            today=TODAY,
        )
        assert again.name == "陈晓明" and again.sex == "2" and str(again.birth_date) == "1990-01-01"


def test_a_wrong_identity_number_stores_nothing(db, staff):
    with pytest.raises(InvalidIdentityNumber), db.write() as session:
        cases.save_person(
            session,
            actor=staff["clerk"],
            identity_number="440781199001011245",
            name="张三",
            today=TODAY,
        )
    with db.read() as session:
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.action == "person.create")).all() == []
        )


def test_the_whole_lifecycle_with_maker_checker(db, staff, policy, calendar):
    case = _spouse_case(db, staff, policy)
    with pytest.raises(LifecycleError, match="Documents still to check"), db.write() as session:
        cases.act(
            session,
            actor=staff["clerk"],
            case=session.get(Case, case.id),
            action=Action.SUBMIT,
            today=TODAY,
            calendar=calendar,
            policy=policy,
        )
    case = _verify_all(db, staff, case, policy)
    with db.write() as session:
        case = cases.act(
            session,
            actor=staff["clerk"],
            case=session.get(Case, case.id),
            action=Action.SUBMIT,
            today=TODAY,
            calendar=calendar,
            policy=policy,
        )
    assert case.status == CaseStatus.SUBMITTED
    assert str(case.due_on) == "2026-12-18"  # 20 working days after Friday 20 November
    # No recommendation to approve while the permit would carry a blank essential: each is
    # named, to the clerk (the approval checks again: a correction may blank one since).
    with pytest.raises(BlankEssential) as blank, db.write() as session:
        cases.act(
            session,
            actor=staff["clerk"],
            case=session.get(Case, case.id),
            action=Action.RECOMMEND,
            today=TODAY,
            calendar=calendar,
            policy=policy,
            reasons="材料齐全",
            recommend=True,
        )
    keys = [e.key for e in blank.value.blank]
    assert keys == ["hukou_address", "hukou_office", "destination_address"]
    assert "迁入地详细地址（在受理登记第2步“情况”的“迁入地详细地址”填写）" in blank.value.describe(
        "zh"
    )
    with db.write() as session:  # taken at the counter
        stored = session.get(Case, case.id)
        person = session.get(Person, stored.applicant_id)
        person.hukou_address, person.hukou_office = (
            "恩平市恩城街道新平路3号",
            "恩平市公安局恩城派出所",
        )
        stored.facts = {**stored.facts, "destination": {"address": "江门市蓬江区白沙大道西1号"}}
        session.add_all([person, stored])
    with db.write() as session:
        cases.act(
            session,
            actor=staff["clerk"],
            case=session.get(Case, case.id),
            action=Action.RECOMMEND,
            today=TODAY,
            calendar=calendar,
            policy=policy,
            reasons="材料齐全",
            recommend=True,
        )
    for actor, message in (
        (staff["clerk"], "Only a supervisor"),
        (staff["clerk2"], "Only a supervisor"),
    ):
        with pytest.raises(LifecycleError, match=message), db.write() as session:
            cases.act(
                session,
                actor=actor,
                case=session.get(Case, case.id),
                action=Action.APPROVE,
                today=TODAY,
                calendar=calendar,
                policy=policy,
            )
    with db.write() as session:
        case = cases.act(
            session,
            actor=staff["boss"],
            case=session.get(Case, case.id),
            action=Action.APPROVE,
            today=TODAY,
            calendar=calendar,
            policy=policy,
        )
    assert case.status == CaseStatus.APPROVED and case.due_on is None
    with db.read() as session:
        kinds = [d.kind for d in session.exec(select(Decision).where(Decision.case_id == case.id))]
    assert kinds == ["recommendation", "approval"]


def test_a_supervisor_who_prepared_the_case_cannot_decide_it(db, staff, policy, calendar):
    with db.write() as session:
        boss = staff["boss"]
        person = cases.save_person(
            session,
            actor=boss,
            identity_number=APPLICANT,
            name="陈",
            today=TODAY,
            hukou_address="恩平市恩城街道新平路3号",
            hukou_office="恩平市公安局恩城派出所",
        )
        case = cases.create_case(
            session,
            actor=boss,
            applicant=person,
            pathway=policy.pathway("graduate"),
            facts=Facts.model_validate({"destination": {"address": "江门市蓬江区白沙大道西1号"}}),
            application_date=TODAY,
            district="440703",
            policy=policy,
        )
        for check in cases.checks_of(session, case):
            cases.record_check(
                session,
                actor=boss,
                case=case,
                document_id=check.document_id,
                party=check.party,
                state=CheckState.VERIFIED,
            )
        for action in (Action.SUBMIT, Action.RECOMMEND):
            cases.act(
                session,
                actor=boss,
                case=case,
                action=action,
                today=TODAY,
                calendar=calendar,
                policy=policy,
                reasons="ok",
                recommend=True,
            )
    with (
        pytest.raises(LifecycleError, match="prepared a case cannot decide"),
        db.write() as session,
    ):
        cases.act(
            session,
            actor=boss,
            case=session.get(Case, case.id),
            action=Action.REFUSE,
            today=TODAY,
            calendar=calendar,
            policy=policy,
            reasons="no",
        )


def test_waiting_for_documents_pauses_the_clock(db, staff, policy, calendar):
    from datetime import date

    case = _verify_all(db, staff, _spouse_case(db, staff, policy), policy)
    with db.write() as session:
        case = session.get(Case, case.id)
        cases.act(
            session,
            actor=staff["clerk"],
            case=case,
            action=Action.SUBMIT,
            today=date(2026, 11, 2),
            calendar=calendar,
            policy=policy,
        )
        cases.record_check(
            session,
            actor=staff["clerk"],
            case=case,
            document_id="marriage_certificate",
            state=CheckState.MISMATCH,
            note="姓名不符",
        )
        cases.act(
            session,
            actor=staff["clerk"],
            case=case,
            action=Action.REQUEST_DOCUMENTS,
            today=date(2026, 11, 6),
            calendar=calendar,
            policy=policy,
        )
        assert (case.clock_used, case.due_on) == (4, None)
        cases.record_check(
            session,
            actor=staff["clerk"],
            case=case,
            document_id="marriage_certificate",
            state=CheckState.VERIFIED,
        )
        cases.act(
            session,
            actor=staff["clerk"],
            case=case,
            action=Action.SUBMIT,
            today=date(2026, 11, 20),
            calendar=calendar,
            policy=policy,
        )
        # 16 working days left after Friday 20 November.
        assert str(case.due_on) == "2026-12-14"


def test_a_failed_action_saves_nothing_not_even_its_audit_event(db, staff, policy, calendar):
    case = _spouse_case(db, staff, policy)
    with db.read() as session:
        before = (
            session.exec(sa.select(sa.func.count()).select_from(AuditEvent)).one(),
            session.exec(sa.select(sa.func.count()).select_from(Change)).one(),
        )
    with pytest.raises(RuntimeError), db.write() as session:
        c = session.get(Case, case.id)
        cases.record_check(
            session,
            actor=staff["clerk"],
            case=c,
            document_id="marriage_certificate",
            state=CheckState.VERIFIED,
        )
        raise RuntimeError("power cut")
    with db.read() as session:
        after = (
            session.exec(sa.select(sa.func.count()).select_from(AuditEvent)).one(),
            session.exec(sa.select(sa.func.count()).select_from(Change)).one(),
        )
        assert after == before
        assert "marriage_certificate" not in session.get(Case, case.id).facts.get("documents", {})


def test_every_change_has_a_rising_outbox_sequence_and_opening_a_case_is_audited(db, staff, policy):
    case = _spouse_case(db, staff, policy)
    with db.write() as session:
        opened = cases.open_case(session, actor=staff["clerk2"], number=case.number)
    assert opened.applicant.id_number == APPLICANT  # unmasked inside the case
    assert [role.role for role, _person in opened.parties] == ["sponsor"]
    with db.read() as session:
        changes = session.exec(select(Change).order_by(Change.seq)).all()
        assert [c.seq for c in changes] == list(range(1, len(changes) + 1))
        assert changes[0].action == "case.create"
        views = session.exec(select(AuditEvent).where(AuditEvent.action == "case.view")).all()
        assert [v.actor for v in views] == ["clerk2"]
        assert audit.verify(session).intact


def test_a_persons_details_typed_again_change_no_case_they_are_in(db, staff, policy):
    case = _spouse_case(db, staff, policy)
    with db.write() as session:
        before = session.exec(select(Change)).all()
        cases.save_person(
            session,
            actor=staff["clerk"],
            identity_number=SPOUSE,
            name="李小华",
            today=TODAY,
            phone="13800000000",
        )
    with db.write() as session:
        after = session.exec(select(Change)).all()
        found = cases.open_case(session, actor=staff["clerk"], number=case.number)
    assert len(after) == len(before)  # nothing of the case changed, nothing to export
    ((_role, sponsor),) = found.parties
    assert (sponsor.name, sponsor.phone) == ("李华", "")  # as the case recorded them
