"""`print` and `verify-slip` as a clerk runs them: signed in, on a real file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from hukou_desk.cli.slips import KINDS
from hukou_desk.slips.wording import SlipKind
from tests.clirun import hd, staffed_demo_file


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return staffed_demo_file(tmp_path_factory.mktemp("slips") / "cases.db", cases=60, seed=7)


def _numbers(db, status):
    with sqlite3.connect(db) as raw:
        return [
            r[0] for r in raw.execute("SELECT number FROM case_file WHERE status = ?", (status,))
        ]


def _oldest_approval(db):
    """A case approved long ago: its permit is past the 90 days the applicant had."""
    with sqlite3.connect(db) as raw:
        return raw.execute(
            "SELECT c.number FROM case_file c JOIN decision d ON d.case_id = c.id "
            "WHERE c.status = 'approved' AND d.kind = 'approval' "
            "ORDER BY d.decided_at LIMIT 1"
        ).fetchone()[0]


@pytest.mark.slow
def test_print_writes_the_pdf_and_says_its_qr_payload_which_verifies(db, tmp_path):
    number = _oldest_approval(db)
    out = tmp_path / "approval.pdf"
    late = hd(
        "print", "approval", "--case", number, "--out", str(out), "--db", str(db), user="liwen",
        check=False,
    )  # fmt: skip
    assert late.returncode == 2 and "90 days" in late.stderr and not out.exists()
    refused = hd(
        "reissue", "approval", "--case", number, "--reason", "x", "--db", str(db), user="liwen",
        check=False,
    )  # fmt: skip
    assert refused.returncode == 2 and "supervisor" in refused.stderr
    hd(
        "reissue", "approval", "--case", number, "--reason", "申请人住院，逾期未办。",
        "--db", str(db), user="chenfang",
    )  # fmt: skip
    done = hd(
        "print", "approval", "--case", number, "--out", str(out), "--db", str(db), user="liwen"
    )
    assert out.read_bytes().startswith(b"%PDF")
    payload = done.stdout.strip().splitlines()[-1]
    assert payload.startswith("HKD2|") and f"|{number}|A|" in payload
    checked = json.loads(hd("verify-slip", payload, "--json", "--db", str(db), user="liwen").stdout)
    assert checked["verdict"] == "valid" and checked["case"] == number
    again = hd(
        "print", "approval", "--case", number, "--out", str(out), "--db", str(db), user="liwen"
    )
    assert "reprint" in again.stdout
    forged = payload.replace("|A|", "|R|")
    refused = hd("verify-slip", forged, "--db", str(db), user="liwen", check=False)
    assert refused.returncode == 1 and refused.stdout.splitlines()[-1].startswith("tampered")
    with sqlite3.connect(db) as raw:
        actions = [r[0] for r in raw.execute("SELECT action FROM audit_event")]
    assert actions.count("print.approval") == 2 and actions.count("slip.verify") == 2
    assert actions.count("slip.reissue") == 1


@pytest.mark.slow
def test_a_kind_that_does_not_fit_is_refused_in_one_line(db, tmp_path):
    number = _numbers(db, "refused")[0]
    out = tmp_path / "nope.pdf"
    done = hd(
        "print",
        "approval",
        "--case",
        number,
        "--out",
        str(out),
        "--db",
        str(db),
        user="liwen",
        check=False,
    )
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.count("\n") == 1 and "refused" in done.stderr
    unknown = hd(
        "print",
        "receipt",
        "--case",
        "nope",
        "--out",
        str(out),
        "--db",
        str(db),
        user="liwen",
        check=False,
    )
    assert unknown.returncode == 2 and "nope" in unknown.stderr


def test_the_command_lines_kinds_are_the_slips_kinds():
    assert list(KINDS) == [k.value for k in SlipKind]


def test_a_print_is_audited_under_the_user_who_printed(db, tmp_path):
    number = _numbers(db, "approved")[-1]
    hd("print", "receipt", "--case", number, "--out", str(tmp_path / "r.pdf"), "--db", str(db),
       user="chenfang")  # fmt: skip
    with sqlite3.connect(db) as raw:
        (actor,) = raw.execute(
            "SELECT actor FROM audit_event WHERE action = 'print.receipt' ORDER BY seq DESC"
        ).fetchone()
    assert actor == "chenfang"
