"""What encrypting the case file costs: the same file plain and encrypted, same run, same ops.

A demo case file of N cases is made (or given with --db), copied, and the copy encrypted the
way the desk does it (`services.vault.encrypt`). Then, interleaved run by run on the two files:
- open: `open_database` with its check and a first query (a fresh process-like start: the
  engine created, the file checked, the first page read);
- search: the case list's search for a one-character name, first page, newest first;
- sign_in: the whole sign-in after Enter (open, argon2id; the keyring's slot first when
  encrypted);
- insert: one write transaction (an audit event: the chain, its seal, the commit's fsync);
- backup: a full online backup, checked.
Medians; the ratio encrypted / plain is the figure (plain SQLite is the floor). The encryption
itself is timed once.

    .venv/bin/python benchmarks/bench_encryption.py --cases 100000 --runs 7

Results: benchmarks/results/encryption-N.json (encryption-db.json for a file given)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from hukou_desk.services import staff, vault  # noqa: E402
from hukou_desk.storage import accounts, audit, backup, cases  # noqa: E402
from hukou_desk.storage.database import Database, open_database  # noqa: E402
from hukou_desk.storage.queries import CaseFilter, search_cases  # noqa: E402

PASSWORD = "Bench-pass-Pomelo-2026"


def _make(cases: int, folder: Path) -> Path:
    path = folder / "plain" / "hukou-desk.db"
    path.parent.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "hukou_desk", "demo-data", "--cases", str(cases), "--db", str(path)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _open(path: Path, key: bytes | None) -> Callable[[], object]:
    def run() -> None:
        database = open_database(path, key=key, backup_first=False)
        with database.read() as session:
            search_cases(session, CaseFilter(), limit=1)
        database.close()

    return run


def _sign_in(path: Path, encrypted: bool) -> Callable[[], object]:
    """The whole sign-in after Enter: the file opened, the password checked (argon2id; an
    encrypted file's keyring slot first, argon2id again)."""

    def run() -> None:
        if encrypted:
            database, _user = vault.sign_in(path, username="admin", password=PASSWORD)
        else:
            database = open_database(path, backup_first=False)
            staff.sign_in(database, username="admin", password=PASSWORD)
        database.close()

    return run


def _search(database: Database) -> Callable[[], object]:
    def run() -> None:
        with database.read() as session:
            search_cases(session, CaseFilter(query="张"), limit=100)

    return run


def _insert(database: Database) -> Callable[[], object]:
    def run() -> None:
        with database.write() as session:
            audit.record(session, actor="bench", action="bench", entity="station", entity_id="-")

    return run


def _backup(database: Database, folder: Path) -> Callable[[], object]:
    def run() -> None:
        made = backup.make_backup(database, reason="bench", folder=folder)
        made.unlink()

    return run


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="a plain case file made before (copied)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="hukou-encryption-"))
    if args.db:
        plain = scratch / "plain" / "hukou-desk.db"
        plain.parent.mkdir(parents=True)
        shutil.copyfile(args.db, plain)
    else:
        plain = _make(args.cases, scratch)
    station = open_database(plain, backup_first=False)
    if staff.needs_first_start(station):
        staff.first_start(
            station, station_code="440703001", station_name="白沙派出所", district="440703",
            admin_username="admin", admin_name="管理员", password=PASSWORD, phone="0750-3301110",
        )  # fmt: skip
    else:  # a station's file made before: its administrator's password set for the bench
        with station.write() as session:
            admin = cases.user_named(session, "admin")
            accounts.set_password(session, actor="bench", user=admin, password=PASSWORD)
    with station.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    station.close()
    sealed = scratch / "sealed" / "hukou-desk.db"
    sealed.parent.mkdir(parents=True)
    shutil.copyfile(plain, sealed)
    first = open_database(sealed, backup_first=False)
    encrypt_s = _timed(lambda: vault.encrypt(first, admin="admin", password=PASSWORD))
    opened, _user = vault.sign_in(sealed, username="admin", password=PASSWORD)
    key = opened.key
    plain_db = open_database(plain, backup_first=False)
    files = {"plain": (plain, None, plain_db), "encrypted": (sealed, key, opened)}
    times: dict[str, dict[str, list[float]]] = {kind: {} for kind in files}
    for _run in range(args.runs):
        for kind, (path, file_key, database) in files.items():
            folder = scratch / f"backups-{kind}"
            for name, action in (
                ("open", _open(path, file_key)),
                ("sign_in", _sign_in(path, file_key is not None)),
                ("search", _search(database)),
                ("insert", _insert(database)),
                ("backup", _backup(database, folder)),
            ):
                times[kind].setdefault(name, []).append(_timed(action))
    medians = {
        kind: {name: round(statistics.median(values) * 1000, 2) for name, values in ops.items()}
        for kind, ops in times.items()
    }
    result: dict[str, Any] = {
        "cases": args.cases if not args.db else "from --db",
        "file_bytes": plain.stat().st_size,
        "runs": args.runs,
        "encrypt_in_place_s": round(encrypt_s, 2),
        "median_ms": medians,
        "ratio_encrypted_to_plain": {
            name: round(medians["encrypted"][name] / medians["plain"][name], 2)
            for name in medians["plain"]
        },
        "date": date.today().isoformat(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    opened.close()
    plain_db.close()
    shutil.rmtree(scratch, ignore_errors=True)
    label = args.cases if not args.db else "db"
    out = HERE / "results" / f"encryption-{label}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
