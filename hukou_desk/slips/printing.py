"""Printing a slip for a case: content, signed QR code, PDF, and the print in the audit trail.

A second print of the same kind for the same case is a reprint: the same content and the same
issue date (so its QR code verifies as the original), marked 补打 with that date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.clock import CHINA, china_day, china_day_bounds, china_now, china_time
from hukou_desk.domain.lifecycle import CaseStatus, DecisionKind, Role
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.regions import region_name
from hukou_desk.domain.text import Text, text
from hukou_desk.domain.time_limits import Limit, TimeLimits
from hukou_desk.keys import (
    known_keys,
    own_key,
    retired_keys,
    revocations,
    revoked_stations,
)
from hukou_desk.keys import (
    withdrawn as key_withdrawn,
)
from hukou_desk.slips import signing
from hukou_desk.slips.content import (
    Slip,
    SlipContext,
    SlipRefused,
    build,
    check_allowed,
    cn_date,
    permit_valid_until,
    reprint_notes,
    slip_from_content,
)
from hukou_desk.slips.render import render
from hukou_desk.slips.wording import SlipKind, Wording
from hukou_desk.storage import audit, cases, registry
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import (
    AuditEvent,
    Case,
    Decision,
    DocumentNumberCounter,
    IssuedSlip,
    User,
    utc_now,
)
from hukou_desk.storage.settings import load_settings


def print_action(kind: SlipKind) -> str:
    return f"print.{kind.key}"


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    payload: str  # the signed QR code's text ("" on a draft)
    slip: Slip
    case_id: uuid.UUID
    # A preview of a paper not issued yet: no number, no QR code. `issue` gives it both, in
    # the transaction that stores it, before anything is printed.
    draft: bool = False
    valid_until: date | None = None  # a permit's last day

    @property
    def reprint(self) -> bool:
        return self.slip.reprint_of is not None


def issued(session: Session, case_id: uuid.UUID, kind: SlipKind) -> IssuedSlip | None:
    """The paper of this kind in force for the case: issued and not superseded."""
    return session.exec(
        select(IssuedSlip).where(
            IssuedSlip.case_id == case_id,
            IssuedSlip.kind == kind.value,
            col(IssuedSlip.superseded_at).is_(None),
        )
    ).first()


def _accepted_on(session: Session, case: Case) -> date | None:
    """The day the case was accepted (受理): its submission, else its first recommendation."""
    submitted = session.exec(
        select(AuditEvent)
        .where(AuditEvent.case_id == case.id, AuditEvent.action == "case.submit")
        .order_by(col(AuditEvent.seq))
    ).first()
    if submitted is not None:
        return china_day(submitted.at)
    recommended = session.exec(
        select(Decision)
        .where(Decision.case_id == case.id, Decision.kind == DecisionKind.RECOMMENDATION.value)
        .order_by(col(Decision.decided_at))
    ).first()
    return china_day(recommended.decided_at) if recommended else None


def _reissued(session: Session, case_id: uuid.UUID, kind: SlipKind) -> bool:
    """Whether a supervisor decided this paper be issued anew (on the audit trail)."""
    decisions = session.exec(
        select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == "slip.reissue")
    )
    return any(event.detail.get("kind") == kind.value for event in decisions)


def _next_seq(session: Session, station: str, kind: SlipKind, year: int) -> int:
    """The next running number of the station's papers of this kind this year, taken from its
    counter inside the issuing transaction (BEGIN IMMEDIATE): two issues queue for it, and a
    transaction that rolls back gives its number back."""
    counter = session.get(DocumentNumberCounter, (station, kind.value, year))
    if counter is None:
        # The first of its year (or a file issued before the counters): after what is issued.
        last = session.exec(
            select(sa.func.max(IssuedSlip.seq)).where(
                IssuedSlip.station_code == station,
                IssuedSlip.kind == kind.value,
                IssuedSlip.year == year,
            )
        ).one()
        counter = DocumentNumberCounter(
            station_code=station, kind=kind.value, year=year, last=int(last or 0)
        )
    counter.last += 1
    session.add(counter)
    return counter.last


def _check_first_issue(
    kind: SlipKind,
    case: Case,
    approved_on: date | None,
    today: date,
    reissued: bool,
    limits: TimeLimits,
) -> None:
    """A permit is first issued while the case is approved and within the days the applicant
    has to act (90, in force on the approval's day); after that, or for a closed case, only a
    supervisor's reissue."""
    if kind is not SlipKind.APPROVAL:
        return
    if CaseStatus(case.status) is CaseStatus.CLOSED and not reissued:
        raise SlipRefused(
            text(
                f"案件 {case.number} 已办结，未曾签发准予迁入证明，不能新签发。",
                f"Case {case.number} is closed and never had a permit: none is issued now.",
            )
        )
    if approved_on is None or reissued:
        return
    act_within = limits.days(Limit.ACT_WITHIN, approved_on)
    if today > approved_on + timedelta(days=act_within):
        raise SlipRefused(
            text(
                f"案件 {case.number} 批准已逾{act_within}日，准予迁入证明须经审批人决定重新签发。",
                f"Case {case.number} was approved more than {act_within} days ago: "
                "a supervisor must decide to issue the permit anew.",
            )
        )


def make_slip(
    database: Database,
    *,
    kind: SlipKind,
    number: str,
    actor: User | str,
    policy: Policy,
    wording: Wording,
    calendar: WorkCalendar,
    today: date,
) -> Printed:
    """The slip's PDF, ready to preview (opening the case is audited; the print is not yet).

    A paper issued before is reproduced from its stored content and payload (补打), with its
    number; one not issued yet is a draft: its number and QR code are given by `issue`."""
    with database.write() as session:
        found = cases.open_case(session, actor=actor, number=number)
        before = issued(session, found.case.id, kind)
        if before is not None:
            check_allowed(kind, found, reprint=True)
            return _reprint(before, wording, found.case.id)
        slip, valid_until = _first_issue(
            session,
            found,
            kind=kind,
            policy=policy,
            wording=wording,
            calendar=calendar,
            today=today,
            document_number=wording.common.number_pending,
        )
        # No QR code on a draft: the hint to scan one is left out too.
        shown = replace(slip, notes=tuple(n for n in slip.notes if n != wording.common.verify_note))
        pdf = render(shown, "", wording)
    return Printed(pdf, "", slip, found.case.id, draft=True, valid_until=valid_until)


def _reprint(before: IssuedSlip, wording: Wording, case_id: uuid.UUID) -> Printed:
    slip = slip_from_content(
        before.content,
        reprint_of=before.issued_on,
        notes=reprint_notes(wording, before.issued_on),
    )
    pdf = render(slip, before.payload, wording)
    return Printed(pdf, before.payload, slip, case_id, valid_until=before.valid_until)


def _first_issue(
    session: Session,
    found: cases.CaseFile,
    *,
    kind: SlipKind,
    policy: Policy,
    wording: Wording,
    calendar: WorkCalendar,
    today: date,
    document_number: str,
) -> tuple[Slip, date | None]:
    """The paper as it would be issued today, from the case's record, with this number."""
    station = cases.station(session)
    settings = load_settings(session)
    approval = next((d for d in reversed(found.decisions) if d.kind == DecisionKind.APPROVAL), None)
    approved_on = china_day(approval.decided_at) if approval else None
    reissued = _reissued(session, found.case.id, kind)
    _check_first_issue(kind, found.case, approved_on, today, reissued, policy.plan.time_limits)
    context = SlipContext(
        station=station,
        policy=policy,
        wording=wording,
        calendar=calendar,
        complaint_phone=settings.complaint_phone,
        names={u.id: u.display_name for u in session.exec(select(User))},
        issued_on=today,
        training=registry.get(session, registry.TRAINING) is True,
        accepted_on=_accepted_on(session, found.case),
        approved_on=approved_on,
        reissued=reissued,
        document_number=document_number,
        review_body=settings.review_body or default_review_body(station.district),
        court=settings.court or default_court(station.district),
    )
    valid_until = (
        permit_valid_until(today, approved_on, limits=policy.plan.time_limits, reissued=reissued)
        if kind is SlipKind.APPROVAL
        else None
    )
    return build(kind, found, context), valid_until


def issue(
    database: Database,
    *,
    kind: SlipKind,
    number: str,
    actor: User | str,
    policy: Policy,
    wording: Wording,
    calendar: WorkCalendar,
    today: date,
    how: str,
) -> Printed:
    """The paper, ready to go to the printer (`how="printer"`) or into a file (`"file"`), and
    its print on the audit trail — all in one transaction, before anything is printed.

    Not issued yet: it is issued now, with the next number of its station, kind and year, its
    content, digest and signed QR code stored (a failure stores none of it and uses no
    number). Issued before (by this desk or by another at the same time): the same paper again,
    as a reprint (补打) with its number."""
    who = actor if isinstance(actor, str) else actor.username
    with database.write() as session:
        found = cases.open_case(session, actor=actor, number=number)
        before = issued(session, found.case.id, kind)
        if before is not None:
            check_allowed(kind, found, reprint=True)
            printed = _reprint(before, wording, found.case.id)
        else:
            printed = _issue_new(
                session,
                database,
                found,
                kind=kind,
                who=who,
                policy=policy,
                wording=wording,
                calendar=calendar,
                today=today,
            )
        _audit_print(session, printed, who=who, how=how)
    return printed


def _issue_new(
    session: Session,
    database: Database,
    found: cases.CaseFile,
    *,
    kind: SlipKind,
    who: str,
    policy: Policy,
    wording: Wording,
    calendar: WorkCalendar,
    today: date,
) -> Printed:
    station = cases.station(session)
    key = own_key(session, database.keys_dir, station.code, database.key)
    seq = _next_seq(session, station.code, kind, today.year)
    document_number = wording.common.document_number.format(
        station=station.code,
        abbreviation=wording.section(kind).abbreviation,
        year=today.year,
        seq=f"{seq:05d}",
    )
    slip, valid_until = _first_issue(
        session,
        found,
        kind=kind,
        policy=policy,
        wording=wording,
        calendar=calendar,
        today=today,
        document_number=document_number,
    )
    moment = china_now()
    claim = signing.Claim(
        station=station.code,
        number=found.case.number,
        kind_code=slip.kind_code,
        issued_on=slip.issued_on,
        digest=slip.digest(),
        year=today.year,
        seq=seq,
        issued_at=time(moment.hour, moment.minute),  # the minute, on China's clock
    )
    payload = signing.sign(claim, key)
    pdf = render(slip, payload, wording)  # a text the font cannot print: nothing is issued
    session.add(
        IssuedSlip(
            case_id=found.case.id,
            kind=kind.value,
            station_code=station.code,
            year=today.year,
            seq=seq,
            document_number=document_number,
            issued_on=slip.issued_on,
            valid_until=valid_until,
            issued_by=who,
            content=slip.content(),
            digest=slip.digest(),
            payload=payload,
        )
    )
    return Printed(pdf, payload, slip, found.case.id, valid_until=valid_until)


def default_review_body(district: str) -> str:
    """Where a station's decision is appealed, when the settings do not say: the people's
    government of its county-level unit (江门市蓬江区人民政府, 台山市人民政府)."""
    return f"{_county(district)}人民政府"


def default_court(district: str) -> str:
    return f"{_county(district)}人民法院"


def _county(district: str) -> str:
    name = region_name(district)
    return name if name.endswith("市") else f"江门市{name}"


def record_print(database: Database, printed: Printed, *, actor: User | str, how: str) -> None:
    """Another print of an issued paper (补打) on the audit trail: what, which content, how.
    A draft is never recorded: `issue` makes it a paper first."""
    if printed.draft:
        raise ValueError("a draft is issued (slips.printing.issue) before it is printed")
    who = actor if isinstance(actor, str) else actor.username
    with database.write() as session:
        _audit_print(session, printed, who=who, how=how)


def _audit_print(session: Session, printed: Printed, *, who: str, how: str) -> None:
    slip = printed.slip
    audit.record(
        session,
        actor=who,
        action=print_action(slip.kind),
        entity="case",
        entity_id=str(printed.case_id),
        case_id=printed.case_id,
        detail={
            "digest": slip.digest(),
            "issued_on": slip.issued_on.isoformat(),
            "document_number": slip.document_number,
            "reprint": printed.reprint,
            "how": how,
        },
    )


def reissue(session: Session, *, actor: User, case: Case, kind: SlipKind, reasons: str) -> None:
    """A supervisor's decision that the paper in force be issued anew (a lapsed permit): the
    old one is superseded, on the record with the reasons; the next print is a new issue."""
    if Role(actor.role) not in (Role.SUPERVISOR, Role.ADMIN):
        raise SlipRefused(text("只有审批人可以决定重新签发。", "Only a supervisor may reissue."))
    if not reasons.strip():
        raise SlipRefused(text("请写明重新签发的理由。", "Give the reasons for the reissue."))
    current = issued(session, case.id, kind)
    if current is None and not (
        kind is SlipKind.APPROVAL and CaseStatus(case.status) is CaseStatus.APPROVED
    ):
        raise SlipRefused(text("没有可重新签发的文书。", "There is no paper to issue anew."))
    if current is not None:
        current.superseded_at = utc_now()
        current.superseded_by = actor.username
        current.superseded_reason = reasons.strip()
        session.add(current)
    # The decision itself is on the audit trail (a permit never printed in time has no row).
    audit.record(
        session,
        actor=actor.username,
        action="slip.reissue",
        entity="case",
        entity_id=str(case.id),
        case_id=case.id,
        detail={"kind": kind.value, "reasons": reasons.strip()},
    )


def print_slip(
    database: Database,
    *,
    kind: SlipKind,
    number: str,
    actor: User | str,
    policy: Policy,
    wording: Wording,
    calendar: WorkCalendar,
    today: date,
    how: str = "file",
) -> Printed:
    """The paper issued (or reprinted) and its print recorded (the command line's `print`)."""
    return issue(
        database,
        kind=kind,
        number=number,
        actor=actor,
        policy=policy,
        wording=wording,
        calendar=calendar,
        today=today,
        how=how,
    )


def approved_on(session: Session, day: date) -> list[str]:
    """Case numbers approved on `day` (China's day of the decision), oldest first."""
    from hukou_desk.storage.models import Case

    start, end = china_day_bounds(day)
    rows = session.exec(
        select(Case.number)
        .join(Decision, col(Decision.case_id) == col(Case.id))
        .where(
            Decision.kind == DecisionKind.APPROVAL.value,
            col(Decision.decided_at) >= start,
            col(Decision.decided_at) < end,
        )
        .order_by(sa.asc(col(Decision.decided_at)))
    ).all()
    return list(dict.fromkeys(rows))


def verify_payload(session: Session, payload: str, *, actor: str | None = None) -> signing.Checked:
    """Check a slip's QR payload against the stations this PC knows; with an `actor`, the
    check is recorded in the audit trail (station and verdict only)."""
    checked = signing.verify(payload, known_keys(session), retired_keys(session))
    claim = checked.claim
    # The station's revocation, or that of the one counter whose key signed (a lost PC).
    since = _withdrawn(session, checked)
    # Issued after the key was withdrawn; or, by an old code naming only the day, on the
    # very day — which cannot be told apart, so it is not taken as valid.
    if (
        checked.verdict is signing.Verdict.VALID
        and claim is not None
        and since is not None
        and revoked_at_issue(claim, since) is not False
    ):
        checked = signing.Checked(signing.Verdict.REVOKED, claim, checked.signer, checked.key)
    if actor is not None:
        audit.record(
            session,
            actor=actor,
            action="slip.verify",
            entity="station",
            entity_id=checked.claim.station if checked.claim else "-",
            detail={"verdict": checked.verdict.value},
        )
    return checked


def _withdrawn(session: Session, checked: signing.Checked) -> datetime | None:
    """When the key that signed was withdrawn: its station's, or its counter's alone."""
    if checked.claim is None:
        return None
    return key_withdrawn(session, checked.signer or checked.claim.station, checked.key)


def revoked_at_issue(claim: signing.Claim, withdrawn: datetime) -> bool | None:
    """Whether the station's key was already withdrawn when the paper was issued: by the
    minute on a second-version code; by the day on a first-version one, None on the same day
    (it cannot tell)."""
    if claim.issued_at is not None:
        issued = datetime.combine(claim.issued_on, claim.issued_at, tzinfo=CHINA)
        return issued >= china_time(withdrawn).replace(second=0, microsecond=0)
    day = china_day(withdrawn)
    return None if claim.issued_on == day else claim.issued_on > day


@dataclass(frozen=True)
class Standing:
    """What a slip's QR code says, checked: what the paper is (kind, 文号, case, issue), then
    its state in words — valid, lapsed on…, voided by the reissue of… on…, revoked from… —
    from the signature's verdict and what this PC's record knows of the paper today."""

    verdict: signing.Verdict
    claim: signing.Claim | None
    said: Text  # what the paper is, then its state
    on_record: bool = False
    # in_force, on_record, not_on_record (valid); lapsed, superseded, revoked, revoked_same_day,
    # tampered, unknown_station, not_a_slip
    status: str = "not_on_record"
    what: Text = field(default_factory=lambda: text("", ""))
    state: Text = field(default_factory=lambda: text("", ""))

    @property
    def valid(self) -> bool:
        return self.status in VALID_STATES


VALID_STATES = frozenset({"in_force", "on_record", "not_on_record"})


def _masked(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 2, 1) + (name[-1:] if len(name) > 2 else "")


def _what(
    claim: signing.Claim, wording: Wording, row: IssuedSlip | None, now: str | None = None
) -> Text:
    """The paper the code names: its kind, 文号, case and issue, before any verdict."""
    kind = wording.kind_of(claim.kind_code)
    title = (
        wording.section(kind).title if kind is not None else f"（未知文书类型 {claim.kind_code}）"
    )
    en_title = kind.value if kind is not None else f"(unknown kind {claim.kind_code})"
    if claim.seq and kind is not None:
        number = wording.common.document_number.format(
            station=claim.station,
            abbreviation=wording.section(kind).abbreviation,
            year=claim.year,
            seq=f"{claim.seq:05d}",
        )
    elif row is not None:
        number = row.document_number
    else:
        number = ""
    minute = f" {claim.issued_at:%H:%M}" if claim.issued_at is not None else ""
    # A paper issued before its case was renumbered (its PC made a counter): both numbers.
    case_zh = claim.number if now in (None, claim.number) else f"{claim.number}（现编号 {now}）"
    case_en = claim.number if now in (None, claim.number) else f"{claim.number} (now {now})"
    zh = f"{title}{f'（{number}）' if number else ''}，案件 {case_zh}，"
    zh += f"{cn_date(claim.issued_on)}{minute} 由派出所 {claim.station} 签发"
    en = f"{en_title}{f' {number}' if number else ''}, case {case_en}, issued by station "
    en += f"{claim.station} on {claim.issued_on.isoformat()}{minute}"
    if row is not None:
        applicant = _masked(str(row.content.get("applicant_name", "")))
        zh += f"，申请人 {applicant}"
        en += f", applicant {applicant}"
    return text(zh, en)


def _record_of(session: Session, claim: signing.Claim) -> IssuedSlip | None:
    return session.exec(
        select(IssuedSlip)
        .join(Case, col(Case.id) == col(IssuedSlip.case_id))
        .where(
            # or the number the case had before its PC became a counter (a paper issued then)
            sa.or_(col(Case.number) == claim.number, col(Case.former_number) == claim.number),
            IssuedSlip.station_code == claim.station,
            IssuedSlip.digest == claim.digest,
        )
    ).first()


def standing(
    session: Session, checked: signing.Checked, *, today: date, wording: Wording
) -> Standing:
    """What the paper is, then its state in words, with the record's account of it."""
    claim = checked.claim
    verdict = checked.verdict
    if verdict is signing.Verdict.NOT_A_SLIP or claim is None:
        state = text(
            "无效：这不是本系统出具的二维码。", "Not valid: not a slip code of this system."
        )
        return Standing(verdict, claim, state, status="not_a_slip", state=state)
    if verdict is signing.Verdict.TAMPERED:
        what = _what(claim, wording, None)
        state = text(
            "无效：签名与内容不符，本件可能被篡改或伪造。",
            "Not valid: the signature does not match; altered or forged.",
        )
        said = text(f"二维码声称：{what.zh}。{state.zh}", f"The code claims: {what.en}. {state.en}")
        return Standing(verdict, claim, said, status="tampered", what=what, state=state)
    if verdict is signing.Verdict.UNKNOWN_STATION:
        what = _what(claim, wording, None)
        status, state = _unknown_station(session, claim)
        said = text(f"{what.zh}。{state.zh}", f"{what.en}. {state.en}")
        return Standing(verdict, claim, said, status=status, what=what, state=state)
    row = _record_of(session, claim)
    case = session.get(Case, row.case_id) if row is not None else None
    what = _what(claim, wording, row, case.number if case is not None else None)
    if verdict is signing.Verdict.REVOKED:
        status, state = _revoked(session, checked, claim)
        said = text(f"{what.zh}。{state.zh}", f"{what.en}. {state.en}")
        return Standing(verdict, claim, said, status=status, what=what, state=state)
    if row is None or wording.kind_of(claim.kind_code) is None:
        state = text(
            "签名有效。本机没有这份文书的签发记录，无法核对其现状。",
            "Signature valid. This PC has no record of the paper, so its state cannot be checked.",
        )
        said = text(f"{what.zh}。{state.zh}", f"{what.en}. {state.en}")
        return Standing(verdict, claim, said, status="not_on_record", what=what, state=state)
    status, state = _on_record(session, row, today)
    said = text(f"{what.zh}。{state.zh}", f"{what.en}. {state.en}")
    return Standing(verdict, claim, said, on_record=True, status=status, what=what, state=state)


def _unknown_station(session: Session, claim: signing.Claim) -> tuple[str, Text]:
    """A paper signed by a station this PC holds no key of: revoked, or not known here."""
    if claim.station in revoked_stations(session):
        status = "revoked"
        state = text(
            f"无效：派出所 {claim.station} 的密钥已被撤销。",
            f"Not valid: station {claim.station}'s key was revoked.",
        )
    else:
        status = "unknown_station"
        state = text(
            f"无法核验：本机没有派出所 {claim.station} 的公钥。",
            f"Cannot check: this PC has no key for station {claim.station}.",
        )
    return status, state


def _revoked(session: Session, checked: signing.Checked, claim: signing.Claim) -> tuple[str, Text]:
    """A paper signed by a key since revoked: void if issued after, in doubt the same day."""
    moment = _withdrawn(session, checked) or revocations(session)[claim.station]
    withdrawn_at = china_time(moment)
    since = f"{cn_date(withdrawn_at.date())} {withdrawn_at:%H:%M}"
    # The station's key, or one counter's (440703001-02: a lost PC of the station).
    signer = checked.signer if checked.signer and "-" in checked.signer else None
    whose_zh = f"柜台 {signer}" if signer else f"派出所 {claim.station}"
    whose_en = f"counter {signer}" if signer else f"station {claim.station}"
    if revoked_at_issue(claim, withdrawn_at) is None:
        status = "revoked_same_day"
        state = text(
            f"不能确认：{whose_zh} 的密钥自 {since} 起被撤销，本件为同日签发的"
            "旧版二维码，未载签发时刻，请向签发机关核实。",
            f"Cannot confirm: {whose_en}'s key was revoked from "
            f"{withdrawn_at:%Y-%m-%d %H:%M}, the day this old-version code was issued, and "
            "it does not say the time; ask the issuing station.",
        )
    else:
        status = "revoked"
        state = text(
            f"无效：{whose_zh} 的密钥自 {since} 起被撤销，本件签发于撤销之后。",
            f"Not valid: {whose_en}'s key was revoked from "
            f"{withdrawn_at:%Y-%m-%d %H:%M}; this was issued after that.",
        )
    return status, state


def _on_record(session: Session, row: IssuedSlip, today: date) -> tuple[str, Text]:
    """A paper on this PC's record: void (issued anew), lapsed, in force, or valid."""
    status = "on_record"
    if row.superseded_at is not None:
        status = "superseded"
        voided = cn_date(china_day(row.superseded_at))
        successor = session.exec(
            select(IssuedSlip).where(
                IssuedSlip.case_id == row.case_id,
                IssuedSlip.kind == row.kind,
                col(IssuedSlip.superseded_at).is_(None),
            )
        ).first()
        if successor is not None:
            state = text(
                f"作废：已由 {cn_date(successor.issued_on)} 重新签发的 "
                f"{successor.document_number} 取代（{voided} 决定重新签发）。",
                f"Void: replaced by the reissue of {successor.document_number} on "
                f"{successor.issued_on.isoformat()} (decided {voided}).",
            )
        else:
            state = text(
                f"作废：审批人已于 {voided} 决定重新签发，本件作废。",
                f"Void: a supervisor decided on {voided} that it be issued anew.",
            )
    elif row.valid_until is not None and today > row.valid_until:
        status = "lapsed"
        state = text(
            f"已过期：有效期至 {cn_date(row.valid_until)}，已于 "
            f"{cn_date(row.valid_until + timedelta(days=1))} 失效。",
            f"Lapsed: valid until {row.valid_until.isoformat()}, no longer from "
            f"{(row.valid_until + timedelta(days=1)).isoformat()}.",
        )
    elif row.valid_until is not None:
        status = "in_force"
        state = text(
            f"有效：签名与签发记录一致，今日在有效期内（自 {cn_date(row.issued_on)} 至 "
            f"{cn_date(row.valid_until)}）。",
            f"Valid: as on record, in force today ({row.issued_on.isoformat()} to "
            f"{row.valid_until.isoformat()}).",
        )
    else:
        state = text("有效：签名与签发记录一致。", "Valid: the signature matches the record.")
    return status, state
