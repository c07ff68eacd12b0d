"""Step 4, the people (ui/wizard_people.py): who may come along is judged as the clerk types,
and the step will not go on without what the papers need of each person."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hukou_desk.domain.parties import PartyRole
from hukou_desk.ui.wizard import DOCUMENTS, PEOPLE
from tests.ui.conftest import Intake, errors, ident, open_desk, type_intake, user

HOME_BUYER = Intake(
    id_number=ident("44078119850303123"),
    name="黄志强",
    pathway="bought_home",
    situation={
        "applicant.homes_owned_in_city": 1,
        "applicant.home_acquired": "purchased",
        "applicant.home_district": "440703",
        "destination.district": "440703",
    },
)


@pytest.mark.slow
def test_a_relative_is_judged_as_typed_and_each_person_needs_what_the_papers_ask(
    qtbot, policy, staffed
):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    wizard = type_intake(qtbot, window, HOME_BUYER, submit=False)
    wizard.go_back()
    wizard.go_back()
    assert wizard.step == PEOPLE, errors(window)
    people = wizard.people
    sponsor_number, _sponsor_name = people.people[PartyRole.SPONSOR]
    assert not sponsor_number.isEnabled()  # this route has no sponsor
    row = people.relatives.add_relative({"name": "黄小宝"})
    number = people.relatives.relative_cell(row, "id_number")
    number.setFocus()
    qtbot.keyClicks(number, ident("44078120150606123"))
    # No relationship chosen yet: the step says so and stays.
    wizard.go_next()
    assert wizard.step == PEOPLE and "黄小宝" in errors(window)[-1]
    people.relatives.relative_cell(row, "relationship").set_fact("20")  # a son
    qtbot.waitUntil(lambda: "黄小宝" in people.verdicts.toPlainText(), timeout=5000)
    assert "待核实 黄小宝" in people.verdicts.toPlainText()  # a child: married or not?
    people.relatives.relative_cell(row, "marital_status").set_fact("10")
    qtbot.waitUntil(lambda: "可随迁 黄小宝" in people.verdicts.toPlainText(), timeout=5000)
    # A householder named needs how the applicant stands to them.
    householder_number, householder_name = people.people[PartyRole.HOUSEHOLDER]
    qtbot.keyClicks(householder_number, ident("44078119600101123"))
    householder_name.insert("黄大伟")
    wizard.go_next()
    assert wizard.step == PEOPLE and "黄大伟" in errors(window)[-1]
    people.householder_relation.set_fact("02")
    qtbot.keyClick(householder_name, Qt.Key.Key_Return)
    assert wizard.step == DOCUMENTS, errors(window)
    parties = {(p.role, p.name) for p in people.parties()}
    assert parties == {(PartyRole.HOUSEHOLDER, "黄大伟"), (PartyRole.RELATIVE, "黄小宝")}
