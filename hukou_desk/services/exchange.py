"""What travels between the station and the city centre: the export of changed cases, the
centre's acknowledgement, its signing key and its reference data.

Exporting takes any signed-in user (the desk's menu offers it to all); trusting a centre key
and installing reference data change what the station trusts, so they are an
administrator's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from hukou_desk import keys
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import text
from hukou_desk.domain.values import party_label
from hukou_desk.services.counter import Counter
from hukou_desk.services.station import training_file
from hukou_desk.storage import cases, workdays
from hukou_desk.sync import acknowledgement, exporting, reference, status, trust
from hukou_desk.sync.exporting import ExportCancelled, Exported

__all__ = ["ExportCancelled", "Exported"]

ADMINS = frozenset({Role.ADMIN})
ANSWERERS = frozenset({Role.ADMIN, Role.SUPERVISOR})
ANSWER = text("安装中心回执", "install the centre's acknowledgement")
TRUST = text("更改本机信任的中心密钥和参考数据", "change the centre keys and data this PC trusts")


def export(
    counter: Counter,
    actor: Clerk,
    *,
    out: Path,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    received: tuple[date, date] | None = None,
) -> Exported:
    """Everything changed since the centre's acknowledgement (or a period), sealed for the
    centre, written whole to `out`."""
    me = counter.account(actor)
    ready_to_export(counter, actor)
    try:
        exported = exporting.export(
            counter.database,
            actor=me.username,
            out=out,
            progress=progress,
            cancelled=cancelled,
            received=received,
        )
    except exporting.ScanUnreadable as exc:
        # Said in words: the document's name, whose it is (no one's name: the case says who).
        document = counter.policy.documents.get(exc.document_id)
        name = document.name if document else text(exc.document_id, exc.document_id)
        whose = party_label(exc.party)
        state = text("缺失", "missing") if exc.missing else text("已损坏", "damaged")
        raise HukouDeskError(
            text(
                f"案件 {exc.case_number} 的{name.zh}（{whose.zh}）扫描件{state.zh}，"
                "请重新扫描后再导出；本次未导出任何内容。",
                f"The scan of {name.en} ({whose.en}) in case {exc.case_number} is {state.en}: "
                "scan it again, then export; nothing was exported.",
            )
        ) from None
    return exported


def ready_to_export(counter: Counter, actor: Clerk) -> None:
    """Raises what refuses any export from this file (a training file; no centre key yet),
    said before the clerk chooses where the bundle goes."""
    if training_file(counter.database):
        raise HukouDeskError(
            text(
                "这是培训文件：其中的演示数据不会导出到中心。",
                "This is a training file: its demo data is never exported to the centre.",
            )
        )
    with counter.reading(actor) as (session, _me):
        if keys.centre_bundle_key(session) is None:
            raise HukouDeskError(
                text(
                    "本机尚未安装中心公钥（随中心参考数据下发），无法导出。",
                    "The centre's public key is not installed (it comes with the centre's "
                    "reference data); nothing can be exported yet.",
                )
            )


def acknowledge(counter: Counter, actor: Clerk, *, data: bytes) -> int:
    """The centre's signed acknowledgement (or refusal notice): changes up to the returned
    number are held there. A supervisor's or the administrator's: it moves where the next
    export starts."""
    with counter.acting(actor, roles=ANSWERERS, what=ANSWER) as (session, me):
        trusted = keys.trusted_centre(session)
        if trusted is None:
            raise HukouDeskError(
                text(
                    "本机尚未登记中心的签名公钥（trust-centre）。",
                    "This PC does not know the centre's signing key yet (trust-centre).",
                )
            )
        return acknowledgement.acknowledge(session, data, centre_key=trusted, actor=me.username)


def trust_centre(counter: Counter, actor: Clerk, *, public_key: str) -> None:
    with counter.acting(actor, roles=ADMINS, what=TRUST) as (session, me):
        reference.trust_centre(session, public_key=public_key.strip(), actor=me.username)


def install_centre_key(counter: Counter, actor: Clerk, *, public_key: str) -> None:
    with counter.acting(actor, roles=ADMINS, what=TRUST) as (session, me):
        trust.install_centre_key(session, public_key=public_key.strip(), actor=me.username)


def install_reference(counter: Counter, actor: Clerk, *, data: bytes) -> dict[str, int]:
    """The centre's forms, station keys and staff, from its signed reference file."""
    target = counter.database.path.parent / "forms"
    with counter.acting(actor, roles=ADMINS, what=TRUST) as (session, me):
        done = reference.install(session, data, forms_target=target, actor=me.username)
        # The working-day calendar came with it: deadlines that awaited a year are counted now.
        calendar = load_calendar(target)
        done["deadlines_counted"] = len(
            workdays.recount_deadlines(session, actor=me, calendar=calendar)
        )
    counter.calendar = calendar
    return done


def enrolment_requests(counter: Counter, actor: Clerk) -> bytes:
    """The station's pending enrolment requests (its supervisors' and administrators' keys the
    centre has not enrolled), signed by the station, as one file for the centre."""
    from hukou_desk.storage import enrolment

    with counter.acting(actor, roles=ADMINS, what=TRUST) as (session, me):
        signer = keys.own_key(
            session, counter.database.keys_dir, cases.station(session).code, counter.database.key
        )
        data = enrolment.export(session, signer)
        cases.record_event(session, actor=me, action="enrolment.export")
        return data


def station_key(counter: Counter) -> str:
    """This station's public signing key (for the centre's `trust-station`)."""
    with counter.database.write() as session:
        here = cases.station(session)
        return keys.public_text(
            keys.own_key(session, counter.database.keys_dir, here.code, counter.database.key)
        )


def new_station_key(counter: Counter, actor: Clerk) -> str:
    """An administrator's decision: a new signing key (the PC's was lost); the old public key
    stays trusted for what it signed. Returns the new public key, for the centre."""
    with counter.acting(actor, roles=ADMINS, what=TRUST) as (session, me):
        here = cases.station(session)
        key = keys.new_station_key(
            session,
            counter.database.keys_dir,
            station_code=here.code,
            actor=me.username,
            secret=counter.database.key,
        )
        return keys.public_text(key)


def sync_status(counter: Counter, actor: Clerk) -> status.StationSync:
    """Where sync stands at this station (the desk's sync tab): a look, changing nothing."""
    with counter.reading(actor) as (session, _me):
        return status.station_sync(session, today=counter.today())
