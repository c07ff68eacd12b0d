"""How a paper reaches the printer: the vector page at its true size, never a stretched image.

- CUPS (Linux, macOS): the PDF itself goes to `lp`, so the printer gets its text and
  embedded fonts; A4 forced, no scaling (`print-scaling=none`), copies and duplex as chosen
  in the print dialog. The printer's driver puts the page on the paper 1:1, margins and all.
- Windows: SumatraPDF, when it is installed beside the app (`tools/SumatraPDF.exe`) or on the
  PATH, prints the PDF with `-print-to` (`noscale`, copies and duplex from the dialog): a
  maintained PDF printer that sends the page to the driver as GDI vectors.
- Otherwise (and into Qt's own PDF engine): each page drawn onto the whole A4 sheet at the
  printer's resolution, 1:1 — the paper's own margins kept, never the driver's printable
  area — in bands, so that 600 dpi costs a few megabytes, not a full-page image.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

BAND = 256  # pixels a band is high: 600 dpi × A4 width × 256 rows ≈ 5 MB


@dataclass(frozen=True)
class Job:
    """What the print dialog chose, as the print paths need it."""

    printer: str
    copies: int = 1
    duplex: str = "none"  # none, long, short
    collate: bool = True


def job_of(printer: QPrinter) -> Job:
    duplex = {
        QPrinter.DuplexMode.DuplexLongSide: "long",
        QPrinter.DuplexMode.DuplexShortSide: "short",
        QPrinter.DuplexMode.DuplexAuto: "long",
    }.get(printer.duplex(), "none")
    return Job(printer.printerName(), max(printer.copyCount(), 1), duplex, printer.collateCopies())


def cups_command(job: Job, paths: list[Path]) -> list[str]:
    """`lp` with the PDFs, one job: A4, no scaling, the dialog's copies and sides."""
    sides = {"none": "one-sided", "long": "two-sided-long-edge", "short": "two-sided-short-edge"}
    command = ["lp"]
    if job.printer:
        command += ["-d", job.printer]
    command += ["-n", str(job.copies), "-o", "media=A4", "-o", "print-scaling=none"]
    command += ["-o", f"sides={sides[job.duplex]}"]
    command += ["-o", f"collate={'true' if job.collate else 'false'}", "--"]
    return command + [str(path) for path in paths]


def sumatra_command(job: Job, path: Path, exe: Path) -> list[str]:
    """SumatraPDF's silent print: no scaling, the dialog's copies and duplex."""
    settings = ["noscale", f"{job.copies}x"]
    settings += {"none": ["simplex"], "long": ["duplexlong"], "short": ["duplexshort"]}[job.duplex]
    target = ["-print-to", job.printer] if job.printer else ["-print-to-default"]
    return [str(exe), *target, "-print-settings", ",".join(settings), "-silent", str(path)]


def sumatra() -> Path | None:
    beside = Path(sys.executable).parent / "tools" / "SumatraPDF.exe"
    if beside.is_file():
        return beside
    found = shutil.which("SumatraPDF") or shutil.which("SumatraPDF.exe")
    return Path(found) if found else None


def native_commands(job: Job, paths: list[Path]) -> list[list[str]] | None:
    """The commands that send the PDFs themselves to the printer on this PC, if any."""
    if os.name == "nt":
        exe = sumatra()
        return [sumatra_command(job, path, exe) for path in paths] if exe else None
    return [cups_command(job, paths)] if shutil.which("lp") else None


def send(pdfs: list[bytes], printer: QPrinter) -> str:
    """Every page of every paper to `printer`; returns the path taken ("cups", "sumatra" or
    "qt"). Into a file (Qt's PDF engine) always by Qt."""
    # A printer (not a file the clerk chose): the PDF itself, where this PC can send it.
    if not printer.outputFileName():
        job = job_of(printer)
        with tempfile.TemporaryDirectory(prefix="hukou-desk-print-") as scratch:
            paths = []
            for index, pdf in enumerate(pdfs):
                path = Path(scratch) / f"paper-{index + 1:03d}.pdf"
                path.write_bytes(pdf)
                paths.append(path)
            commands = native_commands(job, paths)
            if commands is not None:
                for command in commands:
                    subprocess.run(command, check=True, capture_output=True, timeout=120)
                return "sumatra" if os.name == "nt" else "cups"
    paint(pdfs, printer)
    return "qt"


def paint(pdfs: list[bytes], printer: QPrinter) -> None:
    """Qt's path: A4 forced, the whole sheet (no driver margins), each page drawn 1:1 at the
    printer's resolution, band by band."""
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    from hukou_desk.ui.slips import load_pdf, no_printer

    holder = QObject()
    painter = QPainter()
    try:
        documents = [load_pdf(pdf, holder) for pdf in pdfs]
        if not painter.begin(printer):
            raise no_printer()
        first = True
        for document in documents:
            for page in range(document.pageCount()):
                if not first:
                    printer.newPage()
                first = False
                _page(painter, printer, document, page)
    finally:
        if painter.isActive():
            painter.end()
        for document in holder.findChildren(QPdfDocument):
            document.close()
        holder.deleteLater()


def _page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    dpi = printer.resolution()
    points = document.pagePointSize(page)
    width = round(points.width() / 72 * dpi)
    height = round(points.height() / 72 * dpi)
    # Device pixels from the sheet's corner (full page): 1 pixel of the render is 1 dot.
    sheet = printer.pageLayout().fullRectPixels(dpi)
    origin = QPoint(sheet.left(), sheet.top())
    for top in range(0, height, BAND):
        rows = min(BAND, height - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(QSize(width, height))
        options.setScaledClipRect(QRect(0, top, width, rows))
        band = document.render(page, QSize(width, rows), options)
        painter.drawImage(origin + QPoint(0, top), band)
