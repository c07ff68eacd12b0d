"""The case file's rows as the screens read them (`domain.case_file`): filled here, in the
services, so that no row leaves them."""

from __future__ import annotations

from hukou_desk.domain.case_file import (
    CaseDetails,
    CaseFile,
    CheckRecord,
    DecisionRecord,
    RecordedPerson,
    RoleInCase,
)
from hukou_desk.storage import cases
from hukou_desk.storage.models import Case, Person


def case_file(found: cases.CaseFile) -> CaseFile:
    """The case as the screens read it (`domain.case_file`), from its rows."""
    return CaseFile(
        case=case_details(found.case),
        applicant=recorded_person(found.applicant),
        parties=tuple(
            (RoleInCase(row.role, row.relationship), recorded_person(person))
            for row, person in found.parties
        ),
        checks=tuple(
            CheckRecord(
                id=check.id,
                document_id=check.document_id,
                party=check.party,
                state=check.state,
                answers=dict(check.answers),
                note=check.note,
                checked_by=check.checked_by,
                checked_at=check.checked_at,
            )
            for check in found.checks
        ),
        decisions=tuple(
            DecisionRecord(
                kind=decision.kind,
                result=decision.result,
                outcome=dict(decision.outcome or {}),
                reasons=decision.reasons,
                decided_by=decision.decided_by,
                decided_at=decision.decided_at,
            )
            for decision in found.decisions
        ),
    )


def case_details(case: Case) -> CaseDetails:
    """The case itself, its clock as it stands."""
    return CaseDetails(
        id=case.id,
        number=case.number,
        status=case.status,
        pathway_id=case.pathway_id,
        application_date=case.application_date,
        district=case.district,
        prepared_by=case.prepared_by,
        facts=dict(case.facts),
        clock_limit=case.clock_limit,
        clock_used=case.clock_used,
        clock_running_since=case.clock_running_since,
        due_on=case.due_on,
        former_number=case.former_number,
    )


def recorded_person(person: Person) -> RecordedPerson:
    """A person as the row gives them (the case's record of them: `cases.as_recorded`)."""
    return RecordedPerson(
        id=person.id,
        id_number=person.id_number,
        name=person.name,
        sex=person.sex,
        birth_date=person.birth_date,
        former_names=person.former_names,
        ethnicity=person.ethnicity,
        education=person.education,
        marital_status=person.marital_status,
        hukou_address=person.hukou_address,
        hukou_office=person.hukou_office,
        current_address=person.current_address,
        phone=person.phone,
    )
