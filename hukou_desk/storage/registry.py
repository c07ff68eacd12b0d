"""Every row of the `setting` table, declared and typed here, and only here.

Each is an `Entry` (one key) or a `Family` (one key per name, such as a station code), with how
its stored text is read and written: the station settings an administrator tunes (validated in
`storage.settings`), the audit chain's head, the sync's sequence numbers, the centre's keys,
the trust list of station keys, and the revoked stations. No other module touches the table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlmodel import Session, col, select

from hukou_desk.storage.models import Setting

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One setting: its key, and how its stored text is read and written."""

    key: str
    parse: Callable[[str], T]
    show: Callable[[T], str] = str


@dataclass(frozen=True)
class Family(Generic[T]):
    """One setting per name (a station code) under a prefix, e.g. `slipkey.440703001`."""

    prefix: str
    parse: Callable[[str], T]
    show: Callable[[T], str] = str
    suffix: str = ""

    def entry(self, name: str) -> Entry[T]:
        return Entry(f"{self.prefix}{name}{self.suffix}", self.parse, self.show)


def get(session: Session, entry: Entry[T]) -> T | None:
    row = session.get(Setting, entry.key)
    return None if row is None else entry.parse(row.value)


def put(session: Session, entry: Entry[T], value: T) -> None:
    session.merge(Setting(key=entry.key, value=entry.show(value)))


def drop(session: Session, entry: Entry[T]) -> None:
    row = session.get(Setting, entry.key)
    if row is not None:
        session.delete(row)


def members(session: Session, family: Family[T]) -> dict[str, T]:
    """Every name in the family with its value."""
    rows = session.exec(select(Setting).where(col(Setting.key).startswith(family.prefix))).all()
    found: dict[str, T] = {}
    for row in rows:
        name = row.key.removeprefix(family.prefix)
        if family.suffix:
            if not name.endswith(family.suffix):
                continue
            name = name.removesuffix(family.suffix)
        found[name] = family.parse(row.value)
    return found


def _head(value: str) -> tuple[int, str]:
    seq, _, hash_ = value.partition(":")
    return int(seq), hash_


def _show_head(value: tuple[int, str]) -> str:
    return f"{value[0]}:{value[1]}"


def _moment(value: str) -> datetime:
    """A revocation time. Early versions wrote the word "revoked": read as the epoch."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)


def _iso(value: datetime) -> str:
    return value.isoformat()


def _record(value: str) -> dict[str, Any]:
    found = json.loads(value)
    return found if isinstance(found, dict) else {}


def _show_record(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# The audit chain's last event (sequence and hash): a removed tail shows against it.
AUDIT_HEAD = Entry("audit.head", _head, _show_head)
# The station's secret that keys the audit trail's digests (hex; never exported).
AUDIT_DIGEST_KEY = Entry("audit.digest_key", str)
# At a station: the centre's last signed acknowledgement as received (base64url). It names
# the station's last audit event the centre holds and that event's hash: the chain must still
# reach it, unchanged (an anchor nobody at the station can move).
ACKNOWLEDGEMENT = Entry("sync.acknowledgement", str)
# At a station: the centre's X25519 key bundles are sealed to, and its Ed25519 signing key,
# the one trust anchor for reference data and acknowledgements.
CENTRE_BUNDLE_KEY = Entry("sync.centre_key", str)
CENTRE_SIGNING_KEY = Entry("sync.centre_signing_key", str)
# At a station: the last export made, and the last change the centre acknowledged holding.
EXPORTED_SEQ = Entry("sync.exported_seq", int)
EXPORTED_AUDIT = Entry("sync.exported_audit_seq", int)
ACKNOWLEDGED_SEQ = Entry("sync.acknowledged_seq", int)
ACKNOWLEDGED_AUDIT = Entry("sync.acknowledged_audit_seq", int)
# At the centre: per station, the last change and audit event imported, and the station's
# epoch (a station restored from a backup continues in a new one).
IMPORTED_SEQ = Family("sync.", int, suffix=".seq")
IMPORTED_AUDIT = Family("sync.", int, suffix=".audit")
IMPORTED_EPOCH = Family("sync.", int, suffix=".epoch")
# Where sync stands, shown in the desk and by `centre-status` (no personal data: counts, times,
# file names, case numbers and the centre's reasons). At a station: the last export made, the
# centre's last word (an acknowledgement, perhaps naming cases held for review or a bundle
# refused), and after how many days without one the desk reminds (the centre's, from its
# reference data). At the centre, per station: the last bundle imported, the last
# acknowledgement written, the last bundle refused.
LAST_EXPORT = Entry("sync.last_export", _record, _show_record)
CENTRE_WORD = Entry("sync.centre_word", _record, _show_record)
REMINDER_DAYS = Entry("sync.reminder_days", int)
LAST_BUNDLE = Family("sync.", _record, _show_record, suffix=".last_bundle")
LAST_ACKNOWLEDGEMENT = Family("sync.", _record, _show_record, suffix=".last_ack")
LAST_REFUSAL = Family("sync.", _record, _show_record, suffix=".last_refusal")
# At a station: its epoch, one more at each restore from a backup.
SYNC_EPOCH = Entry("sync.epoch", int)
# The public keys of the stations whose slips and bundles this PC checks (the trust list),
# and the stations whose keys were withdrawn, with when.
STATION_KEYS = Family("slipkey.", str)
# A station's earlier public keys ("<key> <last day>"), named "<station>.<key prefix>": still
# trusted for the slips and bundles they signed up to that day.
RETIRED_KEYS = Family("slipkey-retired.", str)
REVOKED = Family("revoked.", _moment, _iso)
# Each key of a counter revoked ("<key> <moment>", named "<counter>.<key prefix>": a lost PC's
# key, from when): that key alone is withdrawn, one the counter's replacement PC registers
# afterwards is not (until it is lost in its turn).
REVOKED_KEYS = Family("revoked-key.", str)
# At a station: the case file's earlier keys by their id (`keyring.key_id`), so that a backup
# taken before a re-key can still be restored by a signed-in administrator. Inside the case
# file only, under its current key: whoever reads them could already read those backups.
PREVIOUS_KEYS: Entry[dict[str, str]] = Entry(
    "casefile.previous_keys", json.loads, lambda keys: json.dumps(keys, sort_keys=True)
)
# At a station: the public key its current signing key replaced (a restore on a new PC, a
# lost key), named in its registration file so the centre records the replacement.
REPLACED_KEY = Entry("registration.replaces", str)
# A training file: demo data for practice, marked on every screen and slip, never exported.
TRAINING = Entry("file.training", lambda value: value == "yes", lambda on: "yes" if on else "no")
# At the centre: each person's key it enrolled, by the key's id: the statement it signs for
# the stations (JSON; `storage.enrolment`).
ENROLLED = Family("enrolled.", str)
# At a station: which counter of its station this PC is ("01".."99", `storage.counters`);
# absent on a PC set up before stations had counters (it numbers as the station itself).
COUNTER = Entry("counter.number", str)
# At the centre: a counter registered with the key the centre held for its station's code, the
# station's PC from before counters renumbered (`440703001-01` → `440703001`): the cases the
# centre holds under the station's code from that PC are the counter's (`sync.counters`).
CONTINUES = Family("counter.continues.", str)
# What an administrator tunes (`storage.settings.StationSettings`), field by field.
STATION_SETTINGS = Family("station.", str)
