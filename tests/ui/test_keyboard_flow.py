"""A fresh station run from the keyboard alone, as a practised clerk does: first start, the
users, three intakes by three pathways, the supervisor's decisions, the printed permit, and the
export for the centre. Every step is a key press on whatever has the focus (Tab, Enter, Space,
arrows, shortcuts); Chinese text arrives as an input method commits it. The only things
stood in for are outside the desk: the operating system's print and save dialogs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from sqlmodel import select

from hukou_desk.domain.lifecycle import CaseStatus
from hukou_desk.services import centre, exchange
from hukou_desk.services.counter import OpenFile
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import AuditEvent, Case
from hukou_desk.ui import slips as slips_ui
from hukou_desk.ui.login import FirstStartDialog, LoginDialog
from hukou_desk.ui.review import CaseReview
from hukou_desk.ui.slips import SlipPreview
from hukou_desk.ui.wizard import DOCUMENTS, OUTCOME, PATHWAY, PEOPLE, SITUATION, IntakeWizard
from tests.ui.conftest import PASSWORD, act_box, activate, errors, ident, open_desk, print_to_pdf

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_in(qtbot, text: str) -> None:
    """Type into the focused field: ASCII as keys, Chinese as the input method commits it."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
        return
    committed = QInputMethodEvent()
    committed.setCommitString(text)
    QApplication.sendEvent(focused(), committed)


def has_focus(target: QWidget) -> bool:
    widget = focused()
    return widget is target or target.isAncestorOf(widget)  # an editable list's line edit


def tab_to(qtbot, target: QWidget, limit: int = 200) -> int:
    """Tab until `target` has the focus, as a clerk does; how many presses it took."""
    seen = []
    for count in range(limit):
        if has_focus(target):
            return count
        seen.append(type(focused()).__name__ + ":" + focused().objectName())
        press(qtbot, Key.Key_Tab)
    raise AssertionError(f"{target.objectName() or target} never reached by Tab: {seen[:40]}")


def choose(qtbot, combo: QComboBox, value: object, limit: int = 120) -> None:
    """Arrow through a closed list until `value` is chosen (the list has the focus)."""
    assert has_focus(combo)
    press(qtbot, Key.Key_Home)
    for _ in range(limit):
        if combo.currentData() == value:
            return
        press(qtbot, Key.Key_Down)
    raise AssertionError(f"{value!r} not in {combo.objectName()}")


def answer_modal(qtbot, keys: Callable[[], None]) -> None:
    """Keys for the next modal dialog, pressed once it is up (exec() blocks the test)."""

    def when_up() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, when_up)
            return
        keys()

    QTimer.singleShot(0, when_up)


