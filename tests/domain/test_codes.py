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
