"""What leaves the desk on paper or in a file: a case's slip, today's approval slips, the
export for the centre, and the check of a printed slip's QR code.

Printing and export load reportlab, Qt PDF and the sync code: only when first used, so that
they do not lengthen the start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from hukou_desk.ui import operations
from hukou_desk.ui.context import Context

if TYPE_CHECKING:
    from hukou_desk.services.printing import Batch, Printed, SlipKind
    from hukou_desk.ui.export import ExportJob
    from hukou_desk.ui.operations import Operation
    from hukou_desk.ui.slips import SlipPreview, VerifySlip


class DeskPrinting(QObject):
    """Printing and export for the window `window` (their dialogs open over it)."""

    recorded = Signal()  # a slip was printed or a batch done: the case list changes
    exported = Signal()

    def __init__(self, context: Context, window: QWidget) -> None:
        super().__init__(window)
        self.context = context
        self.window = window

    def print_case(self, number: str | None) -> Operation[Printed] | None:
        """Ctrl+P: choose a slip the case's state allows, then preview it."""
        context = self.context
        if number is None:
            context.messages.error(self.tr("Open or select a case to print for it."))
            return None
        from hukou_desk.ui.slips import PrintChooser

        chooser = PrintChooser(context, number, self.window)
        if chooser.kinds.count() == 0:
            chooser.deleteLater()
            context.messages.error(self.tr("Nothing can be printed for this case in its state."))
            return None
        accepted = chooser.exec() == QDialog.DialogCode.Accepted
        kind = chooser.kind()
        chooser.deleteLater()  # one per Ctrl+P: none kept once answered
        if not accepted or kind is None:
            return None
        return self.preview_slip(number, kind)

    def preview_slip(self, number: str, kind: SlipKind) -> Operation[Printed]:
        """The slip made and signed in the background, then shown in a preview."""
        context = self.context
        from hukou_desk.services import printing

        return operations.run(
            lambda _job: printing.preview(context.counter, context.user, kind=kind, number=number),
            messages=context.messages,
            on_success=self._show_preview,
            parent=self.window,
            label=self.tr("Preparing the slip…"),
        )

    def _show_preview(self, printed: Printed) -> SlipPreview:
        from hukou_desk.ui.slips import SlipPreview

        preview = SlipPreview(self.context, printed, self.window)
        preview.recorded.connect(self.recorded)
        preview.show()
        return preview

    def print_today(self, folder: Path | None = None) -> Operation[Batch]:
        """Today's approval slips in one go (made in the background); without a printer, as
        PDF files in a folder."""
        context = self.context
        from hukou_desk.services import printing

        return operations.run(
            lambda _job: printing.todays_batch(context.counter, context.user),
            messages=context.messages,
            on_success=lambda batch: self._print_batch(batch, folder),
            parent=self.window,
            label=self.tr("Preparing today's approval slips…"),
        )

    def _print_batch(self, batch: Batch, folder: Path | None) -> int:
        from hukou_desk.ui.slips import print_batch

        context = self.context
        slips = batch.slips
        if slips and folder is None and not QPrinterInfo.availablePrinters():
            question = self.tr(
                "No printer is set up on this PC. Save the {0} approval slips as PDF files?"
            ).format(len(slips))
            if not context.messages.confirm(question):
                return 0
            chosen = QFileDialog.getExistingDirectory(self.window, self.tr("Folder for the slips"))
            if not chosen:
                return 0
            folder = Path(chosen)
        done = print_batch(context, slips, self.window, folder=folder, left_out=batch.left_out)
        self.recorded.emit()
        return done

    def export_for_centre(self, target: Path | None = None) -> ExportJob | None:
        """Everything changed since the last export, sealed for the centre, to a file."""
        context = self.context
        from hukou_desk.services import exchange

        # What refuses any export is said before the clerk chooses where it goes.
        if (
            operations.act(
                lambda: exchange.ready_to_export(context.counter, context.user),
                messages=context.messages,
            )
            is None
        ):
            return None
        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self.window,
                self.tr("Export for the centre"),
                str(Path.home() / "hukou-desk-export.hkb"),
                self.tr("Export bundles (*.hkb)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        from hukou_desk.ui.export import ExportJob

        job = ExportJob(self.context, target, self.window)
        job.finished.connect(self.exported)
        job.start()
        return job

    def verify_slip(self) -> VerifySlip:
        from hukou_desk.ui.slips import VerifySlip

        dialog = VerifySlip(self.context, self.window)
        dialog.show()
        return dialog
