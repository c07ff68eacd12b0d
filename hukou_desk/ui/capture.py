"""Pages of a document captured at the counter: the document camera (高拍仪), or files.

Most counter cameras are USB video devices (UVC): Qt Multimedia shows them live and takes a
still with Space. Qt Multimedia is loaded only when the dialog opens, and a PC without it (or
without a camera) still takes pages from files. A simulated camera (generated pages) stands in
for training and tests. Each page is kept as a JPEG at most MAX_SIDE pixels on its long side;
the pages go to the document check in one piece (`services.capture`).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.services import capture
from hukou_desk.ui import operations
from hukou_desk.ui.card_reading import shortcut
from hukou_desk.ui.context import Context

MAX_SIDE = 2000  # pixels: an A4 page legible at about 170 dpi, a page a few hundred kB
QUALITY = 80


class PageSource(Protocol):
    """Where pages come from: a live view, and a still taken on request (`taken` emits it)."""

    name: str

    def view(self) -> QWidget: ...

    def take(self) -> None: ...

    def stop(self) -> None: ...


class SimulatedCamera(QLabel):
    """Generated pages: a numbered sheet with lines of print, shown as a live view would."""

    taken = Signal(QImage)

    def __init__(self) -> None:
        super().__init__()
        self.name = self.tr("Simulated camera")
        self.setObjectName("simulatedCamera")
        self.count = 0
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPixmap(QPixmap.fromImage(self.frame()).scaledToHeight(360))

    def frame(self) -> QImage:
        page = QImage(1240, 1754, QImage.Format.Format_RGB32)  # A4 at 150 dpi
        page.fill(QColor("white"))
        painter = QPainter(page)
        painter.setFont(QFont("sans", 48))
        painter.drawText(120, 200, f"Page {self.count + 1}")
        for line in range(30):
            painter.fillRect(120, 300 + line * 44, 1000 - (line * 37) % 300, 14, QColor("#333"))
        painter.end()
        return page

    def view(self) -> QWidget:
        return self

    def take(self) -> None:
        image = self.frame()
        self.count += 1
        self.setPixmap(QPixmap.fromImage(self.frame()).scaledToHeight(360))
        self.taken.emit(image)

    def stop(self) -> None:
        """Nothing to release."""


class CameraSource(QWidget):
    """The first video input (a UVC document camera) through Qt Multimedia."""

    taken = Signal(QImage)

    def __init__(self, multimedia: Any, widgets: Any, device: Any) -> None:
        super().__init__()
        self.name = device.description()
        self.camera = multimedia.QCamera(device)
        self.session = multimedia.QMediaCaptureSession()
        self.still = multimedia.QImageCapture()
        self.preview = widgets.QVideoWidget()
        self.preview.setObjectName("cameraPreview")
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.still)
        self.session.setVideoOutput(self.preview)
        self.still.imageCaptured.connect(lambda _id, image: self.taken.emit(image))
        QVBoxLayout(self).addWidget(self.preview)
        self.camera.start()

    def view(self) -> QWidget:
        return self

    def take(self) -> None:
        if self.still.isReadyForCapture():
            self.still.capture()

    def stop(self) -> None:
        self.camera.stop()


def camera_sources(context: Context) -> list[Any]:
    """The administrator's choice: the system's camera, the simulated one, or none."""
    chosen = capture.camera_choice(context.counter, context.user)
    if chosen == "simulated":
        return [SimulatedCamera()]
    if chosen == "none":
        return []
    try:  # loaded only now: it pulls in the system's media libraries
        from PySide6 import QtMultimedia, QtMultimediaWidgets
    except ImportError:
        return []
    devices = QtMultimedia.QMediaDevices.videoInputs()
    return [CameraSource(QtMultimedia, QtMultimediaWidgets, devices[0])] if devices else []


def jpeg(image: QImage) -> bytes:
    """A page as stored: at most MAX_SIDE on its long side, JPEG."""
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(
            QSize(MAX_SIDE, MAX_SIDE),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    rgb.save(buffer, "JPEG", QUALITY)  # type: ignore[call-overload]  # the stubs ask bytes; Qt takes str
    buffer.close()
    return bytes(data.data())


class CaptureDialog(QDialog):
    """Pages of one document: Space takes a page, the list keeps them, Ctrl+Enter attaches."""

    attached = Signal(list)  # the names of the check's scans now

    def __init__(
        self,
        context: Context,
        *,
        case_id: uuid.UUID,
        document_id: str,
        party: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.case_id, self.document_id, self.party = case_id, document_id, party
        self.setObjectName("captureDialog")
        self.setWindowTitle(self.tr("Capture: {0}").format(title))
        self.file_name = title
        self.pages: list[bytes] = []
        self.sources = camera_sources(context)
        self.source: Any = self.sources[0] if self.sources else None
        self.status = QLabel()
        self.status.setObjectName("captureStatus")
        self.status.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("capturedPages")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(96, 136))
        self.list.setMaximumWidth(240)
        self.take = QPushButton(self.tr("Take a page (Space)"))
        self.take.setObjectName("takePage")
        self.take.setEnabled(self.source is not None)
        self.take.clicked.connect(self.take_page)
        from_file = QPushButton(self.tr("Add pages from files…"))
        from_file.setObjectName("pagesFromFiles")
        from_file.clicked.connect(lambda: self.add_files())
        remove = QPushButton(self.tr("Remove the chosen page"))
        remove.setObjectName("removePage")
        remove.clicked.connect(self.remove_page)
        self.attach = QPushButton(self.tr("Attach the pages (Ctrl+Enter)"))
        self.attach.setObjectName("attachPages")
        self.attach.clicked.connect(self.attach_pages)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        shortcut(self, "Space", self.take_page)
        shortcut(self, "Ctrl+Return", self.attach_pages)
        if self.source is not None:
            self.source.taken.connect(self.keep)
            preview: QWidget = self.source.view()
            self.status.setText(self.tr("Camera: {0}").format(self.source.name))
        else:
            preview = QLabel(
                self.tr("No document camera found: add the pages from files (a scanner's too).")
            )
            preview.setWordWrap(True)
        preview.setMinimumSize(480, 360)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take)
        buttons.addWidget(from_file)
        buttons.addWidget(remove)
        buttons.addStretch()
        buttons.addWidget(self.attach)
        buttons.addWidget(cancel)
        row = QHBoxLayout()
        row.addWidget(preview, 1)
        row.addWidget(self.list)
        column = QVBoxLayout(self)
        column.addWidget(self.status)
        column.addLayout(row, 1)
        column.addLayout(buttons)
        self._count()

    def take_page(self) -> None:
        if self.source is not None:
            self.source.take()

    def keep(self, image: QImage) -> None:
        """A page taken or read from a file: into the list, as it will be stored."""
        page = jpeg(image)
        self.pages.append(page)
        thumb = QPixmap.fromImage(image.scaledToHeight(136))
        item = QListWidgetItem(QIcon(thumb), str(len(self.pages)))
        self.list.addItem(item)
        self._count()

    def add_files(self, names: list[str] | None = None) -> None:
        if names is None:
            names, _filter = QFileDialog.getOpenFileNames(
                self,
                self.tr("Pages from files"),
                str(Path.home()),
                self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)"),
            )
        for name in names:
            image = QImage(name)
            if image.isNull():
                self.context.messages.error(
                    self.tr("{0} is not a picture that can be read.").format(Path(name).name)
                )
                continue
            self.keep(image)

    def remove_page(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            row = self.list.count() - 1
        if row >= 0:
            self.list.takeItem(row)
            del self.pages[row]
            for index in range(self.list.count()):
                item = self.list.item(index)
                if item is not None:
                    item.setText(str(index + 1))
            self._count()

    def _count(self) -> None:
        size = sum(len(p) for p in self.pages) / 1024 / 1024
        self.attach.setText(
            self.tr("Attach {0} page(s), {1:.1f} MB (Ctrl+Enter)").format(len(self.pages), size)
        )
        self.attach.setEnabled(bool(self.pages))

    def attach_pages(self) -> None:
        if not self.pages or not self.attach.isEnabled():
            return
        self.attach.setEnabled(False)
        context, pages = self.context, list(self.pages)
        operations.run(
            lambda _job: capture.attach_pages(
                context.counter,
                context.user,
                case_id=self.case_id,
                document_id=self.document_id,
                party=self.party,
                pages=pages,
                name=self.file_name,
            ),
            messages=context.messages,
            on_success=self._attached,
            on_failure=lambda _e: self._count(),
            parent=self,
            label=self.tr("Attaching the pages…"),
        )

    def _attached(self, names: list[str]) -> None:
        self.attached.emit(names)
        self.context.messages.info(self.tr("{0} page(s) attached.").format(len(self.pages)))
        self.accept()

    def done(self, result: int) -> None:
        if self.source is not None:
            self.source.stop()
        super().done(result)
