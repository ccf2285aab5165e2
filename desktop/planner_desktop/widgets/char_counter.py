"""How much of a text's limit is used, counted as you type ("42 / 255"): nothing is cut silently.

For a one-line edit the limit is its ``maxLength`` (typing stops there, and the counter says why);
a multi-line edit has no such limit, so text typed or pasted past it is cut back to it here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from planner_desktop import theme


class CharCounter(QLabel):
    def __init__(self, edit: QLineEdit | QPlainTextEdit, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit, self.limit = edit, limit
        self.setObjectName("charCounter")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if isinstance(edit, QLineEdit):
            edit.setMaxLength(limit)
        edit.textChanged.connect(self.count)
        self.count()

    def text_of_edit(self) -> str:
        return self.edit.text() if isinstance(self.edit, QLineEdit) else self.edit.toPlainText()

    def count(self) -> None:
        text = self.text_of_edit()
        if isinstance(self.edit, QPlainTextEdit) and len(text) > self.limit:
            self._cut(self.edit)
            text = text[:self.limit]
        full = len(text) >= self.limit
        self.setText(self.tr("{count} / {limit}").format(count=len(text), limit=self.limit))
        self.setToolTip(self.tr("The limit is reached: at most {limit} characters.").format(limit=self.limit)
                        if full else "")
        self.setStyleSheet(f"color: {theme.problem_colour()}; font-weight: bold;" if full else "")

    def _cut(self, edit: QPlainTextEdit) -> None:
        """Typed or pasted past the limit: keep the first part, the cursor where it was."""
        position = min(edit.textCursor().position(), self.limit)
        edit.blockSignals(True)
        edit.setPlainText(edit.toPlainText()[:self.limit])
        edit.blockSignals(False)
        cursor = edit.textCursor()
        cursor.setPosition(position)
        edit.setTextCursor(cursor)
