"""What a password guess costs, and what a sign-in costs: the keyring's argon2id calibrated.

Two figures decide the cost (issue 24): one offline guess against a stolen keyring must cost
at least about a second of a station PC's core, and a sign-in must stay under 1.5 s.
- grid: argon2id for a few memory/pass settings, pinned to ONE core (an attacker runs one
  guess per core, so a core's time is the price of a guess; the lanes cannot help them);
- guess: the product's own slot (`storage.keyring.Slot.open`, its default cost) tried with a
  wrong password, pinned to one core: the offline guess, exactly;
- sign_in: the desk's whole sign-in on an encrypted station (`services.vault.sign_in`: the
  keyring's slot, the case file opened, the account's checks), all cores (2 here; a station
  PC has at least 2, and the lanes run in parallel).
Best of N runs, in wall time and in CPU time (the machine is shared: the CPU time is the work
itself whatever else runs; a sign-in's CPU time is its wall time on ONE idle core, so under
1.5 s of it is under 1.5 s on any station PC of this speed).

    .venv/bin/python benchmarks/bench_passwords.py --runs 5

Results: benchmarks/results/passwords.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from argon2.low_level import Type, hash_secret_raw  # noqa: E402

from hukou_desk.services import staff, vault  # noqa: E402
from hukou_desk.storage import keyring  # noqa: E402
from hukou_desk.storage.database import open_database  # noqa: E402

PASSWORD = "Baisha-Counter-2026"
GRID = [(65536, 3), (131072, 3), (262144, 2), (262144, 4), (524288, 2)]  # KiB, passes


def _best(runs: int, work: Callable[[], object]) -> dict[str, float]:
    """Best wall time and best CPU time (every thread of the process) of `runs` runs. The CPU
    time is the work itself, whatever else the machine is doing: the price of a guess in core
    seconds, and a sign-in's time on one idle core (its upper bound on more cores)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return {"wall_s": round(min(walls), 3), "cpu_s": round(min(cpus), 3)}


def _argon2(memory: int, passes: int) -> None:
    hash_secret_raw(
        PASSWORD.encode(),
        b"0123456789abcdef",
        time_cost=passes,
        memory_cost=memory,
        parallelism=4,
        hash_len=32,
        type=Type.ID,
    )


def _one_core() -> set[int]:
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    return cores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    all_cores = _one_core()
    grid = [
        {
            "memory_mib": memory // 1024,
            "passes": passes,
            **_best(args.runs, lambda m=memory, p=passes: _argon2(m, p)),
        }
        for memory, passes in GRID
    ]
    slot = keyring.Slot.seal("user", "admin", PASSWORD, keyring.new_key())
    guess = _best(args.runs, lambda: slot.open("wrong-guess-from-a-list"))
    os.sched_setaffinity(0, all_cores)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "hukou-desk.db"
        database = open_database(path)
        staff.first_start(
            database,
            station_code="440703001",
            station_name="白沙派出所",
            district="440703",
            admin_username="admin",
            admin_name="管理员",
            password=PASSWORD,
            phone="0750-3301110",
        )
        vault.encrypt(database, admin="admin", password=PASSWORD).database.close()

        def sign_in() -> None:
            opened, _user = vault.sign_in(path, username="admin", password=PASSWORD)
            opened.close()

        signing_in = _best(args.runs, sign_in)
    result: dict[str, Any] = {
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cores": len(all_cores),
            "python": platform.python_version(),
        },
        "keyring_cost": {
            "memory_mib": keyring.COST["memory_cost"] // 1024,
            "passes": keyring.COST["time_cost"],
            "lanes": keyring.COST["parallelism"],
        },
        "offline_guess_one_core": guess,
        "sign_in": signing_in,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "grid_one_core": grid,
        "runs": args.runs,
    }
    out = HERE / "results" / "passwords.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
