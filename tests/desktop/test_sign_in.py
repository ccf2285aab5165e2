"""Sign in and register through the real dialog, against real embedded servers."""

from __future__ import annotations

import contextlib
import socket
import threading

from PySide6.QtWidgets import QApplication

from planner_desktop.api import ApiClient
from planner_desktop.connect import Servers
from planner_desktop.credentials import SERVICE
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.settings import EMBEDDED
from planner_desktop.windows.admin.window import AdminWindow
from planner_desktop.windows.client.window import ClientWindow
from planner_desktop.windows.specialist.window import SpecialistWindow
from planner_shared.enums import Role
from planner_shared.errors import Unauthorized
from tests.desktop.spine import (
    PASSWORD,
    WAIT_MS,
    account,
    admin_account,
    server,
    sign_in,
    start_app,
    unique_email,
)

__all__ = ["server", "start_app"]  # fixtures used by name


def register(app, qtbot, role: Role, email: str) -> None:  # type: ignore[no-untyped-def]
    dialog = app.dialog
    dialog.tabs.setCurrentIndex(1)
    (dialog.specialist_radio if role is Role.SPECIALIST else dialog.client_radio).setChecked(True)
    qtbot.keyClicks(dialog.first_name_edit, "Maria")
    qtbot.keyClicks(dialog.last_name_edit, "Ivanova")
    qtbot.keyClicks(dialog.reg_email_edit, email)
    qtbot.keyClicks(dialog.reg_password_edit, PASSWORD)
    dialog.register_button.click()


def test_register_and_sign_in_as_each_role_in_the_built_in_server(qtbot, start_app):  # type: ignore[no-untyped-def]
    app = start_app()  # no --server: the application starts its own embedded server
    qtbot.waitUntil(lambda: "ready" in app.dialog.server_status.text(), timeout=WAIT_MS * 3)

    client_email = unique_email("client")
    register(app, qtbot, Role.CLIENT, client_email)
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)
    assert isinstance(app.shell.role_window, ClientWindow)
    assert app.session.user.email == client_email and app.session.user.role is Role.CLIENT
    assert app.session.user.time_zone  # set from the system at registration
    assert "Maria" in app.shell.windowTitle()
    assert f"planner --server {app.servers.embedded.url}" in app.shell.user_label.toolTip()

    app.shell.sign_out_action.trigger()
    assert app.shell is None and app.dialog is not None
    register(app, qtbot, Role.SPECIALIST, unique_email("specialist"))
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)
    assert isinstance(app.shell.role_window, SpecialistWindow)

    app.shell.sign_out_action.trigger()
    admin_email = unique_email("admin")
    app.servers.embedded.create_admin(admin_email, PASSWORD)
    sign_in(app, admin_email)
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)
    assert isinstance(app.shell.role_window, AdminWindow)

    app.shell.sign_out_action.trigger()
    sign_in(app, client_email)
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)
    assert isinstance(app.shell.role_window, ClientWindow)
    assert (app.data_dir / "server" / "planner.sqlite3").exists()


def test_the_team_server_choice_says_whether_a_server_answers(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    app = start_app()
    dialog = app.dialog
    dialog.remote_radio.setChecked(True)
    dialog.url_combo.setCurrentText(server.url)
    qtbot.waitUntil(lambda: dialog.server_status.property("reachable") is True, timeout=WAIT_MS)
    assert f"The server at {server.url} answers." in dialog.server_status.text()
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog.url_combo.setCurrentText(f"127.0.0.1:{port}")
    qtbot.waitUntil(lambda: dialog.server_status.property("reachable") is False, timeout=WAIT_MS)
    assert f"No server answers at http://127.0.0.1:{port}" in dialog.server_status.text()


def test_the_built_in_server_starting_leaves_a_team_servers_status(qtbot, server, start_app,  # type: ignore[no-untyped-def]
                                                                     monkeypatch):
    """Choosing a team server while the built-in one still starts (held here until the team
    server has answered, as on a busy machine): its start, once done, does not replace what the
    dialog says of the team server."""
    go_on, started = threading.Event(), threading.Event()
    start_server = Servers.url

    def held_start(servers: Servers, choice: str) -> str:
        if choice != EMBEDDED:
            return start_server(servers, choice)
        go_on.wait(WAIT_MS / 1000)
        try:
            return start_server(servers, choice)
        finally:
            started.set()

    monkeypatch.setattr(Servers, "url", held_start)
    app = start_app()  # the built-in server is the first choice: it starts in the background
    dialog = app.dialog
    dialog.remote_radio.setChecked(True)
    dialog.url_combo.setCurrentText(server.url)
    qtbot.waitUntil(lambda: dialog.server_status.property("reachable") is True, timeout=WAIT_MS)
    go_on.set()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS * 3)
    behind = app.tasks.run(lambda: None, busy=False)  # delivered after the start's own answer
    qtbot.waitUntil(behind.done.is_set, timeout=WAIT_MS)
    assert dialog.server_status.property("reachable") is True
    assert f"The server at {server.url} answers." in dialog.server_status.text()


