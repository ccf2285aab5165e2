"""The sign-in / registration dialog: server choice, account, remember me, readable errors.

Every step that touches the network, the keyring or the disk runs through ``tasks``; the dialog
only reads fields and shows results. ``signed_in(SignedIn)`` is emitted once, then it closes.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner_desktop import credentials, theme
from planner_desktop.connect import Servers, SignedIn, normalise_url
from planner_desktop.error_text import error_message
from planner_desktop.errors import describe_error
from planner_desktop.field_problems import FieldProblem, field_problems, problems_text
from planner_desktop.settings import EMBEDDED, AppSettings
from planner_desktop.tasks import Tasks
from planner_desktop.widgets.field_marks import FieldMarks
from planner_desktop.widgets.password_rules import PasswordRules
from planner_desktop.windows.account import ForgotPasswordDialog
from planner_shared import demo
from planner_shared.enums import Language, Role
from planner_shared.errors import DomainError, Invalid, Unauthorized
from planner_shared.schemas import UserCreate

RECHECK_MS = 3000  # how soon a team-server address that did not answer is tried again


def system_time_zone() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    return name if "/" in name or name == "UTC" else "UTC"


class SignInDialog(QDialog):
    signed_in = Signal(object)  # SignedIn

    def __init__(self, servers: Servers, settings: AppSettings, tasks: Tasks, *,
                 fixed_server: str | None = None, language: str = "en", resume: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.servers, self.settings, self.tasks = servers, settings, tasks
        self.language = language
        self._busy = False
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Consultation Planner — sign in"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("<h2>Consultation Planner</h2>"
                                 "<p>Book consultations with specialists, or offer your own.</p>"), self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self._server_box(fixed_server))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._sign_in_page(), self.tr("&Sign in"))
        self.tabs.addTab(self._register_page(), self.tr("&Register"))
        self.tabs.currentChanged.connect(lambda _: self.hide_error())  # a page's error is not the other's
        layout.addWidget(self.tabs)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(6)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self._check_keyring()
        self._prepare_server()
        if resume and settings.remember and settings.last_email:
            self._resume(settings.last_email)

    # --- building ------------------------------------------------------------------------------

    def _server_box(self, fixed: str | None) -> QGroupBox:
        box = QGroupBox(self.tr("Server"), self)
        grid = QVBoxLayout(box)
        self.embedded_radio = QRadioButton(self.tr("&This computer (built-in server)"), box)
        self.remote_radio = QRadioButton(self.tr("Team server &at:"), box)
        self.url_combo = QComboBox(box)
        self.url_combo.setEditable(True)
        self.url_combo.addItems(self.settings.recent_servers)
        line = self.url_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("http://planner.example.com:8000")
        group = QButtonGroup(box)
        group.addButton(self.embedded_radio)
        group.addButton(self.remote_radio)
        grid.addWidget(self.embedded_radio)
        row = QHBoxLayout()
        row.addWidget(self.remote_radio)
        row.addWidget(self.url_combo, 1)
        grid.addLayout(row)
        self.server_status = QLabel(box)
        self.server_status.setObjectName("serverStatus")
        self.server_status.setWordWrap(True)
        self.server_status.setTextFormat(Qt.TextFormat.RichText)
        grid.addWidget(self.server_status)
        self._probe_timer = QTimer(self)  # a team server's address is tried once typing pauses
        self._probe_timer.setSingleShot(True)
        self._probe_timer.setInterval(400)
        self._probe_timer.timeout.connect(self._probe_server)
        # An address nobody answered at is tried again while it stays the choice: a server started
        # meanwhile, or one too busy to answer the first time, is then said to answer.
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_MS)
        self._recheck_timer.timeout.connect(lambda: self._probe_server(again=True))
        self.url_combo.editTextChanged.connect(lambda _: self._prepare_server())
        choice = fixed or self.settings.server
        if choice == EMBEDDED:
            self.embedded_radio.setChecked(True)
        else:
            self.remote_radio.setChecked(True)
            self.url_combo.setCurrentText(choice)
        if fixed is not None:
            box.setEnabled(False)
        self.embedded_radio.toggled.connect(self._prepare_server)
        return box

    def _sign_in_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.email_edit = QLineEdit(self.settings.last_email, page)
        self.email_edit.setPlaceholderText("name@example.com")
        self.password_edit = QLineEdit(page)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_check = QCheckBox(self.tr("Re&member me on this computer"), page)
        self.remember_check.setChecked(self.settings.remember)
        self.remember_note = QLabel(page)
        self.remember_note.setWordWrap(True)
        self.remember_note.hide()
        self.sign_in_button = QPushButton(self.tr("Sign &in"), page)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit_sign_in)
        self.password_edit.returnPressed.connect(self.submit_sign_in)
        for edit in (self.email_edit, self.password_edit):
            edit.textEdited.connect(lambda _: self.hide_error())
        form.addRow(self.tr("&Email:"), self.email_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        form.addRow("", self.remember_check)
        form.addRow("", self.remember_note)
        form.addRow("", self.sign_in_button)
        self.forgot_button = QPushButton(self.tr("&Forgot password?"), page)
        self.forgot_button.setObjectName("forgotPassword")
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.forgot_password)
        form.addRow("", self.forgot_button)
        if self.servers.demo:
            form.addRow(self._demo_box(page))
        return page

    def _register_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.client_radio = QRadioButton(self.tr("I want to book consultations (&client)"), page)
        self.specialist_radio = QRadioButton(self.tr("I give consultations (s&pecialist)"), page)
        self.client_radio.setChecked(True)
        roles = QVBoxLayout()
        roles.addWidget(self.client_radio)
        roles.addWidget(self.specialist_radio)
        self.first_name_edit = QLineEdit(page)
        self.last_name_edit = QLineEdit(page)
        self.middle_name_edit = QLineEdit(page)
        self.reg_email_edit = QLineEdit(page)
        self.reg_email_edit.setPlaceholderText("name@example.com")
        self.phone_edit = QLineEdit(page)
        self.phone_edit.setPlaceholderText(self.tr("optional, e.g. +44 20 7946 0000"))
        self.reg_password_edit = QLineEdit(page)
        self.reg_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_rules = PasswordRules(page)
        self.reg_password_edit.textChanged.connect(self.password_rules.check)
        self.register_button = QPushButton(self.tr("Create &account"), page)
        self.register_button.clicked.connect(self.submit_register)
        self.marks = FieldMarks(page, recheck=lambda: self._registration()[1])
        form.addRow(self.tr("Role:"), roles)
        for name, text, edit in (
                ("first_name", self.tr("First name:"), self.first_name_edit),
                ("last_name", self.tr("Last name:"), self.last_name_edit),
                ("middle_name", self.tr("Middle name:"), self.middle_name_edit),
                ("email", self.tr("Email:"), self.reg_email_edit),
                ("phone", self.tr("Phone:"), self.phone_edit),
                ("password", self.tr("Password:"), self.reg_password_edit)):
            label = QLabel(text, page)
            label.setBuddy(edit)
            form.addRow(label, self.marks.field(name, edit))
        form.addRow("", self.password_rules)
        form.addRow("", self.register_button)
        return page

    def _demo_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Demo accounts (click one to fill it in)"), parent)
        box.setObjectName("demoBox")
        column = QVBoxLayout(box)
        rows = "".join(
            f'<tr><td><a href="{a.email}">{a.email}</a></td><td>&nbsp;&nbsp;{self._role_name(a.role)}'
            f"</td><td>&nbsp;&nbsp;{a.name}</td></tr>" for a in demo.ACCOUNTS)
        self.demo_label = QLabel(f"<table>{rows}</table><p>" + self.tr(
            "Every demo account has the password <b>{password}</b>.").format(
                password=demo.DEMO_PASSWORD) + "</p>", box)
        self.demo_label.setTextFormat(Qt.TextFormat.RichText)
        self.demo_label.linkActivated.connect(self.fill_demo)
        column.addWidget(self.demo_label)
        return box

    def _role_name(self, role: Role) -> str:
        return {Role.ADMIN: self.tr("administrator"), Role.SPECIALIST: self.tr("specialist"),
                Role.CLIENT: self.tr("client")}[role]

    # --- server --------------------------------------------------------------------------------

    @property
    def choice(self) -> str:
        return EMBEDDED if self.embedded_radio.isChecked() else self.url_combo.currentText().strip()

    def _prepare_server(self) -> None:
        """Start the built-in server in the background as soon as it is the choice."""
        self._recheck_timer.stop()
        if self.choice != EMBEDDED:
            self._show_reachable(None, "")
            self._probe_timer.start()
            return
        embedded = self.servers.embedded
        if embedded is not None and embedded.running:
            self._server_ready(embedded.url)
            return
        self._show_reachable(None, self.tr("Starting the built-in server…"))
        self.tasks.run(lambda: self.servers.url(EMBEDDED), on_success=self._server_ready,
                       on_failure=self._server_failed, parent=self, busy=False)

    def _probe_server(self, again: bool = False) -> None:
        """Say whether a server answers at the team-server address chosen (off the UI thread);
        ``again``: a re-check, which leaves what is shown until its answer."""
        try:
            url = normalise_url(self.choice) if self.choice != EMBEDDED else ""
        except Invalid:
            url = ""
        if not url:
            return
        if not again:
            self._show_reachable(None, self.tr("Checking {url}…").format(url=url))
        self.tasks.run(lambda: self.servers.reachable(url), parent=self, busy=False,
                       on_success=lambda answers: self._probed(url, answers),
                       on_failure=lambda _error: self._probed(url, False))

    def _probed(self, url: str, answers: bool) -> None:
        try:
            current = normalise_url(self.choice) if self.choice != EMBEDDED else ""
        except Invalid:
            current = ""
        if current != url:  # the address changed meanwhile: its own check will say
            return
        if answers:
            self._show_reachable(True, self.tr("The server at {url} answers.").format(url=url))
        else:
            self._show_reachable(False, self.tr("No server answers at {url}: check the address and "
                                                "your connection.").format(url=url))
            self._recheck_timer.start()

    def _show_reachable(self, reachable: bool | None, text: str) -> None:
        """The team server's indicator: a coloured dot and words (``reachable`` None: not known)."""
        self.server_status.setProperty("reachable", reachable)
        if reachable is None or not text:
            self.server_status.setText(html.escape(text))
            return
        colour = "#1b7f3b" if reachable else "#b00020"
        self.server_status.setText(f'<span style="color:{colour}">●</span> {html.escape(text)}')

    # The built-in server's start is told only while it is still the choice: a team server chosen
    # meanwhile keeps its own indicator.
    def _server_ready(self, url: str) -> None:
        if self.choice == EMBEDDED:
            self._show_reachable(None, self.tr("Built-in server ready ({url}).").format(url=url))

    def _server_failed(self, error: BaseException) -> None:
        if self.choice == EMBEDDED:
            self._show_reachable(None, describe_error(error)[1])

    def _check_keyring(self) -> None:
        def done(available: bool) -> None:
            if not available:
                self.remember_check.setChecked(False)
                self.remember_check.setEnabled(False)
                self.remember_note.setText(self.tr(
                    "This system has no keyring to keep your sign-in safely, so it will not be "
                    "remembered: you will enter your password next time."))
                self.remember_note.show()
        self.tasks.run(credentials.keyring_available, on_success=done, parent=self, busy=False,
                       on_failure=lambda error: done(False))

    def forgot_password(self) -> ForgotPasswordDialog:
        """Forgot password?: a code by email, then a new password; then sign in with it."""
        choice, servers = self.choice, self.servers
        dialog = ForgotPasswordDialog(lambda: servers.url(choice), self.tasks,
                                      email=self.email_edit.text().strip(),
                                      mail_folder=servers.mail_folder(choice), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.password_reset.connect(self._password_was_reset)
        dialog.open()
        return dialog

    def _password_was_reset(self, email: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.email_edit.setText(email)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self.error_label.setStyleSheet("")
        self.error_label.setText(self.tr("Your new password is set. Sign in with it."))
        self.error_label.show()

    def fill_demo(self, email: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.email_edit.setText(email)
        self.password_edit.setText(demo.DEMO_PASSWORD)
        self.sign_in_button.setFocus()

    # --- submitting ----------------------------------------------------------------------------

    def submit_sign_in(self) -> None:
        if self._busy:
            return
        email, password = self.email_edit.text().strip(), self.password_edit.text()
        if not email or not password:
            self.show_error(self.tr("Enter your email and password."))
            return
        choice, remember = self.choice, self.remember_check.isChecked()
        self._start(self.tr("Signing in…"),
                    lambda: self.servers.sign_in(choice, email, password, remember=remember))

    def _registration(self) -> tuple[UserCreate | None, list[FieldProblem]]:
        """The account the register page describes, or what is wrong with it (the shared schema)."""
        try:
            return UserCreate(
                first_name=self.first_name_edit.text(), last_name=self.last_name_edit.text(),
                middle_name=self.middle_name_edit.text(), email=self.reg_email_edit.text().strip(),
                role=Role.SPECIALIST if self.specialist_radio.isChecked() else Role.CLIENT,
                password=self.reg_password_edit.text(), phone=self.phone_edit.text().strip() or None,
                time_zone=system_time_zone(), language=Language(self.language)), []
        except ValidationError as error:
            return None, field_problems(error.errors())

    def submit_register(self) -> None:
        if self._busy:
            return
        data, problems = self._registration()
        self.hide_error()
        if data is None:
            self.show_problems(problems)
            return
        self.marks.clear()
        choice, remember = self.choice, self.remember_check.isChecked()
        self._start(self.tr("Creating your account…"),
                    lambda: self.servers.register(choice, data, remember=remember),
                    on_failure=self._registration_failed)

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Each problem under its field; any other in the dialog's error line."""
        rest = self.marks.show(problems)
        if rest:
            self.show_error(problems_text(rest))

    def _registration_failed(self, error: BaseException) -> None:
        """The server's refusal next to the field it concerns, when it concerns one."""
        field = {"email_taken": "email", "phone_taken": "phone", "weak_password": "password"}.get(
            error.code if isinstance(error, DomainError) else "")
        if field is not None:
            self.show_problems([FieldProblem(field, self.friendly(error))])
        elif isinstance(error, DomainError) and error.params.get("errors"):
            self.show_problems(field_problems(error.params["errors"]))
        else:
            self.show_error(self.friendly(error))

    def _resume(self, email: str) -> None:
        choice = self.choice
        self._start(self.tr("Signing in as {email}…").format(email=email),
                    lambda: self.servers.resume(choice, email), quiet_failure=True)

    def _start(self, message: str, work: object, *, quiet_failure: bool = False,
               on_failure: Callable[[BaseException], None] | None = None) -> None:
        self._set_busy(True, message)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if on_failure is not None:
                on_failure(error)
            elif not quiet_failure:
                self.show_error(self.friendly(error))

        self.tasks.run(work, on_success=self._succeeded, on_failure=failed,  # type: ignore[arg-type]
                       parent=self)

    def _succeeded(self, result: SignedIn | None) -> None:
        self._set_busy(False)
        if result is None:  # nothing remembered to resume
            return
        self.settings.server = self.choice
        self.settings.last_email = result.email
        self.settings.remember = self.remember_check.isChecked()
        self.signed_in.emit(result)
        self.accept()

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        self.tabs.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.error_label.setStyleSheet("")
            self.error_label.setText(message)
            self.error_label.show()
        else:
            self.error_label.hide()

    def show_error(self, message: str) -> None:
        self.error_label.setStyleSheet(f"color: {theme.problem_colour()};")
        self.error_label.setText(message)
        self.error_label.show()
        self.resize(self.size().expandedTo(self.sizeHint()))  # room for it: nothing else is squeezed

    def hide_error(self) -> None:
        if not self._busy:
            self.error_label.hide()
            self.error_label.clear()

    def explain_session_end(self, error: BaseException) -> None:
        """Why the last session ended without the user asking (shown when the dialog returns)."""
        code = error.code if isinstance(error, DomainError) else ""
        if code == "user_blocked":
            text = self.tr("This account was blocked by an administrator, so you were signed out. "
                           "Contact an administrator to have it unblocked.")
        elif isinstance(error, DomainError) and code == "session_ended":  # password changed, sessions ended
            text = error_message(error)
        elif isinstance(error, Unauthorized):
            text = self.tr("Your sign-in has expired. Please sign in again.")
        else:
            text = self.friendly(error)
        self.show_error(text)

    def friendly(self, error: BaseException) -> str:
        """The sign-in errors people meet, in the interface language."""
        code = error.code if isinstance(error, DomainError) else ""
        known = {
            "email_taken": self.tr("An account with this email already exists. Sign in instead."),
            "unreachable": self.tr("The server cannot be reached. Check the address and your "
                                   "connection, then try again."),
            "session_expired": self.tr("Your saved sign-in has expired. Please sign in again."),
        }
        return known.get(code, describe_error(error)[1])
