"""Slips from the desk: the receipt after an intake, preview, printer or file, today's batch,
the approved-not-printed queue, and checking a QR code."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton
from sqlmodel import select

from hukou_desk.domain.clock import china_today
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage.models import AuditEvent
from hukou_desk.ui import operations
from hukou_desk.ui.case_list import Queue
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.slips import PrintChooser, SlipPreview, VerifySlip
from tests.slips.conftest import POPPLER
from tests.ui.conftest import answer_act, errors, open_desk, type_intake, user
from tests.ui.test_counter_flow import _intakes

# Into a PDF file, Qt's print path draws each page at the printer's resolution: these tests are
# about what is issued and recorded, so at 150 dpi (HighResolution's 1,200 dpi costs 64 times the
# pixels: 100 s for two batches of two permits); tests/ui/test_print_path.py checks the page 1:1.
DPI = 150


def _prints(database, action):
    with database.read() as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.mark.slow
def test_after_an_intake_the_receipt_is_shown_and_saved_or_printed_and_recorded(
    qtbot, policy, staffed, tmp_path
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, window, _intakes()[0]).case_number
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(SlipPreview)))
    (preview,) = [w for w in window.findChildren(SlipPreview) if w.isVisible()]
    assert preview.printed.slip.kind is SlipKind.RECEIPT and preview.printed.slip.number == number
    assert preview.document.pageCount() == 2  # one page each: 存根联 and 申请人联
    assert _prints(staffed, "print.receipt") == []  # a preview is not a print
    # No printer on this PC: said at once, nothing recorded — by the button a clerk presses.
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert "没有可用的打印机" in errors(window)[-1] and _prints(staffed, "print.receipt") == []
    assert window.context.messages.history[-1][0] == "error"  # not an "unexpected" apology
    assert "编号于打印或保存时生成" in preview.note.text()  # the draft, before its number
    saved = preview.save_as(tmp_path / "receipt.pdf")
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")
    # The issued paper (numbered, with its QR code) is on screen now, and the line under it
    # says so: no longer "the number is given when it is saved", and its own page count.
    assert not preview.printed.draft
    assert preview.note.text() == f"共 {preview.document.pageCount()} 页。"
    assert "没有加密" in window.context.messages.history[-1][1]  # a saved PDF is plain: said
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(DPI)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_slip(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    assert [e.detail["how"] for e in _prints(staffed, "print.receipt")] == ["file", "printer"]


@pytest.mark.slow
def test_approved_slips_leave_the_not_printed_queue_once_printed_and_verify(
    qtbot, policy, staffed, tmp_path
):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    numbers = [type_intake(qtbot, clerk, intake).case_number for intake in _intakes()[:2]]
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    for number in numbers:
        review = boss.open_case(number)
        assert isinstance(review, CaseReview)
        qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
        answer_act(qtbot)
    boss.cases.set_queue(Queue.APPROVED_NOT_PRINTED)
    assert {r.number for r in boss.cases.model.rows} == set(numbers)
    chooser = PrintChooser(boss.context, numbers[0], boss)
    kinds = [chooser.kinds.itemData(i) for i in range(chooser.kinds.count())]
    assert kinds == ["receipt", "application-form", "approval"]  # no refusal for an approval
    assert chooser.kinds.currentData() == "approval"  # the decision's paper, offered first
    with qtbot.waitSignal(boss.printing.preview_slip(numbers[0], SlipKind.APPROVAL).finished):
        pass
    (preview,) = [w for w in boss.findChildren(SlipPreview) if w.isVisible()]
    assert preview.save_as(tmp_path / "a.pdf") is not None
    assert [r.number for r in boss.cases.model.rows] == [numbers[1]]
    # Today's approvals in one go; without a printer, into a folder.
    folder = tmp_path / "today"
    folder.mkdir()
    with qtbot.waitSignal(boss.printing.print_today(folder=folder).finished, timeout=20_000):
        pass
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}-approval.pdf" for n in numbers)
    assert boss.cases.model.rows == []
    reprints = [e.detail["reprint"] for e in _prints(staffed, "print.approval")]
    assert sorted(reprints) == [False, False, True]
    # Another PC scans the slip: the station's key is known here, so the code verifies.
    check = boss.printing.verify_slip()
    assert isinstance(check, VerifySlip)
    check.payload.setText(preview.printed.payload)
    assert check.check().value == "valid" and numbers[0] in check.verdict.text()
    check.payload.setText(preview.printed.payload.replace("|A|", "|X|"))
    assert check.check().value == "tampered"


@POPPLER
@pytest.mark.slow
def test_the_application_form_prints_the_ethnicity_and_origin_office_the_clerk_entered(
    qtbot, policy, staffed, tmp_path
):
    from dataclasses import replace

    from hukou_desk.services import printing
    from tests.slips.conftest import pdf_text

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    address = "江门市蓬江区白沙大道西1号301室（白沙居委会）"
    first = _intakes()[0]
    intake = replace(
        first,
        ethnicity="08",
        office="台山市公安局台城派出所",
        situation={**first.situation, "destination.address": address},
    )
    number = type_intake(qtbot, window, intake).case_number
    printed = printing.print_to_file(
        window.context.counter, window.context.user, kind=SlipKind.APPLICATION_FORM, number=number
    )
    path = tmp_path / "form.pdf"
    path.write_bytes(printed.pdf)
    content = pdf_text(path)
    assert "壮族" in content and "汉族" not in content
    assert "台山市公安局台城派出所" in content
    # Approved, the permit names the address the clerk entered, not a district.
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(number)
    qtbot.mouseClick(review.approve, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    answer_act(qtbot)
    permit = printing.print_to_file(
        boss.context.counter, boss.context.user, kind=SlipKind.APPROVAL, number=number
    )
    path.write_bytes(permit.pdf)
    assert "白沙大道西1号301室" in "".join(pdf_text(path).split())


@pytest.mark.slow
def test_a_supervisor_issues_a_permit_anew_from_the_review(qtbot, policy, staffed, tmp_path):
    from datetime import timedelta

    from hukou_desk.services import printing

    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[0]).case_number
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(number)
    assert isinstance(review, CaseReview)
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    answer_act(qtbot)
    review = boss.open_case(number)
    assert review.reissue_button.isVisibleTo(review)
    counter, supervisor = boss.context.counter, boss.context.user
    draft = printing.preview(counter, supervisor, kind=SlipKind.APPROVAL, number=number)
    first = printing.record(counter, supervisor, draft, how="file")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    def answer() -> None:  # the reasons, typed into the dialog the button opens
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.setTextValue("申请人遗失证明，经核实补发。")
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(review.reissue_button, Qt.MouseButton.LeftButton)
    asked = answer_act(qtbot)
    assert number in asked and "作废" in asked  # the permit before becomes void: said
    assert errors(boss) == []
    assert (
        "new issue" in boss.context.messages.history[-1][1]
        or "重新签发" in (boss.context.messages.history[-1][1])
    )
    again = printing.preview(counter, supervisor, kind=SlipKind.APPROVAL, number=number)
    assert again.draft and not again.reprint  # a new issue: its number comes when printed
    again = printing.record(counter, supervisor, again, how="file")
    assert again.slip.document_number.endswith("第00002号")
    assert again.slip.document_number != first.slip.document_number
    assert china_today() + timedelta(days=40) >= again.slip.issued_on


@pytest.mark.slow
def test_no_screen_shows_an_internal_identifier_or_a_raw_code(qtbot, policy, staffed):
    """The wizard's outcome, the people step's verdicts, the pathway list and the review: their
    text, scanned as the slips' is (words, not codes)."""
    from tests.domain.test_values import RAW

    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = type_intake(qtbot, clerk, _intakes()[4], submit=False)  # a rental: refusal
    shown = [
        wizard.outcome.view.toPlainText(),
        wizard.people.verdicts.toPlainText(),
        wizard.pathway.tree.explanation.toPlainText(),
    ]
    number = wizard.case_number
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        wizard.outcome.submit.click()
        answer_act(qtbot)
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(number)
    assert isinstance(review, CaseReview)
    shown += [review.view.toPlainText(), review.reasons.toPlainText()]
    shown += [box.text() for box in review.ground_boxes.values()]
    leaks = sorted({m.group(0) for text in shown for m in RAW.finditer(text)})
    leaks = [leak for leak in leaks if leak != "440703"]  # the station's own code, on purpose
    assert not leaks, leaks
    assert all(text.strip() for text in shown[:2])


