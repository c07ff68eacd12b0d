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
    RELATION_NAMES,
    TITLE_LEVELS,
    TITLE_NAMES,
    UNMARRIED,
    VOCATIONAL_LEVELS,
    VOCATIONAL_NAMES,
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
from hukou_desk.domain.values import amount, fact_name, value_label

# 未婚子女 are never-married; a divorced or widowed child counts with the married ones.
MARITAL_GROUPS = {
    "unmarried": UNMARRIED,
    "married": MARRIED,
    "ever_married": MARRIED | {"30", "40"},
}
MARITAL_GROUP_NAMES = {
    "unmarried": text("未婚", "never married"),
    "married": text("已婚", "married"),
    "ever_married": text("已婚、丧偶或离婚", "married, widowed or divorced"),
}


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Finding:
    status: Status
    detail: Text | None = None
    # What the clerk could change to meet an unmet criterion (可迁入配偶户口所在地：蓬江区).
    proposal: Text | None = None


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
    return not_met(text(f"案件中未登记{name.zh}", f"no {name.en} is recorded in the case"))


def _missing(what: Text) -> Finding:
    return unknown(text(f"{what.zh}尚未记录", f"{what.en} not recorded yet"))


def _unrecorded(path: str) -> Finding:
    return _missing(fact_name(path))


def _judged(path: str, shown: Text, ok: bool, wanted: Text) -> Finding:
    """A sentence naming the fact, what it is, and what the criterion asks of it."""
    name = fact_name(path)
    if ok:
        return met(text(f"{name.zh}：{shown.zh}，符合要求", f"{name.en}: {shown.en}, as required"))
    return not_met(
        text(
            f"{name.zh}：{shown.zh}，不符合要求（要求：{wanted.zh}）",
            f"{name.en}: {shown.en}, which does not meet the requirement ({wanted.en})",
        )
    )


def _one_of(path: str, values: list[str]) -> Text:
    labels = [value_label(path, v) for v in values]
    if len(labels) == 1:
        return labels[0]
    return text(
        "以下之一：" + "、".join(x.zh for x in labels),
        "one of " + ", ".join(x.en for x in labels),
    )


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


