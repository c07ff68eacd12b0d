"""What each printed paper must carry (reference §4), as a rule: a case is not recommended
for approval nor approved, and no paper is issued, while one of its essentials is blank — the
desk names each and says where it is entered, instead of printing "—" on a permit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Text, text


@dataclass(frozen=True)
class Essential:
    """A fact a paper cannot go without, and where in the desk it is entered."""

    key: str
    name: Text
    where: Text


# Where the desk takes each: the intake's steps, or, once the case is submitted, the opened
# case's "更正人员信息…" (a person's details).
_APPLICANT = text(
    "受理登记第1步“申请人”，已提交的案件在案件的“更正人员信息…”",
    "the intake's step 1 (Applicant), or for a submitted case its Correct a person's details…",
)
_CASE = text("受理登记第3步“迁入途径”", "the intake's step 3 (Pathway)")

APPLICANT_NAME = Essential("applicant_name", text("申请人姓名", "applicant's name"), _APPLICANT)
ID_NUMBER = Essential("id_number", text("公民身份号码", "identity number"), _APPLICANT)
HUKOU_ADDRESS = Essential(
    "hukou_address", text("迁出地址（户籍地址）", "origin (hukou) address"), _APPLICANT
)
HUKOU_OFFICE = Essential(
    "hukou_office",
    text("迁出地户口登记机关", "origin registration office"),
    _APPLICANT,
)
DESTINATION_ADDRESS = Essential(
    "destination_address",
    text("迁入地详细地址", "detailed destination address"),
    text(
        "受理登记第2步“情况”的“迁入地详细地址”",
        "the intake's step 2 (Situation), Destination address",
    ),
)
MATTER = Essential("matter", text("申请事项（迁入途径）", "matter applied for (pathway)"), _CASE)
CLERK = Essential("clerk", text("承办（受理）民警", "officer who took the case"), _CASE)

# By paper kind (the value of slips.wording.SlipKind), after reference §4. The station's
# telephone is not among them: the desk takes it only at the first start, so a station set up
# without one could issue no receipt at all.
ESSENTIALS: dict[str, tuple[Essential, ...]] = {
    "receipt": (APPLICANT_NAME, MATTER, CLERK),
    "missing-documents": (APPLICANT_NAME, MATTER, CLERK),
    # The form the applicant signs: what it asks may still be written in by hand.
    "application-form": (APPLICANT_NAME, ID_NUMBER, MATTER),
    "approval": (
        APPLICANT_NAME,
        ID_NUMBER,
        HUKOU_ADDRESS,
        HUKOU_OFFICE,
        DESTINATION_ADDRESS,
        MATTER,
        CLERK,
    ),
    "refusal": (APPLICANT_NAME, ID_NUMBER, MATTER),
}
# What an approval needs on the record: the permit it leads to must be printable.
APPROVAL_NEEDS = ESSENTIALS["approval"]


class BlankEssential(HukouDeskError):
    """A paper (or the approval that leads to one) with an essential left blank."""

    def __init__(self, message: Text, blank: tuple[Essential, ...]) -> None:
        super().__init__(message)
        self.blank = blank


def blank_essentials(
    needed: tuple[Essential, ...], values: Mapping[str, str | None]
) -> tuple[Essential, ...]:
    """The essentials among `needed` whose value is missing or only blanks."""
    return tuple(e for e in needed if not (values.get(e.key) or "").strip())


def require(needed: tuple[Essential, ...], values: Mapping[str, str | None], doing: Text) -> None:
    """Refuse `doing` (BlankEssential) while an essential is blank: each named, with where
    it is entered."""
    blank = blank_essentials(needed, values)
    if not blank:
        return
    zh = "；".join(f"{e.name.zh}（在{e.where.zh}填写）" for e in blank)  # `where` quotes its steps
    en = "; ".join(f"{e.name.en} (enter it in {e.where.en})" for e in blank)
    raise BlankEssential(
        text(f"{doing.zh}：以下必填项目为空——{zh}。", f"{doing.en}: blank — {en}."),
        blank,
    )
