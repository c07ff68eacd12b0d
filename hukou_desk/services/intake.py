"""The clerk's intake: open a case, revise it, its people, document findings and scans, then
submit it with a recommendation, ask for missing documents, or withdraw it.

Every function is one user action: one transaction, its audit event and outbox row inside.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from hukou_desk.domain.case_file import CaseFile, DecisionRecord, KeptTyping, RecordedPerson
from hukou_desk.domain.checks import LACKING, CheckState, FindingRefused, settle_finding
from hukou_desk.domain.engine import Outcome, evaluate
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import EDITABLE, Action, CaseStatus, Clock
from hukou_desk.domain.loader import load_registration_offices
from hukou_desk.domain.parties import PartyRole
from hukou_desk.domain.staff import Clerk, check_jurisdiction
from hukou_desk.domain.text import text
from hukou_desk.domain.time_limits import Limit
from hukou_desk.services.counter import Counter
from hukou_desk.services.decisions import move
from hukou_desk.services.views import case_file, recorded_person
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage import attachments, audit, cases, drafts
from hukou_desk.storage.errors import NotFound
from hukou_desk.storage.models import (
    Attachment,
    Case,
    CheckAttachment,
    DocumentCheck,
    Person,
    User,
)
from hukou_desk.storage.queries import CaseFilter, CaseRow, search_cases

__all__ = [
    "CaseFile",
    "CaseFilter",
    "CaseRow",
    "CheckState",
    "DecisionRecord",
    "FindingRefused",
    "KeptTyping",
    "PartyRole",
    "RecordedPerson",
]


@dataclass(frozen=True)
class Applicant:
    """Who applies, as the clerk typed it (the identity number is checked by the domain)."""

    id_number: str
    name: str
    phone: str = ""
    current_address: str = ""
    hukou_address: str = ""
    hukou_office: str = ""  # 迁出地户口登记机关: the office keeping the household register
    ethnicity: str = ""  # GB 3304 code; empty: as recorded before (or the default)


PERSON_DETAILS = frozenset({"marital_status", "ethnicity", "education"})


@dataclass(frozen=True)
class Party:
    """Someone else in the case, typed at step 4."""

    role: PartyRole
    id_number: str
    name: str
    relationship: str | None = None
    # What the printed papers say of a relative besides name and number: marital status,
    # ethnicity, education (GB/T 2261.2, GB 3304, GB/T 4658 codes).
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseRef:
    id: uuid.UUID
    number: str


@dataclass(frozen=True)
class Finding:
    """One required document as the clerk sees it: the finding and the scans' names."""

    document_id: str
    party: str
    state: CheckState
    answers: dict[str, bool]
    note: str
    files: list[str]


def _case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(text("没有这宗案件。", "No such case."))
    return case


def _person(session: Session, me: User, applicant: Applicant, counter: Counter) -> Person:
    known = {"ethnicity": applicant.ethnicity} if applicant.ethnicity else {}
    return cases.save_person(
        session,
        actor=me,
        identity_number=applicant.id_number,
        name=applicant.name,
        today=counter.today(),
        phone=applicant.phone,
        current_address=applicant.current_address,
        hukou_address=applicant.hukou_address,
        hukou_office=applicant.hukou_office,
        **known,
    )


def _in_jurisdiction(session: Session, facts: Facts) -> None:
    check_jurisdiction(
        station_district=cases.station(session).district,
        destination_district=facts.destination.district if facts.destination else None,
    )


def _pathway(counter: Counter, pathway_id: str | None) -> Any:
    return counter.policy.pathway(pathway_id) if pathway_id else None


def open_intake(
    counter: Counter,
    actor: Clerk,
    *,
    applicant: Applicant,
    facts: Facts,
    pathway_id: str | None,
    district: str | None,
) -> CaseRef:
    """A new draft case for this applicant (the pathway may still be open)."""
    pathway = _pathway(counter, pathway_id)
    with counter.acting(actor) as (session, me):
        _in_jurisdiction(session, facts)
        person = _person(session, me, applicant, counter)
        case = cases.create_case(
            session,
            actor=me,
            applicant=person,
            pathway=pathway,
            facts=facts,
            application_date=facts.application_date or counter.today(),
            district=district or cases.station(session).district,
            policy=counter.policy,
        )
        return CaseRef(case.id, case.number)


