"""A scan, photo or PDF attached to a document, shown inside the desk: zoom, page through.

The supervisor checks the document itself, not only the clerk's word for it. Opening a scan is
a look-up (audited by the service); nothing is written to disk on the way.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.services.intake import ScanFile

ZOOM_STEP = 1.25


class ScanViewer(QDialog):
    """One scan: an image fitted to the window, or a PDF page by page; Ctrl++ / Ctrl+- zoom."""

    def __init__(self, scan: ScanFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(scan.file_name)
        self.resize(900, 700)
        self.zoom = 1.0
        self.pdf: QPdfDocument | None = None
        self.pixmap: QPixmap | None = None
        column = QVBoxLayout(self)
        if scan.media_type == "application/pdf":
            self.pdf = QPdfDocument(self)
            self.buffer = QBuffer(self)
            self.buffer.setData(QByteArray(scan.content))
            self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.pdf.load(self.buffer)
            self.view: QWidget = QPdfView(self)
            self.view.setObjectName("scanPdf")
            self.view.setDocument(self.pdf)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            pages = self.pdf.pageCount()
        else:
            image = QImage.fromData(QByteArray(scan.content))
            self.pixmap = QPixmap.fromImage(image)
            self.image = QLabel()
            self.image.setObjectName("scanImage")
            self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
            scroll = QScrollArea(self)
            scroll.setWidget(self.image)
            scroll.setWidgetResizable(True)
            self.view = scroll
            pages = 1
        column.addWidget(self.view, 1)
        self.pages = QLabel(self.tr("{0} page(s)").format(pages))
        self.pages.setObjectName("scanPages")
        smaller = QPushButton(self.tr("Zoom out (Ctrl+-)"))
        larger = QPushButton(self.tr("Zoom in (Ctrl++)"))
        close = QPushButton(self.tr("Close"))
        smaller.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        larger.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        close.clicked.connect(self.accept)
        for keys, factor in (
            ("Ctrl++", ZOOM_STEP),
            ("Ctrl+=", ZOOM_STEP),
            ("Ctrl+-", 1 / ZOOM_STEP),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(lambda f=factor: self.zoom_by(f))
        row = QHBoxLayout()
        row.addWidget(self.pages)
        row.addStretch()
        row.addWidget(smaller)
        row.addWidget(larger)
        row.addWidget(close)
        column.addLayout(row)
        self._show()

    def zoom_by(self, factor: float) -> None:
        self.zoom = min(8.0, max(0.1, self.zoom * factor))
        self._show()

    def _show(self) -> None:
        if isinstance(self.view, QPdfView):
            if self.zoom != 1.0:
                self.view.setZoomMode(QPdfView.ZoomMode.Custom)
                self.view.setZoomFactor(self.zoom)
            return
        if self.pixmap is not None and not self.pixmap.isNull():
            width = max(1, int(860 * self.zoom))
            self.image.setPixmap(
                self.pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            )
