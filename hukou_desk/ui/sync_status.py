"""The sync tab: where this station stands with the centre, and the centre's files installed.

It shows the last export (when, how many cases, which file), the cases changed since, the
centre's last acknowledgement with the cases it holds for review and any bundle it refused
(and why), and a reminder once the centre has confirmed nothing for the days it set. A
supervisor or the administrator installs the centre's acknowledgement; the administrator its
reference data. The figures come from `services.exchange.sync_status`; nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.clock import CHINA
from hukou_desk.domain.lifecycle import Role
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context

_T = TypeVar("_T")


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


class SyncPanel(QWidget):
    """The sync status, read when first shown and after each action."""

    export_requested = Signal()

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPanel")
        self.context = context
        self.status: Any = None
        title = QLabel(self.tr("Sync with the city centre"))
        title.setStyleSheet("font-weight: bold; font-size: 120%;")
        self.reminder = QLabel()
        self.reminder.setObjectName("syncReminder")
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet(
            "background: #fdecea; color: #8a1c12; padding: 6px; border: 1px solid #e0a39c;"
        )
        self.reminder.hide()
        self.last_export = QLabel()
        self.unsent = QLabel()
        self.acknowledged = QLabel()
        self.unconfirmed = QLabel()
        self.held = QLabel()
        self.refused = QLabel()
        self.refused.setObjectName("syncRefused")
        for label in (self.last_export, self.held, self.refused):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Last export:"), self.last_export)
        form.addRow(self.tr("Changed since, not yet sent:"), self.unsent)
        form.addRow(self.tr("Centre's last acknowledgement:"), self.acknowledged)
        form.addRow(self.tr("Not yet confirmed by the centre:"), self.unconfirmed)
        form.addRow(self.tr("Held for review at the centre:"), self.held)
        form.addRow(self.tr("Refused by the centre:"), self.refused)
        self.export_button = QPushButton(self.tr("Export for the centre…"))
        self.export_button.clicked.connect(lambda: self.export_requested.emit())
        self.acknowledge_button = QPushButton(self.tr("Install the centre's acknowledgement…"))
        self.acknowledge_button.setObjectName("installAcknowledgement")
        self.acknowledge_button.clicked.connect(lambda: self.install_acknowledgement())
        self.reference_button = QPushButton(self.tr("Install the centre's reference data…"))
        self.reference_button.setObjectName("installReference")
        self.reference_button.clicked.connect(lambda: self.install_reference())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        role = context.role
        self.acknowledge_button.setEnabled(role in (Role.ADMIN, Role.SUPERVISOR))
        self.reference_button.setEnabled(role is Role.ADMIN)
        if role not in (Role.ADMIN, Role.SUPERVISOR):
            self.acknowledge_button.setToolTip(
                self.tr("A supervisor or the administrator installs the centre's files.")
            )
        if role is not Role.ADMIN:
            self.reference_button.setToolTip(
                self.tr("The administrator installs the centre's reference data.")
            )
        buttons = QHBoxLayout()
        for button in (
            self.export_button,
            self.acknowledge_button,
            self.reference_button,
            self.refresh_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.reminder)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def refresh(self) -> None:
        from hukou_desk.services import exchange  # the sync code: loaded when first shown

        status = operations.act(
            lambda: exchange.sync_status(self.context.counter, self.context.user),
            messages=self.context.messages,
        )
        if status is None:
            return
        self.status = status.value
        self._show(self.status)

    def _show(self, status: Any) -> None:
        if status.exported_at is None:
            self.last_export.setText(self.tr("never"))
        else:
            where = Path(status.exported_file).name if status.exported_file else ""
            self.last_export.setText(
                self.tr("{0}, {1} cases").format(_when(status.exported_at), status.exported_cases)
                + (self.tr(", to {0}").format(where) if where else "")
            )
            self.last_export.setToolTip(status.exported_file)
        self.unsent.setText(self.tr("{0} cases").format(status.unsent_cases))
        self.acknowledged.setText(
            _when(status.acknowledged_at) if status.acknowledged_at else self.tr("none yet")
        )
        self.unconfirmed.setText(self.tr("{0} cases").format(status.unconfirmed_cases))
        self.held.setText("、".join(status.held) if status.held else self.tr("none"))
        if status.refused is None:
            self.refused.setText(self.tr("nothing"))
            self.refused.setStyleSheet("")
        else:
            self.refused.setText(
                self.tr("{0}: {1}").format(
                    _when(status.refused_at), status.refused(self.context.lang)
                )
            )
            self.refused.setStyleSheet("color: #8a1c12;")
        if status.overdue and status.acknowledged_at is None:
            self.reminder.setText(
                self.tr(
                    "The centre has never confirmed this station's changes; the oldest has "
                    "waited {0} days (it asks every {1} days): export, send the file to the "
                    "centre and install its acknowledgement."
                ).format(status.waiting_days, status.reminder_days)
            )
            self.reminder.show()
        elif status.overdue:
            self.reminder.setText(
                self.tr(
                    "The centre has confirmed nothing for {0} days (it asks every {1} days): "
                    "export, send the file to the centre and install its acknowledgement."
                ).format(status.waiting_days, status.reminder_days)
            )
            self.reminder.show()
        else:
            self.reminder.hide()

    def _chosen(self, title: str, filter_: str) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self, title, str(Path.home()), filter_)
        return Path(chosen) if chosen else None

    def _install(self, title: str, filter_: str, act: Callable[[bytes], _T]) -> _T | None:
        """A file of the centre's chosen, read and handed to `act` (a service); the status
        shown anew. None when nothing was chosen or it was refused (and said so)."""
        path = self._chosen(title, filter_)
        if path is None:
            return None
        done = operations.act(lambda: act(path.read_bytes()), messages=self.context.messages)
        if done is None:
            return None
        self.refresh()
        return done.value

    def install_acknowledgement(self) -> None:
        from hukou_desk.services import exchange

        context = self.context
        upto = self._install(
            self.tr("The centre's acknowledgement"),
            self.tr("Acknowledgements (*.ack);;All files (*)"),
            lambda data: exchange.acknowledge(context.counter, context.user, data=data),
        )
        if upto is not None:
            context.messages.info(
                self.tr(
                    "The centre's word is installed: it holds this station's changes up to {0}."
                ).format(upto)
            )

    def install_reference(self) -> None:
        from hukou_desk.services import exchange

        context = self.context
        done = self._install(
            self.tr("The centre's reference file"),
            self.tr("Reference files (*.hkr);;All files (*)"),
            lambda data: exchange.install_reference(context.counter, context.user, data=data),
        )
        if done is not None:
            context.messages.info(
                self.tr(
                    "Reference data installed: {0} form files, {1} station keys, {2} new staff. "
                    "Restart the desk to use the new forms."
                ).format(done["forms"], done["stations"], done["staff_added"])
            )