def revise_intake(
    counter: Counter,
    actor: Clerk,
    *,
    case_id: uuid.UUID,
    applicant: Applicant,
    facts: Facts,
    pathway_id: str | None,
    district: str | None,
) -> bool:
    """The clerk's latest version of a draft; False when nothing changed."""
    pathway = _pathway(counter, pathway_id)
    with counter.acting(actor) as (session, me):
        case = _case(session, case_id)
        _in_jurisdiction(session, facts)
        person = _person(session, me, applicant, counter)
        if case.applicant_id != person.id:
            raise HukouDeskError(
                text(
                    "案件已按原身份号码立案；如号码有误，请撤回此草稿后重新受理。",
                    "The case is opened for the first identity number; if it was wrong, "
                    "withdraw this draft and start again.",
                )
            )
        # The applicant as typed, recorded in this case only.
        detailed = cases.record_details(session, actor=me, case=case, person=person)
        revised = cases.revise_draft(
            session,
            actor=me,
            case=case,
            facts=facts,
            pathway=pathway,
            policy=counter.policy,
            district=district,
        )
        return detailed or revised


def set_people(
    counter: Counter, actor: Clerk, *, case_id: uuid.UUID, people: Sequence[Party]
) -> None:
    """Sponsor, property owner, householder and relatives, each by identity number."""
    with counter.acting(actor) as (session, me):
        case = _case(session, case_id)
        parties = [
            (
                cases.save_person(
                    session,
                    actor=me,
                    identity_number=p.id_number,
                    name=p.name,
                    today=counter.today(),
                    **{k: v for k, v in p.details.items() if k in PERSON_DETAILS},
                ),
                p.role,
                p.relationship,
            )
            for p in people
        ]
        cases.set_parties(session, actor=me, case=case, parties=parties)


def record_finding(
    counter: Counter,
    actor: Clerk,
    *,
    case_id: uuid.UUID,
    document_id: str,
    party: str,
    state: CheckState,
    answers: dict[str, bool],
    note: str = "",
) -> CheckState:
    """The clerk's finding on one document. Verified only when its check questions say so (a
    "no" makes it a mismatch unless the note says why); returns the state recorded."""
    document = counter.policy.documents.get(document_id)
    questions = [q.id for q in document.checks] if document else []
    settled = settle_finding(state, questions=questions, answers=answers, note=note)
    with counter.acting(actor) as (session, me):
        cases.record_check(
            session,
            actor=me,
            case=_case(session, case_id),
            document_id=document_id,
            party=party,
            state=settled,
            answers=answers,
            note=note,
        )
    return settled


def attach_scan(
    counter: Counter,
    actor: Clerk,
    *,
    case_id: uuid.UUID,
    document_id: str,
    party: str,
    file_name: str,
    content: bytes,
) -> list[str]:
    """A scan, photo or PDF attached to one document; the names of its scans now."""
    with counter.acting(actor) as (session, me):
        case = _case(session, case_id)
        check = cases.check_of(session, case, document_id=document_id, party=party)
        attachments.attach(
            session,
            folder=counter.database.attachments_dir,
            actor=me,
            case=case,
            check=check,
            file_name=file_name,
            content=content,
            key=counter.database.key,
        )
        return _files(session, check)


def _files(session: Session, check: DocumentCheck) -> list[str]:
    return [
        link.file_name
        for link in session.exec(
            select(CheckAttachment)
            .where(CheckAttachment.check_id == check.id)
            .order_by(col(CheckAttachment.added_at))
        )
    ]


def _findings(session: Session, case: Case) -> list[Finding]:
    return [
        Finding(
            c.document_id,
            c.party,
            CheckState(c.state),
            dict(c.answers),
            c.note,
            _files(session, c),
        )
        for c in cases.checks_of(session, case)
    ]


def findings(counter: Counter, actor: Clerk, *, case_id: uuid.UUID) -> list[Finding]:
    """Every required document of a case with its finding and scans."""
    with counter.reading(actor) as (session, _me):
        return _findings(session, _case(session, case_id))


