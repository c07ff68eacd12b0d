"""Sync benchmark: export and import of N cases with their persons, checks and audit events.

Export (station → sealed bundle), import into SQLite and into PostgreSQL (a server started here,
like the tests do), each next to its floor in the same run on the same rows: raw sqlite3
`executemany` in one transaction, and PostgreSQL `COPY`. Results: benchmarks/results/sync.json

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
    cpu = time.process_time()
    sqlite_floor_rate = sqlite_floor(rows, scratch / "floor.db")
    floor_cpu_s = time.process_time() - cpu

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
        "bundle_mb": round(exported.size / 2**20, 1),
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
