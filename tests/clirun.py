"""Run the command line in-process, as `main(argv)`, with the password on a file descriptor."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from hukou_desk.cli import run

PASSWORD = "Counter-2026"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def hd(*args: str, user: str | None = None, password: str = PASSWORD, check: bool = True) -> Done:
    """`hukou-desk --lang en ARGS` in this process; with `user`, signed in as that user."""
    argv = ["--lang", "en", *args]
    read_end = None
    if user is not None:
        read_end, write_end = os.pipe()
        os.write(write_end, password.encode() + b"\n")
        os.close(write_end)
        argv += ["--user", user, "--password-fd", str(read_end)]
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = run(argv)
    finally:
        if read_end is not None:
            os.close(read_end)
    done = Done(code, out.getvalue(), err.getvalue())
    if check:
        assert done.returncode == 0, done.stderr
    return done


def staffed_demo_file(path: Path, *, cases: int, seed: int = 2018) -> Path:
    """A demo case file set up as a station: the administrator and two staff with passwords
    (admin, clerk liwen, supervisor chenfang)."""
    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir
    from hukou_desk.services import staff
    from hukou_desk.services.counter import Counter, open_case_file

    hd("demo-data", "--cases", str(cases), "--db", str(path), "--seed", str(seed),
       "--today", "2026-11-28")  # fmt: skip
    hd("first-start", "--station-code", "440703001", "--station-name", "白沙派出所",
       "--district", "440703", "--db", str(path), user="admin")  # fmt: skip
    counter = Counter(open_case_file(path), load_policy(forms_dir()), load_calendar(forms_dir()))
    try:
        admin = staff.sign_in(counter.database, username="admin", password=PASSWORD)
        for name in ("liwen", "chenfang"):
            staff.reset_password(counter, admin, username=name, password=PASSWORD)
    finally:
        counter.database.close()
    return path
