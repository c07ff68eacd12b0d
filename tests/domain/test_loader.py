"""The strict loader: every shipped form loads; a malformed one is refused by file and field."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from hukou_desk.domain.errors import PolicyError
from hukou_desk.domain.loader import load_policy, load_registration_offices
from hukou_desk.domain.policy import PathwayKind, Policy
from hukou_desk.paths import forms_dir


def test_every_shipped_form_loads(policy: Policy) -> None:
    ids = {p.id for p in policy.pathways}
    assert len(policy.pathways) == 21
    assert {"points_settlement", "investment_settlement", "graduate_recruit_duty"} <= ids
    assert all(p.departments for p in policy.pathways)


def test_every_clause_of_the_index_is_covered(policy: Policy) -> None:
    clauses = {p.clause for p in policy.pathways}
    for clause in ["二（一）1", "二（一）2", "二（一）3", "二（二）1", "二（二）2", "二（二）3",
                   "二（三）1", "二（三）2", "二（四）", "二（五）1", "二（五）2", "二（六）",
                   "二（七）", "三（一）–（三）"]:  # fmt: skip
        assert clause in clauses


def test_rental_counts_only_where_the_clause_says_so(policy: Policy) -> None:
    """Reading rule: 含租赁 in 二（一）2 and 二（三）1 only; a named, dated parameter."""
    on = policy.plan.effective_from
    counts = {
        p.id: p.thresholds["rental_counts"].on(on)
        for p in policy.pathways
        if "rental_counts" in p.thresholds
    }
    assert counts == {
        "spouse": False,
        "parent_joins_child": True,
        "child_joins_parents": False,
        "stable_job_home_districts": True,
        "stable_home_county_cities": True,
    }


def test_abolished_routes_cite_two_seven(policy: Policy) -> None:
    abolished = [p for p in policy.pathways if p.kind == PathwayKind.ABOLISHED]
    assert {p.abolished_by for p in abolished} == {"二（七）"}


@pytest.fixture
def forms(tmp_path: Path) -> Path:
    copy = tmp_path / "forms"
    shutil.copytree(forms_dir(), copy)
    return copy


def _edit(file: Path, change: Callable[[str], str]) -> None:
    before = file.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the test's edit did not apply"
    file.write_text(after, encoding="utf-8")


BREAKAGES = [
    (
        "pathways/spouse.toml",
        lambda s: s.replace('kind = "move"', 'kind = "move"\ncolour = "red"'),
        r"spouse\.toml: field colour: unknown key",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('clause = "二（一）1"\ndepartments', "departments", 1),
        r"spouse\.toml: field clause: Field required",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('id = "marriage_certificate"', 'id = "wedding_photo"'),
        r"spouse\.toml: field documents\[0\]\.id: unknown document 'wedding_photo'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace(
            "values = [{ from = 2018-10-01, value = false }]",
            "values = [{ from = 2018-10-01, value = false }, { from = 2020-01-01, value = true }]",
        ),
        r"spouse\.toml: field thresholds\.rental_counts: .*overlap",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('rule = "sponsor_is"', 'rule = "sponsor_was"'),
        r"spouse\.toml: field criteria\[0\]\.rule: unknown rule 'sponsor_was'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('relations = ["spouse"]', 'relations = ["lover"]'),
        r"spouse\.toml: field criteria\[0\]\.args\.relations: 'lover' is not one of",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('"$rental_counts"', '"$rent"'),
        r"spouse\.toml: field criteria\[2\]\.args\.rental_counts: no threshold 'rent'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace("applicant.previously_divorced", "applicant.divorced"),
        r"spouse\.toml: field documents\[1\]\.when\.args\.path: not a fact",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('clause = "二（一）1"', 'clause = "2.1.1"', 1),
        r"spouse\.toml: field clause:",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace("effective_from = 2018-10-01", "effective_from = 2018-09-01"),
        r"spouse\.toml: field effective_from: earlier than the plan",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('departments = ["police"]', 'departments = ["army"]'),
        r"spouse\.toml: field departments\[0\]: unknown department 'army'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace("[[criteria]]", "[[criteria]", 1),
        r"not valid TOML",
    ),
    ("pathways/spouse.toml", lambda s: s.replace('id = "spouse"', 'id = "wife"'), r"field id:"),
    (
        "documents.toml",
        lambda s: s.replace('category = "identity"', 'category = "secret"', 1),
        r"documents\.toml: field resident_id_card\.category",
    ),
    (
        "plan.toml",
        lambda s: s.replace('  "spouse",\n', "", 1),
        r"spouse\.toml: not listed in plan\.toml",
    ),
    (
        "plan.toml",
        lambda s: s.replace("pathway_order = [", "order = ["),
        r"plan\.toml: field pathway_order",
    ),
    (
        "plan.toml",
        lambda s: s.replace('parent = ["parent_joins_child"]', 'parent = ["adoption"]'),
        r"field own_pathways\.parent: unknown pathway 'adoption'",
    ),
    (
        "plan.toml",
        lambda s: s.replace('  "graduate",\n', '  "graduate",\n  "astronaut",\n'),
        r"no file pathways/astronaut\.toml",
    ),
    (
        "pathways/spouse_special.toml",
        lambda s: s.replace('see_also = ["spouse"]', 'see_also = ["spouses"]'),
        r"field see_also\[0\]: unknown pathway 'spouses'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('args = { who = "sponsor", rental_counts', "args = { rental_counts"),
        r"field criteria\[2\]\.args: missing argument who",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace(
            'args = { relations = ["spouse"] }', 'args = { relations = ["spouse"], colour = "red" }'
        ),
        r"criteria\[0\]\.args\.colour: rule 'sponsor_is' takes no argument",
    ),
    (
        "pathways/bought_home.toml",
        lambda s: s.replace("minimum = 1 }", "minimum = true }"),
        r"args\.minimum: a number is required",
    ),
    (
        "pathways/bought_home.toml",
        lambda s: s.replace("minimum = 1 }", 'minimum = "one" }'),
        r"args\.minimum: wrong type str",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace(
            "values = [{ from = 2018-10-01, value = false }]",
            "values = [{ from = 2018-10-01, until = 2019-12-31, value = false }, { from = 2020-01-01, value = 6 }]",
        ),
        r"args\.rental_counts: threshold 'rental_counts' mixes value types",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace(
            "values = [{ from = 2018-10-01, value = false }]",
            "values = [{ from = 2018-10-01, until = 2018-01-01, value = false }]",
        ),
        r"'until' is before 'from'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('rule = "sponsor_is"', 'rule = "sponsor_is"\nany_of = []'),
        r"field criteria\[0\]: .*exactly one of 'rule', 'any_of' or 'all_of'",
    ),
    (
        "pathways/specialist.toml",
        lambda s: s.replace("any_of = [", 'args = { level = "x" }\nany_of = [', 1),
        r"'args' belongs with 'rule'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace(
            "effective_from = 2018-10-01",
            "effective_from = 2018-10-01\neffective_until = 2018-01-01",
        ),
        r"effective_until is before effective_from",
    ),
    (
        "pathways/points_settlement.toml",
        lambda s: s.replace('abolished_by = "二（七）"\n', ""),
        r"an abolished route names 'abolished_by'",
    ),
    (
        "pathways/spouse.toml",
        lambda s: s.replace('id = "spouse_city_hukou"', 'id = "sponsor_is_spouse"'),
        r"criterion ids repeat: sponsor_is_spouse",
    ),
]


@pytest.mark.parametrize(("file", "change", "message"), BREAKAGES)
def test_malformed_form_is_refused_with_file_field_and_problem(
    forms: Path, file: str, change: Callable[[str], str], message: str
) -> None:
    _edit(forms / file, change)
    with pytest.raises(PolicyError) as caught:
        load_policy(forms)
    assert re.search(message, caught.value.message.en), caught.value.message.en
    assert caught.value.message.zh.startswith("政策表单有误")


def test_missing_plan_is_reported(forms: Path) -> None:
    (forms / "plan.toml").unlink()
    with pytest.raises(PolicyError, match=r"plan\.toml: file is missing"):
        load_policy(forms)


def test_unreadable_file_is_reported(forms: Path) -> None:
    (forms / "documents.toml").write_bytes(b"\xff\xfe\x00 not text")
    with pytest.raises(PolicyError, match=r"documents\.toml: (cannot be read|not valid TOML)"):
        load_policy(forms)


def test_missing_file_is_reported(forms: Path) -> None:
    (forms / "pathways" / "graduate.toml").unlink()
    with pytest.raises(PolicyError, match=r"graduate\.toml"):
        load_policy(forms)


def test_registration_offices_load_by_county_and_refuse_a_bad_code(forms: Path) -> None:
    offices = load_registration_offices(forms)
    assert "恩平市公安局恩城派出所" in offices["440785"]
    assert set(offices) == {"440703", "440704", "440705", "440781", "440783", "440784", "440785"}
    _edit(forms / "registration_offices.toml", lambda s: s.replace('"440785" =', '"4407" ='))
    with pytest.raises(PolicyError) as caught:
        load_registration_offices(forms)
    assert "registration_offices.toml" in caught.value.message.en
    assert caught.value.message.zh.startswith("政策表单有误")
    (forms / "registration_offices.toml").unlink()
    assert load_registration_offices(forms) == {}  # a station without the list types them