@pytest.mark.slow
def test_fifty_permit_previews_in_a_row_on_a_large_station(qtbot, policy, staffed):
    """A supervisor on a station of 10,000 cases opens the permit's preview and closes it 50
    times, by the buttons, with the collector pressed after each: the desk stays up, each preview
    goes with its document, and no collection ever ran on a worker thread."""
    import gc
    import threading
    from datetime import date

    import shiboken6

    from hukou_desk import demo
    from hukou_desk.domain.loader import load_calendar
    from hukou_desk.paths import forms_dir
    from hukou_desk.storage.models import Case

    demo.generate(
        staffed,
        count=10_000,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=date.today(),
    )
    with staffed.read() as session:
        number = session.exec(
            select(Case.number).where(Case.status == "approved").order_by(Case.serial.desc())  # type: ignore[attr-defined]
        ).first()
    assert number is not None
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    where: list[str] = []

    def seen(phase: str, _info: dict) -> None:
        if phase == "start":
            where.append(threading.current_thread().name)

    gc.callbacks.append(seen)
    try:
        for _ in range(50):
            review = boss.open_case(number)
            assert isinstance(review, CaseReview)

            def choose() -> None:  # the chooser the button opens: the permit, then Preview
                chooser = next((w for w in boss.findChildren(PrintChooser) if w.isVisible()), None)
                if chooser is None:
                    QTimer.singleShot(20, choose)
                    return
                chooser.kinds.setCurrentIndex(chooser.kinds.findData("approval"))
                qtbot.keyClick(chooser, Qt.Key.Key_Return)

            QTimer.singleShot(0, choose)
            qtbot.mouseClick(review.print_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda: any(w.isVisible() for w in boss.findChildren(SlipPreview)), timeout=30_000
            )
            (preview,) = [w for w in boss.findChildren(SlipPreview) if w.isVisible()]
            assert preview.printed.draft and preview.document.pageCount() >= 1
            document = preview.document
            close = next(
                b for b in preview.findChildren(QPushButton) if b.text() in ("关闭", "Close")
            )
            qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda d=document: not shiboken6.isValid(d))  # gone with the preview
            qtbot.waitUntil(lambda: not boss.findChildren(PrintChooser))  # none kept either
            gc.collect()
        qtbot.waitUntil(lambda: operations.running() == 0 and gc.isenabled())
    finally:
        gc.callbacks.remove(seen)
    assert errors(boss) == []
    assert set(where) <= {threading.main_thread().name}