def first_start_by_keyboard(qtbot, database) -> object:
    setup = FirstStartDialog(OpenFile(database), "zh")
    qtbot.addWidget(setup)
    activate(qtbot, setup)
    setup.code.setFocus()
    # Tab order follows the screen, top to bottom.
    order = [
        setup.code,
        setup.name,
        setup.counter,
        setup.district,
        setup.phone,
        setup.address,
        setup.username,
        setup.display_name,
        setup.password,
        setup.repeat,
    ]
    for here, following in itertools.pairwise(order):
        assert focused() is here
        press(qtbot, Key.Key_Tab)
        assert focused() is following, f"Tab from {here.objectName()} went elsewhere"
    press(qtbot, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back up the form
    setup.code.setFocus(Qt.FocusReason.TabFocusReason)
    type_in(qtbot, "440703001")
    press(qtbot, Key.Key_Tab)
    type_in(qtbot, "江门市公安局蓬江分局白沙派出所")
    press(qtbot, Key.Key_Tab)
    assert focused() is setup.counter and setup.counter.text() == "01"  # this PC: counter 01
    press(qtbot, Key.Key_Tab)
    choose(qtbot, setup.district, "440703")
    press(qtbot, Key.Key_Tab)
    type_in(qtbot, "0750-3301110")
    press(qtbot, Key.Key_Tab)
    type_in(qtbot, "江门市蓬江区白沙大道西 2 号")
    press(qtbot, Key.Key_Tab)
    assert setup.username.text() == "admin"
    press(qtbot, Key.Key_Tab)
    type_in(qtbot, "黄所长")
    press(qtbot, Key.Key_Tab)
    type_in(qtbot, PASSWORD)
    press(qtbot, Key.Key_Tab)
    type_in(qtbot, PASSWORD)
    press(qtbot, Key.Key_Return)  # Enter is OK
    assert setup.admin is not None, setup.problem.text()
    return setup.admin


def add_users_by_keyboard(qtbot, policy, database, admin) -> None:
    window = open_desk(qtbot, policy, database, admin)
    activate(qtbot, window)
    press(qtbot, Key.Key_4, CTRL)  # Administration
    panel = window.admin
    assert panel is not None and focused() is panel.new_username
    for username, name, role in (
        ("zhangli", "张丽", "clerk"),
        ("wangfang", "王芳", "supervisor"),
    ):
        tab_to(qtbot, panel.new_username)
        type_in(qtbot, username)
        press(qtbot, Key.Key_Tab)
        type_in(qtbot, name)
        press(qtbot, Key.Key_Tab)
        choose(qtbot, panel.new_role, role)
        press(qtbot, Key.Key_Tab)
        type_in(qtbot, PASSWORD)
        press(qtbot, Key.Key_Return)  # Enter adds the user
        qtbot.waitUntil(lambda u=username: u in panel.accounts)
    assert errors(window) == []
    window.close()


def sign_in_by_keyboard(qtbot, database, username: str):
    login = LoginDialog(OpenFile(database), "zh", username=username)
    qtbot.addWidget(login)
    activate(qtbot, login)
    assert focused() is login.password  # the user name is known: straight to the password
    type_in(qtbot, PASSWORD)
    press(qtbot, Key.Key_Return)
    assert login.user is not None, login.problem.text()
    return login.user


def link_to_centre_by_keyboard(qtbot, policy, database, admin, centre_side, monkeypatch) -> None:
    """The administrator pastes the centre's signing key (Enter), then installs its signed
    reference file, which carries the key exports are sealed with."""
    from hukou_desk.ui import admin as admin_ui

    monkeypatch.setattr(
        admin_ui.QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_a, **_k: (str(centre_side["reference"]), "")),
    )
    window = open_desk(qtbot, policy, database, admin)
    activate(qtbot, window)
    press(qtbot, Key.Key_4, CTRL)
    panel = window.admin
    assert panel is not None
    tab_to(qtbot, panel.centre_key)
    type_in(qtbot, centre_side["signing"])
    press(qtbot, Key.Key_Return)
    install = panel.findChild(QWidget, "installReferenceButton")
    tab_to(qtbot, install)
    press(qtbot, Key.Key_Space)
    assert errors(window) == [], errors(window)
    window.close()


def enrol_at_centre(policy, database, admin, centre_side) -> None:
    """The administrator's enrolment requests, enrolled at the centre, which sends its
    reference data again with the enrolments; installed at the station."""
    from hukou_desk.domain.loader import load_calendar
    from hukou_desk.paths import forms_dir
    from hukou_desk.services.counter import Counter

    counter = Counter(database, policy, load_calendar(forms_dir()))
    requests = exchange.enrolment_requests(counter, admin)
    target = centre_side["target"]
    centre.trust_station(target, station="440703001-01", public_key=exchange.station_key(counter))
    assert [e["username"] for e in centre.enrol(target, data=requests)] == ["admin", "wangfang"]
    data = centre.make_reference(target, folder=centre_side["folder"], forms=None)
    assert exchange.install_reference(counter, admin, data=data)["enrolled"] == 2


