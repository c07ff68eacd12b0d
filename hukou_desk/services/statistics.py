"""Population statistics for supervisors, station chiefs and the city office (plan 三（二））.

`report` reads every figure of the dashboard for a period and scope, on the station's case file
(or, through `compose`, on the centre's database); `cases_behind` lists the cases of one bar;
`export` writes the figures as a spreadsheet, CSV files or the monthly report PDF, with small
cells suppressed (anything written to a file can leave the station) and the export audited.
No figure names a person.
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
from hukou_desk.domain.staff import require_role
from hukou_desk.domain.statistics import (
    Column,
    Filters,
    Kind,
    Outcome,
    Report,
    Row,
    Table,
    percentile,
)
from hukou_desk.domain.text import Text, text
from hukou_desk.services.counter import Counter
from hukou_desk.storage import audit, cases
from hukou_desk.storage import stats as store
from hukou_desk.storage.models import User, utc_now

READERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
WHAT = text("查看统计数据", "see the statistics")
CASES_LISTED = 500
JUDGEMENT = "(judgement)"  # the refusals' row for a supervisor's judgement beyond the criteria

_LABEL = Kind.LABEL
_COUNT = Kind.COUNT


def _case_columns(first: Text) -> tuple[Column, ...]:
    return (
        Column(first, _LABEL),
        Column(text("受理", "received"), _COUNT),
        Column(text("批准", "approved"), _COUNT),
        Column(text("不予批准", "refused"), _COUNT),
        Column(text("撤回", "withdrawn"), _COUNT),
        Column(text("办理中", "open"), _COUNT),
    )


def _total(rows: list[Row], width: int) -> Row:
    sums = [sum(int(row.cells[i] or 0) for row in rows) for i in range(1, width)]
    return Row((text("合计", "total").zh, *sums), base=sums[0] if sums else 0)


@dataclass(frozen=True)
class Names:
    """How codes read: pathways from the forms, regions from GB/T 2260, stations by name."""

    policy: Policy
    stations: dict[str, str]

    def pathway(self, pathway_id: str) -> str:
        for pathway in self.policy.pathways:
            if pathway.id == pathway_id:
                return pathway.title.zh
        return pathway_id

    def criterion(self, criterion_id: str) -> str:
        if not criterion_id:
            return "审批人综合判断（条件以外）"
        for pathway in self.policy.pathways:
            for criterion in pathway.criteria:
                if criterion.id == criterion_id:
                    return criterion.text.zh
        return criterion_id

    def station(self, code: str) -> str:
        return self.stations.get(code) or code


def _region(code: str, digits: int) -> str:
    if not code:
        return "不详"
    padded = code.ljust(6, "0")
    if digits == 2:
        found = lookup_region(padded)
        return found.province if found and found.province else code
    return region_name(padded)


def compose(
    connection: sa.Connection,
    filters: Filters,
    *,
    today: date,
    names: Names,
    scope: Text,
    with_summary: bool = True,
) -> Report:
    """Every figure of the dashboard for `filters`, read through `connection`."""

    def case_table(table_id: str, dimension: str, title: Text, first: Text, label: Any) -> Table:
        rows = [
            Row((label(key), *counts), key=str(key), base=counts[0])
            for key, *counts in store.cases_by(connection, dimension, filters)
        ]
        return Table(
            id=table_id,
            title=title,
            note=text("按受理日期统计", "by the day received"),
            columns=_case_columns(first),
            rows=tuple(rows),
            total=_total(rows, 6),
            dimension=dimension,
        )

    by_month = case_table(
        "cases_by_month",
        "received_month",
        text("每月受理案件", "Cases received per month"),
        text("月份", "month"),
        statistics.month_label,
    )
    # Every month of the period, an empty one too (a chart with a gap says "none").
    present = {row.key: row for row in by_month.rows}
    months = statistics.months_between(filters.start, filters.end)
    by_month = Table(
        **{
            **by_month.__dict__,
            "rows": tuple(
                present.get(str(m), Row((statistics.month_label(m), 0, 0, 0, 0, 0), str(m), 0))
                for m in months
            ),
        }
    )
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
            region_name,
        ),
        case_table(
            "cases_by_station",
            "station_code",
            text("各派出所的案件", "Cases by station"),
            text("派出所", "station"),
            names.station,
        ),
        by_month,
    ]
    outcomes = tables[0].total
    tables.append(
        Table(
            id="cases_by_outcome",
            title=text("办理结果", "Outcomes"),
            note=text("按受理日期统计", "by the day received"),
            columns=(
                Column(text("结果", "outcome"), _LABEL),
                Column(text("案件", "cases"), _COUNT),
            ),
            rows=tuple(
                Row((statistics.OUTCOME_NAMES[o].zh, int(outcomes.cells[i + 2] or 0)), o.value)
                for i, o in enumerate(
                    (Outcome.APPROVED, Outcome.REFUSED, Outcome.WITHDRAWN, Outcome.OPEN)
                )
            )
            if outcomes
            else (),
            total=Row(("合计", outcomes.cells[1] if outcomes else 0)),
            dimension="outcome",
        )
    )
    people_note = text(
        "按批准日期（北京时间）统计；申请人与随迁人员，每人只计一次",
        "by the day approved (Beijing time); applicants and relatives who came along, each "
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
            region_name,
        ),
        (
            "age_band",
            text("迁入人员：年龄", "People moved: age"),
            text("年龄", "age"),
            lambda k: statistics.age_band_name(int(k)).zh,
        ),
        (
            "sex",
            text("迁入人员：性别", "People moved: sex"),
            text("性别", "sex"),
            lambda k: statistics.SEX_NAMES[k].zh if k in statistics.SEX_NAMES else "未说明",
        ),
        (
            "education",
            text("迁入人员：学历", "People moved: education"),
            text("学历", "education"),
            lambda k: _education(k),
        ),
    ):
        counts = store.people_by(connection, dimension, filters)
        ordered = (
            sorted(counts.items())
            if dimension in ("age_band", "sex", "education")
            else statistics.top(((str(k), v) for k, v in counts.items()), len(counts))
        )
        rows = [Row((label(k), n), key=str(k), base=n) for k, n in ordered]
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
    refused = sorted(store.refusals(connection, filters), key=lambda r: (-r[2], r[0]))
    tables.append(
        Table(
            id="refusals",
            title=text("不予批准的原因", "Refusals by the criterion that failed"),
            note=text(
                "按审批日期统计；一案未满足多项条件时，每项各计一次",
                "by the day decided; a case that failed several criteria counts under each",
            ),
            columns=(
                Column(text("未满足的条件", "criterion"), _LABEL),
                Column(text("条款", "clause"), _LABEL),
                Column(text("案件", "cases"), _COUNT),
            ),
            rows=tuple(
                Row((names.criterion(cid), clause, n), key=cid or JUDGEMENT, base=n)
                for cid, clause, n in refused
            ),
            chart_column=2,
            dimension="criterion",
        )
    )
    processing_rows = []
    for pathway, histogram in sorted(store.processing(connection, filters).items()):
        days: dict[int, int] = {}
        over = 0
        for (used, limit), n in histogram.items():
            days[used] = days.get(used, 0) + n
            if used > limit:
                over += n
        decided = sum(days.values())
        limits = sorted({limit for _used, limit in histogram})
        processing_rows.append(
            Row(
                (
                    names.pathway(pathway),
                    decided,
                    percentile(days, 0.5),
                    percentile(days, 0.9),
                    "/".join(str(limit) for limit in limits),
                    over,
                    round((decided - over) / decided, 3) if decided else None,
                ),
                key=pathway,
                base=decided,
            )
        )
    tables.append(
        Table(
            id="processing",
            title=text("办理时间（工作日）", "Processing time (working days)"),
            note=text(
                "按审批日期统计；补正材料期间不计时；法定时限20个工作日，经批准延长的为50个",
                "by the day decided; the time waiting for documents does not count; the limit "
                "is 20 working days, 50 when extended",
            ),
            columns=(
                Column(text("迁入途径", "pathway"), _LABEL),
                Column(text("办结", "decided"), _COUNT),
                Column(text("中位数", "median"), Kind.DAYS),
                Column(text("第90百分位", "90th percentile"), Kind.DAYS),
                Column(text("时限", "limit"), _LABEL),
                Column(text("超时", "over the limit"), _COUNT),
                Column(text("按时办结率", "within the limit"), Kind.SHARE),
            ),
            rows=tuple(processing_rows),
            chart_column=2,
            dimension="pathway",
        )
    )
    open_now = store.open_cases(connection, filters, today)
    open_rows = [
        Row((statistics.open_age_band_name(i).zh, open_now.by_age.get(i, 0)), key=str(i))
        for i in range(len(statistics.OPEN_AGE_BANDS))
    ]
    tables.append(
        Table(
            id="open_by_age",
            title=text("办理中案件的受理天数", "Open cases by days since received"),
            note=text(
                f"截至 {today.isoformat()}；按受理日期筛选",
                f"as of {today.isoformat()}; filtered by the day received",
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
    overdue_rows = [
        Row((names.pathway(p), n), key=p, base=n)
        for p, n in statistics.top(open_now.overdue.items(), len(open_now.overdue))
    ]
    anytime = store.overdue_whenever_received(connection, filters, today)
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
            summary=_summary(
                connection, report, today=today, names=names, scope=scope, anytime=anytime
            ),
        )
    return report


def _education(code: str) -> str:
    if not code:
        return "不详"
    try:
        return education_name(code).zh
    except KeyError:
        return code


def _summary(
    connection: sa.Connection,
    report: Report,
    *,
    today: date,
    names: Names,
    scope: Text,
    anytime: int,
) -> tuple[Text, ...]:
    """A short text of the period's changes against the period before it (as long)."""
    filters = report.filters
    before_end = date.fromordinal(filters.start.toordinal() - 1)
    if filters.start.day == 1 and store.split(filters) == (
        (statistics.month_key(filters.start), statistics.month_key(filters.end)),
        [],
    ):
        # Whole calendar months (the monthly report): against as many months before.
        months = (filters.end.year - filters.start.year) * 12 + filters.end.month
        months -= filters.start.month - 1
        month_start = filters.start
        for _ in range(months):
            month_start = date.fromordinal(month_start.toordinal() - 1).replace(day=1)
        before_start = month_start
    else:
        length = filters.end.toordinal() - filters.start.toordinal()
        before_start = date.fromordinal(before_end.toordinal() - length)
    before = Filters(
        start=before_start,
        end=before_end,
        pathway=filters.pathway,
        district=filters.district,
        station=filters.station,
    )
    earlier = compose(connection, before, today=today, names=names, scope=scope, with_summary=False)

    def total(r: Report, table_id: str, column: int = 1) -> int:
        found = r.table(table_id).total
        return int(found.cells[column] or 0) if found else 0

    lines = [
        statistics.change_sentence(
            text("受理案件", "Cases received"),
            total(report, "cases_by_pathway"),
            total(earlier, "cases_by_pathway"),
        ),
        statistics.change_sentence(
            text("迁入人员", "People moved"),
            total(report, "people_by_sex"),
            total(earlier, "people_by_sex"),
            unit=statistics.PEOPLE_UNIT,
        ),
    ]
    refused = sum(int(row.cells[2] or 0) for row in report.table("refusals").rows)
    approved = sum(
        int(row.cells[1] or 0)
        for row in report.table("cases_by_outcome").rows
        if row.key == Outcome.APPROVED.value
    )
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
        lines.append(
            text(
                f"迁入人员原户籍最多来自{first.cells[0]}（{first.cells[1]} 人）。",
                f"Most people moved came from {first.cells[0]} ({first.cells[1]}).",
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


def report(counter: Counter, actor: User, filters: Filters, *, today: date | None = None) -> Report:
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


def choices(counter: Counter, actor: User) -> dict[str, list[tuple[str, str]]]:
    """What the figures can be narrowed to, with names: pathways, districts, stations."""
    with counter.reading(actor) as (session, _me):
        found = store.choices(session.connection())
        names, _scope = _names(counter, session)
    return {
        "pathway": [(p, names.pathway(p)) for p in found["pathway_id"]],
        "district": [(d, region_name(d)) for d in found["district"]],
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
    actor: User,
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


def release(counter: Counter, actor: User, report: Report, *, fmt: str, to: str) -> Report:
    """The figures as they may leave the station (small cells suppressed), the release
    recorded in the audit trail: which period, which format, where to."""
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
    return report.suppressed()


def export(counter: Counter, actor: User, report: Report, *, out: Path, fmt: str) -> Path:
    """The figures written to `out` (a folder of CSV files for "csv"), suppressed, audited."""
    return write(release(counter, actor, report, fmt=fmt, to=out.name), out=out, fmt=fmt)


def write(report: Report, *, out: Path, fmt: str) -> Path:
    """`report` (already suppressed when it leaves the station) as a file of `fmt`."""
    from hukou_desk.reports import monthly, spreadsheet

    writers: dict[str, Callable[[Report, Path], Path]] = {
        "xlsx": spreadsheet.write_xlsx,
        "csv": spreadsheet.write_csv,
        "pdf": monthly.write_pdf,
        "json": spreadsheet.write_json,
    }
    return writers[fmt](report, out)


def as_json(report: Report) -> dict[str, Any]:
    from hukou_desk.reports.spreadsheet import to_json

    return to_json(report)


def as_text(report: Report, lang: str = "zh") -> str:
    """The figures as plain lines for a terminal: each table, its columns tab-separated."""
    filters = report.filters

    def say(words: Text) -> str:
        return words.zh if lang == "zh" else words.en

    lines = [f"{report.scope.zh}  {filters.start.isoformat()} – {filters.end.isoformat()}"]
    lines.extend(say(line) for line in report.summary)
    for table in report.tables:
        lines += ["", f"# {say(table.title)} ({say(table.note)})"]
        lines.append("\t".join(say(column.title) for column in table.columns))
        for row in (*table.rows, *((table.total,) if table.total else ())):
            lines.append("\t".join("" if v is None else str(v) for v in row.cells))
    return "\n".join(lines)
