"""The clerks' manual inside the desk: F1 opens the page for the screen in front of the clerk.

The pages are Markdown in `resources/help/<zh|en>/`, with the desk's own screenshots; the
dialog lists them, shows one, and saves the whole manual as a PDF (Qt's own PDF writer, the
shipped font embedded).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.text import Language
from hukou_desk.paths import resources_dir

PAGES = ("cases", "intake", "review", "finder", "statistics", "admin")


def _folder(lang: Language) -> Path:
    return resources_dir() / "help" / lang


def page_text(page: str, lang: Language) -> str:
    return (_folder(lang) / f"{page}.md").read_text(encoding="utf-8")


def page_title(page: str, lang: Language) -> str:
    first = page_text(page, lang).splitlines()[0]
    return first.lstrip("# ").strip()


IMAGE_WIDTH = 640  # a screenshot as wide as a page of text (A4 at 96 dpi), never wider


def _fill(document: QTextDocument, markdown: str, lang: Language) -> None:
    """The page's text, and its screenshots given to the document scaled to the page (a bare
    document loads no files, and a 1280-pixel screenshot would run off the paper)."""
    document.setMarkdown(markdown)  # (it clears the resources: they are added after)
    for name in re.findall(r"\]\((\.\./img/[^)]+)\)", markdown):
        image = QImage(str((_folder(lang) / name).resolve()))
        if image.width() > IMAGE_WIDTH:
            image = image.scaledToWidth(IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)


class HelpDialog(QDialog):
    """The manual: its pages on the left, one shown on the right; Save as PDF."""

    def __init__(self, lang: Language, page: str = "cases", parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("Manual — hukou-desk"))
        self.resize(960, 640)
        self.pages = QListWidget()
        self.pages.setObjectName("helpPages")
        for name in PAGES:
            item = QListWidgetItem(page_title(name, lang))
            item.setData(256, name)  # Qt.UserRole
            self.pages.addItem(item)
        self.pages.setFixedWidth(self.fontMetrics().horizontalAdvance("中") * 12)
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenExternalLinks(False)
        self.pages.currentRowChanged.connect(self._show_row)
        self.save_button = QPushButton(self.tr("Save the manual as PDF…"))
        self.save_button.setObjectName("saveManual")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self._save_pressed)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.pages)
        row.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addLayout(row, 1)
        column.addLayout(buttons)
        self.show_page(page)

    @property
    def current(self) -> str:
        item = self.pages.currentItem()
        return str(item.data(256)) if item is not None else PAGES[0]

    def show_page(self, page: str) -> None:
        self.pages.setCurrentRow(PAGES.index(page) if page in PAGES else 0)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self._load(self.text.document(), PAGES[row])

    def _load(self, document: QTextDocument, page: str) -> None:
        _fill(document, page_text(page, self.lang), self.lang)

    def _save_pressed(self, _checked: bool = False) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the manual as PDF"), str(Path.home() / "hukou-desk-manual.pdf"),
            "PDF (*.pdf)",
        )  # fmt: skip
        if chosen:
            self.save_pdf(Path(chosen))

    def save_pdf(self, path: Path) -> Path:
        """Every page, in order, one PDF."""
        whole = QTextDocument()
        _fill(whole, "\n\n".join(page_text(page, self.lang) for page in PAGES), self.lang)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                printer.pageLayout().margins(),
            )
        )
        printer.setOutputFileName(str(path))
        whole.print_(printer)
        return path
