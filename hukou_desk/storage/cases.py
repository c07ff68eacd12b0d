"""Repository functions that change case files, one per user action.

Each takes the session of one `Database.write()` block, keyword arguments only, and leaves in
that session the change, its audit event and its outbox row, so they commit together or not at
all. Identity numbers are checked by the domain before anything is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.checks import CheckState
from hukou_desk.domain.engine import Outcome, Result, required_documents
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.facts import DocumentStatus, Facts, document_key
from hukou_desk.domain.identity import parse_identity_number
from hukou_desk.domain.lifecycle import (
    EDITABLE,
    OPEN,
    STATUS_TITLES,
    Action,
    CaseStatus,
    Clock,
    DecisionKind,
    LifecycleError,
    Role,
)
from hukou_desk.domain.listing import UNDECIDED as UNDECIDED  # a draft's pathway
from hukou_desk.domain.moves import Actor, CaseAtMove, DocumentState, extension, move
from hukou_desk.domain.outcome import RecordedOutcome, rests_on
from hukou_desk.domain.parties import APPLICANT, PartyRole
from hukou_desk.domain.policy import Pathway, Policy
from hukou_desk.domain.text import text
from hukou_desk.domain.time_limits import Limit
from hukou_desk.storage import audit, counters, stats
from hukou_desk.storage.errors import DamagedRow, NotFound
from hukou_desk.storage.models import (
    NAME_LENGTH,
    RECORDED_DETAILS,
    AuditEvent,
    Case,
    CaseNumberCounter,
    CaseRole,
    Change,
    CheckAttachment,
    Decision,
    DocumentCheck,
    IssuedSlip,
    Person,
    PersonCorrection,
    Station,
    User,
    utc_now,
)
from hukou_desk.storage.search import name_tokens


def snapshot(row: Any) -> dict[str, Any]:
    """A row's fields as plain data, for the audit digests."""
    return {key: getattr(row, key) for key in row.__class__.model_fields}


# --- station and users ----------------------------------------------------------------------


PRINT_APPROVAL = "print.approval"  # the audit action of printing the approval slip


def station(session: Session) -> Station:
    found = session.get(Station, 1)
    if found is None:
        raise NotFound(text("本机尚未设置派出所信息。", "This PC's station is not set up yet."))
    return found


def set_station(
    session: Session,
    *,
    actor: str,
    code: str,
    name: str,
    district: str,
    phone: str = "",
    address: str = "",
) -> Station:
    found = session.get(Station, 1)
    before = snapshot(found) if found else None
    if found is None:
        found = Station(code=code, name=name, district=district, created_at=utc_now())
    found.code, found.name, found.district = code, name, district
    found.phone, found.address = phone, address
    session.add(found)
    audit.record(
        session,
        actor=actor,
        action="station.set",
        entity="station",
        entity_id=code,
        before=before,
        after=snapshot(found),
    )
    return found


def add_user(session: Session, *, actor: str, username: str, display_name: str, role: Role) -> User:
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise HukouDeskError(
            text(f"用户名“{username}”已存在。", f"The user name '{username}' is taken.")
        )
    user = User(username=username, display_name=display_name, role=role, created_at=utc_now())
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        entity="user",
        entity_id=str(user.id),
        after=snapshot(user),
        detail={"role": role.value},
    )
    return user


def user_named(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(text(f"没有用户“{username}”。", f"No user '{username}'."))
    return user


# --- persons ------------------------------------------------------------------------------


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise HukouDeskError(text("请填写姓名。", "Enter the name."))
    # The same limit as the column's, here and in the centre's PostgreSQL: a name the station
    # takes always imports there.
    if len(name) > NAME_LENGTH:
        raise HukouDeskError(
            text(
                f"姓名过长（{len(name)}个字符，最多{NAME_LENGTH}个）。",
                f"The name is too long ({len(name)} characters, at most {NAME_LENGTH}).",
            )
        )
    return name


def save_person(
    session: Session,
    *,
    actor: User,
    identity_number: str,
    name: str,
    today: date,
    **fields: Any,
) -> Person:
    """Record a person by identity number: the same number is the same person, whose details
    on record become the latest typed. No case changes with them: each case keeps its people's
    details as it recorded them (`record_details`, `correct_person`)."""
    number = parse_identity_number(identity_number, today=today)
    name = _checked_name(name)
    found = session.exec(select(Person).where(Person.id_number == number.number)).first()
    now = utc_now()
    before = snapshot(found) if found else None
    person = found or Person(
        id_number=number.number,
        name=name,
        sex="1" if number.sex == "male" else "2",  # GB/T 2261.1
        birth_date=number.birth_date,
        created_at=now,
        updated_at=now,
    )
    person.name = name
    for key, value in fields.items():
        if key not in Person.model_fields or key in ("id", "id_number", "sex", "birth_date"):
            raise TypeError(f"save_person() got an unexpected field {key!r}")
        setattr(person, key, value)
    if found is not None and snapshot(found) == before:
        return found  # as on record: nothing to write, nothing to audit
    if found is not None and before is not None:
        _freeze(session, found, {k: before[k] for k in RECORDED_DETAILS})
    person.updated_at = now
    session.add(person)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="person.update" if found else "person.create",
        entity="person",
        entity_id=str(person.id),
        before=before,
        after=snapshot(person),
    )
    return person


