"""What the week view draws over the slots: the drag ghost with its live times, the keyboard
cursor, the focused slot's frame, the past and the now-line; and the regions each one dirties.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QRegion

from planner_desktop.formats import clock_span, money, short_day
from planner_desktop.status_words import status_word
from planner_desktop.widgets.slot_layout import SlotView
from planner_desktop.widgets.time_grid import SNAP_MINUTES, TimeGrid
from planner_desktop.widgets.week_marks import Ghost
from planner_desktop.widgets.week_paint import Colors, duration_text, qrect
from planner_shared.enums import SlotStatus

LABEL_PAD = 4.0
CELL = timedelta(minutes=SNAP_MINUTES)


def describe(slot: SlotView, tz: tzinfo) -> str:
    """The tooltip of a slot: when, status, client, context, cost."""
    start = slot.start.astimezone(tz)
    lines = [f"{short_day(start.date())} {clock_span(slot.start, slot.end, tz)} "
             f"({duration_text(slot.start, slot.end)})", status_word(slot.status)]
    if slot.status is not SlotStatus.FREE and slot.client_name:
        lines.append(QCoreApplication.translate("WeekView", "Client: {name}").format(name=slot.client_name))
    if slot.specialist_name:
        lines.append(QCoreApplication.translate("WeekView", "Specialist: {name}").format(
            name=slot.specialist_name))
    lines.append(QCoreApplication.translate("WeekView", "Context: {text}").format(text=slot.context)
                 if slot.context else QCoreApplication.translate("WeekView", "No context"))
    if slot.cost is not None:
        lines.append(QCoreApplication.translate("WeekView", "Cost: {cost}").format(cost=money(slot.cost)))
    return "\n".join(lines)


def range_region(grid: TimeGrid, start: datetime, end: datetime, *, margin: float = 2) -> QRegion:
    region = QRegion()
    for rect in grid.rects_for(start, end):
        region = region.united(qrect(rect).adjusted(-margin, -margin, margin, margin).toAlignedRect())
    return region


def ghost_label(grid: TimeGrid, ghost: Ghost, font: QFont) -> tuple[QRectF, list[str]] | None:
    """Where the ghost's live "start–end" label goes (scrolled coordinates) and its lines."""
    rects = grid.rects_for(ghost.start, ghost.end)
    if not rects:
        return None
    lines = [f"{clock_span(ghost.start, ghost.end, grid.tz)} · {duration_text(ghost.start, ghost.end)}"]
    if ghost.reason:
        lines.append(ghost.reason)
    metrics = QFontMetricsF(font)
    width = max(metrics.horizontalAdvance(line) for line in lines) + 2 * LABEL_PAD
    height = metrics.height() * len(lines) + 2 * LABEL_PAD
    first, last = rects[0], rects[-1]
    x = first.x + 2
    if x + width > grid.gutter_width + grid.content_width:
        x = max(grid.gutter_width, first.right - width - 2)
    below = last.bottom + 2
    y = below if below + height < grid.header_height + grid.content_height - grid.scroll_y \
        else first.y - height - 2
    return QRectF(x, y, width, height), lines


def ghost_region(grid: TimeGrid, ghost: Ghost, font: QFont) -> QRegion:
    region = range_region(grid, ghost.start, ghost.end, margin=3)
    label = ghost_label(grid, ghost, font)
    if label is not None:
        region = region.united(label[0].adjusted(-2, -2, 2, 2).toAlignedRect())
    return region


def now_region(grid: TimeGrid, now: datetime, width: int) -> QRegion:
    position = grid.position_of(now)
    if position is None:
        return QRegion()
    y = grid.y_for_minutes(position[1])
    return QRegion(QRect(0, round(y - 4 - 2 * grid.minute_height), width, round(8 + 3 * grid.minute_height)))


def draw_past(painter: QPainter, grid: TimeGrid, now: datetime, colors: Colors, area: QRectF) -> None:
    """Shade today's column until now (content coordinates; earlier days are in the cached grid)."""
    day = grid.day_of(now)
    if day is None:
        return
    rect = qrect(grid.rect_for_span(day, 0, grid.minutes_of(day, now), scrolled=False)).intersected(area)
    if not rect.isEmpty():
        painter.fillRect(rect, colors.past)


def draw_now(painter: QPainter, grid: TimeGrid, now: datetime, colors: Colors) -> None:
    position = grid.position_of(now)
    if position is None:
        return
    day, minutes = position
    y = grid.header_height + minutes * grid.minute_height
    x0 = grid.gutter_width
    painter.setPen(QPen(colors.now, 1, Qt.PenStyle.DashLine))
    painter.drawLine(QLineF(x0, y, x0 + grid.content_width, y))
    left = x0 + day * grid.day_width
    painter.setPen(QPen(colors.now, 2))
    painter.drawLine(QLineF(left, y, left + grid.day_width, y))
    painter.setBrush(colors.now)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QPointF(left + 1, y), 4, 4)


def draw_marks(painter: QPainter, grid: TimeGrid, colors: Colors, font: QFont, *,
               selection: tuple[datetime, datetime] | None, focused: SlotView | None,
               has_focus: bool, ghost: Ghost | None) -> None:
    """The keyboard cursor's ``selection``, the ``focused`` slot's frame and the ``ghost`` (content
    coordinates); ``has_focus``: whether the view has the keyboard focus."""
    if selection is not None and (has_focus or selection[1] - selection[0] > CELL):
        pen = QPen(colors.accent, 1.5 if has_focus else 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(colors.accent.red(), colors.accent.green(), colors.accent.blue(), 40))
        for rect in grid.rects_for(*selection, scrolled=False):
            painter.drawRect(qrect(rect).adjusted(1, 0.5, -1, -0.5))
    if focused is not None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colors.accent if has_focus else colors.muted, 2.5))
        for rect in grid.rects_for(focused.start, focused.end, scrolled=False):
            painter.drawRect(qrect(rect).adjusted(1, 0, -1, 0))
    if ghost is not None:
        _draw_ghost(painter, grid, ghost, colors, font)


def _draw_ghost(painter: QPainter, grid: TimeGrid, ghost: Ghost, colors: Colors, font: QFont) -> None:
    color = colors.invalid if ghost.reason else colors.accent
    painter.setPen(QPen(color, 2, Qt.PenStyle.SolidLine if not ghost.reason else Qt.PenStyle.DashLine))
    fill = QColor(color.red(), color.green(), color.blue(), 70)
    for rect in grid.rects_for(ghost.start, ghost.end, scrolled=False):
        box = qrect(rect).adjusted(2, 0.5, -2, -0.5)
        painter.setBrush(fill)
        painter.drawRect(box)
        if ghost.reason:
            painter.fillRect(box, QBrush(color, Qt.BrushStyle.FDiagPattern))
    label = ghost_label(grid, ghost, font)
    if label is None:
        return
    box, lines = label
    box = box.translated(0, grid.scroll_y)
    painter.setPen(QPen(color, 1))
    painter.setBrush(colors.base)
    painter.drawRoundedRect(box, 3, 3)
    painter.setFont(font)
    painter.setPen(colors.text)
    metrics = QFontMetricsF(font)
    y = box.top() + LABEL_PAD + metrics.ascent()
    for n, line in enumerate(lines):
        painter.setPen(colors.text if n == 0 else colors.invalid)
        painter.drawText(QPointF(box.left() + LABEL_PAD, y), line)
        y += metrics.height()
