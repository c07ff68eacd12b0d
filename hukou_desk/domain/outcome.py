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
from functools import cached_property
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
    """The engine's outcome as recorded with a decision (see the module).

    Read as it is asked for (each part once): the figures read a refused case's grounds and an
    approved case's companions for every case of the city, and nothing else of it."""

    recorded: Mapping[str, Any] = field(repr=False)  # as the record keeps it, but the grounds
    grounds: tuple[str, ...] = ()  # a refusal's marked criteria (ids)

    @classmethod
    def of(cls, outcome: Outcome) -> RecordedOutcome:
        """The engine's live outcome as it will be recorded."""
        return cls.from_json(outcome.to_json())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordedOutcome:
        """Read a recorded outcome; records from older releases may lack any key."""
        if "grounds" not in data:  # most records: taken as they are
            return cls(recorded=data)
        return cls(
            recorded={k: v for k, v in data.items() if k != "grounds"},
            grounds=tuple(str(g) for g in data["grounds"] or ()),
        )

    def to_json(self) -> dict[str, Any]:
        """As the record keeps it: the outcome as it was recorded, with the grounds marked."""
        return dict(self.recorded) | ({"grounds": list(self.grounds)} if self.grounds else {})

    @cached_property
    def pathway_id(self) -> str:
        return str(self.recorded.get("pathway") or "")

    @cached_property
    def version(self) -> int:
        return int(self.recorded.get("version") or 0)

    @cached_property
    def as_of(self) -> date | None:
        as_of = self.recorded.get("as_of")
        return date.fromisoformat(as_of) if as_of else None

    @cached_property
    def result(self) -> Result | None:
        result = self.recorded.get("result")
        return Result(result) if result in _RESULTS else None

    @cached_property
    def lines(self) -> tuple[CriterionLine, ...]:
        return tuple(_line(c) for c in _dicts(self.recorded.get("criteria")))

    @cached_property
    def companions(self) -> tuple[RecordedCompanion, ...]:
        return tuple(_companion(c) for c in _dicts(self.recorded.get("companions")))

    @property
    def failed(self) -> tuple[CriterionLine, ...]:
        return tuple(line for line in self.lines if line.status is Status.NOT_MET)

    def _grounds(self) -> list[Mapping[str, Any]]:
        """The recorded criteria a refusal rests on (see `ground_lines`)."""
        criteria = _dicts(self.recorded.get("criteria"))
        if not self.grounds:
            return [c for c in criteria if c.get("status") == Status.NOT_MET.value]
        marked = set(self.grounds)
        return [c for c in criteria if c.get("id") in marked]

    @property
    def ground_lines(self) -> tuple[CriterionLine, ...]:
        """What a refusal rests on, as the refusal holds it: the criteria the supervisor marked,
        in the outcome's order, each unmet (one the engine found met or could not judge keeps
        no finding of the engine's, which would say otherwise); for a refusal recorded before
        criteria were marked, the criteria the engine found unmet."""
        lines = (_line(c) for c in self._grounds())
        return tuple(
            line
            if line.status is Status.NOT_MET
            else replace(line, status=Status.NOT_MET, detail=None)
            for line in lines
        )

    def ground_clauses(self) -> list[tuple[str, str]]:
        """The grounds' criterion ids and clauses only (as `ground_lines`, read for the figures
        of every refused case of the city)."""
        return [(str(c.get("id") or ""), str(c.get("clause") or "")) for c in self._grounds()]

    def companion_statuses(self) -> dict[int, CompanionStatus]:
        """Each relative's verdict (by index): read for the figures of every approved case."""
        return {
            int(c.get("index") or 0): _along(c.get("status"))
            for c in _dicts(self.recorded.get("companions"))
        }

    def allowed_relatives(self) -> set[int]:
        """The relatives (by index) judged free to come along."""
        return {
            i
            for i, status in self.companion_statuses().items()
            if status is CompanionStatus.ALLOWED
        }

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


def _along(status: Any) -> CompanionStatus:
    return CompanionStatus(status) if status in _ALONG else CompanionStatus.UNKNOWN


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
        status=_along(status),
        clause=str(data.get("clause") or ""),
        reason=_text(data.get("reason")),
    )
