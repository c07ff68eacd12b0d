"""The engine's outcome as the record keeps it, read once into a typed value.

A decision row stores the outcome it was judged on as JSON (`engine.Outcome.to_json`); this
module is the only reader of that JSON. It gives:

- `RecordedOutcome`: the pathway, the finding, each criterion's line (the engine's own
  `CriterionLine`), the companions' verdicts and, on a refusal, the criteria the supervisor
  marked as its grounds (`grounds`, criterion ids);
- `rests_on`: the one rule for the outcome a decision rests on — the decision's own, else the
  latest recorded before it;
- `render_line`: the one rendering of a criterion's line (mark, clause, text, detail, and the
  sentence a paper prints), for the review screen, the papers, the wizard and the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from hukou_desk.domain.engine import (
    STATUS_NAMES,
    CompanionStatus,
    CriterionLine,
    Outcome,
    Result,
)
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.rules import Status
from hukou_desk.domain.text import Language, Text, text

MARKS: dict[Status, str] = {Status.MET: "✓", Status.NOT_MET: "✗", Status.UNKNOWN: "?"}
COLOURS: dict[Status, str] = {
    Status.MET: "#1b7f3b",
    Status.NOT_MET: "#b00020",
    Status.UNKNOWN: "#a36a00",
}


class GroundsRefused(HukouDeskError):
    """A refusal's marked criteria do not hold: none marked, or one the outcome lacks."""


@dataclass(frozen=True)
class RecordedCompanion:
    """A relative's verdict as recorded: may they come along, why, by which clause."""

    index: int
    status: CompanionStatus
    clause: str
    reason: Text | None


@dataclass(frozen=True)
class RecordedOutcome:
    """The engine's outcome as recorded with a decision (see the module)."""

    pathway_id: str
    version: int
    as_of: date | None
    result: Result | None
    lines: tuple[CriterionLine, ...]
    companions: tuple[RecordedCompanion, ...] = ()
    grounds: tuple[str, ...] = field(default=())  # a refusal's marked criteria (ids)
    recorded: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, outcome: Outcome) -> RecordedOutcome:
        """The engine's live outcome as it will be recorded."""
        return cls.from_json(outcome.to_json())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordedOutcome:
        """Read a recorded outcome; records from older releases may lack any key."""
        result = data.get("result")
        as_of = data.get("as_of")
        return cls(
            pathway_id=str(data.get("pathway") or ""),
            version=int(data.get("version") or 0),
            as_of=date.fromisoformat(as_of) if as_of else None,
            result=Result(result) if result in _RESULTS else None,
            lines=tuple(_line(c) for c in _dicts(data.get("criteria"))),
            companions=tuple(_companion(c) for c in _dicts(data.get("companions"))),
            grounds=tuple(str(g) for g in data.get("grounds") or ()),
            recorded=dict(data),
        )

    def to_json(self) -> dict[str, Any]:
        """As the record keeps it: the outcome as it was recorded, with the grounds marked."""
        data = {k: v for k, v in self.recorded.items() if k != "grounds"}
        return data | ({"grounds": list(self.grounds)} if self.grounds else {})

    @property
    def failed(self) -> tuple[CriterionLine, ...]:
        return tuple(line for line in self.lines if line.status is Status.NOT_MET)

    @property
    def ground_lines(self) -> tuple[CriterionLine, ...]:
        """What a refusal rests on, as the refusal holds it: the criteria the supervisor marked,
        in the outcome's order, each unmet (one the engine found met or could not judge keeps
        no finding of the engine's, which would say otherwise); for a refusal recorded before
        criteria were marked, the criteria the engine found unmet."""
        if not self.grounds:
            return self.failed
        marked = set(self.grounds)
        return tuple(
            line
            if line.status is Status.NOT_MET
            else replace(line, status=Status.NOT_MET, detail=None)
            for line in self.lines
            if line.criterion_id in marked
        )

    def companion_statuses(self) -> dict[int, CompanionStatus]:
        return {c.index: c.status for c in self.companions}

    def allowed_relatives(self) -> set[int]:
        """The relatives (by index) judged free to come along."""
        return {c.index for c in self.companions if c.status is CompanionStatus.ALLOWED}

    def with_grounds(self, criteria: Iterable[str]) -> RecordedOutcome:
        """This outcome with the criteria a refusal rests on marked: at least one, each one of
        the outcome's own criteria (with the clause the notice prints)."""
        marked = tuple(dict.fromkeys(criteria))
        if not marked:
            raise GroundsRefused(
                text(
                    "请勾选不予批准所依据的条件（至少一项）：告知书据此列明依据条款。",
                    "Tick the criteria the refusal rests on (at least one): the notice "
                    "names their clauses.",
                )
            )
        known = {line.criterion_id: line for line in self.lines}
        unknown = [c for c in marked if c not in known or not known[c].clause]
        if unknown:
            raise GroundsRefused(
                text(
                    f"所勾选的条件不在本案的审查结果中：{'、'.join(unknown)}。",
                    f"The ticked criteria are not among the case's findings: {', '.join(unknown)}.",
                )
            )
        order = [line.criterion_id for line in self.lines]
        return replace(self, grounds=tuple(sorted(marked, key=order.index)))


