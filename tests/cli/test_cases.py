"""The case-file commands as staff run them: signed in, on a real file, in-process."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing

import pytest

from hukou_desk.services.counter import OpenFile, database_of
from tests.clirun import hd, staffed_demo_file


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return staffed_demo_file(tmp_path_factory.mktemp("cli") / "cases.db", cases=300, seed=5)


@pytest.mark.slow
def test_search_lists_masked_numbers_and_statuses_by_name(db):
    out = json.loads(
        hd(
            "search", "--db", str(db), "--status", "approved", "--limit", "5", "--counts", "--json",
            user="liwen",
        ).stdout
    )  # fmt: skip
    assert len(out["cases"]) == 5 and {c["status"] for c in out["cases"]} == {"approved"}
    assert all(c["id_number"][6:14] == "********" for c in out["cases"])
    assert sum(out["counts"].values()) == 300
    name = out["cases"][0]["name"]
    text = hd("search", name[:2], "--db", str(db), user="liwen").stdout
    assert out["cases"][0]["number"] in text or "more" in text


def test_a_search_for_a_person_is_an_audited_look_up_under_the_signed_in_user(db):
    with sqlite3.connect(db) as c:
        before = c.execute("SELECT count(*) FROM audit_event WHERE action = 'search'").fetchone()[0]
    hd("search", "陈", "--db", str(db), user="liwen")
    with sqlite3.connect(db) as c:
        after = c.execute("SELECT count(*) FROM audit_event WHERE action = 'search'").fetchone()[0]
        actor, detail = c.execute(
            "SELECT actor, detail FROM audit_event WHERE action = 'search' ORDER BY seq DESC"
        ).fetchone()
    assert after == before + 1 and "陈" not in detail and actor == "liwen"


@pytest.mark.slow
def test_case_file_commands_need_a_user_and_the_right_password(db):
    for args in (["search"], ["deadlines"], ["backup"], ["audit", "verify"]):
        done = hd(*args, "--db", str(db), check=False)
        assert done.returncode == 2 and "--user" in done.stderr
    wrong = hd("search", "--db", str(db), user="liwen", password="not-it-2026", check=False)
    assert wrong.returncode == 2 and "Wrong user name or password" in wrong.stderr
    nobody = hd("search", "--db", str(db), user="mallory", check=False)
    assert nobody.returncode == 2 and "Wrong user name or password" in nobody.stderr
    with sqlite3.connect(db) as c:
        failures = c.execute(
            "SELECT count(*) FROM audit_event WHERE action = 'login.failed'"
        ).fetchone()[0]
    assert failures >= 2


@pytest.mark.slow
def test_the_same_lockout_as_the_desk(tmp_path):
    path = staffed_demo_file(tmp_path / "lock.db", cases=5)
    for _ in range(5):
        hd("search", "--db", str(path), user="liwen", password="guess-2026", check=False)
    locked = hd("search", "--db", str(path), user="liwen", check=False)
    assert locked.returncode == 2 and "locked" in locked.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "--status", "finished"], "invalid choice"),
        (["search", "--pathway", "nope"], "nope"),
        (["search", "--from", "2026-02-30"], "is not a date"),
        (["search", "--limit", "0"], "between 1 and"),
        (["demo-data", "--cases", "0"], "between 1 and"),
        (["deadlines", "--on", "9999-12-31"], "is not a date between 1900 and 2199"),
        (["backup", "--keep-days", "1000000000000"], "between 1 and 3650"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(db, args, message):
    done = hd(*args, "--db", str(db), user="liwen", check=False)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_missing_or_damaged_file_is_a_message_not_a_traceback(tmp_path):
    done = hd("search", "--db", str(tmp_path / "none.db"), user="liwen", check=False)
    assert done.returncode == 2 and "No case file" in done.stderr
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    done = hd("audit", "verify", "--db", str(bad), user="liwen", check=False)
    assert done.returncode == 2 and "damaged" in done.stderr and "Traceback" not in done.stderr


def _same_pc(db, tmp_path):
    """The case file beside its station key, as on the station's PC."""
    work = tmp_path / "cases.db"
    work.write_bytes(db.read_bytes())
    shutil.copytree(db.parent / "keys", tmp_path / "keys")
    return work


