"""The password policy as a live checklist: each rule ticked as the password meets it.

Whether a rule is met comes from planner_shared.rules.password_problems (the one definition
the server enforces); this widget only words the rules in the interface language.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner_shared.rules import PASSWORD_MIN_LENGTH, password_problems

# the problem phrase of planner_shared.rules for each rule shown
_RULE_KEYS = ("characters", "lowercase", "digit")


class PasswordRules(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordRules")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        texts = (self.tr("at least {n} characters").format(n=PASSWORD_MIN_LENGTH),
                 self.tr("a lowercase Latin letter (a–z)"),
                 self.tr("a digit (0–9)"))
        self.labels = [QLabel(text, self) for text in texts]
        self._texts = texts
        for label in self.labels:
            layout.addWidget(label)
        self.check("")

    def check(self, password: str) -> bool:
        """Tick the rules ``password`` meets; True when it meets them all."""
        problems = password_problems(password)
        too_long = any("at most" in p for p in problems)
        for key, label, text in zip(_RULE_KEYS, self.labels, self._texts, strict=True):
            unmet = any(key in p and "at most" not in p for p in problems)
            label.setText(("✗ " if unmet else "✓ ") + text)
            label.setStyleSheet("color: #b00020;" if unmet and password else
                                ("color: #1b7f3b;" if not unmet else "color: palette(mid);"))
        return not problems and not too_long
