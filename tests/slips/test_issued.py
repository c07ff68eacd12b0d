"""Papers as issued: frozen at the first print, numbered, dated as the rules say."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from sqlmodel import select

from hukou_desk.domain.calendar import CalendarNotInstalled
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.slips.content import SlipRefused, cn_date
from hukou_desk.slips.printing import make_slip, reissue, verify_payload
from hukou_desk.slips.render import _ext_cmap
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage import cases
from hukou_desk.storage.models import Case, IssuedSlip, Person
from tests.slips.conftest import POPPLER, make_case, pdf_text
from tests.slips.conftest import print_for as _print
from tests.storage.conftest import TODAY

APPROVED = china_today()  # the decision is stamped with the real clock, on China's day


@POPPLER
@pytest.mark.slow
def test_a_reprint_reproduces_the_issued_paper_even_after_the_case_changed(
    db, staff, policy, calendar, wording, tmp_path
):
    number = make_case(db, staff, policy, calendar, relatives=2)
    first = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    assert first.slip.document_number == f"440703001准迁字〔{APPROVED.year}〕第00001号"
    # A relative's name corrected in the person register after the permit went out.
    with db.write() as session:
        person = session.exec(select(Person).where(Person.name == "陈一宝")).one()
        person.name = "陈壹宝"
        session.add(person)
    again = _print(
        db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED + timedelta(3)
    )
    assert again.reprint and again.slip.digest() == first.slip.digest()
    assert again.payload == first.payload
    path = tmp_path / "again.pdf"
    path.write_bytes(again.pdf)
    shown = "".join(pdf_text(path).split())
    assert "陈一宝" in shown and "陈壹宝" not in shown  # what was issued, not today's record
    assert "补打" in shown and first.slip.document_number in shown
    with db.read() as session:
        assert verify_payload(session, again.payload).verdict.value == "valid"
        (row,) = session.exec(select(IssuedSlip)).all()
    assert row.digest == first.slip.digest() and row.issued_on == APPROVED


@pytest.mark.slow
def test_documents_are_numbered_per_kind_and_year(db, staff, policy, calendar, wording):
    numbers = [make_case(db, staff, policy, calendar) for _ in range(2)]
    issued = [
        _print(db, policy, calendar, wording, SlipKind.APPROVAL, n, today=APPROVED) for n in numbers
    ]
    receipt = _print(db, policy, calendar, wording, SlipKind.RECEIPT, numbers[0], today=APPROVED)
    year = APPROVED.year
    assert [p.slip.document_number for p in issued] == [
        f"440703001准迁字〔{year}〕第00001号",
        f"440703001准迁字〔{year}〕第00002号",
    ]
    assert receipt.slip.document_number == f"440703001受字〔{year}〕第00001号"


@pytest.mark.slow
def test_the_receipt_is_dated_from_the_acceptance_not_the_print(
    db, staff, policy, calendar, wording
):
    number = make_case(db, staff, policy, calendar, finish="submit")
    with db.write() as session:
        here = cases.station(session)
        here.phone = "0750-3301110"
        session.add(here)
    later = APPROVED + timedelta(days=30)
    receipt = _print(db, policy, calendar, wording, SlipKind.RECEIPT, number, today=later)
    fields = dict(receipt.slip.fields)
    assert fields["受理日期"] == cn_date(APPROVED)  # the day it was submitted
    try:
        promised = cn_date(calendar.add(APPROVED, 20))
    except CalendarNotInstalled:  # the real clock stands within 20 working days of its end
        promised = "自受理之日起 20 个工作日内"  # a promise in working days, never a guessed day
    assert fields["承诺办结日期"] == promised
    assert fields["申请日期"] == cn_date(TODAY)
    assert fields["受理单位电话"] == "0750-3301110"


@pytest.mark.slow
def test_the_permit_runs_forty_days_within_the_ninety_from_approval(
    db, staff, policy, calendar, wording
):
    number = make_case(db, staff, policy, calendar)
    slip = _print(
        db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED + timedelta(60)
    ).slip
    fields = dict(slip.fields)
    # 60 days after the approval: 40 more would pass the 90 the applicant has; the paper says
    # the dates it runs between (30 days here), never "40 日".
    issued, until = cn_date(APPROVED + timedelta(60)), cn_date(APPROVED + timedelta(90))
    assert fields["有效期"] == f"自{issued}起至{until}止"
    assert fields["签发日期"] == issued
    printed = slip.printed_text()
    assert f"有效期自{issued}起至{until}止" in printed and "40 日" not in printed
    # 承办人 the clerk who took the case, 审批人 the supervisor who approved it.
    assert (fields["承办人"], fields["审批人"]) == ("clerk", "boss")


@pytest.mark.slow
def test_a_lapsed_approval_needs_a_supervisors_reissue(db, staff, policy, calendar, wording):
    number = make_case(db, staff, policy, calendar)
    late = APPROVED + timedelta(days=120)
    with pytest.raises(SlipRefused, match="90"):
        _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=late)
    with db.write() as session:
        case = session.exec(select(Case).where(Case.number == number)).one()
        with pytest.raises(SlipRefused):
            reissue(session, actor=staff["clerk"], case=case, kind=SlipKind.APPROVAL, reasons="x")
        reissue(
            session,
            actor=staff["boss"],
            case=case,
            kind=SlipKind.APPROVAL,
            reasons="申请人住院逾期，经核实准予重新签发。",
        )
    fields = dict(
        _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=late).slip.fields
    )
    assert fields["有效期"] == f"自{cn_date(late)}起至{cn_date(late + timedelta(40))}止"


def test_a_closed_case_gets_no_new_permit(db, staff, policy, calendar, wording):
    number = make_case(db, staff, policy, calendar)
    with db.write() as session:
        case = session.exec(select(Case).where(Case.number == number)).one()
        case.status = CaseStatus.CLOSED.value
        session.add(case)
    with pytest.raises(SlipRefused) as refused:
        make_slip(
            db,
            kind=SlipKind.APPROVAL,
            number=number,
            actor="clerk",
            policy=policy,
            wording=wording,
            calendar=calendar,
            today=APPROVED,
        )
    assert "已办结" in refused.value.describe("zh")


@POPPLER
def test_the_missing_documents_notice_names_what_would_do_instead_and_its_date(
    db, staff, policy, calendar, wording, tmp_path
):
    number = make_case(db, staff, policy, calendar, finish="draft", lacking="property_deed")
    printed = _print(db, policy, calendar, wording, SlipKind.MISSING_DOCUMENTS, number)
    assert dict(printed.slip.fields)["通知日期"] == cn_date(TODAY)
    path = tmp_path / "missing.pdf"
    path.write_bytes(printed.pdf)
    # In drawing order (a cell's lines together), whatever the column widths.
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    shown = "".join(raw.split())
    assert "（或" in shown and policy.documents["self_built_papers"].name.zh[:4] in shown


def test_verification_says_what_the_record_knows_of_the_paper_today(
    db, staff, policy, calendar, wording
):
    from hukou_desk.slips import signing
    from hukou_desk.slips.printing import standing

    number = make_case(db, staff, policy, calendar)
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)

    def check(on: date):
        with db.read() as session:
            checked = verify_payload(session, printed.payload)
            return standing(session, checked, today=on, wording=wording)

    now = check(APPROVED)
    assert now.verdict is signing.Verdict.VALID and now.status == "in_force"
    assert printed.slip.document_number in now.said.zh and number in now.said.zh
    assert "陈*明" in now.said.zh  # the name masked
    assert check(APPROVED + timedelta(60)).status == "lapsed"
    assert "过期" in check(APPROVED + timedelta(60)).said.zh
    with db.write() as session:
        case = session.exec(select(Case).where(Case.number == number)).one()
        reissue(session, actor=staff["boss"], case=case, kind=SlipKind.APPROVAL, reasons="遗失补发")
    assert check(APPROVED).status == "superseded" and "作废" in check(APPROVED).said.zh
    # A genuine slip this PC has no record of: only who signed it, and when.
    forged_record = printed.payload.replace(number, number[:-1] + "9")
    with db.read() as session:
        unknown = standing(
            session, verify_payload(session, forged_record), today=APPROVED, wording=wording
        )
    assert unknown.verdict is signing.Verdict.TAMPERED and not unknown.on_record


@pytest.mark.slow
def test_a_restore_on_a_new_pc_never_mints_a_key_behind_anyones_back(
    db, staff, policy, calendar, wording, tmp_path
):
    import shutil

    from hukou_desk import keys
    from hukou_desk.slips import signing
    from hukou_desk.storage.database import open_database

    number = make_case(db, staff, policy, calendar)
    old = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    second = make_case(db, staff, policy, calendar)
    db.close()
    # The backup restored on a new PC: the case file comes, the private key does not.
    moved = tmp_path / "new-pc" / "cases.db"
    moved.parent.mkdir()
    shutil.copyfile(db.path, moved)
    restored = open_database(moved)
    try:
        assert not (restored.keys_dir / keys.STATION_KEY_FILE).exists()
        with pytest.raises(keys.KeyRefused) as refused:
            _print(restored, policy, calendar, wording, SlipKind.APPROVAL, second, today=APPROVED)
        assert "new-station-key" in refused.value.describe("en")
        assert not (restored.keys_dir / keys.STATION_KEY_FILE).exists()
        # A reprint needs no key: it is the issued paper, with its stored signature.
        again = _print(restored, policy, calendar, wording, SlipKind.APPROVAL, number)
        assert again.reprint and again.payload == old.payload
        # The administrator decides: a new key; the old public key stays trusted.
        with restored.write() as session:
            admin = cases.user_named(session, "boss")
            keys.new_station_key(
                session, restored.keys_dir, station_code="440703001", actor=admin.username
            )
        new = _print(restored, policy, calendar, wording, SlipKind.APPROVAL, second, today=APPROVED)
        with restored.read() as session:
            assert verify_payload(session, old.payload).verdict is signing.Verdict.VALID
            assert verify_payload(session, new.payload).verdict is signing.Verdict.VALID
            history = keys.retired_keys(session)["440703001"]
        assert len(history) == 1 and history[0][1] == china_today()
    finally:
        restored.close()


@POPPLER
@pytest.mark.slow
def test_no_paper_prints_an_internal_identifier_or_a_raw_code(
    db, staff, policy, calendar, wording, tmp_path
):
    """Every kind, on cases approved, refused and incomplete: the PDFs' text, scanned."""
    from tests.domain.test_values import RAW

    approved = make_case(db, staff, policy, calendar, relatives=2)
    refused = make_case(db, staff, policy, calendar, finish="refuse", owned=False)
    lacking = make_case(db, staff, policy, calendar, finish="draft", lacking="property_deed")
    shown = []
    for kind, number in (
        (SlipKind.RECEIPT, approved),
        (SlipKind.APPLICATION_FORM, approved),
        (SlipKind.APPROVAL, approved),
        (SlipKind.REFUSAL, refused),
        (SlipKind.MISSING_DOCUMENTS, lacking),
    ):
        path = tmp_path / f"{kind.value}.pdf"
        path.write_bytes(_print(db, policy, calendar, wording, kind, number, today=APPROVED).pdf)
        shown.append(pdf_text(path))
    leaks = sorted({m.group(0) for text in shown for m in RAW.finditer(text)})
    # Station and case numbers start with the county code on purpose; nothing else may.
    leaks = [leak for leak in leaks if leak != "440703"]
    assert not leaks, leaks


