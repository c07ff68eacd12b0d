"""Administrative division codes (GB/T 2260), current and retired.

The table itself comes from python-stdnum (a maintained copy of the national list with the
years each code was in use); this module only reads it. Identity numbers never change, so a
code that was retired decades ago still identifies living people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

JIANGMEN_CITY = "440700"
_CODE = re.compile(r"^\d{6}$")
_LEADING_CODE = re.compile(r"^\s*(\d{6})(?:\s|$)")
_ERA = re.compile(r"^\[(\d{4})?-(\d{4})?\](.+)$")


@dataclass(frozen=True)
class Region:
    """One county-level unit: its code, its name, and the years the code was in use."""

    code: str
    name: str
    province: str
    first_year: int | None
    last_year: int | None

    @property
    def retired(self) -> bool:
        return self.last_year is not None

    @property
    def in_jiangmen(self) -> bool:
        return is_jiangmen(self.code)


def is_jiangmen(code: str) -> bool:
    """True for Jiangmen city (4407xx), its current districts and its retired counties."""
    return code.startswith(JIANGMEN_CITY[:4])


@lru_cache(maxsize=4096)
def lookup_region(code: str) -> Region | None:
    """The county-level unit with this code, or None when the code never existed."""
    if not _CODE.match(code):
        return None
    # Loaded when first needed (it reads a large table): the sign-in window does without.
    from stdnum import numdb

    parts = numdb.get("cn/loc").info(code)
    info: dict[str, str] = {}
    for _part, props in parts:
        info.update(props)
    if "county" not in info:
        return None
    # A code reused over time lists each era, e.g. "[1983-1992]新会县"; keep the latest.
    first_year: int | None = None
    last_year: int | None = None
    name = ""
    for entry in info["county"].split(","):
        match = _ERA.match(entry)
        if match is None:
            first_year, last_year, name = None, None, entry
            continue
        first_year = int(match[1]) if match[1] else None
        last_year = int(match[2]) if match[2] else None
        name = match[3]
    return Region(
        code=code,
        name=name,
        province=info.get("province", ""),
        first_year=first_year,
        last_year=last_year,
    )


def region_name(code: str | None) -> str:
    """The unit's name for display, or the bare code when unknown."""
    if code is None:
        return ""
    region = lookup_region(code)
    return region.name if region else code


def region_typed(typed: str, listed: Iterable[str]) -> str | None:
    """The county-level code a clerk meant: a six-digit code that exists (with or without its
    name after it), or a name, whole or in part, of one of the `listed` units (蓬江 →
    440703). None when the text names no unit: refused, never recorded as unknown."""
    from hukou_desk.domain.codes import match_entry

    code = _LEADING_CODE.match(typed)
    if code is not None:
        return code[1] if lookup_region(code[1]) is not None else None
    return match_entry(typed, {unit: region_name(unit) for unit in listed})


def region_of_address(address: str, listed: Iterable[str]) -> str | None:
    """The county-level unit an address lies in (an identity card's address, 广东省江门市蓬江区
    白沙大道西1号 → 440703): the one of the `listed` units whose name the address contains.
    A county-level unit is preferred to the city around it; None unless exactly one is
    named (an address elsewhere, or one naming two units, is left for the clerk)."""
    named = [code for code in listed if (name := region_name(code)) != code and name in address]
    counties = [code for code in named if not code.endswith("00")]
    found = counties or named
    return found[0] if len(found) == 1 else None
