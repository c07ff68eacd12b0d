"""A reader without hardware: cards from files, faults on demand.

For the tests, the training file and demonstrations. A folder holds cards as JSON (the fields
of `Card`, dates as YYYY-MM-DD, `valid_until` null for long-term) or as raw `.bin` dumps in
the reader's layout (256 bytes of text, then the photo); each read takes the next card in
turn. A test lays a card on the reader, takes it away, or makes the next read fail.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from hukou_desk.devices.cards import (
    TEXT_BYTES,
    Card,
    CardFault,
    CardKind,
    Fault,
    parse_base_message,
)

_DATES = {"birth_date", "valid_from", "valid_until"}


def card_from_json(data: dict[str, Any]) -> Card:
    known = {f.name for f in fields(Card)} - {"photo"}
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    for key in _DATES & values.keys():
        values[key] = date.fromisoformat(values[key]) if values[key] else None
    values["kind"] = CardKind(values.get("kind", CardKind.RESIDENT))
    try:
        return Card(**values)
    except TypeError:
        raise CardFault(Fault.UNREADABLE, "card file") from None


def card_to_json(card: Card) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(Card):
        value = getattr(card, f.name)
        if f.name == "photo":
            continue
        out[f.name] = value.isoformat() if isinstance(value, date) else value
    return out


def cards_in(folder: Path) -> list[Card]:
    """Every card file in `folder`, in name order (an unreadable one is said, by its name)."""
    cards = []
    for path in sorted(folder.glob("*")):
        try:
            if path.suffix == ".json":
                cards.append(card_from_json(json.loads(path.read_text(encoding="utf-8"))))
            elif path.suffix == ".bin":
                raw = path.read_bytes()
                photo = path.with_suffix(".bmp")
                cards.append(
                    parse_base_message(
                        raw[:TEXT_BYTES], photo.read_bytes() if photo.is_file() else None
                    )
                )
        except (OSError, ValueError, KeyError):
            raise CardFault(Fault.UNREADABLE, path.name) from None
    return cards


class SimulatedReader:
    """Cards laid on the reader one after another; faults queued by `fail_next`."""

    family = "simulated"

    def __init__(self, cards: Iterable[Card] = (), *, connected: bool = True) -> None:
        self._cards = deque(cards)
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self.connected = connected
        self.reads = 0
        # Held by a test to keep a read in progress (a card moved mid-read, a slow reader).
        self.hold = threading.Event()
        self.hold.set()

    @classmethod
    def from_folder(cls, folder: Path) -> SimulatedReader:
        if not folder.is_dir():
            raise CardFault(Fault.SDK_MISSING, str(folder))
        return cls(cards_in(folder))

    def present(self, card: Card) -> None:
        """Lay `card` on the reader: it is the next one read."""
        with self._lock:
            self._cards.appendleft(card)

    def remove_all(self) -> None:
        with self._lock:
            self._cards.clear()

    def fail_next(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def probe(self) -> str:
        if not self.connected:
            raise CardFault(Fault.NO_READER)
        return f"simulated · {len(self._cards)} card(s)"

    def read(self) -> Card:
        self.hold.wait(timeout=30)
        with self._lock:
            self.reads += 1
            if not self.connected:
                raise CardFault(Fault.NO_READER)
            if self._faults:
                raise CardFault(self._faults.popleft())
            if not self._cards:
                raise CardFault(Fault.NO_CARD)
            card = self._cards[0]
            self._cards.rotate(-1)  # the next read gives the next card, then round again
            return card
