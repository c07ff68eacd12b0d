"""Writing what the clerk asked for: whole or not at all, owner-only, and never over a device."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.files import write_whole


def test_a_file_is_written_whole_and_owner_only(tmp_path):
    target = tmp_path / "slip.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_whole(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.partial"))


def test_a_device_is_written_into_never_replaced():
    """`print --out /dev/full` run as root once replaced the device with a PDF."""
    full = Path("/dev/full")
    with pytest.raises(HukouDeskError, match="Cannot save full"):
        write_whole(full, b"%PDF")
    assert stat.S_ISCHR(full.stat().st_mode)
    write_whole(Path("/dev/null"), b"%PDF")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_pipe_receives_the_bytes(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    write_whole(pipe, b"bundle bytes")
    reader.join(5)
    assert got == [b"bundle bytes"] and stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(HukouDeskError, match="is a folder"):
        write_whole(tmp_path, b"x")
