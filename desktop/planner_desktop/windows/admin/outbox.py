"""The administrator's outbox tab: emails waiting or failed, their last error, and Retry."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.errors import describe_error, show_error
from planner_desktop.models.outbox import MESSAGE_ROLE, OutboxColumn, OutboxTableModel
from planner_desktop.session import Session
from planner_shared.errors import NotFound
from planner_shared.schemas import OutboxMessageRead


class OutboxPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxPanel")
        self.session = session
        self.model = OutboxTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("outboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(OutboxColumn.LAST_ERROR, QHeaderView.ResizeMode.Stretch)
        stamp = self.table.fontMetrics().horizontalAdvance("2030-12-31 23:59:59") + 16
        for column in OutboxColumn:  # room for the header's words in any language, and for a time
            if column is not OutboxColumn.LAST_ERROR:
                least = stamp if column in (OutboxColumn.NEXT_ATTEMPT, OutboxColumn.CREATED) else 0
                header.resizeSection(column, max(header.defaultSectionSize(), header.sectionSizeHint(column),
                                                 least))
        self.message = QLabel(self)
        self.message.setObjectName("outboxMessage")
        self.message.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.retry_button = QPushButton(self.tr("Re&try"), self)
        self.retry_button.setToolTip(self.tr("Send the selected email again now"))
        self.retry_button.setEnabled(False)
        self.retry_button.clicked.connect(self.retry_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.available: bool | None = None  # None until the server answered once
        self.loaded = False

    def refresh(self) -> None:
        api = self.session.api
        self.refresh_button.setEnabled(False)
        self.session.run(api.outbox,
                         on_success=self._loaded, on_failure=self._failed, parent=self)

    def _loaded(self, messages: list[OutboxMessageRead]) -> None:
        self.loaded = True
        self.available = True
        self.refresh_button.setEnabled(True)
        self.model.set_messages(messages)
        self.message.setText(self.tr("No email is waiting or failed.") if not messages else
                             self.tr("%n email(s) waiting or failed.", "", len(messages)))
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.loaded = True
        self.refresh_button.setEnabled(True)
        if isinstance(error, NotFound):
            self.available = False
            self.model.set_messages([])
            self.message.setText(self.tr("This server does not offer an outbox view, so pending and "
                                         "failed emails cannot be listed here."))
        else:
            self.message.setText(describe_error(error)[1])
        self._update_buttons()

    def selected(self) -> OutboxMessageRead | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(MESSAGE_ROLE) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def retry_selected(self) -> None:
        message = self.selected()
        if message is None:
            return
        api = self.session.api
        self.retry_button.setEnabled(False)
        self.session.write(lambda: api.retry_outbox(message.id),
                           on_success=self._retried, on_failure=self._retry_failed, parent=self)

    def _retried(self, message: OutboxMessageRead) -> None:
        self.model.replace(message)
        self.message.setText(self.tr("Email {id} will be sent again now.").format(id=message.id))
        self._update_buttons()

    def _retry_failed(self, error: BaseException) -> None:
        self._update_buttons()
        if isinstance(error, NotFound) and self.available is not False:
            self.refresh()  # sent or gone meanwhile
        show_error(error, parent=self)

    def _update_buttons(self, *_: object) -> None:
        self.retry_button.setEnabled(bool(self.available) and self.selected() is not None)
