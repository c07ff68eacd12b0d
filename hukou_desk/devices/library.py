"""Loading a vendor's reader library, only from where the administrator pointed the desk.

Windows libraries use stdcall (`WinDLL`); elsewhere the C convention (`CDLL`). A folder is
searched for the family's usual file name on this system.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hukou_desk.devices.cards import CardFault, Fault

WINDOWS = sys.platform == "win32"
# Readers on USB answer at ports 1001-1016; serial readers at 1-16 (both SDK families).
USB_PORTS = tuple(range(1001, 1017))

NAMES = {
    "termb": ("termb.dll",) if WINDOWS else ("libtermb.so",),
    "sdtapi": ("sdtapi.dll", "SDTAPI.dll") if WINDOWS else ("libsdtapi.so",),
    "wlt": ("WltRS.dll",) if WINDOWS else ("libwlt.so",),
}


def locate(where: str, family: str) -> Path:
    """The library file: `where` itself, or the family's file in the folder `where`."""
    path = Path(where).expanduser()
    if path.is_dir():
        for name in NAMES[family]:
            if (path / name).is_file():
                return path / name
        raise CardFault(Fault.SDK_MISSING, f"{' / '.join(NAMES[family])} ∉ {path}")
    if not path.is_file():
        raise CardFault(Fault.SDK_MISSING, str(path))
    return path


def load(where: str, family: str) -> ctypes.CDLL:
    path = locate(where, family)
    try:
        if sys.platform == "win32":  # the vendor's own dependencies sit beside it
            os.add_dll_directory(str(path.parent))
            return ctypes.WinDLL(str(path))
        return ctypes.CDLL(str(path))
    except OSError:
        raise CardFault(Fault.SDK_MISSING, path.name) from None


Function = Callable[..., Any]


def function(
    library: ctypes.CDLL, name: str, args: list[type], restype: type = ctypes.c_int
) -> Function:
    """A library function with its published signature; a missing export is SDK_MISSING."""
    try:
        found: Function = getattr(library, name)
    except AttributeError:
        raise CardFault(Fault.SDK_MISSING, name) from None
    found.argtypes = args  # type: ignore[attr-defined]
    found.restype = restype  # type: ignore[attr-defined]
    return found