def _evaluate(counter: Counter, case: Case) -> Outcome | None:
    """What the plan says of the case as it stands (None while its pathway is open): the
    engine's one run for the action that asks."""
    if not case.pathway_id:
        return None
    facts = Facts.model_validate(case.facts)
    return evaluate(
        facts,
        counter.policy.pathway(case.pathway_id),
        facts.application_date or counter.today(),
        counter.policy,
    )


@dataclass(frozen=True)
class OutcomeView:
    """The intake's last step as the screen shows it: what the plan says of the case as
    stored (None while its pathway is open), and the documents missing or not matching."""

    outcome: Outcome | None
    lacking: tuple[Finding, ...]


def outcome_view(counter: Counter, actor: Clerk, *, case_id: uuid.UUID) -> OutcomeView:
    """One read, the engine run once: the outcome step's whole screen."""
    with counter.reading(actor) as (session, _me):
        case = _case(session, case_id)
        found = _evaluate(counter, case)
        lacking = tuple(f for f in _findings(session, case) if f.state in LACKING)
    return OutcomeView(found, lacking)


# What the applicant takes away after each move: the acceptance receipt once the case is
# submitted (recommended), the numbered notice while documents are missing.
_SLIPS = {
    CaseStatus.RECOMMENDED: SlipKind.RECEIPT,
    CaseStatus.NEEDS_DOCUMENTS: SlipKind.MISSING_DOCUMENTS,
}


@dataclass(frozen=True)
class Closed:
    """Where the intake's last move left the case, as the screen shows it next: its number
    and status, the plan's outcome recorded with it (None for a withdrawal), and the paper to
    offer the applicant (None when there is none)."""

    number: str
    status: CaseStatus
    outcome: Outcome | None
    slip: SlipKind | None


def _move(
    counter: Counter,
    actor: Clerk,
    case_id: uuid.UUID,
    *actions: Action,
    reasons: str = "",
    recommend: bool | None = None,
    evaluated: bool = True,
    draft_id: uuid.UUID | None = None,
) -> Closed:
    """The moves in one write transaction: the engine run once on the case as stored, its
    outcome recorded, each move made, the clerk's typing discarded."""
    with counter.acting(actor) as (session, me):
        case = _case(session, case_id)
        found = _evaluate(counter, case) if evaluated else None
        if found is not None:
            cases.record_evaluation(session, actor=me, case=case, outcome=found)
        for action in actions:
            move(
                counter,
                session,
                me,
                case,
                action,
                reasons=reasons,
                outcome=found,
                recommend=recommend,
            )
        if draft_id is not None:
            drafts.discard(session, draft_id)
        status = cases.status_of(case)
        return Closed(case.number, status, found, _SLIPS.get(status))


def submit(
    counter: Counter,
    actor: Clerk,
    *,
    case_id: uuid.UUID,
    recommend: bool | None,
    reasons: str,
    draft_id: uuid.UUID | None = None,
) -> Closed:
    """Accept the application (受理) and send it, with the clerk's recommendation, to a
    supervisor: the engine's outcome, the submission and the recommendation in one
    transaction; what the screen shows next returned."""
    return _move(
        counter,
        actor,
        case_id,
        Action.SUBMIT,
        Action.RECOMMEND,
        reasons=reasons,
        recommend=recommend,
        draft_id=draft_id,
    )


def ask_for_documents(
    counter: Counter, actor: Clerk, *, case_id: uuid.UUID, draft_id: uuid.UUID | None = None
) -> Closed:
    """Missing or mismatched documents: the notice goes out and the clock pauses."""
    return _move(counter, actor, case_id, Action.REQUEST_DOCUMENTS, draft_id=draft_id)


def withdraw(
    counter: Counter, actor: Clerk, *, case_id: uuid.UUID, draft_id: uuid.UUID | None = None
) -> Closed:
    """The applicant withdraws; the case stays on file as withdrawn."""
    return _move(counter, actor, case_id, Action.WITHDRAW, evaluated=False, draft_id=draft_id)


def lacking(counter: Counter, actor: Clerk, *, case_id: uuid.UUID) -> list[Finding]:
    return [f for f in findings(counter, actor, case_id=case_id) if f.state in LACKING]


# --- looking cases and people up -----------------------------------------------------------


