"""The intake's closing moves (services/intake.py): each one service call, one write
transaction, the engine run once, returning what the desk shows next."""

from __future__ import annotations

import uuid
from collections import Counter as Tally
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlmodel import select

from hukou_desk.domain import engine
from hukou_desk.domain.checks import LACKING
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.services import intake
from hukou_desk.services.counter import Counter
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage.models import Case, Decision, IntakeDraft
from tests.services.conftest import SPOUSE, open_spouse_case, verify_everything


@pytest.fixture
def spied(counter: Counter, monkeypatch: pytest.MonkeyPatch) -> Tally[str]:
    """Counts the transactions the counter's case file opens and the engine's runs."""
    tally: Tally[str] = Tally()
    database = counter.database
    read, write = database.read, database.write

    @contextmanager
    def counted_read() -> Iterator[object]:
        tally["read"] += 1
        with read() as session:
            yield session

    @contextmanager
    def counted_write() -> Iterator[object]:
        tally["write"] += 1
        with write() as session:
            yield session

    def counted_evaluate(*args: object, **kw: object) -> engine.Outcome:
        tally["engine"] += 1
        return engine.evaluate(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(database, "read", counted_read)
    monkeypatch.setattr(database, "write", counted_write)
    monkeypatch.setattr(intake, "evaluate", counted_evaluate)
    return tally


def _ready(counter: Counter, clerk) -> intake.CaseRef:
    ref = open_spouse_case(counter, clerk)
    intake.set_people(
        counter,
        clerk,
        case_id=ref.id,
        people=[intake.Party(intake.PartyRole.SPONSOR, SPOUSE, "李华", "10")],
    )
    verify_everything(counter, clerk, ref)
    return ref


def _missing_deed(counter: Counter, clerk, ref: intake.CaseRef) -> None:
    deed = next(
        f
        for f in intake.findings(counter, clerk, case_id=ref.id)
        if f.document_id == "property_deed"
    )
    intake.record_finding(
        counter,
        clerk,
        case_id=ref.id,
        document_id=deed.document_id,
        party=deed.party,
        state=intake.CheckState.MISSING,
        answers={},
    )


def test_submit_is_one_write_with_one_engine_run_and_says_what_comes_next(counter, people, spied):
    clerk = people["clerk"]
    ref = _ready(counter, clerk)
    draft = uuid.uuid4()
    intake.keep_typing(counter, clerk, draft_id=draft, step=5, data={"x": 1}, case_id=ref.id)
    spied.clear()
    closed = intake.submit(
        counter, clerk, case_id=ref.id, recommend=True, reasons="材料齐全", draft_id=draft
    )
    assert spied == {"write": 1, "engine": 1}  # no read, no second write, no second run
    assert closed == intake.Closed(
        ref.number, CaseStatus.RECOMMENDED, closed.outcome, SlipKind.RECEIPT
    )
    assert closed.outcome is not None and closed.outcome.result.value == "eligible"
    with pytest.raises(AttributeError):
        closed.status = CaseStatus.DRAFT  # type: ignore[misc]  # frozen: the screen's to read
    with counter.database.read() as session:
        case = session.exec(select(Case).where(Case.number == ref.number)).one()
        assert case.status == CaseStatus.RECOMMENDED.value and case.clock_running_since
        kinds = [d.kind for d in session.exec(select(Decision).where(Decision.case_id == ref.id))]
        assert kinds.count("engine") == 1  # the outcome it rests on, recorded once
        assert session.get(IntakeDraft, draft) is None  # the typing is gone with the draft


def test_a_refused_submit_changes_nothing(counter, people, spied):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)  # no document checked yet
    spied.clear()
    with pytest.raises(HukouDeskError, match="Documents still to check"):
        intake.submit(counter, clerk, case_id=ref.id, recommend=True, reasons="ok")
    assert spied == {"write": 1, "engine": 1}
    with counter.database.read() as session:
        case = session.exec(select(Case).where(Case.number == ref.number)).one()
        decisions = session.exec(select(Decision).where(Decision.case_id == ref.id)).all()
    assert case.status == CaseStatus.DRAFT.value and decisions == []  # all rolled back


def test_asking_for_documents_and_withdrawing_say_what_comes_next(counter, people, spied):
    clerk = people["clerk"]
    waiting = open_spouse_case(counter, clerk)
    _missing_deed(counter, clerk, waiting)
    spied.clear()
    asked = intake.ask_for_documents(counter, clerk, case_id=waiting.id)
    assert spied == {"write": 1, "engine": 1}
    assert (asked.status, asked.slip) == (
        CaseStatus.NEEDS_DOCUMENTS,
        SlipKind.MISSING_DOCUMENTS,
    )
    spied.clear()
    gone = intake.withdraw(counter, clerk, case_id=waiting.id)
    assert spied == {"write": 1}  # a withdrawal asks nothing of the plan
    assert gone == intake.Closed(waiting.number, CaseStatus.WITHDRAWN, None, None)


def test_the_outcome_step_is_one_read_with_one_engine_run(counter, people, spied):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    spied.clear()
    view = intake.outcome_view(counter, clerk, case_id=ref.id)
    assert spied == {"read": 1, "engine": 1}
    assert view.outcome is not None and view.outcome.pathway_id == "spouse"
    assert view.lacking == ()  # nothing checked yet is not lacking
    verify_everything(counter, clerk, ref)
    _missing_deed(counter, clerk, ref)
    (lacking,) = intake.outcome_view(counter, clerk, case_id=ref.id).lacking
    assert (lacking.document_id, lacking.state) == ("property_deed", intake.CheckState.MISSING)
    assert lacking.state in LACKING


def test_the_sponsors_card_address_is_offered_only_where_it_says_something_new():
    from hukou_desk.services.intake import sponsor_address_offer

    home = "广东省江门市蓬江区白沙大道西1号"
    assert sponsor_address_offer("广东省恩平市恩城街道新平路3号", home) == home
    assert sponsor_address_offer("", f" {home} ") == home
    assert sponsor_address_offer(f"{home} ", home) is None  # lives there already
    assert sponsor_address_offer("广东省恩平市恩城街道新平路3号", "  ") is None  # no address read
