"""The command line through its real entry point: outputs, and bad input → one line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hukou_desk.__main__ import main
from hukou_desk.cli import run

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def test_pathways_json_lists_every_pathway(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["pathways", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 21 and rows[1]["clause"] == "二（一）1"


def test_evaluate_one_pathway_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["evaluate", str(EXAMPLES / "specialist.json"), "--pathway", "specialist", "--json"])
        == 0
    )
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["result"] == "eligible"
    assert {line["clause"] for line in outcome["criteria"]} == {"三（一）", "二（六）", "二（二）3"}


def test_evaluate_without_pathway_ranks(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--lang", "en", "evaluate", str(EXAMPLES / "bought_home.json")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("== Bought or self-built home (二（三）2) — eligible")


def test_evaluate_before_the_plan_is_not_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "evaluate",
        str(EXAMPLES / "spouse.json"),
        "--pathway",
        "spouse",
        "--on",
        "2018-09-30",
        "--json",
    ]
    assert run(args) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "not_in_force"


def test_idcheck(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["idcheck", "440721195001011233", "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["region"] == {
        "code": "440721",
        "name": "新会县",
        "province": "广东省",
        "retired": True,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["idcheck", "440703199003071234"], "校验码应为5"),
        (["evaluate", "{facts}", "--pathway", "flying"], "没有编号为“flying”"),
        (["evaluate", "{facts}", "--on", "2026-02-30"], "日期“2026-02-30”无效"),
        (["evaluate", "{bad_json}"], "不是有效的JSON"),
        (["evaluate", "{bad_id}"], "applicant.id_number"),
        (["evaluate", "/nonexistent/facts.json"], "没有这个文件"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{oops", encoding="utf-8")
    bad_id = tmp_path / "bad_id.json"
    bad_id.write_text('{"applicant": {"id_number": "123"}}', encoding="utf-8")
    paths = {
        "{facts}": str(EXAMPLES / "spouse.json"),
        "{bad_json}": str(bad_json),
        "{bad_id}": str(bad_id),
    }
    args = [paths.get(a, a) for a in args]
    code = main(args)
    stderr = capsys.readouterr().err
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) <= 2


def test_malformed_forms_refused_by_cli(tmp_path: Path) -> None:
    import shutil

    from hukou_desk.paths import forms_dir

    shutil.copytree(forms_dir(), tmp_path / "forms")
    plan = tmp_path / "forms" / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nbogus = 1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hukou_desk", "--forms", str(tmp_path / "forms"), "check-forms"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "plan.toml" in done.stderr and "bogus" in done.stderr


def test_idcheck_text_says_retired_and_converted(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["idcheck", "440721195001011233"]) == 0
    assert (
        capsys.readouterr().out.strip()
        == "440721195001011233 有效: 1950-01-01 男 广东省新会县（已撤销的代码）"
    )
    assert run(["--lang", "en", "idcheck", "440524800101001"]) == 0
    assert "converted from 440524800101001" in capsys.readouterr().out


def test_schema_and_check_forms(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "hukou-desk case facts"
    assert run(["check-forms"]) == 0
    assert "21 pathways, 38 document types, 75 registration offices: OK" in capsys.readouterr().out


def test_every_file_the_desk_or_the_command_line_writes_is_owner_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import os

    before = os.umask(0o022)
    try:
        assert main(["idcheck", "11010519491231002X"]) == 0
        assert os.umask(before) == 0o077
    finally:
        os.umask(before)
    assert "有效" in capsys.readouterr().out
