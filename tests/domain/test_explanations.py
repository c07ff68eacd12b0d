"""Every criterion's sentence says what was asked and what the facts show, never the opposite.

Each criterion of each form is rendered against facts that meet it, fail it (the pathway
tables hold a case on each side of every line) and leave it unknown; the sentence is checked
against the fact it read: the fact named, its value in words, counts with their unit, and a
wording that agrees with the status.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.domain.engine import evaluate, find_pathways, rank_group
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.policy import Condition, PathwayKind, Policy
from hukou_desk.domain.rules import Context, Status, resolve
from hukou_desk.domain.values import amount, fact_name, value_label

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_pathways import _cases, _judge

ON = date(2026, 11, 20)
COUNTS = {"fact_at_least", "fact_at_most"}


def _leaf(policy: Policy, pathway_id: str, criterion_id: str) -> Condition | None:
    sources = [policy.pathway(pathway_id), *policy.principles]
    for source in sources:
        for criterion in source.criteria:
            if criterion.id == criterion_id:
                return criterion if criterion.rule is not None else None
    return None


def _check_sentence(status: Status, zh: str, en: str) -> None:
    assert zh and en
    assert "现为" not in zh and "recorded:" not in en  # no bare value lists
    if status == Status.MET:
        assert "不符合要求" not in zh and "does not meet" not in en, zh
    elif status == Status.NOT_MET:
        assert not zh.endswith("符合要求"), zh
        assert not en.endswith("as required"), en
    else:
        assert any(w in zh for w in ("尚未记录", "无法", "没有适用")), zh


def _rendered(policy: Policy) -> list[tuple[Any, Any, Facts]]:
    found = []
    for param in _cases():
        table, case = param.values
        outcome = _judge(policy, table, case)
        facts = Facts.model_validate(
            {k: v for k, v in _facts_of(table, case).items() if k != "documents"}
        )
        found.append((outcome, case, facts))
    return found


def _facts_of(table: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    from test_pathways import _drop, _merge

    data = _merge(table.get("base", {}), case.get("facts", {}))
    for path in case.get("drop", []):
        _drop(data, path)
    return data


def test_every_met_and_failed_line_reads_true_to_its_fact(policy: Policy) -> None:
    seen: set[tuple[str, str, Status]] = set()
    for outcome, _case, facts in _rendered(policy):
        ctx = Context(facts, outcome.as_of)
        for line in outcome.lines:
            if line.criterion_id == "in_force":
                continue
            assert line.detail is not None, (outcome.pathway_id, line.criterion_id)
            _check_sentence(line.status, line.detail.zh, line.detail.en)
            seen.add((outcome.pathway_id, line.criterion_id, line.status))
            leaf = _leaf(policy, outcome.pathway_id, line.criterion_id)
            path = leaf.args.get("path") if leaf is not None else None
            if leaf is None or not isinstance(path, str) or line.status == Status.UNKNOWN:
                continue
            value = resolve(ctx, path)
            if value is None or (path.split(".")[0] == "sponsor" and facts.sponsor is None):
                continue
            # The sentence names the fact it read and shows its value in words, with its unit.
            assert fact_name(path).zh in line.detail.zh, line.detail.zh
            assert fact_name(path).en in line.detail.en, line.detail.en
            shown = amount(path, value) if leaf.rule in COUNTS else value_label(path, value)
            assert shown.zh in line.detail.zh, (shown.zh, line.detail.zh)
            assert shown.en in line.detail.en, (shown.en, line.detail.en)
    # Every criterion of every form was rendered met and failed.
    for pathway in policy.pathways:
        if pathway.kind in (PathwayKind.ABOLISHED, PathwayKind.NOTICE):
            continue
        for criterion in pathway.criteria:
            for status in (Status.MET, Status.NOT_MET):
                assert any(c == criterion.id and s == status for _p, c, s in seen), (
                    pathway.id,
                    criterion.id,
                    status,
                )


def test_every_criterion_reads_true_when_its_facts_are_unknown(policy: Policy) -> None:
    """Nothing recorded yet (and, for the village rule, a village with nothing else known):
    every criterion of every form comes out unknown with a sentence naming what to record."""
    nothing = [
        Facts.model_validate({"sponsor": {}, "destination": {}}),
        Facts.model_validate(
            {
                "sponsor": {},
                "destination": {"rural_village": True},
                "applicant": {"residence": {"kind": "owned"}},
            }
        ),
    ]
    unknown: set[tuple[str, str]] = set()
    for facts in nothing:
        for pathway in policy.pathways:
            if pathway.kind == PathwayKind.ABOLISHED:
                continue
            for line in evaluate(facts, pathway, ON, policy).lines:
                assert line.detail is not None, (pathway.id, line.criterion_id)
                _check_sentence(line.status, line.detail.zh, line.detail.en)
                if line.status == Status.UNKNOWN:
                    unknown.add((pathway.id, line.criterion_id))
    for pathway in policy.pathways:
        if pathway.kind == PathwayKind.ABOLISHED:
            continue
        for criterion in pathway.criteria:
            owners = (
                {p.id for p in policy.pathways}
                if pathway.kind == PathwayKind.PRINCIPLE
                else {pathway.id}
            )
            assert any((o, criterion.id) in unknown for o in owners), (pathway.id, criterion.id)


def test_a_failed_choice_of_branches_says_none_holds_and_why_each_fails(policy: Policy) -> None:
    facts = Facts.model_validate(
        {"applicant": {"education": "61", "professional_title": "none", "vocational_level": "none"}}
    )
    line = next(
        line
        for line in evaluate(facts, policy.pathway("specialist"), ON, policy).lines
        if line.criterion_id == "qualification"
    )
    assert line.status == Status.NOT_MET and line.detail is not None
    assert line.detail.zh.startswith("以下情形均不符合：")
    # A title met by none of the applicant's titles names the title held and the one asked.
    assert "申请人的专业技术职称：无，不符合要求（要求：初级职称及以上）" in line.detail.zh


def test_counts_carry_their_unit(policy: Policy) -> None:
    facts = Facts.model_validate({"applicant": {"employment": {"district": "440703", "months": 5}}})
    line = next(
        line
        for line in evaluate(facts, policy.pathway("stable_job_home_districts"), ON, policy).lines
        if line.criterion_id == "employment_months"
    )
    assert line.detail is not None
    assert "5个月" in line.detail.zh and "至少6个月" in line.detail.zh
    assert "5 months" in line.detail.en


def test_the_destination_compares_addresses_where_both_are_recorded(policy: Policy) -> None:
    base = {
        "applicant": {
            "residence": {"kind": "owned", "district": "440703", "address": "建设路 1号"}
        },
        "destination": {"district": "440703", "address": "建设路1号"},
    }
    pathway = policy.pathway("stable_home_county_cities")
    lines = {
        line.criterion_id: line
        for line in evaluate(Facts.model_validate(base), pathway, ON, policy).lines
    }
    assert lines["applies_where_living"].status == Status.MET
    other = {**base, "destination": {"district": "440703", "address": "胜利路2号"}}
    lines = {
        line.criterion_id: line
        for line in evaluate(Facts.model_validate(other), pathway, ON, policy).lines
    }
    line = lines["applies_where_living"]
    assert line.status == Status.NOT_MET and line.detail is not None
    assert "胜利路2号" in line.detail.zh and line.proposal is not None
    assert line.proposal.zh == "可迁入申请人居住地：蓬江区建设路 1号"
    no_destination = {**base, "destination": {}}
    line = next(
        line
        for line in evaluate(Facts.model_validate(no_destination), pathway, ON, policy).lines
        if line.criterion_id == "applies_where_living"
    )
    assert line.status == Status.UNKNOWN and line.proposal is not None


def test_the_finder_points_to_the_destination_that_would_work(policy: Policy) -> None:
    """A spouse route failing only on the destination ranks right after the eligible routes,
    above routes with unknowns, saying where the applicant may register instead."""
    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781199001011246", "marital_status": "21"},
            "sponsor": {
                "relationship": "10",
                "hukou_region": "440703",
                "residence": {"kind": "owned", "district": "440703"},
            },
            "destination": {"district": "440705"},
        }
    )
    ranked = find_pathways(facts, ON, policy)
    groups = [rank_group(o) for o in ranked]
    assert groups == sorted(groups)
    first = ranked[0]
    assert first.pathway_id == "spouse" and first.fix is not None
    assert first.fix.criterion_id == "to_spouse_hukou_address"
    assert first.fix.proposal is not None
    assert first.fix.proposal.zh == "可迁入配偶户口所在地：蓬江区"
    assert ranked[1].fix is None
    # Fixed, the route is eligible and leads.
    fixed = facts.model_copy(
        update={"destination": facts.destination.model_copy(update={"district": "440703"})}  # type: ignore[union-attr]
    )
    ranked = find_pathways(fixed, ON, policy)
    assert ranked[0].pathway_id == "spouse" and rank_group(ranked[0]) in (0, 2)
    assert find_pathways(facts, date(2018, 9, 1), policy)[0].result.value == "not_in_force"
    assert rank_group(find_pathways(facts, date(2018, 9, 1), policy)[0]) == 4


def test_the_sponsor_absent_is_said_for_a_place_read_from_the_sponsor(policy: Policy) -> None:
    facts = Facts.model_validate({"destination": {"district": "440703"}})
    line = next(
        line
        for line in evaluate(facts, policy.pathway("parent_joins_child"), ON, policy).lines
        if line.criterion_id == "to_child_home"
    )
    assert line.status == Status.NOT_MET and line.detail is not None
    assert "未登记被投靠人" in line.detail.zh


def test_a_village_restriction_fails_where_the_village_is_recorded(policy: Policy) -> None:
    facts = Facts.model_validate({"destination": {"rural_village": True, "district": "440781"}})
    line = next(
        line
        for line in evaluate(facts, policy.pathway("high_level_talent"), ON, policy).lines
        if line.criterion_id == "village_actual_residence"
    )
    assert line.status == Status.UNKNOWN  # lives there not yet asked
    facts = Facts.model_validate(
        {"destination": {"rural_village": True, "lives_in_village": False, "district": "440781"}}
    )
    line = next(
        line
        for line in evaluate(facts, policy.pathway("high_level_talent"), ON, policy).lines
        if line.criterion_id == "village_actual_residence"
    )
    assert line.status == Status.NOT_MET and line.detail is not None
    assert "迁入地是否为农村：是" in line.detail.zh


def test_an_adult_without_a_recorded_number_is_asked_for_the_card(policy: Policy) -> None:
    from hukou_desk.domain.engine import required_documents

    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440781199001011246", "education": "21"},
            "sponsor": {"relationship": "20"},
            "relatives": [{"relationship": "10"}],
        }
    )
    needed = {
        (n.document_id, n.of)
        for n in required_documents(facts, policy.pathway("specialist"), ON, policy)
    }
    assert ("resident_id_card", "relatives[0]") in needed
    assert ("resident_id_card", "sponsor") in needed


def test_the_household_order_waits_for_the_employer_when_the_relative_is_known(
    policy: Policy,
) -> None:
    facts = Facts.model_validate({"destination": {"attach_to": "employer_collective"}})
    line = next(
        line
        for line in evaluate(facts, policy.pathway("intra_city_attach"), ON, policy).lines
        if line.criterion_id == "place_to_register"
    )
    assert line.status == Status.UNKNOWN and line.detail is not None
    assert "是否有亲友家庭户可挂靠" in line.detail.zh


def test_older_case_files_keep_their_meaning() -> None:
    """A facts migration: the superseded flags are dropped (the places decide), the community
    household becomes the household asked for, and a model instance passes through."""
    from hukou_desk.domain.facts import AttachPlace, Destination, check_identity_numbers

    old = Destination.model_validate(
        {"at_sponsor_hukou": True, "at_residence": False, "community_collective": True}
    )
    assert old.attach_to == AttachPlace.COMMUNITY_COLLECTIVE
    assert Destination.model_validate(old) == old
    kept = Destination.model_validate(
        {"community_collective": True, "attach_to": "employer_collective"}
    )
    assert kept.attach_to == AttachPlace.EMPLOYER_COLLECTIVE
    facts = Facts.model_validate({"sponsor": {"name": "王"}, "destination": old})
    check_identity_numbers(facts, today=ON)  # nobody's number recorded: nothing to refuse


def test_a_single_allowed_value_is_named_alone(policy: Policy) -> None:
    facts = Facts.model_validate({"applicant": {"graduation": {"level": "senior_high"}}})
    line = next(
        line
        for line in evaluate(facts, policy.pathway("graduate_recruit_duty"), ON, policy).lines
        if line.criterion_id == "college_graduate"
    )
    assert line.detail is not None and "（要求：大专院校）" in line.detail.zh
    from hukou_desk.domain.rules import RULES

    finding = RULES["fact_in"].function(
        Context(facts, ON), path="applicant.graduation.level", values=["college"]
    )
    assert finding.detail is not None and "（要求：大专院校）" in finding.detail.zh


def test_a_route_with_every_criterion_met_outranks_one_with_unknowns(policy: Policy) -> None:
    """Both lack papers; the one the facts have fully judged comes first, and every route
    that fails comes after every route still unknown."""
    facts = Facts.model_validate(
        {"applicant": {"id_number": "440781199001011246", "high_level_talent": True}}
    )
    ranked = find_pathways(facts, ON, policy)
    assert ranked[0].pathway_id == "high_level_talent"
    assert ranked[0].count(Status.UNKNOWN) == 0 and ranked[0].missing_documents
    groups = [rank_group(o) for o in ranked]
    assert groups == sorted(groups)
    known = [len(o.lines) - o.count(Status.UNKNOWN) for o in ranked if rank_group(o) == 2]
    assert known == sorted(known, reverse=True)
