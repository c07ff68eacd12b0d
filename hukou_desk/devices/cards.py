"""What a GA 467 card reader gives: the card's record, or a fault in words.

The SAM interface returns 256 bytes of UCS-2LE text and 1,024 bytes of WLT photo. The resident
identity card, the residence permit for Hong Kong, Macao and Taiwan residents (card type "J")
and the foreigner's permanent residence card (type "I") share the 256 bytes in different
layouts; the type character sits at byte 248 (blank on a resident card).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Text, text

TEXT_BYTES = 256
PHOTO_BYTES = 1024


class CardKind(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    HMT_RESIDENCE = "hmt_residence"  # 港澳台居民居住证
    PERMANENT_RESIDENCE = "permanent_residence"  # 外国人永久居留身份证


KIND_NAMES: dict[CardKind, Text] = {
    CardKind.RESIDENT: text("居民身份证", "resident identity card"),
    CardKind.HMT_RESIDENCE: text("港澳台居民居住证", "residence permit for HK/Macao/Taiwan"),
    CardKind.PERMANENT_RESIDENCE: text(
        "外国人永久居留身份证", "foreigner's permanent residence card"
    ),
}


class Fault(StrEnum):
    NO_READER = "no_reader"
    NO_CARD = "no_card"
    CARD_MOVED = "card_moved"
    AUTHENTICATION_FAILED = "authentication_failed"
    SDK_MISSING = "sdk_missing"
    UNREADABLE = "unreadable"


FAULT_TEXTS: dict[Fault, Text] = {
    Fault.NO_READER: text(
        "未找到读卡器：请检查读卡器的USB线和电源，或请管理员在“管理”中设置读卡器。",
        "No card reader found: check the reader's USB cable and power, or ask the "
        "administrator to set the reader up under Administration.",
    ),
    Fault.NO_CARD: text(
        "读卡器上没有证件：请把证件平放在读卡区后再读。",
        "There is no card on the reader: lay the card flat on the reader and read again.",
    ),
    Fault.CARD_MOVED: text(
        "读卡时证件被移动：请把证件放稳，读完前不要拿开，再读一次。",
        "The card moved while it was read: keep it still on the reader until the read is "
        "done, and read again.",
    ),
    Fault.AUTHENTICATION_FAILED: text(
        "证件认证失败：证件可能损坏或不是真实证件，请人工核验证件。",
        "The card failed authentication: it may be damaged or not genuine; inspect it by hand.",
    ),
    Fault.SDK_MISSING: text(
        "读卡器的厂商程序库未找到或无法加载：请管理员在“管理”中检查读卡器程序库的位置。",
        "The reader's vendor library is missing or cannot be loaded: ask the administrator "
        "to check the library's location under Administration.",
    ),
    Fault.UNREADABLE: text(
        "证件内容无法识别：请人工录入并核验证件。",
        "The card's content cannot be read: type the details and inspect the card by hand.",
    ),
}


class CardFault(HukouDeskError):
    """A read that gave no card; `reason` is the stable code, the message says what to do."""

    def __init__(self, reason: Fault, detail: str = "") -> None:
        message = FAULT_TEXTS[reason]
        if detail:
            message = text(f"{message.zh}（{detail}）", f"{message.en} ({detail})")
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Card:
    """One card as the reader read it (the chip's content, not what anybody typed)."""

    kind: CardKind
    name: str
    sex: str  # "male", "female" or "" (not stated)
    ethnicity: str  # GB 3304 code on a resident card; "" on the others
    birth_date: date | None
    address: str
    number: str
    authority: str  # the issuing authority (a code on a permanent residence card)
    valid_from: date | None
    valid_until: date | None  # None: long-term (长期)
    photo: bytes | None = None  # as the vendor library decoded it (BMP); None if not decoded
    english_name: str = ""  # permanent residence card
    nationality: str = ""  # permanent residence card: ISO 3166 alpha-3
    pass_number: str = ""  # residence permit: the travel permit's number

    @property
    def long_term(self) -> bool:
        return self.valid_from is not None and self.valid_until is None


_SEXES = {"1": "male", "2": "female", "男": "male", "女": "female"}


def sex_of(raw: str) -> str:
    return _SEXES.get(raw.strip(), "")


def date_of(raw: str) -> date | None:
    """YYYYMMDD (digits anywhere: 2015-01-01 and 2015年01月01日 too); None for 长期/blank."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _validity(raw_from: str, raw_until: str) -> tuple[date | None, date | None]:
    valid_from = date_of(raw_from)
    if valid_from is None:
        raise CardFault(Fault.UNREADABLE, "valid from")
    until = raw_until.strip()
    if until.startswith("长期"):
        return valid_from, None
    valid_until = date_of(until)
    if valid_until is None:
        raise CardFault(Fault.UNREADABLE, "valid until")
    return valid_from, valid_until


def _fields(raw: bytes, widths: tuple[int, ...]) -> list[str]:
    out, at = [], 0
    for width in widths:
        out.append(raw[at : at + width].decode("utf-16-le", "replace").strip(" \x00"))
        at += width
    return out


def parse_base_message(raw: bytes, photo: bytes | None = None) -> Card:
    """The 256 bytes of SDT_ReadBaseMsg's text, in the layout of the card's type."""
    if len(raw) < TEXT_BYTES:
        raise CardFault(Fault.UNREADABLE, f"{len(raw)} bytes")
    kind_char = raw[248:250].decode("utf-16-le", "replace").strip(" \x00")
    if kind_char == "I":
        (english, sex, number, nation, name, start, end, birth, _version, authority) = _fields(
            raw, (120, 2, 30, 6, 30, 16, 16, 16, 4, 8)
        )
        valid_from, valid_until = _validity(start, end)
        return Card(
            kind=CardKind.PERMANENT_RESIDENCE,
            name=name or english,
            sex=sex_of(sex),
            ethnicity="",
            birth_date=date_of(birth),
            address="",
            number=number,
            authority=authority,
            valid_from=valid_from,
            valid_until=valid_until,
            photo=photo,
            english_name=english,
            nationality=nation,
        )
    if kind_char not in ("", "J"):
        raise CardFault(Fault.UNREADABLE, f"card type {kind_char!r}")
    (name, sex, ethnicity, birth, address, number, authority, start, end, pass_number) = _fields(
        raw, (30, 2, 4, 16, 70, 36, 30, 16, 16, 18)
    )
    valid_from, valid_until = _validity(start, end)
    return Card(
        kind=CardKind.HMT_RESIDENCE if kind_char == "J" else CardKind.RESIDENT,
        name=name,
        sex=sex_of(sex),
        ethnicity=ethnicity if kind_char != "J" else "",
        birth_date=date_of(birth),
        address=address,
        number=number.upper(),
        authority=authority,
        valid_from=valid_from,
        valid_until=valid_until,
        photo=photo,
        pass_number=pass_number if kind_char == "J" else "",
    )


def _put(value: str, width: int) -> bytes:
    encoded = value.encode("utf-16-le")[:width]
    return encoded + " ".encode("utf-16-le") * ((width - len(encoded)) // 2)


def base_message(card: Card) -> bytes:
    """The 256 bytes a reader would give for `card` (the simulated reader and the tests)."""
    sex = {"male": "1", "female": "2"}.get(card.sex, "0")
    start = card.valid_from.strftime("%Y%m%d") if card.valid_from else ""
    end = card.valid_until.strftime("%Y%m%d") if card.valid_until else "长期"
    birth = card.birth_date.strftime("%Y%m%d") if card.birth_date else ""
    if card.kind is CardKind.PERMANENT_RESIDENCE:
        parts = [
            (card.english_name, 120),
            (sex, 2),
            (card.number, 30),
            (card.nationality, 6),
            (card.name, 30),
            (start, 16),
            (end, 16),
            (birth, 16),
            ("02", 4),
            (card.authority, 8),
            ("I", 2),
            ("", 6),
        ]
    else:
        resident = card.kind is CardKind.RESIDENT
        parts = [
            (card.name, 30),
            (sex, 2),
            (card.ethnicity if resident else "", 4),
            (birth, 16),
            (card.address, 70),
            (card.number, 36),
            (card.authority, 30),
            (start, 16),
            (end, 16),
            ("" if resident else card.pass_number, 18),
            ("", 4),
            ("", 6),
            ("" if resident else "J", 2),
            ("", 6),
        ]
    return b"".join(_put(value, width) for value, width in parts)