@rule("fact_is", path=str, value=(bool, str), unset=bool, optional=("unset",))
def fact_is(ctx: Context, path: str, value: bool | str, unset: bool | None = None) -> Finding:
    """A fact has exactly this value (e.g. the owner's consent is true). With `unset`, a fact
    not recorded counts as that value (an older file's flag that newer files never carry)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None and unset is not None:
        name = fact_name(path)
        return verdict(
            unset == value,
            text(
                f"{name.zh}：未记录（按“{_shown(path, unset).zh}”处理）",
                f"{name.en}: not recorded (taken as {_shown(path, unset).en})",
            ),
        )
    if actual is None:
        return _unrecorded(path)
    return _judged(path, _shown(path, actual), actual == value, _shown(path, value))


@rule("fact_is_not", path=str, value=(bool, str))
def fact_is_not(ctx: Context, path: str, value: bool | str) -> Finding:
    """A fact is not recorded as this value (a destination not recorded as a village)."""
    actual = resolve(ctx, path)
    name = fact_name(path)
    if actual is None:
        return met(
            text(
                f"{name.zh}：未记录为“{_shown(path, value).zh}”",
                f"{name.en}: not recorded as {_shown(path, value).en}",
            )
        )
    shown = _shown(path, actual)
    if actual != value:
        return met(text(f"{name.zh}：{shown.zh}", f"{name.en}: {shown.en}"))
    return not_met(text(f"{name.zh}：{shown.zh}", f"{name.en}: {shown.en}"))


@rule("fact_given", path=str)
def fact_given(ctx: Context, path: str) -> Finding:
    """A fact written down (a note, a name): met when it says something."""
    if absent := _person_absent(ctx, path):
        return absent
    value = resolve(ctx, path)
    if value is None or (isinstance(value, str) and not value.strip()):
        return _unrecorded(path)
    name = fact_name(path)
    return met(text(f"{name.zh}：{value}", f"{name.en}: {value}"))


@rule("fact_in", path=str, values=list)
def fact_in(ctx: Context, path: str, values: list[str]) -> Finding:
    """A fact is one of the listed values (a district among the three, a graduate's route …)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return _unrecorded(path)
    return _judged(path, _shown(path, actual), str(actual) in values, _one_of(path, values))


@rule("fact_at_most", path=str, maximum=int)
def fact_at_most(ctx: Context, path: str, maximum: int) -> Finding:
    """A number in the facts stays within a limit (homes owned: none, children joined: none)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return _unrecorded(path)
    limit = amount(path, maximum)
    return _judged(
        path,
        amount(path, int(actual)),
        int(actual) <= maximum,
        text(f"不超过{limit.zh}", f"at most {limit.en}"),
    )


_CITY = text("在江门市内", "in Jiangmen")


@rule("in_city", path=str)
def in_city(ctx: Context, path: str) -> Finding:
    """A place in the facts (an employer's district …) lies in Jiangmen."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return _unrecorded(path)
    return _judged(path, _shown(path, actual), is_jiangmen(str(actual)), _CITY)


@rule("fact_at_least", path=str, minimum=int)
def fact_at_least(ctx: Context, path: str, minimum: int) -> Finding:
    """A number in the facts reaches a threshold (months of employment, homes owned …)."""
    if absent := _person_absent(ctx, path):
        return absent
    actual = resolve(ctx, path)
    if actual is None:
        return _unrecorded(path)
    least = amount(path, minimum)
    return _judged(
        path,
        amount(path, int(actual)),
        int(actual) >= minimum,
        text(f"至少{least.zh}", f"at least {least.en}"),
    )


# --- persons and relationships ----------------------------------------------------------------


@rule("has_city_hukou", who=str, choices={"who": ROLES})
def has_city_hukou(ctx: Context, who: str) -> Finding:
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    path = f"{who}.hukou_region"
    if person.hukou_region is None:
        return _unrecorded(path)
    return _judged(path, _shown(path, person.hukou_region), is_jiangmen(person.hukou_region), _CITY)


RELATION_GROUPS = frozenset({*(r.value for r in Relation), "collateral"})


@rule("sponsor_is", relations=list, choices={"relations": RELATION_GROUPS})
def sponsor_is(ctx: Context, relations: list[str]) -> Finding:
    """The sponsor stands in one of these relations to the applicant (GB/T 4761)."""
    sponsor = ctx.facts.sponsor
    if sponsor is None:
        return _absent("sponsor")
    path = "sponsor.relationship"
    if sponsor.relationship is None:
        return _unrecorded(path)
    relation = relation_of(sponsor.relationship)
    ok = relation.value in relations or ("collateral" in relations and is_collateral(relation))
    names = [
        text("旁系亲属", "a collateral relative")
        if r == "collateral"
        else RELATION_NAMES[Relation(r)]
        for r in relations
    ]
    wanted = text("或".join(n.zh for n in names), " or ".join(n.en for n in names))
    return _judged(path, _shown(path, sponsor.relationship), ok, wanted)


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
    path = f"{who}.marital_status"
    if person.marital_status is None or person.marital_status == "90":
        return _unrecorded(path)
    return _judged(
        path,
        MARITAL_STATUS[person.marital_status],
        person.marital_status in MARITAL_GROUPS[group],
        MARITAL_GROUP_NAMES[group],
    )


@rule("age_at_least", who=str, years=int, choices={"who": ROLES})
def age_at_least(ctx: Context, who: str, years: int) -> Finding:
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    whose = _ROLE_NAMES[who]
    if person.id_number is None:
        return _missing(
            text(
                f"{whose.zh}的出生日期（公民身份号码）",
                f"the {whose.en}'s birth date (identity number)",
            )
        )
    try:
        birth = parse_identity_number(person.id_number, today=ctx.as_of).birth_date
    except InvalidIdentityNumber as exc:
        return unknown(
            text(
                f"{whose.zh}的年龄无法确定：{exc.message.zh}",
                f"the {whose.en}'s age cannot be told: {exc.message.en}",
            )
        )
    age = age_on(birth, ctx.as_of)
    said = text(f"{whose.zh}现年{age}周岁", f"the {whose.en} is {age} years old")
    if age >= years:
        return met(text(f"{said.zh}，已满{years}周岁", f"{said.en}, at least {years} as required"))
    return not_met(
        text(f"{said.zh}，未满{years}周岁", f"{said.en}, under the {years} years required")
    )


@rule("identity_number_valid", who=str, choices={"who": ROLES})
def identity_number_valid(ctx: Context, who: str) -> Finding:
    person = ctx.person(who)
    if person is None:
        return _absent(who)
    whose = _ROLE_NAMES[who]
    if person.id_number is None:
        return _missing(text(f"{whose.zh}的公民身份号码", f"the {whose.en}'s identity number"))
    try:
        number = parse_identity_number(person.id_number, today=ctx.as_of)
    except InvalidIdentityNumber as exc:
        return not_met(
            text(
                f"{whose.zh}的公民身份号码无效：{exc.message.zh}",
                f"the {whose.en}'s identity number is not valid: {exc.message.en}",
            )
        )
    return met(
        text(
            f"{whose.zh}的公民身份号码有效（赋码地：{number.region.name}）",
            f"the {whose.en}'s identity number is valid (issued in {number.region.name})",
        )
    )


# --- qualifications ---------------------------------------------------------------------------


@rule("education_at_least", level=str, choices={"level": frozenset(EDUCATION_LEVELS)})
def education_at_least(ctx: Context, level: str) -> Finding:
    path = "applicant.education"
    code = ctx.facts.applicant.education
    if code is None:
        return _unrecorded(path)
    least = EDUCATION_LEVEL_NAMES[level]
    return _judged(
        path,
        education_name(code),
        education_reaches(code, level),
        text(f"{least.zh}及以上（已毕业）", f"{least.en} or above, completed"),
    )


def _level_at_least(
    path: str, value: str | None, minimum: str, ladder: tuple[str, ...], names: dict[str, Text]
) -> Finding:
    if value is None:
        return _unrecorded(path)
    least = names[minimum]
    return _judged(
        path,
        names[value],
        ladder.index(value) >= ladder.index(minimum),
        text(f"{least.zh}及以上", f"{least.en} or above"),
    )


@rule("title_at_least", level=str, choices={"level": frozenset(TITLE_LEVELS)})
def title_at_least(ctx: Context, level: str) -> Finding:
    return _level_at_least(
        "applicant.professional_title",
        ctx.facts.applicant.professional_title,
        level,
        TITLE_LEVELS,
        TITLE_NAMES,
    )


@rule("vocational_at_least", level=str, choices={"level": frozenset(VOCATIONAL_LEVELS)})
def vocational_at_least(ctx: Context, level: str) -> Finding:
    return _level_at_least(
        "applicant.vocational_level",
        ctx.facts.applicant.vocational_level,
        level,
        VOCATIONAL_LEVELS,
        VOCATIONAL_NAMES,
    )


# --- housing ----------------------------------------------------------------------------------

EDUCATION_LEVEL_NAMES = {
    "postgraduate": text("研究生", "postgraduate"),
    "bachelor": text("大学本科", "bachelor's degree"),
    "junior_college": text("大学专科", "junior college"),
    "secondary_vocational": text("中专、中技", "secondary vocational school"),
    "senior_high": text("普通高中", "senior high school"),
}

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
    whose = _ROLE_NAMES[who]
    if home is None or home.kind is None:
        return _unrecorded(f"{who}.residence.kind")
    kind = _shown("kind", home.kind.value)
    if home.district is None:
        return _unrecorded(f"{who}.residence.district")
    place = region_name(home.district)
    said = text(
        f"{whose.zh}的住所为{kind.zh}，位于{place}",
        f"the {whose.en}'s residence is {kind.en} in {place}",
    )
    if not is_jiangmen(home.district):
        return not_met(text(f"{said.zh}，不在本市", f"{said.en}, outside the city"))
    if districts and home.district not in districts:
        listed = "、".join(region_name(d) for d in districts)
        return not_met(
            text(
                f"{said.zh}，不在本款所列的{listed}",
                f"{said.en}, not in the places this clause names ({listed})",
            )
        )
    if home.kind in _FIXED:
        return met(text(f"{said.zh}，符合要求", f"{said.en}, as required"))
    if home.kind in _RENTAL:
        if not rental_counts:
            return not_met(
                text(
                    f"{said.zh}；本款未写“含租赁”，租赁住所不算",
                    f"{said.en}; this clause does not count a rental (no 含租赁)",
                )
            )
        if home.kind == ResidenceKind.PRIVATE_RENTAL:
            if home.tenancy_registered is None:
                return _unrecorded(f"{who}.residence.tenancy_registered")
            if not home.tenancy_registered:
                return not_met(
                    text(
                        f"{said.zh}，租赁未经登记备案",
                        f"{said.en}, and the tenancy is not registered",
                    )
                )
        return met(
            text(
                f"{said.zh}，本款含租赁，符合要求", f"{said.en}; a rental counts here, as required"
            )
        )
    return not_met(
        text(
            f"{said.zh}：借住或集体户地址不是本人的合法住所",
            f"{said.en}: a borrowed or collective address is not a lawful home of one's own",
        )
    )


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
        return _missing(
            text("申请人的社会保险缴费月数", "the applicant's months of social insurance")
        )
    said = text(
        f"申请人连续参保{counted}个月（中断累计超过{max_gap}个月即不算连续）",
        f"the applicant has {counted} months of continuous insurance (gaps over {max_gap}"
        " months in all break it)",
    )
    if counted >= months:
        return met(
            text(f"{said.zh}，已满{months}个月", f"{said.en}, at least {months} as required")
        )
    return not_met(
        text(f"{said.zh}，未满要求的{months}个月", f"{said.en}, short of the {months} required")
    )


# --- destinations -----------------------------------------------------------------------------

# The places a clause names, each read from facts recorded elsewhere in the case: the district
# (and, where recorded on both sides, the address) of the destination must be that place's.
PLACES: dict[str, tuple[Text, str, str | None]] = {
    "sponsor_hukou": (
        text("配偶户口所在地", "the spouse's hukou address"),
        "sponsor.hukou_region",
        None,
    ),
    "sponsor_residence": (
        text("被投靠人住所", "the sponsor's home"),
        "sponsor.residence.district",
        "sponsor.residence.address",
    ),
    "residence": (
        text("申请人居住地", "where the applicant lives"),
        "applicant.residence.district",
        "applicant.residence.address",
    ),
    "home": (
        text("申请人自有住房所在地", "the applicant's own home"),
        "applicant.home_district",
        None,
    ),
    "workplace": (
        text("工作单位所在地", "the employer's location"),
        "applicant.employment.district",
        None,
    ),
    "hukou": (
        text("申请人户籍所在地", "the applicant's hukou place"),
        "applicant.hukou_region",
        None,
    ),
}


def _same_address(one: str, other: str) -> bool:
    return "".join(one.split()) == "".join(other.split())


@rule("destination_at", place=str, choices={"place": frozenset(PLACES)})
def destination_at(ctx: Context, place: str) -> Finding:
    """The destination is the place the clause names (配偶户口所在地, 居住地, 工作单位所在地 …)."""
    name, district_path, address_path = PLACES[place]
    if _person_absent(ctx, district_path):
        return _absent(district_path.split(".")[0])
    where = resolve(ctx, "destination.district")
    there = resolve(ctx, district_path)
    if there is None:
        return _missing(
            text(
                f"{name.zh}（{fact_name(district_path).zh}）",
                f"{name.en} ({fact_name(district_path).en})",
            )
        )
    proposal = text(
        f"可迁入{name.zh}：{region_name(there)}", f"may register at {name.en}: {region_name(there)}"
    )
    if address_path is not None and (address := resolve(ctx, address_path)):
        proposal = text(f"{proposal.zh}{address}", f"{proposal.en}, {address}")
    if where is None:
        return Finding(Status.UNKNOWN, _missing(fact_name("destination.district")).detail, proposal)
    asked = region_name(where)
    if where != there:
        return Finding(
            Status.NOT_MET,
            text(
                f"申请迁入{asked}，而{name.zh}在{region_name(there)}，本条要求迁入{name.zh}",
                f"asks to register in {asked}, but {name.en} is in {region_name(there)};"
                f" this clause names {name.en}",
            ),
            proposal,
        )
    address = resolve(ctx, "destination.address")
    known = resolve(ctx, address_path) if address_path is not None else None
    if address and known and not _same_address(address, known):
        return Finding(
            Status.NOT_MET,
            text(
                f"申请迁入的地址“{address}”不是{name.zh}“{known}”",
                f"the address asked for ({address}) is not {name.en} ({known})",
            ),
            proposal,
        )
    return met(text(f"申请迁入{asked}，即{name.zh}", f"asks to register in {asked}, {name.en}"))


@rule("attach_in_order")
def attach_in_order(ctx: Context) -> Finding:
    """二（五）2: the household asked for is the first the clause's order leaves open: a
    relative's household; without one, the employer's collective; without that, the
    community's collective household."""
    asked = resolve(ctx, "destination.attach_to")
    if asked is None:
        return _unrecorded("destination.attach_to")
    asked_name = value_label("attach_to", asked)
    in_order = met(
        text(
            f"申请挂靠{asked_name.zh}，符合本款的先后顺序",
            f"asks for {asked_name.en}, in the clause's order",
        )
    )
    if asked == "relative_household":  # the first place: open whenever a household takes them
        return in_order
    relative_path = "applicant.relative_household_available"
    employer_path = "applicant.employment.employer_collective_household"
    relative = resolve(ctx, relative_path)
    employer = resolve(ctx, employer_path)
    if relative is True:
        first = "relative_household"
    elif relative is None:
        return _unrecorded(relative_path)
    elif employer is None:
        return _unrecorded(employer_path)
    else:
        first = "employer_collective" if employer else "community_collective"
    if first == asked:
        return in_order
    first_name = value_label("attach_to", first)
    return Finding(
        Status.NOT_MET,
        text(
            f"申请挂靠{asked_name.zh}，但按本款顺序应挂靠{first_name.zh}",
            f"asks for {asked_name.en}, but the clause's order comes to {first_name.en} first",
        ),
        text(f"应申请挂靠{first_name.zh}", f"should ask for {first_name.en}"),
    )


@rule("graduated_within_years", years=int)
def graduated_within_years(ctx: Context, years: int) -> Finding:
    """应届: the graduation date falls in the application's year (or `years` before it)."""
    path = "applicant.graduation.graduated_on"
    graduated = resolve(ctx, path)
    if graduated is None:
        return _unrecorded(path)
    earliest = ctx.as_of.year - years
    said = text(
        f"申请人于{graduated.isoformat()}毕业，申请日期为{ctx.as_of.isoformat()}",
        f"the applicant graduated on {graduated.isoformat()}"
        f" and applies on {ctx.as_of.isoformat()}",
    )
    if earliest <= graduated.year and graduated <= ctx.as_of:
        return met(text(f"{said.zh}，属应届毕业生", f"{said.en}: a fresh graduate"))
    return not_met(
        text(
            f"{said.zh}，不是{earliest}年以来的应届毕业生",
            f"{said.en}: not a graduate of {earliest} or later",
        )
    )
