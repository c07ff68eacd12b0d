"""The refusal notice's 依据条款 from the criteria the supervisor marked, never parsed from the
free text; a refusal recorded before criteria were marked prints its outcome's unmet ones."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.slips.content import Table
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage.models import Decision
from tests.slips.conftest import make_case
from tests.slips.conftest import print_for as _print


def _notice(db, policy, calendar, wording, number) -> tuple[tuple[tuple[str, ...], ...], list]:
    """The refusal notice's reasons table (its rows) and its sentences."""
    slip = _print(db, policy, calendar, wording, SlipKind.REFUSAL, number).slip
    (table,) = [b for b in slip.blocks if isinstance(b, Table)]
    assert table.columns[-1] == "依据条款"
    return table.rows, [b.text for b in slip.blocks if not isinstance(b, Table)]


def test_the_marked_criteria_are_the_rows_each_with_its_clause(
    db, staff, policy, calendar, wording
):
    # The supervisor marks a criterion the engine found met, and writes a clause in words:
    # the row is the marked criterion, said as unmet; the words are not parsed for a clause.
    number = make_case(db, staff, policy, calendar, finish="refuse", grounds=["to_own_home"])
    rows, said = _notice(db, policy, calendar, wording, number)
    criterion = next(c for c in policy.pathway("bought_home").criteria if c.id == "to_own_home")
    assert rows == (("1", f"不符合“{criterion.text.zh}”", criterion.clause),)
    assert "审批意见：申请人在本市没有合法产权住房；另：未按要求提供材料。" in said


@pytest.mark.slow
def test_an_older_refusal_prints_the_criteria_its_outcome_found_unmet(
    db, staff, policy, calendar, wording
):
    number = make_case(db, staff, policy, calendar, finish="refuse", owned=False)
    with db.write() as session:  # as a release before grounds recorded it: no outcome of its own
        refusal = session.exec(select(Decision).where(Decision.kind == "refusal")).one()
        engine = session.exec(select(Decision).where(Decision.kind == "engine")).one()
        refusal.outcome = {}
        refusal.reasons = "[二（三）1] 申请人在本市有合法产权住房"
        session.add(refusal)
    failed = [c for c in engine.outcome["criteria"] if c["status"] == "not_met"]
    rows, sentences = _notice(db, policy, calendar, wording, number)
    assert [(said[:4], clause) for _n, said, clause in rows] == [
        ("不符合“", c["clause"]) for c in failed
    ]
    assert all(clause for _n, _said, clause in rows)  # never an empty clause column
    # The free text's tag is not a clause of the notice: the words go below, untagged.
    assert "审批意见：申请人在本市有合法产权住房" in sentences
