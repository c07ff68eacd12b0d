"""The case list: work queues, search as you type, filters, and a table that pages lazily.

The table model holds only the pages the clerk has scrolled to; each page is one keyset query
(`storage.queries.search_cases`), so the list is as quick on a million cases as on a hundred.
Identity numbers arrive masked from the query and are never unmasked here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.domain.lifecycle import (
    NEAR_DEADLINE_DAYS,
    STATUS_TITLES,
    CaseStatus,
    deadline_text,
    stored_deadline,
)
from hukou_desk.domain.listing import (
    UNDECIDED,
    CaseFilter,
    CaseRow,
    Count,
    DeadlineCounts,
    Due,
    Sort,
    due_filter,
)
from hukou_desk.domain.regions import region_name
from hukou_desk.services import station
from hukou_desk.ui.context import Context
from hukou_desk.ui.fields import JIANGMEN_UNITS, OneTabDateEdit, searchable

PAGE = 200
ROW_ROLE = Qt.ItemDataRole.UserRole


class Queue(StrEnum):
    ALL = "all"
    MY_DRAFTS = "my_drafts"
    WAITING_DOCUMENTS = "waiting_documents"
    WAITING_APPROVAL = "waiting_approval"
    APPROVED_NOT_PRINTED = "approved_not_printed"
    DEADLINE = "deadline"  # due today or within NEAR_DEADLINE_DAYS working days
    OVERDUE = "overdue"  # past the time limit, kept apart so they never hide the due ones


@dataclass(frozen=True)
class Column:
    key: str
    sort: tuple[Sort, Sort] | None = None  # (ascending, descending) when the column sorts


COLUMNS = (
    Column("number", (Sort.NUMBER, Sort.NUMBER)),
    Column("name"),
    Column("id_number"),
    Column("pathway"),
    Column("status"),
    Column("received", (Sort.RECEIVED_OLDEST, Sort.RECEIVED)),
    Column("district"),
    Column("due", (Sort.DUE, Sort.DUE)),
)


class CaseTableModel(QAbstractTableModel):
    """A thin model over keyset pages: the first page on `load`, more as the view scrolls."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[CaseRow] = []
        self.next_key: tuple[Any, ...] | None = None
        self.filter = CaseFilter()
        self.order = Sort.RECEIVED
        self.headers = {
            "number": self.tr("Case number"),
            "name": self.tr("Applicant"),
            "id_number": self.tr("Identity number"),
            "pathway": self.tr("Pathway"),
            "status": self.tr("Status"),
            "received": self.tr("Received"),
            "district": self.tr("District"),
            "due": self.tr("Due"),
        }

    def load(self, flt: CaseFilter, order: Sort) -> None:
        self.beginResetModel()
        self.filter, self.order = flt, order
        page = station.next_page(
            self.context.counter, self.context.user, flt, sort=order, after=None, limit=PAGE
        )
        self.rows, self.next_key = page.rows, page.next_key
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and self.next_key is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self.next_key is None:
            return
        page = station.next_page(
            self.context.counter,
            self.context.user,
            self.filter,
            sort=self.order,
            after=self.next_key,
            limit=PAGE,
        )
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.next_key = page.next_key

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[COLUMNS[section].key]
        return None

    def _text(self, row: CaseRow, key: str) -> str:
        lang = self.context.lang
        if key == "number":
            return row.number
        if key == "name":
            return row.applicant_name
        if key == "id_number":
            return row.applicant_id_masked
        if key == "pathway":
            if row.pathway_id == UNDECIDED:
                return self.tr("(not chosen yet)")
            try:
                return self.context.policy.pathway(row.pathway_id).title(lang)
            except LookupError:
                return row.pathway_id
        if key == "status":
            return STATUS_TITLES[row.status](lang)
        if key == "received":
            return row.application_date.isoformat()
        if key == "district":
            return region_name(row.district)
        due = stored_deadline(row.status, row.due_on, self.context.calendar, row.application_date)
        return deadline_text(due, lang)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and key in ("pathway", "status"):
            return self._text(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "due" and row.due_on is not None:
            today = self.context.today()
            if row.due_on < today:
                return QBrush(QColor("#b00020"))
            if row.due_on <= self.context.calendar.reach(today, NEAR_DEADLINE_DAYS):
                return QBrush(QColor("#a36a00"))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sorts = COLUMNS[column].sort
        if sorts is None:
            return
        wanted = sorts[0] if order == Qt.SortOrder.AscendingOrder else sorts[1]
        if wanted != self.order:
            self.load(self.filter, wanted)


def _any_date() -> QDateEdit:
    edit = OneTabDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText("—")  # the minimum means: no bound
    edit.setDate(edit.minimumDate())
    return edit


class CaseListPanel(QWidget):
    """Queues on the left; search, filters and the list on the right."""

    open_requested = Signal(str)  # a case number

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        lang = context.lang
        self.queues = QListWidget()
        self.queues.setObjectName("queues")
        self.queues.setMaximumWidth(230)
        titles = {
            Queue.ALL: self.tr("All cases"),
            Queue.MY_DRAFTS: self.tr("My drafts"),
            Queue.WAITING_DOCUMENTS: self.tr("Waiting for documents"),
            Queue.WAITING_APPROVAL: self.tr("Waiting for approval"),
            Queue.APPROVED_NOT_PRINTED: self.tr("Approved, slip not printed"),
            Queue.DEADLINE: self.tr("Due within {0} working days").format(NEAR_DEADLINE_DAYS),
            Queue.OVERDUE: self.tr("Past the time limit"),
        }
        self.queue_titles = titles
        for queue, title in titles.items():
            item = QListWidgetItem(title)
            item.setData(ROW_ROLE, queue.value)
            self.queues.addItem(item)
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Name, pinyin initials, identity number or case number (Ctrl+F)")
        )
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("any status"), None)
        for status in CaseStatus:
            self.status.addItem(STATUS_TITLES[status](lang), status.value)
        self.pathway = QComboBox()
        self.pathway.setObjectName("pathwayFilter")
        self.pathway.addItem(self.tr("any pathway"), None)
        for pathway in context.policy.pathways:
            self.pathway.addItem(pathway.title(lang), pathway.id)
        self.district = QComboBox()
        self.district.setObjectName("districtFilter")
        self.district.addItem(self.tr("any district"), None)
        for code in JIANGMEN_UNITS:
            self.district.addItem(region_name(code), code)
        searchable(self.district)  # 蓬江 finds it
        self.received_from = _any_date()
        self.received_from.setObjectName("receivedFrom")
        self.received_to = _any_date()
        self.received_to.setObjectName("receivedTo")
        for combo, letters in ((self.status, 8), (self.pathway, 14), (self.district, 6)):
            # Long pathway titles must not widen the window beyond a counter screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(letters)
        filters = QHBoxLayout()
        filters.addWidget(self.status, 1)
        filters.addWidget(self.pathway, 1)
        filters.addWidget(self.district, 1)
        filters.addWidget(QLabel(self.tr("Received")))
        filters.addWidget(self.received_from)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.received_to)

        self.model = CaseTableModel(context, self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The indicator first: enabling sorting then asks for the order the model already has.
        self.table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_indicator)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._fit_columns()
        self.table.activated.connect(self._activated)
        # A right click on a case: hand it to another counter, or receive one (ui.handover).
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._case_menu)
        self.case_menu: QMenu | None = None
        self.handover_dialog: QDialog | None = None
        self.summary = QLabel()
        self.summary.setObjectName("listSummary")
        self._matching, self._on_file = Count(0), 0
        # The counts last read (by status, and the deadlines'): the status bar starts from them.
        self.counted: tuple[dict[CaseStatus, int], DeadlineCounts] | None = None
        # Every load (a queue, a filter, a click on a column's header) recounts the footer.
        self.model.modelReset.connect(self._summarise)
        self.model.rowsInserted.connect(self._say_shown)

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.search)
        right_column.addLayout(filters)
        right_column.addWidget(self.table)
        right_column.addWidget(self.summary)
        splitter = QSplitter()
        splitter.addWidget(self.queues)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1000])
        QVBoxLayout(self).addWidget(splitter)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.status, self.pathway, self.district):
            combo.currentIndexChanged.connect(self.reload)
        for edit in (self.received_from, self.received_to):
            edit.dateChanged.connect(self._debounce.start)
        self.queues.currentRowChanged.connect(self.reload)
        self._last_audited: str | None = None
        start = Queue.WAITING_APPROVAL if context.role.value == "supervisor" else Queue.ALL
        self.queues.setCurrentRow(list(titles).index(start))

    # Column widths in characters of the current font: the list reads the same at any text
    # size (the large-text setting, a 150 % display).
    _COLUMN_CHARS = (13.5, 6, 12, 15.5, 11, 7.5, 6)
    _NUMBER_SAMPLE = (
        "440703001-03-2026-000000"  # a case number's shape: station-counter-year-serial
    )

    def _fit_columns(self) -> None:
        metrics = self.table.fontMetrics()
        em = metrics.horizontalAdvance("中")
        for index, chars in enumerate(self._COLUMN_CHARS):
            self.table.setColumnWidth(index, round(chars * em))
        # The case number whole, in this font: its serial is what tells two cases apart.
        style = self.table.style()
        margins = 2 * style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin) + 8
        whole = metrics.horizontalAdvance(self._NUMBER_SAMPLE) + margins
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), whole))
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_columns()
        super().changeEvent(event)

    def _sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        """Only columns the index can sort by take the indicator; others leave it where it was."""
        if COLUMNS[column].sort is None:
            self._show_order()

    def _show_order(self) -> None:
        """The header's indicator on the column the list is sorted by (a queue may set it)."""
        for index, candidate in enumerate(COLUMNS):
            if candidate.sort is not None and self.model.order in candidate.sort:
                ascending = self.model.order in (Sort.NUMBER, Sort.RECEIVED_OLDEST, Sort.DUE)
                order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
                header = self.table.horizontalHeader()
                header.blockSignals(True)
                header.setSortIndicator(index, order)
                header.blockSignals(False)
                return

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_queue(self) -> Queue:
        item = self.queues.currentItem()
        return Queue(item.data(ROW_ROLE)) if item else Queue.ALL

    def set_queue(self, queue: Queue) -> None:
        self.queues.setCurrentRow(list(self.queue_titles).index(queue))

    def _date(self, edit: QDateEdit) -> date | None:
        if edit.date() == edit.minimumDate():
            return None
        return date.fromisoformat(edit.date().toString("yyyy-MM-dd"))

    def current_filter(self) -> tuple[CaseFilter, Sort | None]:
        """The queue, narrowed by what the clerk typed and chose."""
        queue = self.current_queue()
        today, calendar = self.context.today(), self.context.calendar
        base = {
            Queue.ALL: CaseFilter(),
            Queue.MY_DRAFTS: CaseFilter(
                statuses=(CaseStatus.DRAFT,), prepared_by=self.context.user.id
            ),
            Queue.WAITING_DOCUMENTS: CaseFilter(statuses=(CaseStatus.NEEDS_DOCUMENTS,)),
            Queue.WAITING_APPROVAL: CaseFilter(statuses=(CaseStatus.RECOMMENDED,)),
            Queue.APPROVED_NOT_PRINTED: CaseFilter(
                statuses=(CaseStatus.APPROVED,), not_printed=True
            ),
            Queue.DEADLINE: due_filter(Due.SOON, today=today, calendar=calendar),
            Queue.OVERDUE: due_filter(Due.OVERDUE, today=today, calendar=calendar),
        }[queue]
        chosen = self.status.currentData()
        self.status.setEnabled(not base.statuses)
        flt = replace(
            base,
            query=self.search.text(),
            statuses=base.statuses or ((CaseStatus(chosen),) if chosen else ()),
            pathway_id=self.pathway.currentData(),
            district=self.district.currentData(),
            received_from=self._date(self.received_from),
            received_to=self._date(self.received_to),
        )
        return flt, Sort.DUE if queue in (Queue.DEADLINE, Queue.OVERDUE) else None

    def reload(self) -> None:
        with self.context.messages.guard():
            flt, forced = self.current_filter()
            self.model.load(flt, forced or self.model.order)  # the footer follows the reset
            self._show_order()
            self._audit_search(flt.query)
            if self.model.rows and not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _audit_search(self, query: str) -> None:
        """A search that names someone is a look-up: audited, the query kept as a digest."""
        if not query.strip() or self._last_audited == query:
            return
        self._last_audited = query
        station.record_search(
            self.context.counter,
            self.context.user,
            query=query,
            results=len(self.model.rows),
            source="list",
        )

    def _summarise(self) -> None:
        """The counts, after every load of the list: the queues' and the footer's."""
        with self.context.messages.guard():
            context = self.context
            counts = station.counts(context.counter, context.user)
            due = station.deadline_counts(context.counter, context.user, on=context.today())
            self.counted = counts, due
            self._matching = station.count(context.counter, context.user, self.model.filter)
            self._on_file = sum(counts.values())
            in_queue = {
                Queue.WAITING_DOCUMENTS: counts[CaseStatus.NEEDS_DOCUMENTS],
                Queue.WAITING_APPROVAL: counts[CaseStatus.RECOMMENDED],
                Queue.DEADLINE: due.due_soon,
                Queue.OVERDUE: due.overdue,
            }
            for row, (queue, title) in enumerate(self.queue_titles.items()):
                item = self.queues.item(row)
                if item is not None and queue in in_queue:
                    item.setText(f"{title} ({in_queue[queue]})")
            self._say_shown()

    def _say_shown(self) -> None:
        """The footer: how many rows are shown of how many the queue and filters hold."""
        shown, matching = len(self.model.rows), self._matching
        if matching.at_least:
            said = self.tr("Showing {0} of more than {1} matching cases; scroll for more.")
        elif shown < matching.cases:
            said = self.tr("Showing {0} of {1} matching cases; scroll for more.")
        else:
            said = self.tr("{1} cases match.")
        self.summary.setText(
            said.format(shown, matching.cases)
            + " "
            + self.tr("{0} cases on file.").format(self._on_file)
        )

    def selected_number(self) -> str | None:
        index = self.table.currentIndex()
        row = self.model.data(index, ROW_ROLE) if index.isValid() else None
        return row.number if isinstance(row, CaseRow) else None

    def _case_menu(self, at: QPoint) -> None:
        from hukou_desk.ui.handover import GiveDialog, ReceiveDialog

        number = self.selected_number()
        menu = QMenu(self)
        menu.setObjectName("caseMenu")
        give = menu.addAction(self.tr("Hand over to another counter…"))
        give.setObjectName("handOver")
        give.setEnabled(number is not None)
        take = menu.addAction(self.tr("Receive a case from another counter…"))
        take.setObjectName("receiveCase")

        def opened(dialog: QDialog) -> None:
            self.handover_dialog = dialog
            dialog.finished.connect(self.reload)
            dialog.open()

        if number is not None:
            give.triggered.connect(lambda: opened(GiveDialog(self.context, number, self)))
        take.triggered.connect(lambda: opened(ReceiveDialog(self.context, self)))
        self.case_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(at))

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if isinstance(row, CaseRow):
            self.open_requested.emit(row.number)

    def row_for(self, case_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self.model.rows) if r.id == case_id), -1)
