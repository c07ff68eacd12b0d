"""The frozen bundle's start, cold and warm, next to the desk from the virtual environment and a
bare PySide6 window, in the same run: from process start to the sign-in window mapped on a real
X server (Xvfb, platform xcb), found by polling with xdotool every 10 ms.

Cold: the kernel's page cache dropped before the run (needs root: `/proc/sys/vm/drop_caches`),
as at the first start after switching the PC on. Warm: the same command again at once. The
runs interleave the three commands (these machines are noisy); medians are quoted.

    make package && .venv/bin/python benchmarks/bench_bundle_start.py

Results: benchmarks/results/bundle_start.json (with the bundle's size on disk).
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
ROOT = HERE.parent

BARE = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("户籍")
label.setWindowTitle("bare-window")
label.show()
app.exec()
"""


def xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        return server, ":" + numbers.readline().strip()


def drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def time_to_window(command: list[str], title: str, env: dict[str, str]) -> float:
    """Seconds from starting `command` to a visible window named `title`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", title],
                env=env,
                capture_output=True,
                check=False,
            )
            if found.stdout.strip():
                return time.perf_counter() - started
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} ended before its window showed")
            if time.perf_counter() - started > 120:
                raise RuntimeError(f"no window from {command[0]} in 120 s")
            time.sleep(0.01)
    finally:
        process.terminate()
        process.wait(timeout=30)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "hukou-desk")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "bundle_start.json")
    args = parser.parse_args()
    executable = args.bundle / "hukou-desk"
    if not executable.is_file():
        raise SystemExit(f"{executable} missing: run `make package` first")
    server, display = xvfb()
    home = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "HUKOU_DESK_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "share"),
    }
    commands = {
        "bundle": ([str(executable)], "登录"),
        "venv": ([sys.executable, "-m", "hukou_desk"], "登录"),
        "bare_pyside6": ([sys.executable, "-c", BARE], "bare-window"),
    }
    times: dict[str, dict[str, list[float]]] = {k: {"cold": [], "warm": []} for k in commands}
    cold_possible = True
    try:
        for command, title in commands.values():  # one start each, not counted
            time_to_window(command, title, env)
        for _ in range(args.repeat):
            for name, (command, title) in commands.items():
                cold_possible = drop_caches() and cold_possible
                times[name]["cold"].append(round(time_to_window(command, title, env), 3))
                times[name]["warm"].append(round(time_to_window(command, title, env), 3))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "what": "process start to the sign-in window mapped (Xvfb, xcb), cold and warm",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "cold_means_page_cache_dropped": cold_possible,
        "repeat": args.repeat,
        "bundle_bytes": size(args.bundle),
        "median_s": {
            name: {kind: statistics.median(values) for kind, values in runs.items()}
            for name, runs in times.items()
        },
        "all_s": times,
    }
    medians = result["median_s"]
    assert isinstance(medians, dict)
    result["ratios"] = {
        kind: {
            "bundle_vs_venv": round(medians["bundle"][kind] / medians["venv"][kind], 2),
            "bundle_vs_bare": round(medians["bundle"][kind] / medians["bare_pyside6"][kind], 2),
        }
        for kind in ("cold", "warm")
    }
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: result[k] for k in ("bundle_bytes", "median_s", "ratios")}, indent=2))


if __name__ == "__main__":
    main()
