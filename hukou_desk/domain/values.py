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
        "enterprise": text("企业", "enterprise"),
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
