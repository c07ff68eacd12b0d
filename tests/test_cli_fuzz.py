"""Fuzzing every subcommand's arguments and input files: whatever comes in, one clear line and
exit status 2 (or a proper answer), never a traceback and never the bug exit (70)."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hukou_desk.cli import _parser
from hukou_desk.cli.slips import VERIFY_EXITS
from tests.clirun import hd, staffed_demo_file

pytestmark = pytest.mark.slow


def _subcommands() -> dict[str, list[argparse.Action]]:
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: [a for a in p._actions if not isinstance(a, argparse._HelpAction)]
        for name, p in sub.choices.items()
    }


COMMANDS = _subcommands()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A station file, and every kind of bad input file a clerk or a script could pass.
    The commands run in a folder of their own: a relative path they are given lands there."""
    root = tmp_path_factory.mktemp("fuzz")
    here = Path.cwd()
    os.chdir(root)
    station = staffed_demo_file(root / "cases.db", cases=30)
    files = root / "in"
    files.mkdir()
    (files / "latin1.json").write_bytes('{"applicant": "é"}'.encode("latin-1"))
    (files / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (files / "huge.json").write_bytes(b" " * (2 * 1024 * 1024) + b"{}")
    (files / "empty.json").write_bytes(b"")
    (files / "null.json").write_text("null")
    (files / "list.json").write_text("[1, 2, 3]")
    (files / "junk.bin").write_bytes(bytes(range(256)) * 64)
    (files / "notes.txt").write_text("这不是案件数据库")
    (files / "folder").mkdir()
    damaged = files / "damaged.db"
    shutil.copyfile(station, damaged)
    with sqlite3.connect(damaged) as raw:  # one damaged status value in a row
        raw.execute("UPDATE case_file SET status = 'xyz' WHERE serial = 3")
    (files / "zeros.db").write_bytes(b"\0" * 8192)
    yield root, station, files, _values(root, station, files)
    os.chdir(here)


def _values(root: Path, station: Path, files: Path) -> list[str]:
    """Fixed once: what the commands write goes elsewhere, so the draws stay the same."""
    paths = [
        *sorted(str(p) for p in files.iterdir()),
        str(files / "missing.json"),
        str(root / "out" / "x.pdf"),
        str(root / "out.pdf"),
        "/dev/null",
        "-",
        str(station),
    ]
    dates = ["2026-11-28", "2026-02-30", "0001-01-01", "9999-12-31", "1899-12-31", "x", ""]
    numbers = ["0", "-1", "1", "20", "1000000000000", "99999999999999999999", "1e3", "NaN"]
    words = ["approved", "draft", "spouse", "nope", "440703", "陈", "𠮷", "A" * 300, "\x00"]
    ids = ["44070319880505001X", "440703199003071234", "123", "4407"]
    return paths + dates + numbers + words + ids + ["verify", "receipt", "approval"]


@settings(
    max_examples=int(os.environ.get("HUKOU_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_arguments_give_one_line_and_status_2_or_an_answer(world, data):
    _root, station, files, values = world
    command = data.draw(st.sampled_from(sorted(COMMANDS)))
    value = st.one_of(st.sampled_from(values), st.text(max_size=12))
    args = [command]
    options = []
    for action in COMMANDS[command]:
        if action.dest in ("db", "user", "password_fd", "lang"):
            continue
        if not action.option_strings:  # a positional: always given, mostly from the vocabulary
            chosen = action.choices and data.draw(st.booleans())
            args.append(data.draw(st.sampled_from(sorted(action.choices)) if chosen else value))
        elif action.required or data.draw(st.booleans()):
            options.append(action.option_strings[-1])
            if action.nargs != 0:
                options.append(data.draw(value))
    args += options + data.draw(st.lists(value, max_size=1))
    db = data.draw(
        st.sampled_from([str(station), str(files / "damaged.db"), str(files / "zeros.db")])
    )
    who = data.draw(st.sampled_from([None, "liwen", "admin", "chenfang", "mallory"]))
    names = {o for a in COMMANDS[command] for o in a.option_strings}
    if "--db" in names:
        args += ["--db", db]
    done = hd(*args, user=who if "--user" in names else None, check=False)
    event(f"exit {done.returncode}: {done.stderr.split(':')[1][:30] if ':' in done.stderr else ''}")
    # 0 an answer, 1 a refusal of the request, 2 the command line's refusal; verify-slip
    # also answers with the paper's state (3 lapsed … 8 not a slip: its documented codes).
    answers = {0, 1, 2} | (set(VERIFY_EXITS.values()) if command == "verify-slip" else set())
    assert done.returncode in answers, (args, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    if done.returncode == 2:
        assert done.stderr.strip() and done.stderr.count("\n") == 1, (args, done.stderr)
