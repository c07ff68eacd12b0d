"""Captured pages into one scan: one page stays a picture, several become a PDF, bounded."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.services import capture, intake
from tests.services.conftest import open_spouse_case


def page(colour: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), colour).save(out, format="JPEG")
    return out.getvalue()


def attach(counter, clerk, ref, pages):
    return capture.attach_pages(
        counter,
        clerk,
        case_id=ref.id,
        document_id="marriage_certificate",
        party="applicant",
        pages=pages,
        name="结婚证",
    )


def test_one_page_is_a_picture_and_several_one_pdf(counter, people):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    assert attach(counter, clerk, ref, [page()]) == ["结婚证.jpg"]
    names = attach(counter, clerk, ref, [page(), page("grey")])
    assert names == ["结婚证.jpg", "结婚证.pdf"]
    view = intake.view_case(counter, clerk, number=ref.number)
    pdf = next(s for s in view.scans if s.file_name.endswith(".pdf"))
    stored = intake.open_scan(counter, clerk, scan_id=pdf.id)
    assert stored.media_type == "application/pdf" and b"/Count 2" in stored.content


def test_no_page_or_too_many_pages_are_refused_in_words(counter, people, monkeypatch):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    with pytest.raises(HukouDeskError, match="No page"):
        attach(counter, clerk, ref, [])
    with pytest.raises(HukouDeskError, match="at most 30 pages"):
        attach(counter, clerk, ref, [page()] * 31)
    monkeypatch.setattr(capture, "MAX_BYTES", 1000)
    with pytest.raises(HukouDeskError, match="too large"):
        attach(counter, clerk, ref, [page(), page()])
    assert intake.view_case(counter, clerk, number=ref.number).scans == []