class Recorded(Protocol):
    """A recorded decision as `rests_on` reads it (a `Decision` row, or a row of a query)."""

    @property
    def outcome(self) -> Mapping[str, Any] | None: ...


def rests_on(
    decisions: Sequence[Recorded], decision: Recorded | None = None
) -> RecordedOutcome | None:
    """The outcome `decision` rests on: its own, else the latest recorded before it (a
    recommendation's, the engine's). `decisions` in the order recorded; without `decision`,
    the latest outcome on the record."""
    upto = len(decisions)
    if decision is not None:  # by identity: two rows may hold the same values
        upto = next(i for i, one in enumerate(decisions) if one is decision) + 1
    for one in reversed(decisions[:upto]):
        if one.outcome and one.outcome.get("criteria") is not None:
            return RecordedOutcome.from_json(one.outcome)
    return None


# --- the one rendering of a line --------------------------------------------------------------


@dataclass(frozen=True)
class RenderedLine:
    """A criterion's line in words: the mark, its colour, the status word, the clause, the
    criterion, what the engine found."""

    lang: Language
    status: Status
    mark: str
    colour: str
    word: str
    clause: str
    text: str
    detail: str

    def plain(self) -> str:
        """One line of a list: ✗ [二（一）3] criterion — finding."""
        return f"{self.mark} [{self.clause}] {self.text}" + (
            f" — {self.detail}" if self.detail else ""
        )

    def said(self) -> str:
        """A paper's sentence, said with its status so that an unmet criterion never reads as
        met: 不符合“criterion”：finding. Outcomes judged before the engine's sentences were
        written carry a bare value list (现为：…): it is left off."""
        detail = "" if "现为" in self.detail else self.detail
        space, colon = ("", "：") if self.lang == "zh" else (" ", ": ")
        return f"{self.word}{space}“{self.text}”" + (f"{colon}{detail}" if detail else "")


def render_line(line: CriterionLine, lang: Language) -> RenderedLine:
    return RenderedLine(
        lang=lang,
        status=line.status,
        mark=MARKS[line.status],
        colour=COLOURS[line.status],
        word=STATUS_NAMES[line.status](lang),
        clause=line.clause,
        text=line.text(lang),
        detail=line.detail(lang) if line.detail else "",
    )


# --- reading the JSON -------------------------------------------------------------------------


_RESULTS = {r.value for r in Result}
_STATUSES = {s.value for s in Status}
_ALONG = {c.value for c in CompanionStatus}


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value or () if isinstance(v, Mapping)]


def _text(value: Any) -> Text | None:
    if isinstance(value, Mapping) and (value.get("zh") or value.get("en")):
        zh = str(value.get("zh") or value.get("en"))
        return text(zh, str(value.get("en") or zh))
    if isinstance(value, str) and value:
        return text(value, value)
    return None


def _line(data: Mapping[str, Any]) -> CriterionLine:
    status = data.get("status")
    return CriterionLine(
        criterion_id=str(data.get("id") or ""),
        clause=str(data.get("clause") or ""),
        text=_text(data.get("text")) or text("", ""),
        status=Status(status) if status in _STATUSES else Status.UNKNOWN,
        detail=_text(data.get("detail")),
        proposal=_text(data.get("proposal")),
    )


def _companion(data: Mapping[str, Any]) -> RecordedCompanion:
    status = data.get("status")
    return RecordedCompanion(
        index=int(data.get("index") or 0),
        status=CompanionStatus(status) if status in _ALONG else CompanionStatus.UNKNOWN,
        clause=str(data.get("clause") or ""),
        reason=_text(data.get("reason")),
    )
