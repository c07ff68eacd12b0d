"""The administrator installs a release from a stick with the mouse, and goes back one step."""

from __future__ import annotations

import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hukou_desk import keys
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.services import exchange, updates
from hukou_desk.services.counter import Counter
from hukou_desk.ui import admin as admin_ui
from tests.services.test_updates import make
from tests.ui.conftest import open_desk, user


def errors(window) -> list[str]:
    return [text for level, text in window.context.messages.history if level == "error"]


def installed_station(tmp_path, policy, staffed, monkeypatch):
    """A station installed as 0.1.0, the desk started from it, the centre's key trusted."""
    signer = Ed25519PrivateKey.generate()
    admin = user(staffed, "admin")
    counter = Counter(staffed, policy, load_calendar(forms_dir()))
    exchange.trust_centre(counter, admin, public_key=keys.public_text(signer))
    root = updates.Installation(tmp_path / "station")
    updates.install(counter, admin, make(tmp_path, signer, "0.1.0", "0006"), installation=root)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(root.versions / "0.1.0" / "hukou-desk"))
    return root, signer


def choose_file(monkeypatch, path) -> None:
    """The OS file dialog, stood in for: the administrator picks `path` on the stick."""
    monkeypatch.setattr(
        admin_ui.QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )


def test_the_administrator_installs_an_update_then_rolls_back(
    qtbot, tmp_path, policy, staffed, monkeypatch
):
    root, signer = installed_station(tmp_path, policy, staffed, monkeypatch)
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"), lang="en")
    panel = window.admin
    assert panel is not None and panel.installation == root
    assert "Release in use: 0.1.0" in panel.release_label.text()
    rollback = panel.findChild(QPushButton, "rollbackButton")
    assert not rollback.isEnabled()

    choose_file(monkeypatch, make(tmp_path / "stick", signer, "0.2.0"))
    window.context.messages.boxes.answers = [True]
    qtbot.mouseClick(panel.findChild(QPushButton, "installUpdateButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: root.state()["current"] == "0.2.0", timeout=20_000)
    qtbot.waitUntil(lambda: "Release 0.2.0 is installed" in window.context.messages.history[-1][1])
    assert errors(window) == []
    asked = [text for level, text in window.context.messages.history if level == "question"]
    assert asked[0].startswith("Install release 0.2.0 (1 MB, signed by the centre)?")
    assert "release 0.1.0 is kept to go back to" in asked[0]
    assert "Release in use: 0.2.0. Kept to go back to: 0.1.0." in panel.release_label.text()
    assert rollback.isEnabled() and rollback.text() == "Roll back to release 0.1.0"

    window.context.messages.boxes.answers = [True]
    with qtbot.waitSignal(panel.restart_needed):
        qtbot.mouseClick(rollback, Qt.MouseButton.LeftButton)
    assert root.state() == {"current": "0.1.0", "previous": None}  # no second step "back" to 0.2.0
    assert errors(window) == []
    assert not window.isVisible()  # the desk closed: the release in force is another one


def test_a_package_not_signed_by_the_centre_is_refused_in_words(
    qtbot, tmp_path, policy, staffed, monkeypatch
):
    root, _signer = installed_station(tmp_path, policy, staffed, monkeypatch)
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"), lang="en")
    choose_file(monkeypatch, make(tmp_path / "stick", Ed25519PrivateKey.generate(), "0.2.0"))
    assert window.admin is not None
    qtbot.mouseClick(
        window.admin.findChild(QPushButton, "installUpdateButton"), Qt.MouseButton.LeftButton
    )
    assert errors(window) == [
        "The update package is not signed by the centre; nothing was changed."
    ]
    assert root.state()["current"] == "0.1.0"


def test_a_developer_copy_offers_no_update(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"), lang="en")
    panel = window.admin
    assert panel is not None and panel.installation is None
    assert not panel.findChild(QPushButton, "installUpdateButton").isEnabled()
    assert "developer's copy" in panel.release_label.text()