def details_of(person: Person) -> dict[str, Any]:
    """The details a case records of a person, as the person's row has them now."""
    return {key: getattr(person, key) for key in RECORDED_DETAILS}


def _recorded(row: CaseRole) -> dict[str, Any]:
    return {key: getattr(row, key) for key in RECORDED_DETAILS}


def as_recorded(person: Person, row: CaseRole | None) -> Person:
    """The person as the case recorded them: a copy of their row, never attached to the
    session, with the case's details (the row's own where the case recorded none)."""
    values = snapshot(person)
    if row is not None and row.name is not None:
        values.update({k: v for k, v in _recorded(row).items() if v is not None})
    return Person(**values)


def _freeze(session: Session, person: Person, details: dict[str, Any]) -> None:
    """Before a person's details change: their cases that recorded none of their own (written
    before cases kept them: demo data, an older station's bundle) keep those they show now."""
    for row in session.exec(
        select(CaseRole).where(CaseRole.person_id == person.id, col(CaseRole.name).is_(None))
    ):
        for key, value in details.items():
            setattr(row, key, value)
        session.add(row)
    recorded = sa.exists().where(
        col(CaseRole.case_id) == col(Case.id), col(CaseRole.role) == APPLICANT
    )
    for case_id in session.exec(select(Case.id).where(Case.applicant_id == person.id, ~recorded)):
        session.add(CaseRole(case_id=case_id, person_id=person.id, role=APPLICANT, **details))
    session.flush()


def _applicant_row(session: Session, case: Case) -> CaseRole | None:
    return session.exec(
        select(CaseRole).where(CaseRole.case_id == case.id, CaseRole.role == APPLICANT)
    ).first()


def record_details(session: Session, *, actor: User, case: Case, person: Person) -> bool:
    """The applicant's details as the clerk typed them, recorded in their case being prepared
    (and in no other); False when the case already says so."""
    _still_editable(case, "修改申请人信息")
    row = _applicant_row(session, case)
    if row is None:
        row = CaseRole(case_id=case.id, person_id=person.id, role=APPLICANT)
    elif _recorded(row) == details_of(person):
        return False
    before = snapshot(row) if row.name is not None else None
    # The name the search index holds is the one recorded (or, with none, not known here).
    renamed = (row.name, row.former_names) != (person.name, person.former_names)
    for key, value in details_of(person).items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    if renamed:
        _index_name(session, case.serial, person, replace=True)
    changed(
        session,
        case,
        actor=actor,
        action="case.applicant",
        before=before,
        entity="case_role",
        entity_id=str(row.id),
        after=snapshot(row),
    )
    return True


# What a correction may change: the details a case records (the identity number, and with it
# sex and birth date, is who the person is; a wrong number is a new intake).
CORRECTABLE = RECORDED_DETAILS


@dataclass(frozen=True)
class Correction:
    """A correction as recorded: the cases it reached and those that keep their details."""

    record: PersonCorrection
    corrected: list[str]  # case numbers
    kept: list[str]  # decided, refused, withdrawn, closed, or with an issued paper


