"""The eligibility engine: judge facts against a pathway on a date, clause by clause.

`evaluate` never reads the clock: the as-of date is an argument, as in OpenFisca.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from hukou_desk.domain.codes import MARRIED, RELATION_NAMES, UNMARRIED, Relation, relation_of
from hukou_desk.domain.facts import DocumentStatus, Facts, Person, document_key
from hukou_desk.domain.policy import (
    ArgValue,
    Companion,
    Condition,
    DocumentRequirement,
    Party,
    Pathway,
    PathwayKind,
    Policy,
)
from hukou_desk.domain.rules import PLACES, RULES, Context, Finding, Status, resolve, unknown
from hukou_desk.domain.text import Text, text


class Result(StrEnum):
    ELIGIBLE = "eligible"
    NEEDS_DOCUMENTS = "needs_documents"
    NOT_ELIGIBLE = "not_eligible"
    NOT_IN_FORCE = "not_in_force"


RESULT_NAMES: dict[Result, Text] = {
    Result.ELIGIBLE: text("符合条件", "eligible"),
    Result.NEEDS_DOCUMENTS: text("需补充材料", "needs documents"),
    Result.NOT_ELIGIBLE: text("不符合条件", "not eligible"),
    Result.NOT_IN_FORCE: text("不适用（不在施行期内）", "not in force"),
}
STATUS_NAMES: dict[Status, Text] = {
    Status.MET: text("符合", "met"),
    Status.NOT_MET: text("不符合", "not met"),
    Status.UNKNOWN: text("待核实", "unknown"),
}


@dataclass(frozen=True)
class CriterionLine:
    criterion_id: str
    clause: str
    text: Text
    status: Status
    detail: Text | None = None
    proposal: Text | None = None  # what would meet it (可迁入配偶户口所在地：蓬江区)


@dataclass(frozen=True)
class MissingDocument:
    document_id: str
    name: Text
    of: str
    status: str  # what the facts say: absent, missing, mismatch
    reason: Text | None = None


class CompanionStatus(StrEnum):
    ALLOWED = "allowed"
    NOT_ALLOWED = "not_allowed"
    UNKNOWN = "unknown"


COMPANION_STATUS_NAMES: dict[CompanionStatus, Text] = {
    CompanionStatus.ALLOWED: text("可随迁", "may come along"),
    CompanionStatus.NOT_ALLOWED: text("不可随迁", "may not come along"),
    CompanionStatus.UNKNOWN: text("待核实", "to check"),
}


@dataclass(frozen=True)
class CompanionVerdict:
    index: int
    name: str | None
    relationship: str | None
    status: CompanionStatus
    reason: Text
    clause: str
    own_pathways: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    pathway_id: str
    pathway_version: int
    as_of: date
    result: Result
    lines: tuple[CriterionLine, ...]
    missing_documents: tuple[MissingDocument, ...]
    companions: tuple[CompanionVerdict, ...]
    notes: tuple[Text, ...] = field(default=())

    def count(self, status: Status) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def fix(self) -> CriterionLine | None:
        """The one fact the clerk can change to make a failing route eligible: the route
        fails on a single criterion, nothing else is unknown, and that criterion's finding
        says what would meet it (a destination, the household asked for)."""
        if self.result != Result.NOT_ELIGIBLE or self.count(Status.UNKNOWN):
            return None
        failed = [line for line in self.lines if line.status == Status.NOT_MET]
        if len(failed) == 1 and failed[0].proposal is not None:
            return failed[0]
        return None

    def to_json(self) -> dict[str, Any]:
        def txt(value: Text | None) -> dict[str, str] | None:
            return None if value is None else {"zh": value.zh, "en": value.en}

        return {
            "pathway": self.pathway_id,
            "version": self.pathway_version,
            "as_of": self.as_of.isoformat(),
            "result": self.result.value,
            "criteria": [
                {
                    "id": line.criterion_id,
                    "clause": line.clause,
                    "status": line.status.value,
                    "text": txt(line.text),
                    "detail": txt(line.detail),
                    "proposal": txt(line.proposal),
                }
                for line in self.lines
            ],
            "missing_documents": [
                {"id": doc.document_id, "of": doc.of, "status": doc.status, "name": txt(doc.name)}
                for doc in self.missing_documents
            ],
            "companions": [
                {
                    "index": verdict.index,
                    "relationship": verdict.relationship,
                    "status": verdict.status.value,
                    "clause": verdict.clause,
                    "reason": txt(verdict.reason),
                    "own_pathways": list(verdict.own_pathways),
                }
                for verdict in self.companions
            ],
            "notes": [txt(note) for note in self.notes],
        }


# --- conditions -------------------------------------------------------------------------------


def _argument(value: ArgValue, pathway: Pathway, as_of: date) -> ArgValue | None:
    if isinstance(value, str) and value.startswith("$"):
        return pathway.thresholds[value[1:]].on(as_of)
    return value


def check(condition: Condition, pathway: Pathway, ctx: Context) -> Finding:
    """Three-valued evaluation of a condition (Kleene logic for any_of / all_of)."""
    if condition.rule is not None:
        args = {name: _argument(v, pathway, ctx.as_of) for name, v in condition.args.items()}
        if any(v is None for v in args.values()):
            return unknown(text("该日期没有适用的政策参数", "no policy parameter for that date"))
        return RULES[condition.rule].function(ctx, **args)
    parts = condition.any_of if condition.any_of is not None else condition.all_of
    assert parts is not None  # the model guarantees one of the three forms
    findings = [(part, check(part, pathway, ctx)) for part in parts]
    statuses = {finding.status for _part, finding in findings}
    wanted, opposite = (
        (Status.MET, Status.NOT_MET)
        if condition.any_of is not None
        else (Status.NOT_MET, Status.MET)
    )
    if wanted in statuses:
        decisive = [(p, f) for p, f in findings if f.status == wanted]
        return Finding(wanted, _explain(decisive), _proposal(decisive))
    if statuses == {opposite}:
        # Every branch of an any_of failed: say so, then why each one did.
        lead = text("以下情形均不符合：", "none of these holds: ") if condition.any_of else None
        return Finding(opposite, _explain(findings, lead), _proposal(findings))
    undecided = [(p, f) for p, f in findings if f.status == Status.UNKNOWN]
    return Finding(Status.UNKNOWN, _explain(undecided), _proposal(undecided))


def _proposal(findings: list[tuple[Condition, Finding]]) -> Text | None:
    return next((f.proposal for _p, f in findings if f.proposal is not None), None)


def _explain(findings: list[tuple[Condition, Finding]], lead: Text | None = None) -> Text | None:
    """The parts' sentences, each after the name of its branch where the form gives one
    ("已婚子女照顾父母——…"); every rule's sentence names the fact it read."""
    said = [(part.text, finding.detail) for part, finding in findings if finding.detail]
    zh = [f"{label.zh}——{detail.zh}" if label else detail.zh for label, detail in said]
    en = [f"{label.en} — {detail.en}" if label else detail.en for label, detail in said]
    if lead is not None and len(zh) > 1:
        return text(lead.zh + "；".join(zh), lead.en + "; ".join(en))
    return text("；".join(zh), "; ".join(en)) if zh else None


