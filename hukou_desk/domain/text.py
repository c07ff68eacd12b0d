"""Bilingual text: the plan is Chinese, the product also speaks English.

A plain frozen dataclass (pydantic validates it where the forms carry one, strictly: no other
keys), so that the command line's lightest commands need not load pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A phrase in Chinese (authoritative) and English."""

    # Read by pydantic where a form holds a Text: no keys but zh and en.
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    zh: str
    en: str

    def __call__(self, lang: Language) -> str:
        return self.zh if lang == "zh" else self.en


def text(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)