def correct_person(
    session: Session,
    *,
    actor: User,
    identity_number: str,
    changes: dict[str, str | None],
    reason: str,
) -> Correction:
    """Correct a known person's details: an explicit act with its reason, the old and new
    values kept (`PersonCorrection`) and audited. The correction reaches the person's cases
    still open and undecided without an issued paper; a decided, refused, withdrawn or closed
    case, or one a paper was issued for, keeps the details it was decided or printed on."""
    person, old, differing = _correction_of(session, identity_number, changes, reason)
    before_person = snapshot(person)
    now = utc_now()
    _freeze(session, person, old)
    for key, value in differing.items():
        setattr(person, key, value)
    person.updated_at = now
    session.add(person)
    corrected, kept = _correct_cases(session, person, differing, actor)
    record = PersonCorrection(
        person_id=person.id,
        before={k: old[k] for k in differing},
        after=dict(differing),
        reason=reason.strip(),
        cases=corrected,
        kept=kept,
        corrected_by=actor.id,
        corrected_at=now,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="person.correct",
        entity="person",
        entity_id=str(person.id),
        before=before_person,
        after=snapshot(person),
        # The values themselves are the record's (personal data stays out of the trail).
        detail={
            "fields": sorted(differing),
            "correction": str(record.id),
            "cases": len(corrected),
            "kept": len(kept),
        },
        at=now,
    )
    return Correction(record, corrected, kept)


def _correction_of(
    session: Session, identity_number: str, changes: dict[str, str | None], reason: str
) -> tuple[Person, dict[str, Any], dict[str, str | None]]:
    """The person corrected, their details as they were, and what the correction changes;
    refused without a reason, for an unknown person, or when nothing differs."""
    if not reason.strip():
        raise HukouDeskError(text("请写明更正理由。", "Give the reason for the correction."))
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise TypeError(f"correct_person() cannot change {', '.join(unknown)}")
    person = session.exec(select(Person).where(Person.id_number == identity_number)).first()
    if person is None:
        raise NotFound(
            text("本所没有此身份号码的人员记录。", "No person with this identity number here.")
        )
    wanted = {k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}
    if "name" in wanted:
        wanted["name"] = _checked_name(wanted["name"] or "")
    old = details_of(person)
    differing = {k: v for k, v in wanted.items() if (old[k] or "") != (v or "")}
    if not differing:
        raise HukouDeskError(
            text("更正内容与现有记录相同。", "The corrected details are the same as on record.")
        )
    return person, old, differing


def _correct_cases(
    session: Session, person: Person, differing: dict[str, str | None], actor: User
) -> tuple[list[str], list[str]]:
    """The correction carried into the person's open, undecided cases without an issued paper
    (their numbers first), the others left as decided or printed (second)."""
    corrected: list[str] = []
    kept: list[str] = []
    rows = session.exec(
        select(CaseRole, Case)
        .join(Case, col(Case.id) == col(CaseRole.case_id))
        .where(CaseRole.person_id == person.id)
        .order_by(col(Case.serial))
    ).all()
    issued = set(
        session.exec(
            select(IssuedSlip.case_id).where(
                col(IssuedSlip.case_id).in_([case.id for _row, case in rows])
            )
        )
    )
    for row, case in rows:
        if status_of(case) not in OPEN or case.id in issued:
            if case.number not in kept:
                kept.append(case.number)
            continue
        before_row = snapshot(row)
        for key, value in differing.items():
            setattr(row, key, value)
        session.add(row)
        session.flush()
        if row.role == APPLICANT and ("name" in differing or "former_names" in differing):
            _index_name(session, case.serial, as_recorded(person, row), replace=True)
        changed(
            session,
            case,
            actor=actor,
            action="case.correct_person",
            before=before_row,
            entity="case_role",
            entity_id=str(row.id),
            after=snapshot(row),
            detail={"fields": sorted(differing), "role": row.role},
        )
        if case.number not in corrected:
            corrected.append(case.number)
    return corrected, kept


def corrections_of(session: Session, *, person_id: Any) -> list[PersonCorrection]:
    return list(
        session.exec(
            select(PersonCorrection)
            .where(PersonCorrection.person_id == person_id)
            .order_by(col(PersonCorrection.corrected_at))
        ).all()
    )


def _index_name(session: Session, serial: int, person: Person, *, replace: bool = False) -> None:
    if session.get_bind().dialect.name != "sqlite":
        return
    names, initials = name_tokens(person.name, person.former_names)
    if replace:
        session.execute(sa.text("DELETE FROM case_search WHERE rowid = :r"), {"r": serial})
    session.execute(
        sa.text("INSERT INTO case_search (rowid, names, initials) VALUES (:r, :n, :i)"),
        {"r": serial, "n": names, "i": initials},
    )


