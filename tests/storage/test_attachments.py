"""Attachments: typed by their bytes, stored once by SHA-256, linked to a document check."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.domain.facts import Facts
from hukou_desk.storage import attachments, cases
from hukou_desk.storage.attachments import AttachmentRefused
from hukou_desk.storage.models import Attachment, CheckAttachment
from tests.storage.conftest import TODAY

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture
def check(db, staff, policy):
    with db.write() as session:
        person = cases.save_person(
            session,
            actor=staff["clerk"],
            identity_number="440781199001011246",
            name="陈小明",
            today=TODAY,
        )
        case = cases.create_case(
            session,
            actor=staff["clerk"],
            applicant=person,
            pathway=policy.pathway("graduate"),
            facts=Facts(),
            application_date=TODAY,
            district="440703",
            policy=policy,
        )
        return case, cases.checks_of(session, case)[0]


def test_the_same_scan_twice_is_stored_once_and_read_back_checked(db, staff, check):
    case, document = check
    for name in ("scan.png", "again.png"):
        with db.write() as session:
            attachments.attach(
                session,
                folder=db.attachments_dir,
                actor=staff["clerk"],
                case=case,
                check=document,
                file_name=f"/home/clerk/{name}",
                content=PNG,
            )
    with db.read() as session:
        stored = session.exec(select(Attachment)).all()
        links = session.exec(select(CheckAttachment)).all()
    assert [(a.media_type, a.size) for a in stored] == [("image/png", len(PNG))]
    assert [link.file_name for link in links] == ["scan.png", "again.png"]
    path = attachments.path_of(db.attachments_dir, stored[0].sha256)
    assert path.stat().st_mode & 0o777 == 0o600
    assert attachments.read(db.attachments_dir, stored[0]) == PNG
    path.write_bytes(PDF)
    with pytest.raises(Exception, match="damaged"):
        attachments.read(db.attachments_dir, stored[0])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00" + b"\0" * 64, "Only scans, photos or PDFs"),  # an .exe renamed scan.pdf
        (b"%PDF" + b"0" * (attachments.MAX_BYTES + 1), "too large"),
    ],
)
def test_empty_oversized_or_foreign_files_are_refused_and_nothing_is_stored(
    db, staff, check, content, message
):
    case, document = check
    with pytest.raises(AttachmentRefused, match=message), db.write() as session:
        attachments.attach(
            session,
            folder=db.attachments_dir,
            actor=staff["clerk"],
            case=case,
            check=document,
            file_name="scan.pdf",
            content=content,
        )
    with db.read() as session:
        assert session.exec(select(Attachment)).all() == []
    assert not db.attachments_dir.exists() or not any(db.attachments_dir.rglob("*"))


def test_a_pdf_is_accepted_as_pdf_whatever_its_name():
    assert attachments.sniff(PDF) == "application/pdf"
