"""The client's list of specialists, derived from the slots it can book, with a search proxy.

A specialist is listed with what they offer (the distinct contexts of their slots) and how many
free slots they have; the first row stands for "all specialists" and always stays. Each specialist
has a colour and initials (:func:`tint_of`, :func:`initials`): the list shows the colour, and the
calendar marks their slots with both when it shows everyone's. The search is
:mod:`planner_desktop.models.search`'s, as for the slots.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from planner_desktop.models.search import matches, search_words
from planner_desktop.models.table import AnyIndex
from planner_shared.enums import SlotStatus
from planner_shared.schemas import SlotRead

SPECIALIST_ROLE = Qt.ItemDataRole.UserRole + 1  # the specialist's id, None for "all"
ALL = None
TINTS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
         "#7f7f7f", "#bcbd22")  # distinct on light and dark backgrounds


def tint_of(specialist_id: int) -> str:
    """The colour that marks a specialist's slots (the same in every session)."""
    return TINTS[specialist_id % len(TINTS)]


def initials(name: str) -> str:
    """"Irina Volkova" → "IV" (at most three letters)."""
    return "".join(word[0] for word in name.split() if word[:1].isalpha())[:3].upper()


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpecialistListModel", text)


@dataclass(frozen=True)
class Specialist:
    id: int
    name: str
    offers: tuple[str, ...]  # distinct contexts, most frequent first
    free: int  # free slots


def specialists_from(slots: Iterable[SlotRead]) -> list[Specialist]:
    """Everyone who has a slot in ``slots``, ordered by name."""
    names: dict[int, str] = {}
    contexts: dict[int, dict[str, int]] = {}
    free: dict[int, int] = {}
    for slot in slots:
        names[slot.specialist] = slot.specialist_name
        counted = contexts.setdefault(slot.specialist, {})
        if slot.context:
            counted[slot.context] = counted.get(slot.context, 0) + 1
        free[slot.specialist] = free.get(slot.specialist, 0) + (slot.status is SlotStatus.FREE)
    found = [Specialist(sid, name, tuple(sorted(contexts[sid], key=lambda c: (-contexts[sid][c], c))),
                        free[sid]) for sid, name in names.items()]
    found.sort(key=lambda s: (s.name.casefold(), s.id))
    return found


class SpecialistListModel(QAbstractListModel):
    """Row 0: all specialists; then one row per specialist, in a plain list."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Specialist] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items) + 1

    def specialist_at(self, row: int) -> Specialist | None:
        return None if row == 0 else self._items[row - 1]

    def row_of(self, specialist_id: int | None) -> int | None:
        if specialist_id is None:
            return 0
        for row, item in enumerate(self._items, start=1):
            if item.id == specialist_id:
                return row
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() > len(self._items):
            return None
        item = self.specialist_at(index.row())
        if role == SPECIALIST_ROLE:
            return None if item is None else item.id
        if role == Qt.ItemDataRole.DisplayRole:
            if item is None:
                total = sum(i.free for i in self._items)
                return QCoreApplication.translate(
                    "SpecialistListModel", "All specialists ({count} free)").format(count=total)
            offers = ", ".join(item.offers[:3]) or QCoreApplication.translate(
                "SpecialistListModel", "no description")
            return f"{item.name} ({item.free})\n{offers}"
        if role == Qt.ItemDataRole.DecorationRole and item is not None:
            return QColor(tint_of(item.id))
        if role == Qt.ItemDataRole.ToolTipRole and item is not None:
            return "\n".join((item.name, *item.offers))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index).replace("\n", ". ")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def set_specialists(self, items: Iterable[Specialist]) -> None:
        """Replace the list, changing rows in place where the same specialists stay in order."""
        items = list(items)
        if [i.id for i in items] == [i.id for i in self._items]:
            if items != self._items:
                self._items = items
                self.dataChanged.emit(self.index(0, 0), self.index(len(items), 0))
            return
        self.beginResetModel()
        self._items = items
        self.endResetModel()


class SpecialistFilterProxyModel(QSortFilterProxyModel):
    """Every word of the search must be in the name or the offers; "all" always stays."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = search_words(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, SpecialistListModel):
            return True
        item = model.specialist_at(source_row)
        if item is None:
            return True
        return matches(self._words, item.name, *item.offers)
