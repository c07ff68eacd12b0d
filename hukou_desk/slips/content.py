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

from hukou_desk.domain.calendar import CalendarNotInstalled, WorkCalendar
from hukou_desk.domain.checks import LACKING
from hukou_desk.domain.clock import china_day
from hukou_desk.domain.codes import ETHNICITIES, RELATIONSHIPS, SEX
from hukou_desk.domain.engine import RESULT_NAMES, Result
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import (
    STATUS_TITLES,
    CaseStatus,
    DecisionKind,
    departs_from_finding,
)
from hukou_desk.domain.outcome import RecordedOutcome, render_line, rests_on
from hukou_desk.domain.papers import ESSENTIALS, require
from hukou_desk.domain.parties import PartyRole
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.regions import region_name
from hukou_desk.domain.text import text
from hukou_desk.domain.time_limits import Limit, TimeLimits
from hukou_desk.slips.wording import SlipKind, Wording
from hukou_desk.storage.cases import CaseFile
from hukou_desk.storage.models import Decision, Person, Station

_TAG = re.compile(r"\s*\[([一二三四五六七八九]（[一二三四五六七八九十]+）\d*)\]\s*")


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
    document_number: str = ""  # 文号, given at the first issue
    applicant_name: str = ""  # on every page's header, with the case number
    parts: tuple[str, ...] = ()  # the 联 printed one after another (存根联, …); () one copy

    def printed_text(self) -> str:
        """Every character that will be printed (for the font's glyph check)."""
        parts = [self.title, self.number, self.station_name, self.station_phone]
        parts += [self.station_address, *self.signatures, *self.notes, self.training_mark]
        parts += self.parts
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

    def content(self) -> dict[str, Any]:
        """What was issued, as JSON: everything but the reprint's note and date."""
        content = asdict(self)
        content.pop("notes")  # the reprint note changes; what was decided does not
        content.pop("reprint_of")
        loaded: dict[str, Any] = json.loads(json.dumps(content, ensure_ascii=False, default=str))
        return loaded

    def digest(self) -> str:
        """The first 16 bytes of SHA-256 over the printed content, in hex (for the QR code)."""
        canonical = json.dumps(self.content(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def slip_from_content(
    content: dict[str, Any], *, reprint_of: date | None, notes: tuple[str, ...]
) -> Slip:
    """An issued slip back from its stored content (a reprint says exactly the same)."""
    blocks: list[Block] = []
    for block in content["blocks"]:
        if "columns" in block:
            blocks.append(
                Table(
                    block["title"],
                    tuple(block["columns"]),
                    tuple(tuple(row) for row in block["rows"]),
                    tuple(block["widths"]),
                )
            )
        else:
            blocks.append(Sentence(block["text"], block["strong"]))
    return Slip(
        kind=SlipKind(content["kind"]),
        kind_code=content["kind_code"],
        title=content["title"],
        number=content["number"],
        station_code=content["station_code"],
        station_name=content["station_name"],
        station_phone=content["station_phone"],
        station_address=content["station_address"],
        fields=tuple((label, value) for label, value in content["fields"]),
        blocks=tuple(blocks),
        signatures=tuple(content["signatures"]),
        issued_on=date.fromisoformat(content["issued_on"]),
        reprint_of=reprint_of,
        notes=notes,
        training_mark=content["training_mark"],
        document_number=content["document_number"],
        applicant_name=content["applicant_name"],
        parts=tuple(content.get("parts", ())),  # papers issued before the 联 were one copy
    )


def cn_date(day: date) -> str:
    """A date as Chinese papers write it: 2026年11月29日."""
    return f"{day.year}年{day.month}月{day.day}日"


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
    accepted_on: date | None = None  # the day the case was accepted (受理), from the record
    approved_on: date | None = None  # the day of the approval, from the record
    reissued: bool = False  # a supervisor decided a lapsed permit be issued anew
    document_number: str = ""
    review_body: str = ""  # where a refusal may be appealed (行政复议机关)
    court: str = ""  # and sued (人民法院)


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


def check_allowed(kind: SlipKind, found: CaseFile, *, reprint: bool = False) -> None:
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
    if (
        kind is SlipKind.MISSING_DOCUMENTS
        and not reprint
        and not any(c.state in LACKING for c in found.checks)
    ):
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


def _judged(found: CaseFile) -> RecordedOutcome | None:
    """The outcome the case's verdict rests on (`outcome.rests_on`); before a verdict, the
    latest on the record."""
    verdict = next(
        (
            d
            for d in reversed(found.decisions)
            if d.kind in (DecisionKind.APPROVAL, DecisionKind.REFUSAL)
        ),
        None,
    )
    return rests_on(found.decisions, verdict)


def _allowed_relatives(found: CaseFile, policy: Policy | None) -> set[int] | None:
    """Which relatives (by index) were judged free to come along: from the outcome on the
    record, else judged now from the case's recorded facts (and then frozen with the paper)."""
    judged = _judged(found)
    if judged is not None:
        return judged.allowed_relatives()
    if policy is None or found.case.pathway_id not in {p.id for p in policy.pathways}:
        return None
    from hukou_desk.domain.engine import CompanionStatus, evaluate
    from hukou_desk.domain.facts import Facts

    outcome = evaluate(
        Facts.model_validate(found.case.facts),
        policy.pathway(found.case.pathway_id),
        found.case.application_date,
        policy,
    )
    return {c.index for c in outcome.companions if c.status is CompanionStatus.ALLOWED}


def _people(
    found: CaseFile, *, moving_only: bool, policy: Policy | None = None
) -> list[tuple[str, Person]]:
    """The relatives coming along (relationship, person); with `moving_only`, only those
    judged free to come along."""
    allowed = _allowed_relatives(found, policy) if moving_only else None
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
        "birth": cn_date(person.birth_date),
        "ethnicity": ETHNICITIES.get(person.ethnicity, person.ethnicity),
    }
    return tuple(values[key] for key in order.split())


def destination_address(facts: dict[str, Any]) -> str:
    """The detailed address moved into, as the clerk took it ("" when not taken)."""
    return str((facts.get("destination") or {}).get("address") or "").strip()


def build(kind: SlipKind, found: CaseFile, context: SlipContext) -> Slip:
    check_allowed(kind, found)
    # No paper with a blank essential (domain/papers.py): each named, and where it is entered.
    name = _KIND_NAMES[kind]
    require(
        ESSENTIALS[kind.value],
        {
            "applicant_name": found.applicant.name,
            "id_number": found.applicant.id_number,
            "hukou_address": found.applicant.hukou_address,
            "hukou_office": found.applicant.hukou_office,
            "destination_address": destination_address(found.case.facts),
            "matter": found.case.pathway_id,
            "clerk": context.names.get(found.case.prepared_by, ""),
        },
        text(f"不能出具{name.zh}", f"No {name.en} can be issued"),
    )
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
        notes.insert(0, common.reprint_note.format(original_date=cn_date(context.reprint_of)))
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
        document_number=context.document_number,
        applicant_name=found.applicant.name,
        parts=tuple(section.parts),
    )


