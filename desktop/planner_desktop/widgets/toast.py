"""Messages that come and go without moving anything: an overlay over the content, and status lines
that empty themselves.

:class:`Toast` floats over the bottom of its host (it is not in any layout, so nothing is pushed
down when it appears), stays as long as its words take to read (longer while the pointer rests on
it) and closes on a click or Esc. :class:`StatusLine` is a label whose text goes away once read.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from planner_desktop import theme

MIN_MS, PER_CHARACTER_MS, MAX_MS = 6_000, 60, 20_000
HOVER_GRACE_MS = 3_000
MARGIN = 12
MAX_WIDTH = 640


def readable_ms(text: str) -> int:
    """How long a message stays: enough to read it (about 17 characters a second), within bounds."""
    return max(MIN_MS, min(MAX_MS, len(text) * PER_CHARACTER_MS))


class Toast(QLabel):
    closed = Signal()
    LOOKS = {  # kind → background, border (light palette; dark ones below)
        "info": ("#e6f0fa", "#2c68ad"), "refused": ("#fde2e1", "#b00020"), "notice": ("#fff4c2", "#d9b500"),
    }
    DARK_LOOKS = {"info": ("#1e3450", "#6ea8f0"), "refused": ("#4a1f22", "#ff8a80"),
                  "notice": ("#4a4016", "#e0c040")}

    def __init__(self, host: QWidget, *, name: str = "toast") -> None:
        super().__init__(host)
        self.host = host
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.dismiss)
        host.installEventFilter(self)

    def show_message(self, text: str, *, kind: str = "info", rich: bool = False) -> None:
        background, border = (self.DARK_LOOKS if theme.is_dark() else self.LOOKS)[kind]
        self.setStyleSheet(f"QLabel#{self.objectName()} {{ background: {background}; "
                           f"border: 1px solid {border}; border-radius: 4px; padding: 6px 10px; "
                           "color: palette(window-text); }")
        self.setProperty("refused", kind == "refused")
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.setText(text)
        self._place()
        self.show()
        self.raise_()
        self.timer.start(readable_ms(text))

    def dismiss(self) -> None:
        self.timer.stop()
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def _place(self) -> None:
        width = max(120, min(MAX_WIDTH, self.host.width() - 2 * MARGIN))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        left, top = (self.host.width() - width) // 2, self.host.height() - height - MARGIN
        self.setGeometry(left, top, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        elif (watched is self.host and event.type() == QEvent.Type.KeyPress and self.isVisible()
              and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape):
            self.dismiss()
        return False

    def enterEvent(self, event: QEnterEvent) -> None:
        self.timer.stop()  # reading it: stay
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.timer.start(HOVER_GRACE_MS)
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.hasSelectedText():
            self.dismiss()
        super().mouseReleaseEvent(event)


class StatusLine(QLabel):
    """A window's line of the last outcome ("Saved to …"): it empties once it has been read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear)

    def say(self, text: str, *, lasting: bool = False) -> None:
        """Show ``text``; ``lasting`` for a state that holds until the next message ("Saving…")."""
        self.setText(text)
        self.setToolTip(text)
        if lasting:
            self.timer.stop()
        else:
            self.timer.start(readable_ms(text))
