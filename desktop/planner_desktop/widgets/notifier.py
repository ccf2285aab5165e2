"""Desktop notifications: a system-tray message when there is a tray, and a banner in the window.

Every notification is announced on :attr:`Notifier.raised` (title, message) and kept in
:attr:`Notifier.history`, whichever way it was shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from planner_desktop.widgets.toast import Toast, readable_ms


class Notifier(QObject):
    raised = Signal(str, str)

    def __init__(self, banner: Toast | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        self.history: list[tuple[str, str]] = []
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(_app_icon(), self)
            self.tray.setToolTip(QApplication.applicationDisplayName() or "Consultation Planner")
            self.tray.show()

    @property
    def uses_tray(self) -> bool:
        return self.tray is not None and self.tray.supportsMessages()

    def notify(self, title: str, message: str) -> None:
        self.history.append((title, message))
        if self.uses_tray:
            assert self.tray is not None
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information,
                                  readable_ms(title + message))
        if self.banner is not None:  # also in the window: a tray message is easily missed
            self.banner.show_message(f"<b>{_escape(title)}</b> — {_escape(message)}", kind="notice",
                                     rich=True)
            QApplication.alert(self.banner.window())
        self.raised.emit(title, message)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()


def _app_icon() -> QIcon:
    icon = QApplication.windowIcon()
    if icon.isNull():
        icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    return icon


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
