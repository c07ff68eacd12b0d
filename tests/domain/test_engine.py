"""The finder and the outcome's shape; the domain never imports Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from hukou_desk.domain.engine import (
    Result,
    abolished_request,
    applicable_notices,
    evaluate,
    find_pathways,
    required_documents,
)
from hukou_desk.domain.facts import Facts, facts_schema, load_facts
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.rules import Status

ON = date(2026, 11, 20)
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


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


def test_finder_before_the_plan_explains_instead_of_going_quiet(policy: Policy) -> None:
    facts = Facts.model_validate({"applicant": {"education": "21"}})
    ranked = find_pathways(facts, date(2018, 9, 30), policy)
    assert ranked and all(o.result == Result.NOT_IN_FORCE for o in ranked)
    assert all(o.lines[0].clause == "五" and "江府办〔2015〕38号" in o.notes[0].zh for o in ranked)


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


@pytest.mark.slow
def test_domain_and_storage_import_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys, hukou_desk.domain as d, hukou_desk.storage as s, hukou_desk.cli;"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(d.__path__, 'hukou_desk.domain.')];"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(s.__path__, 'hukou_desk.storage.') if 'versions' not in m.name and not m.name.endswith('.env')];"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))];"
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def _edited_policy(tmp_path: Path, pathway: str, old: str, new: str) -> Policy:
    import shutil

    from hukou_desk.domain.loader import load_policy
    from hukou_desk.paths import forms_dir

    shutil.copytree(forms_dir(), tmp_path / "forms")
    file = tmp_path / "forms" / "pathways" / f"{pathway}.toml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    return load_policy(tmp_path / "forms")


def test_a_threshold_gap_leaves_the_criterion_unknown(tmp_path: Path) -> None:
    """A dated parameter that has no value on the as-of date cannot be applied silently."""
    policy = _edited_policy(
        tmp_path,
        "stable_job_home_districts",
        '[thresholds.insurance_months]\nclause = "二（三）1"\ntext = { zh = "参加社会保险月数（满半年）", en = "Months of social insurance (half a year)" }\nvalues = [{ from = 2018-10-01, value = 6 }]',
        '[thresholds.insurance_months]\nclause = "二（三）1"\ntext = { zh = "参加社会保险月数（满半年）", en = "Months of social insurance (half a year)" }\nvalues = [{ from = 2019-01-01, value = 6 }]',
    )
    facts = load_facts((EXAMPLES / "stable_job_home_districts.json").read_text(encoding="utf-8"))
    pathway = policy.pathway("stable_job_home_districts")
    lines = {
        line.criterion_id: line
        for line in evaluate(facts, pathway, date(2018, 11, 1), policy).lines
    }
    assert lines["social_insurance"].status == Status.UNKNOWN
    assert lines["social_insurance"].detail is not None
    assert "no policy parameter" in lines["social_insurance"].detail.en
    assert evaluate(facts, pathway, date(2019, 2, 1), policy).result == Result.ELIGIBLE


def test_a_pathway_past_its_end_date_is_not_in_force(tmp_path: Path) -> None:
    policy = _edited_policy(
        tmp_path,
        "specialist",
        "effective_from = 2018-10-01",
        "effective_from = 2018-10-01\neffective_until = 2025-12-31",
    )
    facts = load_facts((EXAMPLES / "specialist.json").read_text(encoding="utf-8"))
    pathway = policy.pathway("specialist")
    assert evaluate(facts, pathway, date(2025, 12, 31), policy).result == Result.ELIGIBLE
    outcome = evaluate(facts, pathway, date(2026, 1, 1), policy)
    assert outcome.result == Result.NOT_IN_FORCE
    assert "2026-01-01" in outcome.notes[0].en


def test_a_relative_without_relationship_is_to_be_checked(policy: Policy) -> None:
    facts = Facts.model_validate({"relatives": [{"name": "某人"}]})
    outcome = evaluate(facts, policy.pathway("specialist"), ON, policy)
    assert outcome.companions[0].status.value == "unknown"
    assert "relationship" in outcome.companions[0].reason.en


def test_requesting_an_ordinary_route_is_no_refusal(policy: Policy) -> None:
    facts = Facts.model_validate({"requested_pathway": "specialist"})
    assert abolished_request(facts, ON, policy) is None
    assert abolished_request(Facts(), ON, policy) is None


def test_required_documents_lists_every_document_supplied_or_not(policy):
    from hukou_desk.domain.engine import required_documents

    facts = Facts.model_validate(
        {"sponsor": {"relationship": "10"}, "documents": {"marriage_certificate": "verified"}}
    )
    needed = required_documents(facts, policy.pathway("spouse"), date(2026, 11, 20), policy)
    pairs = {(n.document_id, n.of) for n in needed}
    assert ("marriage_certificate", "applicant") in pairs or (
        "marriage_certificate",
        "sponsor",
    ) in pairs
    assert all(n.accepted[0] == n.document_id for n in needed)


def test_the_route_the_known_facts_point_to_leads_before_one_nothing_is_known_about(policy):
    """A parent joining an adult daughter (二（一）2), as known after the situation step: the
    daughter is the sponsor, nothing else yet. The talent route, about which nothing is known,
    must not rank first."""
    from datetime import date

    from hukou_desk.domain.engine import find_pathways
    from hukou_desk.domain.facts import Facts

    known = Facts.model_validate(
        {
            "applicant": {"id_number": "440721195001011233", "marital_status": "21"},
            "sponsor": {"relationship": "30"},
        }
    )
    ranked = [o.pathway_id for o in find_pathways(known, date(2026, 11, 20), policy)]
    assert ranked[0] == "parent_joins_child"
    assert ranked.index("parent_joins_child") < ranked.index("high_level_talent")


def test_each_person_shows_their_own_papers(policy: Policy) -> None:
    """Every person of 16 or over shows an identity card, each relative's relationship is
    proved, and the applicant's papers never stand in for the sponsor's (三, reference §1)."""
    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781199001011246", "education": "21"},
            "sponsor": None,
            "relatives": [
                {"id_number": "440703199203041225", "relationship": "10"},  # spouse, 34
                {"id_number": "44070320180506001X", "relationship": "20",  # son, 8
                 "marital_status": "10"},
                {"id_number": "440703200801020024", "relationship": "30",  # daughter, 18
                 "marital_status": "10"},
            ],
            "documents": {"resident_id_card": "verified", "household_register": "verified"},
        }
    )  # fmt: skip
    needed = {
        (need.document_id, need.of)
        for need in required_documents(facts, policy.pathway("specialist"), ON, policy)
    }
    assert ("resident_id_card", "relatives[0]") in needed
    assert ("resident_id_card", "relatives[1]") not in needed  # aged 8
    assert ("resident_id_card", "relatives[2]") in needed
    assert ("marriage_certificate", "relatives[0]") in needed  # the spouse's proof
    for index in (1, 2):
        assert ("birth_certificate", f"relatives[{index}]") in needed
    outcome = evaluate(facts, policy.pathway("specialist"), ON, policy)
    lacking = {(m.document_id, m.of) for m in outcome.missing_documents}
    assert ("resident_id_card", "applicant") not in lacking
    assert ("resident_id_card", "relatives[0]") in lacking

    # The spouse's card, once verified, settles the spouse's card and nobody else's.
    shown = facts.model_copy(
        update={"documents": {**facts.documents, "resident_id_card@relatives[0]": "verified"}}
    )
    lacking = {
        (m.document_id, m.of)
        for m in evaluate(shown, policy.pathway("specialist"), ON, policy).missing_documents
    }
    assert ("resident_id_card", "relatives[0]") not in lacking
    assert ("resident_id_card", "relatives[2]") in lacking

    # A sponsor of 16 or over shows a card too; the applicant's booklet is not the sponsor's.
    with_sponsor = Facts.model_validate(
        {
            **facts.model_dump(mode="json", exclude={"relatives"}),
            "sponsor": {"id_number": "440703196001010013", "relationship": "20"},
        }
    )
    lacking = {
        (m.document_id, m.of)
        for m in evaluate(
            with_sponsor, policy.pathway("parent_joins_child"), ON, policy
        ).missing_documents
    }
    assert {("resident_id_card", "sponsor"), ("household_register", "sponsor")} <= lacking


def test_no_papers_are_asked_of_a_relative_the_route_does_not_let_come(policy: Policy) -> None:
    """Only documents the route needs are collected: a child listed on the spouse route (no
    随迁 there) and a brother on the specialist route need none; the spouse does."""
    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781199001011246", "education": "21"},
            "relatives": [
                {"id_number": "440703199203041225", "relationship": "10"},  # spouse
                {"id_number": "440703200801020024", "relationship": "71"},  # elder brother
            ],
        }
    )
    specialist = {
        (n.document_id, n.of)
        for n in required_documents(facts, policy.pathway("specialist"), ON, policy)
    }
    assert ("resident_id_card", "relatives[0]") in specialist
    assert not {of for _doc, of in specialist if of == "relatives[1]"}
    spouse_route = {n.of for n in required_documents(facts, policy.pathway("spouse"), ON, policy)}
    assert not {of for of in spouse_route if of.startswith("relatives")}


def test_the_fact_that_decides_the_leading_route_is_asked_for(policy: Policy) -> None:
    """A parent joining an adult daughter: the route leads, and what is asked next is a fact
    the leading route still needs, named with its clause and the field that holds it."""
    from hukou_desk.domain.engine import deciding_fact

    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781195501011244"},
            "sponsor": {"relationship": "30", "hukou_region": "440703"},
        }
    )
    ranked = find_pathways(facts, ON, policy)
    question = deciding_fact(facts, ranked, policy)
    assert question is not None and question.pathway_id == ranked[0].pathway_id
    assert question.paths and question.clause.startswith("二")
    # Answered, that question is no longer the one asked.
    assert all(_unset_in(facts, p) for p in question.paths)
    # Nothing to ask once a route is eligible.
    eligible = Facts.model_validate(
        {
            "applicant": {"id_number": "440781199001011246", "education": "21"},
            "documents": dict.fromkeys(policy.documents, "presented"),
        }
    )
    assert deciding_fact(eligible, find_pathways(eligible, ON, policy), policy) is None


def _unset_in(facts: Facts, path: str) -> bool:
    value: object = facts
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value is None


def test_the_deciding_fact_is_one_the_screen_can_ask(policy: Policy) -> None:
    from hukou_desk.domain.engine import deciding_fact

    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781195501011244"},
            "sponsor": {"relationship": "30", "hukou_region": "440703"},
        }
    )
    ranked = find_pathways(facts, ON, policy)
    question = deciding_fact(facts, ranked, policy, askable={"sponsor.student"})
    assert question is not None and question.paths == ("sponsor.student",)
    assert deciding_fact(facts, ranked, policy, askable=set()) is None


def test_the_facts_a_criterion_reads_include_its_branches(policy: Policy) -> None:
    from hukou_desk.domain.engine import fact_paths

    place = next(
        c for c in policy.pathway("intra_city_attach").criteria if c.id == "place_to_register"
    )
    assert fact_paths(place) == (
        "destination.attach_to",
        "applicant.relative_household_available",
        "applicant.employment.employer_collective_household",
    )
    where = next(
        c for c in policy.pathway("intra_city_attach").criteria if c.id == "household_place"
    )
    assert "applicant.hukou_region" in fact_paths(where)
    spouse = policy.pathway("spouse").criteria
    assert fact_paths(spouse[0]) == ("sponsor.relationship",)
    assert fact_paths(spouse[2]) == ("sponsor.residence.kind",)


def test_each_relatives_relationship_proof_fits_the_relationship(policy):
    """A wife's proof is the marriage certificate, an adopted son's the adoption certificate,
    a daughter's the birth certificate — each with the others that would do instead."""
    from hukou_desk.domain.engine import required_documents

    facts = Facts.model_validate(
        {
            "applicant": {"homes_owned_in_city": 1},
            "relatives": [
                {"relationship": "12", "marital_status": "20"},
                {"relationship": "27", "marital_status": "10"},
                {"relationship": "30", "marital_status": "10"},
                {"marital_status": "10"},  # the relationship not given yet
            ],
        }
    )
    needed = required_documents(facts, policy.pathway("bought_home"), date(2026, 11, 20), policy)
    proofs = {
        n.of: n
        for n in needed
        if "kinship_certificate" in n.accepted and n.of.startswith("relatives")
    }
    assert proofs["relatives[0]"].document_id == "marriage_certificate"
    assert proofs["relatives[1]"].document_id == "adoption_certificate"
    assert proofs["relatives[2]"].document_id == "birth_certificate"
    # What would do instead fits the relationship too: a kinship certificate states a
    # marriage, a birth certificate does not; a marriage certificate proves no parentage.
    assert proofs["relatives[0]"].alternatives == ("kinship_certificate",)
    assert proofs["relatives[1]"].alternatives == ("kinship_certificate",)
    assert proofs["relatives[2]"].alternatives == ("adoption_certificate", "kinship_certificate")
    # Not known yet: every paper that proves some relationship would do.
    assert set(proofs["relatives[3]"].accepted) == {
        "birth_certificate",
        "adoption_certificate",
        "kinship_certificate",
        "marriage_certificate",
    }
