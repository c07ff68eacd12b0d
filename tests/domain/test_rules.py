"""The rule vocabulary's edge cases, called directly (the pathway tables cover the usual ones)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hukou_desk.domain.errors import UnknownPathway
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.rules import RULES, Context, PathError, Status, validate_path

ON = date(2026, 11, 20)


def _run(rule: str, facts: dict[str, Any], **args: Any) -> tuple[Status, str]:
    finding = RULES[rule].function(Context(Facts.model_validate(facts), ON), **args)
    return finding.status, finding.detail.en if finding.detail else ""


def test_a_path_cannot_go_inside_a_plain_value() -> None:
    with pytest.raises(PathError, match="no fields"):
        validate_path("applicant.name.first")
    with pytest.raises(PathError, match="no field 'wings'"):
        validate_path("applicant.wings")
    validate_path("relative.lives_with_applicant")


def test_generic_rules_report_an_absent_sponsor_as_not_met() -> None:
    assert _run("fact_at_most", {}, path="sponsor.married_children_joined", maximum=0) == (
        Status.NOT_MET,
        "no sponsor is recorded in the case",
    )
    assert _run("in_city", {}, path="sponsor.hukou_region")[0] == Status.NOT_MET
    assert _run("in_city", {"applicant": {}}, path="applicant.hukou_region")[0] == Status.UNKNOWN


def test_sponsor_without_relationship_is_unknown() -> None:
    status, detail = _run("sponsor_is", {"sponsor": {"name": "王"}}, relations=["spouse"])
    assert status == Status.UNKNOWN and "relationship" in detail


@pytest.mark.parametrize("rule", ["marital_status_is", "age_at_least", "identity_number_valid"])
def test_person_rules_report_an_absent_sponsor(rule: str) -> None:
    args = {"marital_status_is": {"group": "married"}, "age_at_least": {"years": 18}}.get(rule, {})
    assert _run(rule, {}, who="sponsor", **args) == (
        Status.NOT_MET,
        "no sponsor is recorded in the case",
    )


def test_age_with_a_broken_number_is_unknown_with_the_reason() -> None:
    status, detail = _run(
        "age_at_least", {"applicant": {"id_number": "123"}}, who="applicant", years=18
    )
    assert status == Status.UNKNOWN and "18 characters" in detail


def test_residence_rule_edges() -> None:
    def residence(**home: Any) -> tuple[Status, str]:
        facts = {"applicant": {"residence": home}}
        return _run("lawful_residence", facts, who="applicant", rental_counts=True)

    assert residence(kind="owned", district="440103") == (
        Status.NOT_MET,
        "the applicant's residence is own titled home in 荔湾区, outside the city",
    )
    assert residence(kind="private_rental", district="440703")[0] == Status.UNKNOWN
    assert residence(kind="relative_home", district="440703")[0] == Status.NOT_MET
    assert residence(kind="collective", district="440703")[0] == Status.NOT_MET
    assert residence(kind="public_rental", district="440703")[0] == Status.MET
    assert _run("lawful_residence", {}, who="sponsor", rental_counts=True)[0] == Status.NOT_MET


def test_unknown_pathway_names_the_known_ones(policy: Policy) -> None:
    with pytest.raises(UnknownPathway) as caught:
        policy.pathway("flying")
    assert "specialist" in caught.value.message.en


def test_abolished_routes_are_never_in_force(policy: Policy) -> None:
    assert not policy.pathway("points_settlement").in_force(date(2016, 1, 1))


def test_a_written_fact_counts_once_it_says_something() -> None:
    assert _run("fact_given", {}, path="sponsor.lost_home_note")[0] == Status.NOT_MET
    blank = {"applicant": {"lost_home_note": "  "}}
    assert _run("fact_given", blank, path="applicant.lost_home_note")[0] == Status.UNKNOWN
    said = {"applicant": {"lost_home_note": "房屋被法院拍卖"}}
    assert _run("fact_given", said, path="applicant.lost_home_note") == (
        Status.MET,
        "the applicant's other reason, in the clerk's words: 房屋被法院拍卖",
    )