def reprint_notes(wording: Wording, original: date) -> tuple[str, ...]:
    common = wording.common
    return (common.reprint_note.format(original_date=cn_date(original)), common.verify_note)


def _whose(party: str, found: CaseFile, names: dict[str, str]) -> str:
    """Whose paper: 申请人, 被投靠人, or one relative coming along by name (随迁人员 张三)."""
    match = re.fullmatch(r"relatives\[(\d+)\]", party)
    if match is None:
        return names.get(party, party)
    index = int(match.group(1))
    relatives = found.case.facts.get("relatives", [])
    name = relatives[index].get("name") if index < len(relatives) else None
    return f"{names['relatives']} {name}" if name else f"{names['relatives']}{index + 1}"


def _alternatives(document_id: str, party: str, found: CaseFile, policy: Policy) -> list[str]:
    """The papers that would do instead (出生医学证明, or 收养证 or 亲属关系证明)."""
    from hukou_desk.domain.engine import required_documents
    from hukou_desk.domain.facts import Facts

    if not found.case.pathway_id or found.case.pathway_id not in {p.id for p in policy.pathways}:
        return []
    facts = Facts.model_validate(found.case.facts)
    pathway = policy.pathway(found.case.pathway_id)
    for need in required_documents(facts, pathway, found.case.application_date, policy):
        if need.document_id == document_id and need.of == party:
            return list(need.alternatives)
    return []


