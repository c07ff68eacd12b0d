"""Population statistics (plan 三（二）): what each figure counts, in words and in code.

Pure definitions, used by the station's and the centre's queries, the screens, the
spreadsheets and the monthly report alike:

- A case's **outcome**: approved (approved, or closed after an approval), refused (refused, or
  closed after a refusal), withdrawn, or still open.
- Cases are counted by the day they were **received** (the application date); decisions,
  refusals, processing times and people moved by the day of the **decision**, in China
  Standard Time (a decision at 23:30 on 31 October, Beijing time, is an October decision
  though it was 15:30 UTC).
- **People moved**: the applicant and every relative who came along (随迁) in an approved case
  (a relative the decision did not allow is not counted), each person once in a period even
  when they moved twice in it (counted under their latest move).
- A person's **origin** is where their hukou was registered before (the case's facts), else
  the region of their identity number; **age** at the decision, in bands.
- **Processing time**: the statutory clock's working days (the time waiting for documents does
  not count), median and 90th percentile, against the limit (20 working days, 50 extended).
- **Suppression**: a figure that would rest on fewer than five people is shown as "<5" in
  anything that leaves the station, and so is the next smallest figure of a column with a
  total, so that the total cannot give it away.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.text import Text, text

SMALL = 5  # fewer people than this in a cell identifies them


class Outcome(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


OUTCOME_NAMES: dict[Outcome, Text] = {
    Outcome.OPEN: text("办理中", "open"),
    Outcome.APPROVED: text("批准", "approved"),
    Outcome.REFUSED: text("不予批准", "refused"),
    Outcome.WITHDRAWN: text("撤回", "withdrawn"),
}


def outcome(status: str, last_verdict: str | None) -> Outcome:
    """A case's outcome from its status and its last supervisor's verdict ("approval" or
    "refusal"; a closed case was closed after one of them)."""
    match CaseStatus(status):
        case CaseStatus.APPROVED:
            return Outcome.APPROVED
        case CaseStatus.REFUSED:
            return Outcome.REFUSED
        case CaseStatus.WITHDRAWN:
            return Outcome.WITHDRAWN
        case CaseStatus.CLOSED:
            return Outcome.REFUSED if last_verdict == "refusal" else Outcome.APPROVED
        case _:
            return Outcome.OPEN


def month_key(day: date) -> int:
    """2026-11-30 → 202611."""
    return day.year * 100 + day.month


def month_label(key: int) -> str:
    return f"{key // 100}-{key % 100:02d}"


def months_between(first: date, last: date) -> list[int]:
    """Every month from `first`'s to `last`'s, in order (an empty month is still a month)."""
    keys, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        keys.append(year * 100 + month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 17),
    (18, 24),
    (25, 34),
    (35, 44),
    (45, 59),
    (60, None),
)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


Bands = tuple[tuple[int, int | None], ...]  # (lowest, highest or None for "and over")


def _band(value: int, bands: Bands) -> int:
    """The index of the band `value` falls in (the last band is open-ended)."""
    index = 0
    for index, (_low, high) in enumerate(bands):  # noqa: B007 - the index is the answer
        if high is None or value <= high:
            break
    return index


def age_band(born: date, day: date) -> int:
    """The index in AGE_BANDS of a person's age on `day`."""
    return _band(age_on(born, day), AGE_BANDS)


def age_band_name(index: int) -> Text:
    low, high = AGE_BANDS[index]
    if high is None:
        return text(f"{low}岁及以上", f"{low} and over")
    return text(f"{low}-{high}岁", f"{low}-{high}")


OPEN_AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 7),
    (8, 30),
    (31, 60),
    (61, 90),
    (91, None),
)


def open_age_band(days: int) -> int:
    """The index in OPEN_AGE_BANDS of a case open for `days` days."""
    return _band(days, OPEN_AGE_BANDS)


def open_age_band_name(index: int) -> Text:
    low, high = OPEN_AGE_BANDS[index]
    if high is None:
        return text(f"{low}天以上", f"over {low - 1} days")
    return text(f"{low}-{high}天", f"{low}-{high} days")


