"""A case as the screens read it: frozen values, not the case file's rows.

The services fill them from storage (`services.intake`) and hand them to the review, the
intake's resumption, the return for documents and the correction of a person; a screen keeps
nothing that a later read or write of the case file could change under it, and holds no
session. What each value says is what the rows say (`storage.models`): the codes stay codes
(a status, a sex, a role), to be put into words by the screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class RecordedPerson:
    """Someone in a case with their details as the case recorded them (or, looked up by
    identity number, as the station knows them now)."""

    id: uuid.UUID
    id_number: str
    name: str
    sex: str  # GB/T 2261.1
    birth_date: date
    former_names: str = ""
    ethnicity: str = "01"  # GB 3304
    education: str | None = None  # GB/T 4658
    marital_status: str | None = None  # GB/T 2261.2
    hukou_address: str = ""
    hukou_office: str = ""
    current_address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class RoleInCase:
    """What someone is in a case besides its applicant (`domain.parties.PartyRole`), and a
    relative's relationship to the applicant (GB/T 4761)."""

    role: str
    relationship: str | None = None


@dataclass(frozen=True)
class CaseDetails:
    """The case itself: its number, state, pathway, destination, facts and clock."""

    id: uuid.UUID
    number: str
    status: str  # domain.lifecycle.CaseStatus
    pathway_id: str
    application_date: date
    district: str
    prepared_by: uuid.UUID
    facts: Mapping[str, Any]  # domain.facts.Facts, as recorded
    clock_limit: int
    clock_used: int
    clock_running_since: date | None
    due_on: date | None
    # The number the case had before its PC became a counter (docs/counters.md): on the
    # applicant's older papers, still found by a search.
    former_number: str | None = None


@dataclass(frozen=True)
class CheckRecord:
    """One required document's finding: its state, the answers to its checks, who checked."""

    id: uuid.UUID
    document_id: str
    party: str  # applicant, sponsor, relative:N
    state: str  # domain.checks.CheckState
    answers: Mapping[str, bool]
    note: str
    checked_by: uuid.UUID | None
    checked_at: datetime | None


@dataclass(frozen=True)
class DecisionRecord:
    """A recorded judgement: the engine's outcome, the clerk's recommendation, the
    supervisor's decision (`domain.lifecycle.DecisionKind`); `outcome` the lines it rests on
    (`domain.outcome.RecordedOutcome`)."""

    kind: str
    result: str
    outcome: Mapping[str, Any]  # empty where it rests on none
    reasons: str
    decided_by: uuid.UUID
    decided_at: datetime


@dataclass(frozen=True)
class CaseFile:
    """Everything about one case, unmasked: what the clerk sees after opening it."""

    case: CaseDetails
    applicant: RecordedPerson
    parties: tuple[tuple[RoleInCase, RecordedPerson], ...]
    checks: tuple[CheckRecord, ...]
    decisions: tuple[DecisionRecord, ...]  # in the order recorded


@dataclass(frozen=True)
class KeptTyping:
    """What a clerk typed into an intake and has not saved into its case yet: the step they
    were at and the wizard's state."""

    draft_id: uuid.UUID
    step: int
    data: dict[str, Any]  # a copy: the wizard takes it up as its own
