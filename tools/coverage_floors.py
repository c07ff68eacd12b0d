"""Hold each package at its coverage floor (pytest-cov's --cov-fail-under is for the total only).

    python tools/coverage_floors.py coverage.json [--floor domain=100 ...]

Reads the JSON report of coverage.py (`--cov-report=json:coverage.json`), sums statements and
covered lines per package of hukou_desk (its first folder: `hukou_desk/services/intake.py`
counts for `services`; a module at the top, `hukou_desk/keys.py`, for `keys`), prints one line
per package and exits 1 naming every package below its floor. A package with a floor that the
report does not contain fails too: a floor that measures nothing holds nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path, PurePosixPath
from typing import Any

# The floors of issue 29: the Qt-free domain whole, services and storage at nine in ten lines.
FLOORS = {"domain": 100.0, "services": 90.0, "storage": 90.0}


def package_of(filename: str) -> str | None:
    parts = PurePosixPath(filename.replace("\\", "/")).parts
    if "hukou_desk" not in parts:
        return None
    rest = parts[parts.index("hukou_desk") + 1 :]
    if not rest:
        return None
    return rest[0] if len(rest) > 1 else rest[0].removesuffix(".py")


def per_package(report: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Package → (statements, covered lines), from coverage.py's JSON report."""
    sums: dict[str, list[int]] = {}
    for filename, data in report["files"].items():
        package = package_of(filename)
        if package is None:
            continue
        summary = data["summary"]
        into = sums.setdefault(package, [0, 0])
        into[0] += summary["num_statements"]
        into[1] += summary["covered_lines"]
    return {k: (v[0], v[1]) for k, v in sorted(sums.items())}


def percent(statements: int, covered: int) -> float:
    return 100.0 if statements == 0 else 100.0 * covered / statements


def check(packages: dict[str, tuple[int, int]], floors: dict[str, float]) -> list[str]:
    """The failures, one sentence each (none: every floor held)."""
    failures = []
    for package, floor in floors.items():
        if package not in packages:
            failures.append(f"{package}: not measured (floor {floor:g}%)")
            continue
        got = percent(*packages[package])
        # Compared as coverage.py shows it (two decimals), so 99.996 is not a pass for 100.
        if int(got * 100) / 100 < floor:
            failures.append(f"{package}: {got:.2f}% is below its floor of {floor:g}%")
    return failures


def parse_floor(value: str) -> tuple[str, float]:
    package, _, number = value.partition("=")
    try:
        return package, float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected PACKAGE=PERCENT, got {value!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="coverage.py's JSON report")
    parser.add_argument(
        "--floor",
        type=parse_floor,
        action="append",
        default=[],
        metavar="PACKAGE=PERCENT",
        help="a floor instead of the built-in ones (repeatable)",
    )
    args = parser.parse_args(argv)
    floors = dict(args.floor) or FLOORS
    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"coverage floors: cannot read {args.report}: {error}", file=sys.stderr)
        return 1
    packages = per_package(report)
    for package, (statements, covered) in packages.items():
        floor = floors.get(package)
        mark = f"  (floor {floor:g}%)" if floor is not None else ""
        print(f"{package:<12} {percent(statements, covered):6.2f}% of {statements:>5} lines{mark}")
    failures = check(packages, floors)
    for failure in failures:
        print(f"coverage floor not held: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
