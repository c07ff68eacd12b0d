"""Bilingual text: the plan is Chinese, the product also speaks English."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


class Text(BaseModel):
    """A phrase in Chinese (authoritative) and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str
    en: str

    def __call__(self, lang: Language) -> str:
        return self.zh if lang == "zh" else self.en


def text(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)
