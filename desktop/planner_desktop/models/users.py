"""The administrator's user table: a model over a plain list of ``UserRead`` and its filter proxy.

Edits are optimistic but honest: an edit shows at once, marked *pending*, and is emitted as
``edit_requested(ticket, user_id, changes)``; whoever sends it answers with ``edit_succeeded``
(the server's row replaces ours) or ``edit_failed`` (the cell returns to the server's value).

Sorting: :class:`~planner_desktop.models.user_filter.UserFilterProxyModel` forwards ``sort()`` to
this model, which orders its list with one keyed Python sort (about 10 ms for 10,000 users). A
``QSortFilterProxyModel`` sorting by itself calls back into Python for each of ~130,000 comparisons:
0.8 s at that size.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from planner_desktop.error_text import error_message
from planner_desktop.field_problems import FieldProblem, problems_text
from planner_desktop.formats import moment_text
from planner_desktop.models.table import AnyIndex, ColumnTableModel
from planner_desktop.models.user_columns import (
    FIELDS,
    FLAG_COLUMNS,
    HEADERS,
    TEXT_EDITABLE,
    FilterKey,
    UserColumn,
    as_check_state,
    changes_problems,
    clean_value,
    filter_key,
    role_label,
    sort_key,
)
from planner_shared.enums import Role
from planner_shared.errors import DomainError
from planner_shared.rules import admin_self_change_refusal
from planner_shared.schemas import UserRead

__all__ = ["PENDING_ROLE", "SORT_ROLE", "USER_ROLE", "UserColumn", "UserTableModel", "role_label"]

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a typed key: int, str (casefolded), bool, datetime
USER_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's UserRead (the server's value)
PENDING_ROLE = Qt.ItemDataRole.UserRole + 3  # True while an edit of this row is in flight


SELF_CHANGE_FIELDS = {"self_block": "is_blocked", "self_demote": "role", "self_deactivate": "is_active"}
BLOCKED_BACKGROUND = QColor(250, 224, 224)
PENDING_BACKGROUND = QColor(255, 246, 204)
MERGE_RESET_THRESHOLD = 200  # rows to insert one by one before a reset is cheaper


def _tr(text: str) -> str:
    return QCoreApplication.translate("UserTableModel", text)


class UserTableModel(ColumnTableModel):
    """All users, one row each, in a plain list; edits are emitted, never sent from here."""

    COLUMNS = UserColumn
    HEADERS = HEADERS
    CONTEXT = "UserTableModel"

    edit_requested = Signal(int, int, dict)  # ticket, user id, {field: value}
    # user id, why (refused before asking the server), and whether it is a permission (not the input)
    edit_refused = Signal(int, str, bool)

    def __init__(self, parent: QObject | None = None, *, self_id: int | None = None) -> None:
        super().__init__(parent)
        self.self_id = self_id  # the signed-in administrator: may not block or demote themself
        self._users: list[UserRead] = []
        self._row_of: dict[int, int] = {}
        self._filter_keys: dict[int, FilterKey] = {}
        self._overlay: dict[int, dict[str, tuple[int, Any]]] = {}  # id → field → (ticket, value)
        self._tickets: dict[int, tuple[int, tuple[str, ...]]] = {}  # ticket → (id, fields)
        self._next_ticket = itertools.count(1)
        self._sort: tuple[UserColumn, Qt.SortOrder] | None = None
        self.revision = 0  # bumped before the rows' content or order change is announced
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- reading ----------------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._users)

    def user_at(self, row: int) -> UserRead:
        return self._users[row]

    def users(self) -> list[UserRead]:
        return list(self._users)

    def row_of(self, user_id: int) -> int | None:
        return self._row_of.get(user_id)

    def user_by_id(self, user_id: int) -> UserRead | None:
        row = self._row_of.get(user_id)
        return None if row is None else self._users[row]

    def is_pending(self, user_id: int) -> bool:
        return bool(self._overlay.get(user_id))

    def shown_value(self, user: UserRead, field: str) -> Any:
        """The value the table shows: a pending edit's, else the server's."""
        pending = self._overlay.get(user.id)
        if pending and field in pending:
            return pending[field][1]
        return getattr(user, field)

    def filter_key(self, row: int) -> FilterKey:
        """What the filters test of a row (cached per user)."""
        user = self._users[row]
        key = self._filter_keys.get(user.id)
        if key is None:
            key = self._filter_keys[user.id] = filter_key(user)
        return key

    def filter_keys(self) -> list[FilterKey]:
        """Every row's :meth:`filter_key`, in row order (one pass: what a proxy filters on)."""
        keys, users = self._filter_keys, self._users
        if len(keys) >= len(users):
            found = [keys.get(user.id) for user in users]
            if None not in found:
                return found  # type: ignore[return-value]
        return [self.filter_key(row) for row in range(len(users))]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._users):
            return None
        user = self._users[index.row()]
        column = UserColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(user, column)
        if role == Qt.ItemDataRole.EditRole:
            value = self.shown_value(user, FIELDS[column])
            return value.value if isinstance(value, Role) else value
        if role == Qt.ItemDataRole.CheckStateRole:
            if column in FLAG_COLUMNS:
                checked = self.shown_value(user, FIELDS[column])
                return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            return None
        if role == SORT_ROLE:
            return sort_key(column)(user)[0]
        if role == USER_ROLE:
            return user
        if role == PENDING_ROLE:
            return self.is_pending(user.id)
        return self._decoration(user, column, role)

    def _display(self, user: UserRead, column: UserColumn) -> Any:
        if column in FLAG_COLUMNS:
            if column is UserColumn.BLOCKED and self.shown_value(user, "is_blocked"):
                return QCoreApplication.translate("UserTableModel", "Blocked")
            return None
        value = self.shown_value(user, FIELDS[column])
        if column is UserColumn.ROLE:
            return role_label(Role(value))
        if column is UserColumn.CREATED:
            return moment_text(value)
        return value if value is not None else ""

    def _decoration(self, user: UserRead, column: UserColumn, role: int) -> Any:
        pending = self.is_pending(user.id)
        blocked = self.shown_value(user, "is_blocked")
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if pending else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if pending:
                return QBrush(PENDING_BACKGROUND)
            return QBrush(BLOCKED_BACKGROUND) if blocked else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(40, 40, 40)) if (pending or blocked) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if pending:
                return QCoreApplication.translate("UserTableModel",
                                                  "Saving… this change is not on the server yet.")
            if blocked:
                return QCoreApplication.translate("UserTableModel", "Blocked: this user cannot sign in.")
            return None
        if role == Qt.ItemDataRole.DecorationRole and column is UserColumn.ID and (pending or blocked):
            return _state_icon(pending=pending)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is UserColumn.ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column is UserColumn.ID:
            states = [QCoreApplication.translate("UserTableModel", "saving")] if pending else []
            states += [QCoreApplication.translate("UserTableModel", "blocked")] if blocked else []
            return " ".join([str(user.id), *states])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        column = UserColumn(index.column())
        if column in TEXT_EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        if column in FLAG_COLUMNS:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    # --- editing ----------------------------------------------------------------------------------

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self._users):
            return False
        column = UserColumn(index.column())
        user = self._users[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and column in FLAG_COLUMNS:
            checked = as_check_state(value) == Qt.CheckState.Checked
            return self.request_edit(user.id, {FIELDS[column]: checked}) is not None
        if role != Qt.ItemDataRole.EditRole or column not in TEXT_EDITABLE:
            return False
        new = clean_value(column, value)
        current = self.shown_value(user, FIELDS[column])
        if new == (current.value if isinstance(current, Role) else current):
            return False
        return self.request_edit(user.id, {FIELDS[column]: new}) is not None

    def edit_problems(self, user_id: int, changes: dict[str, Any]) -> list[FieldProblem]:
        """Why these changes would be refused (shared rules and schema), by field; empty when they
        may be sent."""
        refusal = self._self_refusal(user_id, changes)
        if refusal is not None:
            return [FieldProblem(SELF_CHANGE_FIELDS.get(refusal.code, ""), error_message(refusal))]
        return changes_problems(changes)

    def _self_refusal(self, user_id: int, changes: dict[str, Any]) -> DomainError | None:
        return admin_self_change_refusal(changes) if user_id == self.self_id else None

    def request_edit(self, user_id: int, changes: dict[str, Any]) -> int | None:
        """Show ``changes`` as pending and emit them; the ticket, or None if refused here."""
        row = self._row_of.get(user_id)
        if row is None or not changes:
            return None
        problems = self.edit_problems(user_id, changes)
        if problems:
            forbidden = self._self_refusal(user_id, changes) is not None
            self.edit_refused.emit(user_id, problems_text(problems), forbidden)
            return None
        ticket = next(self._next_ticket)
        overlay = self._overlay.setdefault(user_id, {})
        for field, value in changes.items():
            overlay[field] = (ticket, Role(value) if field == "role" else value)
        self._tickets[ticket] = (user_id, tuple(changes))
        self._row_changed(row)
        self.edit_requested.emit(ticket, user_id, dict(changes))
        return ticket

    def edit_succeeded(self, ticket: int, user: UserRead) -> None:
        """The server accepted the edit: its answer replaces the row."""
        user_id = self._drop_ticket(ticket)
        self.upsert(user)
        row = self._row_of.get(user.id)
        if user_id is not None and row is not None:
            self._row_changed(row)  # the pending look ends even when nothing else changed

    def edit_failed(self, ticket: int) -> None:
        """The server refused: the cells return to the server's value."""
        user_id = self._drop_ticket(ticket)
        row = self._row_of.get(user_id) if user_id is not None else None
        if row is not None:
            self._row_changed(row)

    def _drop_ticket(self, ticket: int) -> int | None:
        entry = self._tickets.pop(ticket, None)
        if entry is None:
            return None
        user_id, fields = entry
        overlay = self._overlay.get(user_id, {})
        for field in fields:
            if field in overlay and overlay[field][0] == ticket:  # a later edit keeps its value
                del overlay[field]
        if not overlay:
            self._overlay.pop(user_id, None)
        return user_id

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(UserColumn) - 1))

    # --- loading and live changes -------------------------------------------------------------------

    def set_users(self, users: Iterable[UserRead], *, keys: dict[int, FilterKey] | None = None) -> None:
        """Replace every row (pending edits are forgotten: their answers will be ignored).

        ``keys``: the users' filter keys if a worker thread prepared them (``filter_keys_for``).
        """
        self.beginResetModel()
        self.revision += 1
        self._users = list(users)
        if self._sort is not None:
            self._users.sort(key=sort_key(self._sort[0]),
                             reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self._filter_keys = dict(keys) if keys is not None else {}
        self._overlay.clear()
        self._tickets.clear()
        self.endResetModel()

    def merge(self, users: Iterable[UserRead], *, keys: dict[int, FilterKey] | None = None) -> None:
        """Make the rows equal ``users`` touching only what differs (open editors and the selection
        survive); a model that is empty or would gain many rows is simply reset."""
        incoming = {user.id: user for user in users}
        new = sum(1 for user_id in incoming if user_id not in self._row_of)
        if not self._users or new > MERGE_RESET_THRESHOLD:
            overlay, tickets = self._overlay, self._tickets
            self.set_users(incoming.values(), keys=keys)
            self._overlay = {k: v for k, v in overlay.items() if k in self._row_of}
            self._tickets = {k: v for k, v in tickets.items() if v[0] in self._row_of}
            return
        for user_id in [u.id for u in self._users if u.id not in incoming]:
            self.remove(user_id)
        for user in incoming.values():
            row = self._row_of.get(user.id)
            if row is None or self._users[row] != user:
                self.upsert(user)

    def upsert(self, user: UserRead) -> None:
        """A user appeared or changed (from a server answer or the sync feed)."""
        row = self._row_of.get(user.id)
        if row is not None:
            old = self._users[row]
            if old == user:
                return
            self._users[row] = user
            self._filter_keys.pop(user.id, None)
            self.revision += 1
            if old.is_blocked != user.is_blocked:  # the whole row's look changes
                self._row_changed(row)
                return
            for column in UserColumn:  # only the cells that changed: an open editor elsewhere stays
                field = FIELDS[column]
                if getattr(old, field) != getattr(user, field):
                    cell = self.index(row, column)
                    self.dataChanged.emit(cell, cell)
            return
        self._filter_keys.pop(user.id, None)
        row = self._insert_position(user)
        self.beginInsertRows(QModelIndex(), row, row)
        self.revision += 1
        self._users.insert(row, user)
        self._reindex()
        self.endInsertRows()

    def remove(self, user_id: int) -> None:
        row = self._row_of.get(user_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self.revision += 1
        del self._users[row]
        self._filter_keys.pop(user_id, None)
        self._overlay.pop(user_id, None)
        self._reindex()
        self.endRemoveRows()

    def _insert_position(self, user: UserRead) -> int:
        if self._sort is None:
            return len(self._users)
        key = sort_key(self._sort[0])
        new_key = key(user)
        descending = self._sort[1] == Qt.SortOrder.DescendingOrder
        for row, other in enumerate(self._users):
            other_key = key(other)
            if (other_key < new_key) if descending else (new_key < other_key):
                return row
        return len(self._users)

    def _reindex(self) -> None:
        self._row_of = {user.id: row for row, user in enumerate(self._users)}

    # --- sorting ----------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(UserColumn):
            return
        self._sort = (UserColumn(column), order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [(self._users[i.row()].id, i.column()) for i in persistent]
        self.revision += 1
        self._users.sort(key=sort_key(UserColumn(column)),
                         reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of[uid], col) for uid, col in ids])
        self.layoutChanged.emit()


def _state_icon(*, pending: bool) -> QIcon:
    """The mark before a row's id: saving (a turning arrow) or blocked (a stop sign)."""
    style = QApplication.style()
    pixmap = (QStyle.StandardPixmap.SP_BrowserReload if pending
              else QStyle.StandardPixmap.SP_DialogCancelButton)
    return style.standardIcon(pixmap)