def _documents_table(found: CaseFile, context: SlipContext, *, lacking: bool) -> Table:
    common = context.wording.common
    rows = []
    for check in found.checks:
        if lacking != (check.state in LACKING):
            continue
        document = context.policy.documents.get(check.document_id)
        name = document.name.zh if document else check.document_id
        if lacking:
            others = [
                context.policy.documents[a].name.zh
                for a in _alternatives(check.document_id, check.party, found, context.policy)
                if a in context.policy.documents
            ]
            if others:
                name = f"{name}（或{'、'.join(others)}）"
        form = common.forms[document.form] if document else ""
        whose = _whose(check.party, found, common.parties)
        state = common.states.get(check.state, check.state)
        if check.note:
            state = f"{state}：{check.note}"
        rows.append((name, whose, form, state))
    if lacking:
        columns = context.wording.missing_documents.documents_columns
        numbered = tuple((str(i + 1), *row) for i, row in enumerate(rows))
        return Table("", columns, numbered, (0.7, 2.9, 2.2, 2.7, 1.5))
    receipt = context.wording.receipt
    # 所属 wide enough for "随迁人员" and a three-character name on one line (a name is not
    # broken between lines: 陈 / 一宝 reads as two people).
    widths = (3.4, 2.2, 2.4, 1.8)
    return Table(receipt.documents_title, receipt.documents_columns, tuple(rows), widths)


def _receipt(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case = found.case
    matter, clause = _matter(found, context.policy)
    # Accepted (受理) the day the case was submitted; the promise counts working days from it.
    accepted = context.accepted_on or case.application_date
    try:
        promised = cn_date(context.calendar.add(accepted, case.clock_limit))
    except CalendarNotInstalled:  # the next year's holidays are not installed: no guessed day
        promised = f"自受理之日起 {case.clock_limit} 个工作日内"
    wording = context.wording.receipt
    values = [
        case.number,
        found.applicant.name,
        found.applicant.phone,
        _with_clause(matter, clause),
        cn_date(case.application_date),
        cn_date(accepted),
        context.names.get(case.prepared_by, ""),
        context.station.phone,
        promised,
    ]
    plan = context.policy.plan.title.zh
    blocks: list[Block] = [
        _documents_table(found, context, lacking=False),
        Sentence(wording.legal_basis.format(plan_title=f"《{plan}》", clause=clause)),
        Sentence(wording.time_limit.format(limit=case.clock_limit)),
        Sentence(wording.complaint.format(complaint_phone=context.complaint_phone)),
        Sentence(wording.copies),
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
        cn_date(case.application_date),
        context.names.get(case.prepared_by, ""),
        context.station.phone,
        cn_date(context.issued_on),
    ]
    blocks: list[Block] = [
        Sentence(wording.intro.format(matter=matter)),
        _documents_table(found, context, lacking=True),
        Sentence(wording.deadline.format(deadline=cn_date(deadline)), strong=True),
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
        cn_date(person.birth_date),
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
            Table(
                wording.relatives_title,
                wording.people_columns,
                rows,
                (2.0, 1.8, 3.2, 0.8, 2.4, 1.2),
            )
        )
    blocks.append(Sentence(wording.declaration))
    return values, blocks


def permit_valid_until(
    issued_on: date, approved_on: date | None, *, limits: TimeLimits, reissued: bool
) -> date:
    """The permit's last day: its validity in force on its issue day (40 days), and never past
    the days the applicant has from the approval to act (90, in force on the approval's day) —
    unless a supervisor decided to issue it anew."""
    until = issued_on + timedelta(days=limits.days(Limit.PERMIT_VALID, issued_on))
    if approved_on is not None and not reissued:
        act_within = limits.days(Limit.ACT_WITHIN, approved_on)
        until = min(until, approved_on + timedelta(days=act_within))
    return until


def _approval(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case, person = found.case, found.applicant
    matter, clause = _matter(found, context.policy)
    wording = context.wording.approval
    approval = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.APPROVAL), None)
    approved_on = context.approved_on or (china_day(approval.decided_at) if approval else None)
    # The destination as an address: the district, then the street and number the clerk took
    # (never blank: `build` refuses a permit without it).
    address = destination_address(case.facts)
    district = region_name(case.district)
    destination = address if district in address else f"{district}{address}"
    valid_until = permit_valid_until(
        context.issued_on,
        approved_on,
        limits=context.policy.plan.time_limits,
        reissued=context.reissued,
    )
    values = [
        context.document_number or case.number,
        person.name,
        person.id_number,
        person.hukou_address,
        person.hukou_office,
        destination,
        context.station.name,
        _with_clause(matter, clause),
        context.station.name,
        # 承办人 the clerk who took the case, 审批人 the supervisor who approved it.
        context.names.get(case.prepared_by, ""),
        context.names.get(approval.decided_by, "") if approval else "",
        cn_date(context.issued_on),
        f"自{cn_date(context.issued_on)}起至{cn_date(valid_until)}止",
    ]
    order = "relationship id_number name sex birth"
    rows = [_person_row("本人", person, order)]
    rows += [
        _person_row(rel, p, order)
        for rel, p in _people(found, moving_only=True, policy=context.policy)
    ]
    blocks: list[Block] = [
        Table(wording.people_title, wording.people_columns, tuple(rows), (1.8, 3.4, 1.8, 0.8, 2.6)),
    ]
    departure = _departure(found, approval)
    if departure is not None:
        finding, reasons = departure
        blocks.append(Sentence(wording.departure.format(finding=finding, reasons=reasons)))
    blocks += [
        Sentence(
            wording.remarks.format(
                valid_from=cn_date(context.issued_on), valid_until=cn_date(valid_until)
            )
        ),
        Sentence(wording.copies),
    ]
    return values, blocks


