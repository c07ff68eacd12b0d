"""Scans, photos and PDFs attached to a document check, stored by the SHA-256 of their bytes.

The type is read from the bytes (the `filetype` library's signatures), never from the file
name: a renamed executable is refused. The same file attached twice is stored once. Files are
written (owner-only) before the row that refers to them is committed, so a crash can leave an
unreferenced file, never a row without its file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import filetype
from sqlmodel import Session

from hukou_desk.domain.lifecycle import OPEN, STATUS_TITLES, LifecycleError
from hukou_desk.domain.text import text
from hukou_desk.storage.errors import DiskFull, StorageError
from hukou_desk.storage.models import (
    Attachment,
    Case,
    CheckAttachment,
    DocumentCheck,
    User,
    utc_now,
)

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
}


class AttachmentRefused(StorageError):
    """A file that is too large, empty, or not a scan, photo or PDF."""


def sniff(content: bytes) -> str:
    """The media type of `content` by its signature, or AttachmentRefused."""
    if not content:
        raise AttachmentRefused(text("文件是空的。", "The file is empty."))
    if len(content) > MAX_BYTES:
        size = len(content) / 1024 / 1024
        raise AttachmentRefused(
            text(
                f"文件过大（{size:.1f} MB），上限为 {MAX_BYTES // 1024 // 1024} MB。",
                f"The file is too large ({size:.1f} MB); the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB.",
            )
        )
    kind = filetype.guess(content)
    mime: str | None = kind.mime if kind is not None else None
    if mime not in ALLOWED_TYPES:
        allowed = "、".join(ALLOWED_TYPES.values())
        raise AttachmentRefused(
            text(
                f"只能附加扫描件、照片或PDF（{allowed}），此文件不是。",
                f"Only scans, photos or PDFs ({', '.join(ALLOWED_TYPES.values())}) "
                "can be attached; this file is none of them.",
            )
        )
    return mime


def path_of(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256


def _store(folder: Path, sha256: str, content: bytes) -> None:
    target = path_of(folder, sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_suffix(".partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if exc.errno == 28:  # ENOSPC
            raise DiskFull() from exc
        raise


def attach(
    session: Session,
    *,
    folder: Path,
    actor: User,
    case: Case,
    check: DocumentCheck,
    file_name: str,
    content: bytes,
) -> CheckAttachment:
    """Attach a file to a document check, in the caller's write transaction.

    Scans are what a supervisor decides on: none added once the case is decided or withdrawn."""
    from hukou_desk.storage.cases import changed, status_of

    status = status_of(case)
    if status not in OPEN:
        title = STATUS_TITLES[status]
        raise LifecycleError(
            text(
                f"案件处于“{title.zh}”状态，不能再附加扫描件。",
                f"A case that is {title.en} takes no more scans.",
            )
        )
    mime = sniff(content)
    sha256 = hashlib.sha256(content).hexdigest()
    _store(folder, sha256, content)
    if session.get(Attachment, sha256) is None:
        session.add(
            Attachment(sha256=sha256, size=len(content), media_type=mime, created_at=utc_now())
        )
    link = CheckAttachment(
        check_id=check.id,
        sha256=sha256,
        file_name=Path(file_name).name,
        added_by=actor.id,
        added_at=utc_now(),
    )
    session.add(link)
    session.flush()
    # A change of the case like any other: a new revision, its audit event, and an outbox row,
    # so that the next export carries the scan to the centre.
    changed(
        session,
        case,
        actor=actor,
        action="check.attach",
        before=None,
        entity="check_attachment",
        entity_id=str(link.id),
        after={"file_name": link.file_name, "sha256": sha256},
        detail={"document": check.document_id, "sha256": sha256, "type": mime},
    )
    return link


def read(folder: Path, attachment: Attachment) -> bytes:
    """The stored bytes, checked against their address (a damaged or missing file is an
    error the clerk is told about)."""
    try:
        content = path_of(folder, attachment.sha256).read_bytes()
    except FileNotFoundError:
        raise StorageError(
            text(
                "附件文件已丢失（可从备份恢复），请重新扫描。",
                "The attached file is missing (a backup may hold it); scan the document again.",
            )
        ) from None
    if hashlib.sha256(content).hexdigest() != attachment.sha256:
        raise StorageError(
            text(
                "附件文件已损坏，请重新扫描。",
                "The attached file is damaged; scan the document again.",
            )
        )
    return content