# --- cases ----------------------------------------------------------------------------------


def _next_number(session: Session, series: str, year: int) -> str:
    """The next number of this PC's series (its counter's identity, `storage.counters`)."""
    counter = session.get(CaseNumberCounter, (series, year))
    if counter is None:
        counter = CaseNumberCounter(station_code=series, year=year, last=0)
    counter.last += 1
    session.add(counter)
    return counters.number(series, year, counter.last)


def _next_serial(session: Session) -> int:
    last = session.exec(select(sa.func.max(Case.serial))).one()
    return (last or 0) + 1


# For a case taken in from another counter (`sync.handover`): its serial and search entry here.
next_serial = _next_serial


def index_name(session: Session, serial: int, person: Person, *, replace: bool = False) -> None:
    _index_name(session, serial, person, replace=replace)


def changed(
    session: Session,
    case: Case,
    *,
    actor: User,
    action: str,
    before: dict[str, Any] | None,
    created: bool = False,
    entity: str = "case",
    entity_id: str | None = None,
    after: Any = None,
    detail: dict[str, Any] | None = None,
    handing_over: bool = False,
) -> None:
    """Every change of a case: a new revision, an audit event, an outbox row, and the
    statistics' rows of the case recomputed. Refused on a case another counter owns (this
    PC's read-only copy, `storage.counters`), except the hand-over that gives it away."""
    if not handing_over:
        counters.refuse_foreign(session, case)
    now = utc_now()
    if not created:
        case.revision += 1
    case.updated_at = now
    session.add(case)
    session.flush()
    stats.refresh(session.connection(), [case.id])
    # The case row as this event leaves it, chained with the event: an edit of the row made
    # outside the desk no longer matches its last event (`changed_behind_the_record`).
    recorded = {**(detail or {}), "case_digest": audit.keyed(session, snapshot(case))}
    audit.record(
        session,
        actor=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id or str(case.id),
        case_id=case.id,
        before=before,
        after=snapshot(case) if after is None else after,
        detail=recorded,
        at=now,
    )
    session.add(Change(case_id=case.id, action=action, revision=case.revision, at=now))


