"""One family of errors that explain themselves to a clerk, in both languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hukou_desk.domain.text import Language, Text

if TYPE_CHECKING:
    from pydantic import ValidationError


def where_invalid(exc: ValidationError) -> tuple[str, str]:
    """The first problem pydantic found: where (a dotted path) and what."""
    first = exc.errors()[0]
    return ".".join(str(part) for part in first["loc"]) or "(top level)", first["msg"]


class HukouDeskError(Exception):
    """Base of every error a user can cause. It carries a message in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message

    def describe(self, lang: Language) -> str:
        return self.message(lang)


class InvalidIdentityNumber(HukouDeskError):
    """An identity number that fails GB 11643-1999; `reason` is a stable machine code."""

    def __init__(self, reason: str, message: Text) -> None:
        super().__init__(message)
        self.reason = reason


class PolicyError(HukouDeskError):
    """A form file (forms/) that the strict loader refuses; the message names file and field."""


class FactsError(HukouDeskError):
    """Case facts that cannot be read (malformed JSON, wrong field, impossible date)."""


class UnknownPathway(HukouDeskError):
    """A pathway id that no form file defines."""
