"""Export at the station: everything the centre has not acknowledged, sealed for it.

Export is incremental: every case touched by a change after the centre's last acknowledgement
(the outbox's sequence), with its people, roles, checks, decisions, attachments, and the audit
events since; or, re-sent, the cases received in a period. Rows travel as the station's file
stores them, read in one snapshot and streamed into the bundle as they come.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from hukou_desk import keys
from hukou_desk.domain.text import text
from hukou_desk.files import writing_whole
from hukou_desk.storage import attachments, audit, cases, counters, driver, registry, seals
from hukou_desk.storage.database import CACHE_SIZE, Database
from hukou_desk.storage.models import CaseNumberCounter, utc_now
from hukou_desk.sync.bundle import BundleRefused, Writer
from hukou_desk.sync.manifest import Manifest, Seal


@dataclass(frozen=True)
class Exported:
    path: Path
    manifest: Manifest

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def size(self) -> int:
        return self.path.stat().st_size


class ExportCancelled(BundleRefused):
    """The clerk cancelled: no file, and the next export starts from the same place."""


class ScanUnreadable(BundleRefused):
    """A scan to export is missing from disk or no longer what was attached: nothing is
    exported until the clerk scans the paper again (named by case, document and whose)."""

    def __init__(self, case_number: str, document_id: str, party: str, missing: bool) -> None:
        self.case_number, self.document_id, self.party, self.missing = (
            case_number,
            document_id,
            party,
            missing,
        )
        state = text("缺失", "missing") if missing else text("已损坏", "damaged")
        super().__init__(
            text(
                f"案件 {case_number} 的扫描件（{document_id}，{party}）{state.zh}，"
                "请重新扫描后再导出。",
                f"A scan of case {case_number} ({document_id}, {party}) is {state.en}: scan "
                "the paper again, then export.",
            )
        )


def export(
    database: Database,
    *,
    actor: str,
    out: Path | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    received: tuple[date, date] | None = None,
) -> Exported:
    """Everything committed since the centre's last acknowledgement, sealed for the centre and
    written to `out` (whole or not at all; a temporary folder's file without one).

    Rows travel as the station's file stores them (SQLite's own text for ids and times), read
    through the driver in one snapshot and streamed into the bundle as they come: the memory an
    export needs does not grow with the number of cases.
    """
    started = time.perf_counter()

    def step(percent: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled(
                text("导出已取消，未作任何记录。", "Export cancelled; nothing was recorded.")
            )
        if progress is not None:
            progress(percent)

    step(0)
    with database.write() as session:
        key = keys.own_key(session, database.keys_dir, cases.station(session).code, database.key)
    with database.read() as session:
        centre = keys.centre_bundle_key(session)
        here = cases.station(session)
        signer = counters.this_identity(session)  # the counter, 440703001-02 (docs/counters.md)
        # Everything the centre has not acknowledged: a lost stick costs nothing, and what
        # arrives twice changes nothing there.
        epoch = registry.get(session, registry.SYNC_EPOCH) or 0
        seq_from = (registry.get(session, registry.ACKNOWLEDGED_SEQ) or 0) + 1
        audit_from = (registry.get(session, registry.ACKNOWLEDGED_AUDIT) or 0) + 1
    if centre is None:
        raise BundleRefused(
            text(
                "本机尚未安装中心公钥（随中心参考数据下发），无法导出。",
                "The centre's public key is not installed (it comes with the centre's "
                "reference data); nothing can be exported yet.",
            )
        )
    target = out if out is not None else Path(tempfile.mkdtemp(prefix="hukou-export-")) / "out.hkb"
    manifest = Manifest(
        station=signer,
        epoch=epoch,
        kind="incremental" if received is None else "range",
        seq_from=seq_from,
        seq_to=seq_from - 1,
        audit_from=audit_from,
        audit_to=audit_from - 1,
        received=received,
    )
    raw = database.engine.raw_connection()
    connection: driver.Connection = raw.driver_connection
    try:
        # The sets of rows to send in temporary tables on disk (keys only), the page caches
        # small: the export's memory is the same for ten cases and for a million.
        for pragma in _bounded():
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("BEGIN")  # one snapshot for every table
        seq_to = connection.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()[0]
        audit_to = connection.execute("SELECT coalesce(max(seq), 0) FROM audit_event").fetchone()[0]
        _choose(connection, received, seq_from, seq_to)
        if received is None:
            first_event, last_event = audit_from, audit_to
        else:
            # A period's cases carry their own events, whenever recorded: the seals over them.
            first_event, last_event = connection.execute(
                "SELECT min(seq), max(seq) FROM audit_event WHERE case_id IN "
                "(SELECT id FROM temp.export_case)"
            ).fetchone()
            first_event, last_event = first_event or audit_from, last_event or 0
        sealed = connection.execute(
            "SELECT seq_from, seq_to, hash, signature, adopted_by FROM audit_seal "
            "WHERE seq_to >= ? AND seq_from <= ? ORDER BY seq_from",
            (first_event, last_event),
        ).fetchall()
        _all_sealed(sealed, first_event, last_event)
        manifest = replace(
            manifest,
            seq_to=max(seq_to, seq_from - 1),
            audit_to=max(audit_to, audit_from - 1),
            seals=tuple(Seal.of(row) for row in sealed),
        )
        step(10)
        with writing_whole(target) as handle:
            writer = Writer(handle, keys.x25519_public(centre))
            try:
                events = (first_event, last_event, received is not None)
                for percent, (name, columns, rows) in enumerate(
                    _tables(connection, events), start=1
                ):
                    writer.table(name, columns, rows)
                    step(10 + 8 * percent)
                writer.files(
                    (sha256, _scan(database, connection, sha256))
                    for (sha256,) in _keyset(connection, _SCANS, "")
                )
                step(85)
                finished = replace(manifest, counts=writer.counts, created_at=utc_now().isoformat())
                manifest = Manifest.read(writer.finish(finished.as_dict(), key))
            except BaseException:
                writer.abort()
                raise
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        for table in _CHOSEN:
            connection.execute(f"DROP TABLE IF EXISTS temp.{table}")
        for pragma in _USUAL:
            connection.execute(f"PRAGMA {pragma}")
        raw.close()
    step(90)
    exported = Exported(target, manifest)
    with database.write() as session:
        if received is None:
            registry.put(session, registry.EXPORTED_SEQ, manifest.seq_to)
            registry.put(session, registry.EXPORTED_AUDIT, manifest.audit_to)
        registry.put(
            session,
            registry.LAST_EXPORT,
            {
                "at": manifest.created_at,
                "cases": manifest.counts["cases"],
                "file": str(target) if out is not None else "",
                "seq_from": seq_from,
                "seq_to": manifest.seq_to,
                "kind": manifest.kind,
            },
        )
        audit.record(
            session,
            actor=actor,
            action="export",
            entity="station",
            entity_id=here.code,
            detail={
                "seq_from": seq_from,
                "seq_to": manifest.seq_to,
                "cases": manifest.counts["cases"],
                "bytes": exported.size,
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
    return exported


# The export's connection while it runs, then as the pool's other connections are
# (`storage.database`): temporary tables on disk, and page caches of a few megabytes (the case
# file is read once, in key order, so a bigger cache would only hold pages never read again).
CACHE_KIB = 8 << 10  # the case file's pages
TEMP_CACHE_KIB = 2 << 10  # the temporary tables' pages (spilled to disk beyond)


def _bounded() -> tuple[str, ...]:
    return (
        "temp_store=FILE",
        f"main.cache_size={-CACHE_KIB}",
        f"temp.cache_size={-TEMP_CACHE_KIB}",
    )


_USUAL = ("temp_store=MEMORY", f"main.cache_size={CACHE_SIZE}", "temp.cache_size=-2000")

PAGE = 1000  # rows (or cases, for the tables hanging from them) a query reads at a time

# What is sent, chosen once in the snapshot: the cases (in the order of their serials), and the
# people, staff and scans they name (each once, in the order of their keys).
_CHOSEN = ("export_case", "export_person", "export_user", "export_scan")
_CASES = "SELECT id FROM temp.export_case"
_CHECKS = f"SELECT id FROM document_check WHERE case_id IN ({_CASES})"
# (CROSS JOIN: the chosen keys drive, whatever SQLite guesses of a temporary table's size)
_PAGE_OF_CASES = "FROM temp.export_case AS e {join} WHERE e.serial > ? AND e.serial <= ?"


def _choose(
    connection: driver.Connection, received: tuple[date, date] | None, seq_from: int, seq_to: int
) -> None:
    """The keys of everything to send, into temporary tables (on disk, not in Python)."""
    connection.execute(
        "CREATE TEMP TABLE export_case (serial INTEGER PRIMARY KEY, id NOT NULL UNIQUE)"
    )
    for table in _CHOSEN[1:]:
        connection.execute(f"CREATE TEMP TABLE {table} (id PRIMARY KEY) WITHOUT ROWID")
    if received is None:
        connection.execute(
            "INSERT INTO temp.export_case SELECT serial, id FROM case_file WHERE id IN "
            "(SELECT case_id FROM change WHERE seq BETWEEN ? AND ?)",
            (seq_from, seq_to),
        )
    else:
        # A re-send of the cases received in a period, whatever was exported before: the
        # import upserts them and leaves the sequence alone.
        connection.execute(
            "INSERT INTO temp.export_case SELECT serial, id FROM case_file "
            "WHERE application_date BETWEEN ? AND ?",
            (received[0].isoformat(), received[1].isoformat()),
        )
    by_case = "FROM temp.export_case AS e CROSS JOIN {} ON {}.case_id = e.id"
    for table, query in (
        (
            "export_person",
            "SELECT c.applicant_id FROM temp.export_case AS e "
            "CROSS JOIN case_file AS c ON c.id = e.id",
        ),
        ("export_person", "SELECT r.person_id " + by_case.format("case_role AS r", "r")),
        (
            "export_user",
            "SELECT c.prepared_by FROM temp.export_case AS e "
            "CROSS JOIN case_file AS c ON c.id = e.id",
        ),
        ("export_user", "SELECT d.decided_by " + by_case.format("decision AS d", "d")),
        (
            "export_user",
            "SELECT dc.checked_by "
            + by_case.format("document_check AS dc", "dc")
            + " WHERE dc.checked_by IS NOT NULL",
        ),
        (
            "export_user",
            "SELECT link.added_by "
            + by_case.format("document_check AS dc", "dc")
            + " JOIN check_attachment AS link ON link.check_id = dc.id",
        ),
        (
            "export_scan",
            "SELECT link.sha256 "
            + by_case.format("document_check AS dc", "dc")
            + " JOIN check_attachment AS link ON link.check_id = dc.id",
        ),
    ):
        connection.execute(f"INSERT OR IGNORE INTO temp.{table} {query}")


def _tables(
    connection: driver.Connection, events: tuple[int, int, bool]
) -> Iterator[tuple[str, list[str], Iterable[Any]]]:
    """Each table of the bundle in the bundle's order: its columns, and its rows read a page at
    a time (by key: nothing sorts more than a page, nothing holds more than one)."""
    first_event, last_event, by_case = events
    columns, rows = _chosen(connection, '"user"', "export_user")
    yield "users", columns, _no_secrets(columns, rows)
    yield "cases", *_by_case(connection, "case_file AS t ON t.id = e.id", "e.serial")
    yield "persons", *_chosen(connection, "person", "export_person")
    for name, join in (
        ("roles", "case_role AS t ON t.case_id = e.id"),
        ("checks", "document_check AS t ON t.case_id = e.id"),
        ("decisions", "decision AS t ON t.case_id = e.id"),
    ):
        yield name, *_by_case(connection, join, "e.serial, t.id")
    yield (
        "attachments",
        *_by_case(
            connection,
            "document_check AS dc ON dc.case_id = e.id "
            "JOIN check_attachment AS t ON t.check_id = dc.id "
            "JOIN attachment AS meta ON meta.sha256 = t.sha256",
            "e.serial, t.id",
            extra=", meta.size, meta.media_type, meta.created_at",
        ),
    )
    # A period's cases: their own events, whenever recorded; otherwise the events since the
    # last acknowledged, whichever case (or none) they concern.
    # (`+case_id`: read in the order of `seq`, each event looked up among the cases, never all
    # the cases' events gathered and sorted for every page)
    mine = " AND +case_id IN (SELECT id FROM temp.export_case)" if by_case else ""
    query = f"SELECT * FROM audit_event WHERE seq > ? AND seq <= {int(last_event)}{mine} "
    query += "ORDER BY seq LIMIT ?"
    columns = _columns(connection, query, first_event - 1)
    yield "audit", columns, _keyset(connection, query, first_event - 1, columns.index("seq"))


def _chosen(
    connection: driver.Connection, table: str, chosen: str
) -> tuple[list[str], Iterator[Any]]:
    """The rows of `table` whose ids were chosen, in the order of their ids."""
    query = (
        f"SELECT t.* FROM temp.{chosen} AS e CROSS JOIN {table} AS t ON t.id = e.id "
        "WHERE e.id > ? ORDER BY e.id LIMIT ?"
    )
    columns = _columns(connection, query, "")
    return columns, _keyset(connection, query, "", columns.index("id"))


def _columns(connection: driver.Connection, query: str, after: Any) -> list[str]:
    return [d[0] for d in connection.execute(query, (after, 0)).description]


def _keyset(connection: driver.Connection, query: str, after: Any, key: int = 0) -> Iterator[Any]:
    """The rows of `query` (given the last key read and a page size) a page at a time."""
    while True:
        page = connection.execute(query, (after, PAGE)).fetchall()
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1][key]


def _by_case(
    connection: driver.Connection, join: str, order: str, extra: str = ""
) -> tuple[list[str], Iterator[Any]]:
    """A table's rows for the cases to send, a page of cases at a time."""
    query = f"SELECT t.*{extra} {_PAGE_OF_CASES.format(join='CROSS JOIN ' + join)} ORDER BY {order}"
    columns = [d[0] for d in connection.execute(query, (0, 0)).description]

    def rows() -> Iterator[Any]:
        for low, high in _case_pages(connection):
            yield from connection.execute(query, (low, high))

    return columns, rows()


