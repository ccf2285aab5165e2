"""Accounts in the desktop: change password, the forgotten-password flow against a real built-in
server, sessions ended elsewhere, the administrator's reset / end sessions and the Activity tab."""

from __future__ import annotations

import csv
import email as email_parser
import email.policy as email_policy
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from planner_desktop.api import ApiClient
from planner_desktop.settings import EMBEDDED
from planner_desktop.windows.account import ChangePasswordDialog, ForgotPasswordDialog
from planner_desktop.windows.admin.window import AdminWindow
from planner_shared.enums import Role
from planner_shared.errors import Unauthorized
from planner_shared.schemas import UserCreate, UserSelfUpdate
from tests.desktop.role_session import admin_api, demo_server, new_account, open_session
from tests.desktop.spine import PASSWORD, WAIT_MS, account, admin_account, server, sign_in, start_app

__all__ = ["demo_server", "open_session", "server", "start_app"]  # fixtures used by name

NEW_PASSWORD = "better456"
CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b")


def _fill_new_password(dialog, qtbot, password: str = NEW_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.new.edit, password)
    qtbot.keyClicks(dialog.new.repeat, password)


def test_change_password_keeps_this_session_and_ends_the_others(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    elsewhere, _, email = account(server.url, Role.CLIENT)
    app = start_app("--server", server.url)
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)
    dialog = app.shell.change_password()
    assert isinstance(dialog, ChangePasswordDialog)
    qtbot.keyClicks(dialog.current, "not-my-password1")
    _fill_new_password(dialog, qtbot)
    assert all(label.text().startswith("✓") for label in dialog.new.rules.labels)  # live ticks
    dialog.submit()
    qtbot.waitUntil(lambda: "current password is wrong" in dialog.error_label.text(), timeout=WAIT_MS)
    dialog.current.setText(PASSWORD)
    dialog.new.repeat.setText("different1")
    dialog.submit()
    assert dialog.error_label.text() == "The two new passwords differ."
    dialog.new.repeat.setText(NEW_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        dialog.submit()
    assert app.session.api.me().email == email  # this desktop goes on
    # and its feed too (woken by the change itself, it polls again with the new tokens): a change
    # made now still arrives, and the window stays
    session = app.session
    session.api.update_me(UserSelfUpdate(middle_name="Still"))
    qtbot.waitUntil(lambda: (me := session.store.user(session.user.id)) is not None
                    and me.middle_name == "Still", timeout=WAIT_MS)
    assert app.session is session and app.shell is not None
    with pytest.raises(Unauthorized) as ended:
        elsewhere.me()  # the other computer is signed out
    assert ended.value.code == "session_ended"
    ApiClient(server.url).sign_in(email, NEW_PASSWORD)


def test_a_session_ended_elsewhere_returns_to_sign_in_with_the_reason(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    admin, _ = admin_account(server)
    _, user, email = account(server.url, Role.SPECIALIST)
    app = start_app("--server", server.url)
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.session is not None and app.session.sync.online, timeout=WAIT_MS)
    with qtbot.waitSignal(app.window_shown, timeout=WAIT_MS):
        admin.end_sessions(user.id)
    assert app.shell is None and app.dialog is not None
    assert "session has ended" in app.dialog.error_label.text()  # in the dialog, the reason


def test_forgot_password_on_the_built_in_server(qtbot, start_app):  # type: ignore[no-untyped-def]
    app = start_app()  # its own built-in server, which writes emails to files
    qtbot.waitUntil(lambda: "ready" in app.dialog.server_status.text(), timeout=WAIT_MS * 3)
    email = "forgetful@example.com"
    ApiClient(app.servers.url(EMBEDDED)).register(UserCreate(
        first_name="Fay", last_name="Forgetful", email=email, role=Role.CLIENT, password=PASSWORD))
    app.dialog.email_edit.setText(email)
    dialog = app.dialog.forgot_password()
    assert isinstance(dialog, ForgotPasswordDialog)
    assert dialog.email_edit.text() == email
    folder = app.data_dir / "server" / "outbox"
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT_MS)
    assert str(folder) in dialog.sent_label.text()  # says where the built-in server's mail is
    qtbot.waitUntil(lambda: any(folder.glob("*.eml")), timeout=WAIT_MS)
    [mail] = folder.glob("*.eml")
    message = email_parser.message_from_bytes(mail.read_bytes(), policy=email_policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    code = CODE.findall(body.get_content())[0]
    qtbot.keyClicks(dialog.code_edit, "AAAA-AAAA")
    _fill_new_password(dialog, qtbot)
    dialog.set_button.click()
    qtbot.waitUntil(lambda: "code is wrong" in dialog.error_label.text(), timeout=WAIT_MS)
    dialog.code_edit.setText(code.lower())
    with qtbot.waitSignal(dialog.password_reset, timeout=WAIT_MS):
        dialog.set_button.click()
    assert "new password is set" in app.dialog.error_label.text()
    assert app.dialog.email_edit.text() == email
    sign_in(app, email, NEW_PASSWORD)
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)


@pytest.fixture
def window(qtbot, demo_server, open_session):  # type: ignore[no-untyped-def]
    window = AdminWindow(open_session(admin_api(demo_server)))
    qtbot.addWidget(window)
    window.resize(1300, 700)
    window.show()
    qtbot.waitUntil(lambda: not window._loading and window.model.rowCount() >= 7, timeout=WAIT_MS)
    return window


def _confirm(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def test_administrator_ends_sessions_and_sends_reset_codes(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    victim_api, victim = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(victim.id) is not None, timeout=WAIT_MS)
    window.select_users([victim.id])
    box = window.end_sessions()
    assert "End every session of 1 user(s)?" in box.text() and victim.email in box.informativeText()
    _confirm(qtbot, box)
    qtbot.waitUntil(lambda: "Sessions ended" in window.status.text(), timeout=WAIT_MS)
    with pytest.raises(Unauthorized):
        victim_api.me()
    box = window.send_password_resets()
    _confirm(qtbot, box)
    qtbot.waitUntil(lambda: "Reset code sent" in window.status.text(), timeout=WAIT_MS)
    actions = {(e.action.value, e.target) for e in admin_api(demo_server).audit(target=victim.id)}
    assert actions == {("sessions_revoked", victim.id), ("password_reset_sent", victim.id)}


def test_activity_tab_is_live_filtered_and_exported(window, qtbot, demo_server, tmp_path: Path):  # type: ignore[no-untyped-def]
    panel = window.activity
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.loaded, timeout=WAIT_MS)
    _, user = new_account(demo_server, Role.SPECIALIST)
    admin_api(demo_server).block_user(user.id)  # another administrator, elsewhere
    qtbot.waitUntil(lambda: any(e.target == user.id and e.action.value == "user_blocked"
                                for e in panel.entries), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.user_filter.findData(user.id) >= 0, timeout=WAIT_MS)
    panel.user_filter.setCurrentIndex(panel.user_filter.findData(user.id))
    shown = panel.shown_entries()
    assert shown and all(user.id in (e.actor, e.target) for e in shown)
    assert panel.proxy.index(0, 1).data() == "user blocked"
    panel.search.setText("no-such-text-anywhere")
    assert panel.shown_entries() == []
    panel.search.clear()
    path = tmp_path / "activity.csv"
    panel.export_csv(path)
    qtbot.waitUntil(lambda: "Exported" in panel.message.text(), timeout=WAIT_MS)
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["action"] for row in rows] == [e.action.value for e in shown]
    assert rows[0]["target_email"] == user.email
