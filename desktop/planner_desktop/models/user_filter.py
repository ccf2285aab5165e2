"""Search, role and blocked filters over the user table; sorting is forwarded to the table model."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QObject, QSortFilterProxyModel, Qt

from planner_desktop.models.users import SORT_ROLE, AnyIndex, UserTableModel
from planner_shared.enums import Role
from planner_shared.schemas import UserRead


class UserFilterProxyModel(QSortFilterProxyModel):
    """Search over names, email and phone (every word must match); role and blocked filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._role: Role | None = None
        self._blocked: bool | None = None
        self._model: UserTableModel | None = None
        self._accepted: list[bool] = []  # per source row, valid for the model's revision below
        self._accepted_revision = -1
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, UserTableModel):
            raise TypeError("UserFilterProxyModel filters a UserTableModel")
        self._model = model  # kept here: filterAcceptsRow runs once per row, 10,000 times
        super().setSourceModel(model)

    def source(self) -> UserTableModel:
        if self._model is None:
            raise RuntimeError("no source model set")
        return self._model

    def set_search(self, text: str) -> None:
        self._change(lambda: setattr(self, "_words", text.casefold().split()))

    def set_role(self, role: Role | str | None) -> None:
        """Only users of this role (a Role or its value; a combo box's data comes back as str)."""
        self._change(lambda: setattr(self, "_role", None if role is None else Role(role)))

    def set_blocked(self, blocked: bool | None) -> None:
        self._change(lambda: setattr(self, "_blocked", blocked))

    def _change(self, apply: Callable[[], None]) -> None:
        self.beginFilterChange()
        apply()
        self._accepted_revision = -1
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Looked up in a list computed in one Python pass per change: Qt asks once per row, and
        a call back into Python costs more than the test itself."""
        model = self._model
        if model is None or (self._role is None and self._blocked is None and not self._words):
            return True
        if self._accepted_revision != model.revision:
            self._accepted = self._compute(model)
            self._accepted_revision = model.revision
        return self._accepted[source_row]

    def _compute(self, model: UserTableModel) -> list[bool]:
        role, blocked, words = self._role, self._blocked, self._words
        keys: list[tuple[Role, bool, str] | None] = list(model.filter_keys())
        if role is not None:
            keys = [k if k is not None and k[0] is role else None for k in keys]
        if blocked is not None:
            keys = [k if k is not None and k[1] is blocked else None for k in keys]
        if len(words) == 1:
            word = words[0]
            return [k is not None and word in k[2] for k in keys]
        return [k is not None and all(w in k[2] for w in words) for k in keys]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ordering is the source's keyed sort; this proxy keeps the source order (see module doc)."""
        self.source().sort(column, order)

    def user_at(self, proxy_row: int) -> UserRead:
        return self.source().user_at(self.mapToSource(self.index(proxy_row, 0)).row())
