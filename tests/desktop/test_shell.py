"""The main window around the role window: menus, language, geometry, busy state."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner_desktop import __version__
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.sync import BACKOFF
from planner_desktop.windows.client.window import ClientWindow
from planner_shared.enums import Role
from planner_shared.version import SERVER, version_of
from tests.desktop.spine import WAIT_MS, account, admin_account, server, sign_in, start_app

__all__ = ["server", "start_app"]  # fixtures used by name


def signed_in_app(qtbot, server, start_app, *argv: str):  # type: ignore[no-untyped-def]
    _, _, email = account(server.url, Role.CLIENT)
    app = start_app("--server", server.url, *argv)
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.shell is not None and app.session.sync.online is True, timeout=WAIT_MS)
    return app, email


def test_menus_offer_sign_out_switch_server_and_about(qtbot, server, start_app) -> None:  # type: ignore[no-untyped-def]
    app, email = signed_in_app(qtbot, server, start_app)
    titles = [action.text() for action in app.shell.menuBar().actions()]
    assert titles[:2] == ["&Account", "&View"] and titles[-1] == "&Help"
    account_menu = app.shell.menuBar().actions()[0].menu()
    assert [a.text() for a in account_menu.actions() if a.text()] == [
        "&Change password…", "Sign &out", "S&witch server…", "&Reconnect now", "Calendar &subscription…",
        "&Quit"]
    assert "Online" in app.shell.online_label.text()
    assert f"Server: {server.url}" in app.shell.user_label.toolTip()  # where the server is

    app.shell.switch_action.trigger()  # back to the dialog, the account kept for a quick return
    assert app.shell is None and app.dialog is not None and app.dialog.isVisible()
    assert app.dialog.email_edit.text() == email


def test_the_interface_switches_to_russian_and_back(qtbot, server, start_app) -> None:  # type: ignore[no-untyped-def]
    app, _ = signed_in_app(qtbot, server, start_app)
    session = app.session
    russian = next(a for a in app.shell.findChildren(type(app.shell.sign_out_action)) if a.data() == "ru")
    russian.trigger()
    assert app.session is session  # the same session, a rebuilt window
    assert isinstance(app.shell.role_window, ClientWindow)
    assert app.shell.sign_out_action.text() == "В&ыйти"
    assert "В сети" in app.shell.online_label.text()
    assert app.settings.language == "ru"
    english = next(a for a in app.shell.findChildren(type(russian)) if a.data() == "en")
    english.trigger()
    assert app.shell.sign_out_action.text() == "Sign &out"


def test_window_geometry_is_remembered(qtbot, server, start_app) -> None:  # type: ignore[no-untyped-def]
    app, email = signed_in_app(qtbot, server, start_app)
    screen = app.shell.screen().availableGeometry()
    wanted = QRect(screen.x() + 20, screen.y() + 30, app.shell.width(), screen.height() - 150)
    app.shell.setGeometry(wanted)
    app.shell.sign_out_action.trigger()
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.shell is not None, timeout=WAIT_MS)
    # restored (fitted into this small offscreen screen): the height chosen, not the default 760
    assert app.shell.height() == wanted.height()


def test_busy_work_shows_in_the_status_bar(qtbot, server, start_app) -> None:  # type: ignore[no-untyped-def]
    app, _ = signed_in_app(qtbot, server, start_app)
    release = threading.Event()
    assert not app.shell.busy_bar.isVisible()
    app.session.run(lambda: release.wait(5))
    assert app.shell.busy_bar.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not app.shell.busy_bar.isVisible(), timeout=WAIT_MS)


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[EmbeddedServer]:
    """A server of this test alone, to stop and start again (on the same port)."""
    embedded = EmbeddedServer(tmp_path / "restartable")
    embedded.start()
    yield embedded
    embedded.stop()


def test_reconnection_attempts_stay_frequent_while_the_window_is_open() -> None:
    assert max(BACKOFF) <= 5.0  # a server back after a restart is noticed within seconds
    assert tuple(sorted(BACKOFF)) == BACKOFF


@pytest.mark.parametrize("role", [Role.CLIENT, Role.ADMIN])
def test_f5_reconnects_at_once_when_the_server_is_back(qtbot, restartable, start_app, role) -> None:  # type: ignore[no-untyped-def]
    if role is Role.ADMIN:
        _, email = admin_account(restartable)
    else:
        _, _, email = account(restartable.url, role)
    app = start_app("--server", restartable.url)
    app.sync_backoff = (600.0,)  # no automatic retry within the test: only F5 brings it back
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.shell is not None and app.session.sync.online is True, timeout=WAIT_MS)
    restartable.stop()
    qtbot.waitUntil(lambda: app.session.sync.online is False, timeout=WAIT_MS)
    assert app.shell.reconnect_action.isEnabled()
    restartable.start()
    app.shell.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is app.shell, timeout=WAIT_MS)
    app.shell.role_window.setFocus()
    QTest.keyClick(QApplication.focusWidget() or app.shell, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: app.session.sync.online is True, timeout=WAIT_MS)
    assert "Online" in app.shell.online_label.text()


def test_about_names_the_desktop_and_the_server_version(qtbot, server, start_app) -> None:  # type: ignore[no-untyped-def]
    app, _ = signed_in_app(qtbot, server, start_app)
    app.shell.show_about()  # the server's version is asked for off the interface thread
    qtbot.waitUntil(lambda: app.shell.about_box is not None and app.shell.about_box.isVisible(),
                    timeout=WAIT_MS)
    text = app.shell.about_box.text()
    assert f"Consultation Planner {__version__}</h3>" in text
    assert f"Server version: {version_of(SERVER)}" in text and server.url in text
    app.shell.about_box.close()