def test_an_address_that_did_not_answer_is_tried_again(qtbot, tmp_path, start_app):  # type: ignore[no-untyped-def]
    """A team server started after its address was typed (or too busy to answer at first) is
    found without typing it again."""
    with socket.socket() as probe:  # a port nobody listens on, yet
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = start_app()
    dialog = app.dialog
    dialog.remote_radio.setChecked(True)
    dialog.url_combo.setCurrentText(f"127.0.0.1:{port}")
    qtbot.waitUntil(lambda: dialog.server_status.property("reachable") is False, timeout=WAIT_MS)
    late = EmbeddedServer(tmp_path / "late", port=port)
    late.start()
    try:
        qtbot.waitUntil(lambda: dialog.server_status.property("reachable") is True, timeout=WAIT_MS)
        assert f"The server at http://127.0.0.1:{port} answers." in dialog.server_status.text()
    finally:
        late.stop()


def test_signing_in_to_a_team_server_stops_the_built_in_one(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    _, _, email = account(server.url, Role.CLIENT)
    app = start_app()  # the built-in server is the first choice: it starts at once
    qtbot.waitUntil(lambda: "ready" in app.dialog.server_status.text(), timeout=WAIT_MS * 3)
    embedded = app.servers.embedded
    app.dialog.remote_radio.setChecked(True)
    app.dialog.url_combo.setCurrentText(server.url)
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not embedded.running, timeout=WAIT_MS)  # not the choice: not running