@POPPLER
@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
@pytest.mark.parametrize(
    ("dpi", "blur", "tilt"),
    [(100, 0.0, 0.0), (100, 0.5, 0.0), (100, 0.0, 3.0), (150, 0.5, -2.0), (150, 0.8, 3.0)],
)
@pytest.mark.slow
def test_the_code_reads_from_a_poor_counter_print(
    db, staff, policy, calendar, wording, tmp_path, dpi, blur, tilt
):
    """A worn counter printer and a quick scan: 100 dpi with a little blur (0.5 px) or a slight
    tilt (3°); both at once, and a heavier blur, at 150 dpi, the resolution the checker asks
    for. (At 100 dpi, blur and tilt together failed on about one code in ten: the payload,
    signed anew each time, is a different pattern each run.)"""
    import subprocess

    from PIL import Image, ImageFilter

    number = make_case(db, staff, policy, calendar, relatives=2)
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    pdf = tmp_path / "approval.pdf"
    pdf.write_bytes(printed.pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    page = Image.open(png).convert("L")
    worn = page.filter(ImageFilter.GaussianBlur(blur)) if blur else page
    worn = worn.rotate(tilt, expand=True, fillcolor=255) if tilt else worn
    scanned = tmp_path / "scanned.png"
    worn.save(scanned)
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(scanned)], capture_output=True, text=True
    ).stdout.strip()
    assert read == printed.payload


