"""Two intakes by a scripted practised hand through the real desk, typing everything against
reading the identity cards (the simulated reader): key presses, characters typed, seconds.

A spouse joining a spouse (applicant, spouse, householder) and a parent joining a daughter
(applicant and daughter), each taken in from the first key to the submitted case, in one
process, offscreen Qt, on a fresh case file. Every step is a key press on whatever has the
focus (Tab, Enter, Space, arrows, F2, shortcuts); ASCII is typed key by key; Chinese text
arrives as an input method commits it and is counted as characters, with the presses a pinyin
input method would need (PINYIN_PRESSES per character, from issue 28's measure: about 350 presses
for 92 characters). The same hand, the same route through the screens: only the reads differ.
Seconds: the script's own wall time (the desk's response), and a keystroke-level estimate of a
clerk's input (KLM: 0.28 s a key, 2 s to lay a card on the reader and have it read).
Results: benchmarks/results/card_intake.json (offscreen), card_intake_xcb.json (a real X server)

    .venv/bin/python benchmarks/bench_card_intake.py
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python benchmarks/bench_card_intake.py \
        --out benchmarks/results/card_intake_xcb.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "Bench-cards-Pomelo-1"
PINYIN_PRESSES = 350 / 92
KEY_SECONDS = 0.28  # KLM's average skilled typist
CARD_SECONDS = 2.0  # lay the card on the reader, the reader reads it


@dataclass
class Tally:
    keys: int = 0  # presses that are not text: Tab, Enter, arrows, Space, F2, shortcuts
    ascii: int = 0  # characters typed key by key
    chinese: int = 0  # characters committed by the input method
    cards: int = 0
    seconds: float = 0.0
    steps: dict[str, int] = field(default_factory=dict)  # presses (with pinyin) by step
    tabs: int = 0  # of the key presses, Tab and Shift+Tab: moving on, not answering
    tabs_by_step: dict[str, int] = field(default_factory=dict)

    def step_done(self, name: str) -> None:
        self.steps[name] = self.presses() - sum(self.steps.values())
        self.tabs_by_step[name] = self.tabs - sum(self.tabs_by_step.values())

    def presses(self) -> int:
        return self.keys + self.ascii + round(self.chinese * PINYIN_PRESSES)

    def result(self) -> dict[str, Any]:
        return {
            "key_presses": self.keys,
            "ascii_characters": self.ascii,
            "chinese_characters": self.chinese,
            "cards_read": self.cards,
            "presses_with_pinyin": self.presses(),
            "presses_without_chinese": self.keys + self.ascii,
            "input_seconds_klm": round(self.presses() * KEY_SECONDS + self.cards * CARD_SECONDS, 1),
            "script_seconds": round(self.seconds, 2),
            "presses_with_pinyin_by_step": self.steps,
            "tab_presses_by_step": self.tabs_by_step,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "card_intake.json")
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

    from hukou_desk.app import Desk, create_app
    from hukou_desk.ui.messages import Boxes

    class Quiet(Boxes):
        """Nothing shown over the screens being timed; a question answered No."""

        def error(self, window: object, message: str) -> None:
            return None

        def sorry(self, window: object, message: str) -> None:
            return None

        def confirm(self, window: object, question: str) -> bool:
            return False

    from hukou_desk.devices.simulated import SimulatedReader, cards_in
    from hukou_desk.domain.lifecycle import Role
    from hukou_desk.domain.loader import load_policy
    from hukou_desk.domain.parties import PartyRole
    from hukou_desk.paths import forms_dir, resources_dir
    from hukou_desk.storage import accounts, cases, keyring
    from hukou_desk.storage.database import open_database
    from hukou_desk.ui import operations
    from hukou_desk.ui.slips import SlipPreview
    from hukou_desk.ui.wizard import DOCUMENTS, OUTCOME, PATHWAY, PEOPLE, SITUATION, IntakeWizard

    Key = Qt.Key  # noqa: N806 (as the tests name it)
    ALT = Qt.KeyboardModifier.AltModifier  # noqa: N806
    NONE = Qt.KeyboardModifier.NoModifier  # noqa: N806
    keyring.COST = MappingProxyType({"time_cost": 1, "memory_cost": 8, "parallelism": 1})
    app = create_app()
    policy = load_policy(forms_dir())
    training = {c.name: c for c in cards_in(resources_dir() / "cards")}

    def settle(condition: Callable[[], bool], timeout: float = 20.0) -> None:
        ends = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > ends:
                raise TimeoutError("the desk did not get there")
            app.processEvents()
            time.sleep(0.002)

    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def has_focus(target: QWidget) -> bool:
        widget = focused()
        return widget is target or target.isAncestorOf(widget)

    def press(tally: Tally, key: Qt.Key, modifier: Any = NONE) -> None:
        tally.keys += 1
        tally.tabs += key == Key.Key_Tab
        QTest.keyClick(focused(), key, modifier)

    def type_in(tally: Tally, text: str) -> None:
        if text.isascii():
            tally.ascii += len(text)
            QTest.keyClicks(focused(), text)
            return
        tally.chinese += len(text)
        committed = QInputMethodEvent()
        committed.setCommitString(text)
        QApplication.sendEvent(focused(), committed)

    def tab_to(tally: Tally, target: QWidget) -> None:
        seen = []
        for _ in range(200):
            if has_focus(target):
                return
            seen.append(f"{type(focused()).__name__}:{focused().objectName()}")
            press(tally, Key.Key_Tab)
        raise AssertionError(
            f"{target.objectName()} never reached by Tab: {seen[:5]} {QApplication.activeWindow()}"
            f" {[(w, w.isVisible()) for w in QApplication.topLevelWidgets() if w.isVisible()]}"
        )

    def choose(tally: Tally, combo: QComboBox, value: object) -> None:
        """A closed list: its code typed where the entries start with their code (the list
        finds the entry as the digits come: 2, 1 → "21 已婚"), else Home and arrows."""
        if combo.currentData() == value:
            return  # offered already (a default, or from a card): the practised eye sees it
        label = combo.itemText(max(combo.findData(value), 0))
        code = label.split(" ", 1)[0]
        if not combo.isEditable() and isinstance(value, str) and code == value and code.isascii():
            type_in(tally, code)
            assert combo.currentData() == value, (combo.objectName(), combo.currentData())
            return
        press(tally, Key.Key_Home)
        for _ in range(120):
            if combo.currentData() == value:
                return
            press(tally, Key.Key_Down)
        raise AssertionError(f"{value!r} not in {combo.objectName()}")

    def group_to(tally: Tally, groups: list[QWidget], widget: QWidget) -> None:
        """F6 while the question is in a later group of the form than the focus."""

        def index(w: QWidget) -> int:
            return next((i for i, g in enumerate(groups) if g.isAncestorOf(w)), -1)

        while index(focused()) < index(widget):
            before = index(focused())
            press(tally, Key.Key_F6)
            assert index(focused()) > before, "F6 did not move on"

    def set_by_keyboard(
        tally: Tally, widget: QWidget, value: object, groups: list[QWidget] | None = None
    ) -> None:
        from hukou_desk.ui.fields import Choice, Count, RegionBox

        if widget.fact() == value:  # type: ignore[attr-defined]
            return  # offered already: nothing to press, Tab passes it
        group_to(tally, groups or [], widget)
        tab_to(tally, widget)
        if isinstance(widget, (RegionBox, Count)):
            press(tally, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_in(tally, str(value))
        elif isinstance(widget, Choice):
            choose(tally, widget, value)
        else:
            type_in(tally, str(value))
        assert widget.fact() == value, (widget.objectName(), widget.fact())  # type: ignore[attr-defined]

    def read_card(tally: Tally, wizard: IntakeWizard, reader: SimulatedReader, name: str) -> None:
        reader.present(training[name])
        tally.cards += 1
        press(tally, Key.Key_F2)
        settle(lambda: operations.running() == 0)

    def intake(window: Any, reader: SimulatedReader, case: dict[str, Any], cards: bool) -> Tally:
        tally = Tally()
        started = time.perf_counter()
        press(tally, Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        wizard = window.tabs.currentWidget()
        assert isinstance(wizard, IntakeWizard)
        step1 = wizard.applicant
        who = case["applicant"]
        sponsor_card = training[case["people"]["sponsor"]["name"]]
        # Living with the sponsor: the same place as the sponsor's card address (which writes
        # it in full, with its province). The desk offers that address once the sponsor's card
        # is read in step 2 (Alt+A there); the hand knows it, and types no address here.
        at_sponsor = cards and sponsor_card.address.endswith(who["current_address"])
        if cards:
            read_card(tally, wizard, reader, who["name"])
            assert step1.id_number.text() == who["id_number"] and has_focus(step1.phone)
            type_in(tally, who["phone"])
            if step1.current_address.text() != who["current_address"] and not at_sponsor:
                # The card's address, offered and selected: typed over when they live elsewhere.
                press(tally, Key.Key_Tab)
                assert step1.current_address.selectedText() == step1.current_address.text()
                type_in(tally, who["current_address"])
            assert at_sponsor or step1.current_address.text() == who["current_address"]
            assert step1.hukou_office.text() == who["office"]  # offered from the address
            press(tally, Key.Key_Return)
        else:
            type_in(tally, who["id_number"])
            for widget, value in (
                (step1.name, who["name"]),
                (step1.phone, who["phone"]),
                (step1.current_address, who["current_address"]),
                (step1.hukou_address, who["hukou_address"]),
            ):
                press(tally, Key.Key_Tab)
                assert has_focus(widget)
                type_in(tally, value)
            press(tally, Key.Key_Tab)
            type_in(tally, who["office_words"])
            popup = step1.hukou_office.completer().popup()
            settle(popup.isVisible)
            tally.keys += 2
            QTest.keyClick(popup, Key.Key_Down)
            QTest.keyClick(popup, Key.Key_Return)
            assert step1.hukou_office.text() == who["office"]
            press(tally, Key.Key_Tab)
            choose(tally, step1.ethnicity, who["ethnicity"])
            press(tally, Key.Key_Return)
        assert wizard.step == SITUATION, window.context.messages.history[-3:]
        tally.step_done("applicant")
        order = list(wizard.situation.form.fields)  # top to bottom, as the hand goes
        for path, value in sorted(case["situation"], key=lambda pv: order.index(pv[0])):
            widget = wizard.situation.form.fields[path]
            groups = wizard.situation.form.groups  # F6: the next group of questions
            if cards and path == "sponsor.hukou_region" and widget.fact() != value:
                # The sponsor's card, read where the sponsor's questions are: its address
                # answers where their register is kept, and their line in step 4 is filled.
                group_to(tally, groups, widget)
                tab_to(tally, widget)
                read_card(tally, wizard, reader, case["people"]["sponsor"]["name"])
                if at_sponsor:  # the applicant lives at the sponsor's: one key takes it
                    assert wizard.situation.address_button.isVisible()
                    press(tally, Key.Key_A, ALT)
                    assert step1.current_address.text() == sponsor_card.address
            set_by_keyboard(tally, widget, value, groups)
        assert step1.current_address.text() == (
            sponsor_card.address if at_sponsor else who["current_address"]
        )
        # The last district's list of matches comes up a moment after its digits: the clerk
        # closes it with Escape before going on (offscreen Qt would otherwise keep it as the
        # active window, and Tab would move nothing).
        ends = time.perf_counter() + 0.3
        while time.perf_counter() < ends:
            app.processEvents()
        for completer in wizard.findChildren(QCompleter):
            if completer.popup().isVisible():
                tally.keys += 1
                QTest.keyClick(completer.popup(), Key.Key_Escape)
        press(tally, Key.Key_Right, ALT)
        assert wizard.step == PATHWAY
        tally.step_done("situation")
        if wizard.pathway.tree.current_pathway() == case["pathway"]:
            assert has_focus(wizard.pathway.tree.results)
            press(tally, Key.Key_Return)  # the route the facts suggest first: taken
        else:  # looked up by name
            press(tally, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
            type_in(tally, case["pathway_words"])
            press(tally, Key.Key_Return)
            assert wizard.pathway.pathway_id == case["pathway"]
            press(tally, Key.Key_Return)
        assert wizard.pathway.pathway_id == case["pathway"]
        assert wizard.step == PEOPLE, window.context.messages.history[-3:]
        tally.step_done("pathway")
        for role, person in case["people"].items():
            number, _name = wizard.people.people[PartyRole(role)]
            if number.text() == person["id_number"]:
                assert cards  # read in the situation step already: nothing to do here
                continue
            tab_to(tally, number)
            if cards:
                read_card(tally, wizard, reader, person["name"])
                assert number.text() == person["id_number"], window.context.messages.history
            else:
                type_in(tally, person["id_number"])
                press(tally, Key.Key_Tab)
                type_in(tally, person["name"])
        if "relation_to_householder" in case:
            tab_to(tally, wizard.people.householder_relation)
            choose(tally, wizard.people.householder_relation, case["relation_to_householder"])
        press(tally, Key.Key_Right, ALT)
        assert wizard.step == DOCUMENTS, window.context.messages.history[-3:]
        tally.step_done("people")
        for box in wizard.documents.boxes:
            # The paper in hand, every check holding: one key (Ctrl+Enter) where the focus
            # is, which then goes on to the next document.
            assert has_focus(box), (box.objectName(), focused().objectName())
            press(tally, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            if box.from_card is not None:  # the card read answers, once the face is seen
                settle(lambda: QApplication.activeModalWidget() is not None)
                face = QApplication.activeModalWidget()
                face.activateWindow()
                settle(lambda f=face: f.isActiveWindow())
                press(tally, Key.Key_Y, ALT)  # … the same person
                window.activateWindow()  # the dialog closed: back to the desk
                settle(lambda: window.isActiveWindow() and QApplication.focusWidget() is not None)
            settle(lambda b=box: b.recorded == "verified")
            assert cards or box.from_card is None
        press(tally, Key.Key_Right, ALT)
        assert wizard.step == OUTCOME, window.context.messages.history[-3:]
        tally.step_done("documents")
        assert wizard.outcome.recommendation() is True  # the plan's result, suggested
        if wizard.outcome.note.toPlainText() != "材料齐全，符合条件。":
            tab_to(tally, wizard.outcome.note)
            type_in(tally, "材料齐全，符合条件。")
        press(tally, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # submit
        settle(lambda: QApplication.activeModalWidget() is not None)
        box = QApplication.activeModalWidget()
        box.activateWindow()
        settle(box.isActiveWindow)
        done: list[str] = []
        wizard.finished.connect(done.append)
        press(tally, Key.Key_Y, ALT)
        settle(lambda: bool(done))
        settle(lambda: any(w.isVisible() for w in window.findChildren(SlipPreview)))
        for preview in window.findChildren(SlipPreview):
            preview.close()
        settle(lambda: operations.running() == 0)
        tally.step_done("outcome")
        tally.seconds = time.perf_counter() - started
        window.activateWindow()
        settle(window.isActiveWindow)
        return tally

    def card(name: str) -> dict[str, Any]:
        found = training[name]
        return {"name": found.name, "id_number": found.number}

    spouse = {
        "title": "spouse joins spouse (applicant, spouse, householder)",
        "applicant": {
            **card("陈小明"),
            "phone": "13800138000",
            "current_address": "江门市蓬江区白沙大道西1号",
            "hukou_address": training["陈小明"].address,
            "office_words": "恩城",
            "office": "恩平市公安局恩城派出所",
            "ethnicity": "01",
        },
        "situation": [
            ("applicant.marital_status", "21"),
            ("destination.district", "440703"),
            ("sponsor.relationship", "10"),
            ("sponsor.hukou_region", "440703"),
            ("sponsor.residence.kind", "owned"),
            ("sponsor.residence.district", "440703"),
        ],
        "pathway": "spouse",
        "pathway_words": "夫妻投靠",
        "people": {"sponsor": card("李华"), "householder": card("李大海")},
        "relation_to_householder": "38",
    }
    parent = {
        "title": "parent joins daughter (applicant, daughter)",
        "applicant": {
            **card("黄桂英"),
            "phone": "13900139000",
            "current_address": training["黄桂英"].address,  # she lives where she is registered
            "hukou_address": training["黄桂英"].address,
            "office_words": "恩城",
            "office": "恩平市公安局恩城派出所",
            "ethnicity": "01",
        },
        "situation": [
            ("applicant.marital_status", "21"),
            ("destination.district", "440703"),
            ("sponsor.relationship", "20"),
            ("sponsor.hukou_region", "440703"),
            ("sponsor.student", False),
            ("sponsor.marital_status", "10"),
            ("sponsor.residence.kind", "private_rental"),
            ("sponsor.residence.district", "440703"),
            ("sponsor.residence.tenancy_registered", True),
        ],
        "pathway": "parent_joins_child",
        "pathway_words": "父母投靠",
        "people": {"sponsor": card("梁美玲")},
    }

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="hukou-bench-cards-") as scratch:
        for label, case in (("spouse", spouse), ("parent_joins_daughter", parent)):
            results[label] = {"case": case["title"]}
            for mode in ("typed", "cards"):
                database = open_database(Path(scratch) / f"{label}-{mode}.db")
                with database.write() as session:
                    accounts.first_start(
                        session,
                        station_code="440703001",
                        station_name="白沙派出所",
                        district="440703",
                        admin_username="admin",
                        admin_name="管理员",
                        password=PASSWORD,
                    )
                    clerk = cases.add_user(
                        session,
                        actor="admin",
                        username="zhangli",
                        display_name="张丽",
                        role=Role.CLERK,
                    )
                    accounts.set_password(session, actor="admin", user=clerk, password=PASSWORD)
                with database.read() as session:
                    clerk = cases.user_named(session, "zhangli")
                desk = Desk(app, policy, database, clerk)
                desk.boxes = Quiet()
                window = desk.show("zh")
                window.show()
                window.activateWindow()
                settle(window.isActiveWindow)
                settle(lambda: operations.running() == 0)
                reader = SimulatedReader()
                window.context.counter.reader = reader
                tally = intake(window, reader, case, cards=mode == "cards")
                results[label][mode] = tally.result()
                window.close()
                database.close()
            typed, read = results[label]["typed"], results[label]["cards"]
            results[label]["ratio_presses_with_pinyin"] = round(
                read["presses_with_pinyin"] / typed["presses_with_pinyin"], 3
            )
            results[label]["ratio_presses_without_chinese"] = round(
                read["presses_without_chinese"] / typed["presses_without_chinese"], 3
            )
    out = {
        "benchmark": "card_intake",
        "pinyin_presses_per_character": round(PINYIN_PRESSES, 2),
        "klm_seconds_per_key": KEY_SECONDS,
        "klm_seconds_per_card": CARD_SECONDS,
        "qt_platform": app.platformName(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
