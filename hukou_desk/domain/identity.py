"""Citizen identity numbers, GB 11643-1999 (and the 15-digit numbers of GB 11643-1989).

Every rejection carries a stable reason code and a message in both languages that tells the
clerk what is wrong with the number as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.regions import Region, lookup_region
from hukou_desk.domain.text import text

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # indexed by (Σ aᵢ·Wᵢ) mod 11, ISO 7064 MOD 11-2
EARLIEST_BIRTH_YEAR = 1850

Sex = Literal["male", "female"]
_FULL = re.compile(r"^\d{17}[\dX]$")
_LEGACY = re.compile(r"^\d{15}$")


@dataclass(frozen=True)
class IdentityNumber:
    """A valid 18-character number and what it tells about its holder."""

    number: str
    region: Region
    birth_date: date
    sex: Sex
    converted_from: str | None = None  # the 15-digit number it was converted from

    @property
    def masked(self) -> str:
        return mask(self.number)


def check_character(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise(raw: str) -> str:
    """Strip spaces and make a lowercase x uppercase; full-width digits become ASCII."""
    cleaned = "".join(raw.split()).upper()
    return cleaned.translate(str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX"))


def convert_legacy(number15: str) -> str:
    """Convert a 15-digit legacy number (YYMMDD, 19xx) to 18 characters."""
    number15 = normalise(number15)
    if not _LEGACY.match(number15):
        raise InvalidIdentityNumber(
            "legacy_format",
            text(
                f"旧版身份号码应为15位数字，实际为“{number15}”",
                f"A legacy identity number has 15 digits; got '{number15}'",
            ),
        )
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


def mask(number: str) -> str:
    """Mask the birth date and sequence for lists: 440703********1234."""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]
    if len(number) == 15:
        return number[:6] + "*" * 6 + number[12:]
    return "*" * len(number)


def parse_identity_number(raw: str, *, today: date) -> IdentityNumber:
    """Validate a number as typed and derive birth date, sex and address unit.

    `today` is passed in, never read from the clock here, so that a check is repeatable.
    """
    number = normalise(raw)
    converted_from: str | None = None
    if not number:
        raise InvalidIdentityNumber(
            "empty", text("请输入公民身份号码", "Enter the citizen identity number")
        )
    if _LEGACY.match(number):
        converted_from = number
        number = convert_legacy(number)
    elif len(number) != 18:
        raise InvalidIdentityNumber(
            "length",
            text(
                f"公民身份号码应为18位（旧版15位），实际输入{len(number)}位",
                f"An identity number has 18 characters (15 for an old one); "
                f"{len(number)} were entered",
            ),
        )
    elif not _FULL.match(number):
        raise InvalidIdentityNumber(
            "characters",
            text(
                "公民身份号码前17位须为数字，最后一位为数字或X",
                "The first 17 characters must be digits and the last a digit or X",
            ),
        )
    birth = _birth_date(number, today)
    region = lookup_region(number[:6])
    if region is None:
        raise InvalidIdentityNumber(
            "region",
            text(
                f"地址码{number[:6]}不是现行或曾用的县级行政区划代码（GB/T 2260）",
                f"Address code {number[:6]} is not a current or former county code (GB/T 2260)",
            ),
        )
    expected = check_character(number[:17])
    if converted_from is None and number[17] != expected:
        raise InvalidIdentityNumber(
            "check",
            text(
                f"校验码应为{expected}，输入为{number[17]}：号码可能有输错的位",
                f"The check character should be {expected}, not {number[17]}: "
                "a digit is probably mistyped",
            ),
        )
    sex: Sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdentityNumber(number, region, birth, sex, converted_from)


def _birth_date(number: str, today: date) -> date:
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise InvalidIdentityNumber(
            "birth_date",
            text(
                f"出生日期{digits}不是有效日期",
                f"Birth date {digits} is not a real calendar date",
            ),
        ) from None
    if birth > today:
        raise InvalidIdentityNumber(
            "future",
            text(
                f"出生日期{birth.isoformat()}晚于今天",
                f"Birth date {birth.isoformat()} is in the future",
            ),
        )
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise InvalidIdentityNumber(
            "too_old",
            text(
                f"出生年份{birth.year}早于{EARLIEST_BIRTH_YEAR}年，不可能",
                f"Birth year {birth.year} is before {EARLIEST_BIRTH_YEAR}: not possible",
            ),
        )
    return birth


def age_on(birth: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
