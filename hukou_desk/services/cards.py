"""The identity card reader at the counter: which reader, a read, and keeping it with a case.

A read is slow on real hardware (a second or two): the screens run `read_card` off the UI
thread. It returns a frozen view of what the screen fills in, with what the desk makes of the
card (its standing against the permit's days, its number checked), and it is audited with the
card's kind and validity only: no name or number goes into the trail or a log.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date

from hukou_desk.devices.cards import KIND_NAMES, Card, CardFault, CardKind, Fault
from hukou_desk.devices.readers import KINDS, CardReader, ReaderChoice, ReaderKind, open_reader
from hukou_desk.domain.cards import (
    CardStanding,
    card_standing,
    number_problems,
    standing_problem,
)
from hukou_desk.domain.errors import HukouDeskError, InvalidIdentityNumber
from hukou_desk.domain.identity import parse_identity_number
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import Text, text
from hukou_desk.domain.time_limits import Limit
from hukou_desk.paths import resources_dir
from hukou_desk.services.counter import Counter
from hukou_desk.storage import audit, card_reads
from hukou_desk.storage.models import Case
from hukou_desk.storage.settings import load_settings

__all__ = ["KINDS", "CardFault", "CardKind", "CardReading", "Fault", "ReaderKind"]


@dataclass(frozen=True)
class CardReading:
    """One read, as the intake shows it and keeps it."""

    id: uuid.UUID
    party: str
    kind: CardKind
    name: str
    sex: str
    ethnicity: str
    birth_date: date | None
    address: str
    number: str
    authority: str
    valid_from: date
    valid_until: date | None
    standing: CardStanding
    problems: tuple[Text, ...]
    photo: bytes | None  # PNG
    registrable: bool  # a citizen's identity number that can stand in a household register

    def kind_name(self) -> Text:
        return KIND_NAMES[self.kind]

    def validity(self) -> Text:
        until = self.valid_until.isoformat() if self.valid_until else None
        return text(
            f"{self.valid_from}至{until or '长期'}",
            f"{self.valid_from} to {until or 'long-term'}",
        )


def reader_choice(counter: Counter, actor: Clerk) -> ReaderChoice:
    """The administrator's choice; a training file reads the invented cards when none is set."""
    with counter.reading(actor) as (session, _me):
        settings = load_settings(session)
    kind: ReaderKind = settings.card_reader
    if kind == "none" and counter.training:
        kind = "simulated"
    return ReaderChoice(
        kind, settings.card_reader_library, settings.card_reader_port, settings.card_photo_library
    )


def connect(counter: Counter, actor: Clerk, *, again: bool = False) -> Text:
    """Open the chosen reader for this desk (`again`: anew, the settings changed) and say
    which one answers, or why none does. Never raises: the desk works without a reader."""
    try:
        if counter.reader is None or again:
            counter.reader = open_reader(reader_choice(counter, actor), resources_dir() / "cards")
        if counter.reader.family == "none":
            return text(
                "未设置读卡器：证件信息请手工录入。",
                "No card reader is set up: type the card's details.",
            )
        found = counter.reader.probe()
    except CardFault as exc:
        return text(f"读卡器：{exc.message.zh}", f"Card reader: {exc.message.en}")
    return text(f"读卡器已连接：{found}", f"Card reader found: {found}")


def _reader(counter: Counter, actor: Clerk) -> CardReader:
    if counter.reader is None:
        connect(counter, actor)
    assert counter.reader is not None
    return counter.reader


def _png(photo: bytes | None) -> bytes | None:
    """The vendor's BMP as PNG (a scan's type); None when it is not a picture."""
    if not photo:
        return None
    from PIL import Image, UnidentifiedImageError  # loaded at the first photo

    try:
        with Image.open(io.BytesIO(photo)) as image:
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return None  # a photo the decoder mangled: the card is still read


