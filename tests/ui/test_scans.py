"""A supervisor looks at the scans themselves: picked from the case's list with the keyboard,
shown inside the desk (an image zoomed, a PDF page by page), each look audited."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdfWidgets import QPdfView
from reportlab.pdfgen.canvas import Canvas
from sqlmodel import select

from hukou_desk.services import intake
from hukou_desk.storage.models import AuditEvent
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.scans import ScanViewer
from tests.services.conftest import recommended_case
from tests.ui.conftest import open_desk, user


def _png() -> bytes:
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _pdf(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for page in range(pages):
        canvas.drawString(100, 700, f"page {page + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.slow
def test_a_supervisor_opens_a_photo_and_a_pdf_scan_with_the_keyboard(qtbot, policy, staffed):
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    counter, clerk = boss.context.counter, user(staffed, "zhangli")
    ref = recommended_case(counter, clerk)
    for name, content in (("certificate.png", _png()), ("deed.pdf", _pdf(3))):
        intake.attach_scan(
            counter,
            clerk,
            case_id=ref.id,
            document_id="marriage_certificate",
            party="applicant",
            file_name=name,
            content=content,
        )
    review = boss.open_case(ref.number)
    assert isinstance(review, CaseReview) and review.scans.count() == 2
    for row, check in ((0, "image"), (1, "pdf")):
        review.scans.setFocus()
        review.scans.setCurrentRow(row)
        qtbot.keyClick(review.scans, Qt.Key.Key_Return)
        with qtbot.waitSignal(review.scan_opening.finished, timeout=10_000):
            pass
        viewer = review.viewer
        assert isinstance(viewer, ScanViewer) and viewer.isVisible()
        if check == "image":
            before = viewer.image.pixmap().width()
            viewer.zoom_by(2)
            assert viewer.image.pixmap().width() > before
        else:
            assert isinstance(viewer.view, QPdfView) and viewer.pdf.pageCount() == 3
        viewer.close()
    with staffed.read() as session:
        looks = session.exec(select(AuditEvent).where(AuditEvent.action == "scan.view")).all()
    assert [e.actor for e in looks] == ["wangfang", "wangfang"]
