"""Step 2, the situation (ui/wizard_situation.py): the keyboard goes straight through the
questions, and a follow-up appears before the Tab that reaches it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import (
    SPECIALIST,
    activate,
    complete_origin,
    open_desk,
    user,
)


def test_one_tab_leaves_the_application_date(qtbot, policy, staffed):
    from hukou_desk.ui.fields import DateField

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, SPECIALIST.id_number)
    wizard.applicant.name.insert(SPECIALIST.name)
    complete_origin(qtbot, wizard)
    wizard.go_next()
    date = wizard.situation.form.fields["application_date"]
    assert isinstance(date, DateField)
    date.setFocus(Qt.FocusReason.TabFocusReason)  # arrived by Tab: the year is selected
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not date  # one Tab on, not year → month → day
    date.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(date, "20261120")  # typed straight through year, month and day
    assert date.fact() == "2026-11-20"


def test_a_follow_up_question_is_the_next_tab_at_once(qtbot, policy, staffed):
    """Answering by keyboard shows the follow-up question below at once (not after the
    engine's pause), so the Tab that follows always lands on it, however fast it comes."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, SPECIALIST.id_number)
    wizard.applicant.name.insert(SPECIALIST.name)
    complete_origin(qtbot, wizard)
    wizard.go_next()
    form = wizard.situation.form
    homes = form.fields["applicant.homes_owned_in_city"]
    acquired = form.fields["applicant.home_acquired"]
    reason = form.fields["applicant.lost_home_reason"]
    assert not acquired.isVisibleTo(form) and not reason.isVisibleTo(form)
    homes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(homes, Qt.Key.Key_Up)  # not known → 0
    assert reason.isVisibleTo(form) and not acquired.isVisibleTo(form)
    qtbot.keyClick(homes, Qt.Key.Key_Up)  # 0 → 1: now how it was acquired is asked
    assert acquired.isVisibleTo(form) and not reason.isVisibleTo(form)
    qtbot.keyClick(homes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is acquired
    qtbot.keyClick(acquired, Qt.Key.Key_Down)  # bought
    assert acquired.fact() == "purchased"
    # The lost-home reason "another reason" asks for the reason in words, right below.
    qtbot.keyClick(acquired, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(homes, Qt.Key.Key_Down)  # back to 0
    qtbot.keyClick(homes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is reason
    while reason.fact() != "other":
        qtbot.keyClick(reason, Qt.Key.Key_Down)
    qtbot.keyClick(reason, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.fields["applicant.lost_home_note"]
