"""What each slip says, built from an opened case: fields, tables and sentences, no layout.

A slip that does not fit the case's state (an approval slip for a refused case) is refused
here, with the reason, before anything is drawn.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.checks import LACKING
from hukou_desk.domain.codes import ETHNICITIES, RELATIONSHIPS, SEX
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import STATUS_TITLES, CaseStatus, DecisionKind
from hukou_desk.domain.parties import PartyRole
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.regions import region_name
from hukou_desk.domain.text import text
from hukou_desk.slips.wording import SlipKind, Wording
from hukou_desk.storage.cases import CaseFile
from hukou_desk.storage.models import Person, Station

_CLAUSE = re.compile(r"[一二三四五六七八九]（[一二三四五六七八九十]+）\d*")


class SlipRefused(HukouDeskError):
    """This slip cannot be printed for this case (its state, or a missing glyph)."""


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths


@dataclass(frozen=True)
class Sentence:
    text: str
    strong: bool = False


Block = Table | Sentence


@dataclass(frozen=True)
class Slip:
    kind: SlipKind
    kind_code: str
    title: str
    number: str
    station_code: str
    station_name: str
    station_phone: str
    station_address: str
    fields: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]
    signatures: tuple[str, ...]
    issued_on: date
    reprint_of: date | None = None
    notes: tuple[str, ...] = field(default=())  # the reprint note, the verification hint
    training_mark: str = ""  # printed across every page of a training file's slip

    def printed_text(self) -> str:
        """Every character that will be printed (for the font's glyph check)."""
        parts = [self.title, self.number, self.station_name, self.station_phone]
        parts += [self.station_address, *self.signatures, *self.notes, self.training_mark]
        for label, value in self.fields:
            parts += [label, value]
        for block in self.blocks:
            if isinstance(block, Sentence):
                parts.append(block.text)
            else:
                parts += [
                    block.title,
                    *block.columns,
                    *(cell for row in block.rows for cell in row),
                ]
        return "".join(parts)

    def digest(self) -> str:
        """The first 16 bytes of SHA-256 over the printed content, in hex (for the QR code)."""
        content = asdict(self)
        content.pop("notes")  # the reprint note changes; what was decided does not
        content.pop("reprint_of")
        canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class SlipContext:
    """What a slip needs besides the case."""

    station: Station
    policy: Policy
    wording: Wording
    calendar: WorkCalendar
    complaint_phone: str
    names: dict[uuid.UUID, str]  # user id → display name
    issued_on: date
    reprint_of: date | None = None
    training: bool = False  # a training file's slips are marked as samples


ALLOWED: dict[SlipKind, frozenset[CaseStatus]] = {
    SlipKind.RECEIPT: frozenset(
        {
            CaseStatus.SUBMITTED,
            CaseStatus.RECOMMENDED,
            CaseStatus.APPROVED,
            CaseStatus.REFUSED,
            CaseStatus.CLOSED,
        }
    ),
    SlipKind.MISSING_DOCUMENTS: frozenset(
        {CaseStatus.DRAFT, CaseStatus.NEEDS_DOCUMENTS, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED}
    ),
    SlipKind.APPLICATION_FORM: frozenset(set(CaseStatus) - {CaseStatus.WITHDRAWN}),
    SlipKind.APPROVAL: frozenset({CaseStatus.APPROVED, CaseStatus.CLOSED}),
    SlipKind.REFUSAL: frozenset({CaseStatus.REFUSED}),
}

_KIND_NAMES = {
    SlipKind.RECEIPT: text("受理回执", "acceptance receipt"),
    SlipKind.MISSING_DOCUMENTS: text("补正材料通知书", "notice of missing documents"),
    SlipKind.APPLICATION_FORM: text("户口迁移申请表", "application form"),
    SlipKind.APPROVAL: text("准予迁入证明", "approval slip"),
    SlipKind.REFUSAL: text("不予批准告知书", "refusal notice"),
}


def check_allowed(kind: SlipKind, found: CaseFile) -> None:
    status = CaseStatus(found.case.status)
    name = _KIND_NAMES[kind]
    title = STATUS_TITLES[status]
    if status not in ALLOWED[kind]:
        raise SlipRefused(
            text(
                f"案件 {found.case.number} 处于“{title.zh}”状态，不能打印{name.zh}。",
                f"Case {found.case.number} is {title.en}: no {name.en} can be printed for it.",
            )
        )
    if kind is SlipKind.MISSING_DOCUMENTS and not any(c.state in LACKING for c in found.checks):
        raise SlipRefused(
            text(
                f"案件 {found.case.number} 没有缺少或不符的材料，无需补正通知书。",
                f"Case {found.case.number} has no missing or mismatched document to ask for.",
            )
        )


def _sex(person: Person) -> str:
    return SEX.get(person.sex, text(person.sex, person.sex)).zh


def _relationship(code: str | None) -> str:
    name = RELATIONSHIPS.get(code or "")
    return name.zh if name else (code or "")


def _matter(found: CaseFile, policy: Policy) -> tuple[str, str]:
    """The pathway's title and clause (the matter applied for)."""
    if not found.case.pathway_id:
        return "户口迁入", ""
    pathway = policy.pathway(found.case.pathway_id)
    return pathway.title.zh, pathway.clause


def _with_clause(matter: str, clause: str) -> str:
    return f"{matter}（{clause}）" if clause else matter


def _people(found: CaseFile, *, moving_only: bool) -> list[tuple[str, Person]]:
    """The relatives coming along (relationship, person); with `moving_only`, only those the
    engine allowed when the case was judged."""
    allowed: set[int] | None = None
    if moving_only:
        engine = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.ENGINE), None)
        companions = engine.outcome.get("companions", []) if engine else []
        allowed = {c["index"] for c in companions if c.get("status") == "allowed"}
    numbers = [r.get("id_number") for r in found.case.facts.get("relatives", [])]
    out = []
    for role, person in found.parties:
        if role.role != PartyRole.RELATIVE.value:
            continue
        index = numbers.index(person.id_number) if person.id_number in numbers else -1
        if allowed is None or index in allowed:
            out.append((_relationship(role.relationship), person))
    return out


