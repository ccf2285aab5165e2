"""A cost box: two decimals in the user's locale, and a word when a typed cost passes the limit.

A plain spin box refuses the keystroke that would pass its maximum and says nothing; this one
still refuses it but emits ``limit_hit`` so the form can say what the limit is.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from planner_shared.rules import COST_MAX


class CostEdit(QDoubleSpinBox):
    limit_hit = Signal()

    def __init__(self, cost: Decimal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(2)
        self.setRange(0, float(COST_MAX) - 0.01)
        self.setSingleStep(5)
        self.setGroupSeparatorShown(True)
        self.setValue(float(cost))

    def cost(self) -> Decimal:
        return Decimal(f"{self.value():.2f}")

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        state = super().validate(text, position)
        if state[0] == QValidator.State.Invalid:
            value, ok = self.locale().toDouble(text.replace(self.locale().groupSeparator(), "").strip())
            if ok and value > self.maximum():
                self.limit_hit.emit()
        return state
