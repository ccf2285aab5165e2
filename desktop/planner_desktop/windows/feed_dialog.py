"""Account → Calendar subscription…: the private iCalendar URL of one's consultations, to paste into
Thunderbird, Google Calendar or Apple Calendar; Copy, Replace (the old URL stops) and Turn off."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.session import Session
from planner_shared.calendars import FeedRead


class FeedDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.feed: FeedRead | None = None
        self.setWindowTitle(self.tr("Calendar subscription"))
        self.setObjectName("feedDialog")
        explanation = QLabel(self.tr(
            "Subscribe to this address in your calendar application to see your consultations there. "
            "Anyone who has it can read them: replace it if it was shared by mistake."), self)
        explanation.setWordWrap(True)
        self.url = QLineEdit(self)
        self.url.setReadOnly(True)
        self.url.setAccessibleName(self.tr("Subscription address"))
        self.url.setPlaceholderText(self.tr("The subscription is off."))
        self.copy_button = QPushButton(self.tr("&Copy"), self)
        self.replace_button = QPushButton(self.tr("&Replace"), self)
        self.replace_button.setToolTip(self.tr("A new address; the old one stops working"))
        self.off_button = QPushButton(self.tr("Turn &off"), self)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.copy_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.off_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.copy_button.clicked.connect(self.copy)
        self.replace_button.clicked.connect(self.replace)
        self.off_button.clicked.connect(self.turn_off)
        self.resize(620, 160)
        self._show(None)
        session.run(session.api.feed, on_success=self._show, parent=self, busy=False)

    def _show(self, feed: FeedRead | None) -> None:
        self.feed = feed
        self.url.setText(feed.url if feed else "")
        self.copy_button.setEnabled(feed is not None)
        self.off_button.setEnabled(feed is not None)
        self.replace_button.setText(self.tr("&Replace") if feed else self.tr("Turn &on"))

    def copy(self) -> None:
        if self.feed is not None:
            QApplication.clipboard().setText(self.feed.url)

    def replace(self) -> None:
        self.session.run(self.session.api.replace_feed, on_success=self._show, parent=self)

    def turn_off(self) -> None:
        self.session.run(self.session.api.turn_off_feed, on_success=lambda _: self._show(None), parent=self)
