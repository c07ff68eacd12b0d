"""Where a card's address lies (domain/regions.py): the unit it names, or none."""

from __future__ import annotations

from hukou_desk.domain.regions import region_of_address

UNITS = ("440700", "440703", "440704", "440705", "440781", "440785", "440100", "999999")


def test_the_district_a_card_address_names_is_found():
    assert region_of_address("广东省江门市蓬江区白沙大道西1号", UNITS) == "440703"
    assert region_of_address("广东省恩平市恩城街道新平路5号", UNITS) == "440785"
    assert region_of_address("广东省江门市某路1号", UNITS) == "440700"  # only the city named


def test_an_address_elsewhere_or_naming_two_units_is_left_to_the_clerk():
    assert region_of_address("北京市东城区东华门街道", UNITS) is None
    assert region_of_address("广东省江门市蓬江区江海区交界", UNITS) is None
    assert region_of_address("", UNITS) is None
