"""Export for the centre from the app: a progress bar, cancellable, the file written whole."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.files import write_whole
from hukou_desk.sync.transfer import ExportCancelled, export
from hukou_desk.ui.context import Context


class ExportJob(QObject):
    """Runs `sync.transfer.export` off the GUI thread and reports through signals."""

    progressed = Signal(int)
    finished = Signal(str, str)  # level ("info", "error", "cancelled"), message

    def __init__(self, context: Context, target: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.target = target
        self.cancel_requested = False
        self.worker: threading.Thread | None = None
        self.dialog = QProgressDialog(
            self.tr("Exporting the cases changed since the last export…"),
            self.tr("Cancel"),
            0,
            100,
            parent,
        )
        self.dialog.setObjectName("exportProgress")
        self.dialog.setWindowTitle(self.tr("Export for the centre"))
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self.progressed.connect(self.dialog.setValue)
        self.finished.connect(self._done)

    def cancel(self) -> None:
        self.cancel_requested = True

    def start(self) -> None:
        self.dialog.show()
        self.worker = threading.Thread(target=self._run, name="export")
        self.worker.start()

    def _run(self) -> None:
        try:
            exported = export(
                self.context.database,
                actor=self.context.user.username,
                progress=self.progressed.emit,
                cancelled=lambda: self.cancel_requested,
            )
            write_whole(self.target, exported.data)
        except ExportCancelled as exc:
            self.finished.emit("cancelled", exc.describe(self.context.lang))
            return
        except HukouDeskError as exc:
            self.finished.emit("error", exc.describe(self.context.lang))
            return
        manifest = exported.manifest
        self.finished.emit(
            "info",
            self.tr("Exported {0} cases (changes {1}–{2}) to {3}.").format(
                manifest["counts"]["cases"],
                manifest["seq_from"],
                manifest["seq_to"],
                self.target.name,
            ),
        )

    def _done(self, level: str, message: str) -> None:
        self.dialog.reset()
        self.dialog.hide()
        if level == "error":
            self.context.messages.error(message)
        else:
            self.context.messages.info(message)
