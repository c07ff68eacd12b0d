"""The slips' wording, read strictly from `forms/slips.toml` (a station may edit it)."""

from __future__ import annotations

import string
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from hukou_desk.domain.errors import PolicyError
from hukou_desk.domain.text import text


class SlipKind(StrEnum):
    RECEIPT = "receipt"
    MISSING_DOCUMENTS = "missing-documents"
    APPLICATION_FORM = "application-form"
    APPROVAL = "approval"
    REFUSAL = "refusal"

    @property
    def key(self) -> str:
        return self.value.replace("-", "_")


_Strict = ConfigDict(extra="forbid", frozen=True)

# How many labels each kind's `fields` list must have (the builder fills them in this order).
FIELD_COUNTS = {
    SlipKind.RECEIPT: 9,
    SlipKind.MISSING_DOCUMENTS: 7,
    SlipKind.APPLICATION_FORM: 12,
    SlipKind.APPROVAL: 13,
    SlipKind.REFUSAL: 6,
}
# The placeholders each sentence may use.
PLACEHOLDERS = {
    "reprint_note": {"original_date"},
    "page_label": {"page", "pages"},
    "legal_basis": {"plan_title", "clause"},
    "time_limit": {"limit"},
    "complaint": {"complaint_phone"},
    "intro": {"matter"},
    "deadline": {"deadline"},
    "remarks": {"valid_from", "valid_until"},
    "departure": {"finding", "reasons"},
    "rights": {"review_body", "court"},
    "opinion": {"reasons"},
    "document_number": {"station", "abbreviation", "year", "seq"},
}
# A document number names its station and its running number: two stations never issue the
# same number (the running number is per station, kind and year).
REQUIRED_PLACEHOLDERS = {"document_number": {"station", "seq"}}


class Common(BaseModel):
    model_config = _Strict
    issuer_suffix: str
    document_number: str  # 文号, e.g. 440703001准迁字〔2026〕第00012号
    # What a preview shows where the number will be: a number is given when the paper is issued.
    number_pending: str = "（编号于出具时生成）"
    phone_label: str
    reprint_mark: str
    training_mark: str
    reprint_note: str
    page_label: str
    continued: str
    seal: str
    date_line: str
    verify_note: str
    not_given: str
    forms: dict[str, str]
    states: dict[str, str]
    parties: dict[str, str]

    @model_validator(mode="after")
    def _tables(self) -> Common:
        wanted = {
            "forms": {"original_inspected", "original_inspected_copy_kept", "original_kept"},
            "states": {"pending", "presented", "verified", "missing", "mismatch", "not_applicable"},
            "parties": {"applicant", "sponsor", "relatives"},
        }
        for name, keys in wanted.items():
            missing = keys - set(getattr(self, name))
            if missing:
                raise ValueError(f"[common.{name}] lacks {', '.join(sorted(missing))}")
        return self


class Receipt(BaseModel):
    model_config = _Strict
    title: str
    parts: tuple[str, ...] = ()  # the 联, each printed and labelled; none: a single copy
    abbreviation: str  # of the document number
    fields: tuple[str, ...]
    documents_title: str
    documents_columns: tuple[str, str, str, str]
    legal_basis: str
    time_limit: str
    complaint: str
    copies: str
    signatures: tuple[str, ...]


class MissingDocuments(BaseModel):
    model_config = _Strict
    title: str
    parts: tuple[str, ...] = ()  # the 联, each printed and labelled; none: a single copy
    abbreviation: str  # of the document number
    fields: tuple[str, ...]
    intro: str
    documents_columns: tuple[str, str, str, str, str]
    deadline: str
    supply_within_days: int
    signatures: tuple[str, ...]


class ApplicationForm(BaseModel):
    model_config = _Strict
    title: str
    parts: tuple[str, ...] = ()  # the 联, each printed and labelled; none: a single copy
    abbreviation: str  # of the document number
    fields: tuple[str, ...]
    sponsor_title: str
    sponsor_fields: tuple[str, str, str]
    householder_title: str
    householder_fields: tuple[str, str, str]
    relatives_title: str
    people_columns: tuple[str, str, str, str, str, str]
    declaration: str
    signatures: tuple[str, ...]


class Approval(BaseModel):
    model_config = _Strict
    title: str
    parts: tuple[str, ...] = ()  # the 联, each printed and labelled; none: a single copy
    abbreviation: str  # of the document number
    fields: tuple[str, ...]
    people_title: str
    people_columns: tuple[str, str, str, str, str]
    remarks: str
    departure: str  # the supervisor's reason, when approving against the plan's finding
    copies: str
    signatures: tuple[str, ...]


class Refusal(BaseModel):
    model_config = _Strict
    title: str
    parts: tuple[str, ...] = ()  # the 联, each printed and labelled; none: a single copy
    abbreviation: str  # of the document number
    fields: tuple[str, ...]
    decision: str
    reasons_columns: tuple[str, str, str]
    # The supervisor's own words beyond the criteria marked (the table carries only those,
    # each with its clause, so that no row is without one).
    opinion: str = "审批意见：{reasons}"
    copies: str
    rights: str
    signatures: tuple[str, ...]


class Kinds(BaseModel):
    model_config = _Strict
    receipt: str
    missing_documents: str
    application_form: str
    approval: str
    refusal: str


class Wording(BaseModel):
    model_config = _Strict
    common: Common
    receipt: Receipt
    missing_documents: MissingDocuments
    application_form: ApplicationForm
    approval: Approval
    refusal: Refusal
    kinds: Kinds

    @model_validator(mode="after")
    def _check(self) -> Wording:
        for kind, count in FIELD_COUNTS.items():
            labels = getattr(self, kind.key).fields
            if len(labels) != count:
                raise ValueError(
                    f"[{kind.key}] fields: {count} labels expected, {len(labels)} given"
                )
        codes = list(self.kinds.model_dump().values())
        if len(set(codes)) != len(codes):
            raise ValueError("[kinds]: every kind needs its own code")
        for section in (self.common, *(getattr(self, k.key) for k in SlipKind)):
            for name, value in section.model_dump().items():
                if not isinstance(value, str):
                    continue
                used = {f for _t, f, _s, _c in string.Formatter().parse(value) if f}
                allowed = PLACEHOLDERS.get(name, set())
                if used - allowed:
                    unknown = ", ".join(sorted(used - allowed))
                    raise ValueError(f"{name}: unknown placeholder {{{unknown}}}")
                lacking = REQUIRED_PLACEHOLDERS.get(name, set()) - used
                if lacking:
                    raise ValueError(f"{name}: lacks {{{'}, {'.join(sorted(lacking))}}}")
        return self

    def code(self, kind: SlipKind) -> str:
        code: str = getattr(self.kinds, kind.key)
        return code

    def kind_of(self, code: str) -> SlipKind | None:
        return next((k for k in SlipKind if self.code(k) == code), None)

    def section(self, kind: SlipKind) -> Any:
        return getattr(self, kind.key)


def load_wording(forms: Path) -> Wording:
    path = forms / "slips.toml"
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        return Wording.model_validate(raw)
    except OSError as exc:
        raise PolicyError(
            text(
                f"无法读取 {path.name}：{exc.strerror}", f"Cannot read {path.name}: {exc.strerror}"
            )
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(
            text(f"{path.name} 格式错误：{exc}", f"{path.name} is not valid TOML: {exc}")
        ) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "-"
        raise PolicyError(
            text(
                f"{path.name} 中 {where} 有误：{error['msg']}",
                f"{path.name}, {where}: {error['msg']}",
            )
        ) from None
