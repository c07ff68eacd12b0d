"""Step 2, the situation (ui/wizard_situation.py): the keyboard goes straight through the
questions, a follow-up appears before the Tab that reaches it, and what the station and the
cards already say is offered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hukou_desk.ui.wizard import DOCUMENTS, PEOPLE, SITUATION
from tests.ui.conftest import SPECIALIST, activate, complete_origin, errors, open_desk, user


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_what_the_station_and_the_cards_say_is_offered_and_the_sponsor_read_here(
    qtbot, policy, staffed
):
    """The destination is the station's district (it takes no other); the districts of the
    applicant's and the sponsor's registers come from their cards' addresses; the sponsor's
    card read with F2 among the sponsor's questions fills their line in step 4 too."""
    import json

    from hukou_desk.devices.simulated import SimulatedReader, card_from_json
    from hukou_desk.domain.parties import PartyRole
    from hukou_desk.paths import resources_dir

    def card(name):
        path = resources_dir() / "cards" / f"{name}.json"
        return card_from_json(json.loads(path.read_text(encoding="utf-8")))

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    reader = SimulatedReader()
    window.context.counter.reader = reader
    wizard = window.new_case()
    reader.present(card("04_huang_guiying"))  # 广东省恩平市恩城街道新平路5号
    qtbot.keyClick(wizard.applicant.id_number, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: wizard.applicant.name.text() == "黄桂英", timeout=10_000)
    assert wizard.applicant.hukou_office.text() == "恩平市公安局恩城派出所"
    qtbot.keyClick(wizard.applicant.phone, Qt.Key.Key_Return)
    assert wizard.step == SITUATION, errors(window)
    form = wizard.situation.form
    assert form.fields["destination.district"].fact() == "440703"  # 白沙派出所's district
    assert form.fields["applicant.hukou_region"].fact() == "440785"  # 恩平市, from the card
    form.set_value("sponsor.relationship", "20")
    region = form.fields["sponsor.hukou_region"]
    assert region.fact() is None
    region.setFocus()
    daughter = card("05_liang_meiling")  # 广东省江门市蓬江区白沙大道西8号
    reader.present(daughter)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: region.fact() == "440703", timeout=10_000)
    assert "被投靠人：" in wizard.situation.card_label.text()
    assert "梁美玲" in wizard.situation.card_label.text()
    for path, value in (
        ("applicant.marital_status", "21"),
        ("sponsor.student", False),
        ("sponsor.marital_status", "10"),
        ("sponsor.residence.kind", "private_rental"),
        ("sponsor.residence.district", "440703"),
        ("sponsor.residence.tenancy_registered", True),
    ):
        form.set_value(path, value)
    wizard.go_next()
    assert wizard.pathway.tree.current_pathway() == "parent_joins_child"  # suggested first
    qtbot.keyClick(wizard.pathway.tree.results, Qt.Key.Key_Return)
    assert wizard.step == PEOPLE, errors(window)
    number, name = wizard.people.people[PartyRole.SPONSOR]
    assert (number.text(), name.text()) == (daughter.number, "梁美玲")
    assert number.isReadOnly()  # read, not typed
    assert QApplication.focusWidget() is wizard.people.people[PartyRole.PROPERTY_OWNER][0]
    wizard.go_next()
    assert wizard.step == DOCUMENTS, errors(window)
    ids = {b.party: b for b in wizard.documents.boxes if b.document_id == "resident_id_card"}
    assert ids["sponsor"].from_card is not None  # the read answers the sponsor's card check


@pytest.mark.slow
def test_the_sponsors_card_address_is_one_key_beside_the_applicants_own(qtbot, policy, staffed):
    """A spouse joining a spouse lives at the spouse's: once the sponsor's card is read, its
    address is offered as the applicant's current address (Alt+A), shown beside the one the
    applicant has now, never taken unasked; the same key goes back, and step 1 edits it."""
    import json

    from hukou_desk.devices.simulated import SimulatedReader, card_from_json
    from hukou_desk.paths import resources_dir
    from hukou_desk.ui.wizard import APPLICANT

    def card(name):
        path = resources_dir() / "cards" / f"{name}.json"
        return card_from_json(json.loads(path.read_text(encoding="utf-8")))

    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    reader = SimulatedReader()
    window.context.counter.reader = reader
    wizard = window.new_case()
    own = card("01_chen_xiaoming")  # 广东省恩平市恩城街道新平路3号
    reader.present(own)
    qtbot.keyClick(wizard.applicant.id_number, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: wizard.applicant.name.text() == "陈小明", timeout=10_000)
    address = wizard.applicant.current_address
    assert address.text() == own.address  # the card's, offered in step 1
    qtbot.keyClick(wizard.applicant.phone, Qt.Key.Key_Return)
    assert wizard.step == SITUATION, errors(window)
    step = wizard.situation
    assert not step.address_row.isVisible()  # no sponsor read: nothing to offer
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert address.text() == own.address
    step.form.set_value("sponsor.relationship", "10")
    region = step.form.fields["sponsor.hukou_region"]
    region.setFocus()
    spouse = card("02_li_hua")  # 广东省江门市蓬江区白沙大道西1号
    reader.present(spouse)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: region.fact() == "440703", timeout=10_000)
    assert step.address_row.isVisible() and step.address_button.isVisible()
    assert address.text() == own.address  # offered, not taken
    assert own.address in step.address_label.text()
    assert spouse.address in step.address_button.text()  # the offer said in full, on screen
    assert step.address_button.toolTip() == spouse.address
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert address.text() == spouse.address
    assert spouse.address in step.address_label.text()
    assert step.address_button.toolTip() == own.address  # the same key goes back
    assert own.address in step.address_button.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert address.text() == own.address
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert address.text() == spouse.address
    # Editable where it belongs: step 1, and the offer here follows what is typed there.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.step == APPLICANT
    address.setFocus()
    qtbot.keyClick(address, Qt.Key.Key_End)
    qtbot.keyClicks(address, "201")
    assert address.text() == spouse.address + "201"
    assert step.address_label.text().count(spouse.address + "201") == 1
    assert step.address_button.toolTip() == spouse.address  # offered again


@pytest.mark.slow
def test_the_sponsors_home_is_offered_in_the_destination_district(qtbot, policy, staffed):
    """Once the sponsor's home is said (its kind), its district shows the destination's, the
    station's own; the clerk types over it where the papers say otherwise, and a later change
    of the kind leaves what the clerk typed."""
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    activate(qtbot, window)
    wizard = window.new_case()
    qtbot.keyClicks(wizard.applicant.id_number, SPECIALIST.id_number)
    wizard.applicant.name.insert(SPECIALIST.name)
    complete_origin(qtbot, wizard)
    wizard.go_next()
    form = wizard.situation.form
    assert form.fields["destination.district"].fact() == "440703"
    form.set_value("sponsor.relationship", "10")
    kind, home = form.fields["sponsor.residence.kind"], form.fields["sponsor.residence.district"]
    assert not home.isVisibleTo(form) and home.fact() is None  # nothing said of a home yet
    kind.setFocus()
    while kind.fact() != "owned":
        qtbot.keyClick(kind, Qt.Key.Key_Down)
    assert home.isVisibleTo(form) and home.fact() == "440703"  # offered, on screen
    qtbot.keyClick(kind, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is home
    qtbot.keyClick(home, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(home, "440704")
    assert home.fact() == "440704"  # 江海区: typed over
    qtbot.keyClick(home, Qt.Key.Key_Tab)
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)
    assert kind.fact() != "owned" and home.fact() == "440704"