def set_by_keyboard(qtbot, field: QWidget, value: object) -> None:
    """Tab to one question of the situation form and answer it from the keyboard."""
    from hukou_desk.ui.fields import Choice, Count, RegionBox

    tab_to(qtbot, field)
    if isinstance(field, RegionBox):
        press(qtbot, Key.Key_A, CTRL)
        type_in(qtbot, str(value))
    elif isinstance(field, Choice):
        choose(qtbot, field, value)
    elif isinstance(field, Count):
        press(qtbot, Key.Key_A, CTRL)
        type_in(qtbot, str(value))
    else:
        type_in(qtbot, str(value))
    assert field.fact() == value, (field.objectName(), field.fact())  # type: ignore[attr-defined]


def intake_by_keyboard(qtbot, window, applicant: dict, pathway_words: str) -> str:
    press(qtbot, Key.Key_N, CTRL)
    wizard = window.tabs.currentWidget()
    assert isinstance(wizard, IntakeWizard)
    step1 = wizard.applicant
    assert has_focus(step1.id_number)
    type_in(qtbot, applicant["id_number"])
    for field, value in (
        (step1.name, applicant["name"]),
        (step1.phone, "13800138000"),
        (step1.current_address, "江门市蓬江区白沙大道西 1 号"),
        (step1.hukou_address, "恩平市恩城街道新平路 3 号"),
    ):
        press(qtbot, Key.Key_Tab)
        assert has_focus(field)
        type_in(qtbot, value)
    press(qtbot, Key.Key_Tab)
    assert has_focus(step1.hukou_office)
    type_in(qtbot, "恩城")  # part of the office's name; the city's list offers it
    popup = step1.hukou_office.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    assert step1.hukou_office.text() == "恩平市公安局恩城派出所"
    press(qtbot, Key.Key_Tab)
    choose(qtbot, step1.ethnicity, "01")
    press(qtbot, Key.Key_Return)  # Enter continues
    assert wizard.step == SITUATION, errors(window)

    form = wizard.situation.form
    for path, value in applicant["situation"]:
        set_by_keyboard(qtbot, form.fields[path], value)
    press(qtbot, Key.Key_Right, ALT)  # Alt+→: the next step
    assert wizard.step == PATHWAY, errors(window)

    assert has_focus(wizard.pathway.tree.results)
    press(qtbot, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # up to the search field
    assert has_focus(wizard.pathway.search)
    type_in(qtbot, pathway_words)
    press(qtbot, Key.Key_Return)  # the first route of that name is chosen …
    assert wizard.step == PATHWAY and wizard.pathway.pathway_id == applicant["pathway"]
    press(qtbot, Key.Key_Return)  # … and Enter on it goes on, one step only
    assert wizard.step == PEOPLE, errors(window)

    for role, (number, name) in applicant.get("people", {}).items():
        id_field, name_field = wizard.people.people[role]
        tab_to(qtbot, id_field)
        type_in(qtbot, number)
        press(qtbot, Key.Key_Tab)
        assert has_focus(name_field)
        type_in(qtbot, name)
    if "relation_to_householder" in applicant:
        tab_to(qtbot, wizard.people.householder_relation)
        choose(qtbot, wizard.people.householder_relation, applicant["relation_to_householder"])
    press(qtbot, Key.Key_Right, ALT)
    assert wizard.step == DOCUMENTS, errors(window)

    for box in wizard.documents.boxes:
        tab_to(qtbot, box.state)
        choose(qtbot, box.state, "verified")
        for question in box.questions.values():
            tab_to(qtbot, question)
            press(qtbot, Key.Key_Space)
            assert question.isChecked()
        assert box.recorded == "verified"
    press(qtbot, Key.Key_Right, ALT)
    assert wizard.step == OUTCOME, errors(window)

    assert has_focus(wizard.outcome.approve)
    press(qtbot, Key.Key_Space)
    assert wizard.outcome.approve.isChecked()
    tab_to(qtbot, wizard.outcome.note)
    type_in(qtbot, "材料齐全，符合条件。")
    tab_to(qtbot, wizard.outcome.submit)
    number = wizard.case_number
    press(qtbot, Key.Key_Space)  # asks first: Alt+Y is the only key that submits
    box = act_box(qtbot)
    activate(qtbot, box)
    with qtbot.waitSignal(wizard.finished, timeout=10_000):
        press(qtbot, Key.Key_Y, ALT)
    # The receipt comes up to be printed; Escape closes it for now.
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(SlipPreview)))
    (receipt,) = [w for w in window.findChildren(SlipPreview) if w.isVisible()]
    activate(qtbot, receipt)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not receipt.isVisible())
    activate(qtbot, window)
    return number


