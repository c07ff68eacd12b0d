"""At the centre: the counters of a station, and which of them owns each case
(docs/counters.md).

A bundle is signed by one counter (`440703001-02`). Its cases must be its station's
(`owners.check`), and each must be that counter's: the counter whose number the
case carries, or the counter a chain of signed hand-overs (`sync.handover`) moved it to —
statements the bundle carries in its audit events, each checked against the giving counter's
key. A counter that handed a case over may still send the version it handed over (its bundle
shows the move); a newer version the centre holds already is kept, the old owner's left out.
Any other case of another counter refuses the whole bundle, named by its number. A counter
registered with the key the centre holds for its station's code is that PC from before
counters, renumbered: the cases held under the station's code are its own (`continues`).

Revoking one counter withdraws the key it holds (`revoked`, `earlier_keys`): its bundles are
refused, the station's other counters' are not.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from hukou_desk import keys
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, counters, registry
from hukou_desk.sync import handover
from hukou_desk.sync.bundle import BundleRefused, Rows
from hukou_desk.sync.lookup import as_json, found, listed, row_ids


def revoked(session: Session) -> set[str]:
    """The identities whose bundles are refused: a counter revoked by its identity while it
    still holds the key withdrawn (a replacement PC registered with `--replaces` afterwards
    signs again), and every counter of a station revoked by its code. A revoked key is never
    taken as an earlier key of its counter either (`earlier_keys`)."""
    withdrawn = keys.revoked_stations(session)
    known = keys.known_keys(session)
    bound = {
        name: {key for key, _at in history} for name, history in keys.revoked_keys(session).items()
    }
    refused = {
        name
        for name in withdrawn
        if name not in bound or name not in known or known[name] in bound[name]
    }
    return refused | {name for name in known if counters.station_of(name) in withdrawn}


def earlier_keys(session: Session) -> dict[str, list[str]]:
    """Each identity's earlier keys a bundle may still be signed by (one made before a key
    change), less a revoked counter's key: its bundles are refused however signed."""
    bound = {key for history in keys.revoked_keys(session).values() for key, _at in history}
    return {
        name: [key for key, _until in history if key not in bound]
        for name, history in keys.retired_keys(session).items()
    }


def continues(session: Session, name: str, public_key: str, *, actor: str) -> str | None:
    """At the centre, a counter registered (`440703001-01`): if the key is the one the centre
    holds for its station's code, the counter is the station's PC from before counters,
    renumbered (`storage.counters.renumber`). Recorded (and audited): the cases the centre holds
    under the station's code are this counter's when its bundles bring them under their new
    numbers. Another PC's key never is: its bundle naming those cases is refused. The
    station's code, or None."""
    try:
        said = counters.parse(name)
    except counters.CounterRefused:
        return None
    if said.counter is None or keys.known_keys(session).get(said.station) != public_key.strip():
        return None
    entry = registry.CONTINUES.entry(name)
    if registry.get(session, entry) == said.station:
        return said.station
    registry.put(session, entry, said.station)
    audit.record(
        session,
        actor=actor,
        action="station.counter_continues",
        entity="station",
        entity_id=name,
        detail={"unnumbered": said.station, "key": public_key.strip()},
    )
    return said.station


def continued(session: Session) -> dict[str, str]:
    """Counter → the station's code whose cases it continues (see `continues`)."""
    return registry.members(session, registry.CONTINUES)


def _hex(value: Any) -> str:
    return str(value).replace("-", "").lower()


