"""Document numbers: given once, with the issue, unique across the city and without gaps per
station, kind and year — with two batch prints at once, and with a print killed midway."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date

import pytest
from sqlmodel import select

from hukou_desk.domain.text import text
from hukou_desk.paths import forms_dir
from hukou_desk.slips import printing
from hukou_desk.slips.content import SlipRefused
from hukou_desk.slips.printing import make_slip
from hukou_desk.slips.wording import SlipKind, load_wording
from hukou_desk.storage import cases
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import AuditEvent, Case, DocumentNumberCounter, IssuedSlip
from tests.slips.conftest import make_case
from tests.slips.conftest import print_for as _print

APPROVED = date.today()  # the decision is stamped with the real clock
PENDING = "（编号于出具时生成）"


def _preview(db, policy, calendar, wording, number, kind=SlipKind.APPROVAL):
    return make_slip(
        db,
        kind=kind,
        number=number,
        actor="clerk",
        policy=policy,
        wording=wording,
        calendar=calendar,
        today=APPROVED,
    )


def _issued(db) -> dict[str, str]:
    """Case number → document number of every paper issued."""
    with db.read() as session:
        rows = session.exec(select(IssuedSlip)).all()
        return {_case_number(session, r.case_id): r.document_number for r in rows}


def _case_number(session, case_id) -> str:
    case = session.get(Case, case_id)
    assert case is not None
    return case.number


def _seqs(db) -> list[int]:
    with db.read() as session:
        return sorted(r.seq for r in session.exec(select(IssuedSlip)).all())


@pytest.mark.slow
def test_a_preview_reserves_no_number_and_the_issue_gives_the_next(
    db, staff, policy, calendar, wording
):
    first, second = (make_case(db, staff, policy, calendar) for _ in range(2))
    shown = [_preview(db, policy, calendar, wording, n) for n in (first, second)]
    assert [p.draft for p in shown] == [True, True]
    assert {p.slip.document_number for p in shown} == {PENDING}
    assert dict(shown[0].slip.fields)["证明编号"] == PENDING and shown[0].payload == ""
    assert _issued(db) == {}  # nothing taken by looking
    # The second case is printed first: it gets the first number.
    done = _print(db, policy, calendar, wording, SlipKind.APPROVAL, second, today=APPROVED)
    year = APPROVED.year
    assert done.slip.document_number == f"440703001准迁字〔{year}〕第00001号" and not done.draft
    assert dict(done.slip.fields)["证明编号"] == done.slip.document_number
    # A preview of the issued paper shows its number, frozen.
    again = _preview(db, policy, calendar, wording, second)
    assert again.reprint and again.slip.document_number == done.slip.document_number
    later = _print(db, policy, calendar, wording, SlipKind.APPROVAL, first, today=APPROVED)
    assert later.slip.document_number.endswith("第00002号")
    # The issue's audit event carries the number, the digest: written with the paper.
    with db.read() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "print.approval").order_by(AuditEvent.seq)  # type: ignore[arg-type]
        )
        numbers = [e.detail["document_number"] for e in events]
    assert numbers == [done.slip.document_number, later.slip.document_number]


def test_a_failed_issue_uses_no_number(db, staff, policy, calendar, wording, monkeypatch):
    """Something fails after the number was taken (here the renderer): nothing is kept, and
    the next issue takes that number — no gap."""
    number = make_case(db, staff, policy, calendar)

    def unprintable(*_args, **_kwargs):
        raise SlipRefused(text("字库缺字。", "A glyph is missing."))

    monkeypatch.setattr(printing, "render", unprintable)
    with pytest.raises(SlipRefused):
        _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    monkeypatch.undo()
    with db.read() as session:
        assert session.exec(select(DocumentNumberCounter)).all() == []
    assert _issued(db) == {}
    done = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    assert done.slip.document_number.endswith("第00001号")


@pytest.mark.slow
def test_two_stations_never_issue_the_same_number(tmp_path, policy, calendar, wording):
    issued = []
    for code in ("440703001", "440781002"):
        database = open_database(tmp_path / code / "cases.db")
        try:
            with database.write() as session:
                cases.set_station(
                    session, actor="setup", code=code, name="派出所", district=code[:6]
                )
                for username, role in (("clerk", "clerk"), ("boss", "supervisor")):
                    from hukou_desk.domain.lifecycle import Role

                    cases.add_user(
                        session,
                        actor="setup",
                        username=username,
                        display_name=username,
                        role=Role(role),
                    )
            with database.read() as session:
                staff = {n: cases.user_named(session, n) for n in ("clerk", "boss")}
            number = make_case(database, staff, policy, calendar)
            issued.append(
                _print(database, policy, calendar, wording, SlipKind.APPROVAL, number).slip
            )
        finally:
            database.close()
    assert issued[0].document_number.endswith("第00001号")
    assert issued[1].document_number.endswith("第00001号")
    assert issued[0].document_number != issued[1].document_number
    assert issued[1].document_number.startswith("440781002准迁字")


def test_the_wording_must_name_the_station_and_the_running_number(tmp_path):
    import shutil

    from hukou_desk.domain.errors import PolicyError

    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    toml = forms / "slips.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("{station}{abbreviation}", "{abbreviation}"),
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as refused:
        load_wording(forms)
    assert "document_number" in str(refused.value.describe("en")) and "station" in str(
        refused.value.describe("en")
    )


@pytest.mark.slow
def test_two_batch_prints_at_once_give_each_paper_one_number(db, staff, policy, calendar, wording):
    """Two desks print today's approvals at the same moment, each with its own connection to
    the same file: every paper is issued once, the numbers run 1..n without a gap, and the
    desk that comes second prints the same number again (补打), never a new one."""
    numbers = [make_case(db, staff, policy, calendar) for _ in range(4)]
    got: dict[str, list[tuple[str, str, bool]]] = {}
    failures: list[BaseException] = []
    go = threading.Barrier(2)

    def batch(name: str, order: list[str]) -> None:
        database = open_database(db.path)
        try:
            go.wait()
            for number in order:
                printed = printing.print_slip(
                    database,
                    kind=SlipKind.APPROVAL,
                    number=number,
                    actor="boss",
                    policy=policy,
                    wording=wording,
                    calendar=calendar,
                    today=APPROVED,
                    how="printer",
                )
                got.setdefault(name, []).append(
                    (number, printed.slip.document_number, printed.reprint)
                )
        except BaseException as exc:  # seen by the test, not lost in the thread
            failures.append(exc)
        finally:
            database.close()

    desks = [
        threading.Thread(target=batch, args=("a", numbers)),
        threading.Thread(target=batch, args=("b", list(reversed(numbers)))),
    ]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join(timeout=120)
    assert failures == []
    issued = _issued(db)
    assert sorted(issued) == sorted(numbers)
    assert _seqs(db) == [1, 2, 3, 4]
    assert len(set(issued.values())) == 4
    for name in ("a", "b"):
        for number, document_number, _reprint in got[name]:
            assert document_number == issued[number]  # both desks print the paper's one number
    firsts = [r for name in ("a", "b") for r in got[name] if not r[2]]
    assert sorted(r[0] for r in firsts) == sorted(numbers)  # each issued by one desk only


KILLED_BATCH = """
import os, signal, sys
from datetime import date
from pathlib import Path
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.slips import printing
from hukou_desk.slips.wording import SlipKind, load_wording
from hukou_desk.storage.database import open_database

