"""The city centre's work: its keys, the stations it trusts, checking and importing their
bundles, its reference data, and the cases kept in two versions.

The centre's database is not a station case file and has no desk accounts: the operator is
named by the caller (`cli:<system user>` from the command line) in the centre's audit trail.
"""

from __future__ import annotations

import getpass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hukou_desk import keys
from hukou_desk.domain.clock import CHINA, china_today
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.files import write_whole
from hukou_desk.paths import forms_dir
from hukou_desk.storage import counters, registry
from hukou_desk.sync import acknowledgement as acks
from hukou_desk.sync import importing, reference, status, trust
from hukou_desk.sync.bundle import Sealed, open_bundle
from hukou_desk.sync.centre import open_target
from hukou_desk.sync.importing import Report
from hukou_desk.sync.manifest import Manifest

__all__ = ["Report"]


def operator() -> str:
    """Who runs a centre command: the system account, as `cli:<name>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container
        return "cli"


def init_keys(folder: Path) -> tuple[str, str]:
    """The centre's bundle key (X25519) and signing key (Ed25519): their public halves."""
    key, signer = keys.make_centre_keys(folder)
    return keys.public_text(key), keys.public_text(signer)


def trust_station(
    target: str, *, station: str, public_key: str, replaces_key: str | None = None
) -> None:
    """A counter's key (`station` is its identity, 440703001-02, or a station's code), typed
    in: added beside its station's other counters; one the centre holds for that identity is
    replaced only when `replaces_key` names it (audited)."""
    from hukou_desk.services import registration

    database = open_target(target)
    try:
        with database.write() as session:
            held = keys.known_keys(session).get(station)
            if held is not None and held != public_key.strip() and replaces_key != held:
                raise registration.RegistrationRefused(
                    text(
                        f"中心已登记 {station} 的另一把密钥：不予登记，原密钥未动。若确需替换，"
                        f"核实后用 --replaces {held} 明确指明旧密钥。",
                        f"The centre holds another key for {station}: not registered, the key "
                        "held left as it is. To replace it, check, then name the old key: "
                        f"--replaces {held}.",
                    )
                )
            trust.trust(session, station=station, public_key=public_key, actor=operator())
            if held is not None and held != public_key.strip():
                from hukou_desk.storage import audit

                audit.record(
                    session,
                    actor=operator(),
                    action="station.key_replace",
                    entity="station",
                    entity_id=station,
                    detail={"old": held, "new": public_key.strip()},
                )
    finally:
        database.close()


def trust_station_file(
    target: str, *, data: bytes, replaces_key: str | None = None
) -> dict[str, Any]:
    """A counter's signed registration file (`services.registration`): checked, its key
    trusted beside its station's other counters'; replacing a key held for the same counter
    only with `replaces_key` naming it. Returns the registration."""
    from hukou_desk.services import registration

    database = open_target(target)
    try:
        with database.write() as session:
            return registration.trust(session, data, actor=operator(), replaces_key=replaces_key)
    finally:
        database.close()


def verify_bundle(target: str, *, data: Sealed, key_file: Path) -> Manifest:
    """The manifest of a bundle that opens, checks and verifies here (nothing imported)."""
    key = keys.centre_bundle_private(key_file)
    database = open_target(target)
    try:
        with database.read() as session:
            known = keys.known_keys(session)
    finally:
        database.close()
    return Manifest.read(open_bundle(data, centre_key=key, station_keys=known).manifest)


def import_bundle(
    target: str,
    *,
    data: Sealed,
    key_file: Path,
    files: Path | None,
    acknowledgement: Path | None,
) -> Report:
    """A station's bundle imported whole (or refused); with `acknowledgement`, the centre's
    signed word for the station is written there: what it holds and the cases it keeps for
    review — or, when the bundle was refused, why (a refusal notice the station installs)."""
    key = keys.centre_bundle_private(key_file)
    database = open_target(target)
    try:
        try:
            report = importing.import_bundle(
                database,
                data,
                centre_key=key,
                files_dir=files or Path(str(database.attachments_dir)),
                actor=operator(),
            )
        except importing.ImportRefused as exc:
            if acknowledgement is None:
                raise
            _answer(database, key_file, acknowledgement, exc.station, refused=exc.refusal)
            said = exc.message
            raise importing.ImportRefused(
                text(
                    f"{said.zh}\n已写出给该所的拒收通知：{acknowledgement}",
                    f"{said.en}\nA refusal notice for the station was written: {acknowledgement}",
                ),
                station=exc.station,
                refusal=exc.refusal,
            ) from None
        if acknowledgement is not None:
            _answer(database, key_file, acknowledgement, report.station, refused=None)
        return report
    finally:
        database.close()


def _answer(
    database: Any, key_file: Path, out: Path, station: str, *, refused: dict[str, Any] | None
) -> None:
    """The centre's signed word for `station`, written to `out` and recorded."""
    signer = keys.centre_signing_private(key_file.parent)
    with database.read() as session:
        held_audit = trust.imported_audit(session, station)
        held = [c["case"] for c in importing.open_conflicts(session) if c["station"] == station]
        seq = registry.get(session, registry.IMPORTED_SEQ.entry(station)) or 0
    word = Report(station, seq, seq)
    write_whole(out, acks.acknowledgement(word, held_audit, signer, held=held, refused=refused))
    with database.write() as session:
        status.record_acknowledgement(session, station, seq, refused is not None)


