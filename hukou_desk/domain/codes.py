"""The national code tables the facts use, and the groupings the plan's wording needs.

Relationship codes (GB/T 4761-2008) describe the relative *as seen from the applicant*: a
relative with code 20 is the applicant's son, a sponsor with code 51 is the applicant's father.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from enum import StrEnum
from typing import TypeVar

from hukou_desk.domain.text import Text, text


class Relation(StrEnum):
    """How the plan groups relatives (随迁 lists, sponsors, 旁系亲属)."""

    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    PARENT_IN_LAW = "parent_in_law"
    CHILD_IN_LAW = "child_in_law"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    OTHER_COLLATERAL = "other_collateral"  # uncles, aunts, cousins, nephews, nieces
    OTHER_RELATIVE = "other_relative"
    NON_RELATIVE = "non_relative"
    SELF = "self"


def _range(first: int, last: int) -> set[str]:
    return {f"{n:02d}" for n in range(first, last + 1)}


_RELATION_CODES: dict[Relation, set[str]] = {
    Relation.SELF: {"01", "02"},
    Relation.SPOUSE: {"10", "11", "12"},
    Relation.CHILD: _range(20, 27) | _range(30, 37) | {"29", "39"},
    Relation.CHILD_IN_LAW: {"28", "38"},
    Relation.GRANDCHILD: _range(40, 49),
    # 父母 means the applicant's own parents; adoptive and step-parents (57, 58) are parents in law.
    Relation.PARENT: {"50", "51", "52", "57", "58"},
    Relation.PARENT_IN_LAW: {"53", "54", "55", "56"},
    Relation.GRANDPARENT: _range(60, 69),
    Relation.SIBLING: _range(70, 79),
    Relation.OTHER_COLLATERAL: _range(81, 96),
    Relation.OTHER_RELATIVE: {"59", "80", "97"},
    Relation.NON_RELATIVE: {"99"},
}
RELATIONSHIP_CODES: frozenset[str] = frozenset().union(*_RELATION_CODES.values())

RELATION_NAMES: dict[Relation, Text] = {
    Relation.SELF: text("本人", "self"),
    Relation.SPOUSE: text("配偶", "spouse"),
    Relation.CHILD: text("子女", "child"),
    Relation.PARENT: text("父母", "parent"),
    Relation.PARENT_IN_LAW: text("配偶的父母", "parent-in-law"),
    Relation.CHILD_IN_LAW: text("女婿/儿媳", "child-in-law"),
    Relation.GRANDCHILD: text("孙辈", "grandchild"),
    Relation.GRANDPARENT: text("祖辈", "grandparent"),
    Relation.SIBLING: text("兄弟姐妹", "sibling"),
    Relation.OTHER_COLLATERAL: text("其他旁系亲属", "other collateral relative"),
    Relation.OTHER_RELATIVE: text("其他亲属", "other relative"),
    Relation.NON_RELATIVE: text("非亲属", "not a relative"),
}


# The GB/T 4761 codes a counter meets most, by name (the person as seen from the applicant).
COMMON_RELATIONSHIPS: dict[str, Text] = {
    "10": text("配偶", "spouse"),
    "20": text("子", "son"),
    "30": text("女", "daughter"),
    "27": text("养子或继子", "adopted or stepson"),
    "37": text("养女或继女", "adopted or stepdaughter"),
    "28": text("女婿", "son-in-law"),
    "38": text("儿媳", "daughter-in-law"),
    "41": text("孙子", "grandson (son's son)"),
    "42": text("孙女", "granddaughter (son's daughter)"),
    "43": text("外孙子", "grandson (daughter's son)"),
    "44": text("外孙女", "granddaughter (daughter's daughter)"),
    "51": text("父亲", "father"),
    "52": text("母亲", "mother"),
    "57": text("继父或养父", "stepfather or adoptive father"),
    "58": text("继母或养母", "stepmother or adoptive mother"),
    "53": text("公公", "father-in-law (husband's father)"),
    "54": text("婆婆", "mother-in-law (husband's mother)"),
    "55": text("岳父", "father-in-law (wife's father)"),
    "56": text("岳母", "mother-in-law (wife's mother)"),
    "61": text("祖父", "grandfather (father's father)"),
    "62": text("祖母", "grandmother (father's mother)"),
    "63": text("外祖父", "grandfather (mother's father)"),
    "64": text("外祖母", "grandmother (mother's mother)"),
    "71": text("兄", "elder brother"),
    "72": text("嫂", "elder brother's wife"),
    "73": text("弟", "younger brother"),
    "74": text("弟媳", "younger brother's wife"),
    "75": text("姐", "elder sister"),
    "76": text("姐夫", "elder sister's husband"),
    "77": text("妹", "younger sister"),
    "78": text("妹夫", "younger sister's husband"),
    "81": text(
        "其他旁系亲属（伯叔姑舅姨、侄甥、堂表）",
        "other collateral (uncle, aunt, nephew, niece, cousin)",
    ),
    "97": text("其他亲属", "other relative"),
    "99": text("非亲属", "not a relative"),
}


# GB/T 4761-2008 in full: a person's relationship to the householder (or, in a case, to the
# applicant), by code. 02 is the householder themself (a new household).
RELATIONSHIPS: dict[str, Text] = {
    "01": text("本人", "self"),
    "02": text("户主", "householder"),
    "10": text("配偶", "spouse"),
    "11": text("夫", "husband"),
    "12": text("妻", "wife"),
    "20": text("子", "son"),
    "21": text("独生子", "only son"),
    "22": text("长子", "eldest son"),
    "23": text("次子", "second son"),
    "24": text("三子", "third son"),
    "25": text("四子", "fourth son"),
    "26": text("五子", "fifth son"),
    "27": text("养子或继子", "adopted or stepson"),
    "28": text("女婿", "son-in-law"),
    "29": text("其他儿子", "other son"),
    "30": text("女", "daughter"),
    "31": text("独生女", "only daughter"),
    "32": text("长女", "eldest daughter"),
    "33": text("次女", "second daughter"),
    "34": text("三女", "third daughter"),
    "35": text("四女", "fourth daughter"),
    "36": text("五女", "fifth daughter"),
    "37": text("养女或继女", "adopted or stepdaughter"),
    "38": text("儿媳", "daughter-in-law"),
    "39": text("其他女儿", "other daughter"),
    "40": text("孙子、孙女或外孙子、外孙女", "grandchild"),
    "41": text("孙子", "grandson (son's son)"),
    "42": text("孙女", "granddaughter (son's daughter)"),
    "43": text("外孙子", "grandson (daughter's son)"),
    "44": text("外孙女", "granddaughter (daughter's daughter)"),
    "45": text("孙媳妇或外孙媳妇", "grandson's wife"),
    "46": text("孙女婿或外孙女婿", "granddaughter's husband"),
    "47": text("曾孙子或外曾孙子", "great-grandson"),
    "48": text("曾孙女或外曾孙女", "great-granddaughter"),
    "49": text("其他孙子、孙女或外孙子、外孙女", "other grandchild"),
    "50": text("父母", "parent"),
    "51": text("父亲", "father"),
    "52": text("母亲", "mother"),
    "53": text("公公", "father-in-law (husband's father)"),
    "54": text("婆婆", "mother-in-law (husband's mother)"),
    "55": text("岳父", "father-in-law (wife's father)"),
    "56": text("岳母", "mother-in-law (wife's mother)"),
    "57": text("继父或养父", "stepfather or adoptive father"),
    "58": text("继母或养母", "stepmother or adoptive mother"),
    "59": text("其他父母关系", "other parent relation"),
    "60": text("祖父母或外祖父母", "grandparent"),
    "61": text("祖父", "grandfather (father's father)"),
    "62": text("祖母", "grandmother (father's mother)"),
    "63": text("外祖父", "grandfather (mother's father)"),
    "64": text("外祖母", "grandmother (mother's mother)"),
    "65": text("配偶的祖父母或外祖父母", "spouse's grandparent"),
    "66": text("曾祖父", "great-grandfather"),
    "67": text("曾祖母", "great-grandmother"),
    "68": text("配偶的曾祖父母或外曾祖父母", "spouse's great-grandparent"),
    "69": text("其他祖父母或外祖父母关系", "other grandparent relation"),
    "70": text("兄弟姐妹", "sibling"),
    "71": text("兄", "elder brother"),
    "72": text("嫂", "elder brother's wife"),
    "73": text("弟", "younger brother"),
    "74": text("弟媳", "younger brother's wife"),
    "75": text("姐姐", "elder sister"),
    "76": text("姐夫", "elder sister's husband"),
    "77": text("妹妹", "younger sister"),
    "78": text("妹夫", "younger sister's husband"),
    "79": text("其他兄弟姐妹", "other sibling"),
    "80": text("其他", "other"),
    "81": text("伯父", "uncle (father's elder brother)"),
    "82": text("伯母", "aunt (his wife)"),
    "83": text("叔父", "uncle (father's younger brother)"),
    "84": text("婶母", "aunt (his wife)"),
    "85": text("舅父", "uncle (mother's brother)"),
    "86": text("舅母", "aunt (his wife)"),
    "87": text("姨父", "uncle (mother's sister's husband)"),
    "88": text("姨母", "aunt (mother's sister)"),
    "89": text("姑父", "uncle (father's sister's husband)"),
    "90": text("姑母", "aunt (father's sister)"),
    "91": text("堂兄弟、堂姐妹", "cousin (father's brother's child)"),
    "92": text("表兄弟、表姐妹", "cousin (other)"),
    "93": text("侄子", "nephew (brother's son)"),
    "94": text("侄女", "niece (brother's daughter)"),
    "95": text("外甥", "nephew (sister's son)"),
    "96": text("外甥女", "niece (sister's daughter)"),
    "97": text("其他亲属", "other relative"),
    "99": text("非亲属", "not a relative"),
}


def relation_of(code: str) -> Relation:
    """The plan's grouping of a GB/T 4761 relationship code; ValueError for an unknown code."""
    for relation, codes in _RELATION_CODES.items():
        if code in codes:
            return relation
    raise ValueError(f"unknown GB/T 4761 relationship code {code!r}")