database = open_database(Path(sys.argv[1]))
for number in sys.argv[2:]:
    printed = printing.print_slip(
        database, kind=SlipKind.APPROVAL, number=number, actor="boss",
        policy=load_policy(forms_dir()), wording=load_wording(forms_dir()),
        calendar=load_calendar(forms_dir()), today=date.today(), how="printer",
    )
    print(printed.slip.document_number, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # the power goes before the page is printed
"""


@pytest.mark.slow
def test_a_batch_killed_after_the_first_issue_leaves_that_paper_and_nothing_else(
    db, staff, policy, calendar, wording
):
    numbers = [make_case(db, staff, policy, calendar) for _ in range(3)]
    run = subprocess.run(
        [sys.executable, "-c", KILLED_BATCH, str(db.path), *numbers],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9
    (said,) = run.stdout.split()
    assert _issued(db) == {numbers[0]: said}  # the paper and its number, nothing consumed else
    with db.read() as session:
        (counter,) = session.exec(select(DocumentNumberCounter)).all()
        assert counter.last == 1
    # Printed again: the same number, as a reprint; the batch goes on from number 2.
    again = _print(db, policy, calendar, wording, SlipKind.APPROVAL, numbers[0], today=APPROVED)
    assert again.reprint and again.slip.document_number == said
    rest = [
        _print(db, policy, calendar, wording, SlipKind.APPROVAL, n, today=APPROVED)
        for n in numbers[1:]
    ]
    assert [p.slip.document_number[-7:] for p in rest] == ["第00002号", "第00003号"]


@pytest.mark.slow
def test_the_counters_carry_on_from_papers_issued_before_them(db, staff, policy, calendar, wording):
    """A file from before the counters (or a year's first paper): numbering goes on after the
    papers already issued, which keep the numbers they were printed with."""
    first, second = (make_case(db, staff, policy, calendar) for _ in range(2))
    done = _print(db, policy, calendar, wording, SlipKind.APPROVAL, first, today=APPROVED)
    with db.write() as session:
        row = session.exec(select(IssuedSlip)).one()
        row.document_number = f"准迁字〔{APPROVED.year}〕第00001号"  # the old format
        session.add(row)
        for counter in session.exec(select(DocumentNumberCounter)).all():
            session.delete(counter)
    assert done.slip.document_number.endswith("第00001号")
    later = _print(db, policy, calendar, wording, SlipKind.APPROVAL, second, today=APPROVED)
    assert later.slip.document_number == f"440703001准迁字〔{APPROVED.year}〕第00002号"
    assert _issued(db)[first] == f"准迁字〔{APPROVED.year}〕第00001号"
