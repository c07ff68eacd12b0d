"""The decision screen of a supervisor whose key the centre has not enrolled: it says why no
decision can be recorded, and records none, until the centre's enrolment is installed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hukou_desk.services import intake
from hukou_desk.storage import cases, person_keys
from hukou_desk.ui.review import CaseReview
from tests.stations import enrol
from tests.ui.conftest import PASSWORD, open_desk, type_intake, user
from tests.ui.test_counter_flow import _intakes


@pytest.mark.slow
def test_a_supervisor_whose_key_is_not_enrolled_is_told_why_and_cannot_decide(
    qtbot, policy, staffed
):
    clerk = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"), "en")
    number = type_intake(qtbot, clerk, _intakes()[0]).case_number
    # Her password was reset: a new key, which the centre does not know yet.
    with staffed.write() as session:
        liuyang = cases.user_named(session, "liuyang")
        _row, private = person_keys.make(session, actor="admin", user=liuyang, password=PASSWORD)
    staffed.signers["liuyang"] = private  # opened by her own sign-in
    boss = open_desk(qtbot, policy, staffed, user(staffed, "liuyang"), "en")
    review = boss.open_case(number)
    assert isinstance(review, CaseReview) and review.decision_box.isVisible()
    assert not review.record.isEnabled() and not review.approve.isEnabled()
    assert "not enrolled by the centre" in review.notice.text()
    qtbot.mouseClick(review.approve, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(review.record, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    counter, me = boss.context.counter, boss.context.user
    assert intake.status_of(counter, me, number=number).value == "recommended"
    boss.close()
    # The centre enrols her key; the reference data installed: she may decide.
    assert enrol(staffed, "liuyang") == ["liuyang"]
    again = open_desk(qtbot, policy, staffed, user(staffed, "liuyang"), "en")
    review = again.open_case(number)
    assert isinstance(review, CaseReview)
    assert review.record.isEnabled() and review.notice.text() == ""


def test_the_administrator_writes_the_requests_and_installs_the_centres_enrolment(
    qtbot, policy, staffed, tmp_path, monkeypatch
):
    import json

    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from hukou_desk import keys
    from hukou_desk.paths import forms_dir
    from hukou_desk.storage import enrolment
    from hukou_desk.storage.database import open_database
    from hukou_desk.sync import reference
    from tests.stations import TEST_CENTRE

    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"), "en")
    panel = window.admin
    panel.select_user("liuyang")
    panel.reset_password.setText("Fresh-start-Lotus-41")
    panel.reset()  # a new key for her: the centre must enrol it again
    out = tmp_path / "requests.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    button = panel.findChild(QPushButton, "enrolmentRequestsButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.context.messages.history[-1] == (
        "info",
        "1 enrolment requests written (liuyang): carry the file to the centre.",
    )
    # At the centre: the request checked against the station's key, enrolled, sent back.
    centre = open_database(tmp_path / "centre.db")
    with staffed.read() as session:
        station_key = keys.public_text(keys.station_key(staffed.keys_dir))
    with centre.write() as session:
        for one in enrolment.read_requests(out.read_bytes()):
            enrolment.enrol(session, one, station_keys={"440703001": station_key}, actor="t")
        data = reference.build(
            session,
            forms=forms_dir(),
            signing_key=TEST_CENTRE,
            bundle_key=keys.public_text(X25519PrivateKey.generate()),
        )
    centre.close()
    assert json.loads(out.read_bytes())["requests"][0]["username"] == "liuyang"
    (tmp_path / "ref.hkr").write_bytes(data)
    panel.install_reference(tmp_path / "ref.hkr")
    assert window.context.messages.history[-1][0] == "info"
    with staffed.read() as session:
        assert enrolment.enrolled_key(session, "liuyang") is not None
