"""A paper's code checked anywhere: what the paper is first, then its state in words."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from hukou_desk import keys
from hukou_desk.cli.slips import VERIFY_EXITS
from hukou_desk.domain import clock
from hukou_desk.domain.clock import CHINA, china_today
from hukou_desk.slips import signing
from hukou_desk.slips.content import cn_date
from hukou_desk.slips.printing import reissue, standing, verify_payload
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage.models import Case
from tests.slips.conftest import POPPLER, make_case
from tests.slips.conftest import print_for as _print

TODAY = china_today()


def _check(db, payload, wording, today=TODAY):
    with db.read() as session:
        return standing(session, verify_payload(session, payload), today=today, wording=wording)


def _at(monkeypatch, hour: int, minute: int = 0) -> datetime:
    moment = datetime.combine(TODAY, datetime.min.time(), CHINA).replace(hour=hour, minute=minute)
    monkeypatch.setattr(clock, "now_source", lambda: moment.astimezone(UTC))
    return moment


@pytest.mark.slow
def test_the_code_names_the_kind_its_number_the_case_and_the_issue_then_the_state(
    db, staff, policy, calendar, wording
):
    receipt_case = make_case(db, staff, policy, calendar)
    receipt = _print(db, policy, calendar, wording, SlipKind.RECEIPT, receipt_case, today=TODAY)
    permit = _print(db, policy, calendar, wording, SlipKind.APPROVAL, receipt_case, today=TODAY)
    for printed, title in ((receipt, "受理回执"), (permit, "准予迁入证明")):
        claim = signing.parse(printed.payload)
        assert claim is not None and claim[0].version == "HKD2"
        checked = _check(db, printed.payload, wording)
        # First what the paper is: kind, the 文号 as the paper prints it, case, issue day.
        assert checked.said.zh.startswith(f"{title}（{printed.slip.document_number}）")
        assert receipt_case in checked.what.zh and cn_date(TODAY) in checked.what.zh
        assert checked.valid and checked.state.zh.startswith("有效")
    # A receipt's code does not read like a permit's.
    assert (
        _check(db, receipt.payload, wording).what.zh != _check(db, permit.payload, wording).what.zh
    )
    lapsed = _check(db, permit.payload, wording, today=permit.valid_until + timedelta(days=1))
    assert lapsed.status == "lapsed" and not lapsed.valid
    assert f"已于 {cn_date(permit.valid_until + timedelta(days=1))} 失效" in lapsed.said.zh
    # Voided by a reissue, naming the paper that replaced it and its day.
    with db.write() as session:
        case = session.exec(select(Case).where(Case.number == receipt_case)).one()
        reissue(session, actor=staff["boss"], case=case, kind=SlipKind.APPROVAL, reasons="遗失")
    again = _print(db, policy, calendar, wording, SlipKind.APPROVAL, receipt_case, today=TODAY)
    voided = _check(db, permit.payload, wording)
    assert voided.status == "superseded"
    assert f"已由 {cn_date(TODAY)} 重新签发的 {again.slip.document_number} 取代" in voided.said.zh
    statuses = {"in_force", "on_record", "lapsed", "superseded", "revoked", "revoked_same_day"}
    statuses |= {"tampered", "unknown_station", "not_a_slip", "not_on_record"}
    assert set(VERIFY_EXITS) == statuses
    # Each state that is not valid has its own exit code; the valid ones exit 0.
    bad = [VERIFY_EXITS[s] for s in statuses if s not in ("in_force", "on_record", "not_on_record")]
    assert len(set(bad)) == len(bad) and 0 not in bad and 2 not in bad


@pytest.mark.slow
def test_a_first_version_code_still_verifies_and_says_what_it_can(
    db, staff, policy, calendar, wording
):
    number = make_case(db, staff, policy, calendar)
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=TODAY)
    with db.write() as session:
        key = keys.own_key(session, db.keys_dir, "440703001", db.key)
    old = signing.sign(
        signing.Claim("440703001", number, "A", TODAY, printed.slip.digest(), "HKD1"), key
    )
    assert old.startswith("HKD1|440703001|")
    checked = _check(db, old, wording)
    assert checked.verdict is signing.Verdict.VALID and checked.status == "in_force"
    # The old code names no 文号: the record of this PC gives it.
    assert printed.slip.document_number in checked.what.zh


@pytest.mark.slow
def test_a_revocation_the_same_day_tells_the_papers_before_it_from_those_after(
    db, staff, policy, calendar, wording, monkeypatch
):
    early_case = make_case(db, staff, policy, calendar)
    late_case = make_case(db, staff, policy, calendar, number17="44078119850303124")
    _at(monkeypatch, 9, 30)
    early = _print(db, policy, calendar, wording, SlipKind.RECEIPT, early_case, today=TODAY)
    revoked_at = _at(monkeypatch, 11)
    with db.write() as session:
        keys.revoke_station(session, actor="centre", station="440703001", at=revoked_at)
    _at(monkeypatch, 15, 5)
    late = _print(db, policy, calendar, wording, SlipKind.RECEIPT, late_case, today=TODAY)
    before = _check(db, early.payload, wording)
    assert before.verdict is signing.Verdict.VALID and before.valid  # issued at 09:30
    after = _check(db, late.payload, wording)
    assert after.verdict is signing.Verdict.REVOKED and after.status == "revoked"
    assert f"自 {cn_date(TODAY)} 11:00 起被撤销" in after.said.zh
    # A first-version code names only the day: on the day itself it cannot tell.
    with db.write() as session:
        key = keys.own_key(session, db.keys_dir, "440703001", db.key)
    old = signing.sign(
        signing.Claim("440703001", early_case, "R", TODAY, early.slip.digest(), "HKD1"), key
    )
    same_day = _check(db, old, wording)
    assert same_day.status == "revoked_same_day" and "不能确认" in same_day.said.zh


@POPPLER
@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
@pytest.mark.slow
def test_a_later_pages_code_reads_at_150_dpi(db, staff, policy, calendar, wording, tmp_path):
    number = make_case(db, staff, policy, calendar, relatives=30)  # the permit runs on
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=TODAY)
    pdf = tmp_path / "permit.pdf"
    pdf.write_bytes(printed.pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "2", "-l", "2", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True
    ).stdout.strip()
    assert read == printed.payload
