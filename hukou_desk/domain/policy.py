"""The plan as frozen objects: pathways, their criteria, documents, companions, thresholds.

These models are what the strict loader (loader.py) builds from forms/; unknown keys are
refused, and everything is immutable once loaded.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from hukou_desk.domain.codes import Relation
from hukou_desk.domain.errors import UnknownPathway
from hukou_desk.domain.text import Text, text
from hukou_desk.domain.time_limits import TimeLimits

Clause = Annotated[
    str,
    Field(
        pattern=r"^[一二三四五六七八九十]+(（[一二三四五六七八九十]+）(\d+)?)?(–（[一二三四五六七八九十]+）)?$",
        description="a clause of the plan in its own numbering, e.g. 二（一）3",
    ),
]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
ArgValue = int | bool | str | list[str]


class _Form(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Condition(_Form):
    """A test on the facts: one named rule with arguments, or any_of / all_of other conditions.

    An argument written "$name" takes the pathway's dated threshold `name` on the as-of date.
    """

    rule: str | None = None
    args: dict[str, ArgValue] = Field(default_factory=dict)
    any_of: tuple[Condition, ...] | None = None
    all_of: tuple[Condition, ...] | None = None
    text: Text | None = None

    @model_validator(mode="after")
    def _exactly_one_form(self) -> Condition:
        forms = [self.rule is not None, self.any_of is not None, self.all_of is not None]
        if sum(forms) != 1:
            raise ValueError("give exactly one of 'rule', 'any_of' or 'all_of'")
        if self.rule is None and self.args:
            raise ValueError("'args' belongs with 'rule'")
        return self


class Evidence(_Form):
    """A document that can settle an unknown criterion, asked for unless `when` is failed by
    the facts (a tenancy proof is not asked of someone recorded as an owner)."""

    id: str
    when: Condition | None = None


def _evidence(value: object) -> object:
    return {"id": value} if isinstance(value, str) else value


class Criterion(Condition):
    """One line of the outcome: what the plan requires, with its clause."""

    id: Identifier
    clause: Clause
    text: Text  # required on a criterion
    # Documents that establish it when unknown: an id, or {id, when}.
    evidence: tuple[Annotated[Evidence, BeforeValidator(_evidence)], ...] = ()


class Party(StrEnum):
    APPLICANT = "applicant"
    SPONSOR = "sponsor"
    RELATIVES = "relatives"


class DocumentRequirement(_Form):
    """A document the pathway needs, whose, and when (a condition on the facts)."""

    id: str
    alternatives: tuple[str, ...] = ()  # any one of id or these satisfies the requirement
    of: Party = Party.APPLICANT
    when: Condition | None = None
    # Ask for it also while `when` cannot be told (an identity card while the age is unknown).
    ask_when_unknown: bool = False
    note: Text | None = None
    # For a relative's paper: the accepted papers that fit the relationship (GB/T 4761 code,
    # or its first digit: "1" spouse; "*" any other relationship), the first asked for, the
    # rest the ones that would do instead — no 出生医学证明 for a wife, no 结婚证 for a son.
    by_relationship: dict[str, tuple[str, ...]] = {}


class Companion(_Form):
    """Who may come along (随迁) on this pathway, and on what condition."""

    relation: Relation | Literal["unmarried_child", "married_child"]
    clause: Clause
    condition: Condition | None = None
    text: Text | None = None


class DatedValue(_Form):
    start: date = Field(alias="from")
    until: date | None = None
    value: ArgValue

    @model_validator(mode="after")
    def _ordered(self) -> DatedValue:
        if self.until is not None and self.until < self.start:
            raise ValueError("'until' is before 'from'")
        return self


class Threshold(_Form):
    """A dated policy parameter with its clause (months of insurance, does rental count …)."""

    clause: Clause
    text: Text
    values: tuple[DatedValue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Threshold:
        ordered = sorted(self.values, key=lambda v: v.start)
        for earlier, later in pairwise(ordered):
            if earlier.until is None or earlier.until >= later.start:
                raise ValueError(
                    f"dated values overlap: the one from {earlier.start} runs into "
                    f"the one from {later.start}"
                )
        return self

    def on(self, day: date) -> ArgValue | None:
        for dated in self.values:
            if dated.start <= day and (dated.until is None or day <= dated.until):
                return dated.value
        return None


class PathwayKind(StrEnum):
    MOVE = "move"  # a route into or within the city that an applicant applies for
    DUTY = "duty"  # a move the person must make (二（二）1 graduate recruits)
    NOTICE = "notice"  # a protection the clerk must respect (二（一）1 keeping one's hukou)
    ABOLISHED = "abolished"  # 二（七）: refused, citing the clause
    PRINCIPLE = "principle"  # applies to every application (三: the identity number)


class Pathway(_Form):
    id: Identifier
    version: int = Field(ge=1)
    kind: PathwayKind
    title: Text
    clause: Clause
    summary: Text
    departments: tuple[str, ...] = Field(min_length=1)
    effective_from: date
    effective_until: date | None = None
    abolished_by: Clause | None = None
    criteria: tuple[Criterion, ...] = ()
    documents: tuple[DocumentRequirement, ...] = ()
    companions: tuple[Companion, ...] = ()
    thresholds: dict[Identifier, Threshold] = Field(default_factory=dict)
    see_also: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Pathway:
        if self.effective_until is not None and self.effective_until < self.effective_from:
            raise ValueError("effective_until is before effective_from")
        if (self.kind == PathwayKind.ABOLISHED) != (self.abolished_by is not None):
            raise ValueError("an abolished route names 'abolished_by', and only it does")
        ids = [criterion.id for criterion in self.criteria]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"criterion ids repeat: {', '.join(sorted(duplicates))}")
        return self

    def in_force(self, day: date) -> bool:
        if self.kind == PathwayKind.ABOLISHED:
            return False
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )


class DocumentCheck(_Form):
    id: Identifier
    text: Text


class DocumentType(_Form):
    name: Text
    category: Literal["identity", "certificate", "proof", "housing", "consent", "transfer"]
    form: Literal["original_inspected", "original_inspected_copy_kept", "original_kept"]
    checks: tuple[DocumentCheck, ...] = Field(min_length=1)


class Department(_Form):
    name: Text


class Plan(_Form):
    title: Text
    effective_from: date
    repeals: str
    departments: dict[Identifier, Department]
    # Where a relative cannot come along, the pathways that may serve them instead.
    own_pathways: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # The statutory day counts, dated, each with its rule (domain/time_limits.py).
    time_limits: TimeLimits


class Policy(_Form):
    """Everything loaded from forms/: the plan, the document catalogue and every pathway."""

    plan: Plan
    documents: dict[str, DocumentType]
    pathways: tuple[Pathway, ...]

    def pathway(self, pathway_id: str) -> Pathway:
        for pathway in self.pathways:
            if pathway.id == pathway_id:
                return pathway
        known = ", ".join(p.id for p in self.pathways)
        raise UnknownPathway(
            text(
                f"没有编号为“{pathway_id}”的迁入途径（可用：{known}）",
                f"No pathway with id '{pathway_id}' (known: {known})",
            )
        )

    @property
    def principles(self) -> tuple[Pathway, ...]:
        return tuple(p for p in self.pathways if p.kind == PathwayKind.PRINCIPLE)