EXT_FONT = _ext_cmap()  # a CJK extension face on this PC (fonts-hanazono, .ci/run)


@POPPLER
@pytest.mark.skipif(not EXT_FONT, reason="no CJK extension face (fonts-hanazono, .ci/run)")
def test_names_beyond_the_basic_block_print(db, staff, policy, calendar, wording, tmp_path):
    """𠮷 (Ext B) and a GB 18030-2022 sample from each extension block print, in a face
    embedded as a subset; the shipped face still draws the common characters (and 𠮷, which
    the Song cut has), the extension face what it lacks (𠀂)."""
    import subprocess

    from hukou_desk.slips.render import missing_glyphs

    sample = "𠮷䶮㛃堃\U0002a700\U0002b740\U0002b820\U0002ceb0\U0002ebe0"  # A, B, C, D, E, F
    assert missing_glyphs(sample) == []
    number = make_case(db, staff, policy, calendar, name="𠮷野𠀂")
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    path = tmp_path / "approval.pdf"
    path.write_bytes(printed.pdf)
    # Drawn from the extension face, and the text layer maps it back (a search finds 𠮷,
    # not the ₻ reportlab's own ToUnicode map gave).
    layer = "".join(pdf_text(path).split())
    assert "𠮷野𠀂" in layer and "₻" not in layer
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert any("HanaMinB" in row or "SimSun-ExtB" in row for row in rows), fonts
    assert all(row.split()[-4] == "yes" for row in rows), fonts  # every face a subset


