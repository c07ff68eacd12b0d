"""Step 6, the outcome (ui/wizard_outcome.py): the engine's result line by line, its
suggestion the clerk may change, and what the step keeps when the wizard autosaves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hukou_desk.ui.wizard import OUTCOME
from tests.ui.conftest import SPECIALIST, errors, open_desk, type_intake, user


@pytest.mark.slow
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


@pytest.mark.slow
def test_submit_is_one_service_call_one_write_and_one_engine_run(
    qtbot, policy, staffed, monkeypatch
):
    """From the click on Submit through the confirmation to the finished intake: one write
    transaction, no read, the engine once; the desk then offers the receipt it was told of."""
    from collections import Counter as Tally
    from contextlib import contextmanager

    from hukou_desk.domain import engine
    from hukou_desk.services import intake
    from hukou_desk.slips.wording import SlipKind
    from hukou_desk.ui.slips import SlipPreview
    from tests.ui.conftest import answer_act

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = type_intake(qtbot, window, SPECIALIST, submit=False)
    wizard.autosave()  # what was typed is kept now: no autosave falls inside the count
    database = window.context.counter.database
    read, write = database.read, database.write
    tally: Tally[str] = Tally()

    @contextmanager
    def counted(kind, open_):
        tally[kind] += 1
        with open_() as session:
            yield session

    monkeypatch.setattr(database, "read", lambda: counted("read", read))
    monkeypatch.setattr(database, "write", lambda: counted("write", write))
    monkeypatch.setattr(
        intake, "evaluate", lambda *a, **k: tally.update(["engine"]) or (engine.evaluate(*a, **k))
    )
    submit = intake.submit
    at_return: list[Tally[str]] = []

    def submitted(*args, **kw):
        closed = submit(*args, **kw)
        # The tally from the click to here: the wizard's whole part (the window then reloads
        # its list and makes the receipt, its own reads).
        at_return.append(Tally(tally))
        return closed

    monkeypatch.setattr(intake, "submit", submitted)
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        qtbot.mouseClick(wizard.outcome.submit, Qt.MouseButton.LeftButton)
        assert tally == {}  # the question is asked from what the step shows
        answer_act(qtbot)
    assert at_return == [{"write": 1, "engine": 1}]  # called once: one write, the engine once
    closed = wizard.closed
    assert closed is not None and closed.number == wizard.case_number
    assert closed.status.value == "recommended" and closed.slip is SlipKind.RECEIPT
    assert closed.outcome is not None and closed.outcome.result.value == "eligible"
    qtbot.waitUntil(lambda: any(p.isVisible() for p in window.findChildren(SlipPreview)))


@pytest.mark.slow
def test_all_in_order_the_usual_words_are_offered_and_ctrl_enter_submits(qtbot, policy, staffed):
    from tests.ui.conftest import activate, answer_act

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)  # shortcuts reach the active window
    wizard = type_intake(qtbot, window, SPECIALIST, submit=False)
    step = wizard.outcome
    step.note.clear()
    wizard.go_back()
    wizard.go_next()
    assert step.note.toPlainText() == "材料齐全，符合条件。"  # eligible, nothing lacking
    assert step.note.textCursor().selectedText() == "材料齐全，符合条件。"  # typing replaces
    step.refuse.setChecked(True)  # the clerk differs: no words are put in their mouth
    step.note.clear()
    wizard.go_back()
    wizard.go_next()
    assert step.note.toPlainText() == ""
    step.approve.setChecked(True)
    step.note.setPlainText("核验无误。")
    step.note.setFocus()
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        qtbot.keyClick(step.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert wizard.case_number in answer_act(qtbot)
    assert wizard.closed is not None and wizard.closed.status.value == "recommended"


@pytest.mark.slow
def test_recommending_refusal_takes_back_the_usual_words_of_approval(qtbot, policy, staffed):
    """At the counter: all in order, 材料齐全，符合条件。 offered; the clerk clicks 建议不予批准
    and clicks into the note to say why — the words of approval are gone, not left before hers
    (材料齐全，符合条件。毕业证书…建议不予批准。 went to the supervisor). Her own words stay."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = type_intake(qtbot, window, SPECIALIST, submit=False)
    step = wizard.outcome
    step.note.clear()
    wizard.go_back()
    wizard.go_next()
    assert step.note.toPlainText() == "材料齐全，符合条件。"
    qtbot.mouseClick(step.refuse, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(step.note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(step.note, "refused")
    assert step.note.toPlainText() == "refused"
    qtbot.mouseClick(step.approve, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(step.refuse, Qt.MouseButton.LeftButton)
    assert step.note.toPlainText() == "refused"  # what she wrote is hers
