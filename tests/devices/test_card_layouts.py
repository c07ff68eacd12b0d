"""The reader's 256 bytes, in the three layouts, read back into a card."""

from __future__ import annotations

from datetime import date

import pytest

from hukou_desk.devices.cards import (
    CardFault,
    CardKind,
    Fault,
    base_message,
    date_of,
    parse_base_message,
)
from tests.devices.conftest import number, resident_card


def test_a_resident_card_round_trips_through_the_published_layout():
    card = resident_card()
    raw = base_message(card)
    assert len(raw) == 256
    # name 30 B, sex 2, ethnicity 4, birth 16, address 70, number 36: the number at byte 122.
    assert raw[122:158].decode("utf-16-le") == card.number
    assert raw[30:32].decode("utf-16-le") == "1"
    assert parse_base_message(raw) == card


def test_a_long_term_card_has_no_end_date():
    card = resident_card(valid_from=date(2010, 5, 1), valid_until=None)
    read = parse_base_message(base_message(card))
    assert read.valid_until is None and read.long_term


def test_a_residence_permit_is_told_by_its_type_and_keeps_its_travel_permit_number():
    card = resident_card(
        kind=CardKind.HMT_RESIDENCE,
        ethnicity="",
        number=number("81000019900101123"),
        pass_number="H12345678",
    )
    raw = base_message(card)
    assert raw[248:250].decode("utf-16-le") == "J"
    read = parse_base_message(raw)
    assert read.kind is CardKind.HMT_RESIDENCE and read.pass_number == "H12345678"


def test_a_foreigners_permanent_residence_card_has_its_own_layout():
    card = resident_card(
        kind=CardKind.PERMANENT_RESIDENCE,
        name="乔安",
        english_name="JOHN SMITH",
        ethnicity="",
        address="",
        number="USA440019900101",
        nationality="USA",
        authority="1500",
    )
    raw = base_message(card)
    assert raw[:120].decode("utf-16-le").strip() == "JOHN SMITH"
    read = parse_base_message(raw)
    assert read == card


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"\x00" * 10, "10 bytes"),
        (base_message(resident_card())[:248] + "X".encode("utf-16-le") + b" \x00" * 3, "type"),
    ],
)
def test_what_is_not_a_card_is_said_to_be_unreadable(raw, why):
    with pytest.raises(CardFault) as caught:
        parse_base_message(raw)
    assert caught.value.reason is Fault.UNREADABLE
    assert why in caught.value.describe("en")


def test_a_card_without_a_start_date_is_unreadable():
    raw = bytearray(base_message(resident_card()))
    raw[188:204] = " ".encode("utf-16-le") * 8
    with pytest.raises(CardFault):
        parse_base_message(bytes(raw))


def test_dates_are_read_in_the_forms_the_libraries_give():
    assert date_of("20150301") == date(2015, 3, 1)
    assert date_of("2015-03-01") == date(2015, 3, 1)
    assert date_of("2015年03月01日") == date(2015, 3, 1)
    assert date_of("20151301") is None
    assert date_of("长期") is None
