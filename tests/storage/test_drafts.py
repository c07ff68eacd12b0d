"""Cases being prepared in the wizard: undecided pathway, revisions, parties, autosave, queues."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from hukou_desk.domain.checks import CheckState
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import Action, CaseStatus, LifecycleError
from hukou_desk.domain.parties import PartyRole
from hukou_desk.storage import cases, drafts
from hukou_desk.storage.models import AuditEvent, Case, CaseRole, Change
from hukou_desk.storage.queries import CaseFilter, search_cases
from tests.storage.conftest import TODAY

APPLICANT = "440781199001011246"
SPOUSE = "44070319880505001X"

SPOUSE_FACTS = {
    "application_date": TODAY.isoformat(),
    "applicant": {"id_number": APPLICANT, "marital_status": "21"},
    "sponsor": {
        "relationship": "10",
        "hukou_region": "440703",
        "residence": {"kind": "owned", "district": "440703"},
    },
}


def _open_draft(db, staff, policy):
    with db.write() as session:
        applicant = cases.save_person(
            session, actor=staff["clerk"], identity_number=APPLICANT, name="陈小明", today=TODAY
        )
        return cases.create_case(
            session,
            actor=staff["clerk"],
            applicant=applicant,
            pathway=None,
            facts=Facts.model_validate({"applicant": {"id_number": APPLICANT}}),
            application_date=TODAY,
            district="440703",
            policy=policy,
        )


def _revise(db, staff, policy, case, facts, pathway_id):
    with db.write() as session:
        case = session.get(Case, case.id)
        changed = cases.revise_draft(
            session,
            actor=staff["clerk"],
            case=case,
            facts=Facts.model_validate(facts),
            pathway=policy.pathway(pathway_id) if pathway_id else None,
            policy=policy,
        )
        return changed, case, cases.checks_of(session, case)


def test_a_draft_may_start_before_its_pathway_is_chosen_but_cannot_be_submitted(
    db, staff, policy, calendar
):
    case = _open_draft(db, staff, policy)
    assert (case.pathway_id, case.pathway_version) == (cases.UNDECIDED, 0)
    with db.write() as session:
        case = session.get(Case, case.id)
        assert cases.checks_of(session, case) == []
        with pytest.raises(LifecycleError) as refused:
            cases.act(
                session,
                actor=staff["clerk"],
                case=case,
                action=Action.SUBMIT,
                today=TODAY,
                calendar=calendar,
                policy=policy,
            )
    assert "途径" in refused.value.describe("zh")


def test_choosing_the_pathway_creates_its_checks_and_keeps_findings_on_a_revision(
    db, staff, policy
):
    case = _open_draft(db, staff, policy)
    changed, case, checks = _revise(db, staff, policy, case, SPOUSE_FACTS, "spouse")
    assert changed and case.pathway_id == "spouse" and case.pathway_version >= 1
    with db.write() as session:
        case = session.get(Case, case.id)
        assert cases.revise_draft(
            session,
            actor=staff["clerk"],
            case=case,
            facts=Facts.model_validate(SPOUSE_FACTS),
            pathway=policy.pathway("spouse"),
            policy=policy,
            district="440704",
        )
        assert case.district == "440704"
    assert {c.document_id for c in checks} >= {"marriage_certificate"}
    with db.write() as session:
        case = session.get(Case, case.id)
        cases.record_check(
            session,
            actor=staff["clerk"],
            case=case,
            document_id="marriage_certificate",
            state=CheckState.VERIFIED,
        )
        revision = case.revision
    # The same facts again: nothing to record, no new revision.
    changed, same, _ = _revise(db, staff, policy, case, SPOUSE_FACTS, "spouse")
    assert not changed and same.revision == revision
    # A changed fact: the finding on the certificate stays, in the checks and in the facts.
    facts = {**SPOUSE_FACTS, "applicant": {**SPOUSE_FACTS["applicant"], "education": "21"}}
    changed, case, checks = _revise(db, staff, policy, case, facts, "spouse")
    assert changed
    by_id = {c.document_id: c.state for c in checks}
    assert by_id["marriage_certificate"] == CheckState.VERIFIED
    assert case.facts["documents"]["marriage_certificate"] == "verified"
    assert case.facts["applicant"]["education"] == "21"


def test_another_pathway_drops_the_checks_it_does_not_need(db, staff, policy):
    case = _open_draft(db, staff, policy)
    _revise(db, staff, policy, case, SPOUSE_FACTS, "spouse")
    bought = {
        "application_date": TODAY.isoformat(),
        "applicant": {
            "id_number": APPLICANT,
            "residence": {"kind": "owned", "district": "440703"},
        },
    }
    _changed, case, checks = _revise(db, staff, policy, case, bought, "bought_home")
    assert "marriage_certificate" not in {c.document_id for c in checks}
    assert "property_deed" in {c.document_id for c in checks}
    with db.read() as session:
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.seq))]
        outbox = session.exec(select(Change).where(Change.case_id == case.id)).all()
    assert actions.count("case.revise") == 2
    assert [c.revision for c in outbox] == sorted(c.revision for c in outbox)


def test_a_submitted_case_is_no_longer_revised(db, staff, policy, calendar):
    case = _open_draft(db, staff, policy)
    _revise(db, staff, policy, case, SPOUSE_FACTS, "spouse")
    with db.write() as session:
        case = session.get(Case, case.id)
        for check in cases.checks_of(session, case):
            cases.record_check(
                session,
                actor=staff["clerk"],
                case=case,
                document_id=check.document_id,
                party=check.party,
                state=CheckState.PRESENTED,
            )
        cases.act(
            session,
            actor=staff["clerk"],
            case=case,
            action=Action.SUBMIT,
            today=TODAY,
            calendar=calendar,
            policy=policy,
        )
    with pytest.raises(LifecycleError):
        _revise(db, staff, policy, case, SPOUSE_FACTS, "bought_home")
    with db.write() as session, pytest.raises(LifecycleError):
        cases.set_parties(
            session, actor=staff["clerk"], case=session.get(Case, case.id), parties=[]
        )


def test_parties_are_replaced_as_a_whole_and_an_unchanged_list_records_nothing(db, staff, policy):
    case = _open_draft(db, staff, policy)
    with db.write() as session:
        case = session.get(Case, case.id)
        spouse = cases.save_person(
            session, actor=staff["clerk"], identity_number=SPOUSE, name="李华", today=TODAY
        )
        parties = [(spouse, PartyRole.SPONSOR, "10")]
        cases.set_parties(session, actor=staff["clerk"], case=case, parties=parties)
        revision = case.revision
        cases.set_parties(session, actor=staff["clerk"], case=case, parties=parties)
        assert case.revision == revision
        cases.set_parties(
            session,
            actor=staff["clerk"],
            case=case,
            parties=[(spouse, PartyRole.PROPERTY_OWNER, None)],
        )
    with db.read() as session:
        roles = session.exec(select(CaseRole).where(CaseRole.case_id == case.id)).all()
    # The applicant's own row stays: it keeps their details as this case recorded them.
    assert sorted((r.role, r.relationship) for r in roles) == [
        ("applicant", None),
        ("property_owner", None),
    ]


def test_the_wizard_autosave_is_kept_per_clerk_latest_first_and_discarded(db, staff):
    first, second = uuid.uuid4(), uuid.uuid4()
    with db.write() as session:
        drafts.keep(session, user=staff["clerk"], draft_id=first, step=0, data={"a": 1})
        drafts.keep(session, user=staff["clerk"], draft_id=second, step=2, data={"b": 2})
        drafts.keep(session, user=staff["clerk2"], draft_id=uuid.uuid4(), step=0, data={})
        drafts.keep(session, user=staff["clerk"], draft_id=first, step=1, data={"a": 3})
    with db.read() as session:
        mine = drafts.unfinished(session, user=staff["clerk"])
        assert [(d.id, d.step, d.data) for d in mine] == [
            (first, 1, {"a": 3}),
            (second, 2, {"b": 2}),
        ]
    with db.write() as session:
        drafts.discard(session, first)
        drafts.discard(session, uuid.uuid4())  # already gone: nothing to do
    with db.read() as session:
        assert [d.id for d in drafts.unfinished(session, user=staff["clerk"])] == [second]


def test_an_autosave_follows_its_case(db, staff, policy):
    case = _open_draft(db, staff, policy)
    draft_id = uuid.uuid4()
    with db.write() as session:
        drafts.keep(
            session, user=staff["clerk"], draft_id=draft_id, step=3, data={}, case_id=case.id
        )
    with db.read() as session:
        found = drafts.for_case(session, user=staff["clerk"], case_id=case.id)
        assert found is not None and found.id == draft_id
        assert drafts.for_case(session, user=staff["clerk2"], case_id=case.id) is None


def test_queues_due_by_and_not_printed(db, staff, policy):
    case = _open_draft(db, staff, policy)
    with db.write() as session:
        case = session.get(Case, case.id)
        case.status = CaseStatus.APPROVED.value
        case.due_on = TODAY + timedelta(days=2)
        session.add(case)
    with db.read() as session:
        unprinted = search_cases(session, CaseFilter(not_printed=True))
        due = search_cases(session, CaseFilter(due_by=TODAY + timedelta(days=2)))
        not_due = search_cases(session, CaseFilter(due_by=TODAY + timedelta(days=1)))
    assert [r.number for r in unprinted.rows] == [case.number]
    assert [r.number for r in due.rows] == [case.number]
    assert not_due.rows == []
    with db.write() as session:
        cases.record_event(
            session,
            actor=staff["clerk"],
            action=cases.PRINT_APPROVAL,
            case=session.get(Case, case.id),
        )
    with db.read() as session:
        assert search_cases(session, CaseFilter(not_printed=True)).rows == []