def _departure(found: CaseFile, approval: Decision | None) -> tuple[str, str] | None:
    """The plan's finding and the supervisor's reason, when the approval departs from the
    engine's finding recorded before it (the law's decision rests on the reason then)."""
    if approval is None:
        return None
    engine = next(
        (
            d
            for d in reversed(found.decisions)
            if d.kind == DecisionKind.ENGINE and d.decided_at <= approval.decided_at
        ),
        None,
    )
    if engine is None or not departs_from_finding(Result(engine.result)):
        return None
    return RESULT_NAMES[Result(engine.result)].zh, " ".join(approval.reasons.split())


def _refusal(found: CaseFile, context: SlipContext) -> tuple[list[str], list[Block]]:
    case, person = found.case, found.applicant
    matter, _clause = _matter(found, context.policy)
    wording = context.wording.refusal
    refusal = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.REFUSAL), None)
    judged = _judged(found)
    # The criteria the refusal rests on, as the supervisor marked them (a refusal recorded
    # before they were marked: those the engine found unmet), each with its clause.
    grounds = [render_line(line, "zh") for line in judged.ground_lines] if judged else []
    reasons = [(said.said(), said.clause) for said in grounds]
    # The supervisor's own words, beyond the criteria they rest on (not repeating them): said
    # below the table, whose every row names its clause. An older release's screen began each
    # line with a clause tag ([二（三）1]): left off, never read as a clause.
    criteria = [said.text for said in grounds]
    opinion = [
        cleaned
        for said in (refusal.reasons.strip().splitlines() if refusal is not None else [])
        if (cleaned := _TAG.sub("", said).strip(" ：:；;"))
        and not any(known in cleaned for known in criteria)
    ]
    decided = china_day(refusal.decided_at) if refusal else context.issued_on
    values = [
        case.number,
        person.name,
        person.id_number,
        matter,
        cn_date(case.application_date),
        cn_date(decided),
    ]
    rows = tuple((str(i + 1), said, clause) for i, (said, clause) in enumerate(reasons))
    rights = wording.rights.format(
        review_body=context.review_body or "上一级公安机关或本级人民政府",
        court=context.court or "人民法院",
    )
    blocks: list[Block] = [
        Sentence(wording.decision, strong=True),
        Table("", wording.reasons_columns, rows, (0.6, 6.4, 1.6)),
        *([Sentence(wording.opinion.format(reasons="；".join(opinion)))] if opinion else []),
        Sentence(rights),
        Sentence(wording.copies),
    ]
    return values, blocks