@pytest.mark.slow
def test_todays_approvals_are_numbered_before_the_printer_and_printed_again_as_they_were(
    qtbot, policy, staffed, tmp_path
):
    """Two permits never printed: the batch issues each with its own number before the first
    page goes out, and a second batch prints the same numbers again (补打), no error."""
    from hukou_desk.services import printing
    from hukou_desk.ui.slips import print_batch

    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    numbers = [type_intake(qtbot, clerk, intake).case_number for intake in _intakes()[:2]]
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    for number in numbers:
        review = boss.open_case(number)
        assert isinstance(review, CaseReview)
        qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(review.decided, timeout=10_000):
            answer_act(qtbot)  # approve: confirmed
    counter, supervisor = boss.context.counter, boss.context.user
    drafts = printing.todays_approvals(counter, supervisor)
    assert [d.draft for d in drafts] == [True, True]
    assert {d.slip.document_number for d in drafts} == {"（编号于出具时生成）"}

    def to_pdf(name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(DPI)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / name))
        return printer

    assert print_batch(boss.context, drafts, boss, printer=to_pdf("first.pdf")) == 2
    first = [e.detail for e in _prints(staffed, "print.approval")]
    year = date.today().year
    assert sorted(d["document_number"] for d in first) == [
        f"440703001准迁字〔{year}〕第00001号",
        f"440703001准迁字〔{year}〕第00002号",
    ]
    assert (tmp_path / "first.pdf").stat().st_size > 10_000
    again = printing.todays_approvals(counter, supervisor)
    assert [a.reprint for a in again] == [True, True]
    assert print_batch(boss.context, again, boss, printer=to_pdf("again.pdf")) == 2
    assert errors(boss) == []
    printed = [e.detail for e in _prints(staffed, "print.approval")]
    again_numbers = [d["document_number"] for d in printed if d["reprint"]]
    assert sorted(again_numbers) == sorted(d["document_number"] for d in first)


@pytest.mark.slow
def test_a_printer_that_fails_after_the_issue_leaves_the_papers_to_print_again(
    qtbot, policy, staffed, tmp_path, monkeypatch
):
    """The printer fails once the papers are issued: the supervisor is told, the papers keep
    their numbers, and the next batch prints those same numbers (补打) — none lost, none new."""
    from hukou_desk.services import printing
    from hukou_desk.ui import slips as slips_ui

    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    numbers = [type_intake(qtbot, clerk, intake).case_number for intake in _intakes()[:2]]
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    for number in numbers:
        review = boss.open_case(number)
        assert isinstance(review, CaseReview)
        qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(review.decided, timeout=10_000):
            answer_act(qtbot)  # approve: confirmed
    counter, supervisor = boss.context.counter, boss.context.user

    def jammed(_documents, _printer):
        raise OSError(5, "printer jammed")

    monkeypatch.setattr(slips_ui, "send_to_printer", jammed)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "jammed.pdf"))
    drafts = printing.todays_approvals(counter, supervisor)
    assert slips_ui.print_batch(boss.context, drafts, boss, printer=printer) == 0
    # Told, with the system's reason (never the error's own text).
    assert boss.context.messages.history[-1] == (
        "error",
        "本机无法完成此操作：Input/output error。",
    )
    issued = sorted(e.detail["document_number"] for e in _prints(staffed, "print.approval"))
    assert [n[-7:] for n in issued] == ["第00001号", "第00002号"]
    monkeypatch.undo()
    again = printing.todays_approvals(counter, supervisor)
    assert [a.reprint for a in again] == [True, True]
    assert sorted(a.slip.document_number for a in again) == issued
