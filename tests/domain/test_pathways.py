"""Table-driven tests of every pathway, read from tests/pathways/*.toml.

Each file names a pathway, base facts and cases; a case deep-merges its facts over the base
("__unset__" removes a value), and by default marks every document presented, so that what
is judged is the criteria. Names are sentences a policy officer can read.
"""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hukou_desk.domain.engine import Result, evaluate
from hukou_desk.domain.facts import Facts, document_key
from hukou_desk.domain.policy import PathwayKind, Policy

TABLES = Path(__file__).resolve().parent.parent / "pathways"
UNSET = "__unset__"


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value == UNSET:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _drop(data: dict[str, Any], path: str) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        data = data[part]
    data.pop(leaf, None)


def _cases() -> list[Any]:
    cases = []
    for file in sorted(TABLES.glob("*.toml")):
        table = tomllib.loads(file.read_text(encoding="utf-8"))
        for case in table["case"]:
            cases.append(pytest.param(table, case, id=f"{file.stem}: {case['name']}"))
    return cases


def _judge(policy: Policy, table: dict[str, Any], case: dict[str, Any]) -> Any:
    data = _merge(table.get("base", {}), case.get("facts", {}))
    for path in case.get("drop", []):
        _drop(data, path)
    # Every person's papers: the applicant's, the sponsor's and each relative's.
    parties = ["applicant", "sponsor"]
    parties += [f"relatives[{n}]" for n in range(len(data.get("relatives", [])))]
    documents = policy.documents if case.get("all_documents", True) else case.get("documents", [])
    data["documents"] = {
        document_key(document_id, party): "presented"
        for document_id in documents
        for party in parties
    }
    facts = Facts.model_validate(data)
    pathway = policy.pathway(case.get("pathway", table["pathway"]))
    on: date = case.get("on", table["on"])
    return evaluate(facts, pathway, on, policy)


@pytest.mark.parametrize(("table", "case"), _cases())
def test_case(policy: Policy, table: dict[str, Any], case: dict[str, Any]) -> None:
    outcome = _judge(policy, table, case)
    assert outcome.result == Result(case["expect"]), [
        (line.criterion_id, line.status.value) for line in outcome.lines
    ]
    statuses = {line.criterion_id: line.status.value for line in outcome.lines}
    for criterion_id, expected in case.get("criteria", {}).items():
        assert statuses[criterion_id] == expected, statuses
    if "clause" in case:
        assert all(line.clause == case["clause"] for line in outcome.lines)
    missing = {doc.document_id for doc in outcome.missing_documents}
    assert set(case.get("missing", [])) <= missing, missing
    assert not set(case.get("no_missing", [])) & missing, missing
    if "proposal" in case:
        assert outcome.fix is not None and outcome.fix.proposal is not None
        assert outcome.fix.proposal.zh.startswith(case["proposal"]), outcome.fix.proposal
    if "companions" in case:
        assert [c.status.value for c in outcome.companions] == case["companions"]
        for verdict in outcome.companions:
            assert verdict.reason.zh and verdict.reason.en
    if "own_pathways" in case:
        assert set(case["own_pathways"]) <= set(outcome.companions[0].own_pathways)


def test_every_criterion_is_met_and_failed_somewhere(policy: Policy) -> None:
    """Each criterion of each evaluable pathway has a case that meets and one that fails it."""
    seen: dict[tuple[str, str], set[str]] = {}
    for param in _cases():
        table, case = param.values
        outcome = _judge(policy, table, case)
        for line in outcome.lines:
            seen.setdefault((outcome.pathway_id, line.criterion_id), set()).add(line.status.value)
    gaps = []
    for pathway in policy.pathways:
        if pathway.kind == PathwayKind.ABOLISHED:
            continue
        for criterion in pathway.criteria:
            statuses = seen.get((pathway.id, criterion.id), set())
            if not {"met", "not_met"} <= statuses:
                gaps.append(f"{pathway.id}.{criterion.id}: {sorted(statuses)}")
    assert not gaps, "criteria without a met and a failing case:\n" + "\n".join(gaps)


def test_every_pathway_has_a_table(policy: Policy) -> None:
    covered = set()
    for param in _cases():
        table, case = param.values
        covered.add(case.get("pathway", table["pathway"]))
    assert {p.id for p in policy.pathways} <= covered
