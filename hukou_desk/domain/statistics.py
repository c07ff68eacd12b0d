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
- **Publication** (the rule every figure obeys, on the screen and in whatever leaves):
  periods are whole calendar months; every count is a sum of cells of one fixed table (the
  month, station, destination district, pathway and the figure's own attribute), and each such
  cell is rounded to a multiple of five by its cell key — the sum of its records' keys (each
  record's key fixed for life) — so the same cell is always rounded the same way, up with a
  chance equal to how far it is above the multiple below (unbiased). Totals are the sums of
  their rows. Any sum or difference of published figures is therefore a multiple of five, and
  no combination of them says more than the rounded cells do. Medians and percentiles are
  shown only for at least ten decided cases. docs/statistics.md argues the choice.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.text import Language, Text, text

BASE = 5  # every published count is a multiple of this: fewer than five is never shown
KEY_SPACE = 1 << 16  # record keys are 0 … KEY_SPACE-1; a cell key is their sum modulo this
DAYS_BASE = 10  # a median or percentile is shown only over at least this many decided cases


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
    COUNT = "count"  # people or cases: published under the rule
    DAYS = "days"  # working days: a median or percentile (not shown over few cases), a limit
    SHARE = "share"  # a fraction 0..1
    MONTH = "month"


@dataclass(frozen=True)
class Column:
    title: Text
    kind: Kind


Cell = Text | str | int | float | None  # a label is a Text (said in the reader's language)


def said(value: Cell, lang: Language) -> Cell:
    """A cell as a reader of `lang` sees it: a label in their language, anything else as is."""
    return value(lang) if isinstance(value, Text) else value


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    key: str = ""  # what a click on this row lists (a pathway id, a month…), "" for none


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

    @property
    def whole_months(self) -> bool:
        """From a month's first day to a month's last day (figures are published so only)."""
        following = date.fromordinal(self.end.toordinal() + 1)
        return self.start.day == 1 and following.day == 1

    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def month_period(first: date, last: date) -> tuple[date, date]:
    """The whole months from `first`'s to `last`'s: their first and last days."""
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return first.replace(day=1), date.fromordinal(following.toordinal() - 1)


NOT_WHOLE_MONTHS = text(
    "统计数字按整月发布：期间须从某月1日起，至某月最后一日止。",
    "Figures are published for whole months: the period must run from the first day of a "
    "month to the last day of a month.",
)


def require_whole_months(filters: Filters) -> None:
    if not filters.whole_months:
        raise HukouDeskError(NOT_WHOLE_MONTHS)


# --- the rule: cell-key rounding ------------------------------------------------------------


def record_key(record_id: uuid.UUID) -> int:
    """A record's key: the low 16 bits of its id (random bits of a UUID version 7), fixed for
    the record's life and the same at the station and at the centre."""
    return record_id.int % KEY_SPACE


def rounded(count: int, keys: int) -> int:
    """`count` rounded to a multiple of BASE by its cell key (`keys`, the sum of the cell's
    record keys): up with probability (count mod BASE) / BASE over cell keys, so the rounding
    is unbiased, and the same cell (the same records) always comes out the same."""
    rest = count % BASE
    if rest == 0:
        return count
    down = count - rest
    return down + BASE if (keys % KEY_SPACE) * BASE < rest * KEY_SPACE else down


Coords = tuple[Any, ...]
Atoms = Mapping[Coords, tuple[int, int]]  # a cell of the fixed table → (records, key sum)
K = TypeVar("K", bound=Hashable)


def salt(figure: str) -> int:
    """A figure's own addition to its cells' keys, so that one person's cells in the tables
    of sex, age, education and district are rounded independently (not all shown or all
    hidden together); the cells of one figure keep one salt, so it stays consistent."""
    return int.from_bytes(hashlib.sha256(figure.encode()).digest()[:4], "big") % KEY_SPACE


def published(atoms: Atoms, by: Callable[[Coords], K], *, figure: str) -> dict[K, int]:
    """The published counts of `figure`: each cell rounded, then summed by `by` (a row)."""
    added = salt(figure)
    found: dict[K, int] = {}
    for coords, (count, keys) in atoms.items():
        row = by(coords)
        found[row] = found.get(row, 0) + rounded(count, keys + added)
    return found


RULE_NOTE = text(
    "为保护个人信息，每个数字都由按月、派出所、迁入地、迁入途径划分的基础格汇总而成，"
    "每个基础格按其“格键”取整为5的倍数（同一格每次取整相同，期望值不变）；合计为各行之和。"
    "因此0可能表示1至4，5可能表示1至9。办理时间的中位数和百分位数只在办结不少于10件时列出。",
    "To protect the people counted, every figure is a sum of base cells (by month, station, "
    "destination district and pathway), each rounded to a multiple of 5 by its cell key (the "
    "same cell is always rounded the same way, and on average not at all); totals are the sums "
    "of their rows. So 0 may stand for 1 to 4, and 5 for 1 to 9. Medians and percentiles of "
    "processing time are shown only over at least 10 decided cases.",
)
RULE_SHORT = text(
    "每个数字都按格键取整为5的倍数：0可能表示1至4。",
    "Every count is rounded to a multiple of 5 by its cell key: 0 may stand for 1 to 4.",
)
HIDDEN_NOTE = text("办结不足10件", "fewer than 10 decided cases")


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
