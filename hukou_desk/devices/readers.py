"""The reader the administrator chose: none, simulated, or one of the two SDK families."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from hukou_desk.devices.cards import Card, CardFault, Fault
from hukou_desk.devices.sdtapi import SdtapiReader
from hukou_desk.devices.simulated import SimulatedReader
from hukou_desk.devices.termb import TermbReader

ReaderKind = Literal["none", "simulated", "termb", "sdtapi"]
KINDS: tuple[ReaderKind, ...] = ("none", "simulated", "termb", "sdtapi")


class CardReader(Protocol):
    family: str

    def probe(self) -> str:
        """Which reader answers (a line for the administrator), or CardFault."""
        ...

    def read(self) -> Card:
        """The card on the reader now, or CardFault saying why not. May take seconds."""
        ...


class NoReader:
    family = "none"

    def probe(self) -> str:
        raise CardFault(Fault.NO_READER)

    def read(self) -> Card:
        raise CardFault(Fault.NO_READER)


@dataclass(frozen=True)
class ReaderChoice:
    kind: ReaderKind = "none"
    library: str = ""  # the vendor library (file or folder); simulated: the cards' folder
    port: int = 0  # 0: try the USB ports 1001-1016
    photo_library: str = ""  # sdtapi: the vendor's WLT decoder


def open_reader(choice: ReaderChoice, sample_cards: Path) -> CardReader:
    """The reader for `choice`; nothing is loaded until it is probed or read."""
    if choice.kind == "simulated":
        return SimulatedReader.from_folder(Path(choice.library) if choice.library else sample_cards)
    if choice.kind == "termb":
        return TermbReader(choice.library, port=choice.port)
    if choice.kind == "sdtapi":
        return SdtapiReader(choice.library, port=choice.port, photo_library=choice.photo_library)
    return NoReader()
