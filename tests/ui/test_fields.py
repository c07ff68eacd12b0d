"""Lists of ethnicities and districts are found by typing their Chinese name; a typed value
that names nothing is refused and said, never stored as 'not known'."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox

from hukou_desk.ui.wizard import SITUATION
from tests.ui.conftest import activate, errors, ident, open_desk, type_intake, user


def _type_and_leave(qtbot, combo: QComboBox, text: str) -> None:
    """Type into a list as the input method commits Chinese, then Tab away."""
    combo.setFocus()
    line = combo.lineEdit()
    assert line is not None
    line.selectAll()
    committed = QInputMethodEvent()
    committed.setCommitString(text)
    QApplication.sendEvent(line, committed)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


def _wizard(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, ident("44070319900101123"))
    wizard.applicant.name.insert("陈小明")
    wizard.applicant.hukou_office.insert("恩平市公安局恩城派出所")
    return window, wizard


@pytest.mark.slow
def test_an_ethnicity_is_found_by_typing_its_name_and_nonsense_is_refused(qtbot, policy, staffed):
    window, wizard = _wizard(qtbot, policy, staffed)
    box = wizard.applicant.ethnicity
    for typed, code in (("壮", "08"), ("汉", "01")):
        _type_and_leave(qtbot, box, typed)
        assert box.currentData() == code and box.currentText().endswith(typed + "族")
    _type_and_leave(qtbot, box, "火星")
    assert box.currentData() == "01" and box.currentText() == "01 汉族"  # the choice stays
    assert "火星" in errors(window)[-1]  # and the clerk is told why
    assert wizard.applicant.state()["ethnicity"] == "01"


@pytest.mark.slow
def test_a_district_typed_by_name_is_stored_as_its_code_and_a_wrong_one_stops_the_step(
    qtbot, policy, staffed
):
    window, wizard = _wizard(qtbot, policy, staffed)
    box = wizard.applicant.ethnicity
    _type_and_leave(qtbot, box, "汉")
    wizard.go_next()
    assert wizard.step == SITUATION, errors(window)
    district = wizard.situation.form.fields["destination.district"]
    _type_and_leave(qtbot, district, "蓬江")
    assert district.fact() == "440703" and district.currentText() == "440703 蓬江区"
    assert wizard.situation.state()["destination"]["district"] == "440703"
    _type_and_leave(qtbot, district, "蓬江湖")
    assert "蓬江湖" in errors(window)[-1]
    assert district.fact() == "440703"  # refused: the district stays what it was
    # Typed and never left (Alt+→ straight away): the step will not go on with it.
    district.setFocus()
    district.setEditText("月球")
    wizard.go_next()
    assert wizard.step == SITUATION and "月球" in errors(window)[-1]


def test_the_case_list_filters_by_a_district_typed_by_name(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    _type_and_leave(qtbot, window.cases.district, "台山")
    assert window.cases.district.currentData() == "440781"


@pytest.mark.slow
def test_the_statistics_take_a_district_typed_by_name_and_enter(qtbot, policy, staffed):
    from tests.ui.test_counter_flow import _intakes

    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    from hukou_desk.ui import operations
    from hukou_desk.ui.slips import SlipPreview

    type_intake(qtbot, clerk, _intakes()[0])  # into 蓬江区
    qtbot.waitUntil(lambda: operations.running() == 0, timeout=30_000)
    for preview in clerk.findChildren(SlipPreview):  # the receipt, put away
        preview.close()
    boss = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    activate(qtbot, boss)
    boss.show_dashboard()
    dashboard = boss.dashboard
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=30_000)
    district = dashboard.district
    district.setFocus()
    line = district.lineEdit()
    line.selectAll()  # as Tab into it does
    committed = QInputMethodEvent()
    committed.setCommitString("蓬江")
    QApplication.sendEvent(line, committed)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # counts again at once, for 蓬江区
    assert district.currentData() == "440703"
    assert dashboard.filters().district == "440703"
