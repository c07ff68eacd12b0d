"""Writing a file the clerk asked for (a slip, a bundle) whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text


def _cannot_save(path: Path, exc: OSError) -> HukouDeskError:
    return HukouDeskError(
        text(
            f"无法保存 {path.name}：{exc.strerror}。",
            f"Cannot save {path.name}: {exc.strerror}.",
        )
    )


@contextmanager
def writing_whole(path: Path) -> Iterator[BinaryIO]:
    """A file written beside the target (owner-only), on the disk, then renamed over it: a
    full disk, a pulled stick or an error on the way leaves no half file.

    A target that exists and is not a regular file (a device, a pipe: `--out /dev/stdout`) is
    written into as it is, never replaced; a folder is refused."""
    if path.is_dir():
        raise HukouDeskError(
            text(f"{path.name} 是一个文件夹。", f"{path.name} is a folder, not a file.")
        )
    if path.exists() and not path.is_file():
        try:
            with path.open("wb") as handle:
                yield handle
        except OSError as exc:
            raise _cannot_save(path, exc) from None
        return
    partial = path.with_name(path.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
    except OSError as exc:
        _remove(partial)
        raise _cannot_save(path, exc) from None
    except BaseException:
        _remove(partial)
        raise


def _remove(partial: Path) -> None:
    """The part written so far gone; if it cannot be (never made: the folder is missing or is a
    file; the stick pulled), the first error is the one to say."""
    with suppress(OSError):
        partial.unlink(missing_ok=True)


def write_whole(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a full disk or a pulled stick leaves no half file."""
    with writing_whole(path) as handle:
        handle.write(data)
