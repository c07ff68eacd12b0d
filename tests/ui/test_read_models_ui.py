"""The desk on read models: an intake typed and submitted, the case read and approved in the
review — each screen holding frozen values (`domain/case_file.py`, `domain/staff.py` `Clerk`),
never the case file's rows, its actions through `operations.act`. Both screens are grabbed to
PNG as they stand (`tmp_path`), and the pictures checked for a drawn screen."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from hukou_desk.domain.case_file import CaseFile, DecisionRecord, RecordedPerson
from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.domain.staff import Clerk
from hukou_desk.ui.review import CaseReview
from tests.ui.conftest import SPECIALIST, answer_act, errors, open_desk, type_intake, user


def _grab(widget: QWidget, out: Path) -> QImage:
    """The widget as drawn once its layout has settled, saved to `out` and read back."""
    QApplication.processEvents()  # the resize's layout and the status bar's elisions
    assert widget.grab().save(str(out))
    image = QImage(str(out))
    assert not image.isNull() and image.width() > 400 and image.height() > 300
    # Drawn, not blank: a screen of text and fields has many colours.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20
    return image


@pytest.mark.slow
def test_an_intake_and_its_review_run_on_read_models(qtbot, policy, staffed, tmp_path, china_clock):
    china_clock(datetime(2026, 9, 1, 10, 0))  # its time limit within the installed calendar
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    assert isinstance(clerk.context.user, Clerk)
    wizard = type_intake(qtbot, clerk, SPECIALIST, submit=False)
    clerk.resize(1280, 800)
    _grab(clerk, tmp_path / "intake.png")
    number = wizard.case_number
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        qtbot.mouseClick(wizard.outcome.submit, Qt.MouseButton.LeftButton)
        answer_act(qtbot)
    assert errors(clerk) == []
    clerk.close()

    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(number)
    assert isinstance(review, CaseReview)
    found = review.file
    assert isinstance(found, CaseFile) and isinstance(found.applicant, RecordedPerson)
    assert all(isinstance(d, DecisionRecord) for d in found.decisions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.case.status = CaseStatus.APPROVED.value  # type: ignore[misc]
    assert found.applicant.name == SPECIALIST.name
    assert SPECIALIST.name in review.view.toPlainText()
    assert CaseStatus(found.case.status) is CaseStatus.RECOMMENDED
    assert review.approve.isChecked()  # as the clerk recommended
    boss.resize(1280, 800)
    _grab(boss, tmp_path / "review.png")

    # The decision through operations.act: recorded, and the screen reads the case anew.
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    answer_act(qtbot)
    assert errors(boss) == []
    qtbot.waitUntil(lambda: CaseStatus(review.file.case.status) is CaseStatus.APPROVED)
    assert review.file is not found  # a new value; the one read before is as it was
    assert CaseStatus(found.case.status) is CaseStatus.RECOMMENDED
    _grab(boss, tmp_path / "approved.png")
