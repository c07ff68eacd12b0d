"""Command-line start: `idcheck` (no case file), `search` (signed in, on a case file) and the
bare interpreter, each a fresh process, timed from spawn to exit; medians of interleaved runs
and the ratios to the bare interpreter measured in the same run. Results:
benchmarks/results/cli.json

    .venv/bin/python benchmarks/bench_cli.py [--runs 15] [--cases 2000]

`search` signs in with argon2id at the desk's real cost (the tests' cheap cost is never used
here) and reads the password from a file descriptor, as a script would.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWORD = "Bench-cli-Pomelo-2026"
ID = "44070319880505001X"


def timed(command: list[str], *, password: bool = False, env: dict[str, str]) -> float:
    read_end = None
    if password:
        read_end, write_end = os.pipe()
        os.write(write_end, PASSWORD.encode() + b"\n")
        os.close(write_end)
        command = [*command, "--password-fd", str(read_end)]
    started = time.perf_counter()
    done = subprocess.run(
        command,
        env=env,
        capture_output=True,
        pass_fds=(read_end,) if read_end is not None else (),
        check=False,
    )
    elapsed = time.perf_counter() - started
    if read_end is not None:
        os.close(read_end)
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def make_file(folder: Path, cases: int, env: dict[str, str]) -> Path:
    path = folder / "cases.db"
    hd = [sys.executable, "-m", "hukou_desk", "--lang", "en"]
    subprocess.run(
        [*hd, "demo-data", "--cases", str(cases), "--db", str(path)], env=env, check=True
    )
    read_end, write_end = os.pipe()
    os.write(write_end, PASSWORD.encode() + b"\n")
    os.close(write_end)
    subprocess.run(
        [*hd, "first-start", "--station-code", "440703001", "--station-name", "白沙派出所",
         "--district", "440703", "--db", str(path), "--user", "admin",
         "--password-fd", str(read_end)],
        env=env, check=True, pass_fds=(read_end,), capture_output=True,
    )  # fmt: skip
    os.close(read_end)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hukou-bench-cli-") as scratch:
        env = dict(os.environ, HUKOU_DESK_HOME=scratch)
        db = make_file(Path(scratch), args.cases, env)
        commands = {
            "python": ([sys.executable, "-c", "pass"], False),
            "idcheck": ([sys.executable, "-m", "hukou_desk", "idcheck", ID], False),
            "search": (
                [
                    sys.executable,
                    "-m",
                    "hukou_desk",
                    "search",
                    "陈",
                    "--db",
                    str(db),
                    "--user",
                    "admin",
                ],
                True,
            ),
        }
        for command, password in commands.values():  # warm the file cache
            timed(command, password=password, env=env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved: the machine's drift hits all alike
            for name, (command, password) in commands.items():
                times[name].append(timed(command, password=password, env=env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["python"]
    result = {
        "what": "process spawn to exit, medians of interleaved runs",
        "runs": args.runs,
        "case_file_cases": args.cases,
        "median_s": {k: round(v, 3) for k, v in medians.items()},
        "ratio_to_bare_python": {k: round(v / floor, 1) for k, v in medians.items()},
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    out = HERE / "results" / "cli.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