def create_case(
    session: Session,
    *,
    actor: User,
    applicant: Person,
    pathway: Pathway | None,
    facts: Facts,
    application_date: date,
    district: str,
    policy: Policy,
) -> Case:
    """Open a draft case with one document check per document the pathway requires.

    The pathway may be left open (`None`) while the clerk is still hearing the applicant;
    `revise_draft` chooses it later.
    """
    here = station(session)
    now = utc_now()
    case = Case(
        serial=_next_serial(session),
        number=_next_number(session, counters.this_identity(session), application_date.year),
        station_code=here.code,
        counter=counters.this_counter(session),
        pathway_id=pathway.id if pathway else UNDECIDED,
        pathway_version=pathway.version if pathway else 0,
        status=CaseStatus.DRAFT,
        application_date=application_date,
        # The statutory limit in force on the day the application was received.
        clock_limit=policy.plan.time_limits.days(Limit.INVESTIGATION, application_date),
        district=district,
        applicant_id=applicant.id,
        prepared_by=actor.id,
        facts=facts.model_dump(mode="json", exclude_none=True),
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    _sync_checks(session, case, facts, pathway, policy)
    session.add(
        CaseRole(case_id=case.id, person_id=applicant.id, role=APPLICANT, **details_of(applicant))
    )
    session.flush()
    _index_name(session, case.serial, applicant)
    changed(
        session,
        case,
        actor=actor,
        action="case.create",
        before=None,
        created=True,
        detail={"pathway": case.pathway_id, "version": case.pathway_version},
    )
    return case


def _sync_checks(
    session: Session, case: Case, facts: Facts, pathway: Pathway | None, policy: Policy
) -> None:
    """One check per required document: new ones added, findings on kept ones untouched,
    checks the pathway no longer asks for removed (the audit trail keeps what they said)."""
    existing = {
        (c.document_id, c.party): c
        for c in session.exec(select(DocumentCheck).where(DocumentCheck.case_id == case.id))
    }
    needed = required_documents(facts, pathway, case.application_date, policy) if pathway else []
    wanted = {(need.document_id, need.of): need for need in needed}
    for key, check in existing.items():
        if key not in wanted:
            for link in session.exec(
                select(CheckAttachment).where(CheckAttachment.check_id == check.id)
            ):
                session.delete(link)
            session.delete(check)
    for key, need in wanted.items():
        if key in existing:
            continue
        keys = [document_key(d, need.of) for d in need.accepted]
        given = next((facts.documents[k] for k in keys if k in facts.documents), None)
        session.add(
            DocumentCheck(
                case_id=case.id,
                document_id=need.document_id,
                party=need.of,
                state=CheckState(given.value) if given else CheckState.PENDING,
            )
        )
    session.flush()


def status_of(case: Case) -> CaseStatus:
    """The case's status, or DamagedRow if the stored value is none of ours."""
    try:
        return CaseStatus(case.status)
    except ValueError:
        raise DamagedRow(case.number, "status", case.status) from None


def _still_editable(case: Case, what: str, *, states: frozenset[CaseStatus] = EDITABLE) -> None:
    if status_of(case) not in states:
        title = STATUS_TITLES[status_of(case)]
        raise LifecycleError(
            text(
                f"案件处于“{title.zh}”状态，不能再{what}。",
                f"A case that is {title.en} can no longer be changed.",
            )
        )


def revise_draft(
    session: Session,
    *,
    actor: User,
    case: Case,
    facts: Facts,
    pathway: Pathway | None,
    policy: Policy,
    district: str | None = None,
) -> bool:
    """The clerk's latest version of a case still being prepared; False if nothing changed.

    Facts and pathway are replaced, the document checks follow the pathway (the findings
    already recorded stay, and keep speaking for the documents in the facts).
    """
    _still_editable(case, "修改")
    new_facts = facts.model_dump(mode="json", exclude_none=True)
    new_facts["documents"] = dict(case.facts.get("documents", {}))
    if not new_facts["documents"]:
        del new_facts["documents"]
    pathway_id = pathway.id if pathway else UNDECIDED
    version = pathway.version if pathway else 0
    district = district or case.district
    if (new_facts, pathway_id, version, district) == (
        case.facts,
        case.pathway_id,
        case.pathway_version,
        case.district,
    ):
        return False
    before = snapshot(case)
    case.facts = new_facts
    case.district = district
    case.pathway_id, case.pathway_version = pathway_id, version
    _sync_checks(session, case, Facts.model_validate(new_facts), pathway, policy)
    changed(
        session,
        case,
        actor=actor,
        action="case.revise",
        before=before,
        detail={"pathway": pathway_id, "version": version},
    )
    return True


def set_parties(
    session: Session,
    *,
    actor: User,
    case: Case,
    parties: list[tuple[Person, PartyRole, str | None]],
) -> None:
    """Replace who else is in a case being prepared: sponsor, owner, householder, relatives."""
    if status_of(case) not in EDITABLE:
        raise LifecycleError(
            text("案件已提交，不能再修改当事人。", "The case is submitted; its people are fixed.")
        )
    current = list(
        session.exec(
            select(CaseRole).where(CaseRole.case_id == case.id, CaseRole.role != APPLICANT)
        )
    )
    # Each with their details as typed for this case: recorded here, in no other case.
    wanted = {
        (p.id, role.value): (relationship, details_of(p)) for p, role, relationship in parties
    }
    if {(r.person_id, r.role): (r.relationship, _recorded(r)) for r in current} == wanted:
        return
    for row in current:
        session.delete(row)
    session.flush()
    for (person_id, role), (relationship, details) in wanted.items():
        session.add(
            CaseRole(
                case_id=case.id,
                person_id=person_id,
                role=role,
                relationship=relationship,
                **details,
            )
        )
    session.flush()
    changed(
        session,
        case,
        actor=actor,
        action="case.parties",
        before=None,
        entity="case",
        detail={"parties": [[role, rel] for (_p, role), (rel, _d) in wanted.items()]},
    )


def case_by_number(session: Session, number: str) -> Case:
    """The case numbered `number` — or, failing that, the one that had it before its PC became
    a counter (`Case.former_number`, the number on an applicant's old slip)."""
    case = session.exec(select(Case).where(Case.number == number)).first()
    if case is None:
        case = session.exec(
            select(Case).where(Case.former_number == number).order_by(col(Case.serial))
        ).first()
    if case is None:
        raise NotFound(text(f"没有案件编号 {number}。", f"No case numbered {number}."))
    return case


def add_party(
    session: Session,
    *,
    actor: User,
    case: Case,
    person: Person,
    role: PartyRole,
    relationship: str | None = None,
) -> CaseRole:
    party = CaseRole(
        case_id=case.id,
        person_id=person.id,
        role=role,
        relationship=relationship,
        **details_of(person),
    )
    session.add(party)
    session.flush()
    changed(
        session,
        case,
        actor=actor,
        action="case.party",
        before=None,
        entity="case_role",
        entity_id=str(party.id),
        after=snapshot(party),
        detail={"role": role.value, "relationship": relationship},
    )
    return party


def record_check(
    session: Session,
    *,
    actor: User,
    case: Case,
    document_id: str,
    state: CheckState,
    party: str = "applicant",
    answers: dict[str, bool] | None = None,
    note: str = "",
) -> DocumentCheck:
    """The clerk's finding on one document; the case's facts follow it for the engine.

    Findings are what a supervisor decides on: fixed once the case is decided or withdrawn."""
    _still_editable(case, "更改材料核验结果", states=OPEN)
    check = check_of(session, case, document_id=document_id, party=party)
    before = snapshot(check)
    check.state = state
    check.answers = dict(answers or {})
    check.note = note
    check.checked_by = actor.id
    check.checked_at = utc_now()
    session.add(check)
    documents = dict(case.facts.get("documents", {}))
    key = document_key(document_id, party)
    if state is CheckState.PENDING:
        documents.pop(key, None)
    else:
        documents[key] = DocumentStatus(state.value).value
    case.facts = {**case.facts, "documents": documents}
    changed(
        session,
        case,
        actor=actor,
        action="check.record",
        before=before,
        entity="document_check",
        entity_id=str(check.id),
        after=snapshot(check),
        detail={"document": document_id, "state": state.value},
    )
    return check


def check_of(session: Session, case: Case, *, document_id: str, party: str) -> DocumentCheck:
    """One required document of a case (whose: applicant, sponsor, relative:N…)."""
    check = session.exec(
        select(DocumentCheck).where(
            DocumentCheck.case_id == case.id,
            DocumentCheck.document_id == document_id,
            DocumentCheck.party == party,
        )
    ).first()
    if check is None:
        raise NotFound(
            text(
                f"本案不需要材料“{document_id}”。",
                f"The document '{document_id}' is not required for this case.",
            )
        )
    return check


def checks_of(session: Session, case: Case) -> list[DocumentCheck]:
    return list(
        session.exec(
            select(DocumentCheck)
            .where(DocumentCheck.case_id == case.id)
            .order_by(DocumentCheck.document_id, DocumentCheck.party)
        ).all()
    )


def record_evaluation(session: Session, *, actor: User, case: Case, outcome: Outcome) -> Decision:
    decision = Decision(
        case_id=case.id,
        kind=DecisionKind.ENGINE,
        result=outcome.result.value,
        outcome=outcome.to_json(),
        decided_by=actor.id,
        decided_at=utc_now(),
    )
    session.add(decision)
    session.flush()
    changed(
        session,
        case,
        actor=actor,
        action="case.evaluate",
        before=None,
        entity="decision",
        entity_id=str(decision.id),
        after=decision.outcome,
        detail={"result": decision.result},
    )
    return decision


def _document_states(policy: Policy, checks: list[DocumentCheck]) -> list[DocumentState]:
    return [
        DocumentState(
            c.document_id,
            CheckState(c.state),
            policy.documents[c.document_id].name.zh if c.document_id in policy.documents else "",
        )
        for c in checks
    ]


def _finding(session: Session, case: Case) -> Result | None:
    """The engine's finding last recorded on the case, if any."""
    result = session.exec(
        select(Decision.result)
        .where(Decision.case_id == case.id, Decision.kind == DecisionKind.ENGINE)
        .order_by(col(Decision.decided_at).desc())
    ).first()
    try:
        return Result(result) if result is not None else None
    except ValueError:
        raise DamagedRow(case.number, "decision.result", result) from None


def _permit_values(session: Session, case: Case) -> dict[str, str | None]:
    """The values of the essentials of the permit an approval leads to (`APPROVAL_NEEDS`)."""
    applicant = session.get(Person, case.applicant_id)
    assert applicant is not None  # a foreign key
    clerk = session.get(User, case.prepared_by) if case.prepared_by else None
    return {
        "applicant_name": applicant.name,
        "id_number": applicant.id_number,
        "hukou_address": applicant.hukou_address,
        "hukou_office": applicant.hukou_office,
        "destination_address": str((case.facts.get("destination") or {}).get("address") or ""),
        "matter": case.pathway_id,
        "clerk": clerk.display_name if clerk else "",
    }


def _clock(case: Case) -> Clock:
    return Clock(case.clock_limit, case.clock_used, case.clock_running_since)


def act(
    session: Session,
    *,
    actor: User,
    case: Case,
    action: Action,
    today: date,
    calendar: WorkCalendar,
    policy: Policy,
    reasons: str = "",
    outcome: Outcome | None = None,
    recommend: bool | None = None,
    grounds: Sequence[str] = (),
) -> Case:
    """Move a case through its lifecycle, recording the decision that goes with the move.

    The rules are the domain's (`domain.moves.move`): this loads what they read of the case —
    its document checks, for a decision who prepared it, for an approval the plan's finding
    and the permit's essentials, for a refusal the outcome it rests on — and writes what the
    move answers: the status, the clock, the decision and the audit event."""
    status = status_of(case)
    deciding = action in (Action.APPROVE, Action.REFUSE)
    seen = CaseAtMove(
        number=case.number,
        status=status,
        pathway_id=case.pathway_id,
        clock=_clock(case),
        checks=_document_states(policy, checks_of(session, case)),
        finding=_finding(session, case) if action is Action.APPROVE else None,
        judged=_rests_on(session, case) if action is Action.REFUSE else None,
        permit=(
            _permit_values(session, case) if action in (Action.APPROVE, Action.RECOMMEND) else None
        ),
    )
    who = Actor(
        actor.username,
        Role(actor.role),
        makers=makers_of(session, case) if deciding else (),
        credentials_from=password_set_by(session, actor) if deciding else None,
    )
    moved = move(
        seen,
        action,
        who,
        today=today,
        calendar=calendar,
        reasons=reasons,
        outcome=outcome,
        recommend=recommend,
        grounds=grounds,
    )
    before = snapshot(case)
    case.clock_limit, case.clock_used, case.clock_running_since = (
        moved.clock.limit,
        moved.clock.used,
        moved.clock.running_since,
    )
    case.due_on = moved.due_on
    case.status = moved.target
    detail: dict[str, Any] = {"from": moved.source.value, "to": moved.target.value}
    if moved.decision is not None:
        decision = Decision(
            case_id=case.id,
            kind=moved.decision.kind,
            result=moved.decision.result,
            outcome=moved.decision.outcome.to_json() if moved.decision.outcome else {},
            reasons=moved.decision.reasons,
            decided_by=actor.id,
            decided_at=utc_now(),
        )
        session.add(decision)
        session.flush()
        detail["decision"] = str(decision.id)
    if moved.departs_from is not None:
        # Against the plan's finding: the supervisor's reason is the decision's own.
        detail["departs_from"] = moved.departs_from.value
    changed(session, case, actor=actor, action=f"case.{action.value}", before=before, detail=detail)
    return case


def _rests_on(session: Session, case: Case) -> RecordedOutcome | None:
    """The outcome on record a decision now would rest on (`outcome.rests_on`)."""
    return rests_on(
        session.exec(
            select(Decision).where(Decision.case_id == case.id).order_by(col(Decision.decided_at))
        ).all()
    )


def extend_deadline(
    session: Session, *, actor: User, case: Case, calendar: WorkCalendar, reasons: str, to: int
) -> Case:
    """Extend the statutory limit to `to` working days (the rule: `domain.moves.extension`)."""
    extended = extension(
        _clock(case), role=Role(actor.role), reasons=reasons, to=to, calendar=calendar
    )
    before = snapshot(case)
    case.clock_limit = extended.clock.limit
    case.due_on = extended.due_on
    changed(
        session,
        case,
        actor=actor,
        action="case.extend",
        before=before,
        detail={"to": extended.clock.limit},
    )
    return case


# Audit actions by which someone has a hand in preparing a case (maker-checker).
MAKING = (
    "case.create",
    "case.revise",
    "case.applicant",
    "case.parties",
    "case.party",
    "case.evaluate",
    "check.record",
    "check.attach",
    "case.submit",
    "case.recommend",
    "case.request_documents",
    "case.resume",
)


def makers_of(session: Session, case: Case) -> set[str]:
    """The user names of everyone who prepared the case: its clerk, and anyone who revised it,
    checked its documents, attached scans, submitted or recommended it."""
    found = set(
        session.exec(
            select(AuditEvent.actor)
            .where(AuditEvent.case_id == case.id, col(AuditEvent.action).in_(MAKING))
            .distinct()
        )
    )
    preparer = session.get(User, case.prepared_by)
    if preparer is not None:
        found.add(preparer.username)
    return found


def password_set_by(session: Session, user: User) -> str | None:
    """Who last set `user`'s password (the user themself, or an administrator)."""
    return session.exec(
        select(AuditEvent.actor)
        .where(AuditEvent.action == "user.password", AuditEvent.entity_id == str(user.id))
        .order_by(col(AuditEvent.seq).desc())
    ).first()


@dataclass(frozen=True)
class CaseFile:
    """Everything about one case, unmasked: what the clerk sees after opening it."""

    case: Case
    applicant: Person
    parties: list[tuple[CaseRole, Person]]
    checks: list[DocumentCheck]
    decisions: list[Decision]


def open_case(session: Session, *, actor: User | str, number: str) -> CaseFile:
    """Open a case for reading; the look-up itself is an audit event (by a user, or by a
    command-line actor such as 'cli:clerk')."""
    case = case_by_number(session, number)
    registered = session.get(Person, case.applicant_id)
    assert registered is not None  # a foreign key
    applicant = as_recorded(registered, None)
    parties: list[tuple[CaseRole, Person]] = []
    for row, person in session.exec(
        select(CaseRole, Person)
        .join(Person, CaseRole.person_id == Person.id)  # type: ignore[arg-type]
        .where(CaseRole.case_id == case.id)
    ).all():
        if row.role == APPLICANT:
            applicant = as_recorded(person, row)
        else:
            parties.append((row, as_recorded(person, row)))
    decisions = list(
        session.exec(
            select(Decision).where(Decision.case_id == case.id).order_by(col(Decision.decided_at))
        ).all()
    )
    audit.record(
        session,
        actor=actor if isinstance(actor, str) else actor.username,
        action="case.view",
        entity="case",
        entity_id=str(case.id),
        case_id=case.id,
    )
    return CaseFile(case, applicant, parties, checks_of(session, case), decisions)


def record_event(
    session: Session,
    *,
    actor: User,
    action: str,
    case: Case | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """A look-up, a print or an export: recorded, though nothing in the case changed."""
    audit.record(
        session,
        actor=actor.username,
        action=action,
        entity="case" if case else "station",
        entity_id=str(case.id) if case else "-",
        case_id=case.id if case else None,
        detail=detail,
    )


def record_search(session: Session, *, actor: str, query: str, results: int, source: str) -> bool:
    """A search that can name someone is a look-up: audited, the query kept as a digest only.
    An empty query (the plain list) is not; returns whether an event was recorded."""
    from hukou_desk.storage.search import QueryKind, parse_query

    kind = parse_query(query).kind
    if kind is QueryKind.EMPTY:
        return False
    audit.record(
        session,
        actor=actor,
        action="search",
        entity="station",
        entity_id="-",
        after={"query": query},  # stored as a digest: the query may name a person
        detail={"kind": kind.value, "results": results, "from": source},
    )
    return True


def changed_behind_the_record(session: Session, *, limit: int = 20) -> list[str]:
    """Case numbers whose row is not what its last audit event recorded (edited outside the
    desk); cases whose last event predates the recorded digest are not judged."""
    last = (
        select(AuditEvent.case_id, sa.func.max(AuditEvent.seq).label("seq"))
        .where(col(AuditEvent.case_id).is_not(None))
        .group_by(col(AuditEvent.case_id))
        .subquery()
    )
    rows = session.exec(
        select(Case, AuditEvent)
        .join(last, col(last.c.case_id) == col(Case.id))
        .join(AuditEvent, col(AuditEvent.seq) == col(last.c.seq))
    )
    found: list[str] = []
    for case, event in rows:
        recorded = event.detail.get("case_digest") if isinstance(event.detail, dict) else None
        if recorded is not None and not audit.matches(session, str(recorded), snapshot(case)):
            found.append(case.number)
            if len(found) >= limit:
                break
    return found
