"""The station's audit trail checked whole, as `hukou-desk audit verify` does.

In order, the first problem found is the verdict:
1. the chain itself: every event links to the one before and the head kept in the settings;
2. the seals (`storage.seals`): every event under a seal of the station's key, contiguous from
   the first, each ending on the event whose hash it names — an append, a rewrite or a
   truncation made without the key shows here;
3. the centre's last acknowledgement, signed by the centre: the chain still reaches the event
   it names, with the hash it names (nobody at the station can move this anchor);
4. the signatures (`storage.ledger`): every act that counts signed by its actor's own key,
   every decision by a key the centre enrolled (`storage.enrolment`);
5. every recorded row (cases, persons, roles, findings, scans and their links, decisions,
   papers, corrections, accounts, keys, settings): each still what its last signed version
   says.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from hukou_desk import keys
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, cases, enrolment, ledger, registry, seals
from hukou_desk.storage.models import AuditEvent
from hukou_desk.sync.acknowledgement import read_acknowledgement
from hukou_desk.sync.bundle import BundleRefused


def verify(session: Session) -> audit.Verdict:
    verdict = audit.verify(session)
    if not verdict.intact:
        return verdict
    events = verdict.events
    code = cases.station(session).code
    if events == 0:  # setting the station up is itself on the record
        return audit.Verdict(
            0,
            1,
            text("审计记录为空：全部记录被删除", "the trail is empty: every event was deleted"),
        )
    if code in keys.known_keys(session) or seals.last(session) is not None:
        problem = seals.check(session, code, keys.station_signed(session, code))
        if problem is not None:
            return audit.Verdict(events, problem.at, problem.what)
    against_centre = _against_acknowledgement(session, events)
    if against_centre is not None:
        return against_centre
    signed = ledger.check_signatures(
        session, code, enrolled=lambda row: enrolment.is_enrolled(session, row)
    )
    if signed is not None:
        return audit.Verdict(events, signed.at, signed.what)
    edited = cases.changed_behind_the_record(session)
    if edited:
        shown = "、".join(edited[:5])
        return audit.Verdict(
            events,
            0,
            text(
                f"案件 {shown} 的记录在本软件之外被改动，与其最后一条审计记录不符。",
                f"Cases {shown} were changed outside the desk: they no longer match their "
                "last audit event.",
            ),
        )
    rows = ledger.check_rows(session)
    if rows is not None:
        return audit.Verdict(events, rows.at, rows.what)
    return verdict


def _against_acknowledgement(session: Session, events: int) -> audit.Verdict | None:
    stored = registry.get(session, registry.ACKNOWLEDGEMENT)
    centre = keys.trusted_centre(session)
    recorded = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "sync.acknowledged")
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()
    if stored is None and recorded is not None:
        return audit.Verdict(
            events,
            recorded.seq,
            text(
                f"第 {recorded.seq} 条记录收到的中心回执已不在本机：回执被删除",
                f"the centre's acknowledgement received at event {recorded.seq} is no longer "
                "kept here: it was deleted",
            ),
        )
    if stored is None or centre is None:
        return None
    try:
        ack = read_acknowledgement(keys.unb64url(stored), centre_key=centre)
    except (BundleRefused, ValueError):
        return audit.Verdict(
            events,
            1,
            text(
                "本机保存的中心回执不是中心签发的：记录被篡改",
                "the centre's acknowledgement kept here is not the centre's: tampering",
            ),
        )
    if ack.audit_to == 0:
        return None
    event = session.get(AuditEvent, ack.audit_to)
    if event is None:
        return audit.Verdict(
            events,
            ack.audit_to,
            text(
                f"中心回执确认已收到第 {ack.audit_to} 条记录，本机现仅有 {events} 条：记录被删除",
                f"the centre acknowledged event {ack.audit_to}; the trail here has {events}: "
                "events were deleted",
            ),
        )
    if ack.audit_hash is not None and event.hash != ack.audit_hash:
        return audit.Verdict(
            events,
            ack.audit_to,
            text(
                f"第 {ack.audit_to} 条记录与中心回执确认的不同：审计链被改写",
                f"event {ack.audit_to} is not the one the centre acknowledged: the trail was "
                "rewritten",
            ),
        )
    return None
