"""Fact values in words: what a person reads instead of a stored code.

Every explanation the engine gives (现为：…) and every printed paper names a value by its label —
军人, not `serviceman`; 配偶, not 关系代码10; 蓬江区, not 440703 — in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Callable

from hukou_desk.domain.codes import (
    EDUCATION_CODES,
    ETHNICITIES,
    MARITAL_STATUS,
    RELATIONSHIPS,
    TITLE_NAMES,
    VOCATIONAL_NAMES,
    education_name,
)
from hukou_desk.domain.regions import region_name
from hukou_desk.domain.text import Text, text

_ENUMS: dict[str, dict[str, Text]] = {
    # residence.kind
    "kind": {
        "owned": text("自有产权住房", "own titled home"),
        "self_built": text("自建房", "self-built home"),
        "public_rental": text("政府公租房", "public rental housing"),
        "private_rental": text("个人出租屋", "private rental"),
        "employer_housing": text("单位住房", "employer housing"),
        "relative_home": text("亲友住房", "a relative's or friend's home"),
        "collective": text("集体户地址", "a collective household's address"),
    },
    "special_status": {
        "none": text("均不是", "none of these"),
        "serviceman": text("军人", "serviceman"),
        "hk_macao_taiwan": text("港澳台同胞", "HK/Macao/Taiwan compatriot"),
        "overseas_chinese": text("华侨", "overseas Chinese"),
    },
    "lost_home_reason": {
        "transfer": text("房屋所有权转移", "transfer of ownership"),
        "unit_closed": text("原集体户单位倒闭", "the collective-household unit closed"),
        "demolition": text("旧城改造拆迁", "demolition for urban renewal"),
        "other": text("其他同类原因", "another reason of the kind"),
        "none": text("未失去住所", "no home was lost"),
    },
    "home_acquired": {
        "purchased": text("购买", "bought"),
        "self_built": text("自建", "self-built"),
        "inherited": text("继承", "inherited"),
        "gifted": text("受赠", "gifted"),
    },
    "post": {
        "civil_servant": text("公务员", "civil servant"),
        "government_employee": text("政府雇员", "government employee"),
        "institution_staff": text("事业单位职员", "public-institution staff"),
        "state_enterprise": text("国有企业", "state-owned enterprise"),
        "enterprise": text("非国有企业", "enterprise not owned by the state"),
        "other": text("其他", "other"),
    },
    "level": {
        "college": text("大专院校", "college"),
        "secondary_vocational": text("中等专业学校", "secondary vocational school"),
        "senior_high": text("普通高中", "senior high school"),
    },
    "origin": {
        "native": text("原籍本市", "from the city"),
        "rural": text("农村籍", "rural origin"),
        "non_native": text("原籍非本市", "from elsewhere"),
    },
    "attach_to": {
        "relative_household": text("亲友家庭户", "a relative's or friend's household"),
        "employer_collective": text("工作单位集体户", "the employer's collective household"),
        "community_collective": text(
            "户籍所在地社区集体户", "the community collective household of the hukou address"
        ),
    },
    "destination": {
        "restore": text("复户", "restore the hukou"),
        "origin": text("迁回原籍", "back to the place of origin"),
        "workplace": text("就（创）业地", "the place of work"),
        "employer_collective": text("单位集体户", "the employer's collective household"),
        "talent_centre": text("人才交流中心", "the talent exchange centre"),
    },
}


def _region(code: str) -> Text:
    name = region_name(code)
    return text(name, name)


def _coded(table: dict[str, Text]) -> Callable[[str], Text | None]:
    return table.get


_CODED: dict[str, Callable[[str], Text | None]] = {
    "relationship": _coded(RELATIONSHIPS),
    "relation_to_householder": _coded(RELATIONSHIPS),
    "marital_status": _coded(MARITAL_STATUS),
    "professional_title": _coded(TITLE_NAMES),
    "vocational_level": _coded(VOCATIONAL_NAMES),
    "education": lambda code: education_name(code) if code in EDUCATION_CODES else None,
    "ethnicity": lambda code: (
        text(ETHNICITIES[code], ETHNICITIES[code]) if code in ETHNICITIES else None
    ),
    "hukou_region": _region,
    "district": _region,
    "home_district": _region,
}


def value_label(path: str, value: object) -> Text:
    """The value of the fact at `path` in words (a yes/no, a label, a place's name)."""
    if value is True:
        return text("是", "yes")
    if value is False:
        return text("否", "no")
    leaf = path.rsplit(".", 1)[-1]
    shown = str(value)
    label: Text | None = None
    if leaf in _CODED:
        label = _CODED[leaf](shown)
    elif leaf in _ENUMS:
        label = _ENUMS[leaf].get(shown)
    return label if label is not None else text(shown, shown)


_PARTIES = {
    "applicant": text("申请人", "applicant"),
    "sponsor": text("被投靠人", "sponsor"),
    "relatives": text("随迁人员", "relatives coming along"),
}


def party_label(party: str) -> Text:
    """Whose paper, in words: 申请人, 被投靠人, 随迁人员2 (relatives[1])."""
    if party.startswith("relatives[") and party.endswith("]"):
        number = int(party[len("relatives[") : -1]) + 1
        return text(f"随迁人员{number}", f"relative {number} coming along")
    return _PARTIES.get(party, text(party, party))


# What each fact is, in words: the sentence of a criterion names the fact it read. Keyed by
# the path below the person (or from `destination`), so one label serves every role.
_FACT_NAMES: dict[str, Text] = {
    "relationship": text("与申请人的关系", "relationship to the applicant"),
    "marital_status": text("婚姻状况", "marital status"),
    "previously_divorced": text("是否曾离婚", "divorced before"),
    "hukou_region": text("户口登记地", "place of hukou registration"),
    "student": text("是否在校学生", "full-time student"),
    "education": text("学历", "education"),
    "professional_title": text("专业技术职称", "professional title"),
    "vocational_level": text("职业资格", "vocational qualification"),
    "high_level_talent": text("是否经人社部门认定为高层次人才", "certified high-level talent"),
    "special_status": text("身份（军人、港澳台同胞、华侨）", "status (serviceman, compatriot …)"),
    "residence.kind": text("住所类型", "kind of residence"),
    "residence.district": text("住所所在区（市）", "district of the residence"),
    "residence.tenancy_registered": text("租赁是否登记备案", "tenancy registered"),
    "residence.owner_consent": text("房屋产权人是否同意", "the owner's consent"),
    "residence.householder_consent": text("户主是否同意", "the householder's consent"),
    "homes_owned_in_city": text("在本市拥有的合法产权住房", "titled homes owned in the city"),
    "home_lent_to_applicant": text("是否将一套住房借给申请人居住", "lends a home to the applicant"),
    "home_acquired": text("住房取得方式", "how the home was acquired"),
    "home_district": text("自有住房所在区（市）", "district of the own home"),
    "lost_home_reason": text("失去住所的原因", "why the home was lost"),
    "lost_home_note": text(
        "失去住所的其他原因（经办人记录）", "other reason, in the clerk's words"
    ),
    "relative_household_available": text(
        "是否有亲友家庭户可挂靠", "a relative's household could take them in"
    ),
    "employment.district": text("工作单位所在区（市）", "district of the employer"),
    "employment.months": text("合法稳定就业时间", "lawful stable employment"),
    "employment.approved_transfer": text(
        "是否经组织、人社部门批准调入或录用", "transfer or recruitment approved"
    ),
    "employment.post": text("岗位类别", "kind of post"),
    "employment.public_sector": text(
        "较早案卷记录的是否机关事业单位人员", "public-sector post (older case file)"
    ),
    "employment.delegated_self_recruitment": text(
        "是否由下放人事管理权的单位自主招聘", "self-recruited by a unit with delegated powers"
    ),
    "employment.established_post": text("是否在编", "established staff"),
    "employment.employer_collective_household": text(
        "工作单位是否有集体户", "the employer keeps a collective household"
    ),
    "graduation.level": text("毕业学校层次", "school level"),
    "graduation.graduated_on": text("毕业日期", "graduation date"),
    "graduation.origin": text("生源情况", "where the graduate comes from"),
    "graduation.destination": text("落户去向", "where the graduate settles"),
    "lives_with_applicant": text("是否与申请人共同居住生活", "lives with the applicant"),
    "married_children_joined": text("此前已投靠的已婚子女", "married children who already joined"),
    "destination.district": text("迁入地所在区（市）", "district of the destination"),
    "destination.rural_village": text("迁入地是否为农村", "the destination is a village"),
    "destination.lives_in_village": text("是否实际居住在该村", "actually lives in the village"),
    "destination.with_spouse_parents": text(
        "是否迁入配偶父母家庭户并在当地生活工作",
        "moves into the spouse's parents' household to live and work there",
    ),
    "destination.attach_to": text("申请挂靠的户", "the household asked for"),
    "destination.owner_consent": text(
        "所挂靠住房的产权人是否同意", "consent of the owner of the home joined"
    ),
    "destination.householder_consent": text(
        "所挂靠家庭户的户主是否同意", "consent of the householder joined"
    ),
}

# Counts carry their unit, so that no sentence shows a bare number.
_UNITS: dict[str, Text] = {
    "homes_owned_in_city": text("套", " home(s)"),
    "employment.months": text("个月", " months"),
    "married_children_joined": text("名", " child(ren)"),
}

_OWNERS = {
    "applicant": text("申请人", "the applicant's"),
    "sponsor": text("被投靠人", "the sponsor's"),
    "relative": text("随迁亲属", "the relative's"),
}


def _key(path: str) -> tuple[str | None, str]:
    root, _, rest = path.partition(".")
    if root in _OWNERS:
        return root, rest
    return None, path


def fact_name(path: str) -> Text:
    """The fact at `path` in words, with whose it is: 被投靠人的户口登记地 / the sponsor's …"""
    owner, key = _key(path)
    name = _FACT_NAMES.get(key, text(key, key))
    if owner is None:
        return name
    whose = _OWNERS[owner]
    return text(f"{whose.zh}的{name.zh}", f"{whose.en} {name.en}")


def amount(path: str, number: int) -> Text:
    """A count with its unit: 6个月 / 6 months."""
    unit = _UNITS.get(_key(path)[1], text("", ""))
    return text(f"{number}{unit.zh}", f"{number}{unit.en}")
