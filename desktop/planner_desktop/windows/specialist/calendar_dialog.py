"""Calendar → Connect a calendar…: a CalDAV account (URL, user, app password), tested, then its
calendars with check boxes (which count as busy) and the one that receives the consultations."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.error_text import error_message
from planner_desktop.formats import clock, short_day
from planner_desktop.session import Session
from planner_shared.calendars import CalendarConnect, CalendarCredentials, CalendarRead, RemoteCalendarRead
from planner_shared.errors import DomainError

HREF = Qt.ItemDataRole.UserRole


def state_text(calendar: CalendarRead | None, tz: tzinfo) -> str:
    """One line about the calendar's state, in the interface language ("" when all is well)."""
    from PySide6.QtCore import QCoreApplication

    if calendar is None or calendar.state in ("ok", "pending"):
        return ""
    since = calendar.unreachable_since
    when = f"{short_day(since.astimezone(tz).date())} {clock(since, tz)}" if since else "—"
    if calendar.state == "refused":
        text = QCoreApplication.translate("CalendarState", "Your calendar refuses the password since {when}; "
                                                           "its last known busy times still count.")
    else:
        text = QCoreApplication.translate("CalendarState", "Your calendar cannot be reached since {when} "
                                                           "({why}); its last known busy times still count.")
    return text.format(when=when, why=calendar.last_error)


class ConnectCalendarDialog(QDialog):
    saved = Signal(object)  # the CalendarRead once connected
    disconnected = Signal()

    def __init__(self, session: Session, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tz = tz
        self.connected: CalendarRead | None = None
        self.setWindowTitle(self.tr("Connect a calendar"))
        self.setObjectName("connectCalendarDialog")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://cloud.example.com/remote.php/dav/")
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.calendars = QListWidget(self)
        self.calendars.setAccessibleName(self.tr("Calendars whose events count as busy"))
        self.target = QComboBox(self)
        self.target.setAccessibleName(self.tr("Write agreed consultations to"))
        self.status = QLabel(self)
        self.status.setObjectName("calendarDialogStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close, self)
        self.disconnect_button = self.buttons.addButton(self.tr("&Disconnect"),
                                                        QDialogButtonBox.ButtonRole.DestructiveRole)
        self.disconnect_button.setEnabled(False)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("Server &URL:"), self.url)
        form.addRow(self.tr("&User name:"), self.user)
        form.addRow(self.tr("App &password:"), self.password)
        form.addRow("", self.test_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Calendars whose events count as busy:"), self))
        layout.addWidget(self.calendars, 1)
        target_form = QFormLayout()
        target_form.addRow(self.tr("Write agreed consultations &to:"), self.target)
        layout.addLayout(target_form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.test_button.clicked.connect(self.test_connection)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.disconnect_button.clicked.connect(self.disconnect_calendar)
        self.resize(520, 480)
        self._load()

    # --- the server's side --------------------------------------------------------------------

    def _load(self) -> None:
        self.session.run(self.session.api.calendar, on_success=self._loaded, parent=self, busy=False)

    def _loaded(self, calendar: CalendarRead | None) -> None:
        self.connected = calendar
        if calendar is None:
            return
        self.url.setText(calendar.url)
        self.user.setText(calendar.username)
        self.password.setPlaceholderText(self.tr("(unchanged)"))
        self._show_calendars(calendar.calendars)
        self.disconnect_button.setEnabled(True)
        self._say(state_text(calendar, self.tz))

    def test_connection(self) -> None:
        password = self.password.text()
        if not password and self.connected is not None:  # the stored one: the server tests it
            self.session.run(self.session.api.sync_calendar, on_success=self._loaded,
                             on_failure=self._failed, parent=self)
            return
        try:
            credentials = CalendarCredentials(url=self.url.text().strip(), username=self.user.text().strip(),
                                              password=password)
        except ValueError:
            self._say(self.tr("Give the server's address (https://…), the user name and the app password."))
            return
        self._say(self.tr("Connecting…"))
        self.test_button.setEnabled(False)
        self.session.run(lambda: self.session.api.discover_calendars(credentials),
                         on_success=self._discovered, on_failure=self._failed, parent=self)

    def _discovered(self, found: list[RemoteCalendarRead]) -> None:
        self.test_button.setEnabled(True)
        self._show_calendars(found)
        self._say(self.tr("Connected. Choose the calendars below, then Save."))

    def _failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.save_button.setEnabled(self.calendars.count() > 0)
        self._say(error_message(error, tz=self.tz) if isinstance(error, DomainError) else str(error))

    def _show_calendars(self, found: list[RemoteCalendarRead]) -> None:
        self.calendars.clear()
        self.target.clear()
        self.target.addItem(self.tr("(none)"), None)
        for calendar in found:
            item = QListWidgetItem(calendar.name or calendar.href, self.calendars)
            item.setData(HREF, calendar.href)
            flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if calendar.events else Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if calendar.busy and calendar.events
                               else Qt.CheckState.Unchecked)
            if calendar.events:
                self.target.addItem(calendar.name or calendar.href, calendar.href)
                if calendar.target:
                    self.target.setCurrentIndex(self.target.count() - 1)
        self.save_button.setEnabled(bool(found))

    def busy_hrefs(self) -> list[str]:
        return [str(self.calendars.item(row).data(HREF)) for row in range(self.calendars.count())
                if self.calendars.item(row).checkState() == Qt.CheckState.Checked]

    def request(self) -> CalendarConnect:
        return CalendarConnect(url=self.url.text().strip(), username=self.user.text().strip(),
                               password=self.password.text() or None, busy_calendars=self.busy_hrefs(),
                               target_calendar=self.target.currentData())

    def save(self) -> None:
        try:
            request = self.request()
        except ValueError:
            self._say(self.tr("Give the server's address (https://…), the user name and the app password."))
            return
        self._say(self.tr("Saving and reading your calendar…"))
        self.save_button.setEnabled(False)
        self.session.run(lambda: self.session.api.connect_calendar(request), on_success=self._saved,
                         on_failure=self._failed, parent=self)

    def _saved(self, calendar: CalendarRead) -> None:
        self.connected = calendar
        self.saved.emit(calendar)
        self.accept()

    def disconnect_calendar(self) -> None:
        self.session.run(self.session.api.disconnect_calendar, on_success=lambda _: self._gone(),
                         on_failure=self._failed, parent=self)

    def _gone(self) -> None:
        self.connected = None
        self.disconnected.emit()
        self.accept()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
