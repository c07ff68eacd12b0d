"""Pages captured at the counter (document camera, scanner, files) into one scan of a document.

The screen gives the pages as JPEG or PNG images; several pages become one PDF (one image a
page, A4, fitted), a single page stays an image. Bounded: at most MAX_PAGES pages, and the
result within the attachment limit; then attached to the document check like any scan (sealed
at rest, audited).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import text
from hukou_desk.services import intake
from hukou_desk.services.counter import Counter
from hukou_desk.storage.attachments import MAX_BYTES
from hukou_desk.storage.settings import load_settings

MAX_PAGES = 30


def camera_choice(counter: Counter, actor: Clerk) -> str:
    """camera, simulated or none, as the administrator set it."""
    with counter.reading(actor) as (session, _me):
        chosen: str = load_settings(session).document_camera
    return chosen


def as_pdf(pages: Sequence[bytes]) -> bytes:
    """One PDF, a page for each image (JPEG or PNG), fitted to A4 with a small margin."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    width, height = A4
    margin = 18
    for page in pages:
        image = ImageReader(io.BytesIO(page))
        w, h = image.getSize()
        scale = min((width - 2 * margin) / w, (height - 2 * margin) / h)
        sheet.drawImage(
            image,
            (width - w * scale) / 2,
            (height - h * scale) / 2,
            w * scale,
            h * scale,
        )
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def attach_pages(
    counter: Counter,
    actor: Clerk,
    *,
    case_id: uuid.UUID,
    document_id: str,
    party: str,
    pages: Sequence[bytes],
    name: str,
) -> list[str]:
    """The captured pages attached to one document check; the names of its scans now."""
    if not pages:
        raise HukouDeskError(text("还没有拍摄任何一页。", "No page is captured yet."))
    if len(pages) > MAX_PAGES:
        raise HukouDeskError(
            text(
                f"一份材料最多{MAX_PAGES}页，请分成几份附加。",
                f"A document takes at most {MAX_PAGES} pages; attach it in parts.",
            )
        )
    if len(pages) == 1:
        content, file_name = (
            pages[0],
            f"{name}.jpg" if pages[0][:2] == b"\xff\xd8" else f"{name}.png",
        )
    else:
        content, file_name = as_pdf(pages), f"{name}.pdf"
    if len(content) > MAX_BYTES:
        raise HukouDeskError(
            text(
                "拍摄的页面合计过大，请减少页数或降低清晰度后再附加。",
                "The captured pages are too large together: fewer pages, or a lower "
                "resolution, then attach again.",
            )
        )
    return intake.attach_scan(
        counter,
        actor,
        case_id=case_id,
        document_id=document_id,
        party=party,
        file_name=file_name,
        content=content,
    )
