"""The Qt the desk runs on leaves Python's None alone.

PySide6 6.12.0 on CPython 3.11 took one reference off None at every Qt call that returns
nothing; the form makes about sixty per keystroke, and after about twenty minutes at the desk
the interpreter aborted (`Fatal Python error: none_dealloc`). pyproject.toml holds PySide6 at
6.11.3; this test fails for any upgrade that brings the fault back (on CPython 3.12+, where
None is immortal, it holds whatever the binding does).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import open_desk, user

CALLS = 10_000


def test_void_qt_calls_in_the_running_desk_leave_nones_count_unchanged(qtbot, policy, staffed):
    window = open_desk(qtbot, policy, staffed, user(staffed, "zhangli"))
    label = window.statusBar().findChild(QLabel) or QLabel(window)
    timer = QTimer(window)
    calls = (
        (label.setText, "共 1 件"),
        (label.setVisible, True),
        (label.setToolTip, "x"),
        (timer.setInterval, 250),
        (window.tabs.setEnabled, True),
    )
    rounds = CALLS // len(calls)
    before = sys.getrefcount(None)
    for _ in range(rounds):
        for method, argument in calls:
            method(argument)
    after = sys.getrefcount(None)
    # The fault takes one reference off None at every call (-10,000 here). Anything else that
    # runs meanwhile (a worker thread of an earlier test ending, the collector) may move the
    # count by a handful, either way: a hundredth of the calls is the bound.
    assert abs(after - before) < CALLS // 100, (
        f"{rounds * len(calls)} void Qt calls moved None by {after - before}"
    )
