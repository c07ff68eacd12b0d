"""Slips for a case: made for a preview, then issued and recorded before they are printed or
saved; today's approvals; checking a slip's QR code.

A preview is not a print: a paper not issued yet previews without a number or QR code. Only
`record` (or `print_to_file`) issues it — number, content, digest and the print's audit event
in one transaction — and hands back the paper to print. The kinds a case's state allows are
the domain's (`slips.content.ALLOWED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import Text
from hukou_desk.services.counter import Counter
from hukou_desk.slips import printing
from hukou_desk.slips.content import ALLOWED
from hukou_desk.slips.printing import Printed, Standing
from hukou_desk.slips.signing import Checked, Verdict
from hukou_desk.slips.wording import SlipKind, Wording, load_wording

__all__ = ["Batch", "Checked", "LeftOut", "Printed", "SlipKind", "Standing", "Verdict"]


@cache
def _wording(forms: Path) -> Wording:
    return load_wording(forms)


def wording(counter: Counter) -> Wording:
    """The slips' wording (forms/slips.toml), read once."""
    return _wording(counter.forms)


def kinds_for(status: CaseStatus) -> list[SlipKind]:
    return [kind for kind in SlipKind if status in ALLOWED[kind]]


def preview(counter: Counter, actor: Clerk, *, kind: SlipKind, number: str) -> Printed:
    """The slip's PDF, signed, ready to show (opening the case is audited; no print yet)."""
    return printing.make_slip(
        counter.database,
        kind=kind,
        number=number,
        actor=counter.account(actor),
        policy=counter.policy,
        wording=_wording(counter.forms),
        calendar=counter.calendar,
        today=counter.today(),
    )


def record(counter: Counter, actor: Clerk, printed: Printed, *, how: str) -> Printed:
    """The slip is about to go to a printer (`how="printer"`) or into a file (`"file"`): a
    draft is issued now (its number taken, its content stored, the print on record) and the
    issued paper is returned — print that one; an issued paper's print is recorded as 补打."""
    if not printed.draft:
        printing.record_print(counter.database, printed, actor=counter.account(actor), how=how)
        return printed
    return printing.issue(
        counter.database,
        kind=printed.slip.kind,
        number=printed.slip.number,
        actor=counter.account(actor),
        policy=counter.policy,
        wording=_wording(counter.forms),
        calendar=counter.calendar,
        today=counter.today(),
        how=how,
    )


def print_to_file(counter: Counter, actor: Clerk, *, kind: SlipKind, number: str) -> Printed:
    """The slip issued (or reprinted) and recorded as printed to a file (the command line's
    `print`)."""
    return printing.print_slip(
        counter.database,
        kind=kind,
        number=number,
        actor=counter.account(actor),
        policy=counter.policy,
        wording=_wording(counter.forms),
        calendar=counter.calendar,
        today=counter.today(),
        how="file",
    )


@dataclass(frozen=True)
class LeftOut:
    """A paper the day's batch could not print, and why, in words."""

    number: str
    reason: Text


@dataclass(frozen=True)
class Batch:
    """The day's batch: every paper it can print, and each one it cannot with the reason."""

    slips: list[Printed]
    left_out: list[LeftOut]


def todays_batch(counter: Counter, actor: Clerk, *, day: date | None = None) -> Batch:
    """The approval slip of every case approved on `day` (today), ready to print: drafts
    (or reprints), each issued by `record` just before it is printed. A case whose permit
    cannot be made (closed without one since, a blank essential) is left out with the reason
    — the others still print."""
    with counter.reading(actor) as (session, _me):
        numbers = printing.approved_on(session, day or counter.today())
    slips: list[Printed] = []
    left_out: list[LeftOut] = []
    for number in numbers:
        try:
            slips.append(preview(counter, actor, kind=SlipKind.APPROVAL, number=number))
        except HukouDeskError as refused:
            left_out.append(LeftOut(number, refused.message))
    return Batch(slips, left_out)


def todays_approvals(counter: Counter, actor: Clerk, *, day: date | None = None) -> list[Printed]:
    """The approval slips of `day` that can be printed (`todays_batch` says which cannot)."""
    return todays_batch(counter, actor, day=day).slips


def verify_slip(counter: Counter, actor: Clerk, *, payload: str) -> printing.Standing:
    """A slip's QR code against the stations this PC knows, and what the record says of the
    paper today (in force, lapsed, superseded; or nothing); the check is audited."""
    with counter.acting(actor) as (session, me):
        checked = printing.verify_payload(session, payload, actor=me.username)
        return printing.standing(
            session, checked, today=counter.today(), wording=_wording(counter.forms)
        )


def reissue(counter: Counter, actor: Clerk, *, kind: SlipKind, number: str, reasons: str) -> None:
    """A supervisor's decision that a paper be issued anew (a permit that lapsed, or was not
    printed within the 90 days): recorded with its reasons; the next print is a new issue."""
    from hukou_desk.storage import cases

    with counter.acting(actor) as (session, me):
        case = cases.open_case(session, actor=me, number=number).case
        printing.reissue(session, actor=me, case=case, kind=kind, reasons=reasons)


def warm_fonts() -> None:
    """Load reportlab and register the slip fonts (about 0.3 s), so that the first name typed
    at an intake is checked without a pause; run off the screen's thread once the desk is up."""
    from hukou_desk.slips.render import missing_glyphs

    missing_glyphs("王")


def unprintable(value: str) -> list[str]:
    """The characters of a name (or any text) that no slip font can print, each once — asked
    at the intake, so that the clerk hears of 𠮷 when typing it, not at the printer."""
    from hukou_desk.slips.render import missing_glyphs

    return missing_glyphs(value)
