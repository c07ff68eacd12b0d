"""A refusal's grounds ticked in the review screen: the engine's criteria with their clauses,
the unmet ones ticked to start with, at least one required (said in words), and the refusal
notice naming each ticked criterion with its clause."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox
from sqlmodel import select

from hukou_desk.domain.outcome import RecordedOutcome
from hukou_desk.slips.wording import SlipKind
from hukou_desk.storage.models import Decision
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.slips import SlipPreview
from tests.slips.conftest import POPPLER
from tests.ui.conftest import answer_act, errors, open_desk, type_intake, user
from tests.ui.test_counter_flow import _intakes


def _click(qtbot, box: QCheckBox) -> None:
    """A click on the box itself (its indicator, at the left), as a supervisor would."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


@POPPLER
@pytest.mark.slow
def test_the_supervisor_ticks_the_criteria_and_the_notice_names_their_clauses(
    qtbot, policy, staffed, tmp_path
):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    number = type_intake(qtbot, clerk, _intakes()[4]).case_number  # recommended for refusal
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    review = boss.open_case(number)
    assert isinstance(review, CaseReview) and review.refuse.isChecked()
    assert review.reasons.toPlainText() == ""  # the grounds are ticked, not typed
    boxes = review.ground_boxes
    assert review.judged is not None  # the outcome the refusal would rest on: every criterion
    assert list(boxes) == [line.criterion_id for line in review.judged.lines]
    assert {c.id for c in policy.pathway("spouse").criteria} <= set(boxes)
    failed = review.ticked_grounds()
    assert failed, "the criteria the engine found unmet are ticked to start with"
    for cid, box in boxes.items():
        assert box.text().startswith(("✓ [", "✗ [", "? ["))  # the one rendering of a line
        assert box.isChecked() is (box.text()[0] == "✗"), cid
    # None ticked: the decision is refused in words, before any confirmation.
    for cid in failed:
        _click(qtbot, boxes[cid])
    assert review.ticked_grounds() == []
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    assert "至少一项" in errors(boss)[-1]
    # Ticked again, with a criterion the engine found met: the supervisor's own finding.
    spouse = {c.id for c in policy.pathway("spouse").criteria}
    met = next(c for c, box in boxes.items() if c in spouse and box.text().startswith("✓"))
    _click(qtbot, boxes[failed[0]])
    _click(qtbot, boxes[met])
    ticked = review.ticked_grounds()
    assert set(ticked) == {failed[0], met}
    review.reasons.insertPlainText("经实地核查，配偶无固定住所。")
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)
    assert "不予批准告知书" in answer_act(qtbot)
    assert len(errors(boss)) == 1  # nothing went wrong after the first refusal in words

    with staffed.read() as session:
        refusal = session.exec(select(Decision).where(Decision.kind == "refusal")).one()
    recorded = RecordedOutcome.from_json(refusal.outcome)
    assert list(recorded.grounds) == ticked
    shown = review.view.toPlainText()  # the decided case lists what the refusal rests on
    for line in recorded.ground_lines:
        assert f"[{line.clause}] {line.text.zh}" in shown

    with qtbot.waitSignal(
        boss.printing.preview_slip(number, SlipKind.REFUSAL).finished, timeout=20_000
    ):
        pass
    (preview,) = [w for w in boss.findChildren(SlipPreview) if w.isVisible()]
    saved = preview.save_as(tmp_path / "refusal.pdf")
    assert saved is not None
    raw = subprocess.run(
        ["pdftotext", "-raw", str(saved), "-"], capture_output=True, text=True, check=True
    ).stdout
    cells = "".join(raw.split())
    # One row per ticked criterion, in the plan's order, said as unmet, with its clause; the
    # met one without the engine's finding (which says otherwise).
    reasons = cells[cells.index("依据条款") : cells.index("审批意见")]
    rows = [
        reasons.index(f"{i + 1}不符合“{line.text.zh}”")
        for i, line in enumerate(recorded.ground_lines)
    ]
    assert rows == sorted(rows) and f"{len(rows) + 1}不符合" not in reasons
    for start, end, line in zip(
        rows, [*rows[1:], len(reasons)], recorded.ground_lines, strict=True
    ):
        assert reasons[start:end].endswith(line.clause), reasons[start:end]
    met_line = next(line for line in recorded.ground_lines if line.criterion_id == met)
    assert met_line.detail is None
    assert "审批意见：经实地核查，配偶无固定住所。" in cells  # the supervisor's own words
