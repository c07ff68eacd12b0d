"""The case-file commands, run as a clerk would run them: a real process on a real file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest


def hd(*args, check=True):
    done = subprocess.run(
        [sys.executable, "-m", "hukou_desk", "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cases.db"
    out = hd(
        "demo-data", "--cases", "300", "--db", str(path), "--seed", "5", "--today", "2026-11-28"
    )
    assert "300 cases added" in out.stdout
    return path


def test_search_lists_masked_numbers_and_statuses_by_name(db):
    out = json.loads(
        hd(
            "search", "--db", str(db), "--status", "approved", "--limit", "5", "--counts", "--json"
        ).stdout
    )
    assert len(out["cases"]) == 5 and {c["status"] for c in out["cases"]} == {"approved"}
    assert all(c["id_number"][6:14] == "********" for c in out["cases"])
    assert sum(out["counts"].values()) == 300
    name = out["cases"][0]["name"]
    text = hd("search", name[:2], "--db", str(db)).stdout
    assert out["cases"][0]["number"] in text or "more" in text


def test_a_search_for_a_person_is_an_audited_look_up(db):
    with sqlite3.connect(db) as c:
        before = c.execute("SELECT count(*) FROM audit_event WHERE action = 'search'").fetchone()[0]
    hd("search", "陈", "--db", str(db))
    with sqlite3.connect(db) as c:
        after = c.execute("SELECT count(*) FROM audit_event WHERE action = 'search'").fetchone()[0]
        detail = c.execute("SELECT detail FROM audit_event WHERE action = 'search'").fetchone()[0]
    assert after == before + 1 and "陈" not in detail


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "--status", "finished"], "invalid choice"),
        (["search", "--pathway", "nope"], "nope"),
        (["search", "--from", "2026-02-30"], "is not a date"),
        (["search", "--limit", "0"], "positive"),
        (["demo-data", "--cases", "0"], "positive"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(db, args, message):
    done = hd(*args, "--db", str(db), check=False)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_a_missing_or_damaged_file_is_a_message_not_a_traceback(tmp_path):
    done = hd("search", "--db", str(tmp_path / "none.db"), check=False)
    assert done.returncode == 2 and "No case file" in done.stderr
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    done = hd("audit", "verify", "--db", str(bad), check=False)
    assert done.returncode == 2 and "damaged" in done.stderr and "Traceback" not in done.stderr


def test_backup_restore_and_audit_verify(db, tmp_path):
    work = tmp_path / "cases.db"
    work.write_bytes(db.read_bytes())
    assert "Audit chain intact" in hd("audit", "verify", "--db", str(work)).stdout
    made = hd("backup", "--db", str(work)).stdout.split("Backup taken: ")[1].strip()
    with sqlite3.connect(work) as c:
        c.execute("UPDATE audit_event SET actor = 'mallory' WHERE seq = 3")
    done = hd("audit", "verify", "--db", str(work), check=False)
    assert done.returncode == 1 and "broken at event 3" in done.stdout
    out = hd("restore", made, "--db", str(work)).stdout
    assert "Restored from" in out
    assert "Audit chain intact" in hd("audit", "verify", "--db", str(work)).stdout


def test_deadlines_lists_running_cases_close_to_their_limit(db):
    rows = json.loads(hd("deadlines", "--db", str(db), "--on", "2026-11-28", "--json").stdout)
    assert rows and {r["urgency"] for r in rows} <= {"near", "overdue"}


def test_demo_data_twice_on_one_file_adds_new_cases(tmp_path):
    path = tmp_path / "twice.db"
    hd("demo-data", "--cases", "20", "--db", str(path))
    again = hd("demo-data", "--cases", "20", "--db", str(path), check=False)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM case_file").fetchone()[0] == 40
