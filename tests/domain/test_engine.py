"""The finder and the outcome's shape; the domain never imports Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from hukou_desk.domain.engine import Result, abolished_request, applicable_notices, find_pathways
from hukou_desk.domain.facts import Facts, facts_schema, load_facts
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.rules import Status

ON = date(2026, 11, 20)


def test_finder_ranks_the_eligible_route_first(policy: Policy) -> None:
    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781199001011246", "education": "21"},
            "documents": dict.fromkeys(policy.documents, "presented"),
        }
    )
    ranked = find_pathways(facts, ON, policy)
    assert ranked[0].pathway_id == "specialist"
    assert ranked[0].result == Result.ELIGIBLE
    results = [o.result for o in ranked]
    assert results == sorted(results, key=[Result.ELIGIBLE, Result.NEEDS_DOCUMENTS,
                                           Result.NOT_ELIGIBLE, Result.NOT_IN_FORCE].index)  # fmt: skip
    assert {o.pathway_id for o in ranked}.isdisjoint({"points_settlement", "married_keeps_hukou"})


def test_every_line_cites_a_clause(policy: Policy) -> None:
    facts = Facts.model_validate({"applicant": {"marital_status": "21"}})
    for outcome in find_pathways(facts, ON, policy):
        assert all(line.clause for line in outcome.lines)
        assert outcome.lines[0].criterion_id == "applicant_identity_number"
        assert outcome.lines[0].status == Status.UNKNOWN


def test_married_applicant_is_told_the_hukou_is_protected(policy: Policy) -> None:
    facts = Facts.model_validate({"applicant": {"marital_status": "21"}})
    assert [o.pathway_id for o in applicable_notices(facts, ON, policy)] == ["married_keeps_hukou"]


def test_asking_for_points_settlement_gets_a_refusal_citing_two_seven(policy: Policy) -> None:
    facts = Facts.model_validate({"requested_pathway": "points_settlement"})
    refusal = abolished_request(facts, ON, policy)
    assert refusal is not None and refusal.result == Result.NOT_IN_FORCE
    assert "二（七）" in refusal.notes[0].zh


def test_missing_documents_name_whose(policy: Policy) -> None:
    facts = Facts.model_validate(
        {"applicant": {"id_number": "440781199001011246", "education": "21"}}
    )
    outcome = next(o for o in find_pathways(facts, ON, policy) if o.pathway_id == "specialist")
    assert outcome.result == Result.NEEDS_DOCUMENTS
    assert {(d.document_id, d.of) for d in outcome.missing_documents} >= {
        ("resident_id_card", "applicant"),
        ("diploma", "applicant"),
    }
    json.dumps(outcome.to_json(), ensure_ascii=False)


def test_facts_errors_name_the_field() -> None:
    import pytest

    from hukou_desk.domain.errors import FactsError

    with pytest.raises(FactsError, match=r"applicant\.marital_status"):
        load_facts('{"applicant": {"marital_status": "99"}}')
    with pytest.raises(FactsError, match="line 1"):
        load_facts("{not json")


def test_schema_file_is_current() -> None:
    shipped = Path(__file__).resolve().parents[2] / "docs" / "facts.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == facts_schema(), (
        "regenerate with: hukou-desk schema > docs/facts.schema.json"
    )


def test_examples_load_and_each_pathway_has_one(policy: Policy) -> None:
    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    covered = set()
    for file in sorted(examples.glob("*.json")):
        facts = load_facts(file.read_text(encoding="utf-8"), source=file.name)
        covered.add(file.stem.split(".")[0])
        assert facts.applicant is not None
    assert {p.id for p in policy.pathways} <= covered


def test_domain_imports_no_qt() -> None:
    code = (
        "import sys, hukou_desk.domain.engine, hukou_desk.domain.loader, hukou_desk.cli;"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))];"
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