def _person_row(relationship: str, person: Person, order: str) -> tuple[str, ...]:
    values = {
        "relationship": relationship,
        "name": person.name,
        "id_number": person.id_number,
        "sex": _sex(person),
        "birth": person.birth_date.isoformat(),
        "ethnicity": ETHNICITIES.get(person.ethnicity, person.ethnicity),
    }
    return tuple(values[key] for key in order.split())


def build(kind: SlipKind, found: CaseFile, context: SlipContext) -> Slip:
    check_allowed(kind, found)
    builder = {
        SlipKind.RECEIPT: _receipt,
        SlipKind.MISSING_DOCUMENTS: _missing,
        SlipKind.APPLICATION_FORM: _application,
        SlipKind.APPROVAL: _approval,
        SlipKind.REFUSAL: _refusal,
    }[kind]
    values, blocks = builder(found, context)
    wording = context.wording
    section: Any = wording.section(kind)
    common = wording.common
    notes = [common.verify_note]
    if context.reprint_of is not None:
        notes.insert(0, common.reprint_note.format(original_date=context.reprint_of.isoformat()))
    station = context.station
    none = common.not_given
    return Slip(
        kind=kind,
        kind_code=wording.code(kind),
        title=section.title,
        number=found.case.number,
        station_code=station.code,
        station_name=station.name + common.issuer_suffix,
        station_phone=station.phone,
        station_address=station.address,
        fields=tuple(zip(section.fields, (v or none for v in values), strict=True)),
        blocks=tuple(blocks),
        signatures=tuple(section.signatures),
        issued_on=context.issued_on,
        reprint_of=context.reprint_of,
        notes=tuple(notes),
        training_mark=common.training_mark if context.training else "",
    )


