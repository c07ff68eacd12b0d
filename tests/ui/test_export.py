"""Export from the app: progress, the file whole, cancel records nothing, a missing key said."""

from __future__ import annotations

from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk import demo, keys
from hukou_desk.domain.loader import load_calendar
from hukou_desk.paths import forms_dir
from hukou_desk.storage import (
    registry,
)
from hukou_desk.sync import trust
from hukou_desk.sync.bundle import MAGIC
from hukou_desk.ui.export import ExportJob
from tests.ui.conftest import errors, open_desk, user


@pytest.mark.slow
def test_export_shows_progress_writes_the_bundle_and_cancel_records_nothing(
    qtbot, policy, staffed, tmp_path
):
    demo.generate(
        staffed,
        count=60,
        policy=policy,
        calendar=load_calendar(forms_dir()),
        today=date(2026, 11, 20),
    )
    window = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    assert window.printing.export_for_centre(tmp_path / "none.hkb") is None
    assert "中心公钥" in errors(window)[-1] and not (tmp_path / "none.hkb").exists()
    with staffed.write() as session:
        trust.install_centre_key(
            session, public_key=keys.public_text(X25519PrivateKey.generate()), actor="t"
        )
    cancelled = ExportJob(window.context, tmp_path / "cancelled.hkb", window)
    cancelled.cancel_requested = True
    with qtbot.waitSignal(cancelled.finished, timeout=20_000):
        cancelled.start()
    assert not (tmp_path / "cancelled.hkb").exists()
    with staffed.read() as session:
        assert registry.get(session, registry.EXPORTED_SEQ) is None
    seen: list[int] = []
    job = ExportJob(window.context, tmp_path / "out.hkb", window)
    job.progressed.connect(seen.append)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        job.start()
    assert (tmp_path / "out.hkb").read_bytes().startswith(MAGIC)
    assert seen[:1] == [0] and 90 in seen
    assert "60" in window.context.messages.history[-1][1]
    with staffed.read() as session:
        assert registry.get(session, registry.EXPORTED_SEQ) > 0


@pytest.mark.slow
def test_the_administrator_trusts_the_centre_and_installs_its_reference_file(
    qtbot, policy, staffed, tmp_path
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hukou_desk.sync import reference

    signer = Ed25519PrivateKey.generate()
    sealer = X25519PrivateKey.generate()
    with staffed.read() as session:
        data = reference.build(
            session, forms=forms_dir(), signing_key=signer, bundle_key=keys.public_text(sealer)
        )
    (tmp_path / "ref.hkr").write_bytes(data)
    window = open_desk(qtbot, policy, staffed, user(staffed, "admin"))
    panel = window.admin
    panel.install_reference(tmp_path / "ref.hkr")
    # This station trusts another centre's key (the one that enrolled its deciders): a file
    # signed by this one is refused until the administrator trusts it.
    assert "不是中心签发的" in errors(window)[-1]
    panel.centre_key.setText("not a key")
    panel.trust_centre()
    assert "无效" in errors(window)[-1]
    panel.centre_key.setText(keys.public_text(signer))
    panel.trust_centre()
    panel.install_reference(tmp_path / "ref.hkr")
    assert window.context.messages.history[-1][0] == "info"
    assert (staffed.path.parent / "forms" / "plan.toml").is_file()
    with staffed.read() as session:
        assert keys.centre_bundle_key(session) == keys.public_text(sealer)
    panel.install_reference(tmp_path / "missing.hkr")
    assert errors(window)[-1] == "本机无法完成此操作：No such file or directory。"


def test_without_the_centres_key_the_export_is_refused_before_a_file_is_chosen(
    qtbot, policy, staffed, monkeypatch
):
    """The clerk is told at once, not after choosing where the bundle would go."""
    from PySide6.QtWidgets import QFileDialog

    asked: list[object] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kw: asked.append(args) or ("", "")
    )
    window = open_desk(qtbot, policy, staffed, user(staffed, "wangfang"))
    window.actions_by_name["export"].trigger()
    assert "中心公钥" in errors(window)[-1]
    assert asked == []
