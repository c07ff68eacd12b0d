"""A fatal error leaves a trace: `faulthandler` writes the stacks of every thread into
`hukou-desk-crash.log` in the data folder when the interpreter dies (a segfault in Qt, an abort
such as `none_dealloc`), where no Python logging runs any more. The next start finds the trace
and says so in the desk's log. Stacks hold code locations only, never what a clerk typed.
"""

from __future__ import annotations

import faulthandler
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

CRASH_LOG = "hukou-desk-crash.log"
START_MARK = "=== start "
KEEP_BYTES = 256_000  # the file is cut to its last part when it grows past four times this

_stream: IO[str] | None = None  # kept open for the whole run: faulthandler writes to its fd


def enable(folder: Path) -> bool:
    """Write fatal errors' stacks into `folder`/hukou-desk-crash.log from now on. Returns
    whether the previous run ended in a fatal error (its stacks are in that file)."""
    global _stream
    path = folder / CRASH_LOG
    crashed = previous_run_crashed(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _trim(path)
        stream = path.open("a", encoding="utf-8")  # open for the whole run
        path.chmod(0o600)
    except OSError:  # a folder it cannot write: faulthandler's default, standard error
        faulthandler.enable(all_threads=True)
        return crashed
    stream.write(f"{START_MARK}{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} pid {os.getpid()}\n")
    stream.flush()
    if _stream is not None:
        _stream.close()
    _stream = stream
    faulthandler.enable(file=stream, all_threads=True)
    return crashed


def previous_run_crashed(path: Path) -> bool:
    """Whether anything was written after the last start's mark (only a fatal error is)."""
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - KEEP_BYTES))
            tail = file.read().decode("utf-8", errors="replace")
    except OSError:
        return False
    last = tail.rfind(START_MARK)
    if last < 0:
        return bool(tail.strip())
    after = tail[last:].split("\n", 1)
    return len(after) > 1 and bool(after[1].strip())


def _trim(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size <= 4 * KEEP_BYTES:
        return
    with path.open("rb") as file:
        file.seek(size - KEEP_BYTES)
        kept = file.read()
    path.write_bytes(kept)
