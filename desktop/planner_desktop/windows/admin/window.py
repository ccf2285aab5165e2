"""The administrator's window: every user in a table to search, edit, block; the outbox; CSV export.

Follows the role-window contract of :mod:`planner_desktop.session`: ``AdminWindow(session)``.
Every edit shows at once as *pending* and is sent as a PATCH; the server's answer replaces the row,
or its refusal puts the server's value back and says why. Users registered or changed elsewhere
arrive through the store (the sync feed).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.errors import describe_error, show_message
from planner_desktop.exports import write_users_csv
from planner_desktop.field_problems import problems_text
from planner_desktop.formats import moment_text
from planner_desktop.models.user_columns import FilterKey, filter_keys_for
from planner_desktop.models.user_filter import UserFilterProxyModel
from planner_desktop.models.users import USER_ROLE, UserColumn, UserTableModel, role_label
from planner_desktop.save_folder import ask_save_path
from planner_desktop.session import Session
from planner_desktop.widgets.toast import StatusLine
from planner_desktop.windows.admin.activity import ActivityPanel
from planner_desktop.windows.admin.outbox import OutboxPanel
from planner_desktop.windows.admin.user_edit import RoleDelegate, UserFormDialog
from planner_shared.enums import Role
from planner_shared.schemas import UserAdminUpdate, UserRead

COLUMN_WIDTHS = {UserColumn.ID: 50, UserColumn.LAST_NAME: 110, UserColumn.FIRST_NAME: 95,
                 UserColumn.MIDDLE_NAME: 85, UserColumn.EMAIL: 160, UserColumn.PHONE: 125,
                 UserColumn.ROLE: 100, UserColumn.STAFF: 50, UserColumn.ACTIVE: 50,
                 UserColumn.BLOCKED: 80, UserColumn.CREATED: 130}  # in all, within the default window


def make_user_table(proxy: UserFilterProxyModel, parent: QWidget | None = None) -> QTableView:
    """The user table as the window shows it (the benchmark measures this very view)."""
    table = QTableView(parent)
    table.setObjectName("userTable")
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(UserColumn.LAST_NAME, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                          | QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.SelectedClicked)
    table.setItemDelegateForColumn(UserColumn.ROLE, RoleDelegate(table))
    table.verticalHeader().hide()  # the ID column says which row; no per-row header to lay out
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setStretchLastSection(True)
    header = table.horizontalHeader()
    word = QCoreApplication.translate("UserTableModel", "Blocked")  # a blocked row's cell: box and word
    blocked = (table.fontMetrics().horizontalAdvance(word)
               + table.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 14)
    created = max(table.fontMetrics().horizontalAdvance(moment_text(datetime(2026, month, 28, 22, 59)))
                  for month in range(1, 13)) + 10  # the longest date of the language, whole
    least_by_column = {UserColumn.BLOCKED: blocked, UserColumn.CREATED: created}
    for column, width in COLUMN_WIDTHS.items():  # wide enough for the header's words in any language
        least = max(header.sectionSizeHint(column), least_by_column.get(column, 0))
        table.setColumnWidth(column, max(width, least))
    table.setAlternatingRowColors(True)
    return table


class AdminWindow(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminWindow")
        self.session = session
        self.model = UserTableModel(self, self_id=session.user.id)
        self.proxy = UserFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self._loading = False
        self._changed_while_loading: set[int] = set()
        self._build()
        self.model.edit_requested.connect(self._send_edit)
        self.model.edit_refused.connect(self._refused_here)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)
        session.store.users_changed.connect(self._users_changed)
        session.store.reset.connect(self._store_reset)
        session.sync.online_changed.connect(self._online_changed)
        self._online_changed(session.sync.online)
        self.model.set_users(session.store.users())
        self.reload()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("userSearch")
        self.search.setPlaceholderText(self.tr("Search names, email, phone…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.role_filter = QComboBox(self)
        self.role_filter.setObjectName("roleFilter")
        self.role_filter.addItem(self.tr("All roles"), None)
        for role in (Role.CLIENT, Role.SPECIALIST, Role.ADMIN):
            self.role_filter.addItem(role_label(role), role.value)
        self.role_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_role(self.role_filter.currentData()))
        self.blocked_filter = QComboBox(self)
        self.blocked_filter.setObjectName("blockedFilter")
        for text, value in ((self.tr("Blocked or not"), None), (self.tr("Only blocked"), True),
                            (self.tr("Only not blocked"), False)):
            self.blocked_filter.addItem(text, value)
        self.blocked_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_blocked(self.blocked_filter.currentData()))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")

        self.table = make_user_table(self.proxy, self)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        for signal in (self.model.dataChanged, self.model.modelReset):  # blocked here or elsewhere
            signal.connect(self._update_actions)

        self.edit_action = self._action(self.tr("&Edit…"), "Ctrl+E", self.edit_selected)
        self.block_action = self._action(self.tr("&Block…"), "Ctrl+B", partial(self.set_blocked, True))
        self.unblock_action = self._action(self.tr("&Unblock…"), "Ctrl+Shift+B",
                                           partial(self.set_blocked, False))
        self.reset_action = self._action(self.tr("&Reset password…"), "Ctrl+Shift+R",
                                         self.send_password_resets)
        self.end_sessions_action = self._action(self.tr("End &sessions…"), "Ctrl+Shift+K",
                                                self.end_sessions)
        self.export_action = self._action(self.tr("E&xport shown rows as CSV…"), "Ctrl+Shift+E",
                                          self.choose_export_file)
        self.reload_action = self._action(self.tr("&Reload users"), QKeySequence.StandardKey.Refresh,
                                          self.reload)
        find = self._action(self.tr("Find"), QKeySequence.StandardKey.Find, self.search.setFocus)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.doubleClicked.connect(self._double_clicked)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.role_filter, 1)
        filters.addWidget(self.blocked_filter, 1)
        filters.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for action in (self.edit_action, self.block_action, self.unblock_action, self.reset_action,
                       self.end_sessions_action, self.export_action):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        self.status = StatusLine(self)
        self.status.setObjectName("adminStatus")
        buttons.addWidget(self.status, 2)

        users_tab = QWidget(self)
        users_layout = QVBoxLayout(users_tab)
        users_layout.addLayout(filters)
        users_layout.addLayout(buttons)
        users_layout.addWidget(self.table, 1)
        self.outbox = OutboxPanel(self.session, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(users_tab, self.tr("&Users"))
        self.tabs.addTab(self.outbox, self.tr("&Outbox"))
        self.activity = ActivityPanel(self.session, self)
        self.tabs.addTab(self.activity, self.tr("&Activity"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._update_actions()
        self._update_count()

    def _action(self, text: str, shortcut: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        button.setEnabled(action.isEnabled())
        return button

    # --- the role-window contract -----------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Administrator")

    def menus(self) -> list[QMenu]:
        menu = QMenu(self.tr("&Users"), self)
        for action in (self.edit_action, self.block_action, self.unblock_action, None,
                       self.reset_action, self.end_sessions_action, None,
                       self.export_action, self.reload_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return [menu]

    # --- loading and live changes -------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch every user (GET /api/v1/users/); changes arriving meanwhile are kept."""
        self._loading = True
        self._changed_while_loading.clear()
        api = self.session.api

        def fetch() -> tuple[list[UserRead], dict[int, FilterKey]]:
            users = api.users()
            return users, filter_keys_for(users)  # prepared here, off the UI thread

        self.session.run(fetch, on_success=self._loaded, on_failure=self._load_failed, parent=self)

    def _loaded(self, result: tuple[list[UserRead], dict[int, FilterKey]]) -> None:
        users, keys = result
        self._loading = False
        self.model.merge(users, keys=keys)
        for user_id in self._changed_while_loading:
            user = self.session.store.user(user_id)
            if user is not None:
                self.model.upsert(user)
        self._changed_while_loading.clear()

    def _online_changed(self, online: bool | None) -> None:
        # offline, F5 is the shell's "Reconnect now" (one action per key: an ambiguous one does nothing)
        self.reload_action.setEnabled(online is not False)

    def _load_failed(self, error: BaseException) -> None:
        self._loading = False
        self.say(self.tr("Could not load the users: {why}").format(why=describe_error(error)[1]))

    def _store_reset(self) -> None:
        """The feed sent a snapshot (an administrator's holds every user): take what differs."""
        users = self.session.store.users()
        if users:
            self.model.merge(users)

    def _users_changed(self, changed: frozenset[int], removed: frozenset[int]) -> None:
        if self._loading:
            self._changed_while_loading |= changed
        for user_id in changed:
            user = self.session.store.user(user_id)
            if user is not None:
                self.model.upsert(user)
        for user_id in removed:
            self.model.remove(user_id)

    def _update_count(self, *_: object) -> None:
        self.count_label.setText(self.tr("{shown} of %n user(s)", "", self.model.rowCount()).format(
            shown=self.proxy.rowCount()))

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.outbox and not self.outbox.loaded:
            self.outbox.refresh()
        if self.tabs.widget(index) is self.activity and not self.activity.loaded:
            self.activity.refresh()

    # --- editing ----------------------------------------------------------------------------------

    def say(self, text: str, *, lasting: bool = False) -> None:
        """The last outcome, in the window, until read (errors are also shown in a message box)."""
        self.status.say(text, lasting=lasting)

    def _send_edit(self, ticket: int, user_id: int, changes: dict[str, Any]) -> None:
        api = self.session.api
        if set(changes) == {"is_blocked"}:
            call = api.block_user if changes["is_blocked"] else api.unblock_user
            work = partial(call, user_id)
        else:
            work = partial(api.update_user, user_id, UserAdminUpdate(**changes))
        self.say(self.tr("Saving…"), lasting=True)
        self.session.write(work, on_success=partial(self._saved, ticket),
                           on_failure=partial(self._not_saved, ticket), parent=self)

    def _saved(self, ticket: int, user: UserRead) -> None:
        self.model.edit_succeeded(ticket, user)
        self.session.store.upsert_user(user)
        self.say(self.tr("Saved: {name}.").format(name=user.full_name))

    def _not_saved(self, ticket: int, error: BaseException) -> None:
        self.model.edit_failed(ticket)
        title, why = describe_error(error)
        self.say(self.tr("Not saved: {why}").format(why=why))
        show_message(title, self.tr("The change was not saved and has been undone.\n\n{why}")
                     .format(why=why), parent=self)

    def _refused_here(self, user_id: int, why: str, forbidden: bool) -> None:
        """Refused before asking the server: a permission ("Not allowed") or the input itself."""
        self.say(self.tr("Not saved: {why}").format(why=why))
        show_message(self.tr("Not allowed") if forbidden else self.tr("Please check the input"), why,
                     parent=self)

    def selected_users(self) -> list[UserRead]:
        return [index.data(USER_ROLE) for index in self.table.selectionModel().selectedRows()]

    def select_users(self, user_ids: list[int]) -> None:
        """Select these users' rows (those the filters show)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        for user_id in user_ids:
            row = self.model.row_of(user_id)
            if row is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

    def _update_actions(self, *_: object) -> None:
        """Edit one user; Block only when a selected user is not blocked, Unblock when one is."""
        users = self.selected_users()
        blocked = {bool(self.model.shown_value(user, "is_blocked")) for user in users}
        self.edit_action.setEnabled(len(users) == 1)
        self.block_action.setEnabled(False in blocked)
        self.unblock_action.setEnabled(True in blocked)
        self.reset_action.setEnabled(bool(users))
        self.end_sessions_action.setEnabled(bool(users))

    def _double_clicked(self, index: Any) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable and index.column() not in (
                UserColumn.STAFF, UserColumn.ACTIVE, UserColumn.BLOCKED):
            self.edit_selected()

    def edit_selected(self) -> UserFormDialog | None:
        users = self.selected_users()
        if len(users) != 1:
            return None
        user = users[0]
        dialog = UserFormDialog(user, partial(self.model.shown_value, user),
                                partial(self.model.edit_problems, user.id), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.model.request_edit(user.id, dialog.changes()))
        dialog.open()
        return dialog

    def set_blocked(self, blocked: bool) -> QMessageBox | None:
        """Block or unblock the selected users, after a confirmation."""
        targets = [u for u in self.selected_users()
                   if self.model.shown_value(u, "is_blocked") != blocked]
        me = self.session.user.id
        refused = blocked and any(u.id == me for u in targets)
        if refused:  # the shared rule, before the server is asked; the others may still go ahead
            targets = [u for u in targets if u.id != me]
            self._refused_here(me, problems_text(self.model.edit_problems(me, {"is_blocked": True})), True)
        if not targets:
            if not refused:
                self.say(self.tr("Nothing to change: the selected users are already {state}.").format(
                    state=self.tr("blocked") if blocked else self.tr("not blocked")))
            return None
        names = "\n".join(f"• {u.full_name} <{u.email}>" for u in targets[:10])
        if len(targets) > 10:
            names += "\n" + self.tr("… and %n more", "", len(targets) - 10)
        if blocked:
            question = self.tr("Block %n user(s)? They will be signed out at once and cannot "
                               "sign in until unblocked.", "", len(targets))
        else:
            question = self.tr("Unblock %n user(s)?", "", len(targets))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Block users") if blocked else
                          self.tr("Unblock users"), question, QMessageBox.StandardButton.Yes
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmBlock")
        box.setInformativeText(names)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = [u.id for u in targets]

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                for user_id in ids:
                    self.model.request_edit(user_id, {"is_blocked": blocked})

        box.buttonClicked.connect(answered)
        box.open()
        return box

    # --- accounts ---------------------------------------------------------------------------------

    def send_password_resets(self) -> QMessageBox | None:
        """Email each selected user a password reset code, after a confirmation."""
        return self._confirm_for_each(
            self.tr("Reset passwords"),
            self.tr("Email {count} user(s) a code to set a new password? Their current password "
                    "keeps working until they use the code."),
            "confirmReset", lambda api, user_id: api.send_password_reset(user_id),
            self.tr("Reset code sent to {name}."))

    def end_sessions(self) -> QMessageBox | None:
        """End every session of each selected user, after a confirmation."""
        return self._confirm_for_each(
            self.tr("End sessions"),
            self.tr("End every session of {count} user(s)? They are signed out at once on every "
                    "computer and must sign in again."),
            "confirmEndSessions", lambda api, user_id: api.end_sessions(user_id),
            self.tr("Sessions ended: {name}."))

    def _confirm_for_each(self, title: str, question: str, name: str, act: Any,
                          done: str) -> QMessageBox | None:
        targets = self.selected_users()
        if not targets:
            return None
        names = "\n".join(f"• {u.full_name} <{u.email}>" for u in targets[:10])
        if len(targets) > 10:
            names += "\n" + self.tr("… and {count} more").format(count=len(targets) - 10)
        box = QMessageBox(QMessageBox.Icon.Question, title, question.format(count=len(targets)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName(name)
        box.setInformativeText(names)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        api = self.session.api

        def answered(button: Any) -> None:
            if box.standardButton(button) != QMessageBox.StandardButton.Yes:
                return
            for user in targets:
                self.session.write(partial(act, api, user.id), parent=self,
                                   on_success=partial(self._acted, done, user),
                                   on_failure=partial(self._act_failed, user))

        box.buttonClicked.connect(answered)
        box.open()
        return box

    def _acted(self, done: str, user: UserRead, _: object) -> None:
        self.say(done.format(name=user.full_name))

    def _act_failed(self, user: UserRead, error: BaseException) -> None:
        title, why = describe_error(error)
        self.say(self.tr("{name}: {why}").format(name=user.full_name, why=why))
        show_message(title, why, parent=self)

    # --- export -----------------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        path = ask_save_path(self, self.session.settings, self.tr("Export users"), "users.csv",
                             self.tr("CSV files (*.csv)"))
        if path is not None:
            self.export_csv(path)

    def export_csv(self, path: Path) -> None:
        """Write the rows the table shows, in its order, as the server last confirmed them."""
        users = [self.proxy.user_at(row) for row in range(self.proxy.rowCount())]
        self.session.run(lambda: write_users_csv(path, users), parent=self,
                         on_success=lambda count: self.say(
                             self.tr("Exported %n user(s) to {path}.", "", count).format(path=path)))