@pytest.mark.slow
def test_backup_restore_and_audit_verify_by_role(db, tmp_path):
    work = _same_pc(db, tmp_path)
    verified = hd("audit", "verify", "--db", str(work), user="chenfang").stdout
    assert "Audit chain intact" in verified
    clerk = hd("audit", "verify", "--db", str(work), user="liwen", check=False)
    assert clerk.returncode == 2 and "Only a supervisor or administrator" in clerk.stderr
    made = hd("backup", "--db", str(work), user="liwen").stdout.split("Backup taken: ")[1].strip()
    with sqlite3.connect(work) as c:
        c.execute("UPDATE audit_event SET actor = 'mallory' WHERE seq = 3")
    done = hd("audit", "verify", "--db", str(work), user="admin", check=False)
    assert done.returncode == 1 and "broken at event 3" in done.stdout
    refused = hd("restore", made, "--db", str(work), user="liwen", check=False)
    assert refused.returncode == 2 and "Only an administrator" in refused.stderr
    out = hd("restore", made, "--db", str(work), user="admin").stdout
    assert "Restored from" in out
    assert "Audit chain intact" in hd("audit", "verify", "--db", str(work), user="admin").stdout
    with sqlite3.connect(work) as c:
        actors = dict(c.execute("SELECT action, actor FROM audit_event WHERE action = 'restore'"))
    assert actors == {"restore": "admin"}


@pytest.mark.slow
def test_a_damaged_case_file_is_restored_by_signing_in_against_the_backup(db, tmp_path):
    work = _same_pc(db, tmp_path)
    made = hd("backup", "--db", str(work), user="admin").stdout.split("Backup taken: ")[1].strip()
    work.write_bytes(b"\0" * 8192)
    (tmp_path / "cases.db-wal").unlink(missing_ok=True)
    clerk = hd("restore", made, "--db", str(work), user="liwen", check=False)
    assert clerk.returncode == 2 and "Only an administrator" in clerk.stderr
    assert "Restored from" in hd("restore", made, "--db", str(work), user="admin").stdout
    assert "intact" in hd("audit", "verify", "--db", str(work), user="admin").stdout


@pytest.mark.slow
def test_deadlines_lists_the_cases_due_soonest_and_counts_the_overdue_apart(db):
    with sqlite3.connect(db) as c:
        # The last day of the last limit: that case is due today, the ones before it overdue.
        (on,) = c.execute("SELECT max(due_on) FROM case_file").fetchone()
        overdue = c.execute("SELECT count(*) FROM case_file WHERE due_on < ?", (on,)).fetchone()[0]
    out = json.loads(hd("deadlines", "--db", str(db), "--on", on, "--json", user="liwen").stdout)
    assert out["overdue"] == overdue > 2 and out["listed"] == "soon"
    assert len(out["cases"]) == out["due_soon"] >= 1
    assert {c["urgency"] for c in out["cases"]} == {"near"}
    assert [c["due"] for c in out["cases"]] == sorted(c["due"] for c in out["cases"])
    late = json.loads(
        hd(
            "deadlines", "--db", str(db), "--on", on, "--overdue", "--limit", "2", "--json",
            user="liwen",
        ).stdout
    )  # fmt: skip
    assert late["overdue"] == overdue and len(late["cases"]) == 2
    assert {c["urgency"] for c in late["cases"]} == {"overdue"}
    # Said in words: each figure names what it counts, and a shortened list says so.
    said = hd(
        "deadlines", "--db", str(db), "--on", on, "--overdue", "--limit", "2", user="liwen"
    ).stdout
    assert f"open cases past their time limit, station-wide: {overdue}" in said
    assert f"Due today or within 3 working days: {out['due_soon']}" in said
    assert f"Showing the first 2 of {overdue}" in said
    # Cases whose limit needs a year not installed wait for it, undated, never guessed.
    assert all(w["year"] > 2026 for w in out["awaiting_calendar"])


