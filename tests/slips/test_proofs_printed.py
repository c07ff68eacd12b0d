"""Each relative's relationship proof, as the papers print it, fits the relationship: the wife's
is the marriage certificate, a son's and a daughter's the birth certificate — on the receipt
(what was taken) and on the notice asking for what is missing (with what would do instead)."""

from __future__ import annotations

from hukou_desk.slips.content import Table
from hukou_desk.slips.wording import SlipKind
from tests.slips.conftest import make_case
from tests.slips.conftest import print_for as _print

FAMILY = ["林小芳", "陈一宝", "陈二宝"]
WIFE, SON, DAUGHTER = "12", "20", "30"


def _rows(printed) -> list[tuple[str, ...]]:
    (table,) = [b for b in printed.slip.blocks if isinstance(b, Table) and "材料" in b.columns]
    return list(table.rows)


def _proofs(rows: list[tuple[str, ...]], column: int) -> dict[str, set[str]]:
    """Each relative's name → the names of the papers listed for them."""
    found: dict[str, set[str]] = {}
    for row in rows:
        for name in FAMILY:
            if name in row[column + 1]:
                found.setdefault(name, set()).add(row[column])
    return found


def test_the_receipt_lists_the_marriage_certificate_for_the_wife_and_birth_ones_for_children(
    db, staff, policy, calendar, wording
):
    number = make_case(
        db,
        staff,
        policy,
        calendar,
        relatives=3,
        relative_names=FAMILY,
        relationships=[WIFE, SON, DAUGHTER],
        finish="submit",
    )
    printed = _print(db, policy, calendar, wording, SlipKind.RECEIPT, number)
    proofs = _proofs(_rows(printed), 0)
    assert proofs == {"林小芳": {"结婚证"}, "陈一宝": {"出生医学证明"}, "陈二宝": {"出生医学证明"}}


def test_a_missing_proof_is_asked_for_by_what_fits_the_relationship(
    db, staff, policy, calendar, wording
):
    number = make_case(
        db,
        staff,
        policy,
        calendar,
        relatives=3,
        relative_names=FAMILY,
        relationships=[WIFE, SON, DAUGHTER],
        finish="draft",
        lacking="marriage_certificate",
    )
    printed = _print(db, policy, calendar, wording, SlipKind.MISSING_DOCUMENTS, number)
    rows = _rows(printed)
    asked = _proofs(rows, 1)
    assert set(asked) == {"林小芳"}  # only the wife's proof is missing
    (wife,) = asked["林小芳"]
    assert wife.startswith("结婚证") and "出生医学证明" not in wife, wife
