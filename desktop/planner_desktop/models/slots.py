"""The client's list of bookable slots: a model over a plain list of ``SlotRead`` and its proxy.

Times are shown in the zone the model is given (the user's). The proxy sorts with Qt's own
comparison of the typed ``SORT_ROLE`` keys (lists of this size sort in a few milliseconds) and
filters by specialist, date range (inclusive days in that zone) and maximum cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timezone, tzinfo
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from planner_desktop.formats import clock_span, day_text, money, time_span
from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_desktop.models.search import matches
from planner_desktop.models.table import AnyIndex, ColumnTableModel
from planner_desktop.status_words import status_word
from planner_shared.rules import effective_status
from planner_shared.schemas import SlotRead

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # float: POSIX start time, cost, minutes; or str
SLOT_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's SlotRead


class SlotColumn(IntEnum):
    SPECIALIST = 0
    DAY = 1
    TIME = 2
    DURATION = 3
    CONTEXT = 4
    COST = 5
    STATUS = 6


HEADERS = {
    SlotColumn.SPECIALIST: QT_TRANSLATE_NOOP("SlotTableModel", "Specialist"),
    SlotColumn.DAY: QT_TRANSLATE_NOOP("SlotTableModel", "Day"),
    SlotColumn.TIME: QT_TRANSLATE_NOOP("SlotTableModel", "Time"),
    SlotColumn.DURATION: QT_TRANSLATE_NOOP("SlotTableModel", "Minutes"),
    SlotColumn.CONTEXT: QT_TRANSLATE_NOOP("SlotTableModel", "What"),
    SlotColumn.COST: QT_TRANSLATE_NOOP("SlotTableModel", "Cost"),
    SlotColumn.STATUS: QT_TRANSLATE_NOOP("SlotTableModel", "Status"),
}


class SlotTableModel(ColumnTableModel):
    """Slots in a plain list; rows appear, change and go as the store says."""

    COLUMNS = SlotColumn
    HEADERS = HEADERS
    CONTEXT = "SlotTableModel"

    def __init__(self, tz: tzinfo = timezone.utc, parent: QObject | None = None, *,
                 me: int | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.me = me  # the signed-in client: their own slots are marked "yours"
        self._slots: list[SlotRead] = []
        self._row_of: dict[int, int] = {}
        self._pending: set[int] = set()  # reservations sent, not yet answered
        self._bold = QFont()
        self._bold.setBold(True)

    def row_count(self) -> int:
        return len(self._slots)

    def slot_at(self, row: int) -> SlotRead:
        return self._slots[row]

    def slots(self) -> list[SlotRead]:
        return list(self._slots)

    def row_of(self, slot_id: int) -> int | None:
        return self._row_of.get(slot_id)

    def is_pending(self, slot_id: int) -> bool:
        return slot_id in self._pending

    def set_pending(self, slot_id: int, pending: bool) -> None:
        """Mark a slot whose reservation is on its way to the server."""
        (self._pending.add if pending else self._pending.discard)(slot_id)
        row = self._row_of.get(slot_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(SlotColumn) - 1))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._slots):
            return None
        slot = self._slots[index.row()]
        column = SlotColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(slot, column)
        if role == SORT_ROLE:
            return self._sort_key(slot, column)
        if role == SLOT_ROLE:
            return slot
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{slot.specialist_name}\n{time_span(slot.start_time, slot.end_time, self.tz)}\n" \
                   f"{slot.context}"
        if role == Qt.ItemDataRole.FontRole and column is SlotColumn.STATUS and (
                self._mine(slot) or slot.id in self._pending):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SlotColumn.COST, SlotColumn.DURATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _mine(self, slot: SlotRead) -> bool:
        return self.me is not None and slot.client == self.me

    def _display(self, slot: SlotRead, column: SlotColumn) -> Any:
        start = slot.start_time.astimezone(self.tz)
        if column is SlotColumn.SPECIALIST:
            return slot.specialist_name
        if column is SlotColumn.DAY:
            return day_text(start.date())
        if column is SlotColumn.TIME:
            return clock_span(slot.start_time, slot.end_time, self.tz)
        if column is SlotColumn.DURATION:
            return int((slot.end_time - slot.start_time).total_seconds() // 60)
        if column is SlotColumn.CONTEXT:
            return slot.context
        if column is SlotColumn.COST:
            return money(slot.cost)
        if slot.id in self._pending:
            return QCoreApplication.translate("SlotTableModel", "Reserving…")
        label = status_word(effective_status(slot.status, slot.end_time))
        if not self._mine(slot):
            return label
        return QCoreApplication.translate("SlotTableModel", "{status} (yours)").format(status=label)

    def _sort_key(self, slot: SlotRead, column: SlotColumn) -> Any:
        if column in (SlotColumn.DAY, SlotColumn.TIME):
            return slot.start_time.timestamp()
        if column is SlotColumn.DURATION:
            return (slot.end_time - slot.start_time).total_seconds()
        if column is SlotColumn.COST:
            return float(slot.cost)
        return str(self._display(slot, column)).casefold()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # --- changes ----------------------------------------------------------------------------------

    def set_slots(self, slots: Iterable[SlotRead]) -> None:
        self.beginResetModel()
        self._slots = list(slots)
        self._reindex()
        self.endResetModel()

    def upsert(self, slot: SlotRead) -> None:
        row = self._row_of.get(slot.id)
        if row is not None:
            self._slots[row] = slot
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(SlotColumn) - 1))
            return
        row = len(self._slots)
        self.beginInsertRows(QModelIndex(), row, row)
        self._slots.append(slot)
        self._row_of[slot.id] = row
        self.endInsertRows()

    def remove(self, slot_id: int) -> None:
        row = self._row_of.get(slot_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._slots[row]
        self._reindex()
        self.endRemoveRows()

    def sync_to(self, slots: Iterable[SlotRead]) -> None:
        """Make the rows exactly ``slots``: changed rows updated, others inserted or removed."""
        wanted = {slot.id: slot for slot in slots}
        for slot_id in [s.id for s in self._slots if s.id not in wanted]:
            self.remove(slot_id)
        for slot in wanted.values():
            known = self._row_of.get(slot.id)
            if known is None or self._slots[known] != slot:
                self.upsert(slot)

    def _reindex(self) -> None:
        self._row_of = {slot.id: row for row, slot in enumerate(self._slots)}


class SlotFilterProxyModel(QSortFilterProxyModel):
    """Filters by specialist, date range (inclusive, in the model's zone), maximum cost and the
    specialist search (its words in the specialist's name or the slot's context)."""

    filter_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.specialist: int | None = None
        self.date_from: date | None = None
        self.date_to: date | None = None
        self.max_cost: Decimal | None = None
        self.search: tuple[str, ...] = ()  # search_words() of the specialist search
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filters(self, **values: Any) -> None:
        """Change any of ``specialist``, ``date_from``, ``date_to``, ``max_cost`` (None = any) and
        ``search`` (words; () = any)."""
        unknown = set(values) - {"specialist", "date_from", "date_to", "max_cost", "search"}
        if unknown:
            raise TypeError(f"unknown filters: {sorted(unknown)}")
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.filter_changed.emit()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, SlotTableModel):
            return True
        slot = model.slot_at(source_row)
        if self.specialist is not None and slot.specialist != self.specialist:
            return False
        if self.max_cost is not None and slot.cost > self.max_cost:
            return False
        if self.search and not matches(self.search, slot.specialist_name, slot.context):
            return False
        day = slot.start_time.astimezone(model.tz).date()
        if self.date_from is not None and day < self.date_from:
            return False
        return self.date_to is None or day <= self.date_to

    def slot_at(self, proxy_row: int) -> SlotRead:
        model = self.sourceModel()
        assert isinstance(model, SlotTableModel)
        return model.slot_at(self.mapToSource(self.index(proxy_row, 0)).row())
