"""Sync benchmark: export and import of N cases with their persons, checks and audit events.

Export (station → sealed bundle), import into SQLite and into PostgreSQL (a server started here,
like the tests do), each next to its floor in the same run on the same rows: raw sqlite3
`executemany` in one transaction, and PostgreSQL `COPY`, into bare tables (the issue's floor).
A second reference, also in the same run on the same rows: the rows `executemany`'d / `COPY`'d
into the real centre schema — a freshly migrated centre with every index, unique and foreign key
(`*_schema_*`; on SQLite through SQLCipher's SQLite as the import's centre is, and once more
into an encrypted file) — so that the gap between the import and the floor splits into what
the schema itself costs and what the import's own work costs; and the CPU time of reading the
bundle alone (`bundle_read_cpu_s`: decrypting, inflating, hashing, parsing), which neither
reference does. Results:
benchmarks/results/sync.json

    .venv/bin/python benchmarks/bench_sync.py --cases 100000
    .venv/bin/python benchmarks/bench_sync.py --station /path/to/cases.db  # a file made before

Each import is timed by the clock and by the process's own CPU time (`*_cpu_s`): on a shared
machine the clock measures the neighbours too; the floor runs in the same run, so its share is
comparable either way. Memory is the import's peak growth of anonymous RSS (see PeakMemory).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import mmap
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk import keys
from hukou_desk.storage.database import open_database
from hukou_desk.sync import bundle, exporting, importing, trust
from hukou_desk.sync.centre import open_target

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


class PeakMemory:
    """The process's own memory (RssAnon: not the bundle's file pages the system maps in),
    sampled every 20 ms while a step runs: its peak above what it was before."""

    def __init__(self) -> None:
        self.before = self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def now() -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
        return 0

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.now())

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.before = self.peak = self.now()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now())

    @property
    def grew_mb(self) -> float:
        return round((self.peak - self.before) / 2**20, 1)


def _mapped_import(database: Any, path: Path, centre_key: X25519PrivateKey, files: Path) -> None:
    """As `hukou-desk import` does it: the bundle's file mapped, not read."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        importing.import_bundle(database, m, centre_key=centre_key, files_dir=files, actor="b")


def _archive(data: bytes, centre_key: X25519PrivateKey) -> bytes:
    """The plain archive inside a bundle (a test holds the centre's key)."""
    with bundle.plaintext(data, centre_key) as plain:
        return plain.read()


def _rows(data: bytes, key: X25519PrivateKey) -> dict[str, list[dict[str, Any]]]:
    plain = _archive(data, key)
    archive = zipfile.ZipFile(io.BytesIO(plain))
    return {name: bundle._unlines(archive.read(f"{name}.jsonl")).dicts() for name in bundle.TABLES}


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def sqlite_floor(rows: dict[str, list[dict[str, Any]]], path: Path) -> float:
    """The same rows into plain tables with raw sqlite3, one transaction: rows per second."""
    connection = sqlite3.connect(path)
    for name, table in rows.items():
        if table:
            columns = ", ".join(f'"{c}"' for c in table[0])
            connection.execute(f'CREATE TABLE "{name}" ({columns})')
    total = sum(len(t) for t in rows.values())
    started = time.perf_counter()
    connection.execute("BEGIN")
    for name, table in rows.items():
        if table:
            marks = ", ".join("?" for _ in table[0])
            connection.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})',
                ([_flat(v) for v in row.values()] for row in table),
            )
    connection.commit()
    seconds = time.perf_counter() - started
    connection.close()
    return total / seconds


