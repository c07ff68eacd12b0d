"""What persons' signatures cost (issue 24): signing an act, verifying the trail, signing in.

- sign: one Ed25519 signature over an event (`storage.ledger.message`), the work added to each
  act as it commits; and a whole act (a document finding: its transaction, audit event, seal,
  row versions, fsync) with the actor's key held against the same act with none;
- verify: `audit verify`'s signature pass (`storage.ledger.check_signatures`) over a trail of
  signed events, per 1,000 events, and its pass over every recorded row (`check_rows`);
- sign_in: the desk's sign-in on an encrypted station at the real argon2id cost
  (`services.vault.sign_in`): the keyring's slot, then the person's key unwrapped — two
  stretchings of the password — wall and CPU time, best of N.

    .venv/bin/python benchmarks/bench_signatures.py --events 2000 --runs 3

Results: benchmarks/results/signatures.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import MappingProxyType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from sqlmodel import col, func, select  # noqa: E402

from hukou_desk.domain.lifecycle import Role  # noqa: E402
from hukou_desk.services import staff, vault  # noqa: E402
from hukou_desk.storage import audit, keyring, ledger  # noqa: E402
from hukou_desk.storage.models import AuditEvent  # noqa: E402

PASSWORD = "Baisha-Counter-2026"


def _station(path: Path) -> None:
    vault.set_up_station(
        path,
        station_code="440703001",
        station_name="白沙派出所",
        district="440703",
        admin_username="admin",
        admin_name="管理员",
        password=PASSWORD,
        phone="0750-3301110",
    )


def bench_sign(count: int) -> dict[str, float]:
    key = Ed25519PrivateKey.generate()
    event = AuditEvent(
        seq=1, actor="boss", action="case.approve", prev_hash="0" * 64, hash="1" * 64,
        entity="case", entity_id="x", signed_rows=1, rows_digest="2" * 64,
    )  # fmt: skip
    start = time.perf_counter()
    for _ in range(count):
        key.sign(ledger.message("440703001", event))
    return {"per_signature_us": round((time.perf_counter() - start) / count * 1e6, 1)}


def bench_acts(folder: Path, count: int) -> dict[str, float]:
    """The same small act (an audit event in its own transaction, sealed, fsynced) with the
    actor's key held (signed) and without (unsigned), medians."""
    path = folder / "acts" / "hukou-desk.db"
    _station(path)
    database, _admin = vault.sign_in(path, username="admin", password=PASSWORD)
    timings: dict[str, list[float]] = {"signed": [], "unsigned": []}
    held = dict(database.signers)
    for i in range(count):
        for how in ("signed", "unsigned"):
            database.signers.clear()
            if how == "signed":
                database.signers.update(held)
            start = time.perf_counter()
            with database.write() as session:
                audit.record(
                    session, actor="admin", action="settings.change", entity="station",
                    entity_id=str(i),
                )  # fmt: skip
            timings[how].append(time.perf_counter() - start)
    database.close()
    signed, unsigned = statistics.median(timings["signed"]), statistics.median(timings["unsigned"])
    return {
        "act_signed_ms": round(signed * 1000, 2),
        "act_unsigned_ms": round(unsigned * 1000, 2),
        "signing_adds_ms": round((signed - unsigned) * 1000, 2),
    }


def bench_verify(folder: Path, events: int) -> dict[str, float]:
    path = folder / "verify" / "hukou-desk.db"
    _station(path)
    database, _admin = vault.sign_in(path, username="admin", password=PASSWORD)
    batch = 50
    for first in range(0, events, batch):
        with database.write() as session:  # one transaction, many signed events
            for i in range(first, min(first + batch, events)):
                audit.record(
                    session, actor="admin", action="settings.change", entity="station",
                    entity_id=str(i),
                )  # fmt: skip
    with database.read() as session:
        total = session.exec(select(func.count(col(AuditEvent.seq)))).one()
        start = time.perf_counter()
        assert ledger.check_signatures(session, "440703001", enrolled=lambda _row: True) is None
        signatures = time.perf_counter() - start
        start = time.perf_counter()
        assert ledger.check_rows(session) is None
        rows = time.perf_counter() - start
    database.close()
    return {
        "events": total,
        "verify_signatures_per_1000_events_ms": round(signatures / total * 1000 * 1000, 1),
        "verify_rows_ms": round(rows * 1000, 1),
    }


def bench_sign_in(folder: Path, runs: int) -> dict[str, float]:
    """At the real cost (`keyring.COST`, the password hashes' too)."""
    path = folder / "signin" / "hukou-desk.db"
    _station(path)
    database, admin = vault.sign_in(path, username="admin", password=PASSWORD)
    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir
    from hukou_desk.services.counter import Counter

    counter = Counter(database, load_policy(forms_dir()), load_calendar(forms_dir()))
    staff.add_user(
        counter, admin, username="boss", display_name="陈芳", role=Role.SUPERVISOR,
        password=PASSWORD,
    )  # fmt: skip
    database.close()
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        opened, _user = vault.sign_in(path, username="boss", password=PASSWORD)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        opened.close()
    return {"sign_in_wall_s": round(min(walls), 3), "sign_in_cpu_s": round(min(cpus), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--acts", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "signatures.json")
    args = parser.parse_args()
    result: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "cost": dict(keyring.COST),
    }
    with tempfile.TemporaryDirectory() as folder:
        result["sign_in"] = bench_sign_in(Path(folder), args.runs)  # the real cost first
        # The rest measures signing, not password stretching: argon2id at its smallest.
        keyring.COST = MappingProxyType({"time_cost": 1, "memory_cost": 8, "parallelism": 1})
        result["sign"] = bench_sign(10_000)
        result["acts"] = bench_acts(Path(folder), args.acts)
        result["verify"] = bench_verify(Path(folder), args.events)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