def _case_pages(connection: driver.Connection) -> Iterator[tuple[int, int]]:
    """The cases to send as ranges of serials (after, up to) of `PAGE` cases each."""
    (after,) = connection.execute("SELECT min(serial) - 1 FROM temp.export_case").fetchone()
    while after is not None:
        (last,) = connection.execute(
            "SELECT max(serial) FROM (SELECT serial FROM temp.export_case WHERE serial > ? "
            "ORDER BY serial LIMIT ?)",
            (after, PAGE),
        ).fetchone()
        if last is not None:
            yield after, last
        after = last


_SCANS = "SELECT id FROM temp.export_scan WHERE id > ? ORDER BY id LIMIT ?"


def _no_secrets(columns: list[str], rows: Iterable[Any]) -> Iterator[list[Any]]:
    """Staff travel as names and roles only: no password hash, no lockout state."""
    cleared = {"password_hash": None, "failed_logins": 0, "locked_until": None}
    at = {columns.index(name): value for name, value in cleared.items() if name in columns}
    for row in rows:
        values = list(row)
        for index, value in at.items():
            values[index] = value
        yield values


def _all_sealed(sealed: list[Any], first: int, last: int) -> None:
    gap = seals.gap(sealed, first, last)
    if gap is not None:
        raise BundleRefused(
            text(
                f"审计记录第 {gap[0]}–{gap[1]} 条没有本所密钥的封签（可能是在本软件之外添加的），"
                "未导出。请主管运行审计核查并报告中心；经核实后，系统管理员可认领这些记录"
                "（hukou-desk audit adopt --reason …），认领记入审计并随导出报告中心。",
                f"Audit events {gap[0]}–{gap[1]} carry no seal of this station's key (added "
                "outside the desk?); nothing was exported. A supervisor should check the audit "
                "trail and tell the centre; once that is settled, the administrator can adopt "
                "the events (hukou-desk audit adopt --reason …), on the record and reported to "
                "the centre with the export.",
            )
        )


