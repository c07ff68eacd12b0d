"""The status bar: what the desk applies and who works at it, the case file's counts, the
card reader, the calendar's warning, and the passing notices.

Each of these is its own label, so that none hides another: a passing notice no longer covers
the counts, and on a narrow screen the width goes by priority — the counts whole, then the
passing notice, the calendar's warning, the training mark, the card reader, the user, the
plan — and what does not fit is shortened with "…", its full text in the tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import shiboken6
from PySide6 import QtCore
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from hukou_desk.domain.lifecycle import NEAR_DEADLINE_DAYS, CaseStatus
from hukou_desk.domain.listing import DeadlineCounts
from hukou_desk.domain.text import Text
from hukou_desk.ui.context import Context


@dataclass(frozen=True)
class CaseSummary:
    """The case file at a glance, for the status bar."""

    total: int
    awaiting_approval: int
    overdue: int  # open cases past their statutory limit, station-wide (an exact count)
    due_soon: int  # open cases due today or within NEAR_DEADLINE_DAYS working days


class ElidedLabel(QLabel):
    """A one-line label that gives up its width first: cut with "…" when the bar is narrow,
    the whole text in its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        ellipsis = self.fontMetrics().horizontalAdvance("…")
        return QSize(min(hint.width(), ellipsis * 4), hint.height())

    def show_text(self, text: str, tip: str = "") -> None:
        """`text` as far as it fits; all of it (or `tip`) in the tooltip."""
        self.setText(text)
        self.setToolTip(tip or text)

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(
            self.text(), QtCore.Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())


class DeskStatusBar(QStatusBar):
    """The desk's status bar; `say` shows a passing notice in its own place."""

    def __init__(
        self, context: Context, case_summary: CaseSummary | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.lang = context.lang
        plan = context.policy.plan
        # A passing notice: the widest place, and the first to be cut.
        self.notice = ElidedLabel()
        self.notice.setObjectName("noticeLabel")
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.timeout.connect(lambda: self.notice.show_text(""))
        self.addWidget(self.notice, 1)
        # The counts: never cut (the other labels give way first).
        self.cases_label = QLabel()
        self.cases_label.setObjectName("casesLabel")
        self.addPermanentWidget(self.cases_label)
        self.calendar_label = ElidedLabel()  # administrators and supervisors: calendar runs out
        self.calendar_label.setObjectName("calendarLabel")
        self.calendar_label.setStyleSheet("color: #a36a00; font-weight: bold")
        self.addPermanentWidget(self.calendar_label)
        self.reader_label = ElidedLabel()
        self.reader_label.setObjectName("readerLabel")
        self.reader_label.show_text(self.tr("Card reader: looking…"))
        self.addPermanentWidget(self.reader_label)
        user = context.user
        self.user_label = ElidedLabel()
        self.user_label.setObjectName("userLabel")
        self.user_label.show_text(f"{user.display_name} ({user.username})")
        self.addPermanentWidget(self.user_label)
        self.training_label: ElidedLabel | None = None
        if context.counter.training:  # never mistaken for the real station's desk
            self.training_label = ElidedLabel()
            self.training_label.setObjectName("trainingLabel")
            self.training_label.show_text(
                self.tr("TRAINING FILE: demo data, never exported; its slips are marked")
            )
            self.training_label.setStyleSheet(
                "color: white; background: #b00020; padding: 2px 8px; font-weight: bold"
            )
            self.addPermanentWidget(self.training_label)
        # Which plan the desk applies: always there, cut first on a narrow screen.
        self.plan_label = ElidedLabel()
        self.plan_label.setObjectName("planLabel")
        self.plan_label.show_text(
            self.tr("{0} · in force from {1}").format(
                plan.title(self.lang), plan.effective_from.isoformat()
            )
        )
        self.addPermanentWidget(self.plan_label)
        self.show_calendar_notice()
        if case_summary is not None:
            self.show_summary(case_summary)

    def by_priority(self) -> list[QLabel]:
        """The labels, the one to keep whole first."""
        labels: list[QLabel | None] = [
            self.cases_label,
            self.notice,
            self.calendar_label,
            self.training_label,
            self.reader_label,
            self.user_label,
            self.plan_label,
        ]
        return [label for label in labels if label is not None]

    def share_width(self) -> None:
        """Each label a few characters at least; the room left given by priority, each label
        its whole width while there is room (the counts always whole)."""
        layout = self.layout()
        spacing = max(layout.spacing(), 0) if layout is not None else 6
        shown = [label for label in self.by_priority() if not label.isHidden()]
        least = {id(label): label.minimumSizeHint().width() for label in shown}
        # The size grip and the margins: a little room kept aside.
        room = self.width() - 24 - spacing * 2 * len(shown) - sum(least.values())
        # Too narrow for a few characters of each: the last in priority give up their place
        # (their words stay in the tooltip of nothing, but none is drawn over another, and
        # the bar never asks the window to be wider than the screen).
        for label in reversed(shown[1:]):
            if room >= 0:
                break
            room += least[id(label)]
            least[id(label)] = 0
        for label in shown:
            whole = label.fontMetrics().horizontalAdvance(label.text()) + 8
            if label is self.training_label:
                whole += 16  # its padding
            extra = max(min(whole - least[id(label)], room), 0)
            label.setFixedWidth(least[id(label)] + extra)
            room -= extra
        # Laid out now, not when the queued layout request comes: a paint or a grab in
        # between would draw the new widths at the old places, one label over the next.
        if layout is not None:
            layout.activate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.share_width()

    def say(self, level: str, message: str) -> None:
        """A passing notice (info 10 s, an error 20 s), beside the counts, never over them."""
        self.notice.show_text(message)
        self.share_width()
        self.notice_timer.start(10_000 if level == "info" else 20_000)

    def show_reader(self, found: Text) -> None:
        if shiboken6.isValid(self.reader_label):  # the window may have closed meanwhile
            self.reader_label.show_text(found(self.lang))
            self.share_width()

    def show_summary(self, summary: CaseSummary) -> None:
        self.cases_label.setText(
            self.tr(
                "Cases on file: {0} · waiting for approval: {1} · open cases past the time "
                "limit: {2} · due within {3} working days: {4}"
            ).format(
                summary.total,
                summary.awaiting_approval,
                summary.overdue,
                NEAR_DEADLINE_DAYS,
                summary.due_soon,
            )
        )
        self.share_width()

    def show_calendar_notice(self) -> None:
        from hukou_desk.services import workdays

        notice = workdays.notice(self.context.counter, self.context.user)
        self.calendar_label.setVisible(notice is not None)
        self.calendar_label.show_text(
            notice.short(self.lang) if notice else "", notice.message(self.lang) if notice else ""
        )
        self.share_width()

    def refresh_summary(self) -> None:
        """The counts after every action (the counts come from a trigger-kept table)."""
        self.show_calendar_notice()  # a calendar just installed takes the notice away
        self.show_summary(case_summary(self.context))


def case_summary(context: Context) -> CaseSummary:
    from hukou_desk.services import station

    counts = station.counts(context.counter, context.user)
    due = station.deadline_counts(context.counter, context.user, on=context.today())
    return summary_of(counts, due)


def summary_of(counts: Mapping[CaseStatus, int], due: DeadlineCounts) -> CaseSummary:
    """The status bar's summary from the counts by status and the deadlines' counts."""
    return CaseSummary(
        total=sum(counts.values()),
        awaiting_approval=counts[CaseStatus.RECOMMENDED],
        overdue=due.overdue,
        due_soon=due.due_soon,
    )
