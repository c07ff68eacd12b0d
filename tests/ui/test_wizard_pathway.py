"""Step 3, the pathway (ui/wizard_pathway.py): Enter takes the chosen route, one step on; the
fact that decides the leading route is named and asked with Alt+Q."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hukou_desk.ui.wizard import PATHWAY, PEOPLE, SITUATION
from tests.ui.conftest import (
    activate,
    complete_origin,
    ident,
    open_desk,
    user,
)


@pytest.mark.slow
def test_enter_on_the_chosen_pathway_goes_to_the_people_step_once(qtbot, policy, staffed):
    from tests.ui.test_counter_flow import _intakes

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    window.show()
    intake = _intakes()[0]
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, intake.id_number)
    wizard.applicant.name.setFocus()
    wizard.applicant.name.insert(intake.name)
    complete_origin(qtbot, wizard)
    wizard.applicant.name.setFocus()
    qtbot.keyClick(wizard.applicant.name, Qt.Key.Key_Return)
    assert wizard.step == SITUATION
    for path, value in intake.situation.items():
        wizard.situation.form.set_value(path, value)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.step == PATHWAY
    results = wizard.pathway.tree.results
    wizard.pathway.select(intake.pathway)
    results.setFocus()
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert wizard.step == PEOPLE  # not DOCUMENTS: one Enter, one step
    assert wizard.pathway.pathway_id == intake.pathway


@pytest.mark.slow
def test_the_pathway_step_asks_the_fact_that_decides_the_leading_route(qtbot, policy, staffed):
    """A mother joining her daughter: the parent route leads; the step names the fact that
    settles it, Alt+Q goes back to that question, and once answered the next one is asked."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44078119550101124"))
    wizard.applicant.name.insert("王秀英")
    complete_origin(qtbot, wizard)
    wizard.go_next()
    form = wizard.situation.form
    form.set_value("sponsor.relationship", "30")
    form.set_value("sponsor.hukou_region", "440703")
    wizard.go_next()
    assert wizard.step == PATHWAY
    assert wizard.pathway.tree.current_pathway() == "parent_joins_child"
    question = wizard.pathway.question
    assert question is not None and question.pathway_id == "parent_joins_child"
    assert wizard.pathway.deciding.isVisibleTo(wizard) and question.clause in (
        wizard.pathway.deciding.text()
    )
    first = question.paths[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert wizard.step == SITUATION
    field = form.fields[first]
    assert QApplication.focusWidget() is field or field.isAncestorOf(QApplication.focusWidget())
    assert first == "sponsor.student"  # the daughter's number comes with the people (step 4)
    form.set_value(first, False)  # not a student
    wizard.go_next()
    assert wizard.pathway.tree.current_pathway() == "parent_joins_child"
    assert wizard.pathway.question is None or wizard.pathway.question.paths[0] != first
