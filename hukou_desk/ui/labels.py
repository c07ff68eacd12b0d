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
