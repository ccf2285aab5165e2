"""What the week view draws for the specialist's booking rules (issue #17): the buffer kept before
and after each request or agreed consultation (a hatched band), and a hatch over free slots a rule
blocks now (their tooltip names the rule)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter

from planner_desktop.error_text import booking_rule_text
from planner_desktop.widgets.week_paint import PaintItem
from planner_shared.enums import SlotStatus

HELD = (SlotStatus.AGREEMENT, SlotStatus.RESERVED)
BUFFER_COLOR = QColor(120, 120, 120, 110)
BLOCKED_COLOR = QColor(198, 40, 40, 150)


def buffer_bands(items: Iterable[PaintItem], minute_height: float, before: int,
                 after: int) -> list[QRectF]:
    """The bands of buffer time around the held slots' pieces (content coordinates)."""
    bands = []
    for item in items:
        if item.status not in HELD:
            continue
        rect = item.rect
        if before and item.piece.first:
            bands.append(QRectF(rect.left(), rect.top() - before * minute_height, rect.width(),
                                before * minute_height))
        if after and item.piece.last:
            bands.append(QRectF(rect.left(), rect.bottom(), rect.width(), after * minute_height))
    return bands


def draw_rules(painter: QPainter, items: Iterable[PaintItem], minute_height: float, before: int,
               after: int) -> None:
    """Buffer bands under everything else's outline, then a hatch over blocked free slots."""
    items = list(items)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    bands = buffer_bands(items, minute_height, before, after)
    if bands:
        painter.setBrush(QBrush(BUFFER_COLOR, Qt.BrushStyle.Dense6Pattern))
        painter.drawRects(bands)
    blocked = [item.inner for item in items if item.status is SlotStatus.FREE and item.slot.blocked_by]
    if blocked:
        painter.setBrush(QBrush(BLOCKED_COLOR, Qt.BrushStyle.BDiagPattern))
        painter.drawRects(blocked)
    painter.restore()


def blocked_line(code: str | None) -> str | None:
    """The tooltip's line for a free slot a rule blocks."""
    if not code:
        return None
    text = booking_rule_text(code) or code
    return QCoreApplication.translate("WeekView", "Clients cannot reserve it now: {rule}").format(rule=text)
