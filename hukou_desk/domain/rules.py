"""The vocabulary of tests that criteria in forms/ are written in.

A rule reads the facts and answers met, not met or unknown, with a short explanation.
Rules know nothing of clauses or pathways: the form files compose them and cite the plan.
Each rule declares its arguments, so that the loader can refuse a form that misuses one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from hukou_desk.domain.codes import (
    EDUCATION_LEVELS,
    MARITAL_STATUS,
    MARRIED,
    TITLE_LEVELS,
    UNMARRIED,
    VOCATIONAL_LEVELS,
    Relation,
    education_name,
    education_reaches,
    is_collateral,
    relation_of,
)
from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.facts import Facts, Person, ResidenceKind, SocialInsurance
from hukou_desk.domain.identity import age_on, parse_identity_number
from hukou_desk.domain.regions import is_jiangmen, region_name
from hukou_desk.domain.text import Text, text
from hukou_desk.domain.values import value_label

# 未婚子女 are never-married; a divorced or widowed child counts with the married ones.
MARITAL_GROUPS = {
    "unmarried": UNMARRIED,
    "married": MARRIED,
    "ever_married": MARRIED | {"30", "40"},
}


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Finding:
    status: Status
    detail: Text | None = None


@dataclass(frozen=True)
class Context:
    """What a rule may read: the facts and the date the application is judged on."""

    facts: Facts
    as_of: date
    relative: Person | None = None  # the relative whose 随迁 condition is being checked

    def person(self, role: str) -> Person | None:
        if role == "applicant":
            return self.facts.applicant
        if role == "relative":
            return self.relative
        return self.facts.sponsor


RuleFunction = Callable[..., Finding]


@dataclass(frozen=True)
class Rule:
    name: str
    function: RuleFunction
    params: dict[str, type | tuple[type, ...]]
    optional: frozenset[str]
    choices: dict[str, frozenset[str]]


RULES: dict[str, Rule] = {}
ROLES = frozenset({"applicant", "sponsor", "relative"})


def rule(
    name: str,
    *,
    optional: tuple[str, ...] = (),
    choices: dict[str, frozenset[str]] | None = None,
    **params: type | tuple[type, ...],
) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES[name] = Rule(name, function, params, frozenset(optional), choices or {})
        return function

    return register


def met(detail: Text | None = None) -> Finding:
    return Finding(Status.MET, detail)


def not_met(detail: Text | None = None) -> Finding:
    return Finding(Status.NOT_MET, detail)


def unknown(detail: Text | None = None) -> Finding:
    return Finding(Status.UNKNOWN, detail)


def verdict(condition: bool, detail: Text | None = None) -> Finding:
    return met(detail) if condition else not_met(detail)


_ROLE_NAMES = {
    "applicant": text("申请人", "applicant"),
    "sponsor": text("被投靠人", "sponsor"),
    "relative": text("随迁亲属", "relative"),
}


def _absent(role: str) -> Finding:
    name = _ROLE_NAMES.get(role, text(role, role))
    return not_met(text(f"未登记{name.zh}", f"no {name.en} recorded"))


def _missing(what: Text) -> Finding:
    return unknown(text(f"{what.zh}未知", f"{what.en} not known"))


# --- generic facts -------------------------------------------------------------------------


class PathError(LookupError):
    """A fact path that does not name a field of the facts format."""


def resolve(ctx: Context, path: str) -> Any:
    """The value at a dotted path, or None where any step on the way is unset."""
    root, *rest = path.split(".")
    value: Any = ctx.person(root) if root in ROLES else getattr(ctx.facts, root)
    for part in rest:
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _person_absent(ctx: Context, path: str) -> Finding | None:
    root = path.split(".")[0]
    if root in ROLES and ctx.person(root) is None:
        return _absent(root)
    return None


def validate_path(path: str) -> None:
    """Raise PathError unless `path` walks the Facts models field by field."""
    root, *rest = path.split(".")
    model: Any = Person if root in ROLES else Facts
    for part in rest if root in ROLES else [root, *rest]:
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise PathError(f"'{part}' goes inside a value that has no fields")
        field = model.model_fields.get(part)
        if field is None:
            raise PathError(f"no field '{part}' in {model.__name__}")
        annotation = field.annotation
        inner = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
        model = inner[0] if len(inner) == 1 else annotation


def _shown(path: str, value: Any) -> Text:
    return value_label(path, value)


@rule("fact_is", path=str, value=(bool, str))
def fact_is(ctx: Context, path: str, value: bool | str) -> Finding:
    """A fact has exactly this value (e.g. the owner's consent is true)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return unknown()
    shown = _shown(path, actual)
    return verdict(actual == value, text(f"现为：{shown.zh}", f"recorded: {shown.en}"))


@rule("fact_given", path=str)
def fact_given(ctx: Context, path: str) -> Finding:
    """A fact written down (a note, a name): met when it says something."""
    if absent := _person_absent(ctx, path):
        return absent
    value = resolve(ctx, path)
    if value is None or (isinstance(value, str) and not value.strip()):
        return unknown(text("尚未记录", "not recorded yet"))
    return met(text(f"记录：{value}", f"recorded: {value}"))


@rule("fact_in", path=str, values=list)
def fact_in(ctx: Context, path: str, values: list[str]) -> Finding:
    """A fact is one of the listed values (a district among the three, a graduate's route …)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return unknown()
    shown = _shown(path, actual)
    return verdict(str(actual) in values, text(f"现为：{shown.zh}", f"recorded: {shown.en}"))


@rule("fact_at_most", path=str, maximum=int)
def fact_at_most(ctx: Context, path: str, maximum: int) -> Finding:
    """A number in the facts stays within a limit (homes owned: none, children joined: none)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return unknown()
    return verdict(
        int(actual) <= maximum,
        text(f"现为{actual}，不得超过{maximum}", f"{actual}, at most {maximum} allowed"),
    )


@rule("in_city", path=str)
def in_city(ctx: Context, path: str) -> Finding:
    """A place in the facts (an employer's district …) lies in Jiangmen."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return unknown()
    place = _shown(path, actual)
    return verdict(is_jiangmen(str(actual)), text(f"现为：{place.zh}", f"recorded: {place.en}"))


@rule("fact_at_least", path=str, minimum=int)
def fact_at_least(ctx: Context, path: str, minimum: int) -> Finding:
    """A number in the facts reaches a threshold (months of employment, homes owned …)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return unknown()
    return verdict(
        int(actual) >= minimum,
        text(f"现为{actual}，要求至少{minimum}", f"{actual}, at least {minimum} required"),
    )


# --- persons and relationships ----------------------------------------------------------------


@rule("has_city_hukou", who=str, choices={"who": ROLES})
def has_city_hukou(ctx: Context, who: str) -> Finding:
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    if person.hukou_region is None:
        return _missing(text("户口登记地", "hukou registration place"))
    return verdict(
        is_jiangmen(person.hukou_region),
        text(
            f"户口登记地：{region_name(person.hukou_region)}",
            f"hukou registered in {region_name(person.hukou_region)}",
        ),
    )


RELATION_GROUPS = frozenset({*(r.value for r in Relation), "collateral"})


@rule("sponsor_is", relations=list, choices={"relations": RELATION_GROUPS})
def sponsor_is(ctx: Context, relations: list[str]) -> Finding:
    """The sponsor stands in one of these relations to the applicant (GB/T 4761)."""
    sponsor = ctx.facts.sponsor
    if sponsor is None:
        return _absent("sponsor")
    if sponsor.relationship is None:
        return _missing(text("被投靠人与申请人的关系", "the sponsor's relationship"))
    relation = relation_of(sponsor.relationship)
    ok = relation.value in relations or ("collateral" in relations and is_collateral(relation))
    shown = _shown("relationship", sponsor.relationship)
    return verdict(ok, text(f"关系：{shown.zh}", f"relationship: {shown.en}"))


@rule(
    "marital_status_is",
    who=str,
    group=str,
    choices={"who": ROLES, "group": frozenset(MARITAL_GROUPS)},
)
def marital_status_is(ctx: Context, who: str, group: str) -> Finding:
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    if person.marital_status is None or person.marital_status == "90":
        return _missing(text("婚姻状况", "marital status"))
    shown = MARITAL_STATUS[person.marital_status]
    return verdict(
        person.marital_status in MARITAL_GROUPS[group],
        text(f"婚姻状况：{shown.zh}", f"marital status: {shown.en}"),
    )


@rule("age_at_least", who=str, years=int, choices={"who": ROLES})
def age_at_least(ctx: Context, who: str, years: int) -> Finding:
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    if person.id_number is None:
        return _missing(text("出生日期（身份号码）", "birth date (identity number)"))
    try:
        birth = parse_identity_number(person.id_number, today=ctx.as_of).birth_date
    except InvalidIdentityNumber as exc:
        return unknown(exc.message)
    age = age_on(birth, ctx.as_of)
    return verdict(age >= years, text(f"{age}周岁", f"aged {age}"))


@rule("identity_number_valid", who=str, choices={"who": ROLES})
def identity_number_valid(ctx: Context, who: str) -> Finding:
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    if person.id_number is None:
        return _missing(text("公民身份号码", "identity number"))
    try:
        number = parse_identity_number(person.id_number, today=ctx.as_of)
    except InvalidIdentityNumber as exc:
        return not_met(exc.message)
    return met(text(f"号码有效（{number.region.name}）", f"valid ({number.region.name})"))


# --- qualifications ---------------------------------------------------------------------------


@rule("education_at_least", level=str, choices={"level": frozenset(EDUCATION_LEVELS)})
def education_at_least(ctx: Context, level: str) -> Finding:
    code = ctx.facts.applicant.education
    if code is None:
        return _missing(text("学历", "education"))
    name = education_name(code)
    return verdict(
        education_reaches(code, level), text(f"学历：{name.zh}", f"education: {name.en}")
    )


def _level_at_least(
    value: str | None, minimum: str, ladder: tuple[str, ...], what: Text
) -> Finding:
    if value is None:
        return _missing(what)
    return verdict(ladder.index(value) >= ladder.index(minimum))


@rule("title_at_least", level=str, choices={"level": frozenset(TITLE_LEVELS)})
def title_at_least(ctx: Context, level: str) -> Finding:
    return _level_at_least(
        ctx.facts.applicant.professional_title,
        level,
        TITLE_LEVELS,
        text("职称", "professional title"),
    )


@rule("vocational_at_least", level=str, choices={"level": frozenset(VOCATIONAL_LEVELS)})
def vocational_at_least(ctx: Context, level: str) -> Finding:
    return _level_at_least(
        ctx.facts.applicant.vocational_level,
        level,
        VOCATIONAL_LEVELS,
        text("职业资格", "vocational qualification"),
    )


# --- housing ----------------------------------------------------------------------------------

_FIXED = {ResidenceKind.OWNED, ResidenceKind.SELF_BUILT, ResidenceKind.EMPLOYER_HOUSING}
_RENTAL = {ResidenceKind.PUBLIC_RENTAL, ResidenceKind.PRIVATE_RENTAL}


@rule(
    "lawful_residence",
    who=str,
    rental_counts=bool,
    districts=list,
    optional=("districts",),
    choices={"who": ROLES},
)
def lawful_residence(
    ctx: Context, who: str, rental_counts: bool, districts: list[str] | None = None
) -> Finding:
    """合法固定/稳定住所 in the city; a rental counts only where the clause says 含租赁."""
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    home = person.residence
    if home is None or home.kind is None:
        return _missing(text("住所情况", "residence"))
    if home.district is None:
        return _missing(text("住所所在区（市）", "district of the residence"))
    if not is_jiangmen(home.district):
        return not_met(text("住所不在本市", "the residence is outside the city"))
    if districts and home.district not in districts:
        return not_met(
            text(
                f"住所位于{region_name(home.district)}，不在本款所列区",
                f"residence in {region_name(home.district)}, not listed",
            )
        )
    if home.kind in _FIXED:
        return met()
    if home.kind in _RENTAL:
        if not rental_counts:
            return not_met(text("本款不含租赁住所", "a rental does not count under this clause"))
        if home.kind == ResidenceKind.PRIVATE_RENTAL:
            if home.tenancy_registered is None:
                return _missing(text("租赁登记备案", "tenancy registration"))
            if not home.tenancy_registered:
                return not_met(text("租赁未登记备案", "the tenancy is not registered"))
        return met(text("租赁住所（本款含租赁）", "rented home (rental counts here)"))
    return not_met(text("借住或集体户地址不是本人的住所", "a borrowed or collective address"))


# --- work and social insurance ----------------------------------------------------------------


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def insured_months(insurance: SocialInsurance, as_of: date, max_gap: int) -> int | None:
    """Months paid, counted back from the application month; gaps adding up to more than
    `max_gap` months break continuity (Guangdong practice)."""
    if not insurance.periods:
        return insurance.months
    paid: set[int] = set()
    for period in insurance.periods:
        paid.update(range(_month_index(period.start), _month_index(period.end) + 1))
    current = as_of.year * 12 + as_of.month - 1
    counted = gaps = 0
    month = current
    earliest = min(paid, default=current)
    while month >= earliest:
        if month in paid:
            counted += 1
        elif month != current:  # the application month itself may not be paid yet
            gaps += 1
            if gaps > max_gap:
                break
        month -= 1
    return counted


@rule("social_insurance_months_at_least", months=int, max_gap=int)
def social_insurance_months_at_least(ctx: Context, months: int, max_gap: int) -> Finding:
    insurance = ctx.facts.applicant.social_insurance
    counted = insured_months(insurance, ctx.as_of, max_gap) if insurance else None
    if counted is None:
        return _missing(text("社会保险缴费月数", "months of social insurance"))
    return verdict(
        counted >= months,
        text(
            f"连续参保{counted}个月，要求满{months}个月",
            f"{counted} months insured, {months} required",
        ),
    )
