"""The week view's static pictures, drawn once and cached until the size, week or day changes:
the body (hour rows, day columns, working hours, today, past days, DST dead bands), the hour
gutter and the date header.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QPixmap

from planner_desktop.formats import day_name, month_name
from planner_desktop.widgets.time_grid import TimeGrid
from planner_desktop.widgets.week_paint import Colors, qrect


@dataclass(frozen=True)
class Statics:
    colors: Colors
    body: QPixmap
    gutter: QPixmap
    header: QPixmap
    dpr: float
    today: date


def build_statics(grid: TimeGrid, *, palette: QPalette, font: QFont, today: date, tz: tzinfo,
                  work_hours: tuple[int, int], work_days: Iterable[int], width: float,
                  dpr: float) -> Statics:
    colors = Colors.from_palette(palette)
    start, end = grid.week_range()
    last = end - timedelta(seconds=1)
    zones = dict.fromkeys(moment.astimezone(tz).strftime("%Z") for moment in (start, last))
    return Statics(
        colors=colors,
        body=build_body(grid, colors, today=today, work_hours=work_hours, work_days=work_days, dpr=dpr),
        gutter=build_gutter(grid, colors, font, dpr),
        header=build_header(grid, colors, font, today=today, width=width,
                            zone_label="/".join(z for z in zones if z), dpr=dpr),
        dpr=dpr, today=today)


def blit(painter: QPainter, pixmap: QPixmap, target: QRectF, source: QRectF, dpr: float) -> None:
    """Copy part of a cached picture (``source`` in its logical pixels) to ``target``."""
    physical = QRectF(source.x() * dpr, source.y() * dpr, source.width() * dpr, source.height() * dpr)
    painter.drawPixmap(target, pixmap, physical)


def _outside_work(base: QColor, dark: bool) -> QColor:
    return base.darker(106) if not dark else base.lighter(118)


def build_body(grid: TimeGrid, colors: Colors, *, today: date | None, work_hours: tuple[int, int],
               work_days: Iterable[int], dpr: float) -> QPixmap:
    """The static body: hour rows, day columns, working hours, today, past days, DST dead bands."""
    width, height = grid.content_width, grid.content_height
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    dark = colors.base.lightness() < 128
    pixmap.fill(_outside_work(colors.base, dark))
    painter = QPainter(pixmap)
    ox, oy = grid.gutter_width, grid.header_height  # content rects carry these offsets
    painter.translate(-ox, -oy)
    work = set(work_days)
    for day in range(grid.days):
        column = QRectF(ox + day * grid.day_width, oy, grid.day_width, height)
        if grid.day_date(day).weekday() in work:
            start = grid.wall_instant(day, work_hours[0])
            end = grid.wall_instant(day, work_hours[1])
            for rect in grid.rects_for(start, end, scrolled=False):
                painter.fillRect(qrect(rect), colors.work)
        if grid.day_date(day) == today:
            painter.fillRect(column, colors.today)
        elif today is not None and grid.day_date(day) < today:
            painter.fillRect(column, colors.past)  # today's past moves: the view draws it
        for top, bottom in grid.dead_bands(day):
            band = grid.rect_for_span(day, top, bottom, scrolled=False)
            painter.fillRect(qrect(band), QBrush(colors.dead, Qt.BrushStyle.BDiagPattern))
    lines, faint = [], []
    for mark in grid.hour_marks():
        y = oy + mark.minutes * grid.minute_height + 0.5
        lines.append(QLineF(ox, y, ox + width, y))
        y_half = y + 30 * grid.minute_height
        faint.append(QLineF(ox, y_half, ox + width, y_half))
    painter.setPen(QPen(colors.faint, 1, Qt.PenStyle.DotLine))
    painter.drawLines(faint)
    painter.setPen(QPen(colors.line, 1))
    painter.drawLines(lines)
    painter.drawLines([QLineF(ox + d * grid.day_width + 0.5, oy, ox + d * grid.day_width + 0.5, oy + height)
                       for d in range(grid.days + 1)])
    painter.end()
    return pixmap


def build_gutter(grid: TimeGrid, colors: Colors, font: QFont, dpr: float) -> QPixmap:
    pixmap = QPixmap(max(1, round(grid.gutter_width * dpr)), max(1, round(grid.content_height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(colors.base)
    painter = QPainter(pixmap)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    for mark in grid.hour_marks():
        y = mark.minutes * grid.minute_height
        label = mark.label + ("²" if mark.repeated else "")
        painter.setPen(colors.accent if mark.repeated else colors.muted)
        painter.drawText(QRectF(0, y + 1, grid.gutter_width - 6, metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, label)
    painter.setPen(QPen(colors.line, 1))
    painter.drawLine(QLineF(grid.gutter_width - 0.5, 0, grid.gutter_width - 0.5, grid.content_height))
    painter.end()
    return pixmap


def build_header(grid: TimeGrid, colors: Colors, font: QFont, *, today: date | None, width: float,
                 zone_label: str, dpr: float) -> QPixmap:
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(grid.header_height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(colors.base)
    painter = QPainter(pixmap)
    bold = QFont(font)
    bold.setBold(True)
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
    half = grid.header_height / 2
    for day in range(grid.days):
        x = grid.gutter_width + day * grid.day_width
        cell = QRectF(x, 0, grid.day_width, grid.header_height)
        when = grid.day_date(day)
        is_today = when == today
        if is_today:
            painter.fillRect(cell.adjusted(1, 1, -1, 0), colors.today)
            painter.fillRect(QRectF(x + 1, grid.header_height - 3, grid.day_width - 2, 3), colors.accent)
        painter.setFont(bold if is_today else font)
        painter.setPen(colors.text)
        painter.drawText(QRectF(x, 2, grid.day_width, half), Qt.AlignmentFlag.AlignCenter,
                         f"{day_name(when)} {when.day}")
        hours = grid.day_length(day).total_seconds() / 3600
        note = month_name(when) if hours == 24 else f"{month_name(when)} · {hours:g} h"
        painter.setFont(small)
        painter.setPen(colors.accent if hours != 24 else colors.muted)
        painter.drawText(QRectF(x, half, grid.day_width, half - 3), Qt.AlignmentFlag.AlignCenter, note)
    painter.setFont(small)
    painter.setPen(colors.muted)
    painter.drawText(QRectF(0, 0, grid.gutter_width - 4, grid.header_height - 3),
                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, zone_label)
    painter.setPen(QPen(colors.line, 1))
    painter.drawLine(QLineF(0, grid.header_height - 0.5, width, grid.header_height - 0.5))
    painter.end()
    return pixmap
