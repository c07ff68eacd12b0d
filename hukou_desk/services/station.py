"""The station's own upkeep: backups and restoring one, the audit chain, searches and counts.

A restore replaces the whole case file, so only an administrator may do it; a backup anyone
signed in may take. Searching for a person is a look-up, audited like opening a case.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.exc import OperationalError

from hukou_desk import demo
from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import CaseStatus, Role
from hukou_desk.domain.listing import (
    CaseFilter,
    Count,
    DeadlineCounts,
    Deadlines,
    Due,
    Page,
    Sort,
)
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.staff import Clerk, check_backup_retention, require_role
from hukou_desk.domain.text import text
from hukou_desk.services.counter import Counter, OpenFile, clerk, current_account, database_of
from hukou_desk.storage import (
    accounts,
    audit,
    backup,
    cases,
    driver,
    keyring,
    registry,
    seals,
)
from hukou_desk.storage.attempts import Attempts
from hukou_desk.storage.database import (
    Database,
    claim,
    open_database,
    quick_check,
    storage_errors,
)
from hukou_desk.storage.errors import BackupError
from hukou_desk.storage.models import User, utc_now
from hukou_desk.storage.queries import (
    count_by_status,
    count_cases,
    count_deadlines,
    deadline_cases,
    search_cases,
)
from hukou_desk.storage.settings import load_settings
from hukou_desk.sync import exporting, trail

ADMINS = frozenset({Role.ADMIN})
OVERSIGHT = frozenset({Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class BackupTaken:
    file: Path
    removed: list[Path]


def back_up(counter: Counter, actor: Clerk, *, keep_days: int | None = None) -> BackupTaken:
    """A checked copy of the case file now; backups older than the station's retention
    removed (`keep_days` may keep them longer, never remove them sooner)."""
    with counter.reading(actor) as (session, _me):
        station_keep = load_settings(session).backup_keep_days
    keep = station_keep if keep_days is None else keep_days
    check_backup_retention(keep_days=keep, station_keep_days=station_keep)
    made = backup.make_backup(counter.database, reason="manual")
    removed = backup.prune(counter.database.backups_dir, keep_days=keep)
    with counter.acting(actor) as (session, me):
        cases.record_event(
            session, actor=me, action="backup", detail={"file": made.name, "removed": len(removed)}
        )
    return BackupTaken(made, removed)


def daily_backup(counter: Counter) -> Path | None:
    """Today's backup (the desk takes it at start, off the screen's thread)."""
    with counter.database.read() as session:
        keep_days = load_settings(session).backup_keep_days
    return backup.daily_backup(counter.database, keep_days=keep_days)


RESTORE = text("恢复备份", "restore a backup")


def restore(counter: Counter, actor: Clerk, *, file: Path) -> Path:
    """Put a backup in place of the case file (an administrator's decision); the replaced
    file is kept beside it. The counter's case file is reopened on the restored one."""
    me = counter.account(actor)
    require_role(Role(me.role), ADMINS, RESTORE)
    path, key = counter.database.path, counter.database.key
    with counter.database.read() as session:
        earlier = registry.get(session, registry.PREVIOUS_KEYS) or {}
    counter.database.close()
    try:
        return _restore_file(path, file=file, actor=me, key=key, earlier=earlier)
    finally:
        counter.database = open_database(path, key=key)


def restore_over_damage(path: Path, *, file: Path, username: str, password: str) -> Path:
    """Restore when the case file itself cannot be opened (damaged, or gone): the
    administrator signs in against the backup being restored, as it was when it was taken.
    The attempt counts in the station's one count, whichever file checks the password."""
    counted = Attempts(path)
    key = None
    ring = keyring.path_for(path)
    if ring.exists():
        backup.refuse_plain(file)
        # An encrypted station: the administrator's password opens the key, as at sign-in.
        try:
            key = keyring.Keyring.load(ring).unlock(username, password, attempts=counted).key
        except keyring.KeyringRefused as exc:
            raise accounts.LoginRefused(exc.message) from None
    if not file.is_file() or quick_check(file, key=key) is not None:
        raise BackupError(
            text(f"备份 {file.name} 不能使用。", f"The backup {file.name} cannot be used.")
        )
    with tempfile.TemporaryDirectory(prefix="hukou-desk-restore-") as scratch:
        copy = Path(scratch) / "backup.db"
        shutil.copyfile(file, copy)
        database = open_database(copy, key=key)
        try:
            me = accounts.login(
                database,
                username=username,
                password=password,
                counted=counted,
                slot_opened=key is not None,
            )
            with database.read() as session:
                require_role(Role(current_account(session, clerk(me)).role), ADMINS, RESTORE)
        finally:
            database.close()
    return _restore_file(path, file=file, actor=me, key=key)


def _restore_file(
    path: Path,
    *,
    file: Path,
    actor: User,
    key: bytes | None = None,
    earlier: dict[str, str] | None = None,
) -> Path:
    """(An encrypted station's backups are under its key, or under an `earlier` one from
    before a re-key: the restored file is put under `key`, and still knows the earlier ones.)"""
    earlier = earlier or {}
    claimed = claim(path)  # refused while a window has the file open
    try:
        kept = backup.restore(
            file, path, key=key, earlier=[bytes.fromhex(k) for k in earlier.values()]
        )
    finally:
        claimed.release()
    database = open_database(path, key=key)
    try:
        with database.write() as session:
            if earlier:
                known = registry.get(session, registry.PREVIOUS_KEYS) or {}
                registry.put(session, registry.PREVIOUS_KEYS, {**known, **earlier})
            cases.record_event(
                session,
                actor=actor,
                action="restore",
                detail={"file": file.name, "at": utc_now().isoformat()},
            )
            exporting.begin_epoch(session, actor=actor.username)
    finally:
        database.close()
    return kept


def after_restore(path: Path, *, key: bytes | None = None) -> None:
    """The desk restored the latest backup over a damaged file: the sync continues in a new
    epoch and no case number is given out twice."""
    database = open_database(path, key=key)
    try:
        with database.write() as session:
            exporting.begin_epoch(session, actor="system")
    finally:
        database.close()


class TrainingOnly(HukouDeskError):
    """Demo data asked for in a station's real case file."""


def is_training(file: OpenFile) -> bool:
    """Whether this case file is a training file (demo data, never exported)."""
    return training_file(database_of(file))


def training_file(database: Database) -> bool:
    """Whether this case file is a training file (demo data, never exported)."""
    with database.read() as session:
        marked = registry.get(session, registry.TRAINING)
    return marked is True


def require_demo_rights(counter: Counter, actor: Clerk) -> None:
    """Demo cases into an existing (training) file: an administrator's decision."""
    require_role(Role(counter.account(actor).role), ADMINS, text("添加演示数据", "add demo data"))


def demo_data(
    path: Path,
    *,
    count: int,
    policy: Policy,
    calendar: WorkCalendar,
    today: date,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> demo.Report:
    """Realistic demo cases into the training file at `path`: a new file becomes one (with the
    demo station and staff); a station's real case file is refused, so demo data can never
    reach the centre."""
    new = not path.exists() or path.stat().st_size == 0
    database = open_database(path)
    try:
        database.lock()
        if not new and not training_file(database):
            raise TrainingOnly(
                text(
                    f"{path.name} 是派出所的正式案件数据库，演示数据只能放入培训文件"
                    "（另选一个新文件名，或用 hukou-desk --training 打开培训模式）。",
                    f"{path.name} is a station's real case file; demo data goes only into a "
                    "training file (name a new file, or use hukou-desk --training).",
                )
            )
        if new:
            with database.write() as session:
                registry.put(session, registry.TRAINING, True)
        return demo.generate(
            database,
            count=count,
            policy=policy,
            calendar=calendar,
            today=today,
            seed=seed,
            progress=progress,
        )
    except (driver.OperationalError, OperationalError) as exc:  # a full disk, another writer
        raise storage_errors(exc) from exc
    finally:
        database.close()


def verify_audit(counter: Counter, actor: Clerk) -> audit.Verdict:
    """The audit chain checked end to end (supervisors and administrators)."""
    what = text("核查审计记录", "check the audit trail")
    with counter.acting(actor, roles=OVERSIGHT, what=what) as (session, me):
        verdict = trail.verify(session)
        cases.record_event(
            session,
            actor=me,
            action="audit.verify",
            detail={"intact": verdict.intact, "events": verdict.events},
        )
    return verdict


def adopt_audit(counter: Counter, actor: Clerk, *, reason: str) -> tuple[int, int] | None:
    """An administrator's decision, once the centre has been told: the audit events no seal
    covers are taken on under the station's key, with the reason on the record; the seal names
    the administrator and the centre's import report lists it. None if nothing was unsealed."""
    if not reason.strip():
        raise HukouDeskError(text("请写明认领的理由。", "Give the reason for adopting them."))
    what = text("认领未封签的审计记录", "adopt unsealed audit events")
    with counter.acting(actor, roles=ADMINS, what=what) as (session, me):
        key = counter.database.signing_key()
        if key is None:
            raise HukouDeskError(
                text(
                    "本机没有本所的签名私钥：请先新建签名密钥（新建时即认领这些记录）。",
                    "This PC has no signing key for the station: make a new one first (which "
                    "adopts these events).",
                )
            )
        gaps = seals.adopt(session, key, cases.station(session).code, by=me.username)
        if not gaps:
            return None
        cases.record_event(
            session,
            actor=me,
            action="audit.adopt",
            detail={"stretches": gaps, "reason": reason.strip()[:200]},
        )
    return gaps[0][0], gaps[-1][1]


def search(
    counter: Counter,
    actor: Clerk,
    flt: CaseFilter,
    *,
    sort: Sort = Sort.RECEIVED,
    limit: int = 100,
    source: str,
) -> Page:
    """One page of cases; a search that can name someone is audited (the query as a digest)."""
    with counter.acting(actor) as (session, me):
        page = search_cases(session, flt, sort=sort, limit=limit)
        cases.record_search(
            session, actor=me.username, query=flt.query, results=len(page.rows), source=source
        )
    return page


def next_page(
    counter: Counter,
    actor: Clerk,
    flt: CaseFilter,
    *,
    sort: Sort,
    after: tuple[object, ...] | None,
    limit: int,
) -> Page:
    """A page of the list as the clerk scrolls (the search itself is audited once)."""
    with counter.reading(actor) as (session, _me):
        return search_cases(session, flt, sort=sort, after=after, limit=limit)


def record_search(counter: Counter, actor: Clerk, *, query: str, results: int, source: str) -> None:
    with counter.acting(actor) as (session, me):
        cases.record_search(session, actor=me.username, query=query, results=results, source=source)


def counts(counter: Counter, actor: Clerk) -> dict[CaseStatus, int]:
    with counter.reading(actor) as (session, _me):
        return count_by_status(session)


def count(counter: Counter, actor: Clerk, flt: CaseFilter) -> Count:
    """How many cases a queue with its filters holds (exact up to a cap that is said)."""
    with counter.reading(actor) as (session, _me):
        return count_cases(session, flt)


def deadline_counts(counter: Counter, actor: Clerk, *, on: date) -> DeadlineCounts:
    """Open cases past their time limit and due soon, station-wide: exact counts."""
    with counter.reading(actor) as (session, _me):
        return count_deadlines(session, today=on, calendar=counter.calendar)


def deadlines(
    counter: Counter, actor: Clerk, *, on: date, listed: Due = Due.SOON, limit: int = 200
) -> Deadlines:
    """The first `limit` cases of one deadline queue, with both queues' exact counts."""
    with counter.reading(actor) as (session, _me):
        return deadline_cases(
            session, today=on, calendar=counter.calendar, listed=listed, limit=limit
        )
