"""The code tables the counter offers (GB/T 4761 relationships)."""

from __future__ import annotations


def test_the_relationship_list_names_in_laws_and_grandparents_each_in_its_plan_group():
    from hukou_desk.domain.codes import COMMON_RELATIONSHIPS, Relation, relation_of

    names = {name.zh: code for code, name in COMMON_RELATIONSHIPS.items()}
    assert relation_of(names["婆婆"]) is Relation.PARENT_IN_LAW
    assert relation_of(names["岳母"]) is Relation.PARENT_IN_LAW
    assert relation_of(names["外祖母"]) is Relation.GRANDPARENT
    assert relation_of(names["孙子"]) is Relation.GRANDCHILD
    assert relation_of(names["儿媳"]) is Relation.CHILD_IN_LAW
    assert all(relation_of(code) for code in COMMON_RELATIONSHIPS)


def test_a_list_entry_is_found_by_any_part_of_its_chinese_name_or_refused():
    from hukou_desk.domain.codes import ETHNICITIES, match_entry

    labels = {code: f"{code} {name}" for code, name in ETHNICITIES.items()}
    assert match_entry("汉", labels) == "01"
    assert match_entry(" 壮族 ", labels) == "08"
    assert match_entry("01 汉族", labels) == "01"  # the label itself
    assert match_entry("族", labels) is None  # every one: which is meant is not said
    assert match_entry("火星族", labels) is None  # nothing: refused, not "unknown"
    assert match_entry("  ", labels) is None
    assert match_entry("yes", {True: "Yes", False: "Yes, but"}) is True  # exact before partial


def test_a_district_is_found_by_its_code_or_its_name():
    from hukou_desk.domain.regions import region_typed

    units = ("440703", "440704", "440705", "440781")
    assert region_typed("蓬江", units) == "440703"
    assert region_typed("蓬江区", units) == "440703"
    assert region_typed("台山", units) == "440781"
    assert region_typed("440703 蓬江区", units) == "440703"
    assert region_typed("440106", units) == "440106"  # any existing code, listed or not
    assert region_typed("999999", units) is None  # no such code
    assert region_typed("蓬江x", units) is None
    assert region_typed("", units) is None
