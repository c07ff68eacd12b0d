"""Slips in the app: preview (Qt PDF), print to a printer, save as PDF, today's approvals in
one go, and checking a slip's QR code.

A slip is issued (numbered, stored) and recorded as printed just before it goes to a printer or
into a file, never when previewed: a preview of a paper not issued yet shows no number.
Without a printer the clerk is told so at once and offered to save the slips as PDF files.
Every Qt object here is made and closed on the screen's thread (the PDFs are made elsewhere).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.files import write_whole
from hukou_desk.services import intake, printing
from hukou_desk.services.printing import LeftOut, Printed, SlipKind, Verdict, kinds_for
from hukou_desk.ui import print_path
from hukou_desk.ui.context import Context


def no_printer() -> HukouDeskError:
    return HukouDeskError(
        text(
            "本机没有可用的打印机。请连接打印机后重试，或先另存为 PDF 文件。",
            "No printer is set up on this PC. Connect one and try again, or save as PDF.",
        )
    )


def send_to_printer(pdfs: list[bytes], printer: QPrinter) -> str:
    """Every page of every paper, as drawn and at its true size (`ui/print_path.py`)."""
    try:
        return print_path.send(pdfs, printer)
    except subprocess.CalledProcessError as failed:
        said = (failed.stderr or b"").decode("utf-8", "replace").strip()[:200]
        raise HukouDeskError(
            text(
                f"打印机未接受打印任务：{said or failed.returncode}。请检查打印机后重试。",
                f"The printer did not take the job: {said or failed.returncode}. Check it and "
                "try again.",
            )
        ) from None


def load_pdf(data: bytes, parent: QObject) -> QPdfDocument:
    """A PDF for Qt, with its buffer: both children of `parent`, gone with it."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