def is_collateral(relation: Relation) -> bool:
    """旁系亲属: siblings and their families, uncles, aunts, nephews, nieces, cousins."""
    return relation in {Relation.SIBLING, Relation.OTHER_COLLATERAL}


# GB/T 2261.2-2003 marital status.
MARITAL_STATUS: dict[str, Text] = {
    "10": text("未婚", "unmarried"),
    "20": text("已婚", "married"),
    "21": text("初婚", "first marriage"),
    "22": text("再婚", "remarried"),
    "23": text("复婚", "remarried to former spouse"),
    "30": text("丧偶", "widowed"),
    "40": text("离婚", "divorced"),
    "90": text("未说明", "not stated"),
}
MARRIED = frozenset({"20", "21", "22", "23"})
# 未婚子女: never married. Widowed or divorced children are not 未婚 in the plan's wording.
UNMARRIED = frozenset({"10"})

SEX: dict[str, Text] = {
    "0": text("未知", "unknown"),
    "1": text("男", "male"),
    "2": text("女", "female"),
    "9": text("未说明", "not stated"),
}

# GB/T 4658-2006 education: (level rank, 1 = postgraduate … 9 = other; completed with a diploma).
_EDUCATION: dict[str, tuple[int, bool, str, str]] = {
    "10": (1, True, "研究生", "postgraduate"),
    "11": (1, True, "博士研究生毕业", "doctorate"),
    "12": (1, False, "博士研究生结业", "doctoral studies completed without degree"),
    "13": (1, False, "博士研究生肄业", "doctoral studies not finished"),
    "14": (1, True, "硕士研究生毕业", "master's degree"),
    "15": (1, False, "硕士研究生结业", "master's studies completed without degree"),
    "16": (1, False, "硕士研究生肄业", "master's studies not finished"),
    "17": (1, True, "研究生班毕业", "postgraduate class graduated"),
    "18": (1, False, "研究生班肄业", "postgraduate class not finished"),
    "20": (2, True, "大学本科", "bachelor's"),
    "21": (2, True, "大学本科毕业", "bachelor's graduated"),
    "22": (2, False, "大学本科结业", "bachelor's completed without diploma"),
    "23": (2, False, "大学本科肄业", "bachelor's not finished"),
    "28": (2, True, "相当大学毕业", "bachelor's equivalent"),
    "30": (3, True, "大学专科", "junior college"),
    "31": (3, True, "大学专科毕业", "junior college graduated"),
    "32": (3, False, "大学专科结业", "junior college completed without diploma"),
    "33": (3, False, "大学专科肄业", "junior college not finished"),
    "38": (3, True, "相当专科毕业", "junior college equivalent"),
    "40": (4, True, "中等专科", "secondary vocational"),
    "41": (4, True, "中等专科毕业", "secondary vocational graduated"),
    "42": (4, False, "中等专科结业", "secondary vocational completed"),
    "43": (4, False, "中等专科肄业", "secondary vocational not finished"),
    "44": (4, True, "相当中专毕业", "secondary vocational equivalent"),
    "47": (4, True, "职业高中毕业", "vocational high school graduated"),
    "48": (4, False, "职业高中结业", "vocational high school completed"),
    "49": (4, False, "职业高中肄业", "vocational high school not finished"),
    "60": (6, True, "普通高级中学教育", "senior high school"),
    "61": (6, True, "普通高中毕业", "senior high school graduated"),
    "62": (6, False, "普通高中结业", "senior high school completed"),
    "63": (6, False, "普通高中肄业", "senior high school not finished"),
    "70": (7, True, "初级中学教育", "junior high school"),
    "71": (7, True, "初中毕业", "junior high school graduated"),
    "73": (7, False, "初中肄业", "junior high school not finished"),
    "80": (8, True, "小学教育", "primary school"),
    "81": (8, True, "小学毕业", "primary school graduated"),
    "83": (8, False, "小学肄业", "primary school not finished"),
    "90": (9, False, "其他", "other"),
}
EDUCATION_CODES = frozenset(_EDUCATION)
EDUCATION_LEVELS: dict[str, int] = {
    "postgraduate": 1,
    "bachelor": 2,
    "junior_college": 3,
    "secondary_vocational": 4,
    "senior_high": 6,
}


