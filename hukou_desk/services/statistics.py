"""Population statistics for supervisors, station chiefs and the city office (plan 三（二））.

`report` reads every figure of the dashboard for a period and scope, on the station's case file
(or, through `compose`, on the centre's database); `cases_behind` lists the cases of one bar;
`export` writes the figures as a spreadsheet, CSV files or the monthly report PDF, the export
audited. Every figure, on the screen as in a file, is published under one rule (whole months,
cell-key rounding of one fixed table: `domain.statistics`), so no combination of figures
names a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from hukou_desk.domain import statistics
from hukou_desk.domain.codes import education_name
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.regions import lookup_region, region_name
from hukou_desk.domain.staff import Clerk, require_role
from hukou_desk.domain.statistics import (
    Column,
    Filters,
    Kind,
    Outcome,
    Report,
    Row,
    Table,
    percentile,
    published,
)
from hukou_desk.domain.text import Language, Text, text
from hukou_desk.services.counter import Counter
from hukou_desk.storage import audit, cases
from hukou_desk.storage import stats as store
from hukou_desk.storage.models import utc_now

READERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
WHAT = text("查看统计数据", "see the statistics")
CASES_LISTED = 500
JUDGEMENT = "(judgement)"  # the refusals' row for a supervisor's judgement beyond the criteria

_LABEL = Kind.LABEL
_COUNT = Kind.COUNT
OUTCOMES = (Outcome.APPROVED, Outcome.REFUSED, Outcome.WITHDRAWN, Outcome.OPEN)


def _case_columns(first: Text) -> tuple[Column, ...]:
    return (
        Column(first, _LABEL),
        Column(text("受理", "received"), _COUNT),
        Column(text("批准", "approved"), _COUNT),
        Column(text("不予批准", "refused"), _COUNT),
        Column(text("撤回", "withdrawn"), _COUNT),
        Column(text("办理中", "open"), _COUNT),
    )


TOTAL = text("合计", "Total")


def _count(cell: statistics.Cell) -> int:
    return cell if isinstance(cell, int) else 0


def _total(rows: list[Row], width: int) -> Row:
    """The sum of the published rows (so a column adds up to its total)."""
    return Row((TOTAL, *(sum(_count(row.cells[i]) for row in rows) for i in range(1, width))))


@dataclass(frozen=True)
class Names:
    """How codes read: pathways from the forms, regions from GB/T 2260, stations by name."""

    policy: Policy
    stations: dict[str, str]

    def pathway(self, pathway_id: str) -> Text:
        for pathway in self.policy.pathways:
            if pathway.id == pathway_id:
                return pathway.title
        return text(pathway_id, pathway_id)

    def criterion(self, criterion_id: str) -> Text:
        if not criterion_id:
            return text(
                "审批人综合判断（条件以外）", "the supervisor's judgement (beyond the criteria)"
            )
        for pathway in self.policy.pathways:
            for criterion in pathway.criteria:
                if criterion.id == criterion_id:
                    return criterion.text
        return text(criterion_id, criterion_id)

    def station(self, code: str) -> Text:
        name = self.stations.get(code) or code
        return text(name, name if name == code else f"{name} ({code})")


UNKNOWN = text("不详", "unknown")


def _place(name: str, code: str) -> Text:
    """A place by its Chinese name; in English with its GB/T 2260 code after it."""
    return text(name, name if name == code else f"{name} ({code})")


def _region(code: str, digits: int = 6) -> Text:
    if not code:
        return UNKNOWN
    padded = code.ljust(6, "0")
    if digits == 2:
        found = lookup_region(padded)
        return _place(found.province, code) if found and found.province else text(code, code)
    return _place(region_name(padded), code)


def _education(code: str) -> Text:
    if not code:
        return UNKNOWN
    try:
        return education_name(code)
    except KeyError:
        return text(code, code)


def _sex(code: str) -> Text:
    return statistics.SEX_NAMES.get(code) or text("未说明", "not stated")


BY_DAY_RECEIVED = text("按受理日期统计", "by the month received")


def compose(
    connection: sa.Connection,
    filters: Filters,
    *,
    today: date,
    names: Names,
    scope: Text,
    with_summary: bool = True,
) -> Report:
    """Every figure of the dashboard for `filters` (whole months), read through `connection`
    and published under the rule (domain.statistics: cell-key rounding of one fixed table)."""
    statistics.require_whole_months(filters)
    cases = store.case_atoms(connection, filters)
    coordinate = {"pathway_id": 3, "district": 2, "station_code": 1, "received_month": 0}

    def case_rows(dimension: str) -> dict[Any, list[int]]:
        at = coordinate[dimension]
        by_outcome = published(cases, lambda c: (c[at], c[4]), figure="cases")
        rows: dict[Any, list[int]] = {}
        for (key, result), n in by_outcome.items():
            counts = rows.setdefault(key, [0] * 5)
            counts[0] += n
            counts[1 + OUTCOMES.index(Outcome(result))] += n
        return rows

    def case_table(table_id: str, dimension: str, title: Text, first: Text, label: Any) -> Table:
        found = case_rows(dimension)
        ordered = sorted(found.items(), key=lambda pair: (-pair[1][0], str(pair[0])))
        rows = [Row((label(key), *counts), key=str(key)) for key, counts in ordered if counts[0]]
        return Table(
            id=table_id,
            title=title,
            note=BY_DAY_RECEIVED,
            columns=_case_columns(first),
            rows=tuple(rows),
            total=_total(rows, 6),
            dimension=dimension,
        )

    # Every month of the period, an empty one too (a chart with a gap says "none").
    monthly = case_rows("received_month")
    month_rows = [
        Row((statistics.month_label(m), *monthly.get(m, [0] * 5)), key=str(m))
        for m in statistics.months_between(filters.start, filters.end)
    ]
    tables: list[Table] = [
        case_table(
            "cases_by_pathway",
            "pathway_id",
            text("各迁入途径的案件", "Cases by pathway"),
            text("迁入途径", "pathway"),
            names.pathway,
        ),
        case_table(
            "cases_by_district",
            "district",
            text("各迁入地（区、市）的案件", "Cases by destination district"),
            text("迁入地", "district"),
            _region,
        ),
        case_table(
            "cases_by_station",
            "station_code",
            text("各派出所的案件", "Cases by station"),
            text("派出所", "station"),
            names.station,
        ),
        Table(
            id="cases_by_month",
            title=text("每月受理案件", "Cases received per month"),
            note=BY_DAY_RECEIVED,
            columns=_case_columns(text("月份", "month")),
            rows=tuple(month_rows),
            total=_total(month_rows, 6),
            dimension="received_month",
        ),
    ]
    outcomes = tables[0].total
    assert outcomes is not None
    outcome_rows = [
        Row((statistics.OUTCOME_NAMES[o], _count(outcomes.cells[i + 2])), o.value)
        for i, o in enumerate(OUTCOMES)
    ]
    tables.append(
        Table(
            id="cases_by_outcome",
            title=text("办理结果", "Outcomes"),
            note=BY_DAY_RECEIVED,
            columns=(
                Column(text("结果", "outcome"), _LABEL),
                Column(text("案件", "cases"), _COUNT),
            ),
            rows=tuple(outcome_rows),
            total=_total(outcome_rows, 2),
            dimension="outcome",
        )
    )
    people_note = text(
        "按批准月份（北京时间）统计；申请人与随迁人员，每人只计一次",
        "by the month approved (Beijing time); applicants and relatives who came along, each "
        "person once",
    )
    for dimension, title, first, label in (
        (
            "province",
            text("迁入人员：原户籍所在省份", "People moved: province of origin"),
            text("省份", "province"),
            lambda k: _region(k, 2),
        ),
        (
            "city",
            text("迁入人员：原户籍所在城市", "People moved: city of origin"),
            text("城市", "city"),
            lambda k: _region(k, 4),
        ),
        (
            "district",
            text("迁入人员：迁入地", "People moved: destination district"),
            text("迁入地", "district"),
            _region,
        ),
        (
            "age_band",
            text("迁入人员：年龄", "People moved: age"),
            text("年龄", "age"),
            lambda k: statistics.age_band_name(int(k)),
        ),
        ("sex", text("迁入人员：性别", "People moved: sex"), text("性别", "sex"), _sex),
        (
            "education",
            text("迁入人员：学历", "People moved: education"),
            text("学历", "education"),
            _education,
        ),
    ):
        counts = published(
            store.people_atoms(connection, dimension, filters),
            lambda c: c[4],
            figure=f"people_by_{dimension}",
        )
        if dimension == "age_band":  # every band in its order, an empty one too
            bands = [str(i) for i in range(len(statistics.AGE_BANDS))]
            ordered = [(band, counts.get(band, 0)) for band in bands]
        elif dimension in ("sex", "education"):
            ordered = sorted(counts.items(), key=lambda pair: (len(pair[0]), pair[0]))
        else:
            ordered = list(statistics.top(counts.items(), len(counts)))
        rows = [Row((label(k), n), key=str(k)) for k, n in ordered if n or dimension == "age_band"]
        tables.append(
            Table(
                id=f"people_by_{dimension}",
                title=title,
                note=people_note,
                columns=(Column(first, _LABEL), Column(text("人数", "people"), _COUNT)),
                rows=tuple(rows),
                total=_total(rows, 2),
                dimension=dimension,
            )
        )
    refused = published(
        store.refusal_atoms(connection, filters), lambda c: (c[4], c[5]), figure="refusals"
    )
    tables.append(
        Table(
            id="refusals",
            title=text("不予批准的原因", "Refusals by the criterion that failed"),
            note=text(
                "按审批月份统计；一案未满足多项条件时，每项各计一次",
                "by the month decided; a case that failed several criteria counts under each",
            ),
            columns=(
                Column(text("未满足的条件", "criterion"), _LABEL),
                Column(text("条款", "clause"), _LABEL),
                Column(text("案件", "cases"), _COUNT),
            ),
            rows=tuple(
                Row((names.criterion(cid), clause, n), key=cid or JUDGEMENT)
                for (cid, clause), n in sorted(refused.items(), key=lambda r: (-r[1], r[0]))
                if n
            ),
            chart_column=2,
            dimension="criterion",
        )
    )
    tables.append(_processing(store.decided_atoms(connection, filters), names))
    open_now = store.open_atoms(connection, filters, today)
    by_age = published(open_now, lambda c: c[4], figure="open")
    open_rows = [
        Row((statistics.open_age_band_name(i), by_age.get(i, 0)), key=str(i))
        for i in range(len(statistics.OPEN_AGE_BANDS))
    ]
    tables.append(
        Table(
            id="open_by_age",
            title=text("办理中案件的受理天数", "Open cases by days since received"),
            note=text(
                f"截至 {today.isoformat()}；按受理月份筛选",
                f"as of {today.isoformat()}; filtered by the month received",
            ),
            columns=(
                Column(text("已受理", "received"), _LABEL),
                Column(text("案件", "cases"), _COUNT),
            ),
            rows=tuple(open_rows),
            total=_total(open_rows, 2),
            dimension="open_age",
        )
    )
    late = published({c: n for c, n in open_now.items() if c[5]}, lambda c: c[3], figure="open")
    overdue_rows = [
        Row((names.pathway(p), n), key=p) for p, n in statistics.top(late.items(), len(late)) if n
    ]
    anytime = sum(
        published(
            store.overdue_atoms(connection, filters, today), lambda c: 0, figure="overdue"
        ).values()
    )
    tables.append(
        Table(
            id="overdue",
            title=text(
                "本期受理的案件中超过法定时限仍未办结的",
                "Cases received in the period, past their statutory limit and still open",
            ),
            note=text(
                f"截至 {today.isoformat()}；只计本期受理的案件。不论何时受理，"
                f"在办案件中超过法定时限的共 {anytime} 件",
                f"as of {today.isoformat()}; only the cases received in the period. Whenever "
                f"received, {anytime} open cases are past their statutory limit",
            ),
            columns=(
                Column(text("迁入途径", "pathway"), _LABEL),
                Column(text("案件", "cases"), _COUNT),
            ),
            rows=tuple(overdue_rows),
            total=_total(overdue_rows, 2),
            dimension="pathway",
        )
    )
    report = Report(filters=filters, scope=scope, made_at=utc_now(), tables=tuple(tables))
    if with_summary:
        report = Report(
            filters=filters,
            scope=scope,
            made_at=report.made_at,
            tables=report.tables,
            summary=_summary(connection, report, today=today, anytime=anytime),
        )
    return report


def _processing(atoms: store.Atoms, names: Names) -> Table:
    """Processing time per pathway: decided and over the limit published under the rule (base
    cells by month, station, district, pathway and over-or-within); the median and the 90th
    percentile, of the exact working days, only over at least DAYS_BASE published cases."""
    cells: dict[tuple[Any, ...], tuple[int, int]] = {}
    for (month, station, district, pathway, used, limit), (n, keys) in atoms.items():
        at = (month, station, district, pathway, used > limit)  # the base cell: over or within
        had = cells.get(at, (0, 0))
        cells[at] = (had[0] + n, had[1] + keys)
    counts = published(cells, lambda c: (c[3], c[4]), figure="decided")
    histograms: dict[str, dict[int, int]] = {}
    limits: dict[str, set[int]] = {}
    for (_month, _station, _district, pathway, used, limit), (n, _keys) in atoms.items():
        days = histograms.setdefault(pathway, {})
        days[used] = days.get(used, 0) + n
        limits.setdefault(pathway, set()).add(limit)
    rows = []
    for pathway in sorted(histograms):
        over = counts.get((pathway, True), 0)
        decided = over + counts.get((pathway, False), 0)
        if not decided:
            continue
        shown = decided >= statistics.DAYS_BASE
        days = histograms[pathway]
        rows.append(
            Row(
                (
                    names.pathway(pathway),
                    decided,
                    percentile(days, 0.5) if shown else None,
                    percentile(days, 0.9) if shown else None,
                    min(limits[pathway]),
                    over,
                    round((decided - over) / decided, 3),
                ),
                key=pathway,
            )
        )
    return Table(
        id="processing",
        title=text("办理时间（工作日）", "Processing time (working days)"),
        note=text(
            "按审批月份统计；补正材料期间不计时；法定时限20个工作日，经批准延长的为50个，"
            "超时按各案自己的时限计；办结不足10件的不列中位数和百分位数",
            "by the month decided; the time waiting for documents does not count; the limit "
            "is 20 working days, 50 when extended, and each case is over its own limit; no "
            "median or percentile over fewer than 10 decided cases",
        ),
        columns=(
            Column(text("迁入途径", "pathway"), _LABEL),
            Column(text("办结（件）", "decided (cases)"), _COUNT),
            Column(text("中位数（工作日）", "median (working days)"), Kind.DAYS),
            Column(text("第90百分位（工作日）", "90th percentile (working days)"), Kind.DAYS),
            Column(text("法定时限（工作日）", "statutory limit (working days)"), Kind.DAYS),
            Column(text("超时（件）", "over the limit (cases)"), _COUNT),
            Column(text("按时办结率", "within the limit"), Kind.SHARE),
        ),
        rows=tuple(rows),
        chart_column=2,
        dimension="pathway",
    )


def _summary(
    connection: sa.Connection,
    report: Report,
    *,
    today: date,
    anytime: int,
) -> tuple[Text, ...]:
    """A short text of the period's changes against as many whole months before it."""
    filters = report.filters
    before_end = date.fromordinal(filters.start.toordinal() - 1)
    before_start = before_end.replace(day=1)
    for _ in range(filters.months() - 1):
        before_start = date.fromordinal(before_start.toordinal() - 1).replace(day=1)
    before = Filters(
        start=before_start,
        end=before_end,
        pathway=filters.pathway,
        district=filters.district,
        station=filters.station,
    )
    # The period before: its two totals, from the same base cells as its own figures'.
    received_before = sum(
        published(store.case_atoms(connection, before), lambda c: 0, figure="cases").values()
    )
    people_before = sum(
        published(
            store.people_atoms(connection, "sex", before), lambda c: 0, figure="people_by_sex"
        ).values()
    )

    def total(r: Report, table_id: str, column: int = 1) -> int:
        found = r.table(table_id).total
        return _count(found.cells[column]) if found else 0

    lines = [
        statistics.change_sentence(
            text("受理案件", "Cases received"),
            total(report, "cases_by_pathway"),
            received_before,
        ),
        statistics.change_sentence(
            text("迁入人员", "People moved"),
            total(report, "people_by_sex"),
            people_before,
            unit=statistics.PEOPLE_UNIT,
        ),
    ]
    refused = sum(_count(row.cells[2]) for row in report.table("refusals").rows)
    approved = total(report, "cases_by_pathway", 2)
    lines.append(
        text(
            f"本期受理的案件中已批准 {approved} 件；本期不予批准涉及条件 {refused} 项次。",
            f"Of the cases received, {approved} are approved; refusals in the period failed "
            f"{refused} criteria in all.",
        )
    )
    provinces = report.table("people_by_province").rows
    if provinces:
        first = provinces[0]
        where = first.cells[0]
        assert isinstance(where, Text)
        lines.append(
            text(
                f"迁入人员原户籍最多来自{where.zh}（{first.cells[1]} 人）。",
                f"Most people moved came from {where.en}: {first.cells[1]}.",
            )
        )
    overdue = total(report, "overdue")
    lines.append(
        text(
            f"截至 {today.isoformat()}，本期受理的案件中超过法定时限仍未办结 {overdue} 件；"
            f"不论何时受理，在办案件中超过法定时限的共 {anytime} 件。",
            f"As of {today.isoformat()}, of the cases received in the period {overdue} are "
            f"past their statutory limit and still open; whenever received, {anytime} open "
            "cases are past it.",
        )
    )
    return tuple(lines)


