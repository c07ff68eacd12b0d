"""The manual: F1 opens the page for the screen in front of the clerk; it saves as a PDF."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hukou_desk.ui.help import PAGES, HelpDialog, page_title
from tests.ui.conftest import activate, open_desk, user


def _open_help(qtbot, window) -> HelpDialog:
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(HelpDialog)))
    (dialog,) = [d for d in window.findChildren(HelpDialog) if d.isVisible()]
    return dialog


@pytest.mark.slow
def test_f1_opens_the_page_for_the_screen_in_front_of_the_clerk(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    dialog = _open_help(qtbot, window)
    assert dialog.current == "cases" and "案件列表" in dialog.text.toPlainText()
    assert dialog.pages.count() == len(PAGES)
    dialog.close()
    window.show_page(window.finder_page)
    dialog = _open_help(qtbot, window)
    assert dialog.current == "finder" and "途径查找" in dialog.text.toPlainText()
    dialog.close()


def test_every_page_exists_in_both_languages_and_its_screenshot_loads(qtbot):
    for lang in ("zh", "en"):
        dialog = HelpDialog(lang)
        qtbot.addWidget(dialog)
        for page in PAGES:
            assert page_title(page, lang)
            dialog.show_page(page)
            html = dialog.text.document().toHtml()
            assert "<img" in html  # each page shows the screen it is about
            (source,) = [p.split('"')[0] for p in html.split('<img src="')[1:]][:1]
            image = dialog.text.document().resource(2, source)  # QTextDocument.ImageResource
            assert image is not None and not image.isNull(), (lang, page, source)


def test_the_manual_saves_as_one_pdf(qtbot, tmp_path):
    dialog = HelpDialog("zh")
    qtbot.addWidget(dialog)
    out = dialog.save_pdf(tmp_path / "manual.pdf")
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 100_000
    words = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True)
    if words.returncode == 0:
        for page in PAGES:
            assert page_title(page, "zh") in words.stdout
    assert QApplication.instance() is not None
