"""How each slot status looks — colour, pattern, border and words — and a legend that says so.

Status is never told by colour alone: each one also has its own fill pattern or border and a
label drawn on the slot when it is big enough.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from planner_desktop.status_words import status_word
from planner_shared.enums import SlotStatus


@dataclass(frozen=True)
class StatusStyle:
    fill: QColor
    border: QColor
    text: QColor
    pattern: Qt.BrushStyle  # drawn over the fill in ``pattern_color``; NoBrush for none
    pattern_color: QColor
    border_style: Qt.PenStyle
    mark: str  # a symbol shown before the label

    def pen(self, width: float = 1.0) -> QPen:
        pen = QPen(self.border, width)
        pen.setStyle(self.border_style)
        return pen

    def pattern_brush(self) -> QBrush:
        return QBrush(self.pattern_color, self.pattern)


STYLES: dict[SlotStatus, StatusStyle] = {
    SlotStatus.FREE: StatusStyle(QColor("#dcf3e7"), QColor("#1b7f4d"), QColor("#0f3d26"),
                                 Qt.BrushStyle.NoBrush, QColor("#1b7f4d"), Qt.PenStyle.DashLine, "○"),
    SlotStatus.AGREEMENT: StatusStyle(QColor("#fde8c4"), QColor("#a85f00"), QColor("#4a2a00"),
                                      Qt.BrushStyle.BDiagPattern, QColor("#e3a13c"),
                                      Qt.PenStyle.SolidLine, "?"),
    SlotStatus.RESERVED: StatusStyle(QColor("#2c68ad"), QColor("#173f6e"), QColor("#ffffff"),
                                     Qt.BrushStyle.NoBrush, QColor("#173f6e"), Qt.PenStyle.SolidLine,
                                     "✓"),
    SlotStatus.COMPLETED: StatusStyle(QColor("#d6dbe1"), QColor("#6b7480"), QColor("#2e343b"),
                                      Qt.BrushStyle.DiagCrossPattern, QColor("#b3bac3"),
                                      Qt.PenStyle.DotLine, "■"),
}


class StatusSwatch(QWidget):
    """A small sample of one status's look."""

    def __init__(self, status: SlotStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.setFixedSize(QSize(22, 14))

    def paintEvent(self, event: QPaintEvent) -> None:
        style = STYLES[self.status]
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(style.pen(1.0))
        painter.setBrush(style.fill)
        painter.drawRect(rect)
        if style.pattern != Qt.BrushStyle.NoBrush:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.pattern_brush())
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.end()


class StatusLegend(QWidget):
    """A row of swatches with words: free, awaiting approval, agreed, completed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.labels: dict[SlotStatus, QLabel] = {}
        for status in SlotStatus:
            swatch = StatusSwatch(status, self)
            label = QLabel(f"{STYLES[status].mark} {status_word(status)}", self)
            label.setBuddy(swatch)
            self.labels[status] = label
            row.addWidget(swatch)
            row.addWidget(label)
            row.addSpacing(8)
        row.addStretch(1)
        self.setAccessibleName(self.tr("Slot status legend"))
