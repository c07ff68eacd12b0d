"""The one count of wrong passwords: atomic across processes, a lock that runs out, a reset."""

from __future__ import annotations

import multiprocessing
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from hukou_desk.storage.attempts import LOCKOUT, MAX_FAILURES, Attempts, Locked
from hukou_desk.storage.models import utc_now


def _wrong_guess(args: tuple[str, object]) -> str:
    """One process's attempt at a wrong password: counted, then found wrong, or locked."""
    where, start = args
    start.wait()  # type: ignore[attr-defined]
    count = Attempts(Path(where))
    try:
        attempt = count.begin("boss")
    except Locked:
        return "locked"
    count.failed(attempt, recorded=True)
    return "checked"


@pytest.mark.slow  # twenty processes at once
def test_twenty_processes_at_once_get_exactly_the_limit_checked(tmp_path):
    context = multiprocessing.get_context("fork")
    start = context.Manager().Barrier(20)
    with context.Pool(20) as pool:
        said = pool.map(_wrong_guess, [(str(tmp_path / "cases.db"), start)] * 20)
    assert said.count("checked") == MAX_FAILURES
    assert said.count("locked") == 20 - MAX_FAILURES
    assert Attempts(tmp_path / "cases.db").locked("boss")


def test_the_count_is_owner_only_and_a_lock_runs_out(tmp_path):
    count = Attempts(tmp_path / "cases.db")
    assert not count.locked("clerk")  # no file yet
    now = utc_now()
    for _ in range(MAX_FAILURES):
        count.failed(count.begin("clerk", now=now), recorded=False, now=now)
    assert stat.S_IMODE(count.path.stat().st_mode) == 0o600
    with pytest.raises(Locked, match="15 minutes"):
        count.begin("clerk", now=now)
    assert count.locked("clerk", now=now)
    later = now + LOCKOUT + timedelta(seconds=1)
    assert not count.locked("clerk", now=later)
    attempt = count.begin("clerk", now=later)  # the count starts again
    assert attempt.count == 1
    assert count.succeeded(attempt) == MAX_FAILURES  # the ones the audit trail has not seen
    assert count.begin("clerk").count == 1


def test_a_right_password_clears_the_count_and_a_reset_lifts_a_lock(tmp_path):
    count = Attempts(tmp_path / "cases.db")
    for _ in range(MAX_FAILURES - 1):
        count.failed(count.begin("clerk"), recorded=True)
    assert count.succeeded(count.begin("clerk")) == 0
    for _ in range(MAX_FAILURES):
        count.failed(count.begin("clerk"), recorded=True)
    assert count.locked("clerk")
    count.clear("clerk")
    assert not count.locked("clerk")
    assert count.begin("clerk").count == 1


def test_a_count_file_not_yet_filled_locks_nobody(tmp_path):
    count = Attempts(tmp_path / "cases.db")
    count.path.write_bytes(b"")
    assert not count.locked("clerk")


def test_a_case_file_named_with_a_question_mark_is_counted_under_its_own_name(tmp_path):
    count = Attempts(tmp_path / "a?b#c.db")
    for _ in range(MAX_FAILURES):
        count.failed(count.begin("clerk"), recorded=True)
    assert count.locked("clerk") and count.path.name == "a?b#c.db.attempts"
