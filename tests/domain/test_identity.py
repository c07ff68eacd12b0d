"""GB 11643-1999 identity numbers: examples, every rejection, properties, and python-stdnum."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn import ric

from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.identity import (
    check_character,
    convert_legacy,
    mask,
    parse_identity_number,
)
from hukou_desk.domain.regions import lookup_region

TODAY = date(2026, 11, 28)
JIANGMEN_RETIRED = ["440702", "440711", "440721", "440722", "440723", "440724", "440725", "440782"]
JIANGMEN_CURRENT = ["440703", "440704", "440705", "440781", "440783", "440784", "440785"]


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_standard_examples_are_valid(number: str) -> None:
    assert parse_identity_number(number, today=TODAY).number == number


def test_derives_birth_date_sex_and_region() -> None:
    parsed = parse_identity_number("11010519491231002X", today=TODAY)
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "female"
    assert parsed.region.name == "朝阳区"


def test_lowercase_x_and_spaces_are_accepted() -> None:
    assert parse_identity_number(" 110105 19491231 002x ", today=TODAY).number.endswith("X")


@pytest.mark.parametrize("code", JIANGMEN_RETIRED + JIANGMEN_CURRENT)
def test_jiangmen_codes_current_and_retired_are_valid(code: str) -> None:
    first17 = code + "19500101123"
    parsed = parse_identity_number(first17 + check_character(first17), today=TODAY)
    assert parsed.region.in_jiangmen
    assert parsed.region.retired == (code in JIANGMEN_RETIRED)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "empty"),
        ("4407031990030712", "length"),
        ("44070319900307123A", "characters"),
        ("440703199002301234", "birth_date"),
        ("440703209901011234", "future"),
        ("440703179901011234", "too_old"),
        ("999999199001011234", "region"),
        ("440703199003071234", "check"),
    ],
)
def test_every_rejection_says_why(number: str, reason: str) -> None:
    with pytest.raises(InvalidIdentityNumber) as caught:
        parse_identity_number(number, today=TODAY)
    assert caught.value.reason == reason
    assert caught.value.message.zh and caught.value.message.en


def test_legacy_fifteen_digit_number_is_converted() -> None:
    parsed = parse_identity_number("440524800101001", today=TODAY)
    assert parsed.number == "440524198001010013"
    assert parsed.converted_from == "440524800101001"
    assert convert_legacy("440524800101001") == "440524198001010013"


def test_mask_hides_birth_date_and_sequence() -> None:
    assert mask("440703199003071235") == "440703********1235"
    assert mask("440524800101001") == "440524******001"


# --- properties -------------------------------------------------------------------------------

codes = st.sampled_from(JIANGMEN_CURRENT + JIANGMEN_RETIRED + ["110105", "440106", "310115"])
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def _number(code: str, birth: date, sequence: int) -> str:
    first17 = f"{code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


@given(codes, births, sequences)
def test_generated_numbers_parse_back(code: str, birth: date, sequence: int) -> None:
    parsed = parse_identity_number(_number(code, birth, sequence), today=TODAY)
    assert parsed.birth_date == birth
    assert parsed.sex == ("male" if sequence % 2 else "female")


@given(codes, births, sequences, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_error_is_caught(
    code: str, birth: date, sequence: int, position: int, shift: int
) -> None:
    number = _number(code, birth, sequence)
    digit = (int(number[position]) + shift) % 10
    typo = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(InvalidIdentityNumber):
        parse_identity_number(typo, today=TODAY)


@given(codes, births, sequences, st.integers(0, 15))
def test_swapped_neighbours_are_caught(code: str, birth: date, sequence: int, i: int) -> None:
    number = _number(code, birth, sequence)
    assume(number[i] != number[i + 1])
    swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    with pytest.raises(InvalidIdentityNumber):
        parse_identity_number(swapped, today=TODAY)


any_code = st.integers(110000, 829999).map(str)
plausible = st.one_of(
    st.text(alphabet="0123456789X", min_size=18, max_size=18),
    st.builds(_number, any_code, births, sequences),
    st.builds(_number, codes, births, sequences),
)


@given(plausible)
def test_agrees_with_python_stdnum(number: str) -> None:
    """Differential test. Known, argued difference: stdnum rejects a code that was not yet in
    use in the birth year (a person born in 1950 with 蓬江区's 1994 code); the code is assigned
    when the number is issued, not at birth, so we accept it. Future dates: stdnum does not
    check; we reject them."""
    try:
        ours = parse_identity_number(number, today=TODAY).number
    except InvalidIdentityNumber:
        ours = None
    try:
        theirs = ric.is_valid(number)
    except KeyError:  # stdnum 2.2 crashes on a province-only prefix such as 110001
        theirs = False
    if ours is not None and not theirs:
        region = lookup_region(number[:6])
        assert region is not None
        birth_year = int(number[6:10])
        assert (region.first_year and birth_year < region.first_year) or (
            region.last_year and birth_year > region.last_year
        )
    elif ours is None and theirs:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert birth > TODAY or birth.year < 1850


@given(codes, births, sequences)
def test_generated_numbers_agree_with_stdnum_check_digit(
    code: str, birth: date, sequence: int
) -> None:
    number = _number(code, birth, sequence)
    assert ric.calc_check_digit(number) == number[-1]


def test_tomorrow_is_in_the_future() -> None:
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(InvalidIdentityNumber):
        parse_identity_number(_number("440703", tomorrow, 1), today=TODAY)


def test_small_helpers() -> None:
    from hukou_desk.domain.codes import relation_of
    from hukou_desk.domain.regions import region_name

    assert parse_identity_number("440703199003071235", today=TODAY).masked == "440703********1235"
    assert mask("12345") == "*****"
    with pytest.raises(InvalidIdentityNumber, match="15 digits"):
        convert_legacy("4405248001010")
    assert lookup_region("44O703") is None
    assert region_name(None) == "" and region_name("999999") == "999999"
    assert region_name("440784") == "鹤山市"
    with pytest.raises(ValueError, match="relationship code"):
        relation_of("05")


def test_facts_with_a_bad_number_name_the_person() -> None:
    from hukou_desk.domain.errors import FactsError
    from hukou_desk.domain.facts import Facts, check_identity_numbers

    facts = Facts.model_validate(
        {
            "applicant": {"id_number": "440703199003071235"},
            "relatives": [{"id_number": "440703199003071234"}],
        }
    )
    with pytest.raises(FactsError) as caught:
        check_identity_numbers(facts, today=TODAY)
    assert caught.value.message.en.startswith(
        "relatives[0].id_number: The check character should be 5"
    )