@pytest.mark.slow
def test_demo_data_into_a_working_file_is_the_administrators(tmp_path):
    path = staffed_demo_file(tmp_path / "twice.db", cases=20)
    clerk = hd("demo-data", "--cases", "20", "--db", str(path), user="liwen", check=False)
    assert clerk.returncode == 2 and "Only an administrator" in clerk.stderr
    hd("demo-data", "--cases", "20", "--db", str(path), user="admin")
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM case_file").fetchone()[0] == 40


def test_demo_data_beside_another_writer_or_on_a_full_disk_is_one_line(tmp_path, monkeypatch):
    from hukou_desk import demo
    from hukou_desk.storage import driver as sqlite
    from hukou_desk.storage.database import claim

    path = tmp_path / "new.db"
    held = claim(path)  # a desk has the file open
    try:
        busy = hd("demo-data", "--cases", "5", "--db", str(path), check=False)
    finally:
        held.release()
    assert busy.returncode == 2 and "already open in another" in busy.stderr

    def full(*_args, **_kwargs):
        raise sqlite.OperationalError("database or disk is full")

    monkeypatch.setattr(demo, "generate", full)
    done = hd("demo-data", "--cases", "5", "--db", str(tmp_path / "full.db"), check=False)
    assert done.returncode == 2 and "disk is full" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_read_only_folder_is_said_not_called_damaged(db, monkeypatch):
    import os

    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if m == os.W_OK else real(p, m))
    done = hd("search", "--db", str(db), user="liwen", check=False)
    assert done.returncode == 2 and "cannot be written" in done.stderr
    assert "damaged" not in done.stderr.replace("not damaged", "")


@pytest.mark.slow
def test_an_encrypted_case_file_opens_at_the_command_line_with_the_users_password(db, tmp_path):
    """The same password opens the file (its keyring slot) and signs in; a wrong one opens
    nothing; a user without a slot yet is refused like a wrong password."""
    from hukou_desk.services import vault
    from hukou_desk.storage.database import open_database

    work = _same_pc(db, tmp_path)
    done = vault.encrypt(
        OpenFile(open_database(work)), admin="admin", password="Baisha-Counter-2026"
    )
    database_of(done.file).close()
    assert vault.is_encrypted(work)
    out = json.loads(hd("search", "--db", str(work), "--json", user="admin").stdout)
    assert out["cases"]
    wrong = hd("search", "--db", str(work), user="admin", password="Wrong-pass-1", check=False)
    assert wrong.returncode == 2 and "Wrong user name or password" in wrong.stderr
    clerk = hd("search", "--db", str(work), user="liwen", check=False)  # no slot until a reset
    assert clerk.returncode == 2 and "Wrong user name or password" in clerk.stderr
    assert "intact" in hd("audit", "verify", "--db", str(work), user="admin").stdout


@pytest.mark.slow
def test_correct_person_corrects_the_record_and_leaves_decided_cases_as_decided(tmp_path):
    db = staffed_demo_file(tmp_path / "cases.db", cases=60, seed=7)
    with closing(sqlite3.connect(db)) as c:  # closed before the command writes
        number, id_number, name = c.execute(
            "SELECT case_file.number, person.id_number, person.name FROM case_file "
            "JOIN person ON person.id = case_file.applicant_id "
            "WHERE case_file.status = 'approved' ORDER BY case_file.serial"
        ).fetchone()
    done = hd(
        "correct-person", id_number, "--name", "更正名", "--reason", "核对户口簿",
        "--db", str(db), user="liwen",
    )  # fmt: skip
    assert number in done.stdout.splitlines()[1]  # kept as it was decided
    listed = json.loads(hd("search", number, "--json", "--db", str(db), user="liwen").stdout)
    assert [c["name"] for c in listed["cases"]] == [name]
    with closing(sqlite3.connect(db)) as c:
        assert c.execute(
            "SELECT name FROM person WHERE id_number = ?", (id_number,)
        ).fetchone() == ("更正名",)
        reason, actor = c.execute(
            "SELECT reason, user.username FROM person_correction "
            "JOIN user ON user.id = person_correction.corrected_by"
        ).fetchone()
    assert (reason, actor) == ("核对户口簿", "liwen")
    nothing = hd("correct-person", id_number, "--reason", "x", "--db", str(db), user="liwen",
                 check=False)  # fmt: skip
    assert nothing.returncode == 2 and "--name" in nothing.stderr
