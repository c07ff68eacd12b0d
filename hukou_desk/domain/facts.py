"""The facts of a case that the plan's criteria read: the documented JSON format.

Every field is optional unless it says otherwise: a fact nobody has established yet is
`null`, and the criteria that need it come out *unknown*, never silently false. The JSON
Schema in docs/facts.schema.json is generated from these models (`hukou-desk schema`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    model_validator,
)

from hukou_desk.domain.codes import (
    EDUCATION_CODES,
    ETHNICITIES,
    MARITAL_STATUS,
    RELATIONSHIP_CODES,
    TITLE_LEVELS,
    VOCATIONAL_LEVELS,
)
from hukou_desk.domain.errors import FactsError, InvalidIdentityNumber, where_invalid
from hukou_desk.domain.identity import parse_identity_number
from hukou_desk.domain.text import text


def _listed(codes: Iterable[str]) -> Any:
    """Schema metadata: the allowed codes as an enum."""
    enum: list[JsonValue] = list(sorted(codes))
    return Field(json_schema_extra={"enum": enum})


def _checked(table: str, codes: Iterable[str]) -> AfterValidator:
    """Refuse a code that is not in the table, naming the table."""
    known = frozenset(codes)

    def check(value: str) -> str:
        if value not in known:
            raise ValueError(f"{value!r} is not a {table} code")
        return value

    return AfterValidator(check)


RelationshipCode = Annotated[
    str, _listed(RELATIONSHIP_CODES), _checked("GB/T 4761 relationship", RELATIONSHIP_CODES)
]
MaritalCode = Annotated[
    str, _listed(MARITAL_STATUS), _checked("GB/T 2261.2 marital", MARITAL_STATUS)
]
EducationCode = Annotated[
    str, _listed(EDUCATION_CODES), _checked("GB/T 4658 education", EDUCATION_CODES)
]
TitleLevel = Annotated[str, _listed(TITLE_LEVELS), _checked("professional title", TITLE_LEVELS)]
VocationalLevel = Annotated[
    str, _listed(VOCATIONAL_LEVELS), _checked("vocational level", VOCATIONAL_LEVELS)
]
EthnicityCode = Annotated[str, _listed(ETHNICITIES), _checked("GB 3304 ethnicity", ETHNICITIES)]
RegionCode = Annotated[str, Field(pattern=r"^\d{6}$", description="GB/T 2260 county code")]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]


class _Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ResidenceKind(StrEnum):
    OWNED = "owned"  # bought home with a legal title (不动产权证书 / 房屋所有权证)
    SELF_BUILT = "self_built"  # 自建房
    PUBLIC_RENTAL = "public_rental"  # 政府公租房
    PRIVATE_RENTAL = "private_rental"  # 个人出租屋
    EMPLOYER_HOUSING = "employer_housing"  # work-unit housing
    RELATIVE_HOME = "relative_home"  # living in a relative's or friend's home
    COLLECTIVE = "collective"  # a collective household's address


class Residence(_Facts):
    """Where the person lawfully lives in the city."""

    kind: ResidenceKind | None = None
    district: RegionCode | None = None
    address: str | None = None
    tenancy_registered: bool | None = Field(
        None, description="lease registered with the housing authority (登记备案)"
    )
    owner_consent: bool | None = Field(None, description="the property owner's signed consent")
    householder_consent: bool | None = Field(None, description="the householder's (户主) consent")


class PostKind(StrEnum):
    CIVIL_SERVANT = "civil_servant"  # 公务员
    GOVERNMENT_EMPLOYEE = "government_employee"  # 政府雇员 (not established staff)
    INSTITUTION_STAFF = "institution_staff"  # 事业单位职员
    STATE_ENTERPRISE = "state_enterprise"  # 国有企业 (国家企事业单位 of 二（二）1)
    ENTERPRISE = "enterprise"  # an enterprise that is not state-owned
    OTHER = "other"


class Employment(_Facts):
    district: RegionCode | None = None
    months: int | None = Field(None, ge=0, description="months of lawful stable employment")
    approved_transfer: bool | None = Field(
        None, description="transfer or recruitment approved by the organisation or HR department"
    )
    post: PostKind | None = Field(None, description="the kind of post (二（二）1)")
    delegated_self_recruitment: bool | None = Field(
        None,
        description="recruited by a unit with delegated personnel powers (下放人事管理权的单位"
        "自主招聘)",
    )
    public_sector: bool | None = Field(
        None,
        description="older case files: civil servant, government employee or public-institution"
        " staff, before `post` said which; 二（二）1 still reads it when `post` is not given",
    )
    established_post: bool | None = Field(
        None, description="established staff (在编) of a state enterprise or institution"
    )
    employer_collective_household: bool | None = Field(
        None, description="the employer keeps a collective household (集体户)"
    )


class InsurancePeriod(_Facts):
    start: Month
    end: Month


class SocialInsurance(_Facts):
    months: int | None = Field(
        None, ge=0, description="continuous months counted back from the application month"
    )
    periods: list[InsurancePeriod] = Field(
        default_factory=list,
        description="contribution periods; when given, the months are counted from them",
    )


class GraduateOrigin(StrEnum):
    NATIVE = "native"  # 原籍本市
    RURAL = "rural"  # 农村籍 from outside the city
    NON_NATIVE = "non_native"  # 原籍非本市


class GraduateDestination(StrEnum):
    RESTORE = "restore"  # 复户 at the original Jiangmen address
    ORIGIN = "origin"  # back to the place of origin
    WORKPLACE = "workplace"  # the place of work or business
    EMPLOYER_COLLECTIVE = "employer_collective"  # 就业单位集体户
    TALENT_CENTRE = "talent_centre"  # 人才交流中心


class Graduation(_Facts):
    level: Literal["college", "secondary_vocational", "senior_high"] | None = None
    graduated_on: date | None = Field(
        None, description="the graduation date: 应届 is read from it (graduated this year)"
    )
    fresh: bool | None = Field(
        None, description="the clerk's own 应届 mark (older files); the criteria read the date"
    )
    origin: GraduateOrigin | None = None
    destination: GraduateDestination | None = None


class SpecialStatus(StrEnum):
    NONE = "none"
    SERVICEMAN = "serviceman"  # 军人
    HK_MACAO_TAIWAN = "hk_macao_taiwan"  # 港澳台同胞
    OVERSEAS_CHINESE = "overseas_chinese"  # 华侨


class LostHomeReason(StrEnum):
    TRANSFER = "transfer"  # 房屋所有权转移
    UNIT_CLOSED = "unit_closed"  # 原集体户单位倒闭
    DEMOLITION = "demolition"  # 旧城改造拆迁
    # 二（五）2 lists its reasons and ends in 等: another reason of the kind is covered when
    # the clerk records it (`lost_home_note`) for the supervisor to weigh.
    OTHER = "other"
    NONE = "none"  # no home was lost: a move by choice, which 二（五）2 does not cover


class HomeAcquisition(StrEnum):
    """How a home in the city came to its owner: 二（三）2 covers 购买 and 自建 only."""

    PURCHASED = "purchased"  # 购买商品住房
    SELF_BUILT = "self_built"  # 自建房
    INHERITED = "inherited"  # 继承
    GIFTED = "gifted"  # 受赠


class Person(_Facts):
    """One person in the case: the applicant, the sponsor, or a relative."""

    name: str | None = None
    id_number: str | None = Field(None, description="citizen identity number, 18 (or 15) chars")
    relationship: RelationshipCode | None = Field(
        None, description="GB/T 4761 code of this person as seen from the applicant"
    )
    marital_status: MaritalCode | None = None
    ethnicity: EthnicityCode | None = Field(None, description="GB 3304 code (printed only)")
    previously_divorced: bool | None = None
    hukou_region: RegionCode | None = Field(None, description="where the hukou is registered")
    rural_hukou: bool | None = None
    student: bool | None = Field(None, description="enrolled as a full-time student")
    education: EducationCode | None = None
    professional_title: TitleLevel | None = None
    vocational_level: VocationalLevel | None = None
    high_level_talent: bool | None = Field(None, description="certified by the HR department")
    special_status: SpecialStatus | None = None
    residence: Residence | None = None
    homes_owned_in_city: int | None = Field(
        None, ge=0, description="homes with a legal title owned in the city"
    )
    home_lent_to_applicant: bool | None = Field(
        None, description="this owner lends one of their homes to the applicant"
    )
    home_acquired: HomeAcquisition | None = Field(
        None, description="how the home in the city was acquired (bought, built, inherited…)"
    )
    home_district: RegionCode | None = Field(
        None, description="where this person's own titled (bought or built) home is"
    )
    lost_home_reason: LostHomeReason | None = None
    lost_home_note: str | None = Field(
        None, description="the reason in the clerk's words, when it is none of the named ones"
    )
    relative_household_available: bool | None = Field(
        None,
        description="a relative's or friend's household could take the applicant in (亲友家庭户"
        "可挂靠): the first place 二（五）2 names",
    )
    employment: Employment | None = None
    social_insurance: SocialInsurance | None = None
    graduation: Graduation | None = None
    lives_with_applicant: bool | None = Field(None, description="共同居住生活")
    married_children_joined: int | None = Field(
        None, ge=0, description="(a parent sponsor) married children already joined under 二（一）3"
    )


class AttachPlace(StrEnum):
    """The household asked for under 二（五）2, in the order the clause names them."""

    RELATIVE_HOUSEHOLD = "relative_household"  # 亲友家庭户 (挂靠, living there or not)
    EMPLOYER_COLLECTIVE = "employer_collective"  # 工作单位集体户
    COMMUNITY_COLLECTIVE = "community_collective"  # 户籍所在地的社区集体户


# Facts older case files carry that the plan's criteria now read from the recorded places:
# a yes/no "the address is the spouse's hukou address" gave way to comparing the destination
# with the spouse's hukou, so the old flag is dropped on load (the places decide).
_SUPERSEDED_DESTINATION = ("at_sponsor_hukou", "at_residence")


class Destination(_Facts):
    """Where the applicant asks to be registered."""

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """Older case files: `community_collective: true` becomes the household asked for."""
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in _SUPERSEDED_DESTINATION}
            community = data.pop("community_collective", None)
            if community is True and data.get("attach_to") is None:
                data["attach_to"] = AttachPlace.COMMUNITY_COLLECTIVE.value
        return data

    district: RegionCode | None = None
    address: str | None = None
    rural_village: bool | None = Field(None, description="a village under 二（六）")
    lives_in_village: bool | None = Field(None, description="actually lives in that village")
    with_spouse_parents: bool | None = Field(
        None, description="the household of the spouse's parents, to live and work there"
    )
    relation_to_householder: RelationshipCode | None = Field(
        None,
        description="GB/T 4761 code of the applicant as seen from the householder of the"
        " household moved into; 02 when the applicant heads a new household",
    )
    attach_to: AttachPlace | None = Field(
        None,
        description="二（五）2: the household asked for (a relative's, the employer's"
        " collective, the community's collective)",
    )
    owner_consent: bool | None = Field(
        None, description="the owner of the home of the household joined consents (产权人同意)"
    )
    householder_consent: bool | None = Field(
        None, description="the householder (户主) of the household joined consents"
    )


class DocumentStatus(StrEnum):
    PRESENTED = "presented"
    VERIFIED = "verified"
    MISSING = "missing"
    MISMATCH = "mismatch"
    NOT_APPLICABLE = "not_applicable"


class Facts(_Facts):
    """Everything the engine may read about one application."""

    application_date: date | None = Field(
        None, description="the date the application is judged on; defaults to today"
    )
    requested_pathway: str | None = Field(None, description="the route the applicant asks for")
    applicant: Person = Field(default_factory=Person)
    sponsor: Person | None = Field(
        None, description="被投靠人, or the owner of the home the applicant registers in"
    )
    relatives: list[Person] = Field(
        default_factory=list, description="relatives who wish to come along (随迁)"
    )
    destination: Destination | None = None
    documents: dict[str, DocumentStatus] = Field(
        default_factory=dict,
        description="the applicant's document id (forms/documents.toml) → status; another"
        " person's as id@sponsor, id@relatives[0] …",
    )


def document_key(document_id: str, party: str) -> str:
    """The key of one person's document in `Facts.documents`: the applicant's by its id,
    anyone else's as id@party (the sponsor's booklet is not the applicant's)."""
    return document_id if party == "applicant" else f"{document_id}@{party}"