# --- at the station ---------------------------------------------------------------------------


def _names(counter: Counter, session: Any) -> tuple[Names, Text]:
    here = cases.station(session)
    return Names(counter.policy, {here.code: here.name}), text(here.name, here.name)


def report(
    counter: Counter, actor: Clerk, filters: Filters, *, today: date | None = None
) -> Report:
    """The station's figures (a supervisor's or an administrator's)."""
    with counter.reading(actor) as (session, me):
        require_role(Role(me.role), READERS, WHAT)
        names, scope = _names(counter, session)
        return compose(
            session.connection(),
            filters,
            today=today or counter.today(),
            names=names,
            scope=scope,
        )


def choices(counter: Counter, actor: Clerk) -> dict[str, list[tuple[str, Text]]]:
    """What the figures can be narrowed to, with names: pathways, districts, stations."""
    with counter.reading(actor) as (session, _me):
        found = store.choices(session.connection())
        names, _scope = _names(counter, session)
    return {
        "pathway": [(p, names.pathway(p)) for p in found["pathway_id"]],
        "district": [(d, _region(d)) for d in found["district"]],
        "station": [(s, names.station(s)) for s in found["station_code"]],
    }


@dataclass(frozen=True)
class Listed:
    """One case behind a figure: no name, the identity number masked."""

    number: str
    status: str
    pathway: str
    received: date
    applicant: str  # masked identity number


