"""Scans, photos and PDFs attached to a document check, stored by the SHA-256 of their bytes.

The type is read from the bytes (the `filetype` library's signatures), never from the file
name: a renamed executable is refused. The same file attached twice is stored once. Files are
written (owner-only) before the row that refers to them is committed, so a crash can leave an
unreferenced file, never a row without its file.

Beside an encrypted case file (`key`), each file is sealed on its own: ChaCha20-Poly1305 under a
key derived from the case file's (HKDF), a random nonce, the plaintext's SHA-256 as associated
data; and its name is an HMAC of that SHA-256, so the folder does not tell which known document
(a published form, a common certificate) is there. A file from before encryption is still read
where it was, and sealed by `seal_all`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable
from pathlib import Path

import filetype
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
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


def _file_key(key: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"hukou-desk attachments v1").derive(key)


def sealed_path(folder: Path, sha256: str, key: bytes) -> Path:
    name = hmac.new(_file_key(key), sha256.encode(), hashlib.sha256).hexdigest()
    return folder / name[:2] / f"{name}.sealed"


def _seal(key: bytes, sha256: str, content: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + ChaCha20Poly1305(_file_key(key)).encrypt(nonce, content, sha256.encode())


def load(folder: Path, sha256: str, key: bytes | None) -> bytes | None:
    """A stored file's plaintext; None if it is missing; b"" if it cannot be opened (damaged:
    it will not match its digest)."""
    if key is not None:
        try:
            sealed = sealed_path(folder, sha256, key).read_bytes()
        except FileNotFoundError:
            pass  # from before encryption, perhaps: read where it was
        else:
            try:
                return ChaCha20Poly1305(_file_key(key)).decrypt(
                    sealed[:12], sealed[12:], sha256.encode()
                )
            except (InvalidTag, ValueError):
                return b""
    try:
        return path_of(folder, sha256).read_bytes()
    except FileNotFoundError:
        return None


def seal_all(folder: Path, key: bytes, digests: Iterable[str]) -> int:
    """Seal the files stored before the case file was encrypted; the plain ones removed.
    Idempotent: run again after a power cut, it finishes the rest. Returns how many."""
    done = 0
    for sha256 in digests:
        plain = path_of(folder, sha256)
        try:
            content = plain.read_bytes()
        except FileNotFoundError:
            continue
        if hashlib.sha256(content).hexdigest() == sha256:
            _store(folder, sha256, content, key)
        plain.unlink()
        done += 1
    return done


def store(folder: Path, sha256: str, content: bytes, key: bytes | None) -> None:
    """A file stored (sealed under `key` if given) under its digest: a re-key's copy."""
    _store(folder, sha256, content, key)


def _store(folder: Path, sha256: str, content: bytes, key: bytes | None = None) -> None:
    target = path_of(folder, sha256) if key is None else sealed_path(folder, sha256, key)
    if target.exists():
        return
    if key is not None:
        content = _seal(key, sha256, content)
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


def keep(
    session: Session, *, folder: Path, content: bytes, key: bytes | None = None
) -> tuple[str, str]:
    """Store a file (sealed when the case file is) and its row; its SHA-256 and media type."""
    mime = sniff(content)
    sha256 = hashlib.sha256(content).hexdigest()
    _store(folder, sha256, content, key)
    if session.get(Attachment, sha256) is None:
        session.add(
            Attachment(sha256=sha256, size=len(content), media_type=mime, created_at=utc_now())
        )
    return sha256, mime


def attach(
    session: Session,
    *,
    folder: Path,
    actor: User,
    case: Case,
    check: DocumentCheck,
    file_name: str,
    content: bytes,
    key: bytes | None = None,
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
    sha256, mime = keep(session, folder=folder, content=content, key=key)
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


def read(folder: Path, attachment: Attachment, key: bytes | None = None) -> bytes:
    """The stored bytes, checked against their address (a damaged or missing file is an
    error the clerk is told about)."""
    content = load(folder, attachment.sha256, key)
    if content is None:
        raise StorageError(
            text(
                "附件文件已丢失（可从备份恢复），请重新扫描。",
                "The attached file is missing (a backup may hold it); scan the document again.",
            )
        )
    if hashlib.sha256(content).hexdigest() != attachment.sha256:
        raise StorageError(
            text(
                "附件文件已损坏，请重新扫描。",
                "The attached file is damaged; scan the document again.",
            )
        )
    return content
