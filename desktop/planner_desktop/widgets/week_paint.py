"""Painting the week view's slots (batched by look), and what painting shares: colours, labels.

The widget owns state and events; this module only draws. Coordinates are the viewport's
without the vertical scroll ("content" coordinates: the gutter and header offsets included).
The cached grid is drawn by week_static, the overlays by week_overlay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QStaticText,
)

from planner_desktop.formats import clock, clock_span
from planner_desktop.status_words import status_word
from planner_desktop.widgets.slot_layout import Placed, SlotView
from planner_desktop.widgets.status_legend import STYLES
from planner_desktop.widgets.time_grid import Rect, TimeGrid
from planner_shared.enums import SlotStatus

TEXT_PAD = 3.0
MIN_TEXT_WIDTH = 26.0
LANE_GAP = 1.0
OUTLINE_MIN = 10.0  # px: smaller slots get a filled border, not a dashed outline
STRIPE = 4.0  # px: the width of a tinted slot's stripe


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


def duration_text(start: datetime, end: datetime) -> str:
    minutes = int((end.timestamp() - start.timestamp()) // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return QCoreApplication.translate("WeekView", "{hours} h {minutes} min").format(hours=hours,
                                                                                        minutes=rest)
    if hours:
        return QCoreApplication.translate("WeekView", "{hours} h").format(hours=hours)
    return QCoreApplication.translate("WeekView", "{minutes} min").format(minutes=rest)


@dataclass
class Colors:
    base: QColor
    text: QColor
    muted: QColor
    line: QColor
    faint: QColor
    work: QColor
    today: QColor
    past: QColor
    accent: QColor
    now: QColor
    invalid: QColor
    dead: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colors:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        accent = palette.color(QPalette.ColorRole.Highlight)
        return cls(
            base=base, text=text,
            muted=palette.color(QPalette.ColorRole.PlaceholderText),
            line=mix(text, 60), faint=mix(text, 22),
            work=QColor("#2b2f36") if dark else QColor("#fbfbf4"),
            today=mix(accent, 30),
            past=mix(QColor("#808080"), 28),
            accent=accent, now=QColor("#d62828"), invalid=QColor("#c62828"),
            dead=mix(text, 45),
        )


def mix(color: QColor, alpha: int) -> QColor:
    return QColor(color.red(), color.green(), color.blue(), alpha)


@dataclass
class PaintItem:
    piece: Placed
    rect: QRectF  # content coordinates
    inner: QRectF  # inside the one-pixel border
    bounds: tuple[float, float, float, float]  # left, top, right, bottom (cheap to test)
    status: SlotStatus
    tall: bool  # big enough for a stroked (dashed or dotted) outline
    look: tuple[SlotStatus, str]  # status and tint: what is drawn in one batch
    text_x: float  # where the labels start
    lines: list[QStaticText] = field(default_factory=list)  # laid out once, drawn many times

    @property
    def slot(self) -> SlotView:
        return self.piece.slot


def paint_items(placed: Sequence[Placed], grid: TimeGrid, font: QFont) -> list[list[PaintItem]]:
    """Pixel rectangles and fitted labels of the laid-out pieces, per day (once per resize)."""
    metrics = QFontMetricsF(font)
    line_height = metrics.height()
    per_day: list[list[PaintItem]] = [[] for _ in range(grid.days)]
    for piece in placed:
        r = grid.rect_for_span(piece.day, piece.top, piece.bottom, lane=piece.lane, lanes=piece.lanes,
                               inset=2.0, scrolled=False)
        rect = QRectF(r.x, r.y + 0.5, max(1.0, r.width - LANE_GAP), max(2.0, r.height - 1.0))
        inner = rect.adjusted(1, 1, -1, -1)
        tint = piece.slot.tint
        stripe = min(STRIPE, inner.width() / 3) if tint else 0.0
        item = PaintItem(piece, rect, inner, (rect.left(), rect.top(), rect.right(), rect.bottom()),
                         piece.slot.status, rect.height() >= OUTLINE_MIN, (piece.slot.status, tint),
                         rect.left() + TEXT_PAD + stripe)
        room = rect.width() - 2 * TEXT_PAD - stripe
        rows = int((rect.height() - 2) // line_height)
        if room >= MIN_TEXT_WIDTH and rows >= 1:
            item.lines = [_static(metrics.elidedText(text, Qt.TextElideMode.ElideRight, room), font)
                          for text in _texts(piece, grid)[:rows]]
        per_day[piece.day].append(item)
    return per_day


def _static(text: str, font: QFont) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    static.prepare(font=font)
    return static


def _texts(piece: Placed, grid: TimeGrid) -> list[str]:
    slot = piece.slot
    style = STYLES[slot.status]
    first = f"{style.mark} {clock_span(slot.start, slot.end, grid.tz)}"
    if not piece.first:
        first = f"{style.mark} …–{clock(slot.end, grid.tz)}"
    if slot.badge:  # first, so that it survives in a narrow lane
        first = f"{slot.badge} {first}"
    who = slot.client_name if slot.status is not SlotStatus.FREE else None
    status = status_word(slot.status)
    if slot.note:
        return [first, slot.note, *([slot.context] if slot.context else [])]
    return [first, f"{status} · {who}" if who else status, *([slot.context] if slot.context else [])]


def visible_items(per_day: Sequence[Sequence[PaintItem]], area: QRectF, grid: TimeGrid) -> list[PaintItem]:
    """The items meeting ``area`` (content coordinates)."""
    first = grid.day_at_x(max(area.left(), grid.gutter_width))
    last = grid.day_at_x(min(area.right(), grid.gutter_width + grid.content_width - 1))
    if first is None or last is None:
        return []
    left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
    return [item for day in range(first, last + 1) for item in per_day[day]
            if item.bounds[1] < bottom and item.bounds[3] > top
            and item.bounds[0] < right and item.bounds[2] > left]


def draw_items(painter: QPainter, items: Sequence[PaintItem], font: QFont) -> None:
    """Slots batched by look: a few rectangle batches per status, then the labels.

    Borders are filled, not stroked (the border colour under the inset fill): stroking
    thousands of outlines costs ten times more. A free slot's dashed outline, a cue beside its
    colour, is stroked only where it is big enough to be seen.
    """
    groups: dict[tuple[SlotStatus, str], list[PaintItem]] = {}
    for item in items:
        groups.setdefault(item.look, []).append(item)
    painter.setPen(Qt.PenStyle.NoPen)
    for (status, tint), members in groups.items():
        style = STYLES[status]
        dashed = style.border_style != Qt.PenStyle.SolidLine
        painter.setBrush(style.border)
        painter.drawRects([m.rect for m in members if not (dashed and m.tall)])
        painter.setBrush(style.fill)
        painter.drawRects([m.rect if dashed and m.tall else m.inner for m in members])
        if style.pattern != Qt.BrushStyle.NoBrush:
            painter.setBrush(style.pattern_brush())
            painter.drawRects([m.inner for m in members])
        if tint:
            painter.setBrush(QColor(tint))
            painter.drawRects([QRectF(m.inner.left(), m.inner.top(), m.text_x - TEXT_PAD - m.inner.left(),
                                      m.inner.height()) for m in members])
    for (status, _), members in groups.items():
        style = STYLES[status]
        if style.border_style != Qt.PenStyle.SolidLine:
            outlined = [m.rect.adjusted(0.5, 0.5, -0.5, -0.5) for m in members if m.tall]
            if outlined:
                painter.setPen(style.pen(1.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRects(outlined)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    line_height = metrics.height()
    current = None
    for item in items:
        if not item.lines:
            continue
        color = STYLES[item.status].text
        if color != current:
            painter.setPen(color)
            current = color
        x, y = item.text_x, item.bounds[1] + 1
        for line in item.lines:
            painter.drawStaticText(QPointF(x, y), line)
            y += line_height


def draw_focus(painter: QPainter, rects: Iterable[QRectF], color: QColor) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(color, 2.5))
    for rect in rects:
        painter.drawRect(rect.adjusted(-1, -1, 1, 1))
