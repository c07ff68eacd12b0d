"""Step 6, the outcome (ui/wizard_outcome.py): the engine's result line by line, its
suggestion the clerk may change, and what the step keeps when the wizard autosaves."""

from __future__ import annotations

from hukou_desk.ui.wizard import OUTCOME
from tests.ui.conftest import SPECIALIST, errors, open_desk, type_intake, user


def test_the_result_suggests_the_recommendation_and_the_step_keeps_the_clerks_choice(
    qtbot, policy, staffed
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = type_intake(qtbot, window, SPECIALIST, submit=False)
    assert wizard.step == OUTCOME, errors(window)
    step = wizard.outcome
    assert step.outcome is not None and step.outcome.result.value == "eligible"
    shown = step.view.toPlainText()
    assert "✓" in shown and "✗" not in shown  # every criterion met, line by line
    assert not step.request.isEnabled()  # nothing missing: no notice to ask for
    assert step.recommendation() is True  # the engine's suggestion
    step.refuse.setChecked(True)  # the clerk may differ
    step.note.setPlainText("申请人撤回意向。")
    kept = step.state()
    assert kept == {"approve": False, "note": "申请人撤回意向。"}
    step.approve.setChecked(True)
    step.note.setPlainText("")
    step.restore(kept)
    assert step.recommendation() is False and step.note.toPlainText() == "申请人撤回意向。"
    wizard.go_back()
    wizard.go_next()  # shown again: the clerk's choice stands, not the engine's
    assert step.recommendation() is False
