"""Busy times from the specialist's own calendar, drawn in the week view as hatched grey blocks
with their titles, under the slots."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from planner_desktop.widgets.time_grid import TimeGrid
from planner_desktop.widgets.week_paint import Colors, qrect

BUSY_GREY = QColor(128, 128, 128)
PAD = 3.0


@dataclass(frozen=True)
class BusyBlock:
    start: datetime
    end: datetime
    title: str = ""


def overlapping(blocks: Iterable[BusyBlock], start: datetime, end: datetime) -> list[BusyBlock]:
    """The blocks that overlap [start, end)."""
    return [block for block in blocks if block.start < end and block.end > start]


def draw_busy(painter: QPainter, grid: TimeGrid, blocks: Sequence[BusyBlock], colors: Colors,
              font: QFont, area: QRectF) -> None:
    """Content coordinates, like the slots: a hatched block per day the busy time covers."""
    if not blocks:
        return
    painter.save()
    fill = QColor(BUSY_GREY)
    fill.setAlpha(40)
    hatch = QBrush(QColor(BUSY_GREY.red(), BUSY_GREY.green(), BUSY_GREY.blue(), 110),
                   Qt.BrushStyle.BDiagPattern)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    for block in blocks:
        for rect in grid.rects_for(block.start, block.end, scrolled=False):
            box = qrect(rect).adjusted(1, 0.5, -1, -0.5)
            if not box.intersects(area):
                continue
            painter.fillRect(box, fill)
            painter.fillRect(box, hatch)
            painter.setPen(QPen(BUSY_GREY, 1))
            painter.drawLine(box.topLeft(), box.bottomLeft())
            if block.title and box.height() >= metrics.height() + PAD:
                painter.setPen(colors.muted)
                text = metrics.elidedText(block.title, Qt.TextElideMode.ElideRight, box.width() - 2 * PAD)
                painter.drawText(box.adjusted(PAD, PAD / 2, -PAD, 0),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
    painter.restore()