def _statements(session: Session, events: Rows) -> dict[str, list[tuple[int, str, str]]]:
    """The hand-overs a bundle's audit events carry, by case: (revision, from, to), each
    signed by the giving counter (one that is not refuses the bundle)."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    if not events.values or "detail" not in events.columns:
        return found
    at_action, at_detail = events.columns.index("action"), events.columns.index("detail")
    for row in events.values:
        if row[at_action] not in (handover.OUT, handover.IN):
            continue
        detail = row[at_detail]
        if isinstance(detail, str):
            detail = json.loads(detail)
        signed = detail.get("handover") if isinstance(detail, dict) else None
        giver = ""
        if isinstance(signed, dict) and isinstance(signed.get("statement"), dict):
            giver = str(signed["statement"].get("from", ""))
        body = handover.verified(signed, handover.keys_of(session, giver)) if giver else None
        if body is None:
            raise BundleRefused(
                text(
                    f"导出文件中的一份案件移交声明不是柜台 {giver or '?'} 签发的；整个文件未导入。",
                    f"A hand-over statement in the bundle is not signed by counter "
                    f"{giver or '?'}; nothing was imported.",
                )
            )
        try:
            case_id, giver, receiver, revision = handover.checked_statement(body)
        except handover.HandoverRefused as exc:
            raise BundleRefused(exc.message) from None
        moves = found.setdefault(case_id, [])
        if (revision, giver, receiver) not in moves:
            moves.append((revision, giver, receiver))
    return found


def _first_owner(number: str, station: str, counter: str | None) -> str:
    parsed = counters.parse_number(number)
    if parsed is None:
        return counters.identity(station, counter)
    return parsed.owner


def _held(session: Session, ids: list[str]) -> dict[str, tuple[str, int]]:
    """Of these case ids (hex), those the centre holds: their counter and revision."""
    return {
        _hex(case_id): (counters.identity(station, counter), int(revision))
        for case_id, station, counter, revision in found(
            session,
            "SELECT id, station_code, counter, revision FROM case_file "
            f"WHERE id IN {listed(session)}",
            (as_json(ids),),
            table="cases",
        )
    }


def _holder(
    owner: str, moves: list[tuple[int, str, str]], earlier: str | None, signer: str
) -> tuple[str, int | None]:
    """Who holds a case now, from who held it at the centre and the hand-overs the bundle
    states (in order of revision), and the revision at which the signer handed it over."""
    if earlier is not None and owner == earlier:
        owner = signer
    gave_at: int | None = None
    for revision, giver, receiver in sorted(moves):
        if giver == owner:
            owner = receiver
        if giver == signer:
            gave_at = revision
    return owner, gave_at


def check_cases(session: Session, tables: dict[str, Rows], signer: str) -> dict[str, Rows]:
    """The bundle's tables with the cases its counter may send (see the module); raises
    BundleRefused naming the cases of another counter."""
    cases_in = tables["cases"]
    if not cases_in.values:
        return tables
    moves = _statements(session, tables["audit"])
    columns = cases_in.columns
    at_id, at_number = columns.index("id"), columns.index("number")
    at_station, at_revision = columns.index("station_code"), columns.index("revision")
    at_counter = columns.index("counter") if "counter" in columns else None
    ids = row_ids([row[at_id] for row in cases_in.values], "cases")
    held = _held(session, ids)
    # The station's PC from before counters, renumbered: what the centre holds under the
    # station's code is the counter's now (its key, `continues`), and no other counter's.
    earlier = continued(session).get(signer)
    stale: set[str] = set()
    foreign: list[str] = []
    for row, case_id in zip(cases_in.values, ids, strict=True):
        said = counters.identity(
            str(row[at_station]), None if at_counter is None else row[at_counter]
        )
        number = str(row[at_number])
        held_as = held.get(case_id) or (_first_owner(number, str(row[at_station]), None), 0)
        owner, gave_at = _holder(held_as[0], moves.get(case_id, []), earlier, signer)
        if owner == signer and said == signer:
            continue
        if gave_at is not None and said == owner and int(row[at_revision]) <= gave_at:
            # The version the signer handed over: news to the centre, or older than it holds.
            if held_as[1] >= int(row[at_revision]):
                stale.add(case_id)
            continue
        foreign.append(f"{number}（{owner}）" if owner != signer else number)
    if foreign:
        shown = "、".join(sorted(foreign)[:5]) + ("…" if len(foreign) > 5 else "")
        raise BundleRefused(
            text(
                f"柜台 {signer} 的导出文件含有不属于该柜台的案件：{shown}。"
                "案件只由其当前柜台修改（移交后原柜台只保留只读副本）；整个文件未导入。",
                f"Counter {signer}'s bundle carries cases that are not its own: {shown}. A case "
                "is changed only by the counter that holds it now (after a hand-over the giver "
                "keeps a read-only copy); nothing was imported.",
            )
        )
    if not stale:
        return tables
    return _without(tables, stale)


def _without(tables: dict[str, Rows], stale: set[str]) -> dict[str, Rows]:
    def where(rows: Rows, column: str, drop: set[str]) -> Rows:
        at = rows.columns.index(column)
        return Rows(rows.columns, [row for row in rows.values if _hex(row[at]) not in drop])

    kept = dict(tables)
    dropped_checks = {
        _hex(row[tables["checks"].columns.index("id")])
        for row in tables["checks"].values
        if _hex(row[tables["checks"].columns.index("case_id")]) in stale
    }
    kept["cases"] = where(tables["cases"], "id", stale)
    for name in ("roles", "checks", "decisions"):
        kept[name] = where(tables[name], "case_id", stale)
    kept["attachments"] = where(tables["attachments"], "check_id", dropped_checks)
    return kept
