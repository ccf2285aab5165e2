"""The main window around a role window: menus, online/offline indicator, busy state, geometry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar, QWidget

from planner_desktop import __version__
from planner_desktop.i18n import LANGUAGES
from planner_desktop.session import Session
from planner_desktop.settings import EMBEDDED
from planner_desktop.windows import role_window_class
from planner_desktop.windows.account import ChangePasswordDialog
from planner_shared.enums import Role


class Shell(QMainWindow):
    """Owns the role window of one session. The application listens to its requests."""

    sign_out_requested = Signal()
    switch_server_requested = Signal()
    language_requested = Signal(str)
    closed = Signal()

    def __init__(self, session: Session, *, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.language = language
        self._leaving = False  # closing because of sign out / switch, not quitting
        self.about_box: QMessageBox | None = None
        self.setObjectName("shell")
        window_class: Callable[[Session], QWidget] = role_window_class(session.role)
        self.role_window = window_class(session)
        self.setCentralWidget(self.role_window)
        self._build_menus()
        self._build_status_bar()
        self._update_title()
        geometry = session.settings.geometry("main")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 760)
        session.sync.online_changed.connect(self._show_online)
        session.tasks.busy_changed.connect(self._show_busy)
        session.store.users_changed.connect(self._user_changed)
        self._show_online(session.sync.online)

    # --- building ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        account = bar.addMenu(self.tr("&Account"))
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.request_sign_out)
        self.switch_action = QAction(self.tr("S&witch server…"), self)
        self.switch_action.triggered.connect(self.request_switch_server)
        self.reconnect_action = QAction(self.tr("&Reconnect now"), self)
        self.reconnect_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reconnect_action.triggered.connect(self.session.sync.retry_now)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        self.change_password_action = QAction(self.tr("&Change password…"), self)
        self.change_password_action.triggered.connect(self.change_password)
        account.addAction(self.change_password_action)
        account.addSeparator()
        for action in (self.sign_out_action, self.switch_action, self.reconnect_action):
            account.addAction(action)
        self.feed_action = QAction(self.tr("Calendar &subscription…"), self)
        self.feed_action.triggered.connect(self.show_feed)
        account.addAction(self.feed_action)
        account.addSeparator()
        account.addAction(quit_action)

        view = bar.addMenu(self.tr("&View"))
        languages = view.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.language)
            action.setData(code)
            action.triggered.connect(lambda _=False, c=code: self._choose_language(c))
            group.addAction(action)
            languages.addAction(action)

        menus = getattr(self.role_window, "menus", None)
        if callable(menus):
            for menu in menus():
                if isinstance(menu, QMenu):
                    bar.addMenu(menu)

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Consultation Planner"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.user_label = QLabel(self)
        status.addWidget(self.user_label)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(90)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(self.session.tasks.busy)
        status.addPermanentWidget(self.busy_bar)
        self.online_label = QLabel(self)
        self.online_label.setObjectName("onlineIndicator")
        self.online_label.setTextFormat(Qt.TextFormat.RichText)
        status.addPermanentWidget(self.online_label)

    # --- state ---------------------------------------------------------------------------------

    def role_name(self, role: Role) -> str:
        return {Role.ADMIN: self.tr("administrator"), Role.SPECIALIST: self.tr("specialist"),
                Role.CLIENT: self.tr("client")}[role]

    def _update_title(self) -> None:
        user = self.session.user
        server = (self.tr("built-in server") if self.session.server_label == EMBEDDED
                  else self.session.server_label)
        title = getattr(self.role_window, "title", None)
        part = title() if callable(title) else self.role_name(user.role).capitalize()
        self.setWindowTitle(self.tr("{part} — {name} — Consultation Planner").format(
            part=part, name=user.full_name))
        self.user_label.setText(self.tr("{name} ({role}) on {server}").format(
            name=user.full_name, role=self.role_name(user.role), server=server))
        self.user_label.setToolTip(self.server_address_text())

    def server_address_text(self) -> str:
        """Where the server is, and (built-in) how another desktop of this computer reaches it."""
        url = self.session.api.base_url
        if self.session.server_label != EMBEDDED:
            return self.tr("Server: {url}").format(url=url)
        return self.tr("The built-in server runs on this computer at {url} (the same address at every "
                       "start). Another desktop on this computer reaches it with: "
                       "planner --server {url}").format(url=url)

    def _show_online(self, online: bool | None) -> None:
        """The status-bar indicator: Online, Offline (last known data) or Connecting."""
        if online is None:
            colour, text = "#a0a0a0", self.tr("Connecting…")
            tip = ""
        elif online:
            colour, text, tip = "#1b7f3b", self.tr("Online"), self.tr("Changes appear as they happen.")
        else:
            colour, text = "#b00020", self.tr("Offline — showing the last known data")
            tip = self.tr("The server cannot be reached ({why}). Reconnecting automatically; "
                          "changes cannot be made meanwhile.").format(why=self.session.sync.last_problem)
        self.online_label.setText(f'<span style="color:{colour}">●</span> {text}')
        self.online_label.setToolTip(tip)
        self.online_label.setProperty("online", online)
        self.reconnect_action.setEnabled(online is not True)

    def _show_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)

    def _user_changed(self, changed: frozenset[int], removed: frozenset[int]) -> None:
        me = self.session.store.user(self.session.user.id)
        if me is not None and self.session.user.id in changed:
            self.session.user = me
            self._update_title()

    # --- actions -------------------------------------------------------------------------------

    def leave(self) -> None:
        """Close for a sign-out, a server switch, a refused session or a new language: unlike a
        close by the user, the application goes on."""
        self._leaving = True
        self.close()

    def change_password(self) -> ChangePasswordDialog:
        session = self.session
        dialog = ChangePasswordDialog(session.api, session.tasks, server_key=session.server_label,
                                      email=session.settings.last_email,
                                      remember=session.settings.remember, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            self.tr("Password changed. Other computers signed in to this account are signed out."),
            10000))
        dialog.open()
        return dialog

    def request_sign_out(self) -> None:
        self._leaving = True
        self.sign_out_requested.emit()

    def request_switch_server(self) -> None:
        self._leaving = True
        self.switch_server_requested.emit()

    def _choose_language(self, code: str) -> None:
        if code != self.language:
            self.language_requested.emit(code)

    def show_feed(self) -> None:
        from planner_desktop.windows.feed_dialog import FeedDialog

        dialog = FeedDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.feed_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        """The About box, once the server has said its version (asked off the interface thread)."""
        self.session.tasks.run(self.session.api.server_version, busy=False, parent=self,
                               on_success=self._show_about, on_failure=lambda _: self._show_about(None))

    def _show_about(self, server_version: str | None) -> None:
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle(self.tr("About Consultation Planner"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setText(self.tr(
            "<h3>Consultation Planner {version}</h3>"
            "<p>Clients book consultations with specialists; specialists keep their schedule; "
            "administrators manage the accounts.</p>"
            "<p>Connected to: {server}</p>").format(
                version=__version__, server=self.session.api.base_url)
            + self.tr("<p>Server version: {version}</p>").format(
                version=server_version or self.tr("unknown")))
        box.open()
        self.about_box = box

    def shutdown_role_window(self) -> None:
        shutdown = getattr(self.role_window, "shutdown", None)
        if callable(shutdown):
            shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.settings.set_geometry("main", self.saveGeometry())
        self.shutdown_role_window()
        super().closeEvent(event)
        if not self._leaving:
            self.closed.emit()
