"""What the clerk typed in the search box, and the name tokens the full-text index holds.

A name is indexed as its characters, one token each ("张 小 明"), and as its pinyin initials
("zxm", found by prefix: "zx" finds 张小明); several names of one person are separated by a
token no query contains. A query of Chinese characters becomes a phrase of its characters:
a substring match of any length, one and two characters included, always through the index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

_SEPARATOR = "0"  # a token between two names; queries never contain digits
_FORMER_SPLIT = re.compile(r"[、,，;；\s]+")

# Surnames read differently from the same character elsewhere (单 shan → s, not dan → d).
SURNAME_INITIALS = {
    "单": "s",
    "曾": "z",
    "区": "o",
    "仇": "q",
    "解": "x",
    "查": "z",
    "朴": "p",
    "盖": "g",
    "缪": "m",
    "乐": "y",
    "覃": "q",
    "翟": "z",
    "尉": "y",
    "员": "y",
    "召": "s",
    "种": "c",
    "秘": "b",
    "繁": "p",
    "宿": "s",
    "折": "s",
    "都": "d",
    "长": "c",
    "参": "s",
    "谌": "c",
    "晟": "c",
    "隗": "w",
    "洗": "x",
}
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "令狐",
    "慕容",
    "司徒",
)


def _is_han(char: str) -> bool:
    return unicodedata.category(char) == "Lo"


@lru_cache(maxsize=32768)
def _initial(char: str) -> str:
    # pypinyin's dictionaries take 0.2 s to load: only when a name is indexed or searched.
    from pypinyin import Style, lazy_pinyin

    try:
        readings = lazy_pinyin(char, style=Style.FIRST_LETTER, errors="replace")
    except IndexError:  # pypinyin on a character it has no reading for (王㐂, 李𠀂, 𰀀)
        return "_"
    first = readings[0][:1].lower() if readings else "_"
    return first if first.isascii() and first.isalpha() else "_"


def initials(name: str) -> str:
    """Pinyin initials of a Chinese name, surname read as a surname: 单田芳 → "stf".

    Character by character (cached): names are short and rarely need a phrase's context,
    and a million names are indexed in seconds.
    """
    letters = [_initial(char) for char in name]
    if letters and not name.startswith(_COMPOUND_SURNAMES) and name[0] in SURNAME_INITIALS:
        letters[0] = SURNAME_INITIALS[name[0]]
    return "".join(letters)


def split_former_names(former_names: str) -> list[str]:
    return [n for n in _FORMER_SPLIT.split(former_names) if n]


def name_tokens(name: str, former_names: str = "") -> tuple[str, str]:
    """(characters, initials) for the index, over the name and every former name."""
    names = [name, *split_former_names(former_names)]
    chars = f" {_SEPARATOR} ".join(" ".join(n.replace(" ", "")) for n in names)
    inits = f" {_SEPARATOR} ".join(initials(n.replace(" ", "")) for n in names)
    return chars, inits


class QueryKind(StrEnum):
    EMPTY = "empty"
    CASE_NUMBER = "case_number"
    CASE_SERIAL = "case_serial"  # 2026-000023: this station's case of that year and serial
    IDENTITY_NUMBER = "identity_number"  # 18 characters: the exact number
    IDENTITY_PREFIX = "identity_prefix"
    NAME = "name"
    INITIALS = "initials"
    UNKNOWN = "unknown"  # text that is none of these: it matches no case (not every case)


@dataclass(frozen=True)
class Query:
    kind: QueryKind
    value: str = ""

    def fts(self) -> str:
        """The FTS5 MATCH expression: a phrase of characters, or a prefix of initials."""
        if self.kind is QueryKind.NAME:
            return f'names : "{" ".join(self.value)}"'
        return f"initials : {self.value}*"


# A case number with its counter (440703001-02-2026-23) or in the older form without.
_CASE_NUMBER = re.compile(r"^(\d{6,12}(?:-\d{2})?)-(\d{4})-(\d{1,6})$")
_CASE_SERIAL = re.compile(r"^(\d{4})-(\d{1,6})$")
_ID_PREFIX = re.compile(r"^\d{1,17}[\dXx]?$")


def parse_query(raw: str) -> Query:
    """Decide what the clerk is looking for from the text alone."""
    value = unicodedata.normalize("NFKC", raw).strip()
    if not value:
        return Query(QueryKind.EMPTY)
    number = _CASE_NUMBER.match(value)
    if number:  # the serial as the number prints it: 440703001-02-2026-23 is …-000023
        station, year, serial = number.groups()
        return Query(QueryKind.CASE_NUMBER, f"{station}-{year}-{int(serial):06d}")
    tail = _CASE_SERIAL.match(value)
    if tail:
        year, serial = tail.groups()
        return Query(QueryKind.CASE_SERIAL, f"-{year}-{int(serial):06d}")
    if _ID_PREFIX.match(value):
        value = value.upper()
        if len(value) == 18:
            return Query(QueryKind.IDENTITY_NUMBER, value)
        return Query(QueryKind.IDENTITY_PREFIX, value)
    compact = value.replace(" ", "").replace("·", "")
    if compact.isascii() and compact.isalpha():
        return Query(QueryKind.INITIALS, compact.lower())
    han = "".join(c for c in compact if _is_han(c))
    if han:
        return Query(QueryKind.NAME, han)
    return Query(QueryKind.UNKNOWN, value)