def open_case(counter: Counter, actor: Clerk, *, number: str) -> CaseFile:
    """A case opened to read: the look-up is an audit event."""
    with counter.acting(actor) as (session, me):
        return case_file(cases.open_case(session, actor=me, number=number))


@dataclass(frozen=True)
class ScanRef:
    """One attached scan, as a list shows it: which document, whose, the file's name."""

    id: uuid.UUID
    document_id: str
    party: str
    file_name: str


@dataclass(frozen=True)
class ScanFile:
    """A scan's bytes, checked against their address, to show."""

    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class CaseView:
    """A case as the review screen shows it: its file, staff names, scans per document."""

    file: CaseFile
    names: dict[uuid.UUID, str]
    files: dict[uuid.UUID, list[str]]
    scans: list[ScanRef]
    extend_to: int  # the extended limit in force on the day the case was received

    @property
    def extendable(self) -> bool:
        case = self.file.case
        clock = Clock(case.clock_limit, case.clock_used, case.clock_running_since)
        return clock.extendable(self.extend_to)


def view_case(counter: Counter, actor: Clerk, *, number: str) -> CaseView:
    """Open a case to read (audited), with what the screen shows beside it."""
    with counter.acting(actor) as (session, me):
        found = cases.open_case(session, actor=me, number=number)
        names = {u.id: u.display_name for u in session.exec(select(User))}
        files = {check.id: _files(session, check) for check in found.checks}
        scans = [
            ScanRef(link.id, check.document_id, check.party, link.file_name)
            for check in found.checks
            for link in session.exec(
                select(CheckAttachment)
                .where(CheckAttachment.check_id == check.id)
                .order_by(col(CheckAttachment.added_at))
            )
        ]
    limits = counter.policy.plan.time_limits
    extend_to = limits.days(Limit.EXTENDED, found.case.application_date)
    return CaseView(case_file(found), names, files, scans, extend_to)


def open_scan(counter: Counter, actor: Clerk, *, scan_id: uuid.UUID) -> ScanFile:
    """A scan to look at (a supervisor checking a document): a look-up, so audited."""
    with counter.acting(actor) as (session, me):
        link = session.get(CheckAttachment, scan_id)
        stored = session.get(Attachment, link.sha256) if link is not None else None
        check = session.get(DocumentCheck, link.check_id) if link is not None else None
        if link is None or stored is None or check is None:
            raise NotFound(text("没有这个扫描件。", "No such scan."))
        content = attachments.read(counter.database.attachments_dir, stored, counter.database.key)
        audit.record(
            session,
            actor=me.username,
            action="scan.view",
            entity="check_attachment",
            entity_id=str(link.id),
            case_id=check.case_id,
            detail={"document": check.document_id},
        )
        return ScanFile(link.file_name, stored.media_type, content)


def is_editable(counter: Counter, actor: Clerk, *, number: str) -> bool:
    """Whether the intake may take this case up again (a draft, or waiting for documents)."""
    with counter.reading(actor) as (session, _me):
        case = session.exec(select(Case).where(Case.number == number)).first()
    return case is not None and cases.status_of(case) in EDITABLE


def status_of(counter: Counter, actor: Clerk, *, number: str) -> CaseStatus:
    with counter.reading(actor) as (session, _me):
        return cases.status_of(cases.case_by_number(session, number))


@dataclass(frozen=True)
class CorrectionDone:
    """What a correction reached: the case numbers corrected and those kept as they were."""

    corrected: list[str]
    kept: list[str]


def correct_person(
    counter: Counter,
    actor: Clerk,
    *,
    id_number: str,
    changes: Mapping[str, str | None],
    reason: str,
) -> CorrectionDone:
    """A clerk's correction of a known person's details, with its reason: the old and new
    values recorded and audited; it reaches only their cases still open and undecided with no
    paper issued (`cases.correct_person`)."""
    with counter.acting(actor) as (session, me):
        done = cases.correct_person(
            session,
            actor=me,
            identity_number=id_number,
            changes=dict(changes),
            reason=reason,
        )
        return CorrectionDone(done.corrected, done.kept)


@dataclass(frozen=True)
class Known:
    """A person found by identity number at the counter, and their open cases."""

    person: RecordedPerson | None
    open_cases: list[CaseRow]


