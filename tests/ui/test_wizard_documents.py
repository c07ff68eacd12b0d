"""Step 5, the documents (ui/wizard_documents.py): the step opens where the checking goes on,
never on 撤回此草稿."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from hukou_desk.ui.wizard import DOCUMENTS, OUTCOME, PATHWAY, PEOPLE, SITUATION
from tests.ui.conftest import activate, complete_origin, ident, open_desk, user


@pytest.mark.slow
def test_the_documents_step_opens_on_the_first_unanswered_check(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44078119850303123"))
    wizard.applicant.name.insert("黄志强")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    assert wizard.step == SITUATION
    wizard.situation.form.set_value("applicant.homes_owned_in_city", 1)
    wizard.situation.form.set_value("applicant.home_acquired", "purchased")
    wizard.go_next()
    assert wizard.step == PATHWAY
    wizard.pathway.select("bought_home")
    wizard.go_next()
    assert wizard.step == PEOPLE
    wizard.go_next()
    assert wizard.step == DOCUMENTS
    boxes = wizard.documents.boxes  # made anew each time the step is shown
    assert QApplication.focusWidget() is boxes[0].state  # not the withdraw button
    boxes[0].state.setCurrentIndex(boxes[0].state.findData("verified"))
    wizard.go_back()
    wizard.go_next()
    boxes = wizard.documents.boxes
    assert QApplication.focusWidget() is boxes[1].state  # the next one without a finding
    for box in boxes:
        box.state.setCurrentIndex(box.state.findData("verified"))
    wizard.go_back()
    wizard.go_next()
    first = wizard.documents.boxes[0]
    # Every finding made, but the first document's check questions are not ticked yet.
    assert QApplication.focusWidget() is next(iter(first.questions.values()))
    for box in wizard.documents.boxes:
        for each in box.questions.values():
            each.setChecked(True)
    wizard.go_next()
    assert wizard.step == OUTCOME
    wizard.go_back()
    assert QApplication.focusWidget() is wizard.documents.boxes[0].state  # all done: the first
    # Shown five times, laid out once: the documents and one stretch below them (stretches
    # left behind by each showing once pushed the documents out of sight).
    step = wizard.documents
    assert step.list.count() == len(step.boxes) + 1
    assert [step.list.itemAt(i).widget() for i in range(len(step.boxes))] == step.boxes