def cases_behind(
    counter: Counter,
    actor: Clerk,
    *,
    table_id: str,
    key: str,
    filters: Filters,
    today: date | None = None,
) -> list[Listed]:
    """The cases behind one bar (at most CASES_LISTED, newest first), for a supervisor to open.
    Recorded in the audit trail as a look-up."""
    from hukou_desk.domain.identity import mask
    from hukou_desk.storage.models import Case, Person

    with counter.acting(actor, roles=READERS, what=WHAT) as (session, me):
        ids = store.case_ids_for(
            session.connection(),
            table_id,
            _key(table_id, key),
            filters,
            today or counter.today(),
            CASES_LISTED,
        )
        rows = session.execute(
            sa.select(
                col(Case.number),
                col(Case.status),
                col(Case.pathway_id),
                col(Case.application_date),
                col(Person.id_number),
            )
            .join(Person, col(Person.id) == col(Case.applicant_id))
            .where(col(Case.id).in_(ids))
        ).all()
        audit.record(
            session,
            actor=me.username,
            action="stats.cases",
            entity="statistics",
            entity_id=table_id,
            detail={"key": key, "cases": len(rows)},
        )
    listed = [
        Listed(number, status, pathway, received, mask(id_number))
        for number, status, pathway, received, id_number in rows
    ]
    return sorted(listed, key=lambda c: (c.received, c.number), reverse=True)


