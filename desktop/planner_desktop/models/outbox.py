"""The administrator's outbox view: emails pending or failed, with their last error."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
)

from planner_desktop.formats import moment_text
from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_desktop.models.table import AnyIndex, ColumnTableModel
from planner_shared.enums import OutboxStatus
from planner_shared.schemas import OutboxMessageRead

MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_LABELS = {
    OutboxStatus.PENDING: QT_TRANSLATE_NOOP("OutboxTableModel", "Pending"),
    OutboxStatus.SENT: QT_TRANSLATE_NOOP("OutboxTableModel", "Sent"),
    OutboxStatus.FAILED: QT_TRANSLATE_NOOP("OutboxTableModel", "Failed"),
}

KIND_LABELS = {  # the event an email tells of (OutboxMessageRead.kind)
    "reserved": QT_TRANSLATE_NOOP("OutboxTableModel", "New request"),
    "agreed": QT_TRANSLATE_NOOP("OutboxTableModel", "Agreed"),
    "declined": QT_TRANSLATE_NOOP("OutboxTableModel", "Request declined"),
    "cancelled_by_specialist": QT_TRANSLATE_NOOP("OutboxTableModel", "Cancelled by the specialist"),
    "cancelled_by_client": QT_TRANSLATE_NOOP("OutboxTableModel", "Cancelled by the client"),
    # to the specialist, when an administrator acted for it
    "declined_by_admin": QT_TRANSLATE_NOOP("OutboxTableModel", "Declined by an administrator"),
    "cancelled_by_admin": QT_TRANSLATE_NOOP("OutboxTableModel", "Cancelled by an administrator"),
    "moved": QT_TRANSLATE_NOOP("OutboxTableModel", "Request moved"),
    "move_proposed": QT_TRANSLATE_NOOP("OutboxTableModel", "New time proposed"),
    "move_accepted": QT_TRANSLATE_NOOP("OutboxTableModel", "New time accepted"),
    "move_declined": QT_TRANSLATE_NOOP("OutboxTableModel", "New time declined"),
    "rescheduled": QT_TRANSLATE_NOOP("OutboxTableModel", "Rescheduled"),
    "reminder": QT_TRANSLATE_NOOP("OutboxTableModel", "Reminder"),
    "password_reset": QT_TRANSLATE_NOOP("OutboxTableModel", "Password reset code"),
}


def kind_label(kind: str) -> str:
    known = KIND_LABELS.get(kind)
    return _tr(known) if known else kind.replace("_", " ")


def _tr(text: str) -> str:
    return QCoreApplication.translate("OutboxTableModel", text)


class OutboxColumn(IntEnum):
    ID = 0
    STATUS = 1
    KIND = 2
    TO = 3
    SUBJECT = 4
    ATTEMPTS = 5
    NEXT_ATTEMPT = 6
    LAST_ERROR = 7
    CREATED = 8


HEADERS = {
    OutboxColumn.ID: QT_TRANSLATE_NOOP("OutboxTableModel", "ID"),
    OutboxColumn.STATUS: QT_TRANSLATE_NOOP("OutboxTableModel", "Status"),
    OutboxColumn.KIND: QT_TRANSLATE_NOOP("OutboxTableModel", "Kind"),
    OutboxColumn.TO: QT_TRANSLATE_NOOP("OutboxTableModel", "To"),
    OutboxColumn.SUBJECT: QT_TRANSLATE_NOOP("OutboxTableModel", "Subject"),
    OutboxColumn.ATTEMPTS: QT_TRANSLATE_NOOP("OutboxTableModel", "Attempts"),
    OutboxColumn.NEXT_ATTEMPT: QT_TRANSLATE_NOOP("OutboxTableModel", "Next attempt"),
    OutboxColumn.LAST_ERROR: QT_TRANSLATE_NOOP("OutboxTableModel", "Last error"),
    OutboxColumn.CREATED: QT_TRANSLATE_NOOP("OutboxTableModel", "Created"),
}


def _when(value: datetime | None) -> str:
    return "" if value is None else moment_text(value)


class OutboxTableModel(ColumnTableModel):
    """Messages in a plain list, replaced as a whole on each refresh (the server keeps the order)."""

    COLUMNS = OutboxColumn
    HEADERS = HEADERS
    CONTEXT = "OutboxTableModel"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: list[OutboxMessageRead] = []

    def row_count(self) -> int:
        return len(self._messages)

    def message_at(self, row: int) -> OutboxMessageRead:
        return self._messages[row]

    def set_messages(self, messages: Iterable[OutboxMessageRead]) -> None:
        self.beginResetModel()
        self._messages = list(messages)
        self.endResetModel()

    def replace(self, message: OutboxMessageRead) -> None:
        """One message changed (after a retry)."""
        for row, known in enumerate(self._messages):
            if known.id == message.id:
                self._messages[row] = message
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(OutboxColumn) - 1))
                return

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._messages):
            return None
        message = self._messages[index.row()]
        column = OutboxColumn(index.column())
        if role == MESSAGE_ROLE:
            return message
        if role == Qt.ItemDataRole.ToolTipRole and column is OutboxColumn.LAST_ERROR:
            return message.last_error
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            OutboxColumn.ID: message.id,
            OutboxColumn.STATUS: _tr(STATUS_LABELS[message.status]),
            OutboxColumn.KIND: kind_label(message.kind),
            OutboxColumn.TO: ", ".join(message.recipients) or QCoreApplication.translate(
                "OutboxTableModel", "user {id}").format(id=message.recipient),
            OutboxColumn.SUBJECT: message.subject or "",
            OutboxColumn.ATTEMPTS: message.attempts,
            OutboxColumn.NEXT_ATTEMPT: _when(message.next_attempt_at),
            OutboxColumn.LAST_ERROR: (message.last_error or "").splitlines()[0] if message.last_error else "",
            OutboxColumn.CREATED: _when(message.created_at),
        }[column]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
