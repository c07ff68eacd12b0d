"""The statistics dashboard: the station's figures for a period, each as a chart and a table.

The figures are read on a worker thread (a million cases must not freeze the desk) and are the
published ones: whole months, every count rounded under the statistics' rule, exactly as in
the files that leave the station. A click on a bar, or a double-click on a row, lists the cases
behind it (an audited look-up of case records, which a supervisor may open anyway), and a
double-click there opens the case. Only supervisors and administrators have this screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.lifecycle import STATUS_TITLES, CaseStatus
from hukou_desk.domain.statistics import (
    HIDDEN_NOTE,
    RULE_SHORT,
    Filters,
    Kind,
    Report,
    Table,
    month_period,
)
from hukou_desk.domain.text import Text
from hukou_desk.services import statistics
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context
from hukou_desk.ui.fields import searchable, settle

CHART_ROWS = 15
IN_ORDER = ("cases_by_month", "open_by_age", "people_by_age_band")
_ALL = ""


def _say(value: Text, lang: str) -> str:
    return value.zh if lang == "zh" else value.en


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _number(value: Any) -> float:
    """A figure as a bar's length: a figure not shown (None) draws none."""
    return float(value) if isinstance(value, int | float) else 0.0


def _shown(value: Any, kind: Kind, lang: str) -> str:
    if isinstance(value, Text):
        return _say(value, lang)
    if value is None:
        return "—"
    if kind is Kind.SHARE and isinstance(value, float):
        return f"{value:.1%}"
    if kind is Kind.COUNT and isinstance(value, int):
        return f"{value:,}"
    return str(value)