# --- evaluation -------------------------------------------------------------------------------


def evaluate(facts: Facts, pathway: Pathway, as_of: date, policy: Policy) -> Outcome:
    """Judge `facts` against `pathway` as the plan stood on `as_of`."""
    closed = _closed(pathway, as_of, policy)
    if closed is not None:
        return closed
    ctx = Context(facts, as_of)
    lines, evidence_needed = _lines(pathway, ctx, policy)
    statuses = {line.status for line in lines}
    # A refused route asks for no papers: none can cure a criterion the facts already fail.
    missing = (
        ()
        if Status.NOT_MET in statuses
        else _missing_documents(facts, pathway, ctx, policy, evidence_needed)
    )
    if Status.NOT_MET in statuses:
        result = Result.NOT_ELIGIBLE
    elif Status.UNKNOWN in statuses or missing:
        result = Result.NEEDS_DOCUMENTS
    else:
        result = Result.ELIGIBLE
    companions = tuple(
        _judge_companion(index, relative, pathway, ctx, policy)
        for index, relative in enumerate(facts.relatives)
    )
    notes: list[Text] = []
    if pathway.kind == PathwayKind.DUTY and result == Result.ELIGIBLE:
        notes.append(
            text(
                f"依{pathway.clause}，户口须迁至工作单位所在地（义务，不是选择）",
                f"Under {pathway.clause} the hukou must move to the employer's location (a duty)",
            )
        )
    return Outcome(
        pathway.id, pathway.version, as_of, result, tuple(lines), missing, companions, tuple(notes)
    )


