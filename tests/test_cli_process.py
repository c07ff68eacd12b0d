"""A handful of real processes: what only a process shows (imports, exit codes, memory, a
password on a file descriptor, no terminal to ask on)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.clirun import PASSWORD, staffed_demo_file

HEAVY = {"sqlalchemy", "sqlmodel", "reportlab", "cryptography", "alembic", "PySide6"}

pytestmark = pytest.mark.slow


def _hd(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "hukou_desk", "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kw,
    )


def test_idcheck_loads_no_database_pdf_or_crypto_library():
    probe = (
        "import sys\n"
        "from hukou_desk.__main__ import main\n"
        "main(['idcheck', '44070319880505001X'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(eval(done.stdout.strip().splitlines()[-1]))
    assert not loaded & HEAVY, loaded & HEAVY


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return staffed_demo_file(tmp_path_factory.mktemp("proc") / "cases.db", cases=20)


def test_the_password_on_a_file_descriptor_and_the_exit_codes(db):
    read_end, write_end = os.pipe()
    os.write(write_end, PASSWORD.encode() + b"\n")
    os.close(write_end)
    try:
        done = _hd(
            "search", "--db", str(db), "--user", "liwen", "--password-fd", str(read_end),
            "--json", pass_fds=(read_end,),
        )  # fmt: skip
    finally:
        os.close(read_end)
    assert done.returncode == 0, done.stderr
    assert '"cases"' in done.stdout


def test_no_terminal_to_ask_the_password_on_is_said_not_waited_for(db):
    done = _hd("search", "--db", str(db), "--user", "liwen", stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "no terminal" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_huge_deeply_nested_facts_file_is_refused_within_bounded_memory(tmp_path):
    deep = tmp_path / "deep.json"
    with deep.open("w") as out:  # 38 MB of nesting, as in the report
        out.write("[" * 19_000_000 + "]" * 19_000_000)
    shallow_deep = tmp_path / "deep-small.json"
    shallow_deep.write_text("[" * 100_000 + "]" * 100_000)
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))"
    for path, said in ((deep, "larger than 1 MiB"), (shallow_deep, "nested too deeply")):
        done = subprocess.run(
            [sys.executable, "-c", f"{limit}\nimport sys\nfrom hukou_desk.__main__ import main\n"
             f"sys.exit(main(['--lang', 'en', 'evaluate', {str(path)!r}]))"],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert said in done.stderr and done.stderr.count("\n") == 1


def test_a_bug_is_one_line_and_exit_70_with_the_stack_in_the_log(tmp_path, monkeypatch):
    monkeypatch.setenv("HUKOU_DESK_HOME", str(tmp_path))
    probe = (
        "import sys, logging\n"
        "logging.basicConfig(filename=sys.argv[1])\n"
        "import hukou_desk.cli as cli\n"
        "def broken(*a, **k): raise ZeroDivisionError('陈小明 440781199001011246')\n"
        "cli._idcheck = broken\n"
        "sys.exit(cli.run(['--lang', 'en', 'idcheck', '1']))\n"
    )
    log = tmp_path / "log.txt"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(log)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 70 and done.stderr.count("\n") == 1
    assert "internal error (ZeroDivisionError)" in done.stderr
    logged = log.read_text()
    assert "ZeroDivisionError" in logged and "陈小明" not in logged and "4407811990" not in logged