def _key(table_id: str, key: str) -> Any:
    """A row's key as the figure's column holds it: months and age bands are numbers; the
    refusals' "beyond the criteria" row is the criterion ""."""
    if table_id in ("cases_by_month", "people_by_age_band"):
        return int(key)
    if table_id == "refusals" and key == JUDGEMENT:
        return ""
    return key


# --- exports ----------------------------------------------------------------------------------

FORMATS = ("xlsx", "csv", "pdf", "json", "text")


def release(counter: Counter, actor: Clerk, report: Report, *, fmt: str, to: str) -> Report:
    """The figures as they leave the station (published under the rule, as on the screen),
    the release recorded in the audit trail: which period, which format, where to."""
    if fmt not in FORMATS:
        raise HukouDeskError(text(f"不支持的格式：{fmt}", f"Unknown format: {fmt}"))
    with counter.acting(actor, roles=READERS, what=WHAT) as (session, me):
        audit.record(
            session,
            actor=me.username,
            action="stats.export",
            entity="statistics",
            entity_id=fmt,
            detail={
                "from": report.filters.start.isoformat(),
                "to": report.filters.end.isoformat(),
                "file": to,
            },
        )
    return report


def export(
    counter: Counter, actor: Clerk, report: Report, *, out: Path, fmt: str, lang: Language = "zh"
) -> Path:
    """The figures written to `out` (a folder of CSV files for "csv"), audited."""
    return write(release(counter, actor, report, fmt=fmt, to=out.name), out=out, fmt=fmt, lang=lang)