def _closed(pathway: Pathway, as_of: date, policy: Policy) -> Outcome | None:
    """The outcome of a route closed on `as_of` (before the plan, abolished by it, or not in
    force then), or None: the route is open."""
    plan = policy.plan
    if as_of < plan.effective_from:
        note = text(
            f"申请日期{as_of.isoformat()}早于本方案施行日{plan.effective_from.isoformat()}（五），"
            f"应按原政策（{plan.repeals}）办理",
            f"Application dated {as_of.isoformat()}, before the plan took effect on "
            f"{plan.effective_from.isoformat()} (clause 五); "
            f"the former rules ({plan.repeals}) apply",
        )
        return _not_in_force(pathway, as_of, "五", note)
    if pathway.kind == PathwayKind.ABOLISHED:
        clause = pathway.abolished_by or pathway.clause
        note = text(
            f"{pathway.title.zh}已由本方案{clause}取消，不予办理",
            f"{pathway.title.en} was abolished by clause {clause} of the plan",
        )
        return _not_in_force(pathway, as_of, clause, note)
    if not pathway.in_force(as_of):
        note = text(
            f"该途径在{as_of.isoformat()}不在施行期内",
            f"This pathway is not in force on {as_of.isoformat()}",
        )
        return _not_in_force(pathway, as_of, pathway.clause, note)
    return None


def _lines(
    pathway: Pathway, ctx: Context, policy: Policy
) -> tuple[list[CriterionLine], dict[str, Text]]:
    """Each criterion's line, the principles' first; and the evidence that could settle
    those the facts leave open (by evidence id, with the criterion's text)."""
    # Principles (三: the identity number identifies a person) come first on every route.
    criteria = [(pathway, criterion) for criterion in pathway.criteria]
    if pathway.kind in (PathwayKind.MOVE, PathwayKind.DUTY):
        general = [(p, c) for p in policy.principles for c in p.criteria]
        criteria = general + criteria
    lines: list[CriterionLine] = []
    evidence_needed: dict[str, Text] = {}
    for source, criterion in criteria:
        finding = check(criterion, source, ctx)
        lines.append(
            CriterionLine(
                criterion.id,
                criterion.clause,
                criterion.text,
                finding.status,
                finding.detail,
                finding.proposal,
            )
        )
        if finding.status == Status.UNKNOWN:
            for evidence in criterion.evidence:
                # Only the papers that could settle it: a tenancy proof is not asked of an owner.
                if evidence.when is None or check(evidence.when, source, ctx).status != (
                    Status.NOT_MET
                ):
                    evidence_needed.setdefault(evidence.id, criterion.text)
    return lines, evidence_needed


def _not_in_force(pathway: Pathway, as_of: date, clause: str, note: Text) -> Outcome:
    line = CriterionLine("in_force", clause, note, Status.NOT_MET)
    return Outcome(
        pathway.id, pathway.version, as_of, Result.NOT_IN_FORCE, (line,), (), (), (note,)
    )


@dataclass(frozen=True)
class RequiredDocument:
    """A document the case needs: any one of `accepted` (the first is the usual one)."""

    document_id: str
    of: str  # whose: applicant, sponsor, relatives[0], relatives[1] …
    alternatives: tuple[str, ...] = ()
    note: Text | None = None

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.document_id, *self.alternatives)


def required_documents(
    facts: Facts, pathway: Pathway, as_of: date, policy: Policy
) -> tuple[RequiredDocument, ...]:
    """Every document this case needs on `pathway`, supplied or not: the pathway's own and
    every principle's, whose condition holds for these facts."""
    return _required(facts, pathway, Context(facts, as_of), policy)


