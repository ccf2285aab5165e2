"""The administrator's Activity tab: the audit trail (GET /audit/), filtered by user, action and
search text, kept live, exported as CSV.

The newest entries are read again whenever the feed brings a change (most acts change a user or a
slot) and, while the tab is shown, every LIVE_SECONDS (sign-in refusals and reset requests change
neither); a read already under way is not started twice.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.errors import describe_error
from planner_desktop.session import Session
from planner_shared.enums import AuditAction
from planner_shared.schemas import AuditEntryRead

LIVE_SECONDS = 10
FETCH_LIMIT = 1000
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
USERS_ROLE = Qt.ItemDataRole.UserRole + 2  # the actor's and target's ids, for the user filter


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.user_id: int | None = None
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_user(self, user_id: int | None) -> None:
        self.beginFilterChange()
        self.user_id = user_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: object) -> bool:
        if self.user_id is not None:
            model = self.sourceModel()
            ids = model.index(row, 0).data(USERS_ROLE) or ()
            if self.user_id not in ids:
                return False
        return super().filterAcceptsRow(row, parent)  # type: ignore[arg-type]


class ActivityPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityPanel")
        self.session = session
        self.entries: list[AuditEntryRead] = []
        self.loaded = False
        self._loading = False
        self._again = False
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Action"), self.tr("By"), self.tr("User"), self.tr("Details"),
            self.tr("Address")])
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("activityTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        width = self.table.fontMetrics().horizontalAdvance
        for column, sample in ((0, "2030-12-31 23:59:59"), (1, "cancelled for the specialist"),
                               (2, "someone@example.com"), (3, "someone@example.com")):
            header.resizeSection(column, width(sample) + 24)

        self.user_filter = QComboBox(self)
        self.user_filter.setObjectName("activityUser")
        self.action_filter = QComboBox(self)
        self.action_filter.setObjectName("activityAction")
        self.action_filter.addItem(self.tr("All actions"), None)
        for action in AuditAction:
            self.action_filter.addItem(self.action_name(action), action.value)
        self.search = QLineEdit(self)
        self.search.setObjectName("activitySearch")
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.user_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_user(self.user_filter.currentData()))
        self.action_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.message = QLabel(self)
        self.message.setObjectName("activityMessage")
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("E&xport as CSV…"), self)
        self.export_button.clicked.connect(self.choose_export_file)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.user_filter, 2)
        filters.addWidget(self.action_filter, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._fill_users()
        session.store.users_changed.connect(lambda *_: self._fill_users())
        # live: what the feed brings, and a look now and then while shown
        session.store.changed.connect(self._changed)
        self.timer = QTimer(self)
        self.timer.setInterval(LIVE_SECONDS * 1000)
        self.timer.timeout.connect(self._changed)

    def action_name(self, action: AuditAction) -> str:
        return {
            AuditAction.USER_EDITED: self.tr("user edited"),
            AuditAction.USER_BLOCKED: self.tr("user blocked"),
            AuditAction.USER_UNBLOCKED: self.tr("user unblocked"),
            AuditAction.ROLE_CHANGED: self.tr("role changed"),
            AuditAction.SESSIONS_REVOKED: self.tr("sessions ended"),
            AuditAction.PASSWORD_RESET_SENT: self.tr("reset code sent"),
            AuditAction.OUTBOX_RETRIED: self.tr("email retried"),
            AuditAction.SLOT_CANCELLED: self.tr("cancelled for the specialist"),
            AuditAction.BOOKING_RULES_EDITED: self.tr("booking rules edited"),
            AuditAction.PASSWORD_CHANGED: self.tr("password changed"),
            AuditAction.PASSWORD_RESET_REQUESTED: self.tr("password reset asked for"),
            AuditAction.PASSWORD_RESET_USED: self.tr("password reset used"),
            AuditAction.SIGN_IN_THROTTLED: self.tr("sign-in throttled"),
            AuditAction.BLOCKED_SIGN_IN: self.tr("blocked user's sign-in"),
        }[action]

    def _fill_users(self) -> None:
        current = self.user_filter.currentData()
        self.user_filter.blockSignals(True)
        self.user_filter.clear()
        self.user_filter.addItem(self.tr("All users"), None)
        for user in sorted(self.session.store.users(), key=lambda u: (u.last_name, u.first_name)):
            self.user_filter.addItem(f"{user.full_name} <{user.email}>", user.id)
        index = self.user_filter.findData(current)
        self.user_filter.setCurrentIndex(max(index, 0))
        self.user_filter.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def _changed(self) -> None:
        if self.loaded:
            self.refresh(quiet=True)

    def refresh(self, *, quiet: bool = False) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        action = self.action_filter.currentData()
        api = self.session.api
        self.session.run(lambda: api.audit(action=AuditAction(action) if action else None,
                                           limit=FETCH_LIMIT),
                         on_success=self._loaded, on_failure=self._failed, parent=self, busy=not quiet)

    def _done_loading(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh(quiet=True)

    def _loaded(self, entries: list[AuditEntryRead]) -> None:
        self.loaded = True
        if [e.id for e in entries] != [e.id for e in self.entries]:
            self.entries = entries
            self.model.removeRows(0, self.model.rowCount())
            for entry in entries:
                self.model.appendRow(self._row(entry))
        self.message.setText(self.tr("{count} entries (newest {limit} at most).").format(
            count=len(entries), limit=FETCH_LIMIT))
        self._done_loading()

    def _failed(self, error: BaseException) -> None:
        self.loaded = True
        self.message.setText(describe_error(error)[1])
        self._done_loading()

    def _row(self, entry: AuditEntryRead) -> list[QStandardItem]:
        stamp = QStandardItem(entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
        stamp.setData(entry, ENTRY_ROLE)
        stamp.setData(tuple(i for i in (entry.actor, entry.target) if i is not None), USERS_ROLE)
        cells = [stamp, QStandardItem(self.action_name(entry.action)),
                 QStandardItem(entry.actor_email or "—"), QStandardItem(entry.target_email or "—"),
                 QStandardItem(self.details_text(entry)), QStandardItem(entry.address or "")]
        return cells

    def details_text(self, entry: AuditEntryRead) -> str:
        parts = []
        for key, value in entry.details.items():
            if isinstance(value, list) and len(value) == 2:
                parts.append(f"{key}: {value[0]} → {value[1]}")
            else:
                parts.append(f"{key}: {value}")
        return "; ".join(parts)

    def shown_entries(self) -> list[AuditEntryRead]:
        return [self.proxy.index(row, 0).data(ENTRY_ROLE) for row in range(self.proxy.rowCount())]

    def choose_export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export activity"), "activity.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        entries = self.shown_entries()
        self.session.run(lambda: write_audit_csv(path, entries), parent=self,
                         on_success=lambda count: self.message.setText(
                             self.tr("Exported {count} entries to {path}.").format(count=count, path=path)))


def write_audit_csv(path: Path, entries: list[AuditEntryRead]) -> int:
    """The entries as CSV (UTF-8 with BOM), details as JSON; the row count."""
    temporary = path.with_name(path.name + ".part")
    with temporary.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "at", "action", "actor", "actor_email", "target", "target_email",
                         "details", "address"])
        for e in entries:
            writer.writerow([e.id, e.at.isoformat(), e.action.value, e.actor or "", e.actor_email or "",
                             e.target or "", e.target_email or "", json.dumps(e.details, ensure_ascii=False),
                             e.address or ""])
    os.replace(temporary, path)
    return len(entries)
