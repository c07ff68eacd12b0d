"""The per-package coverage floors of `make pytest` (tools/coverage_floors.py), on reports
written here in coverage.py's JSON format."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("coverage_floors", ROOT / "tools/coverage_floors.py")
assert _spec is not None and _spec.loader is not None
floors = importlib.util.module_from_spec(_spec)
sys.modules["coverage_floors"] = floors
_spec.loader.exec_module(floors)


def report(**files: tuple[int, int]) -> dict:
    """coverage.py's JSON: file → (statements, covered lines)."""
    return {
        "files": {
            name: {"summary": {"num_statements": n, "covered_lines": c}}
            for name, (n, c) in files.items()
        }
    }


def test_lines_are_summed_per_package_and_a_top_level_module_is_its_own():
    found = floors.per_package(
        report(
            **{
                "hukou_desk/services/intake.py": (100, 95),
                "hukou_desk/services/staff.py": (50, 40),
                "/abs/checkout/hukou_desk/storage/models.py": (10, 10),
                "hukou_desk/keys.py": (20, 5),
                "tests/conftest.py": (30, 30),  # not the product's
            }
        )
    )
    assert found == {"keys": (20, 5), "services": (150, 135), "storage": (10, 10)}
    assert floors.percent(150, 135) == 90.0
    assert floors.percent(0, 0) == 100.0


def test_each_package_below_its_floor_is_named_with_its_figure():
    packages = {"domain": (1000, 999), "services": (100, 90), "storage": (100, 89)}
    assert floors.check(packages, floors.FLOORS) == [
        "domain: 99.90% is below its floor of 100%",
        "storage: 89.00% is below its floor of 90%",
    ]
    # 99.996% shows as 100.00 but is not the whole domain either.
    assert floors.check({"domain": (100_000, 99_996)}, {"domain": 100.0}) == [
        "domain: 100.00% is below its floor of 100%"
    ]
    assert floors.check({"services": (10, 9)}, {"services": 90.0}) == []


def test_a_floor_over_a_package_not_measured_fails():
    assert floors.check({"services": (10, 10)}, {"domain": 100.0}) == [
        "domain: not measured (floor 100%)"
    ]


def test_the_command_prints_every_package_and_exits_one_naming_the_failures(tmp_path, capsys):
    path = tmp_path / "coverage.json"
    path.write_text(
        json.dumps(
            report(
                **{
                    "hukou_desk/domain/rules.py": (200, 200),
                    "hukou_desk/services/intake.py": (100, 91),
                    "hukou_desk/storage/cases.py": (100, 80),
                }
            )
        )
    )
    assert floors.main([str(path)]) == 1
    out, err = capsys.readouterr()
    assert "domain       100.00% of   200 lines  (floor 100%)" in out
    assert "storage       80.00% of   100 lines  (floor 90%)" in out
    assert err.strip() == "coverage floor not held: storage: 80.00% is below its floor of 90%"

    assert floors.main([str(path), "--floor", "storage=80", "--floor", "domain=100"]) == 0


def test_an_unreadable_report_or_a_bad_floor_is_refused(tmp_path, capsys):
    assert floors.main([str(tmp_path / "missing.json")]) == 1
    assert "cannot read" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        floors.main([str(tmp_path / "missing.json"), "--floor", "storage=ninety"])
    assert refused.value.code == 2
    assert "expected PACKAGE=PERCENT" in capsys.readouterr().err