def test_wrong_password_says_so_and_stays_in_the_dialog(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    _, _, email = account(server.url, Role.CLIENT)
    app = start_app("--server", server.url)
    sign_in(app, email, "wrong-password1")
    qtbot.waitUntil(lambda: app.dialog.error_label.text() == "Wrong email or password.", timeout=WAIT_MS)
    assert app.dialog.error_label.isVisible()
    assert app.shell is None
    assert app.dialog.tabs.isEnabled()  # ready for another try


def test_too_many_attempts_are_told_to_wait(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    _, _, email = account(server.url, Role.CLIENT)
    for _ in range(5):  # the server's limit per account
        with contextlib.suppress(Unauthorized):
            ApiClient(server.url).sign_in(email, "wrong-password1")
    app = start_app("--server", server.url)
    sign_in(app, email)  # even the right password now waits
    qtbot.waitUntil(lambda: "Too many" in app.dialog.error_label.text(), timeout=WAIT_MS)
    assert "Try again in" in app.dialog.error_label.text()
    assert app.shell is None


def test_blocked_account_is_told_it_is_blocked(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    admin, _ = admin_account(server)
    _, user, email = account(server.url, Role.SPECIALIST)
    admin.block_user(user.id)
    app = start_app("--server", server.url)
    sign_in(app, email)
    qtbot.waitUntil(lambda: "blocked" in app.dialog.error_label.text(), timeout=WAIT_MS)
    assert app.dialog.error_label.text() == "This account is blocked. Contact an administrator."
    assert app.shell is None


def test_blocking_a_signed_in_user_brings_back_the_sign_in_dialog_with_the_reason(
        qtbot, server, start_app, monkeypatch):  # type: ignore[no-untyped-def]
    quits: list[object] = []
    monkeypatch.setattr(QApplication, "quit", lambda *args: quits.append(args))
    admin, _ = admin_account(server)
    _, user, email = account(server.url, Role.CLIENT)
    app = start_app("--server", server.url)
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.session is not None and app.session.sync.online, timeout=WAIT_MS)
    with qtbot.waitSignal(app.window_shown, timeout=WAIT_MS):
        admin.block_user(user.id)
    assert quits == []  # the application goes on: back to signing in, not gone
    assert app.shell is None and app.dialog is not None and app.dialog.isVisible()
    assert app.dialog.error_label.isVisible()
    assert app.dialog.error_label.text().startswith("This account was blocked by an administrator")
    assert app.dialog.email_edit.text() == email


def test_an_expired_sign_in_brings_back_the_sign_in_dialog_with_the_reason(
        qtbot, server, start_app, monkeypatch):  # type: ignore[no-untyped-def]
    quits: list[object] = []
    monkeypatch.setattr(QApplication, "quit", lambda *args: quits.append(args))
    _, _, email = account(server.url, Role.CLIENT)
    app = start_app("--server", server.url)
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.session is not None and app.session.sync.online, timeout=WAIT_MS)
    tokens = app.session.api._tokens
    with qtbot.waitSignal(app.window_shown, timeout=WAIT_MS):
        tokens.access, tokens.refresh = "expired", "expired"  # as after two weeks away
        app.session.sync.stop()
        app.session.sync.start()
    assert quits == []
    assert app.shell is None and app.dialog is not None and app.dialog.isVisible()
    assert app.dialog.error_label.text().startswith("Your sign-in has expired")


def test_unreachable_server_is_explained(qtbot, start_app):  # type: ignore[no-untyped-def]
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = start_app("--server", f"http://127.0.0.1:{port}")
    sign_in(app, "someone@example.com")
    qtbot.waitUntil(lambda: "cannot be reached" in app.dialog.error_label.text(), timeout=WAIT_MS)
    assert app.shell is None


def test_registration_is_checked_before_asking_the_server(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    app = start_app("--server", server.url)
    dialog = app.dialog
    dialog.tabs.setCurrentIndex(1)
    rules = dialog.password_rules.labels
    assert all(label.text().startswith("✗") for label in rules)
    qtbot.keyClicks(dialog.reg_password_edit, "abc")
    assert [label.text()[0] for label in rules] == ["✗", "✓", "✗"]
    qtbot.keyClicks(dialog.reg_password_edit, "12345")
    assert all(label.text().startswith("✓") for label in rules)
    qtbot.keyClicks(dialog.reg_email_edit, "not-an-email")
    dialog.register_button.click()
    assert dialog.marks.marked() == {"first_name": "Enter the first name.",
                                     "last_name": "Enter the last name.",
                                     "email": "Enter an email address such as name@example.com."}
    assert app.shell is None and not dialog.progress.isVisible()


def test_remember_me_keeps_the_sign_in_in_the_keyring(qtbot, server, start_app, memory_keyring):  # type: ignore[no-untyped-def]
    _, user, email = account(server.url, Role.CLIENT)
    first = start_app("--server", server.url)
    qtbot.waitUntil(lambda: first.dialog.remember_check.isEnabled(), timeout=WAIT_MS)
    first.dialog.remember_check.setChecked(True)
    sign_in(first, email)
    qtbot.waitUntil(lambda: first.shell is not None, timeout=WAIT_MS)
    assert any(service == SERVICE and email in name for service, name in memory_keyring.secrets)
    first.shutdown()

    second = start_app("--server", server.url)  # the same profile: signs in by itself
    qtbot.waitUntil(lambda: second.shell is not None, timeout=WAIT_MS)
    assert second.session.user.id == user.id

    second.shell.sign_out_action.trigger()  # signing out forgets it
    qtbot.waitUntil(lambda: not memory_keyring.secrets, timeout=WAIT_MS)


def test_without_a_keyring_remember_me_is_off_with_a_note(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    app = start_app("--server", server.url)
    qtbot.waitUntil(lambda: app.dialog.remember_note.text() != "", timeout=WAIT_MS)
    assert not app.dialog.remember_check.isEnabled() and not app.dialog.remember_check.isChecked()
    assert "no keyring" in app.dialog.remember_note.text()


def test_a_message_makes_room_for_itself(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    app = start_app("--server", server.url)
    dialog = app.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.show_error("This account was blocked by an administrator, so you were signed out. "
                      "Contact an administrator to have it unblocked.")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=WAIT_MS)
    hint = dialog.sizeHint()
    assert dialog.height() >= hint.height() and dialog.width() >= hint.width()  # nothing squeezed