def facts_schema() -> dict[str, Any]:
    """The JSON Schema of the facts format."""
    schema = Facts.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hukou-desk case facts"
    return schema


def load_facts(raw: str | bytes, *, source: str = "facts") -> Facts:
    """Parse facts JSON; every problem becomes one FactsError naming the field."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FactsError(
            text(
                f"{source}：不是有效的JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）",
                f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            )
        ) from None
    try:
        return Facts.model_validate(data)
    except ValidationError as exc:
        where, what = where_invalid(exc)
        raise FactsError(
            text(f"{source}：字段 {where}：{what}", f"{source}: field {where}: {what}")
        ) from None


def people(facts: Facts) -> list[tuple[str, Person]]:
    """Each person with a path naming their role: applicant, sponsor, relatives[0] …"""
    found = [("applicant", facts.applicant)]
    if facts.sponsor is not None:
        found.append(("sponsor", facts.sponsor))
    found.extend((f"relatives[{index}]", person) for index, person in enumerate(facts.relatives))
    return found


def check_identity_numbers(facts: Facts, *, today: date) -> None:
    """Refuse facts carrying an identity number that fails GB 11643 (names the role)."""
    for role, person in people(facts):
        if person.id_number is None:
            continue
        try:
            parse_identity_number(person.id_number, today=today)
        except InvalidIdentityNumber as exc:
            raise FactsError(
                text(f"{role}.id_number：{exc.message.zh}", f"{role}.id_number: {exc.message.en}")
            ) from None