def education_name(code: str) -> Text:
    _rank, _done, zh, en = _EDUCATION[code]
    return text(zh, en)


def education_reaches(code: str, level: str) -> bool:
    """True when a completed education with this code is at `level` or above."""
    rank, completed, _zh, _en = _EDUCATION[code]
    return completed and rank <= EDUCATION_LEVELS[level]


# Professional titles (职称) and vocational qualifications (职业资格), lowest first.
TITLE_LEVELS: tuple[str, ...] = ("none", "junior", "intermediate", "deputy_senior", "senior")
TITLE_NAMES: dict[str, Text] = {
    "none": text("无", "none"),
    "junior": text("初级职称", "junior title"),
    "intermediate": text("中级职称", "intermediate title"),
    "deputy_senior": text("副高级职称", "deputy senior title"),
    "senior": text("正高级职称", "senior title"),
}
VOCATIONAL_LEVELS: tuple[str, ...] = (
    "none",
    "junior_worker",
    "intermediate_worker",
    "senior_worker",
    "technician",
    "senior_technician",
)
VOCATIONAL_NAMES: dict[str, Text] = {
    "none": text("无", "none"),
    "junior_worker": text("初级工", "junior worker"),
    "intermediate_worker": text("中级工", "intermediate worker"),
    "senior_worker": text("高级工", "senior worker"),
    "technician": text("技师", "technician"),
    "senior_technician": text("高级技师", "senior technician"),
}