class Dashboard(QWidget):
    """Filters on top; the figures listed on the left; the chosen one's chart and table."""

    open_requested = Signal(str)  # a case number
    shown = Signal()  # a report arrived and is on screen

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lang = context.messages.lang
        self.report: Report | None = None
        self.loading: operations.Operation[Report] | None = None
        today = context.counter.today()

        self.period = QComboBox()
        self.period.setObjectName("statsPeriod")
        for key, label in (
            ("month", self.tr("This month")),
            ("last_month", self.tr("Last month")),
            ("year", self.tr("This year")),
            ("twelve", self.tr("The last 12 months")),
            ("custom", self.tr("Chosen months")),
        ):
            self.period.addItem(label, key)
        self.start = QDateEdit(_qdate(today.replace(day=1)))
        self.start.setObjectName("statsFrom")
        self.end = QDateEdit(_qdate(today))
        self.end.setObjectName("statsTo")
        for edit in (self.start, self.end):  # figures are published for whole months
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM")
            edit.dateChanged.connect(self._dates_typed)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.pathway = QComboBox()
        self.pathway.setObjectName("statsPathway")
        self.district = QComboBox()
        self.district.setObjectName("statsDistrict")
        self.station = QComboBox()
        self.station.setObjectName("statsStation")
        for searched in (self.district, self.station):  # 蓬江, 白沙… find them
            searchable(searched, context.messages.error)
        self.refresh_button = QPushButton(self.tr("Show"))
        self.refresh_button.setObjectName("statsShow")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        # Enter in the filters counts again, as the Show button does; on a row of the table it
        # lists that row's cases.
        for enter in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(enter), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._enter)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, label in (
            ("xlsx", self.tr("Excel…")),
            ("csv", self.tr("CSV…")),
            ("pdf", self.tr("Monthly report PDF…")),
        ):
            button = QPushButton(label)
            button.setObjectName(f"statsExport_{fmt}")
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            button.setEnabled(False)
            self.export_buttons[fmt] = button

        # Two short rows, so the screen fits a 1366-pixel (or a 150 %-scaled) counter screen.
        for combo in (self.period, self.pathway, self.district, self.station):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        bar = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Period")),
            self.period,
            self.start,
            QLabel("–"),
            self.end,
            self.refresh_button,
        ):
            bar.addWidget(widget)
        bar.addStretch()
        for button in self.export_buttons.values():
            bar.addWidget(button)
        scope = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Pathway")),
            self.pathway,
            QLabel(self.tr("District")),
            self.district,
            QLabel(self.tr("Station")),
            self.station,
        ):
            scope.addWidget(widget)
        scope.addStretch()
        self.summary = QLabel()
        self.summary.setObjectName("statsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.figures = QListWidget()
        self.figures.setObjectName("statsFigures")
        self.figures.setMinimumWidth(120)
        self.figures.currentRowChanged.connect(self._figure_chosen)
        self.note = QLabel()
        self.note.setObjectName("statsNote")
        self.note.setWordWrap(True)
        self.chart = QChart()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("statsChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(180)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("statsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.list_cases_of_row(row))
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.note)
        top_layout.addWidget(self.chart_view, 1)
        right.addWidget(top)
        right.addWidget(self.table)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.figures)
        body.addWidget(right)
        body.setStretchFactor(1, 3)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(scope)
        layout.addWidget(self.summary)
        layout.addWidget(body, 1)
        # The filter lists read every case's pathway, district and station: not at the desk's
        # start (40 % of it on a large file) but when the tab is first shown.
        self._choices_filled = False
        self._chart_keys: list[str] = []
        self._chart_table: Table | None = None

    # --- filters ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._ensure_choices()
        super().showEvent(event)

    def _ensure_choices(self) -> None:
        if not self._choices_filled:
            self._choices_filled = True
            self._fill_choices()

    def _fill_choices(self) -> None:
        context = self.context
        with context.messages.guard():
            found = statistics.choices(context.counter, context.user)
            for combo, name in (
                (self.pathway, "pathway"),
                (self.district, "district"),
                (self.station, "station"),
            ):
                combo.clear()
                combo.addItem(self.tr("All"), _ALL)
                for key, label in found[name]:
                    combo.addItem(_say(label, self.lang), key)

    def _period_chosen(self) -> None:
        key = self.period.currentData()
        today = self.context.counter.today()
        if key == "month":
            first, last = today.replace(day=1), today
        elif key == "last_month":
            last = date.fromordinal(today.replace(day=1).toordinal() - 1)
            first = last.replace(day=1)
        elif key == "year":
            first, last = today.replace(month=1, day=1), today
        elif key == "twelve":
            # This month and the eleven before it.
            first = (
                date(today.year, 1, 1)
                if today.month == 12
                else date(today.year - 1, today.month + 1, 1)
            )
            last = today
        else:
            return
        for edit, day in ((self.start, first), (self.end, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _dates_typed(self) -> None:
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData("custom"))
        self.period.blockSignals(False)

    def _enter(self) -> None:
        for searched in (self.district, self.station):
            settle(searched)  # a name typed, then Enter at once
        if self.table.hasFocus():
            self.list_cases_of_row(self.table.currentRow())
        else:
            self.refresh()

    def filters(self) -> Filters | None:
        self._ensure_choices()
        start, end = _pydate(self.start.date()), _pydate(self.end.date())
        if end < start:
            self.context.messages.error(self.tr("The period ends before it starts."))
            return None
        start, end = month_period(start, end)  # the whole months from the first's to the last's
        return Filters(
            start=start,
            end=end,
            pathway=self.pathway.currentData() or None,
            district=self.district.currentData() or None,
            station=self.station.currentData() or None,
        )

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> operations.Operation[Report] | None:
        """Read the figures on a worker thread; the screen stays responsive meanwhile."""
        filters = self.filters()
        if filters is None:
            return None
        context = self.context
        self.refresh_button.setEnabled(False)
        self.loading = operations.run(
            lambda _job: statistics.report(context.counter, context.user, filters),
            messages=context.messages,
            on_success=self._show,
            on_failure=lambda _error: self.refresh_button.setEnabled(True),
            parent=self,
            label=self.tr("Counting…"),
        )
        return self.loading

    def _show(self, report: Report) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.summary.setText(" ".join(_say(line, self.lang) for line in report.summary))
        row = max(0, self.figures.currentRow())
        self.figures.blockSignals(True)
        self.figures.clear()
        for table in report.tables:
            item = QListWidgetItem(_say(table.title, self.lang))
            item.setData(Qt.ItemDataRole.UserRole, table.id)
            self.figures.addItem(item)
        self.figures.blockSignals(False)
        self.figures.setCurrentRow(min(row, len(report.tables) - 1))
        self._figure_chosen(self.figures.currentRow())
        self.shown.emit()

    def current_table(self) -> Table | None:
        if self.report is None:
            return None
        row = self.figures.currentRow()
        return self.report.tables[row] if 0 <= row < len(self.report.tables) else None

    def show_figure(self, table_id: str) -> None:
        if self.report is None:
            return
        for row, table in enumerate(self.report.tables):
            if table.id == table_id:
                self.figures.setCurrentRow(row)

    def _figure_chosen(self, _row: int) -> None:
        table = self.current_table()
        if table is None:
            return
        note = _say(table.note, self.lang) + "\n" + _say(RULE_SHORT, self.lang)
        if any(row.cells[table.chart_column] is None for row in table.rows):
            note += " " + self.tr("Bars marked “not shown”: {0}.").format(
                _say(HIDDEN_NOTE, self.lang)
            )
        self.note.setText(note)
        self._fill_table(table)
        self._draw(table)

    def _fill_table(self, table: Table) -> None:
        rows = [*table.rows, *((table.total,) if table.total else ())]
        self.table.clear()
        self.table.setColumnCount(len(table.columns))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(
            [_capital(_say(c.title, self.lang)) for c in table.columns]
        )
        for r, row in enumerate(rows):
            for c, column in enumerate(table.columns):
                item = QTableWidgetItem(_shown(row.cells[c], column.kind, self.lang))
                if column.kind is not Kind.LABEL:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(table.columns)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

    def _draw(self, table: Table) -> None:
        """The chart of the table's main column: the largest rows (months and ages in order),
        on a new chart each time (a chart's axes outlive their series otherwise)."""
        chart = QChart()
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setTitle(_say(table.title, self.lang))
        old, self.chart = self.chart, chart
        self.chart_view.setChart(chart)
        old.deleteLater()
        column = table.chart_column
        rows = list(table.rows)  # a figure not shown keeps its place, marked
        upright = table.id in IN_ORDER  # months and ages: columns in their own order
        if not upright:
            rows = sorted(rows, key=lambda r: -_number(r.cells[column]))[:CHART_ROWS]
            rows = list(reversed(rows))  # the largest at the top
        self._chart_keys = [row.key for row in rows]
        self._chart_table = table
        if not rows:
            return
        bars = QBarSet(_say(table.columns[column].title, self.lang))
        bars.setColor(QColor("#3C6E9F"))
        bars.append([_number(row.cells[column]) for row in rows])
        # QBarSet.clicked carries the bar's index (an int), not a button's checked flag.
        bars.clicked.connect(lambda index: self.list_cases_of_bar(int(index)))
        series: QAbstractBarSeries = QBarSeries() if upright else QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        hidden = self.tr("not shown")
        names.append(
            [
                _shown(row.cells[0], Kind.LABEL, self.lang)[:24]
                + (f" ({hidden})" if row.cells[column] is None else "")
                for row in rows
            ]
        )
        names.setTruncateLabels(False)  # a province's whole name, never "…"
        chart.addAxis(
            names, Qt.AlignmentFlag.AlignBottom if upright else Qt.AlignmentFlag.AlignLeft
        )
        series.attachAxis(names)
        values = QValueAxis()
        values.setLabelFormat("%d")
        largest = max(_number(row.cells[column]) for row in rows)
        values.setRange(0, max(1.0, largest * 1.15))
        values.applyNiceNumbers()
        chart.addAxis(
            values, Qt.AlignmentFlag.AlignLeft if upright else Qt.AlignmentFlag.AlignBottom
        )
        series.attachAxis(values)

    def bar_position(self, index: int) -> QPointF:
        """Where bar `index` is drawn, in the chart view's viewport (the tests click there)."""
        series = self.chart.series()[0]
        bars = series.barSets()[0]  # type: ignore[attr-defined]
        middle = bars.at(index) / 2
        upright = isinstance(series, QBarSeries)
        at = QPointF(index, middle) if upright else QPointF(middle, index)
        point = self.chart.mapToPosition(at, series)
        return QPointF(self.chart_view.mapFromScene(self.chart.mapToScene(point)))

    # --- the cases behind a figure --------------------------------------------------------------

    def list_cases_of_bar(self, index: int) -> CasesBehind | None:
        if 0 <= index < len(self._chart_keys) and self._chart_table is not None:
            return self.list_cases(self._chart_table, self._chart_keys[index])
        return None

    def list_cases_of_row(self, row: int) -> CasesBehind | None:
        table = self.current_table()
        if table is None or not 0 <= row < len(table.rows):
            return None
        return self.list_cases(table, table.rows[row].key)

    def list_cases(self, table: Table, key: str) -> CasesBehind | None:
        if self.report is None or not key:
            return None
        context = self.context
        report = self.report
        found: list[statistics.Listed] | None = None
        with context.messages.guard(), operations.busy():
            found = statistics.cases_behind(
                context.counter,
                context.user,
                table_id=table.id,
                key=key,
                filters=report.filters,
            )
        if found is None:
            return None
        dialog = CasesBehind(found, self.lang, self)
        dialog.open_requested.connect(self.open_requested)
        dialog.open()
        return dialog

    # --- exports --------------------------------------------------------------------------------

    def export(self, fmt: str, out: Path | None = None) -> Path | None:
        """The figures shown, as a spreadsheet, CSV files or the report PDF, in the desk's
        language (the same published figures: the file can leave the station)."""
        if self.report is None:
            return None
        report = self.report
        if out is None:
            period = f"{report.filters.start.isoformat()}-{report.filters.end.isoformat()}"
            suggested = str(Path.home() / f"hukou-stats-{period}")
            if fmt == "csv":
                chosen = QFileDialog.getExistingDirectory(
                    self, self.tr("A folder for the CSV files")
                )
            else:
                chosen, _filter = QFileDialog.getSaveFileName(
                    self, self.tr("Save the figures"), f"{suggested}.{fmt}", f"*.{fmt}"
                )
            if not chosen:
                return None
            out = Path(chosen)
        context = self.context
        written: Path | None = None
        with context.messages.guard(), operations.busy():
            written = statistics.export(
                context.counter, context.user, report, out=out, fmt=fmt, lang=self.lang
            )
        if written is not None:
            context.messages.info(self.tr("Saved: {0}").format(written))
        return written


class CasesBehind(QDialog):
    """The cases behind one bar: number, status, pathway, received, the applicant's masked
    number; a double-click (or Enter) opens one."""

    open_requested = Signal(str)

    def __init__(self, found: list[statistics.Listed], lang: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("casesBehind")
        self.setWindowTitle(self.tr("The cases behind this figure"))
        self.resize(720, 420)
        self.table = QTableWidget(len(found), 5)
        self.table.setObjectName("casesBehindTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Case number"),
                self.tr("Status"),
                self.tr("Pathway"),
                self.tr("Received"),
                self.tr("Applicant"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for r, case in enumerate(found):
            status = STATUS_TITLES.get(CaseStatus(case.status))
            for c, value in enumerate(
                (
                    case.number,
                    _say(status, lang) if status else case.status,
                    case.pathway,
                    case.received.isoformat(),
                    case.applicant,
                )
            ):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_row(row))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.count = QLabel(self.tr("{0} cases").format(len(found)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.numbers = [case.number for case in found]
        if found:
            self.table.selectRow(0)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.numbers):
            self.open_requested.emit(self.numbers[row])
            self.accept()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.open_row(self.table.currentRow())
            return
        super().keyPressEvent(event)
