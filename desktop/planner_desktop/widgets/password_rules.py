"""The password policy as a live checklist: each rule ticked as the password meets it.

Whether a rule is met comes from planner_shared.rules.password_rules_broken (the one definition the
server enforces); the words are planner_desktop.field_problems' (the same in the checklist and in
the message under a refused password).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner_desktop import theme
from planner_desktop.field_problems import password_rule_text
from planner_shared import rules

SHOWN = (rules.PASSWORD_TOO_SHORT, rules.PASSWORD_NO_LOWERCASE, rules.PASSWORD_NO_DIGIT)


class PasswordRules(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordRules")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self._texts = [password_rule_text(rule) for rule in SHOWN]
        self.labels = [QLabel(text, self) for text in self._texts]
        for label in self.labels:
            layout.addWidget(label)
        self.check("")

    def check(self, password: str) -> bool:
        """Tick the rules ``password`` meets; True when it meets them all."""
        broken = rules.password_rules_broken(password)
        for rule, label, text in zip(SHOWN, self.labels, self._texts, strict=True):
            unmet = rule in broken
            label.setText(("✗ " if unmet else "✓ ") + text)
            colour = (theme.problem_colour() if password else "palette(mid)") if unmet \
                else theme.success_colour()
            label.setStyleSheet(f"color: {colour};")
        return not broken