def postgres_floor(rows: dict[str, list[dict[str, Any]]], url: str) -> float:
    """The same rows into plain tables with PostgreSQL COPY, one transaction: rows per second."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    total = sum(len(t) for t in rows.values())
    with psycopg.connect(dsn) as connection:
        with connection.cursor() as cursor:
            for name, table in rows.items():
                if table:
                    columns = ", ".join(f'"{c}" text' for c in table[0])
                    cursor.execute(f'CREATE TABLE "floor_{name}" ({columns})')
        connection.commit()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for name, table in rows.items():
                if not table:
                    continue
                with cursor.copy(f'COPY "floor_{name}" FROM STDIN') as copy:
                    for row in table:
                        copy.write_row([None if v is None else str(_flat(v)) for v in row.values()])
        connection.commit()
        return total / (time.perf_counter() - started)


def read_bundle(path: Path, centre_key: X25519PrivateKey, public: str, station: str) -> float:
    """The bundle opened as the import opens it (decrypted, every member's digest checked)
    and each table read once, batch by batch: the part of the import that neither reference
    does (they start from rows already parsed). CPU seconds."""
    cpu = time.process_time()
    with (
        path.open("rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
        bundle.opened(mapped, centre_key=centre_key, station_keys={station: public}) as opened,
    ):
        for name in bundle.TABLES:
            for _rows in opened.rows(name):
                pass
    return time.process_time() - cpu


# The bundle's tables in the centre's tables, in the order their foreign keys need.
SCHEMA_TABLES = (
    ("users", "user"),
    ("persons", "person"),
    ("cases", "case_file"),
    ("roles", "case_role"),
    ("checks", "document_check"),
    ("decisions", "decision"),
    ("attachments", "check_attachment"),
    ("audit", "station_audit"),
)


def _schema_rows(
    rows: dict[str, list[dict[str, Any]]], station: str
) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The bundle's rows as the centre's tables take them, nothing looked at: the columns the
    table has (a person's and an audit event's station added), the scans' own rows before
    their links. What the import writes, without its work."""
    from hukou_desk.storage import models
    from hukou_desk.sync.lookup import table_of

    tables = {
        table_of(model).name: [c.name for c in table_of(model).columns]
        for model in (
            models.User,
            models.Person,
            models.Case,
            models.CaseRole,
            models.DocumentCheck,
            models.Decision,
            models.CheckAttachment,
            models.StationAudit,
            models.Attachment,
        )
    }
    out: list[tuple[str, list[str], list[list[Any]]]] = []
    for name, table in SCHEMA_TABLES:
        given = rows[name]
        if not given:
            continue
        if name == "attachments":
            scans = {r["sha256"]: r for r in given}
            columns = tables["attachment"]
            out.append(("attachment", columns, [[r[c] for c in columns] for r in scans.values()]))
        columns = [c for c in tables[table] if c in given[0] or c == "station_code"]
        out.append(
            (
                table,
                columns,
                [[_flat(row[c]) if c in row else station for c in columns] for row in given],
            )
        )
    return out


def sqlite_schema(
    rows: dict[str, list[dict[str, Any]]], path: Path, station: str, key: bytes | None = None
) -> tuple[float, float]:
    """The same rows `executemany`'d through the centre's own driver (SQLCipher's SQLite, the
    centre's pragmas) into a freshly made centre case file — every index, unique and foreign
    key of the real schema — in one transaction: rows per second, and CPU seconds."""
    database = open_database(path, key=key)
    tables = _schema_rows(rows, station)
    total = sum(len(values) for _name, _columns, values in tables)
    raw = database.engine.raw_connection()
    try:
        driver: Any = raw.driver_connection
        started, cpu = time.perf_counter(), time.process_time()
        driver.execute("BEGIN IMMEDIATE")
        for name, columns, values in tables:
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            driver.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', values)
        driver.execute("COMMIT")
        seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    finally:
        raw.close()
        database.close()
    return total / seconds, cpu_s


def postgres_schema(rows: dict[str, list[dict[str, Any]]], url: str, station: str) -> float:
    """The same rows `COPY`'d into a freshly migrated centre database on the same server —
    every index, unique and foreign key of the real schema — in one transaction: rows per
    second."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("CREATE DATABASE schema_reference")
    schema_url = url.replace("@/postgres?", "@/schema_reference?")
    open_target(schema_url).close()  # migrated to the current schema
    tables = _schema_rows(rows, station)
    total = sum(len(values) for _name, _columns, values in tables)
    with psycopg.connect(schema_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        started = time.perf_counter()
        with conn.cursor() as cursor:
            cursor.execute("SET LOCAL TIME ZONE 'UTC'")  # as the import's session says
            for name, columns, values in tables:
                quoted = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                    for value in values:
                        copy.write_row(value)
        conn.commit()
        return total / (time.perf_counter() - started)


def start_postgres(base: Path) -> tuple[str, list[str], str, Path]:
    from tests.conftest import _pg_bin

    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise SystemExit("PostgreSQL (initdb, pg_ctl) is not installed")
    data, sockets = base / "data", base / "run"
    sockets.mkdir(parents=True)
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        for path in (base, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = "55432"
    subprocess.run(
        [*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {sockets} -c listen_addresses=''"
    subprocess.run(
        [*prefix, pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start"],
        check=True,
        capture_output=True,
    )
    return (
        f"postgresql+psycopg://postgres@/postgres?host={sockets}&port={port}",
        prefix,
        pg_ctl,
        data,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--station", type=Path, help="a station's case file made before")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="hukou-desk-sync-"))
    scratch.chmod(0o755)
    station_path = scratch / "station" / "cases.db"
    if args.station is not None:
        station_path = args.station
    else:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hukou_desk",
                "demo-data",
                "--cases",
                str(args.cases),
                "--db",
                str(station_path),
                "--today",
                "2026-11-28",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    centre_key = X25519PrivateKey.generate()
    station = open_database(station_path)
    with station.write() as session:
        trust.install_centre_key(session, public_key=keys.public_text(centre_key), actor="b")
    started = time.perf_counter()
    exported = exporting.export(station, actor="bench")
    export_s = time.perf_counter() - started
    public = keys.public_text(keys.station_key(station.keys_dir))
    station.close()
    counts = exported.manifest.counts
    rows_total = sum(counts.values())

    sqlite_centre = open_database(scratch / "centre" / "centre.db")
    with sqlite_centre.write() as session:
        trust.trust(session, station="440703001", public_key=public, actor="b")
    started, cpu = time.perf_counter(), time.process_time()
    with PeakMemory() as sqlite_memory:
        _mapped_import(sqlite_centre, exported.path, centre_key, scratch / "files")
    sqlite_s = time.perf_counter() - started
    sqlite_cpu_s = time.process_time() - cpu
    sqlite_centre.close()
    rows = _rows(exported.data, centre_key)
    station_code = str(exported.manifest.station)
    cpu = time.process_time()
    sqlite_floor_rate = sqlite_floor(rows, scratch / "floor.db")
    floor_cpu_s = time.process_time() - cpu
    schema_rate, schema_cpu_s = sqlite_schema(rows, scratch / "schema" / "centre.db", station_code)
    keyed_rate, keyed_cpu_s = sqlite_schema(
        rows, scratch / "keyed" / "centre.db", station_code, key=os.urandom(32)
    )
    read_cpu_s = read_bundle(exported.path, centre_key, public, station_code)

    cases = counts["cases"]
    result: dict[str, Any] = {
        "cases": cases,
        "rows_in_bundle": rows_total,
        "counts": counts,
        "bundle_bytes": exported.size,
        "bundle_bytes_per_case": round(exported.size / cases, 1),
        "export_s": round(export_s, 2),
        "export_cases_per_s": round(cases / export_s),
        "import_sqlite_s": round(sqlite_s, 2),
        "import_sqlite_rows_per_s": round(rows_total / sqlite_s),
        "sqlite_floor_rows_per_s": round(sqlite_floor_rate),
        "sqlite_floor_cases_per_s": round(sqlite_floor_rate * cases / rows_total),
        "import_sqlite_share_of_floor": round(rows_total / sqlite_s / sqlite_floor_rate, 2),
        "import_sqlite_cpu_s": round(sqlite_cpu_s, 2),
        "sqlite_floor_cpu_s": round(floor_cpu_s, 2),
        "import_sqlite_memory_growth_mb": sqlite_memory.grew_mb,
        "sqlite_schema_rows_per_s": round(schema_rate),
        "sqlite_schema_cpu_s": round(schema_cpu_s, 2),
        "sqlite_schema_share_of_floor": round(schema_rate / sqlite_floor_rate, 2),
        "import_sqlite_share_of_schema": round(rows_total / sqlite_s / schema_rate, 2),
        "import_sqlite_share_of_schema_by_cpu": round(schema_cpu_s / sqlite_cpu_s, 2),
        "sqlite_schema_encrypted_rows_per_s": round(keyed_rate),
        "sqlite_schema_encrypted_cpu_s": round(keyed_cpu_s, 2),
        "bundle_mb": round(exported.size / 2**20, 1),
        "bundle_read_cpu_s": round(read_cpu_s, 2),
    }
    base = Path(tempfile.mkdtemp(prefix="hukou-pg-bench-"))
    try:
        url, prefix, pg_ctl, data = start_postgres(base)
    except (SystemExit, subprocess.CalledProcessError) as exc:
        result["postgresql"] = f"not measured: {exc}"
    else:
        try:
            centre = open_target(url)
            with centre.write() as session:
                trust.trust(session, station="440703001", public_key=public, actor="b")
            started, cpu = time.perf_counter(), time.process_time()
            with PeakMemory() as pg_memory:
                _mapped_import(centre, exported.path, centre_key, scratch / "pgfiles")
            pg_s = time.perf_counter() - started
            pg_cpu_s = time.process_time() - cpu
            centre.close()
            floor = postgres_floor(rows, url)
            schema = postgres_schema(rows, url, station_code)
            result.update(
                {
                    "import_postgresql_s": round(pg_s, 2),
                    "import_postgresql_rows_per_s": round(rows_total / pg_s),
                    "import_postgresql_cases_per_s": round(cases / pg_s),
                    "import_postgresql_client_cpu_s": round(pg_cpu_s, 2),
                    "postgresql_copy_floor_rows_per_s": round(floor),
                    "postgresql_floor_cases_per_s": round(floor * cases / rows_total),
                    "import_postgresql_share_of_floor": round(rows_total / pg_s / floor, 2),
                    "import_postgresql_memory_growth_mb": pg_memory.grew_mb,
                    "postgresql_schema_rows_per_s": round(schema),
                    "postgresql_schema_share_of_floor": round(schema / floor, 2),
                    "import_postgresql_share_of_schema": round(rows_total / pg_s / schema, 2),
                }
            )
        finally:
            subprocess.run(
                [*prefix, pg_ctl, "-D", str(data), "-m", "fast", "stop"], capture_output=True
            )
    result["import_sqlite_cases_per_s"] = round(cases / sqlite_s)
    result["date"] = date.today().isoformat()
    result["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    out = HERE / "results" / ("sync.json" if cases == 100_000 else f"sync-{cases}.json")
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
