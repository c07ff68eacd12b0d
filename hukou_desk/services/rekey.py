"""Taking a person's access away: the case file re-keyed when a user is disabled, or when the
recovery sheet is declared lost (a new recovery secret), so that a kept copy of the old keyring
and the old password (or the old sheet) open neither the live file nor any backup made after.

The work on the files is `storage.rekey` (one step a power cut cannot leave half done); here it
is decided what the new keyring holds: every remaining slot sealed to the new key (their
passwords do not change), the recovery slot too — or a new one, whose secret is shown once.
The open case file is switched to the new key in place, so every screen holding it goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import col, select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.staff import Clerk, require_role
from hukou_desk.domain.text import text
from hukou_desk.services.counter import Counter
from hukou_desk.storage import audit, backup, keyring, registry
from hukou_desk.storage import rekey as files
from hukou_desk.storage.database import Database
from hukou_desk.storage.keyring import RECOVERY, Keyring
from hukou_desk.storage.models import User


@dataclass(frozen=True)
class Rekeyed:
    """What the administrator is told: a new recovery secret (shown once) if one was made,
    and the staff whose slot could not follow (a slot from before format 2)."""

    recovery_secret: str | None
    without_slot: list[str]


def rekey(
    database: Database,
    *,
    actor: str,
    reason: str,
    without: Iterable[str] = (),
    new_recovery: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Rekeyed:
    """A new key for the encrypted case file `database` (switched to it in place); the slots
    of `without` dropped; with `new_recovery`, a new recovery secret."""
    if database.key is None:
        raise HukouDeskError(text("案件数据库未加密。", "The case file is not encrypted."))
    old_key, path = database.key, database.path
    ring = Keyring.load(keyring.path_for(path))
    new_key = keyring.new_key()
    dropped = frozenset(without) | frozenset(stale_slots(database))  # any disabled since
    new_ring, left_out = ring.resealed(new_key, path=ring.path, without=dropped)
    secret = None
    if new_recovery or RECOVERY not in new_ring.slots:
        secret = new_ring.new_recovery(new_key)
    before = ring.slots.get(RECOVERY)
    changed_recovery = before is None or new_ring.slots[RECOVERY].public != before.public
    with database.write() as session:  # the old key kept inside: its backups restore
        earlier = registry.get(session, registry.PREVIOUS_KEYS) or {}
        earlier[keyring.key_id(old_key)] = old_key.hex()
        registry.put(session, registry.PREVIOUS_KEYS, earlier)
    database.engine.dispose()
    try:
        files.rekey(
            path,
            old_key=old_key,
            new_key=new_key,
            new_ring=new_ring,
            resealed_sidecars=changed_recovery,
            progress=progress,
        )
    finally:
        # Whatever happened, the open file follows the key its keyring now holds.
        files.settle(path)
        current = Keyring.load(keyring.path_for(path)).key_id
        database.switch_key(new_key if current == keyring.key_id(new_key) else old_key)
    with database.write() as session:
        audit.record(
            session,
            actor=actor,
            action="casefile.rekey",
            entity="station",
            entity_id="-",
            detail={
                "reason": reason,
                "slots_removed": sorted(dropped),
                "new_recovery_secret": secret is not None,
                "staff_without_slot": left_out,
            },
        )
    backup.make_backup(database, reason="rekeyed")  # the first backup under the new key
    return Rekeyed(secret, left_out)


def stale_slots(database: Database) -> list[str]:
    """Users whose slot is still in the keyring though their account is disabled or gone: a
    disabling a power cut interrupted before its re-key."""
    if database.key is None:
        return []
    ring = Keyring.load(keyring.path_for(database.path))
    with database.read() as session:
        active = set(session.exec(select(User.username).where(col(User.active))))
    return [name for name in ring.users() if name not in active]


def finish_disabling(database: Database, *, actor: str) -> None:
    """At a sign-in: a disabling that did not reach its re-key is finished now."""
    stale = stale_slots(database)
    recovery = Keyring.load(keyring.path_for(database.path)).slots.get(RECOVERY) if stale else None
    # Never a new recovery secret nobody is shown: a slot from before format 2 waits for the
    # administrator's next disabling, which shows it.
    if stale and recovery is not None and recovery.resealable:
        rekey(database, actor=actor, reason="disabled", without=stale)


def new_recovery_secret(
    counter: Counter, actor: Clerk, *, progress: Callable[[str], None] | None = None
) -> str:
    """The administrator declares the recovery sheet lost: a new secret (shown once), the case
    file re-keyed so the old sheet opens neither it nor the backups made under its key."""
    me = counter.account(actor)
    require_role(Role(me.role), {Role.ADMIN}, text("更换恢复密钥", "replace the recovery secret"))
    done = rekey(
        counter.database,
        actor=me.username,
        reason="recovery sheet lost",
        new_recovery=True,
        progress=progress,
    )
    assert done.recovery_secret is not None
    return done.recovery_secret