def centre_status(target: str, *, today: date | None = None) -> list[status.CentreStation]:
    """Every station: its last bundle and acknowledgement, overdue or not, held or refused."""
    database = open_target(target)
    try:
        with database.read() as session:
            return status.centre_status(session, today=today or china_today())
    finally:
        database.close()


def set_reminder_days(target: str, days: int) -> None:
    """After how many days without the centre's word a station's desk reminds (sent with the
    reference data)."""
    if not 1 <= days <= 90:
        raise HukouDeskError(
            text("提醒天数须在 1 至 90 之间。", "The reminder takes 1 to 90 days.")
        )
    database = open_target(target)
    try:
        with database.write() as session:
            registry.put(session, registry.REMINDER_DAYS, days)
    finally:
        database.close()


def enrol(target: str, *, data: bytes) -> list[dict[str, Any]]:
    """Enrol the persons' keys a station asks for (its enrolment request file): each checked
    against the station's registered key and the person's own; returns what was enrolled.
    The stations learn it from the next reference data."""
    from hukou_desk.storage import enrolment

    requests = enrolment.read_requests(data)
    database = open_target(target)
    try:
        with database.write() as session:
            known = keys.known_keys(session)
            return [
                enrolment.enrol(session, one, station_keys=known, actor=operator())
                for one in requests
            ]
    finally:
        database.close()


def make_reference(target: str, *, folder: Path, forms: Path | None) -> bytes:
    signer = keys.centre_signing_private(folder)
    bundle_key = keys.public_text(keys.centre_bundle_private(folder / keys.CENTRE_BUNDLE_KEY_FILE))
    database = open_target(target)
    try:
        with database.read() as session:
            return reference.build(
                session, forms=forms or forms_dir(), signing_key=signer, bundle_key=bundle_key
            )
    finally:
        database.close()


def make_update(
    bundle: Path,
    *,
    folder: Path,
    out: Path,
    version: str | None = None,
    platform: str | None = None,
) -> Any:
    """A frozen bundle (`make package`) as an update package signed with the centre's key.

    The version, platform and schema head are the bundle's own (its `release.json`, written
    by the build): `version` and `platform`, when given, only confirm them."""
    from hukou_desk.domain.errors import HukouDeskError
    from hukou_desk.domain.text import text
    from hukou_desk.sync import update

    said = update.bundle_release(bundle)
    confirming = ((version, said.version, "version"), (platform, said.platform, "platform"))
    for asked, found, what in confirming:
        if asked is not None and asked != found:
            raise HukouDeskError(
                text(
                    f"程序包自述的{'版本' if what == 'version' else '平台'}是 {found}，"
                    f"不是 {asked}；未签名。",
                    f"The bundle says its {what} is {found}, not {asked}; nothing was signed.",
                )
            )
    return update.build(
        bundle,
        out=out,
        version=said.version,
        schema_head=said.schema_head,
        signing_key=keys.centre_signing_private(folder),
        platform=said.platform or None,
        executable=said.executable,
    )


def statistics(
    target: str, filters: Any, *, forms: Path | None = None, today: date | None = None
) -> Any:
    """The city's figures, from the centre's database: every station's cases."""
    from hukou_desk.domain.loader import load_policy
    from hukou_desk.domain.text import text
    from hukou_desk.services.statistics import Names, compose

    policy = load_policy(forms or forms_dir())
    database = open_target(target)
    try:
        with database.read() as session:
            return compose(
                session.connection(),
                filters,
                today=today or china_today(),
                names=Names(policy, {}),
                scope=text("江门市（全市）", "Jiangmen (the whole city)"),
            )
    finally:
        database.close()


def conflicts(target: str) -> list[dict[str, Any]]:
    database = open_target(target)
    try:
        with database.read() as session:
            return importing.open_conflicts(session)
    finally:
        database.close()


def revoke_station(target: str, *, station: str, reason: str, since: str | None = None) -> None:
    """Withdraw a station's key (a closed station), or one counter's (`440703001-02`, a lost
    or stolen PC: the key it holds alone, the station's other counters untouched): its
    bundles are refused from now on, its slips issued from `since` (China's clock,
    `YYYY-MM-DD HH:MM`; now if not given) verify as revoked, here and — through the reference
    data — at every station."""
    if not reason.strip():
        raise HukouDeskError(text("请写明撤销理由。", "Give the reason for the revocation."))
    try:
        counters.parse(station)
    except counters.CounterRefused as exc:
        raise HukouDeskError(exc.message) from None
    at = None
    if since is not None:
        try:
            at = datetime.strptime(since.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=CHINA)
        except ValueError:
            raise HukouDeskError(
                text(
                    f"撤销时间“{since}”无效：请写成 YYYY-MM-DD HH:MM（北京时间）。",
                    f"The time '{since}' is not valid: write it YYYY-MM-DD HH:MM (China's clock).",
                )
            ) from None
    database = open_target(target)
    try:
        with database.write() as session:
            trust.revoke(session, station=station, actor=operator(), reason=reason.strip(), at=at)
    finally:
        database.close()
