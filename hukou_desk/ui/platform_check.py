"""The self-test's screen side: what Qt needs on this PC, checked without opening a window
(a self-test may run where there is no display)."""

from __future__ import annotations

import sys
from pathlib import Path

from hukou_desk.services.selftest import Check


def checks() -> list[Check]:
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    wanted = "qwindows" if sys.platform == "win32" else "libqxcb"
    found = sorted(p.name for p in (plugins / "platforms").glob(f"{wanted}*"))
    out = [
        Check(
            "Qt platform plug-in",
            bool(found),
            ", ".join(found) if found else f"{wanted} missing in {plugins / 'platforms'}",
        )
    ]
    try:
        from PySide6 import QtPrintSupport  # noqa: F401  (the printing module loads)

        support = sorted(p.name for p in (plugins / "printsupport").glob("*"))
        needed = sys.platform == "win32" or bool(support)  # CUPS' plug-in on Linux
        out.append(
            Check(
                "printing",
                needed,
                ", ".join(support)
                if support
                else "Qt's print support (Windows' own spooler)"
                if sys.platform == "win32"
                else "no CUPS print-support plug-in",
            )
        )
    except ImportError as exc:
        out.append(Check("printing", False, f"QtPrintSupport does not load: {exc}"))
    try:
        from PySide6 import QtCharts  # noqa: F401  (the statistics' charts)

        out.append(Check("charts", True, "QtCharts loads"))
    except ImportError as exc:
        out.append(Check("charts", False, f"QtCharts does not load: {exc}"))
    from hukou_desk.paths import resources_dir

    fonts = sorted(p.name for p in (resources_dir() / "fonts").glob("*.tt[fc]"))
    out.append(Check("fonts", bool(fonts), ", ".join(fonts) or "no font shipped"))
    return out
