"""Run the command line in-process, as `main(argv)`, with the password on a file descriptor."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from hukou_desk.cli import run

PASSWORD = "Baisha-Counter-2026"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def hd(
    *args: str,
    user: str | None = None,
    password: str = PASSWORD,
    check: bool = True,
    lang: str = "en",
) -> Done:
    """`hukou-desk --lang LANG ARGS` (English unless told) in this process; with `user`,
    signed in as that user."""
    signed: list[str] = []
    read_end = None
    if user is not None:
        read_end, write_end = os.pipe()
        os.write(write_end, password.encode() + b"\n")
        os.close(write_end)
        signed = ["--user", user, "--password-fd", str(read_end)]
    # Right after the subcommand, so that a "--" among the arguments still works.
    argv = ["--lang", lang, *args[:1], *signed, *args[1:]]
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


def staffed_demo_file(path: Path, *, cases: int, seed: int = 2018, real: bool = False) -> Path:
    """A case file of generated cases set up as a station: the administrator and two staff with
    passwords (admin, clerk liwen, supervisor chenfang). A training file made by `demo-data`,
    or with `real`, the same cases in a station's real case file (for the sync's tests)."""
    from datetime import date

    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir
    from hukou_desk.services import staff
    from hukou_desk.services.counter import Counter, open_case_file

    if real:
        from hukou_desk import demo
        from tests.stations import set_up_station

        # A station's real file from before encryption (the command line's first start now
        # encrypts): the sync's tests read it with sqlite3, and `station-key` does not open an
        # encrypted file yet (issue 24's registration).
        database = open_case_file(path)
        demo.generate(
            database,
            count=cases,
            policy=load_policy(forms_dir()),
            calendar=load_calendar(forms_dir()),
            today=date(2026, 11, 28),
            seed=seed,
        )
        set_up_station(database, password=PASSWORD)
        database.close()
    else:
        hd("demo-data", "--cases", str(cases), "--db", str(path), "--seed", str(seed),
           "--today", "2026-11-28")  # fmt: skip
        hd("first-start", "--station-code", "440703001", "--station-name", "白沙派出所",
           "--district", "440703", "--phone", "0750-3301110", "--db", str(path),
           user="admin")  # fmt: skip
    counter = Counter(open_case_file(path), load_policy(forms_dir()), load_calendar(forms_dir()))
    try:
        admin = staff.sign_in(counter.file, username="admin", password=PASSWORD)
        for name in ("liwen", "chenfang"):
            staff.reset_password(counter, admin, username=name, password=PASSWORD)
    finally:
        counter.database.close()
    return path