SEX_NAMES: dict[str, Text] = {
    "1": text("男", "male"),
    "2": text("女", "female"),
}


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """The nearest-rank percentile of values given as {value: how many}: the smallest value
    with at least `share` of all at or below it (the median is share 0.5)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None  # pragma: no cover - rank never exceeds the total


# --- tables ---------------------------------------------------------------------------------


class Kind(StrEnum):
    LABEL = "label"
    COUNT = "count"  # people or cases: suppressed when small
    DAYS = "days"  # a median or percentile of working days: suppressed when its base is small
    SHARE = "share"  # a fraction 0..1
    MONTH = "month"


@dataclass(frozen=True)
class Column:
    title: Text
    kind: Kind


SUPPRESSED = "<5"
Cell = str | int | float | None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    key: str = ""  # what a click on this row lists (a pathway id, a month…), "" for none
    base: int | None = None  # how many people the row's DAYS/SHARE figures rest on


@dataclass(frozen=True)
class Table:
    """One figure of the dashboard: a chart's data and its table."""

    id: str
    title: Text
    note: Text
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    chart_column: int = 1  # the column the chart draws
    dimension: str = ""  # what a row's key is ("pathway", "month", …), for listing its cases

    def suppressed(self) -> Table:
        """The table as it may leave the station: cells resting on fewer than five people
        shown as "<5", and the next smallest of a column with a total, so that the total
        cannot reveal the hidden one."""
        rows = [list(row.cells) for row in self.rows]
        hidden: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            for c, column in enumerate(self.columns):
                value = row.cells[c]
                if (column.kind is Kind.COUNT and isinstance(value, int) and 0 < value < SMALL) or (
                    column.kind in (Kind.DAYS, Kind.SHARE)
                    and value is not None
                    and row.base is not None
                    and row.base < SMALL
                ):
                    hidden.add((r, c))
        total_hidden: set[int] = set()
        if self.total is not None:
            for c, column in enumerate(self.columns):
                if column.kind is not Kind.COUNT:
                    continue
                value = self.total.cells[c]
                if isinstance(value, int) and 0 < value < SMALL:
                    total_hidden.add(c)  # a small total is a small group
                in_column = [r for r in range(len(rows)) if (r, c) in hidden]
                if len(in_column) != 1:
                    continue
                others = [
                    (value, r)
                    for r, row in enumerate(self.rows)
                    if (r, c) not in hidden and isinstance(value := row.cells[c], int) and value > 0
                ]
                if others:
                    hidden.add((min(others)[1], c))
                else:
                    total_hidden.add(c)  # no second cell to hide: the total would tell
        for r, c in hidden:
            rows[r][c] = SUPPRESSED
        total = self.total
        if total is not None and total.base is not None and total.base < SMALL:
            total_hidden.update(
                c
                for c, column in enumerate(self.columns)
                if column.kind is not Kind.LABEL and total.cells[c]
            )
        if total is not None and total_hidden:
            total = replace(
                total,
                cells=tuple(
                    SUPPRESSED if c in total_hidden else value
                    for c, value in enumerate(total.cells)
                ),
            )
        return replace(
            self,
            rows=tuple(
                replace(row, cells=tuple(cells), key="")
                for row, cells in zip(self.rows, rows, strict=True)
            ),
            total=total,
        )


@dataclass(frozen=True)
class Filters:
    """What the figures are taken over: a period (both ends included) and, optionally, one
    pathway, one destination district and one station."""

    start: date
    end: date
    pathway: str | None = None
    district: str | None = None
    station: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")


@dataclass(frozen=True)
class Report:
    """Every figure for one period and scope."""

    filters: Filters
    scope: Text  # "白沙派出所" or "江门市（全市）"
    made_at: datetime
    tables: tuple[Table, ...]
    summary: tuple[Text, ...] = field(default_factory=tuple)

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def suppressed(self) -> Report:
        return replace(self, tables=tuple(table.suppressed() for table in self.tables))


CASES_UNIT = text("件", " cases")
PEOPLE_UNIT = text("人", " people")


_ONE = {" cases": " case", " people": " person"}


def _en(unit: Text, n: int) -> str:
    return _ONE.get(unit.en, unit.en) if n == 1 else unit.en


def change_sentence(what: Text, now: int, before: int | None, *, unit: Text = CASES_UNIT) -> Text:
    """ "受理 120 件，比上期增加 12 件（+11%）" — one line of the month's changes."""
    if before is None:
        return text(f"{what.zh} {now}{unit.zh}。", f"{what.en}: {now}{_en(unit, now)}.")
    delta = now - before
    if delta == 0:
        return text(
            f"{what.zh} {now}{unit.zh}，与上期持平。",
            f"{what.en}: {now}{_en(unit, now)}, as many as the period before.",
        )
    share = f"（{delta / before:+.0%}）" if before else ""
    share_en = f" ({delta / before:+.0%})" if before else ""
    more = delta > 0
    change, compared = ("增加", "more") if more else ("减少", "fewer")
    return text(
        f"{what.zh} {now}{unit.zh}，比上期{change} {abs(delta)}{unit.zh}{share}。",
        f"{what.en}: {now}{_en(unit, now)}, {abs(delta)} {compared} than the period "
        f"before{share_en}.",
    )


def top(counts: Iterable[tuple[str, int]], n: int) -> Sequence[tuple[str, int]]:
    """The `n` largest, largest first, ties by key."""
    return sorted(counts, key=lambda pair: (-pair[1], pair[0]))[:n]
