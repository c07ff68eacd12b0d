"""The strict loader: forms/ → frozen Policy, or one PolicyError naming file, field and problem.

forms/plan.toml        the plan: effective date, departments, the order pathways are shown in
forms/documents.toml   the document catalogue with the checks a clerk makes on each
forms/pathways/*.toml  one file per pathway (the file name is its id)
forms/calendar.toml    public holidays and make-up working days, for the statutory time limits
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

from hukou_desk.domain.calendar import HolidayYear, WorkCalendar
from hukou_desk.domain.errors import PolicyError
from hukou_desk.domain.policy import (
    ArgValue,
    Condition,
    DocumentType,
    Pathway,
    PathwayKind,
    Plan,
    Policy,
)
from hukou_desk.domain.rules import RULES, PathError, validate_path
from hukou_desk.domain.text import text

Model = TypeVar("Model")

_PROBLEMS_ZH = {
    "missing": "缺少该字段",
    "extra_forbidden": "未知的键",
    "string_pattern_mismatch": "格式不符",
    "date_from_datetime_parsing": "不是有效日期",
    "date_type": "不是日期",
}


class _Problem(Exception):
    def __init__(self, field: str, problem: str, problem_zh: str | None = None) -> None:
        super().__init__(problem)
        self.field = field
        self.problem = problem
        self.problem_zh = problem_zh or problem


def _fail(file: Path, field: str, problem: str, problem_zh: str | None = None) -> PolicyError:
    zh = problem_zh or problem
    where_zh = f"{file.name}：字段 {field}：" if field else f"{file.name}："
    where_en = f"{file.name}: field {field}: " if field else f"{file.name}: "
    return PolicyError(text(f"政策表单有误 {where_zh}{zh}", f"Bad policy form {where_en}{problem}"))


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        with file.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise _fail(file, "", "file is missing", "文件不存在") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(file, "", f"not valid TOML ({exc})", f"不是有效的TOML（{exc}）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(file, "", f"cannot be read ({exc})", f"无法读取（{exc}）") from None


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _build(file: Path, adapter: TypeAdapter[Model], data: Any) -> Model:
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        # Drop pydantic's internal union/function tags from the location.
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        problem = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        problem_zh = _PROBLEMS_ZH.get(error["type"], error["msg"])
        raise _fail(file, _location(loc), problem, problem_zh) from None


def load_policy(forms: Path) -> Policy:
    """Load and cross-check every form file; the first problem found is raised."""
    plan_file = forms / "plan.toml"
    plan_data = _read_toml(plan_file)
    order = plan_data.pop("pathway_order", None)
    if not isinstance(order, list) or not all(isinstance(i, str) for i in order):
        raise _fail(
            plan_file, "pathway_order", "a list of pathway ids is required", "须列出途径编号"
        )
    plan = _build(plan_file, TypeAdapter(Plan), plan_data)

    documents_file = forms / "documents.toml"
    documents = _build(
        documents_file, TypeAdapter(dict[str, DocumentType]), _read_toml(documents_file)
    )

    folder = forms / "pathways"
    files = {file.stem: file for file in sorted(folder.glob("*.toml"))}
    for pathway_id in order:
        if pathway_id not in files:
            raise _fail(
                plan_file,
                "pathway_order",
                f"no file pathways/{pathway_id}.toml",
                f"缺少文件 pathways/{pathway_id}.toml",
            )
    unlisted = sorted(set(files) - set(order))
    if unlisted:
        raise _fail(
            files[unlisted[0]],
            "",
            "not listed in plan.toml pathway_order",
            "未列入 plan.toml 的 pathway_order",
        )
    pathways = []
    for pathway_id in order:
        file = files[pathway_id]
        pathway = _build(file, TypeAdapter(Pathway), _read_toml(file))
        if pathway.id != pathway_id:
            raise _fail(file, "id", f"'{pathway.id}' differs from the file name", "与文件名不一致")
        pathways.append(pathway)
    policy = Policy(plan=plan, documents=documents, pathways=tuple(pathways))
    for pathway, file in zip(pathways, (files[i] for i in order), strict=True):
        try:
            _cross_check(pathway, policy)
        except _Problem as problem:
            raise _fail(file, problem.field, problem.problem, problem.problem_zh) from None
    for kind, targets in plan.own_pathways.items():
        for target in targets:
            if target not in files:
                raise _fail(
                    plan_file,
                    f"own_pathways.{kind}",
                    f"unknown pathway '{target}'",
                    f"未知途径“{target}”",
                )
    return policy


def _cross_check(pathway: Pathway, policy: Policy) -> None:
    for index, department in enumerate(pathway.departments):
        if department not in policy.plan.departments:
            raise _Problem(
                f"departments[{index}]",
                f"unknown department '{department}'",
                f"未知部门“{department}”",
            )
    if (
        pathway.kind != PathwayKind.ABOLISHED
        and pathway.effective_from < policy.plan.effective_from
    ):
        raise _Problem(
            "effective_from", "earlier than the plan's own effective date", "早于方案施行日期"
        )
    known = {p.id for p in policy.pathways}
    for index, other in enumerate(pathway.see_also):
        if other not in known:
            raise _Problem(f"see_also[{index}]", f"unknown pathway '{other}'", f"未知途径“{other}”")
    for index, criterion in enumerate(pathway.criteria):
        _check_condition(criterion, pathway, f"criteria[{index}]")
        for n, evidence in enumerate(criterion.evidence):
            _check_document(evidence.id, policy, f"criteria[{index}].evidence[{n}]")
            if evidence.when is not None:
                _check_condition(evidence.when, pathway, f"criteria[{index}].evidence[{n}].when")
    for index, requirement in enumerate(pathway.documents):
        _check_document(requirement.id, policy, f"documents[{index}].id")
        for n, alternative in enumerate(requirement.alternatives):
            _check_document(alternative, policy, f"documents[{index}].alternatives[{n}]")
        if requirement.when is not None:
            _check_condition(requirement.when, pathway, f"documents[{index}].when")
    for index, companion in enumerate(pathway.companions):
        if companion.condition is not None:
            _check_condition(companion.condition, pathway, f"companions[{index}].condition")


def _check_document(document_id: str, policy: Policy, field: str) -> None:
    if document_id not in policy.documents:
        raise _Problem(field, f"unknown document '{document_id}'", f"文件目录中没有“{document_id}”")


def _check_condition(condition: Condition, pathway: Pathway, field: str) -> None:
    for key, parts in (("any_of", condition.any_of), ("all_of", condition.all_of)):
        for index, part in enumerate(parts or ()):
            _check_condition(part, pathway, f"{field}.{key}[{index}]")
    if condition.rule is None:
        return
    spec = RULES.get(condition.rule)
    if spec is None:
        raise _Problem(
            f"{field}.rule", f"unknown rule '{condition.rule}'", f"未知规则“{condition.rule}”"
        )
    missing = set(spec.params) - spec.optional - set(condition.args)
    if missing:
        names = ", ".join(sorted(missing))
        raise _Problem(f"{field}.args", f"missing argument {names}", f"缺少参数 {names}")
    for name, value in condition.args.items():
        where = f"{field}.args.{name}"
        if name not in spec.params:
            raise _Problem(
                where, f"rule '{condition.rule}' takes no argument '{name}'", "规则没有此参数"
            )
        actual = _threshold_value(value, pathway, where)
        wanted = spec.params[name]
        if isinstance(actual, bool) and wanted is int:
            raise _Problem(where, "a number is required", "须为数字")
        if not isinstance(actual, wanted):
            raise _Problem(where, f"wrong type {type(actual).__name__}", "类型不符")
        allowed = spec.choices.get(name)
        chosen = actual if isinstance(actual, list) else [actual]
        bad = [v for v in chosen if allowed is not None and v not in allowed]
        if bad:
            raise _Problem(
                where,
                f"'{bad[0]}' is not one of {', '.join(sorted(allowed or ()))}",
                f"“{bad[0]}”不是允许的取值",
            )
        if name == "path":
            try:
                validate_path(str(actual))
            except PathError as exc:
                raise _Problem(where, f"not a fact: {exc}", f"不是事实字段：{exc}") from None


def _threshold_value(value: ArgValue, pathway: Pathway, where: str) -> ArgValue:
    if not (isinstance(value, str) and value.startswith("$")):
        return value
    threshold = pathway.thresholds.get(value[1:])
    if threshold is None:
        raise _Problem(
            where, f"no threshold '{value[1:]}' in this pathway", f"本途径没有参数“{value[1:]}”"
        )
    kinds = {type(dated.value) for dated in threshold.values}
    if len(kinds) != 1:
        raise _Problem(where, f"threshold '{value[1:]}' mixes value types", "参数取值类型不一致")
    return threshold.values[0].value


def load_calendar(forms: Path) -> WorkCalendar:
    """The working-day calendar; without the file no year is installed (nothing is counted)."""
    file = forms / "calendar.toml"
    if not file.exists():
        return WorkCalendar()
    return _build(file, TypeAdapter(WorkCalendar), _read_toml(file))


def load_calendar_year(file: Path) -> HolidayYear:
    """One year's arrangement as the centre enters it from the State Council's notice:
    `year`, `source`, `holidays`, `workdays` (the form of one `[[years]]` entry)."""
    return _build(file, TypeAdapter(HolidayYear), _read_toml(file))


class _Offices(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    offices: dict[
        Annotated[str, StringConstraints(pattern=r"^\d{6}$")],
        tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=4)], ...],
    ]


def load_registration_offices(forms: Path) -> dict[str, tuple[str, ...]]:
    """The city's household-registration offices by county code (registration_offices.toml),
    which the intake offers for the origin office; none without the file."""
    file = forms / "registration_offices.toml"
    if not file.exists():
        return {}
    return dict(_build(file, TypeAdapter(_Offices), _read_toml(file)).offices)