def _whose(party: str, found: CaseFile, names: dict[str, str]) -> str:
    """Whose paper: 申请人, 被投靠人, or one relative coming along by name (随迁人员 张三)."""
    match = re.fullmatch(r"relatives\[(\d+)\]", party)
    if match is None:
        return names.get(party, party)
    index = int(match.group(1))
    relatives = found.case.facts.get("relatives", [])
    name = relatives[index].get("name") if index < len(relatives) else None
    return f"{names['relatives']} {name}" if name else f"{names['relatives']}{index + 1}"


def _documents_table(found: CaseFile, context: SlipContext, *, lacking: bool) -> Table:
    common = context.wording.common
    rows = []
    for check in found.checks:
        if lacking != (check.state in LACKING):
            continue
        document = context.policy.documents.get(check.document_id)
        name = document.name.zh if document else check.document_id
        form = common.forms[document.form] if document else ""
        whose = _whose(check.party, found, common.parties)
        state = common.states.get(check.state, check.state)
        if check.note:
            state = f"{state}：{check.note}"
        rows.append((name, whose, form, state))
    if lacking:
        columns = context.wording.missing_documents.documents_columns
        numbered = tuple((str(i + 1), *row) for i, row in enumerate(rows))
        return Table("", columns, numbered, (0.6, 3.4, 1.4, 2.4, 2.2))
    receipt = context.wording.receipt
    return Table(receipt.documents_title, receipt.documents_columns, tuple(rows), (4, 1.4, 2.4, 2))