def _required(
    facts: Facts, pathway: Pathway, ctx: Context, policy: Policy
) -> tuple[RequiredDocument, ...]:
    sources = [pathway]
    if pathway.kind in (PathwayKind.MOVE, PathwayKind.DUTY):
        sources = [*policy.principles, pathway]
    needed: dict[tuple[str, str], RequiredDocument] = {}
    for source in sources:
        for requirement in source.documents:
            # Whose: the applicant, the sponsor, or each relative coming along in turn (a
            # condition on a relative's document reads that relative as `relative`).
            if requirement.of == Party.RELATIVES:
                # Only the papers the route needs: none of a relative it does not let come.
                whose = [
                    (f"relatives[{index}]", Context(facts, ctx.as_of, relative))
                    for index, relative in enumerate(facts.relatives)
                    if _judge_companion(index, relative, pathway, ctx, policy).status
                    != CompanionStatus.NOT_ALLOWED
                ]
            elif requirement.of == Party.SPONSOR:
                whose = [("sponsor", ctx)] if facts.sponsor is not None else []
            else:
                whose = [("applicant", ctx)]
            for party, party_ctx in whose:
                when = requirement.when
                if when is not None:
                    status = check(when, source, party_ctx).status
                    # An adult's card is asked for while the age is not known (no number yet).
                    wanted = (
                        {Status.MET, Status.UNKNOWN}
                        if requirement.ask_when_unknown
                        else {Status.MET}
                    )
                    if status not in wanted:
                        continue
                # The same paper of the same person is asked for once (a principle and the
                # pathway may both name it): the first requirement stands.
                first, others = _fitting(requirement, party_ctx)
                needed.setdefault(
                    (requirement.id, party),
                    RequiredDocument(first, party, others, requirement.note),
                )
    return tuple(needed.values())


def _fitting(requirement: DocumentRequirement, ctx: Context) -> tuple[str, tuple[str, ...]]:
    """The paper asked for first and the others that would do: for a relative, those the
    requirement names for the relationship (a spouse's 结婚证 or 亲属关系证明, never a
    出生医学证明); every accepted paper while the relationship is not known."""
    accepted = (requirement.id, *requirement.alternatives)
    relationship = ctx.relative.relationship if ctx.relative is not None else None
    fits = requirement.by_relationship
    chosen = (
        fits.get(relationship) or fits.get(relationship[:1]) or fits.get("*")
        if relationship
        else None
    )
    fitting = [d for d in chosen or () if d in accepted]
    if not fitting:
        return requirement.id, requirement.alternatives
    return fitting[0], tuple(fitting[1:])


def _missing_documents(
    facts: Facts, pathway: Pathway, ctx: Context, policy: Policy, evidence: dict[str, Text]
) -> tuple[MissingDocument, ...]:
    """Documents still to bring: the required ones not supplied, then the evidence for
    criteria that are still unknown."""
    missing: list[MissingDocument] = []
    seen: set[tuple[str, str]] = set()  # (document, whose)
    for need in _required(facts, pathway, ctx, policy):
        if any(_supplied(facts, document_id, need.of) for document_id in need.accepted):
            continue
        seen.update((document_id, need.of) for document_id in need.accepted)
        missing.append(_missing(facts, need.document_id, need.of, policy, need.note))
    for document_id, because in evidence.items():
        if any(seen_id == document_id for seen_id, _of in seen) or _supplied(
            facts, document_id, "applicant"
        ):
            continue
        seen.add((document_id, "applicant"))
        reason = text(f"用于核实：{because.zh}", f"to establish: {because.en}")
        missing.append(_missing(facts, document_id, "applicant", policy, reason))
    return tuple(missing)


def _supplied(facts: Facts, document_id: str, of: str) -> bool:
    return facts.documents.get(document_key(document_id, of)) in (
        DocumentStatus.PRESENTED,
        DocumentStatus.VERIFIED,
        DocumentStatus.NOT_APPLICABLE,
    )


def _missing(
    facts: Facts, document_id: str, of: str, policy: Policy, reason: Text | None
) -> MissingDocument:
    status = facts.documents.get(document_key(document_id, of))
    name = policy.documents[document_id].name
    return MissingDocument(document_id, name, of, status.value if status else "absent", reason)


# --- who may come along -----------------------------------------------------------------------


def _kind_of(relative: Person) -> str | None:
    """The 随迁 category: spouse, parent, unmarried_child, married_child … or None if unknown."""
    if relative.relationship is None:
        return None
    relation = relation_of(relative.relationship)
    if relation != Relation.CHILD:
        return relation.value
    if relative.marital_status in UNMARRIED:
        return "unmarried_child"
    if relative.marital_status in MARRIED or relative.marital_status in {"30", "40"}:
        return "married_child"
    return "child"


