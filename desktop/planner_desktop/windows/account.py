"""Account dialogs: change one's password, and recover a forgotten one with an emailed code.

Both run every network step through the tasks (never on the UI thread) and show the server's
refusal in the dialog itself; the password rules are ticked live (widgets.password_rules).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner_desktop import credentials
from planner_desktop.api import ApiClient
from planner_desktop.errors import describe_error
from planner_desktop.tasks import Tasks
from planner_desktop.widgets.password_rules import PasswordRules
from planner_shared.errors import DomainError


def _password_field(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _NewPassword(QWidget):
    """A new password, its rules ticked as it is typed, and the repetition."""

    changed = Signal()

    def __init__(self, form: QFormLayout, parent: QWidget) -> None:
        super().__init__(parent)
        self.edit = _password_field(parent)
        self.edit.setObjectName("newPassword")
        self.repeat = _password_field(parent)
        self.repeat.setObjectName("repeatPassword")
        self.rules = PasswordRules(parent)
        form.addRow(self.tr("&New password:"), self.edit)
        form.addRow("", self.rules)
        form.addRow(self.tr("&Repeat it:"), self.repeat)
        self.edit.textChanged.connect(self._changed)
        self.repeat.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self.rules.check(self.edit.text())
        self.changed.emit()

    def problem(self) -> str | None:
        """Why the password cannot be sent yet, or None."""
        if not self.rules.check(self.edit.text()):
            return self.tr("The new password does not follow the rules.")
        if self.edit.text() != self.repeat.text():
            return self.tr("The two new passwords differ.")
        return None

    def text(self) -> str:
        return self.edit.text()


class _Dialog(QDialog):
    def __init__(self, tasks: Tasks, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.busy = False
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

    def show_error(self, message: str) -> None:
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setText(message)
        self.error_label.show()

    def show_note(self, message: str) -> None:
        self.error_label.setStyleSheet("")
        self.error_label.setText(message)
        self.error_label.show()

    def friendly(self, error: BaseException) -> str:
        code = error.code if isinstance(error, DomainError) else ""
        translate = QCoreApplication.translate  # one context for both dialogs (a base class)
        known = {
            "wrong_password": translate("AccountDialog", "The current password is wrong."),
            "reset_code_invalid": translate(
                "AccountDialog", "The code is wrong or no longer valid (it works once, for 30 "
                                 "minutes, and only a few wrong tries are allowed). Ask for a new one."),
        }
        return known.get(code, describe_error(error)[1])

    def run(self, work: Callable[[], object], done: Callable[[object], None], note: str) -> None:
        self.busy = True
        self.setEnabled(False)
        self.show_note(note)

        def succeeded(result: object) -> None:
            self.busy = False
            self.setEnabled(True)
            self.error_label.hide()
            done(result)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.setEnabled(True)
            self.show_error(self.friendly(error))

        self.tasks.run(work, on_success=succeeded, on_failure=failed, parent=self)


class ChangePasswordDialog(_Dialog):
    """Account → Change password…: the current password, the new one (with the rules), repeated.

    Every other session of the user ends; this one goes on with the tokens the server answers
    (kept in the keyring too, when the sign-in is remembered)."""

    def __init__(self, api: ApiClient, tasks: Tasks, *, server_key: str, email: str, remember: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.api, self.server_key, self.email, self.remember = api, server_key, email, remember
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change password"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("After the change, you stay signed in here; every other computer "
                               "signed in to this account is signed out at once."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.current = _password_field(self)
        self.current.setObjectName("currentPassword")
        form.addRow(self.tr("&Current password:"), self.current)
        self.new = _NewPassword(form, self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("C&hange password"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        if self.busy:
            return
        if not self.current.text():
            self.show_error(self.tr("Enter your current password."))
            return
        problem = self.new.problem()
        if problem is not None:
            self.show_error(problem)
            return
        current, new = self.current.text(), self.new.text()
        api, key, email, remember = self.api, self.server_key, self.email, self.remember

        def change() -> None:
            api.change_password(current, new)
            if remember and api.refresh_token:  # the remembered sign-in ended with the others
                credentials.save_token(key, email, api.refresh_token)

        self.run(change, lambda _: self.accept(), self.tr("Changing the password…"))


class ForgotPasswordDialog(_Dialog):
    """The sign-in dialog's Forgot password?: the email first, then the emailed code and a new
    password. ``base_url`` gives the server (it may start the built-in one); ``mail_folder`` is
    where the built-in server writes its emails, when it has no SMTP server."""

    password_reset = Signal(str)  # the email, once the new password is set

    def __init__(self, base_url: Callable[[], str], tasks: Tasks, *, email: str = "",
                 mail_folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.base_url, self.mail_folder = base_url, mail_folder
        self.setObjectName("forgotPasswordDialog")
        self.setWindowTitle(self.tr("Forgot password"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)

        ask = QWidget(self)
        ask_form = QFormLayout(ask)
        ask_intro = QLabel(self.tr("Enter the email of your account. We will email you a code to "
                                   "set a new password."), ask)
        ask_intro.setWordWrap(True)
        ask_form.addRow(ask_intro)
        self.email_edit = QLineEdit(email, ask)
        self.email_edit.setObjectName("resetEmail")
        self.email_edit.setPlaceholderText("name@example.com")
        ask_form.addRow(self.tr("&Email:"), self.email_edit)
        self.send_button = QPushButton(self.tr("&Send the code"), ask)
        self.send_button.setObjectName("sendCode")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.request_code)
        self.email_edit.returnPressed.connect(self.request_code)
        ask_form.addRow("", self.send_button)
        self.pages.addWidget(ask)

        confirm = QWidget(self)
        form = QFormLayout(confirm)
        self.sent_label = QLabel(confirm)
        self.sent_label.setObjectName("sentLabel")
        self.sent_label.setWordWrap(True)
        self.sent_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.sent_label)
        self.code_edit = QLineEdit(confirm)
        self.code_edit.setObjectName("resetCode")
        self.code_edit.setPlaceholderText("ABCD-EFGH")
        form.addRow(self.tr("&Code:"), self.code_edit)
        self.new = _NewPassword(form, confirm)
        self.set_button = QPushButton(self.tr("Set the &new password"), confirm)
        self.set_button.setObjectName("setPassword")
        self.set_button.clicked.connect(self.confirm)
        again = QPushButton(self.tr("Send &another code"), confirm)
        again.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        form.addRow("", self.set_button)
        form.addRow("", again)
        self.pages.addWidget(confirm)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def request_code(self) -> None:
        email = self.email_edit.text().strip()
        if self.busy:
            return
        if not email:
            self.show_error(self.tr("Enter your email."))
            return
        base_url = self.base_url

        def ask() -> None:
            api = ApiClient(base_url())
            try:
                api.request_password_reset(email)
            finally:
                api.close()

        self.run(ask, lambda _: self._code_sent(email), self.tr("Asking for a code…"))

    def _code_sent(self, email: str) -> None:
        text = self.tr("If an account with the email {email} exists, a code has been sent to it. "
                       "Enter it below with your new password; it is valid for 30 minutes.").format(
                           email=email)
        if self.mail_folder is not None:
            text += "\n\n" + self.tr("This computer's built-in server sends no real email: its "
                                     "messages are saved as .eml files in {folder} — open the "
                                     "newest one to read the code.").format(folder=self.mail_folder)
        self.sent_label.setText(text)
        self.pages.setCurrentIndex(1)
        self.code_edit.setFocus()

    def confirm(self) -> None:
        if self.busy:
            return
        code = self.code_edit.text().strip()
        if not code:
            self.show_error(self.tr("Enter the code from the email."))
            return
        problem = self.new.problem()
        if problem is not None:
            self.show_error(problem)
            return
        email, password, base_url = self.email_edit.text().strip(), self.new.text(), self.base_url

        def reset() -> None:
            api = ApiClient(base_url())
            try:
                api.confirm_password_reset(email, code, password)
            finally:
                api.close()

        def done(_: object) -> None:
            self.password_reset.emit(email)
            self.accept()

        self.run(reset, done, self.tr("Setting the new password…"))
