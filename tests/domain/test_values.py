"""Words, not codes: every value an explanation shows is named by its label."""

from __future__ import annotations

import re

import pytest

from hukou_desk.domain.facts import (
    GraduateDestination,
    GraduateOrigin,
    HomeAcquisition,
    LostHomeReason,
    PostKind,
    ResidenceKind,
    SpecialStatus,
)
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.values import party_label, value_label
from tests.domain.test_pathways import _cases, _judge

# An internal identifier (snake_case), a bare GB/T 2260 county code, or the word "code".
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|(?<!\d)4\d{5}(?!\d)|代码|\bcode\b|\bNone\b|\bTrue\b")


@pytest.mark.parametrize(
    ("path", "enum"),
    [
        ("applicant.residence.kind", ResidenceKind),
        ("sponsor.special_status", SpecialStatus),
        ("applicant.lost_home_reason", LostHomeReason),
        ("applicant.home_acquired", HomeAcquisition),
        ("applicant.employment.post", PostKind),
        ("applicant.graduation.origin", GraduateOrigin),
        ("applicant.graduation.destination", GraduateDestination),
    ],
)
def test_every_stored_value_has_a_label_in_both_languages(path, enum) -> None:
    for member in enum:
        label = value_label(path, member.value)
        assert label.zh != member.value, member  # an English word may be its own label,
        assert not RAW.search(label.en), label.en  # but never an identifier


def test_codes_are_named() -> None:
    assert value_label("sponsor.relationship", "10").zh == "配偶"
    assert value_label("sponsor.hukou_region", "440703").zh == "蓬江区"
    assert value_label("applicant.marital_status", "21").zh == "初婚"
    assert value_label("applicant.ethnicity", "08").zh == "壮族"
    assert value_label("destination.at_residence", False).en == "no"
    assert party_label("relatives[1]").zh == "随迁人员2"
    assert party_label("sponsor").en == "sponsor"


def test_no_explanation_of_any_pathway_case_shows_a_raw_value(policy: Policy) -> None:
    """Every line, reason and note the engine gives for every pathway-table case."""
    shown: list[str] = []
    for param in _cases():
        table, case = param.values
        outcome = _judge(policy, table, case)
        for line in outcome.lines:
            shown += [line.text.zh, line.text.en]
            if line.detail is not None:
                shown += [line.detail.zh, line.detail.en]
        for verdict in outcome.companions:
            shown += [verdict.reason.zh, verdict.reason.en]
        for note in outcome.notes:
            shown += [note.zh, note.en]
        for missing in outcome.missing_documents:
            who = party_label(missing.of)
            shown += [missing.name.zh, who.zh, who.en]
    leaks = sorted({f"{m.group(0)!r} in {s!r}" for s in shown for m in [RAW.search(s)] if m})
    assert not leaks, "\n".join(leaks[:20])