def _judge_companion(
    index: int, relative: Person, pathway: Pathway, ctx: Context, policy: Policy
) -> CompanionVerdict:
    kind = _kind_of(relative)
    clause = pathway.clause

    def verdict(
        status: CompanionStatus, reason: Text, own: tuple[str, ...] = ()
    ) -> CompanionVerdict:
        return CompanionVerdict(
            index, relative.name, relative.relationship, status, reason, clause, own
        )

    if kind is None:
        return verdict(
            CompanionStatus.UNKNOWN, text("请填写与申请人的关系", "enter the relationship")
        )
    if kind == "child":
        return verdict(
            CompanionStatus.UNKNOWN,
            text("请填写子女的婚姻状况（随迁限未婚子女）", "enter the child's marital status"),
        )
    matching: list[Companion] = [c for c in pathway.companions if c.relation == kind]
    if not matching:
        own = policy.plan.own_pathways.get(kind, ())
        name = companion_kind_name(kind)
        if not pathway.companions:
            reason = text(
                f"本途径（{pathway.clause}）没有随迁规定",
                f"Nobody may come along on this pathway ({pathway.clause})",
            )
        else:
            reason = text(
                f"{pathway.clause}的随迁范围不包括{name.zh}",
                f"{pathway.clause} does not let a {name.en} come along",
            )
        return verdict(CompanionStatus.NOT_ALLOWED, reason, own)
    companion = matching[0]
    clause = companion.clause
    if companion.condition is None:
        return verdict(
            CompanionStatus.ALLOWED, text(f"依{clause}可随迁", f"may come along under {clause}")
        )
    relative_ctx = Context(ctx.facts, ctx.as_of, relative)
    finding = check(companion.condition, pathway, relative_ctx)
    condition = companion.text or companion.condition.text or text("随迁条件", "condition")
    if finding.status == Status.MET:
        return verdict(
            CompanionStatus.ALLOWED,
            text(f"依{clause}可随迁：{condition.zh}", f"allowed: {condition.en}"),
        )
    if finding.status == Status.NOT_MET:
        own = policy.plan.own_pathways.get(kind, ())
        return verdict(
            CompanionStatus.NOT_ALLOWED,
            text(
                f"不符合{clause}的随迁条件：{condition.zh}", f"fails the condition: {condition.en}"
            ),
            own,
        )
    return verdict(
        CompanionStatus.UNKNOWN, text(f"待核实：{condition.zh}", f"to be checked: {condition.en}")
    )


def companion_kind_name(kind: str) -> Text:
    if kind == "unmarried_child":
        return text("未婚子女", "unmarried child")
    if kind == "married_child":
        return text("已婚子女", "married child")
    return RELATION_NAMES[Relation(kind)]


# --- the finder -------------------------------------------------------------------------------


def rank_group(outcome: Outcome) -> int:
    """The finder's groups: eligible; fails on one fact the clerk can change; still unknown
    (needs facts or documents); not eligible; not in force."""
    if outcome.result == Result.ELIGIBLE:
        return 0
    if outcome.fix is not None:
        return 1
    return {Result.NEEDS_DOCUMENTS: 2, Result.NOT_ELIGIBLE: 3}.get(outcome.result, 4)


def find_pathways(facts: Facts, as_of: date, policy: Policy) -> list[Outcome]:
    """Every route an applicant can apply for, judged and ranked best first.

    Eligible routes lead; then routes that fail on one fact the clerk can change (the
    destination, the household asked for: `Outcome.fix` says which and to what); then routes
    still unknown; then routes that fail; routes out of force last. Within a group, the route
    with more criteria known (met or failed) comes first, so that a route about which nothing
    is known never outranks one the facts have judged; then fewer failed criteria, more met,
    fewer documents to bring, and the plan's own order.
    """
    order = {p.id: n for n, p in enumerate(policy.pathways)}
    outcomes = [
        evaluate(facts, pathway, as_of, policy)
        for pathway in policy.pathways
        # Routes out of force stay in the list, last, each saying why (a date before the plan).
        if pathway.kind in (PathwayKind.MOVE, PathwayKind.DUTY)
    ]
    return sorted(
        outcomes,
        key=lambda o: (
            rank_group(o),
            o.count(Status.UNKNOWN) - len(o.lines),  # more criteria known first
            o.count(Status.NOT_MET),
            -o.count(Status.MET),
            len(o.missing_documents),
            order[o.pathway_id],
        ),
    )