def _reading(counter: Counter, card: Card, party: str) -> CardReading:
    today = counter.today()
    if card.valid_from is None:
        raise CardFault(Fault.UNREADABLE, "valid from")
    warn_days = counter.policy.plan.time_limits.days(Limit.PERMIT_VALID, today)
    standing = card_standing(card.valid_from, card.valid_until, today=today, warn_days=warn_days)
    problems: list[Text] = []
    dates = standing_problem(standing, card.valid_from, card.valid_until, warn_days)
    if dates is not None:
        problems.append(dates)
    registrable = False
    if card.kind is not CardKind.PERMANENT_RESIDENCE:
        problems.extend(
            number_problems(card.number, sex=card.sex, birth_date=card.birth_date, today=today)
        )
        try:
            parse_identity_number(card.number, today=today)
            registrable = True
        except InvalidIdentityNumber:
            pass
    if card.kind is not CardKind.RESIDENT:
        problems.append(
            text(
                f"这是{KIND_NAMES[card.kind].zh}，不是居民身份证：请按其证件办理的规定核验。",
                f"This is a {KIND_NAMES[card.kind].en}, not a resident identity card: check "
                "what the pathway asks of its holder.",
            )
        )
    return CardReading(
        id=uuid.uuid4(),
        party=party,
        kind=card.kind,
        name=card.name,
        sex=card.sex,
        ethnicity=card.ethnicity,
        birth_date=card.birth_date,
        address=card.address,
        number=card.number,
        authority=card.authority,
        valid_from=card.valid_from,
        valid_until=card.valid_until,
        standing=standing,
        problems=tuple(problems),
        photo=_png(card.photo),
        registrable=registrable,
    )


def read_card(
    counter: Counter, actor: Clerk, *, party: str, case_id: uuid.UUID | None = None
) -> CardReading:
    """Read the card on the reader for one person of an intake (slow: run off the UI thread).

    Audited with the card's kind and validity; with a case, kept with it at once (photo
    sealed)."""
    card = _reader(counter, actor).read()
    reading = _reading(counter, card, party)
    if case_id is not None:
        keep(counter, actor, case_id=case_id, reading=reading)
        return reading
    with counter.acting(actor) as (session, me):
        audit.record(
            session,
            actor=me.username,
            action="card.read",
            entity="card",
            entity_id=str(reading.id),
            detail=_validity(reading),
        )
    return reading


def _validity(reading: CardReading) -> dict[str, object]:
    return {
        "party": reading.party,
        "kind": reading.kind.value,
        "valid_from": reading.valid_from.isoformat(),
        "valid_until": reading.valid_until.isoformat() if reading.valid_until else "long-term",
        "standing": reading.standing.value,
    }


def keep(counter: Counter, actor: Clerk, *, case_id: uuid.UUID, reading: CardReading) -> None:
    """A read kept with its case: its validity and the photo, sealed like a scan."""
    with counter.acting(actor) as (session, me):
        case = session.get(Case, case_id)
        if case is None:
            raise HukouDeskError(text("没有这宗案件。", "No such case."))
        card_reads.record(
            session,
            folder=counter.database.attachments_dir,
            key=counter.database.key,
            actor=me,
            case=case,
            party=reading.party,
            kind=reading.kind.value,
            valid_from=reading.valid_from,
            valid_until=reading.valid_until,
            standing=reading.standing.value,
            photo=reading.photo,
        )


@dataclass(frozen=True)
class KeptRead:
    party: str
    kind: CardKind
    valid_from: date
    valid_until: date | None
    standing: CardStanding
    photo: bytes | None


def kept(counter: Counter, actor: Clerk, *, case_id: uuid.UUID) -> list[KeptRead]:
    """The cards read for a case, oldest first, with their photos."""
    with counter.reading(actor) as (session, _me):
        case = session.get(Case, case_id)
        if case is None:
            return []
        folder, key = counter.database.attachments_dir, counter.database.key
        return [
            KeptRead(
                read.party,
                CardKind(read.kind),
                read.valid_from,
                read.valid_until,
                CardStanding(read.standing),
                card_reads.photo(folder, key, session, read),
            )
            for read in card_reads.of_case(session, case)
        ]
