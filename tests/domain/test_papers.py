"""The essentials of each paper: blank ones are named with where they are entered."""

from __future__ import annotations

import pytest

from hukou_desk.domain.papers import (
    APPROVAL_NEEDS,
    DESTINATION_ADDRESS,
    ESSENTIALS,
    HUKOU_OFFICE,
    BlankEssential,
    blank_essentials,
    require,
)
from hukou_desk.domain.text import text

FULL = {
    "applicant_name": "陈小明",
    "id_number": "440781198503031234",
    "hukou_address": "恩平市恩城街道新平路3号",
    "hukou_office": "恩平市公安局恩城派出所",
    "destination_address": "江门市蓬江区白沙大道西1号301室",
    "matter": "自购（建）住房入户",
    "clerk": "张丽",
}


def test_every_kind_of_paper_has_its_essentials_and_a_full_record_has_none_blank():
    assert set(ESSENTIALS) == {
        "receipt",
        "missing-documents",
        "application-form",
        "approval",
        "refusal",
    }
    for needed in ESSENTIALS.values():
        assert blank_essentials(needed, FULL) == ()
        require(needed, FULL, text("签发", "Issue"))  # nothing to say


def test_a_permit_without_origin_office_or_destination_is_refused_naming_both():
    values = {**FULL, "hukou_office": "", "destination_address": "   "}
    assert blank_essentials(APPROVAL_NEEDS, values) == (HUKOU_OFFICE, DESTINATION_ADDRESS)
    with pytest.raises(BlankEssential) as refused:
        require(APPROVAL_NEEDS, values, text("不能批准", "Cannot approve"))
    assert refused.value.blank == (HUKOU_OFFICE, DESTINATION_ADDRESS)
    zh, en = refused.value.describe("zh"), refused.value.describe("en")
    assert zh.startswith("不能批准：") and "迁出地户口登记机关" in zh and "迁入地详细地址" in zh
    assert "受理登记第2步" in zh and "更正人员信息" in zh  # where to enter them
    assert "origin registration office" in en and "detailed destination address" in en
