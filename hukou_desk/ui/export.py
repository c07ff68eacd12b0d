"""Export for the centre from the app: a progress bar, cancellable, the file written whole."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from hukou_desk.services import exchange
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context


class ExportJob(QObject):
    """`services.exchange.export` as a background operation with a cancellable progress bar."""

    progressed = Signal(int)
    finished = Signal()

    def __init__(self, context: Context, target: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.target = target
        self.operation = operations.prepare(
            self._work,
            messages=context.messages,
            on_success=self._done,
            parent=parent,
            label=self.tr("Exporting the cases changed since the last export…"),
            title=self.tr("Export for the centre"),
            progress=True,
            cancellable=True,
            show_after_ms=0,
        )
        self.operation.progressed.connect(self.progressed)
        self.operation.finished.connect(self.finished)

    @property
    def cancel_requested(self) -> bool:
        return self.operation.cancel_requested

    @cancel_requested.setter
    def cancel_requested(self, value: bool) -> None:
        if value:
            self.operation.cancel()

    def start(self) -> None:
        self.operation.start()

    def _work(self, job: operations.Job) -> exchange.Exported | None:
        try:
            return exchange.export(
                self.context.counter,
                self.context.user,
                out=self.target,
                progress=job.progress,
                cancelled=job.cancelled,
            )
        except exchange.ExportCancelled:
            return None  # the clerk's choice: said as a notice, not an error

    def _done(self, exported: exchange.Exported | None) -> None:
        if exported is None:
            self.context.messages.info(
                self.tr("Export cancelled; nothing was recorded and nothing written.")
            )
            return
        manifest = exported.manifest
        self.context.messages.info(
            self.tr("Exported {0} cases (changes {1}–{2}) to {3}.").format(
                manifest.counts["cases"],
                manifest.seq_from,
                manifest.seq_to,
                self.target.name,
            )
        )