# The facts each rule reads, for the rules that name a person rather than a path.
_RULE_FACTS: dict[str, tuple[str, ...]] = {
    "has_city_hukou": ("{who}.hukou_region",),
    "sponsor_is": ("sponsor.relationship",),
    "marital_status_is": ("{who}.marital_status",),
    "age_at_least": ("{who}.id_number",),
    "identity_number_valid": ("{who}.id_number",),
    "education_at_least": ("applicant.education",),
    "title_at_least": ("applicant.professional_title",),
    "vocational_at_least": ("applicant.vocational_level",),
    "lawful_residence": ("{who}.residence.kind",),
    "social_insurance_months_at_least": ("applicant.social_insurance.months",),
    "attach_in_order": (
        "destination.attach_to",
        "applicant.relative_household_available",
        "applicant.employment.employer_collective_household",
    ),
    "graduated_within_years": ("applicant.graduation.graduated_on",),
}


def fact_paths(condition: Condition) -> tuple[str, ...]:
    """The fact paths a criterion reads (applicant.education, destination.at_residence …),
    in order, each once."""
    found: list[str] = []
    for part in (*(condition.any_of or ()), *(condition.all_of or ())):
        found.extend(fact_paths(part))
    if condition.rule is not None:
        path = condition.args.get("path")
        if isinstance(path, str):
            found.append(path)
        who = condition.args.get("who", "applicant")
        found.extend(p.format(who=who) for p in _RULE_FACTS.get(condition.rule, ()))
        place = condition.args.get("place")
        if condition.rule == "destination_at" and isinstance(place, str):
            found.extend(("destination.district", PLACES[place][1]))
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class DecidingFact:
    """The one question to ask next: an unknown criterion of the leading route, with the
    facts it reads that nobody has answered yet."""

    pathway_id: str
    criterion_id: str
    clause: str
    text: Text
    paths: tuple[str, ...]


def deciding_fact(
    facts: Facts,
    ranked: list[Outcome],
    policy: Policy,
    *,
    askable: Collection[str] | None = None,
) -> DecidingFact | None:
    """While no route is eligible, the fact that decides the leading route: its first unknown
    criterion that reads a fact not yet given (not one that only waits for a document) —
    preferring one the runner-up does not share, so the answer tells the two apart. With
    `askable`, only facts that screen can ask for (the others come later, e.g. a sponsor's
    identity number with the people)."""
    if not ranked or ranked[0].result != Result.NEEDS_DOCUMENTS:
        return None
    leader = policy.pathway(ranked[0].pathway_id)
    runner_up = ranked[1] if len(ranked) > 1 else None
    shared = (
        {line.criterion_id for line in runner_up.lines if line.status == Status.UNKNOWN}
        if runner_up is not None
        else set()
    )
    ctx = Context(facts, ranked[0].as_of)
    candidates: list[DecidingFact] = []
    unknown = {line.criterion_id for line in ranked[0].lines if line.status == Status.UNKNOWN}
    for criterion in leader.criteria:
        if criterion.id not in unknown:
            continue
        unset = tuple(
            p for p in fact_paths(criterion) if _unset(ctx, p) and (askable is None or p in askable)
        )
        if unset:
            candidates.append(
                DecidingFact(leader.id, criterion.id, criterion.clause, criterion.text, unset)
            )
    if not candidates:
        return None
    distinct = [c for c in candidates if c.criterion_id not in shared]
    return (distinct or candidates)[0]


def _unset(ctx: Context, path: str) -> bool:
    return resolve(ctx, path) is None  # a path through a person not there is unset too


def applicable_notices(facts: Facts, as_of: date, policy: Policy) -> list[Outcome]:
    """Protections that apply to these facts (二（一）1: a married person keeps their hukou)."""
    notices = [
        evaluate(facts, pathway, as_of, policy)
        for pathway in policy.pathways
        if pathway.kind == PathwayKind.NOTICE and pathway.in_force(as_of)
    ]
    return [o for o in notices if o.result == Result.ELIGIBLE]


def abolished_request(facts: Facts, as_of: date, policy: Policy) -> Outcome | None:
    """The refusal for a requested route the plan abolished (二（七）), if one was asked for."""
    if facts.requested_pathway is None:
        return None
    pathway = policy.pathway(facts.requested_pathway)
    if pathway.kind != PathwayKind.ABOLISHED:
        return None
    return evaluate(facts, pathway, as_of, policy)
