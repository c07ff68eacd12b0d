"""Slips through the product: content, state rules, fonts, overflow, reprints, QR codes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from hukou_desk import keys
from hukou_desk.domain.errors import PolicyError
from hukou_desk.slips import signing
from hukou_desk.slips.content import SlipRefused
from hukou_desk.slips.printing import verify_payload
from hukou_desk.slips.render import missing_glyphs
from hukou_desk.slips.wording import SlipKind, load_wording
from hukou_desk.storage.models import AuditEvent
from tests.slips.conftest import POPPLER, make_case, pdf_text
from tests.slips.conftest import print_for as _print
from tests.storage.conftest import TODAY


@POPPLER
def test_the_approval_slip_names_everyone_moving_with_the_clause_and_embeds_its_fonts(
    db, staff, policy, calendar, wording, tmp_path
):
    number = make_case(db, staff, policy, calendar, relatives=2)
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number)
    path = tmp_path / "approval.pdf"
    path.write_bytes(printed.pdf)
    content = pdf_text(path)
    for expected in (
        "准予迁入证明",
        number,
        "陈小明",
        "陈一宝",
        "陈二宝",
        "二（三）",
        "2026年12月30日",
    ):
        assert expected in content, expected
    assert "恩平市公安局恩城派出所" in content  # the from-office
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # embedded
    assert all(row.split()[-4] == "yes" for row in rows), fonts  # as subsets
    assert any("NotoSerifCJK" in row for row in rows), fonts  # the body set in the serif face


@POPPLER
@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
@pytest.mark.slow
def test_the_qr_code_read_back_from_the_rendered_page_verifies(
    db, staff, policy, calendar, wording, tmp_path
):
    number = make_case(db, staff, policy, calendar)
    printed = _print(db, policy, calendar, wording, SlipKind.RECEIPT, number)
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(printed.pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert read == printed.payload
    with db.read() as session:
        checked = verify_payload(session, read)
    assert checked.verdict is signing.Verdict.VALID
    assert checked.claim is not None and checked.claim.number == number


@pytest.mark.slow
def test_a_changed_claim_an_unknown_station_and_a_stranger_code_are_told_apart(
    db, staff, policy, calendar, wording
):
    number = make_case(db, staff, policy, calendar)
    payload = _print(db, policy, calendar, wording, SlipKind.RECEIPT, number).payload
    parts = payload.split("|")
    with db.read() as session:
        later = "|".join([*parts[:5], "202612311200", *parts[6:]])
        assert verify_payload(session, later).verdict is signing.Verdict.TAMPERED
        other = "|".join([parts[0], "440703009", *parts[2:]])
        assert verify_payload(session, other).verdict is signing.Verdict.UNKNOWN_STATION
        for junk in (
            "hello",
            "HKD1|a|b|c|2026|d|e",
            "HKD1|x|y|R|2026xx01|d|!!",
            "HKD2|x|y|R|2026|202611201200|AAAA|AA",
            "HKD2|x|y|R|2026-00001|2026112012|AAAA|AA",
            "HKD2|x|y|R|2026-00001|202611201200|AAAA|AA",  # a digest too short
            "",
        ):
            assert verify_payload(session, junk).verdict is signing.Verdict.NOT_A_SLIP
        broken_signature = payload[:-4] + ("AAAA" if not payload.endswith("AAAA") else "BBBB")
        assert verify_payload(session, broken_signature).verdict is signing.Verdict.TAMPERED


@pytest.mark.parametrize(
    ("kind", "finish", "message"),
    [
        (SlipKind.APPROVAL, "refuse", "不能打印准予迁入证明"),
        (SlipKind.REFUSAL, "approve", "不能打印不予批准告知书"),
        (SlipKind.RECEIPT, "draft", "不能打印受理回执"),
        (SlipKind.MISSING_DOCUMENTS, "submit", "没有缺少或不符的材料"),
    ],
)
def test_a_slip_that_does_not_fit_the_case_is_refused_and_nothing_is_recorded(
    db, staff, policy, calendar, wording, kind, finish, message
):
    number = make_case(db, staff, policy, calendar, finish=finish, owned=finish != "refuse")
    with pytest.raises(SlipRefused) as refused:
        _print(db, policy, calendar, wording, kind, number)
    assert message in refused.value.describe("zh")
    assert refused.value.describe("en")
    with db.read() as session:
        prints = session.exec(
            select(AuditEvent).where(AuditEvent.action.startswith("print."))
        ).all()
    assert prints == []


@POPPLER
def test_the_refusal_lists_every_failed_criterion_with_its_clause_and_the_rights(
    db, staff, policy, calendar, wording, tmp_path
):
    number = make_case(db, staff, policy, calendar, finish="refuse", owned=False)
    path = tmp_path / "refusal.pdf"
    path.write_bytes(_print(db, policy, calendar, wording, SlipKind.REFUSAL, number).pdf)
    content = "".join(pdf_text(path).split())  # lines joined: a sentence may wrap
    assert "不予批准告知书" in content and "二（三）" in content
    assert "六十日内向江门市蓬江区人民政府申请行政复议" in content  # the review body named
    assert "六个月内依法向江门市蓬江区人民法院提起行政诉讼" in content  # and the court
    assert "申请人签收" in content  # the 60 days run from receipt
    assert "未按要求提供材料" in content  # the supervisor's own words
    # Each failed criterion is said as unmet, then the sentence naming the fact, with its unit.
    assert "现为" not in content, content[content.index("理由") : content.index("复议")]
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    cells = "".join(raw.split())  # in reading order: a wrapped cell reads on
    assert "不符合“在本市购买商品住房或自建房”：申请人的在本市拥有的合法产权住房" in cells
    assert "0套，不符合要求（要求：至少1套）" in cells
    assert "现为" not in content


@POPPLER
def test_the_missing_documents_notice_lists_exactly_what_is_missing_once(
    db, staff, policy, calendar, wording, tmp_path
):
    number = make_case(db, staff, policy, calendar, finish="draft", lacking="property_deed")
    path = tmp_path / "missing.pdf"
    path.write_bytes(_print(db, policy, calendar, wording, SlipKind.MISSING_DOCUMENTS, number).pdf)
    content = pdf_text(path)
    assert "补正材料通知书" in content
    deed = policy.documents["property_deed"].name.zh
    assert content.count(deed[:6]) == 1
    assert policy.documents["resident_id_card"].name.zh not in content  # not missing
    assert "2026年12月20日" in content  # 30 days to supply them


@POPPLER
@pytest.mark.slow
def test_a_reprint_is_marked_with_the_original_date_and_verifies_as_the_original(
    db, staff, policy, calendar, wording, tmp_path
):
    number = make_case(db, staff, policy, calendar)
    first = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number)
    later = TODAY.replace(day=27)
    again = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number, today=later)
    assert not first.reprint and again.reprint
    assert (
        again.slip.issued_on == TODAY and again.payload.split("|")[5] == first.payload.split("|")[5]
    )
    path = tmp_path / "again.pdf"
    path.write_bytes(again.pdf)
    content = pdf_text(path)
    assert "补打" in content and "原件出具日期：2026年11月20日" in content
    with db.read() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "print.approval").order_by(AuditEvent.seq)
        ).all()
    assert [e.detail["reprint"] for e in events] == [False, True]


@POPPLER
@pytest.mark.slow
def test_many_relatives_and_a_long_address_continue_on_a_second_page_nothing_clipped(
    db, staff, policy, calendar, wording, tmp_path
):
    address = "广东省江门市恩平市恩城街道" + "锦江大道东新城花园第十二栋二单元" * 5 + "1203房"
    number = make_case(db, staff, policy, calendar, relatives=30, address=address)
    path = tmp_path / "form.pdf"
    printed = _print(db, policy, calendar, wording, SlipKind.APPLICATION_FORM, number)
    path.write_bytes(printed.pdf)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    # The header (station, title, number) and the table's column heads repeat on every page.
    for page in pages:
        assert "户口迁移申请表" in page and number in page
    assert "与申请人关系" in pages[1]
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    whole = raw.replace(" ", "").replace("\n", "")
    assert "1203房" in whole and whole.count("锦江大道东新城花园第十二栋二单元") == 5
    for i in range(30):
        assert f"44078120150601{i:03d}" in whole


def test_rare_name_characters_print_and_a_character_no_font_has_is_refused_first(
    db, staff, policy, calendar, wording
):
    assert missing_glyphs("龚䶮 王堃 李昇 陈珺 张㛃 ABC-123") == []
    assert missing_glyphs("陈\ue000小") == ["\ue000"]  # a private-use character
    number = make_case(db, staff, policy, calendar, name="王\ue000明")
    with pytest.raises(SlipRefused) as refused:
        _print(db, policy, calendar, wording, SlipKind.APPROVAL, number)
    assert "U+E000" in refused.value.describe("en")
    with db.read() as session:
        assert not session.exec(
            select(AuditEvent).where(AuditEvent.action == "print.approval")
        ).all()


def test_the_station_key_is_made_once_owner_only_and_outside_the_case_file(db, tmp_path):
    first = keys.station_key(db.keys_dir)
    again = keys.station_key(db.keys_dir)
    assert keys.public_text(first) == keys.public_text(again)
    path = db.keys_dir / keys.STATION_KEY_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent != db.backups_dir


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('title = "受理回执"', 'title = "受理回执 {nope}"'), "unknown placeholder"),
        (('fields = ["证明编号", ', "fields = ["), "13 labels expected"),
        (('refusal = "X"', 'refusal = "R"'), "own code"),
        (('verified = "已核验"\n', ""), "lacks verified"),
        (("[receipt]", "[receipt"), "not valid TOML"),
    ],
)
def test_a_station_edited_wording_file_is_checked_strictly(tmp_path, change, problem):
    from hukou_desk.paths import forms_dir

    source = (forms_dir() / "slips.toml").read_text(encoding="utf-8")
    assert change[0] in source
    (tmp_path / "slips.toml").write_text(source.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(PolicyError) as refused:
        load_wording(tmp_path)
    assert problem in refused.value.describe("en")


def test_a_missing_wording_file_is_a_message(tmp_path):
    with pytest.raises(PolicyError, match=r"Cannot read slips\.toml"):
        load_wording(Path(tmp_path))


@POPPLER
@pytest.mark.slow
def test_the_sample_script_prints_one_of_each_kind_and_renders_it(tmp_path):
    from hukou_desk.slips.samples import make_samples

    made = make_samples(tmp_path)
    for kind in SlipKind:
        assert (tmp_path / f"{kind.value}.pdf").stat().st_size > 20_000
        assert (tmp_path / f"{kind.value}.png").stat().st_size > 20_000
    assert len(made) == 10
    assert "汉族" in pdf_text(tmp_path / "application-form.pdf")  # codes printed as names


def test_first_uses_at_once_make_one_station_key(db):
    from concurrent.futures import ThreadPoolExecutor

    from hukou_desk import keys

    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(lambda _n: keys.station_key(db.keys_dir), range(8)))
    assert len({keys.public_text(k) for k in made}) == 1
    assert [p.name for p in db.keys_dir.iterdir()] == [keys.STATION_KEY_FILE]


@POPPLER
@pytest.mark.slow
def test_a_training_files_slips_say_so_on_every_page(
    db, staff, policy, calendar, wording, tmp_path
):
    from hukou_desk.storage import registry

    number = make_case(db, staff, policy, calendar, relatives=30)  # two pages
    with db.write() as session:
        registry.put(session, registry.TRAINING, True)
    printed = _print(db, policy, calendar, wording, SlipKind.APPROVAL, number)
    path = tmp_path / "training.pdf"
    path.write_bytes(printed.pdf)
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed_pages = [p for p in raw.split("\f") if p.strip()]
    assert len(printed_pages) >= 2
    # Drawn across the page: extracted one character a line, in order.
    assert all("培训样本不作正式文书" in "".join(page.split()) for page in printed_pages)


@POPPLER
@pytest.mark.slow
def test_the_training_mark_survives_a_photocopy(db, staff, policy, calendar, wording, tmp_path):
    """A photocopier set to a 60 % threshold keeps only what is darker than 60 % grey (below
    40 % of white's luminance): the mark's outlines must be there after that threshold, over a
    wide stretch of the page, not only the text's."""
    from PIL import Image

    from hukou_desk.storage import registry

    def dark_pixels(training: bool) -> int:
        database_number = make_case(
            db, staff, policy, calendar, number17=f"4407811985030{4 + training}123"
        )
        with db.write() as session:
            registry.put(session, registry.TRAINING, training)
        printed = _print(db, policy, calendar, wording, SlipKind.APPLICATION_FORM, database_number)
        pdf = tmp_path / f"t{int(training)}.pdf"
        pdf.write_bytes(printed.pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "75",
                "-gray",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(tmp_path / f"t{int(training)}"),
            ],
            check=True,
        )
        with Image.open(tmp_path / f"t{int(training)}.png") as image:
            histogram = image.convert("L").histogram()
        return sum(histogram[: int(0.4 * 255)])

    plain, marked = dark_pixels(False), dark_pixels(True)
    assert marked - plain > 3000, (plain, marked)