class SlipPreview(QDialog):
    """The slip as it will print; print it, or save it as a PDF file."""

    recorded = Signal()  # printed or saved: the case's queues may have changed

    def __init__(self, context: Context, printed: Printed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.printed = printed
        slip = printed.slip
        mark = printing.wording(context.counter).common.reprint_mark
        title = slip.title + (f"（{mark}）" if printed.reprint else "")
        self.setWindowTitle(f"{title} — {slip.number}")
        # Closed, it is deleted with its document: a day of previews holds none of them.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 700)
        self.document = load_pdf(printed.pdf, self)
        self.view = QPdfView(self)
        self.view.setObjectName("slipView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("printSlip")
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setObjectName("saveSlip")
        close = QPushButton(self.tr("Close"))
        self.print_button.clicked.connect(lambda: self.print_slip())  # not Qt's `checked`
        self.save_button.clicked.connect(lambda: self.save_as())
        close.clicked.connect(self.reject)
        self.note = QLabel(self._note())
        self.note.setObjectName("slipNote")
        buttons = QHBoxLayout()
        buttons.addWidget(self.note)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.view, 1)
        column.addLayout(buttons)
        self.print_button.setDefault(True)

    def _note(self) -> str:
        """What the line under the paper says of the paper on screen now."""
        if self.printed.reprint:
            return self.tr("Reprint: marked 补打, with the original issue date.")
        pages = self.document.pageCount()
        if self.printed.draft:
            return self.tr("{0} page(s). The number is given when it is printed or saved.").format(
                pages
            )
        return self.tr("{0} page(s).").format(pages)

    def done(self, result: int) -> None:
        """Closed: the document is closed now, on the screen's thread, and the dialog deleted."""
        self.document.close()
        super().done(result)

    def show_issued(self, printed: Printed) -> None:
        """The paper as issued (with its number and QR code) replaces the draft on screen."""
        if printed is self.printed:
            return
        self.printed = printed
        old = self.document
        self.document = load_pdf(printed.pdf, self)
        self.view.setDocument(self.document)
        old.close()
        old.deleteLater()
        self.note.setText(self._note())  # numbered now: the draft's note no longer holds

    def print_slip(self, printer: QPrinter | None = None) -> bool:
        """To a printer (chosen in Qt's print dialog); False, with a message, if there is none."""
        with self.context.messages.guard():
            if printer is None:
                if not QPrinterInfo.availablePrinters():
                    raise no_printer()
                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                dialog = QPrintDialog(printer, self)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
            counter, user = self.context.counter, self.context.user
            self.show_issued(printing.record(counter, user, self.printed, how="printer"))
            send_to_printer([self.printed.pdf], printer)
            self.recorded.emit()
            self.context.messages.info(self.tr("Sent to the printer."))
            return True
        return False

    def save_as(self, path: Path | None = None) -> Path | None:
        with self.context.messages.guard():
            if path is None:
                slip = self.printed.slip
                chosen, _filter = QFileDialog.getSaveFileName(
                    self,
                    self.tr("Save the slip as PDF"),
                    str(Path.home() / f"{slip.number}-{slip.kind.value}.pdf"),
                    "PDF (*.pdf)",
                )
                if not chosen:
                    return None
                path = Path(chosen)
            counter, user = self.context.counter, self.context.user
            self.show_issued(printing.record(counter, user, self.printed, how="file"))
            write_whole(path, self.printed.pdf)
            self.recorded.emit()
            self.context.messages.info(
                self.tr(
                    "Saved as {0}. The saved PDF is not encrypted: it holds the applicant's "
                    "personal data — keep it only as long as needed."
                ).format(path.name)
            )
            return path
        return None


class PrintChooser(QDialog):
    """Which slip to print for a case: only the kinds its state allows."""

    def __init__(self, context: Context, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.number = number
        self.setWindowTitle(self.tr("Print for case {0}").format(number))
        status = intake.status_of(context.counter, context.user, number=number)
        self.kinds = QComboBox()
        self.kinds.setObjectName("slipKind")
        names = {
            SlipKind.RECEIPT: self.tr("Acceptance receipt (受理回执)"),
            SlipKind.MISSING_DOCUMENTS: self.tr("Notice of missing documents (补正材料通知书)"),
            SlipKind.APPLICATION_FORM: self.tr("Application form (户口迁移申请表)"),
            SlipKind.APPROVAL: self.tr("Approval slip (准予迁入证明)"),
            SlipKind.REFUSAL: self.tr("Refusal notice (不予批准告知书)"),
        }
        for kind in kinds_for(status):
            self.kinds.addItem(names[kind], kind.value)
        # A decided case: its decision's paper is the one asked for, offered first.
        for decided in (SlipKind.APPROVAL, SlipKind.REFUSAL):
            found = self.kinds.findData(decided.value)
            if found >= 0:
                self.kinds.setCurrentIndex(found)
        preview = QPushButton(self.tr("Preview"))
        preview.setDefault(True)
        preview.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(preview)
        row.addWidget(cancel)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(self.tr("Slip to print")))
        column.addWidget(self.kinds)
        column.addLayout(row)

    def kind(self) -> SlipKind | None:
        value = self.kinds.currentData()
        return SlipKind(value) if value else None


def print_batch(
    context: Context,
    slips: list[Printed],
    parent: QWidget,
    *,
    printer: QPrinter | None = None,
    folder: Path | None = None,
    left_out: Sequence[LeftOut] = (),
) -> int:
    """Today's approval slips: to the printer in one job, or (no printer) into a folder;
    then, in words, each permit that could not be made and why."""
    done = (
        _print_batch(context, slips, parent, printer=printer, folder=folder)
        if slips or not left_out
        else 0
    )
    if left_out:
        lines = "\n".join(f"{item.number}：{item.reason(context.lang)}" for item in left_out)
        context.messages.error(
            QCoreApplication.translate(
                "SlipBatch", "{0} approval slip(s) could not be printed:\n{1}"
            ).format(len(left_out), lines)
        )
    return done


def _print_batch(
    context: Context,
    slips: list[Printed],
    parent: QWidget,
    *,
    printer: QPrinter | None,
    folder: Path | None,
) -> int:
    if not slips:
        context.messages.info(
            QCoreApplication.translate(
                "SlipBatch", "No case was approved today: no approval slip to print."
            )
        )
        return 0
    with context.messages.guard():
        if folder is not None:
            for draft in slips:  # each issued (numbered, on record) just before it is saved
                printed = printing.record(context.counter, context.user, draft, how="file")
                name = f"{printed.slip.number}-{printed.slip.kind.value}.pdf"
                write_whole(folder / name, printed.pdf)
            context.messages.info(
                QCoreApplication.translate(
                    "SlipBatch",
                    "{0} approval slips saved in {1}. Saved PDFs are not encrypted: they hold "
                    "the applicants' personal data — keep them only as long as needed.",
                ).format(len(slips), folder)
            )
            return len(slips)
        if printer is None:
            if not QPrinterInfo.availablePrinters():
                raise no_printer()
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
                return 0
        # All issued (numbered, on record) before the first page goes to the printer.
        issued = [printing.record(context.counter, context.user, p, how="printer") for p in slips]
        send_to_printer([p.pdf for p in issued], printer)
        context.messages.info(
            QCoreApplication.translate(
                "SlipBatch", "{0} approval slips sent to the printer."
            ).format(len(slips))
        )
        return len(slips)
    return 0


class VerifySlip(QDialog):
    """Check a slip's QR code: scan it (a scanner types it and presses Enter) or paste it."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Check a slip's QR code"))
        self.resize(640, 200)
        self.payload = QLineEdit()
        self.payload.setObjectName("slipPayload")
        self.payload.setPlaceholderText(self.tr("Scan the QR code, or paste its text, then Enter"))
        self.payload.returnPressed.connect(self.check)
        self.verdict = QLabel()
        self.verdict.setObjectName("slipVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(self)
        column.addWidget(self.payload)
        column.addWidget(self.verdict)
        column.addStretch()

    def check(self) -> Verdict | None:
        with self.context.messages.guard():
            checked = printing.verify_slip(
                self.context.counter, self.context.user, payload=self.payload.text()
            )
            # Green only for a paper good today; amber when it cannot be told; red otherwise.
            colour = (
                "#1b7f3b"
                if checked.valid
                else "#a36a00"
                if checked.status in ("unknown_station", "revoked_same_day", "not_on_record")
                else "#b00020"
            )
            # What the paper is, then its state, each on its own line.
            said = (
                f"{checked.what(self.context.lang)}\n{checked.state(self.context.lang)}"
                if checked.what(self.context.lang)
                else checked.said(self.context.lang)
            )
            self.verdict.setStyleSheet(f"color:{colour}; font-size:13pt")
            self.verdict.setText(said)
            self.payload.selectAll()
            return checked.verdict
        return None