def _receipt(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case = found.case
    matter, clause = _matter(found, context.policy)
    promised = case.due_on or context.calendar.add(case.application_date, case.clock_limit)
    wording = context.wording.receipt
    values = [
        case.number,
        found.applicant.name,
        found.applicant.phone,
        _with_clause(matter, clause),
        case.application_date.isoformat(),
        context.issued_on.isoformat(),
        context.names.get(case.prepared_by, ""),
        context.station.phone,
        promised.isoformat(),
    ]
    plan = context.policy.plan.title.zh
    blocks: list[Block] = [
        _documents_table(found, context, lacking=False),
        Sentence(wording.legal_basis.format(plan_title=f"《{plan}》", clause=clause)),
        Sentence(wording.time_limit.format(limit=case.clock_limit)),
        Sentence(wording.complaint.format(complaint_phone=context.complaint_phone)),
    ]
    return values, blocks


def _missing(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case = found.case
    matter, _clause = _matter(found, context.policy)
    wording = context.wording.missing_documents
    deadline = context.issued_on + timedelta(days=wording.supply_within_days)
    values = [
        case.number,
        found.applicant.name,
        matter,
        case.application_date.isoformat(),
        context.names.get(case.prepared_by, ""),
        context.station.phone,
    ]
    blocks: list[Block] = [
        Sentence(wording.intro.format(matter=matter)),
        _documents_table(found, context, lacking=True),
        Sentence(wording.deadline.format(deadline=deadline.isoformat()), strong=True),
    ]
    return values, blocks


def _application(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case, person = found.case, found.applicant
    matter, clause = _matter(found, context.policy)
    wording = context.wording.application_form
    values = [
        case.number,
        person.name,
        person.id_number,
        _sex(person),
        person.birth_date.isoformat(),
        ETHNICITIES.get(person.ethnicity, person.ethnicity),
        person.phone,
        person.hukou_address,
        person.hukou_office,
        person.current_address,
        _with_clause(matter, clause),
        region_name(case.district),
    ]
    blocks: list[Block] = []
    sponsors = [(r, p) for r, p in found.parties if r.role == PartyRole.SPONSOR.value]
    if sponsors:
        role, sponsor = sponsors[0]
        blocks.append(
            Table(
                wording.sponsor_title,
                wording.sponsor_fields,
                ((sponsor.name, sponsor.id_number, _relationship(role.relationship)),),
                (2, 3, 2),
            )
        )
    # The household moved into: its householder and how the applicant stands to them
    # (GB/T 4761; 02 when the applicant heads a new household).
    relation = (case.facts.get("destination") or {}).get("relation_to_householder")
    householders = [(r, p) for r, p in found.parties if r.role == PartyRole.HOUSEHOLDER.value]
    if householders or relation:
        name, number = (
            (householders[0][1].name, householders[0][1].id_number)
            if householders
            else (person.name, person.id_number)
        )
        blocks.append(
            Table(
                wording.householder_title,
                wording.householder_fields,
                ((name, number, _relationship(relation) or context.wording.common.not_given),),
                (2, 3, 2),
            )
        )
    relatives = _people(found, moving_only=False)
    if relatives:
        rows = tuple(
            _person_row(rel, p, "relationship name id_number sex birth ethnicity")
            for rel, p in relatives
        )
        blocks.append(
            Table(wording.relatives_title, wording.people_columns, rows, (2, 2, 3.2, 1, 2, 1.4))
        )
    blocks.append(Sentence(wording.declaration))
    return values, blocks


def _approval(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case, person = found.case, found.applicant
    matter, clause = _matter(found, context.policy)
    wording = context.wording.approval
    approval = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.APPROVAL), None)
    destination = case.facts.get("destination", {}).get("address") or (
        f"{region_name(case.district)}（{context.station.name}辖区）"
    )
    valid_until = context.issued_on + timedelta(days=wording.valid_days)
    values = [
        case.number,
        person.name,
        person.id_number,
        person.hukou_address,
        person.hukou_office,
        destination,
        context.station.name,
        _with_clause(matter, clause),
        context.station.name,
        context.names.get(approval.decided_by, "") if approval else "",
        context.issued_on.isoformat(),
        valid_until.isoformat(),
    ]
    order = "relationship id_number name sex birth"
    rows = [_person_row("本人", person, order)]
    rows += [_person_row(rel, p, order) for rel, p in _people(found, moving_only=True)]
    blocks: list[Block] = [
        Table(wording.people_title, wording.people_columns, tuple(rows), (2, 3.4, 2, 1, 2)),
        Sentence(wording.remarks.format(valid_days=wording.valid_days)),
    ]
    return values, blocks


def _refusal(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case, person = found.case, found.applicant
    matter, _clause = _matter(found, context.policy)
    wording = context.wording.refusal
    refusal = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.REFUSAL), None)
    engine = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.ENGINE), None)
    reasons: list[tuple[str, str]] = []
    criteria: list[str] = []
    for line in engine.outcome.get("criteria", []) if engine else []:
        if line.get("status") == "not_met":
            detail = (line.get("detail") or {}).get("zh")
            criteria.append(line["text"]["zh"])
            reasons.append(
                (line["text"]["zh"] + (f"（{detail}）" if detail else ""), line["clause"])
            )
    if refusal is not None:
        # The supervisor's own words, after the criteria they rest on (not repeating them).
        for said in refusal.reasons.strip().splitlines():
            cleaned = said.strip()
            if cleaned and not any(known in cleaned for known in criteria):
                found_clause = _CLAUSE.search(cleaned)
                reasons.append((cleaned, found_clause.group(0) if found_clause else ""))
    values = [
        case.number,
        person.name,
        person.id_number,
        matter,
        case.application_date.isoformat(),
        refusal.decided_at.date().isoformat() if refusal else context.issued_on.isoformat(),
    ]
    rows = tuple((str(i + 1), said, clause) for i, (said, clause) in enumerate(reasons))
    blocks: list[Block] = [
        Sentence(wording.decision, strong=True),
        Table("", wording.reasons_columns, rows, (0.6, 6.4, 1.6)),
        Sentence(wording.rights),
    ]
    return values, blocks
