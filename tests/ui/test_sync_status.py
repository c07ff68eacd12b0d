"""The sync tab, pressed as a supervisor does: the status before and after an export, the
centre's acknowledgement installed from a file, a refusal notice shown with its reason, and
the reminder once the centre has confirmed nothing for the days it set."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hukou_desk import demo, keys
from hukou_desk.domain.clock import china_today
from hukou_desk.domain.loader import load_calendar, load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import registry
from hukou_desk.storage.database import open_database
from hukou_desk.sync import acknowledgement as acks
from hukou_desk.sync import importing, reference, trust
from hukou_desk.ui import sync_status as sync_ui
from hukou_desk.ui.window import printing as printing_ui
from tests.ui.conftest import open_desk, user

TODAY = date(2026, 11, 20)


def _station_with_cases(staffed, centre_key, signer, reminder_days: int = 7) -> None:
    """Eight cases (their changes dated years back, as the demo makes them), the centre's
    keys, and the days after which the desk reminds (as the centre's reference data sets)."""
    policy, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    demo.generate(staffed, count=8, policy=policy, calendar=calendar, today=TODAY, seed=6)
    with staffed.write() as session:
        registry.put(session, registry.REMINDER_DAYS, reminder_days)
        trust.install_centre_key(session, public_key=keys.public_text(centre_key), actor="t")
        reference.trust_centre(session, public_key=keys.public_text(signer), actor="t")


def _choose(monkeypatch, module, name: str, path: Path) -> None:
    """The OS file dialog, stood in for: the supervisor picks `path` on the stick."""
    monkeypatch.setattr(module.QFileDialog, name, staticmethod(lambda *_a, **_k: (str(path), "")))


def _show_tab(qtbot, window) -> sync_ui.SyncPanel:
    panel = window.sync
    assert panel is not None
    bar = window.tabs.tabBar()
    qtbot.mouseClick(
        bar,
        Qt.MouseButton.LeftButton,
        pos=bar.tabRect(window.tabs.indexOf(window.sync_page)).center(),
    )
    qtbot.waitUntil(
        lambda: window.tabs.currentWidget() is window.sync_page and panel.status is not None
    )
    return panel


def _click(qtbot, panel, text: str) -> None:
    button = next(b for b in panel.findChildren(QPushButton) if b.text() == text)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.slow
def test_a_supervisor_sees_where_sync_stands_and_installs_the_centres_word(
    qtbot, tmp_path, policy, staffed, monkeypatch
):
    centre_key, signer = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    _station_with_cases(staffed, centre_key, signer)
    window = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"), lang="en")
    panel = _show_tab(qtbot, window)
    assert panel.last_export.text() == "never"
    assert panel.unsent.text() == "8 cases" and panel.acknowledged.text() == "none yet"
    assert not panel.reminder.isHidden()  # changes waiting since long ago, never confirmed
    assert "has never confirmed this station's changes" in panel.reminder.text()
    assert "(it asks every 7 days)" in panel.reminder.text()

    bundle = tmp_path / "stick" / "b1.hkb"
    bundle.parent.mkdir()
    _choose(monkeypatch, printing_ui, "getSaveFileName", bundle)
    _click(qtbot, panel, "Export for the centre…")
    qtbot.waitUntil(lambda: "b1.hkb" in panel.last_export.text(), timeout=20_000)
    assert "8 cases, to b1.hkb" in panel.last_export.text()
    assert panel.unsent.text() == "0 cases" and panel.unconfirmed.text() == "8 cases"

    # At the centre: imported, acknowledged; the acknowledgement comes back on the stick.
    centre = open_database(tmp_path / "centre" / "centre.db")
    with centre.write() as session:
        trust.trust(
            session,
            station="440703001",
            public_key=keys.public_text(keys.station_key(staffed.keys_dir)),
            actor="t",
        )
    report = importing.import_bundle(
        centre, bundle.read_bytes(), centre_key=centre_key, files_dir=tmp_path / "f", actor="t"
    )
    with centre.read() as session:
        held = trust.imported_audit(session, "440703001")
    ack = tmp_path / "stick" / "b1.ack"
    ack.write_bytes(acks.acknowledgement(report, held, signer, held=["440703001-2026-000003"]))
    _choose(monkeypatch, sync_ui, "getOpenFileName", ack)
    _click(qtbot, panel, "Install the centre's acknowledgement…")
    qtbot.waitUntil(lambda: panel.acknowledged.text() != "none yet")
    assert panel.unconfirmed.text() == "0 cases" and panel.reminder.isHidden()
    assert panel.held.text() == "440703001-2026-000003"
    assert panel.refused.text() == "nothing"
    assert "holds this station's changes up to" in window.context.messages.history[-1][1]

    # A later bundle refused: the centre's signed notice says why, and the desk shows it.
    refusal = acks.acknowledgement(
        importing.Report("440703001", report.seq_to, report.seq_to),
        held,
        signer,
        refused={"zh": "审计记录无封签。", "en": "Audit events carry no seal.", "seq_from": 9},
    )
    notice = tmp_path / "stick" / "b2.ack"
    notice.write_bytes(refusal)
    _choose(monkeypatch, sync_ui, "getOpenFileName", notice)
    _click(qtbot, panel, "Install the centre's acknowledgement…")
    qtbot.waitUntil(lambda: "carry no seal" in panel.refused.text())

    # New work, and ten days on with no word from the centre: the reminder.
    policy_, calendar = load_policy(forms_dir()), load_calendar(forms_dir())
    demo.generate(staffed, count=2, policy=policy_, calendar=calendar, today=TODAY, seed=61)
    _click(qtbot, panel, "Refresh")
    qtbot.waitUntil(lambda: panel.unsent.text() == "2 cases")
    assert panel.reminder.isHidden()  # the centre's word came today
    window.context.counter.today = lambda: china_today() + timedelta(days=10)
    _click(qtbot, panel, "Refresh")
    qtbot.waitUntil(lambda: not panel.reminder.isHidden())
    assert "confirmed nothing for 10 days (it asks every 7 days)" in panel.reminder.text()
    assert panel.unsent.text() == "2 cases"
    assert [t for level, t in window.context.messages.history if level == "error"] == []
    centre.close()


def test_a_clerk_sees_the_status_but_installs_nothing(qtbot, tmp_path, policy, staffed):
    centre_key, signer = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    _station_with_cases(staffed, centre_key, signer)
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))  # in Chinese
    panel = _show_tab(qtbot, window)
    assert window.tabs.tabText(window.tabs.indexOf(window.sync_page)) == "同步"
    assert panel.unsent.text() == "8 件"
    assert not panel.acknowledge_button.isEnabled()
    assert not panel.reference_button.isEnabled()
    assert panel.export_button.isEnabled()
    panel.grab().save(str(Path("/tmp") / "hukou-sync-panel-clerk.png"))