def centre_for(tmp_path: Path) -> dict:
    folder = tmp_path / "centre-keys"
    folder.mkdir()
    _bundle, signing = centre.init_keys(folder)
    target = str(tmp_path / "centre.db")
    open_database(Path(target)).close()
    reference = tmp_path / "reference.hkr"
    reference.write_bytes(centre.make_reference(target, folder=folder, forms=None))
    return {"folder": folder, "target": target, "signing": signing, "reference": reference}


SPOUSE = ident("44070319880505001")
HOUSEHOLDER = ident("44070319600303001")
APPLICANTS = [
    (
        {
            "id_number": ident("44078519900101124"),
            "name": "陈小明",
            "pathway": "spouse",
            "situation": [
                ("applicant.marital_status", "21"),
                ("destination.district", "440703"),
                ("destination.address", "江门市蓬江区白沙大道西1号301室"),
                ("sponsor.relationship", "10"),
                ("sponsor.hukou_region", "440703"),
                ("sponsor.residence.kind", "owned"),
                ("sponsor.residence.district", "440703"),
            ],
            "people": {"sponsor": (SPOUSE, "李华"), "householder": (HOUSEHOLDER, "李大海")},
            "relation_to_householder": "38",
        },
        "夫妻投靠",
    ),
    (
        {
            "id_number": ident("44078519920202123"),
            "name": "司马睿",
            "pathway": "specialist",
            "situation": [
                ("applicant.education", "21"),
                ("destination.district", "440703"),
                ("destination.address", "江门市蓬江区白沙大道西1号301室"),
            ],
        },
        "专才",
    ),
    (
        {
            "id_number": ident("44078519850303123"),
            "name": "黄志强",
            "pathway": "bought_home",
            "situation": [
                ("destination.district", "440703"),
                ("destination.address", "江门市蓬江区白沙大道西1号301室"),
                ("applicant.homes_owned_in_city", 1),
                ("applicant.home_acquired", "purchased"),
                ("applicant.home_district", "440703"),
            ],
        },
        "自购",
    ),
]


