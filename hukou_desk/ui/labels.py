"""Names the screens share: whose document it is, and the clerk's finding on it."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication


def party_name(party: str) -> str:
    """Whose document (or role): applicant, sponsor, relative 1 coming along…"""
    match = re.fullmatch(r"relatives\[(\d+)\]", party)
    if match is not None:
        number = int(match.group(1)) + 1
        return QCoreApplication.translate("labels", "relative %1 coming along").replace(
            "%1", str(number)
        )
    return {
        "applicant": QCoreApplication.translate("labels", "applicant"),
        "sponsor": QCoreApplication.translate("labels", "sponsor"),
        "relatives": QCoreApplication.translate("labels", "relatives coming along"),
        "property_owner": QCoreApplication.translate("labels", "property owner"),
        "householder": QCoreApplication.translate("labels", "householder"),
    }.get(party, party)


def check_state_names() -> dict[str, str]:
    """The clerk's finding on a document, by its stored code, in the order a clerk meets them."""
    return {
        "pending": QCoreApplication.translate("labels", "not checked yet"),
        "presented": QCoreApplication.translate("labels", "presented"),
        "verified": QCoreApplication.translate("labels", "verified"),
        "missing": QCoreApplication.translate("labels", "missing"),
        "mismatch": QCoreApplication.translate("labels", "does not match"),
        "not_applicable": QCoreApplication.translate("labels", "not applicable"),
    }


# A sign per finding, each its own shape: told apart without colour, always beside its word.
CHECK_STATE_SIGNS = {
    "pending": "○",
    "presented": "◐",
    "verified": "✓",
    "missing": "∅",
    "mismatch": "✗",
    "not_applicable": "–",
}


def answer_names() -> dict[bool | None, tuple[str, str]]:
    """A check question's answer: its sign and its word (yes, no, not answered)."""
    return {
        True: ("✓", QCoreApplication.translate("labels", "yes")),
        False: ("✗", QCoreApplication.translate("labels", "no")),
        None: ("—", QCoreApplication.translate("labels", "not answered")),
    }
