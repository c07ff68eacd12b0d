"""Who else takes part in a case, besides the applicant."""

from __future__ import annotations

from enum import StrEnum


class PartyRole(StrEnum):
    SPONSOR = "sponsor"  # 被投靠人
    RELATIVE = "relative"  # 随迁 relative
    PROPERTY_OWNER = "property_owner"
    HOUSEHOLDER = "householder"


# The stored role of the applicant's own row in a case (their details as the case records
# them); not a party the clerk adds.
APPLICANT = "applicant"