@pytest.mark.slow
def test_a_revoked_stations_later_papers_verify_as_revoked(db, staff, policy, calendar, wording):
    """Revocation takes effect from its day: papers signed before it still verify."""
    from datetime import UTC, datetime

    from hukou_desk import keys
    from hukou_desk.slips import signing
    from hukou_desk.slips.printing import standing

    before = make_case(db, staff, policy, calendar)
    old = _print(db, policy, calendar, wording, SlipKind.APPROVAL, before, today=APPROVED)
    later = make_case(db, staff, policy, calendar)
    new = _print(
        db, policy, calendar, wording, SlipKind.APPROVAL, later, today=APPROVED + timedelta(2)
    )
    with db.write() as session:
        keys.revoke_station(
            session,
            actor="centre",
            station="440703001",
            reason="PC stolen",
            at=datetime.combine(APPROVED + timedelta(1), datetime.min.time(), UTC),
        )
    with db.read() as session:
        assert verify_payload(session, old.payload).verdict is signing.Verdict.VALID
        revoked = verify_payload(session, new.payload)
        assert revoked.verdict is signing.Verdict.REVOKED
        said = standing(session, revoked, today=APPROVED, wording=wording).said.en
    assert "revoked" in said


def test_a_print_recorded_on_a_full_disk_leaves_no_half_issue(
    db, staff, policy, calendar, wording, monkeypatch
):
    """The disk fills as the paper is issued: the clerk is told, nothing of the issue is
    kept (no number used), and the next print is the first issue still."""
    import sqlite3

    import sqlalchemy as sa

    from hukou_desk.slips import printing
    from hukou_desk.storage.errors import DiskFull

    number = make_case(db, staff, policy, calendar)

    def full(*_args, **_kwargs):
        raise sa.exc.OperationalError("INSERT", {}, sqlite3.OperationalError("disk is full"))

    monkeypatch.setattr(printing.audit, "record", full)
    with pytest.raises(DiskFull) as refused:
        _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    assert "disk is full" in refused.value.describe("en")
    monkeypatch.undo()
    with db.read() as session:
        assert session.exec(select(IssuedSlip)).all() == []
    again = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=APPROVED)
    assert not again.reprint and again.slip.document_number.endswith("第00001号")