# A whole station by the keyboard alone (45 s on the shared machine): slow. The fast subset keeps
# tests/ui/test_counter_flow.py, the same counter by the same screens.
@pytest.mark.slow
def test_a_fresh_station_run_from_the_keyboard_alone(
    qtbot, policy, database, tmp_path, monkeypatch
):
    centre_side = centre_for(tmp_path)
    admin = first_start_by_keyboard(qtbot, database)
    add_users_by_keyboard(qtbot, policy, database, admin)
    link_to_centre_by_keyboard(qtbot, policy, database, admin, centre_side, monkeypatch)

    clerk = sign_in_by_keyboard(qtbot, database, "zhangli")
    window = open_desk(qtbot, policy, database, clerk)
    activate(qtbot, window)
    numbers = [
        intake_by_keyboard(qtbot, window, applicant, words) for applicant, words in APPLICANTS
    ]
    assert errors(window) == [], errors(window)
    with database.read() as session:
        found = {c.number: c for c in session.exec(select(Case))}
    assert {found[n].status for n in numbers} == {CaseStatus.RECOMMENDED.value}
    assert [found[n].pathway_id for n in numbers] == ["spouse", "specialist", "bought_home"]
    assert found[numbers[0]].facts["destination"]["relation_to_householder"] == "38"
    window.close()

    # The deciders' keys go to this centre and come back enrolled in its reference data.
    enrol_at_centre(policy, database, admin, centre_side)
    # The supervisor finds each case by its number, opens it with Enter and approves it.
    boss = sign_in_by_keyboard(qtbot, database, "wangfang")
    window = open_desk(qtbot, policy, database, boss)
    activate(qtbot, window)
    for number in numbers:
        press(qtbot, Key.Key_F, CTRL)
        assert window.cases is not None and has_focus(window.cases.search)
        press(qtbot, Key.Key_A, CTRL)
        type_in(qtbot, number)
        qtbot.waitUntil(lambda n=number: [r.number for r in window.cases.model.rows] == [n])
        tab_to(qtbot, window.cases.table)
        press(qtbot, Key.Key_Down)
        press(qtbot, Key.Key_Return)
        review = window.tabs.currentWidget()
        assert isinstance(review, CaseReview) and review.number == number
        tab_to(qtbot, review.approve)
        press(qtbot, Key.Key_Space)
        tab_to(qtbot, review.record)
        press(qtbot, Key.Key_Return)  # Enter on the button asks, as Space does
        box = act_box(qtbot)
        activate(qtbot, box)
        press(qtbot, Key.Key_Y, ALT)  # a mnemonic clicks as a click looks: a moment later
        qtbot.waitUntil(lambda r=review: not r.decision_box.isVisibleTo(r))
        activate(qtbot, window)
        assert errors(window) == [], errors(window)
    with database.read() as session:
        statuses = {c.number: c.status for c in session.exec(select(Case))}
    assert {statuses[n] for n in numbers} == {CaseStatus.APPROVED.value}

    # Ctrl+P on the last case: the permit chosen in the list, previewed, Enter prints it.
    printed = tmp_path / "printed.pdf"
    print_to_pdf(monkeypatch, slips_ui, printed)  # the OS's dialog: a PDF "printer" says OK

    def pick_the_permit() -> None:
        chooser = QApplication.activeModalWidget()
        assert chooser is not None
        kinds = chooser.kinds  # type: ignore[attr-defined]
        while kinds.currentData() != "approval":
            qtbot.keyClick(kinds, Key.Key_Down)
        qtbot.keyClick(kinds, Key.Key_Return)

    answer_modal(qtbot, pick_the_permit)
    press(qtbot, Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(SlipPreview)))
    (preview,) = [w for w in window.findChildren(SlipPreview) if w.isVisible()]
    assert preview.printed.slip.number == numbers[-1]
    activate(qtbot, preview)
    press(qtbot, Key.Key_Return)  # Print… is the default button
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 10_000)
    with database.read() as session:
        prints = session.exec(select(AuditEvent).where(AuditEvent.action == "print.approval"))
        assert [e.detail["how"] for e in prints] == ["printer"]
    press(qtbot, Key.Key_Escape)
    activate(qtbot, window)

    # Ctrl+E: everything sealed for the centre, which imports the three cases.
    bundle = tmp_path / "export.hkb"
    from hukou_desk.ui.window import printing as printing_ui

    monkeypatch.setattr(
        printing_ui.QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a, **_k: (str(bundle), "")),
    )
    press(qtbot, Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: bundle.exists() and bundle.stat().st_size > 0, timeout=30_000)
    assert errors(window) == [], errors(window)
    station_key = exchange.station_key(window.context.counter)
    centre.trust_station(centre_side["target"], station="440703001-01", public_key=station_key)
    from hukou_desk import keys

    report = centre.import_bundle(
        centre_side["target"],
        data=bundle.read_bytes(),
        key_file=centre_side["folder"] / keys.CENTRE_BUNDLE_KEY_FILE,
        files=tmp_path / "centre-files",
        acknowledgement=None,
    )
    centre_db = open_database(Path(centre_side["target"]))
    try:
        with centre_db.read() as session:
            imported = {c.number: c.status for c in session.exec(select(Case))}
    finally:
        centre_db.close()
    assert {imported[n] for n in numbers} == {CaseStatus.APPROVED.value}, report
    # And the station's own trail holds: the chain, its signed checkpoint (the export wrote
    # one) and every case row as its last event left it.
    from hukou_desk.services import station as station_service

    verdict = station_service.verify_audit(window.context.counter, window.context.user)
    assert verdict.intact, verdict.problem
