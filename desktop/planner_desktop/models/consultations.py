"""The client's "My consultations": live slots of the store plus what the history tells.

:func:`build_consultations` merges the client's own slots (awaiting approval, agreed, completed)
with ``GET /api/v1/history/`` (declined, cancelled by either side, with reason and comment) into
plain :class:`Consultation` rows; :class:`ConsultationTableModel` shows them and
:class:`ConsultationFilterProxyModel` picks upcoming or past ones and sorts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from planner_desktop.formats import money, time_span
from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_desktop.models.table import AnyIndex, ColumnTableModel
from planner_desktop.status_words import outcome_word, status_word
from planner_shared.enums import CancelReason, Outcome, SlotStatus
from planner_shared.rules import effective_status
from planner_shared.schemas import HistoryEntry, SlotRead

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's Consultation


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConsultationTableModel", text)


class State(StrEnum):
    AWAITING = "awaiting"
    AGREED = "agreed"
    COMPLETED = "completed"
    DECLINED = "declined"
    CANCELLED_BY_YOU = "cancelled_by_you"
    CANCELLED_BY_SPECIALIST = "cancelled_by_specialist"
    MOVED = "moved"  # moved to another time (the new time is a row of its own)


REASON_LABELS = {
    CancelReason.NONE: QT_TRANSLATE_NOOP("ConsultationTableModel", "No reason given"),
    CancelReason.FORCE_MAJEURE: QT_TRANSLATE_NOOP("ConsultationTableModel", "Force majeure"),
    CancelReason.GOT_SICK: QT_TRANSLATE_NOOP("ConsultationTableModel", "Got sick"),
    CancelReason.SCHEDULE_CONFLICT: QT_TRANSLATE_NOOP("ConsultationTableModel", "Schedule conflict"),
}
_FROM_SLOT = {SlotStatus.AGREEMENT: State.AWAITING, SlotStatus.RESERVED: State.AGREED,
              SlotStatus.COMPLETED: State.COMPLETED}
_FROM_OUTCOME = {Outcome.DECLINED: State.DECLINED, Outcome.CANCELLED_BY_CLIENT: State.CANCELLED_BY_YOU,
                 Outcome.CANCELLED_BY_SPECIALIST: State.CANCELLED_BY_SPECIALIST,
                 Outcome.COMPLETED: State.COMPLETED, Outcome.MOVED: State.MOVED}


_STATE_STATUS = {State.AWAITING: SlotStatus.AGREEMENT, State.AGREED: SlotStatus.RESERVED,
                 State.COMPLETED: SlotStatus.COMPLETED}
_STATE_OUTCOME = {State.DECLINED: Outcome.DECLINED, State.CANCELLED_BY_YOU: Outcome.CANCELLED_BY_CLIENT,
                  State.CANCELLED_BY_SPECIALIST: Outcome.CANCELLED_BY_SPECIALIST,
                  State.MOVED: Outcome.MOVED}


def state_label(state: State) -> str:
    """The status word of planner_desktop.status_words (the one table of them)."""
    status = _STATE_STATUS.get(state)
    return status_word(status) if status is not None else outcome_word(_STATE_OUTCOME[state])


def reason_label(reason: CancelReason) -> str:
    return _tr(REASON_LABELS[reason])


@dataclass(frozen=True)
class Consultation:
    key: str  # "slot:<id>" for a live slot, "history:…" for an ended request
    slot_id: int | None
    specialist_name: str
    start: datetime
    end: datetime
    context: str
    cost: Decimal
    state: State
    reason: CancelReason | None = None
    text: str = ""
    specialist: int | None = None
    # a pending proposal of a new time (an agreed consultation), or where a moved one went
    proposed_start: datetime | None = None
    proposed_end: datetime | None = None

    @property
    def upcoming(self) -> bool:
        return self.state in (State.AWAITING, State.AGREED)

    @property
    def cancellable(self) -> bool:
        """A client may withdraw a request only while it awaits the specialist (SPEC §2)."""
        return self.state is State.AWAITING

    @property
    def movable(self) -> bool:
        """A client moves its request itself while it awaits the specialist (SPEC §2a)."""
        return self.state is State.AWAITING

    @property
    def has_proposal(self) -> bool:
        return self.state is State.AGREED and self.proposed_start is not None

    @property
    def reason_text(self) -> str:
        if self.reason is None:
            return ""
        label = reason_label(self.reason)
        return f"{label}: {self.text}" if self.text else label


def from_slot(slot: SlotRead, *, now: datetime | None = None) -> Consultation | None:
    state = _FROM_SLOT.get(effective_status(slot.status, slot.end_time, now=now))
    if state is None:
        return None
    return Consultation(f"slot:{slot.id}", slot.id, slot.specialist_name, slot.start_time, slot.end_time,
                        slot.context, slot.cost, state, specialist=slot.specialist,
                        proposed_start=slot.proposed_start, proposed_end=slot.proposed_end)


def build_consultations(my_slots: Iterable[SlotRead], history: Iterable[HistoryEntry],
                        *, me: int, now: datetime | None = None) -> list[Consultation]:
    """The client's consultations: its slots in the store, then the history's ended requests."""
    rows: dict[str, Consultation] = {}
    for slot in my_slots:
        if slot.client == me and (row := from_slot(slot, now=now)) is not None:
            rows[row.key] = row
    for entry in history:
        if entry.client not in (None, me):
            continue
        state = _FROM_OUTCOME[entry.outcome]
        if state is State.COMPLETED:
            key = f"slot:{entry.slot}"
            if key in rows:
                continue  # the store's copy of the same slot
        else:
            key = f"history:{entry.slot}:{entry.at.isoformat()}:{entry.outcome.value}"
        moved = state is State.MOVED
        rows[key] = Consultation(key, entry.slot, entry.specialist_name, entry.start_time,
                                 entry.end_time, entry.context, entry.cost, state,
                                 None if moved else entry.reason, entry.text,
                                 specialist=entry.specialist,
                                 proposed_start=entry.moved_to_start if moved else None,
                                 proposed_end=entry.moved_to_end if moved else None)
    return list(rows.values())


class ConsultationColumn(IntEnum):
    WHEN = 0
    SPECIALIST = 1
    CONTEXT = 2
    COST = 3
    STATUS = 4
    REASON = 5


HEADERS = {
    ConsultationColumn.WHEN: QT_TRANSLATE_NOOP("ConsultationTableModel", "When"),
    ConsultationColumn.SPECIALIST: QT_TRANSLATE_NOOP("ConsultationTableModel", "Specialist"),
    ConsultationColumn.CONTEXT: QT_TRANSLATE_NOOP("ConsultationTableModel", "What"),
    ConsultationColumn.COST: QT_TRANSLATE_NOOP("ConsultationTableModel", "Cost"),
    ConsultationColumn.STATUS: QT_TRANSLATE_NOOP("ConsultationTableModel", "Status"),
    ConsultationColumn.REASON: QT_TRANSLATE_NOOP("ConsultationTableModel", "Reason and comment"),
}


class ConsultationTableModel(ColumnTableModel):
    """Consultations in a plain list, kept equal to what :meth:`sync_to` is given."""

    COLUMNS = ConsultationColumn
    HEADERS = HEADERS
    CONTEXT = "ConsultationTableModel"

    def __init__(self, tz: tzinfo = timezone.utc, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self._rows: list[Consultation] = []
        self._row_of: dict[str, int] = {}

    def row_count(self) -> int:
        return len(self._rows)

    def row_at(self, row: int) -> Consultation:
        return self._rows[row]

    def rows(self) -> list[Consultation]:
        return list(self._rows)

    def find(self, key: str) -> Consultation | None:
        row = self._row_of.get(key)
        return None if row is None else self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = ConsultationColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(item, column)
        if role == SORT_ROLE:
            if column is ConsultationColumn.WHEN:
                return item.start.timestamp()
            if column is ConsultationColumn.COST:
                return float(item.cost)
            return str(self._display(item, column)).casefold()
        if role == ROW_ROLE:
            return item
        return None

    def _display(self, item: Consultation, column: ConsultationColumn) -> str:
        if column is ConsultationColumn.WHEN:
            return time_span(item.start, item.end, self.tz)
        if column is ConsultationColumn.SPECIALIST:
            return item.specialist_name
        if column is ConsultationColumn.CONTEXT:
            return item.context
        if column is ConsultationColumn.COST:
            return money(item.cost)
        if column is ConsultationColumn.STATUS:
            if item.has_proposal and item.proposed_start is not None and item.proposed_end is not None:
                when = time_span(item.proposed_start, item.proposed_end, self.tz)
                return self.tr("New time proposed: {when}").format(when=when)
            return state_label(item.state)
        if item.state is State.MOVED and item.proposed_start and item.proposed_end:
            return self.tr("Moved to {when}").format(
                when=time_span(item.proposed_start, item.proposed_end, self.tz))
        return item.reason_text

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sync_to(self, rows: Iterable[Consultation]) -> None:
        """Make the rows exactly ``rows`` (by key): changed in place, others inserted or removed."""
        wanted = {row.key: row for row in rows}
        for key in [r.key for r in self._rows if r.key not in wanted]:
            gone = self._row_of[key]
            self.beginRemoveRows(QModelIndex(), gone, gone)
            del self._rows[gone]
            self._reindex()
            self.endRemoveRows()
        for key, row in wanted.items():
            position = self._row_of.get(key)
            if position is None:
                position = len(self._rows)
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.append(row)
                self._row_of[key] = position
                self.endInsertRows()
            elif self._rows[position] != row:
                self._rows[position] = row
                self.dataChanged.emit(self.index(position, 0),
                                      self.index(position, len(ConsultationColumn) - 1))

    def _reindex(self) -> None:
        self._row_of = {row.key: position for position, row in enumerate(self._rows)}


class ConsultationFilterProxyModel(QSortFilterProxyModel):
    """``show`` = "upcoming" (awaiting or agreed), "past" (the rest) or "all"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show = "all"
        self.setSortRole(SORT_ROLE)

    def set_show(self, show: str) -> None:
        if show not in ("upcoming", "past", "all"):
            raise ValueError(show)
        self.beginFilterChange()
        self.show = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self.show == "all" or not isinstance(model, ConsultationTableModel):
            return True
        return model.row_at(source_row).upcoming == (self.show == "upcoming")

    def row_at(self, proxy_row: int) -> Consultation:
        model = self.sourceModel()
        assert isinstance(model, ConsultationTableModel)
        return model.row_at(self.mapToSource(self.index(proxy_row, 0)).row())