def _scan(database: Database, connection: driver.Connection, sha256: str) -> bytes:
    """A scan's bytes, checked against the digest it was attached under."""
    try:
        content = attachments.load(database.attachments_dir, sha256, database.key)
    except OSError:
        content = None
    if content is not None and hashlib.sha256(content).hexdigest() == sha256:
        return content
    number, document_id, party = connection.execute(
        "SELECT c.number, dc.document_id, dc.party FROM check_attachment AS link "
        "JOIN document_check AS dc ON dc.id = link.check_id "
        "JOIN case_file AS c ON c.id = dc.case_id "
        f"WHERE link.sha256 = ? AND link.check_id IN ({_CHECKS}) ORDER BY c.serial LIMIT 1",
        (sha256,),
    ).fetchone()
    raise ScanUnreadable(str(number), str(document_id), str(party), missing=content is None)


RESTORE_MARGIN = 1000  # case numbers skipped after a restore: more than a day's intake


def begin_epoch(session: Session, *, actor: str) -> int:
    """After a restore from a backup: a new epoch for the sync, and the case numbers moved on
    past any the lost file may have given out (the centre may hold them); on the record."""
    epoch = (registry.get(session, registry.SYNC_EPOCH) or 0) + 1
    registry.put(session, registry.SYNC_EPOCH, epoch)
    for counter in session.exec(select(CaseNumberCounter)):
        counter.last += RESTORE_MARGIN
        session.add(counter)
    audit.record(
        session,
        actor=actor,
        action="sync.epoch",
        entity="station",
        entity_id=cases.station(session).code,
        detail={"epoch": epoch, "case_numbers_skipped": RESTORE_MARGIN},
    )
    return epoch
