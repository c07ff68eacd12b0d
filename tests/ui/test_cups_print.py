"""A paper printed through a real CUPS: the test starts its own scheduler in a scratch folder
(its own socket, spool and logs; the PC's CUPS untouched) with a PDF printer whose device is a
file, prints the way the desk does (`lp` with the dialog's choices) and reads what arrived:
A4, the copies asked for, the text and the embedded fonts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from hukou_desk.ui.slips import send_to_printer
from tests.ui.test_print_path import paper  # noqa: F401 - the permit drawn by the renderer

CUPSD = "/usr/sbin/cupsd"
# cups-filters' generic PDF printer: its pdftopdf filter applies page size, scaling and
# copies as a real queue does, and hands the result to the device (here a file).
PPD = Path("/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CUPSD).is_file() and PPD.is_file() and shutil.which("lp")),
        reason="CUPS not installed (cups-daemon, cups-client, cups-filters: .ci/run)",
    ),
    pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="cupsd runs as root"),
    pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed"),
]


@pytest.fixture
def cups(qtbot, monkeypatch):
    """A scheduler of the test's own with one queue, "hukou-pdf", printing into a file."""
    root = Path(tempfile.mkdtemp(prefix="hk-cups-"))  # short: a socket path has 108 bytes
    root.chmod(0o755)
    for folder in ("etc", "spool", "cache", "state", "log"):
        (root / folder).mkdir()
    for folder in ("tmp", "out"):
        (root / folder).mkdir(mode=0o1777)
        (root / folder).chmod(0o1777)
    socket = root / "cups.sock"
    (root / "etc" / "cupsd.conf").write_text(
        f"Listen {socket}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    (root / "etc" / "cups-files.conf").write_text(
        "FileDevice Yes\n"
        + "".join(
            f"{key} {root / value}\n"
            for key, value in (
                ("ServerRoot", "etc"),
                ("RequestRoot", "spool"),
                ("TempDir", "tmp"),
                ("CacheDir", "cache"),
                ("StateDir", "state"),
                ("ErrorLog", "log/error_log"),
                ("AccessLog", "log/access_log"),
                ("PageLog", "log/page_log"),
            )
        )
    )
    for conf in (root / "etc").iterdir():
        conf.chmod(0o644)
    scheduler = subprocess.Popen(
        [
            CUPSD,
            "-f",
            "-c",
            str(root / "etc" / "cupsd.conf"),
            "-s",
            str(root / "etc" / "cups-files.conf"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    monkeypatch.setenv("CUPS_SERVER", str(socket))
    env = {**os.environ, "CUPS_SERVER": str(socket)}

    def running() -> bool:
        if not socket.exists():
            return False
        done = subprocess.run(["lpstat", "-r"], env=env, capture_output=True, text=True)
        return "is running" in done.stdout

    try:
        qtbot.waitUntil(running, timeout=15_000)
        out = root / "out" / "job.pdf"
        subprocess.run(
            ["lpadmin", "-p", "hukou-pdf", "-E", "-v", f"file://{out}", "-P", str(PPD)],
            env=env,
            check=True,
            capture_output=True,
        )
        # Also the scheduler's default: Qt's print support may have asked the PC's CUPS for
        # its printers before this test pointed CUPS_SERVER here, and then knows no
        # "hukou-pdf" (the name's way into `lp -d` is tested in test_print_path.py).
        subprocess.run(["lpadmin", "-d", "hukou-pdf"], env=env, check=True, capture_output=True)
        yield env, out
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=15)
        shutil.rmtree(root, ignore_errors=True)


def _pdf(command: str, path: Path, *more: str) -> str:
    done = subprocess.run([command, str(path), *more], capture_output=True, text=True, check=True)
    return done.stdout


def test_a_paper_printed_through_cups_arrives_a4_with_its_copies_text_and_fonts(
    qtbot,
    cups,
    paper,  # noqa: F811 - the fixture imported above
):
    env, out = cups
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName("hukou-pdf")
    printer.setCopyCount(2)
    assert not printer.outputFileName()  # a printer, not a file
    assert send_to_printer([paper.read_bytes()], printer) == "cups"

    def printed() -> bool:
        pending = subprocess.run(["lpstat", "-o"], env=env, capture_output=True, text=True)
        return out.is_file() and out.stat().st_size > 0 and not pending.stdout.strip()

    qtbot.waitUntil(printed, timeout=60_000)
    info = _pdf("pdfinfo", out)
    original = _pdf("pdfinfo", paper)
    pages = int(next(x for x in original.splitlines() if x.startswith("Pages:")).split()[1])
    assert f"Pages:           {pages * 2}" in info  # two copies, every 联 in each
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages * 2), str(out)], capture_output=True, text=True
    ).stdout
    page_sizes = [line for line in sizes.splitlines() if re.match(r"Page +\d+ size:", line)]
    assert len(page_sizes) == pages * 2 and all("(A4)" in line for line in page_sizes), sizes
    # Unscaled: 595 × 842 points, the paper's own (a fit-to-page would shrink nothing here,
    # but a Letter or a scaled queue would give other numbers).
    assert all("595" in line and "842" in line for line in page_sizes), sizes
    # The text reached the printer as text: the paper's words and its 联 are searchable.
    words = "".join(_pdf("pdftotext", out, "-").split())
    for expected in ("准予迁入证明", "江门市公安局蓬江分局白沙派出所", "陈0宝", "存根联", "陈小明"):
        assert words.count(expected) >= 2, expected
    fonts = _pdf("pdffonts", out).splitlines()[2:]
    assert any("NotoSerifCJK" in row for row in fonts), fonts
    assert fonts and all(row.split()[-5] == "yes" for row in fonts), fonts  # embedded
