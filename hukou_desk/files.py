"""Writing a file the clerk asked for (a slip, a bundle) whole or not at all."""

from __future__ import annotations

from pathlib import Path

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text


def write_whole(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a full disk or a pulled stick leaves no half file."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise HukouDeskError(
            text(
                f"无法保存 {path.name}：{exc.strerror}。",
                f"Cannot save {path.name}: {exc.strerror}.",
            )
        ) from None
