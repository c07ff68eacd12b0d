"""A card's standing on a day, and what disagrees in what it says."""

from __future__ import annotations

from datetime import date

import pytest

from hukou_desk.domain.cards import CardStanding, card_standing, number_problems, standing_problem
from hukou_desk.domain.identity import check_character

TODAY = date(2026, 12, 7)
NUMBER = "44078519900101123" + check_character("44078519900101123")  # male, 1990-01-01


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "standing"),
    [
        (date(2015, 1, 1), date(2035, 1, 1), CardStanding.VALID),
        (date(2015, 1, 1), None, CardStanding.VALID),  # long-term
        (date(2006, 1, 1), date(2026, 12, 6), CardStanding.EXPIRED),  # yesterday
        (date(2006, 1, 1), TODAY, CardStanding.EXPIRING),  # its last day
        (date(2006, 1, 1), date(2027, 1, 16), CardStanding.EXPIRING),  # day 40
        (date(2006, 1, 1), date(2027, 1, 17), CardStanding.VALID),  # day 41
        (date(2026, 12, 8), date(2046, 12, 8), CardStanding.NOT_YET_VALID),
    ],
)
def test_the_standing_on_both_sides_of_each_line(valid_from, valid_until, standing):
    assert card_standing(valid_from, valid_until, today=TODAY, warn_days=40) is standing
    problem = standing_problem(standing, valid_from, valid_until, 40)
    assert (problem is None) == (standing is CardStanding.VALID)
    if problem is not None:
        assert problem.zh and problem.en


def test_a_good_number_agreeing_with_the_card_has_no_problem():
    assert number_problems(NUMBER, sex="male", birth_date=date(1990, 1, 1), today=TODAY) == []
    assert number_problems(NUMBER, sex="", birth_date=None, today=TODAY) == []


def test_a_wrong_check_character_birth_date_or_sex_is_said():
    wrong = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")
    (problem,) = number_problems(wrong, sex="male", birth_date=None, today=TODAY)
    assert "check character" in problem.en
    problems = number_problems(NUMBER, sex="female", birth_date=date(1990, 1, 2), today=TODAY)
    assert [p.en.split(" ")[2] for p in problems] == ["birth", "sex"]
