"""A date-and-time box you can type into: a digit typed into a section overwrites it.

QDateTimeEdit inserts a digit at the cursor, so a click into "10:00" followed by "14" does nothing
(the hour would become "1014"). Here the first digit typed into a section replaces the section's
value; the next digits continue it, as people expect from a time field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateTimeEdit, QWidget


class TypingDateTimeEdit(QDateTimeEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typing: QDateTimeEdit.Section | None = None  # the section digits are being typed into

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text().isdigit() and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            section = self.currentSection()
            line = self.lineEdit()
            if section != self._typing and not line.hasSelectedText():
                self.setSelectedSection(section)  # the first digit replaces the value
            super().keyPressEvent(event)
            self._typing = self.currentSection() if self.currentSection() == section else None
            return
        self._typing = None
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._typing = None
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._typing = None
        super().focusInEvent(event)