def write(report: Report, *, out: Path, fmt: str, lang: Language = "zh") -> Path:
    """`report` as a file of `fmt`, its words in `lang`."""
    from hukou_desk.reports import monthly, spreadsheet

    writers: dict[str, Callable[[Report, Path, Language], Path]] = {
        "xlsx": spreadsheet.write_xlsx,
        "csv": spreadsheet.write_csv,
        "pdf": monthly.write_pdf,
        "json": spreadsheet.write_json,
    }
    return writers[fmt](report, out, lang)


def as_json(report: Report, lang: Language = "zh") -> dict[str, Any]:
    from hukou_desk.reports.spreadsheet import to_json

    return to_json(report, lang)


def as_text(report: Report, lang: Language = "zh") -> str:
    """The figures as plain lines for a terminal: each table, its columns tab-separated."""
    filters = report.filters
    lines = [f"{report.scope(lang)}  {filters.start.isoformat()} – {filters.end.isoformat()}"]
    lines.extend(line(lang) for line in report.summary)
    lines.append(statistics.RULE_NOTE(lang))
    for table in report.tables:
        lines += ["", f"# {table.title(lang)} ({table.note(lang)})"]
        lines.append("\t".join(column.title(lang) for column in table.columns))
        for row in (*table.rows, *((table.total,) if table.total else ())):
            lines.append(
                "\t".join("" if v is None else str(statistics.said(v, lang)) for v in row.cells)
            )
    return "\n".join(lines)
