"""The wizard's progressive form: a follow-up question comes right after what revealed it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hukou_desk.ui.situation import SituationForm, _relevance
from hukou_desk.ui.wizard import SITUATION
from tests.ui.conftest import activate, complete_origin, ident, open_desk, user


class _Reading(dict):
    """Facts that note every path a relevance rule reads."""

    def __init__(self, read: set[str], prefix: str = "") -> None:
        super().__init__()
        self.read, self.prefix = read, prefix

    def get(self, key: str, default: Any = None) -> Any:
        path = f"{self.prefix}{key}"
        self.read.add(path)
        return _Reading(self.read, path + ".")


def test_every_follow_up_comes_after_the_questions_that_reveal_it(qtbot, policy):
    form = SituationForm(policy, "zh", progressive=True)
    qtbot.addWidget(form)
    order = list(form.fields)
    for path, rule in _relevance().items():
        read: set[str] = set()
        rule(_Reading(read))
        revealing = [p for p in read if p in form.fields]
        assert revealing, path
        for question in revealing:
            assert order.index(question) < order.index(path), f"{path} before {question}"


@pytest.mark.slow
def test_tab_goes_from_a_question_to_the_follow_up_it_revealed(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44070319900101123"))
    wizard.applicant.name.insert("陈小明")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    assert wizard.step == SITUATION
    fields = wizard.situation.form.fields
    for question, value, follow_up in (
        ("applicant.residence.kind", "owned", "applicant.residence.district"),
        ("destination.rural_village", True, "destination.lives_in_village"),
    ):
        box = fields[question]
        box.setFocus()
        while box.currentData() != value:
            qtbot.keyClick(box, Qt.Key.Key_Down)
        qtbot.keyClick(box, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is fields[follow_up], question


@pytest.mark.slow
def test_f6_goes_to_the_first_question_showing_in_the_next_group_and_shift_f6_back(
    qtbot, policy, staffed
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44070319900101123"))
    wizard.applicant.name.insert("陈小明")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    assert wizard.step == SITUATION
    form = wizard.situation.form
    fields = form.fields
    assert len(form.groups) == 4  # application, applicant, work and study, sponsor
    fields["application_date"].setFocus()
    order = []
    for _group in form.groups[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        order.append(QApplication.focusWidget())
    # The applicant's identity number is asked at step 1 (hidden here): the group starts
    # with the first question showing.
    assert order[0] is fields["applicant.hukou_region"]
    assert order[-1] is fields["sponsor.relationship"]
    assert all(form.groups[i + 1].isAncestorOf(w) for i, w in enumerate(order))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)  # the last group: stays
    assert QApplication.focusWidget() is fields["sponsor.relationship"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is order[-2]


@pytest.mark.slow
def test_f6_passes_what_is_answered_already(qtbot, policy, staffed):
    """A card's district answers the group's first question: F6 lands on the first open one."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44070319900101123"))
    wizard.applicant.name.insert("陈小明")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    form = wizard.situation.form
    fields = form.fields
    form.set_value("applicant.hukou_region", "440785")  # as the applicant's card offers it
    fields["application_date"].setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    landed = QApplication.focusWidget()
    assert landed is fields["applicant.marital_status"], landed.objectName()
    assert landed.fact() is None
    # Back: past the application date (today's, answered) to the pathway asked for.
    qtbot.keyClick(landed, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is fields["requested_pathway"]
    # The district cleared, it is the first open question again.
    form.set_value("applicant.hukou_region", None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is fields["applicant.hukou_region"]
