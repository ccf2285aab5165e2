"""Render the demo to PNG files: ``python scripts/screenshots.py OUTDIR [--language ru]``.

Offscreen (no display needed): starts the application with ``--demo`` in a fresh temporary profile,
saves the sign-in dialog and its Forgot password? dialog, then signs in as a specialist, a client and
the administrator and saves each role's window, the administrator's Activity tab and the Change
password dialog: sign-in.png, forgot-password.png, specialist.png, client.png, admin.png,
activity.png, change-password.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from planner_desktop.app import build_parser
from planner_desktop.application import Application
from planner_shared.demo import ADMIN, CLIENTS, DEMO_PASSWORD, SPECIALISTS

SIZE = (1280, 800)


def wait_until(qapp: QApplication, condition: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the application did not get there in time")
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def settle(qapp: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


def fit(qapp: QApplication, window: QWidget) -> None:
    """Its preferred width, and as short as it goes with every label whole. Not adjustSize(): that
    keeps a window within two thirds of the screen, and the offscreen one is small enough to cut the
    sign-in dialog short."""
    window.resize(max(window.sizeHint().width(), window.minimumSizeHint().width()),
                  window.minimumSizeHint().height())
    for _ in range(100):
        settle(qapp, 0.02)
        labels = [label for label in window.findChildren(QLabel) if label.isVisible()]
        if all(label.height() >= (label.heightForWidth(label.width()) if label.hasHeightForWidth()
                                  else label.sizeHint().height()) for label in labels):
            break
        window.resize(window.width(), window.height() + 4)


def render(outdir: Path, language: str) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qapp, QApplication)
    with tempfile.TemporaryDirectory(prefix="planner-shots-") as profile:
        args = build_parser().parse_args(["--demo", "--data-dir", profile, "--language", language])
        app = Application(qapp, args)
        app.start()
        dialog = app.dialog
        assert dialog is not None
        wait_until(qapp, lambda: app.servers.embedded is not None and app.servers.embedded.running)
        settle(qapp)
        fit(qapp, dialog)
        save(dialog, outdir / "sign-in.png")
        forgot = dialog.forgot_password()
        forgot.email_edit.setText(CLIENTS[0].email)
        forgot.request_code()
        wait_until(qapp, lambda: forgot.pages.currentIndex() == 1)
        forgot.code_edit.setText("K7MQ-P2XD")
        forgot.new.edit.setText("better4")
        fit(qapp, forgot)
        save(forgot, outdir / "forgot-password.png")
        forgot.reject()
        for name, email in (("specialist", SPECIALISTS[0].email), ("client", CLIENTS[0].email),
                            ("admin", ADMIN.email)):
            dialog = app.dialog
            assert dialog is not None
            dialog.remember_check.setChecked(False)
            dialog.email_edit.setText(email)
            dialog.password_edit.setText(DEMO_PASSWORD)
            dialog.submit_sign_in()
            wait_until(qapp, lambda: app.shell is not None and app.session is not None
                       and app.session.sync.online and len(app.session.store) > 0)
            shell = app.shell
            assert shell is not None
            shell.resize(*SIZE)
            settle(qapp, 0.8)
            save(shell, outdir / f"{name}.png")
            if name == "admin":
                shoot_admin_extras(qapp, app, outdir)
            app.end_session(forget=False)
            settle(qapp, 0.2)
        app.shutdown()


def shoot_admin_extras(qapp: QApplication, app: Application, outdir: Path) -> None:
    """The Activity tab (after an act or two) and the Change password dialog."""
    from planner_desktop.windows.admin.window import AdminWindow

    assert app.shell is not None and app.session is not None
    window = app.shell.role_window
    assert isinstance(window, AdminWindow)
    client = next(u for u in app.session.store.users() if u.email == CLIENTS[1].email)
    app.session.api.end_sessions(client.id)
    app.session.api.send_password_reset(client.id)
    window.tabs.setCurrentWidget(window.activity)
    wait_until(qapp, lambda: window.activity.loaded and window.activity.model.rowCount() >= 3)
    settle(qapp, 0.4)
    save(app.shell, outdir / "activity.png")
    dialog = app.shell.change_password()
    dialog.current.setText(DEMO_PASSWORD)
    dialog.new.edit.setText("better456")
    dialog.new.repeat.setText("better456")
    fit(qapp, dialog)
    save(dialog, outdir / "change-password.png")
    dialog.reject()
    window.tabs.setCurrentIndex(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--language", default="en", choices=["en", "ru"])
    options = parser.parse_args()
    render(options.outdir, options.language)


if __name__ == "__main__":
    main()
