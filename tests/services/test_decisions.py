"""A supervisor returns a case for documents: through the service a screen calls."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.staff import NotPermitted
from hukou_desk.services import decisions, intake
from hukou_desk.storage.models import AuditEvent, Case
from tests.services.conftest import recommended_case


def _case(counter, number) -> Case:
    with counter.database.read() as session:
        return session.exec(select(Case).where(Case.number == number)).one()


def test_a_supervisor_returns_a_case_for_documents_and_its_clock_pauses(counter, people):
    ref = recommended_case(counter, people["clerk"])
    assert _case(counter, ref.number).clock_running_since is not None
    first = intake.findings(counter, people["boss"], case_id=ref.id)[0]
    status = decisions.return_for_documents(
        counter,
        people["boss"],
        number=ref.number,
        lacking=[(first.document_id, first.party)],
        note="复印件不清晰，请带原件",
    )
    assert status is CaseStatus.NEEDS_DOCUMENTS
    case = _case(counter, ref.number)
    assert case.status == CaseStatus.NEEDS_DOCUMENTS.value
    assert case.clock_running_since is None and case.due_on is None  # the clock pauses
    (returned,) = [f for f in intake.lacking(counter, people["boss"], case_id=ref.id)]
    assert (returned.document_id, returned.party) == (first.document_id, first.party)
    assert returned.note == "复印件不清晰，请带原件"
    with counter.database.read() as session:
        moves = session.exec(
            select(AuditEvent).where(AuditEvent.action == "case.request_documents")
        ).all()
    assert [m.actor for m in moves] == ["boss"]


def test_only_a_supervisor_returns_a_case_and_says_which_documents_and_why(counter, people):
    ref = recommended_case(counter, people["clerk"])
    first = intake.findings(counter, people["boss"], case_id=ref.id)[0]
    lacking = [(first.document_id, first.party)]
    with pytest.raises(NotPermitted):
        decisions.return_for_documents(
            counter, people["clerk2"], number=ref.number, lacking=lacking, note="不清晰"
        )
    with pytest.raises(HukouDeskError, match="Choose the documents"):
        decisions.return_for_documents(
            counter, people["boss"], number=ref.number, lacking=[], note="不清晰"
        )
    with pytest.raises(HukouDeskError, match="what is wrong"):
        decisions.return_for_documents(
            counter, people["boss"], number=ref.number, lacking=lacking, note="  "
        )
    # Nothing was recorded by the refusals: the case still waits for its decision.
    assert _case(counter, ref.number).status == CaseStatus.RECOMMENDED.value
    assert intake.lacking(counter, people["boss"], case_id=ref.id) == []