# GB 3304-91 codes of China's 56 ethnic groups, as printed on household registers.
ETHNICITIES: dict[str, str] = {
    "01": "汉族",
    "02": "蒙古族",
    "03": "回族",
    "04": "藏族",
    "05": "维吾尔族",
    "06": "苗族",
    "07": "彝族",
    "08": "壮族",
    "09": "布依族",
    "10": "朝鲜族",
    "11": "满族",
    "12": "侗族",
    "13": "瑶族",
    "14": "白族",
    "15": "土家族",
    "16": "哈尼族",
    "17": "哈萨克族",
    "18": "傣族",
    "19": "黎族",
    "20": "傈僳族",
    "21": "佤族",
    "22": "畲族",
    "23": "高山族",
    "24": "拉祜族",
    "25": "水族",
    "26": "东乡族",
    "27": "纳西族",
    "28": "景颇族",
    "29": "柯尔克孜族",
    "30": "土族",
    "31": "达斡尔族",
    "32": "仫佬族",
    "33": "羌族",
    "34": "布朗族",
    "35": "撒拉族",
    "36": "毛南族",
    "37": "仡佬族",
    "38": "锡伯族",
    "39": "阿昌族",
    "40": "普米族",
    "41": "塔吉克族",
    "42": "怒族",
    "43": "乌孜别克族",
    "44": "俄罗斯族",
    "45": "鄂温克族",
    "46": "德昂族",
    "47": "保安族",
    "48": "裕固族",
    "49": "京族",
    "50": "塔塔尔族",
    "51": "独龙族",
    "52": "鄂伦春族",
    "53": "赫哲族",
    "54": "门巴族",
    "55": "珞巴族",
    "56": "基诺族",
}


Key = TypeVar("Key", bound=Hashable)


def match_entry(typed: str, labels: Mapping[Key, str]) -> Key | None:
    """The entry a clerk meant by what they typed into a list of codes: the one whose label is
    exactly that, else the only one whose label contains it (汉 → 汉族, 蓬江 → 440703 蓬江区),
    letters in any case. None when nothing matches, or more than one does: the list refuses
    the text rather than record it as unknown."""
    wanted = typed.strip().casefold()
    if not wanted:
        return None
    exact = [key for key, label in labels.items() if label.strip().casefold() == wanted]
    if exact:
        return exact[0]
    partial = [key for key, label in labels.items() if wanted in label.casefold()]
    return partial[0] if len(partial) == 1 else None