def look_up_person(
    counter: Counter,
    actor: Clerk,
    *,
    id_number: str,
    open_statuses: Sequence[CaseStatus],
    audited: bool = True,
) -> Known:
    """A person by identity number: a look-up, so audited (unless the same one again)."""
    with counter.acting(actor) as (session, me):
        person = session.exec(select(Person).where(Person.id_number == id_number)).first()
        page = search_cases(session, CaseFilter(query=id_number, statuses=open_statuses))
        if audited:
            audit.record(
                session,
                actor=me.username,
                action="person.lookup",
                entity="person",
                entity_id=str(person.id) if person else "-",
                detail={"found": person is not None, "from": "wizard"},
            )
    return Known(None if person is None else recorded_person(person), list(page.rows))


# --- the wizard's autosave ---------------------------------------------------------------------


def keep_typing(
    counter: Counter,
    actor: Clerk,
    *,
    draft_id: uuid.UUID,
    step: int,
    data: dict[str, Any],
    case_id: uuid.UUID | None,
) -> None:
    """What the clerk typed, kept for them alone until it is saved into its case."""
    with counter.acting(actor) as (session, me):
        drafts.keep(session, user=me, draft_id=draft_id, step=step, data=data, case_id=case_id)


@dataclass(frozen=True)
class Unfinished:
    """An intake the clerk has not finished: what they typed, and its case (`case_id`, with
    its `number` while the case is there) once one was opened."""

    draft_id: uuid.UUID
    data: dict[str, Any]
    case_id: uuid.UUID | None
    number: str | None


def unfinished(counter: Counter, actor: Clerk) -> list[Unfinished]:
    """The actor's unfinished intakes, newest first."""
    with counter.reading(actor) as (session, me):
        out: list[Unfinished] = []
        for draft in drafts.unfinished(session, user=me):
            case = session.get(Case, draft.case_id) if draft.case_id else None
            number = case.number if case is not None else None
            out.append(Unfinished(draft.id, dict(draft.data), draft.case_id, number))
        return out


def kept_for_case(counter: Counter, actor: Clerk, *, case_id: uuid.UUID) -> KeptTyping | None:
    """What the actor typed into this case's intake and has not saved yet, if anything."""
    with counter.reading(actor) as (session, me):
        kept = drafts.for_case(session, user=me, case_id=case_id)
        return None if kept is None else KeptTyping(kept.id, kept.step, dict(kept.data))


def discard_typing(counter: Counter, actor: Clerk, *, draft_id: uuid.UUID) -> None:
    with counter.acting(actor) as (session, _me):
        drafts.discard(session, draft_id)


def station_district(counter: Counter, actor: Clerk) -> str:
    """The district this station registers people into: the only destination it takes
    (`check_jurisdiction`), so the intake offers it."""
    with counter.reading(actor) as (session, _me):
        return cases.station(session).district


def registration_offices(counter: Counter) -> list[str]:
    """The city's household-registration offices the intake offers for the origin office
    (forms/registration_offices.toml, kept current by the centre's reference data)."""
    return [name for names in _offices(counter.forms).values() for name in names]


_OFFICE = re.compile(r"(?P<city>.+?)公安局(?:(?P<district>.+?)分局)?(?P<town>.+?)派出所$")


def office_for_address(counter: Counter, address: str) -> str | None:
    """The city's office that keeps a household register at `address` (a card's address):
    the one whose town and county both appear in it; None unless exactly one does."""
    found = []
    for name in registration_offices(counter):
        parts = _OFFICE.match(name)
        if parts is None:
            continue
        where = parts["district"] or parts["city"]
        if parts["town"] in address and where in address:
            found.append(name)
    return found[0] if len(found) == 1 else None


@cache
def _offices(forms: Path) -> dict[str, tuple[str, ...]]:
    return load_registration_offices(forms)


def sponsor_address_offer(current_address: str, sponsor_address: str) -> str | None:
    """The sponsor's card address, offered as where the applicant lives now (a spouse or a
    parent joining someone usually lives with them already): None when the card gave no
    address or the applicant's current address is that one already."""
    offered = sponsor_address.strip()
    if not offered or current_address.strip() == offered:
        return None
    return offered
