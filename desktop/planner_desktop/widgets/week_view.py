"""The week calendar: days as columns, hours as rows, slots drawn and edited with mouse or keys.

It knows time and pixels, not the server (DESIGN.md convention 8). Gestures end in signals and
the window decides: ``slot_drafted(start, end)`` after a sweep or Enter on a selection,
``slot_quick_drafted(start, end)`` after a double-click on empty time (one hour),
``slot_moved(id, start, end)``, ``slot_resized(id, start, end)``, ``slot_activated(id)``
(double-click or Enter), ``delete_requested(id)``, ``edit_refused(id)`` (a slot that is not
free was dragged) and ``context_menu_requested(slot id | None, time | None, global point)``.
``read_only`` keeps browsing, selecting and activating, and drops every editing gesture.

States: idle → pressed → creating | moving | resizing → idle; Esc returns to idle (the mouse is
handled in week_pointer, the keyboard in week_keys, painting in week_paint and week_overlay;
the cursor and the ghost they share are the plain values of week_marks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from planner_desktop.widgets import week_busy, week_overlay, week_paint, week_rules
from planner_desktop.widgets.slot_layout import Placed, SlotView, as_views, layout
from planner_desktop.widgets.time_grid import SNAP_MINUTES, TimeGrid
from planner_desktop.widgets.week_busy import BusyBlock
from planner_desktop.widgets.week_gesture import Edge, Gesture
from planner_desktop.widgets.week_help import help_text
from planner_desktop.widgets.week_keys import WeekKeys
from planner_desktop.widgets.week_marks import Cursor, Ghost
from planner_desktop.widgets.week_pointer import WeekPointer
from planner_desktop.widgets.week_static import Statics, blit, build_statics
from planner_shared.enums import SlotStatus
from planner_shared.schemas import SlotRead

MIN_DAY_WIDTH = 56.0
Validator = Callable[[datetime, datetime, int | None], str | None]

__all__ = ["WeekView", "help_text", "local_zone", "monday_of"]


def local_zone() -> tzinfo:
    """The system's IANA zone (the user's local time), UTC when it cannot be told."""
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeekView(QAbstractScrollArea):
    slot_drafted = Signal(object, object)
    slot_quick_drafted = Signal(object, object)
    slot_moved = Signal(int, object, object)
    slot_resized = Signal(int, object, object)
    slot_activated = Signal(int)
    delete_requested = Signal(int)
    edit_refused = Signal(int)
    context_menu_requested = Signal(object, object, QPoint)
    week_changed = Signal(object)  # the Monday (date)
    focused_slot_changed = Signal(object)  # slot id or None
    selection_changed = Signal(object)  # (start, end) of the time selection, or None

    def __init__(self, parent: QWidget | None = None, *, tz: tzinfo | None = None,
                 now: Callable[[], datetime] | None = None, read_only: bool = False) -> None:
        super().__init__(parent)
        self.tz = tz or local_zone()
        self.now = now or (lambda: datetime.now(self.tz))
        self.read_only = read_only
        self.work_hours = (9, 18)
        self.work_days: tuple[int, ...] = (0, 1, 2, 3, 4)
        self.validator: Validator | None = None
        self._week_start = monday_of(self.now().astimezone(self.tz).date())
        self._hour_height = 48.0
        metrics = self.fontMetrics()
        self._header_height = float(round(metrics.height() * 2.6))
        self._gutter_width = float(metrics.horizontalAdvance("00:00²") + 14)
        self._raw: list[SlotRead | SlotView] = []
        self._busy: list[BusyBlock] = []
        self.slots: list[SlotView] = []
        self._by_id: dict[int, SlotView] = {}
        self._placed: list[Placed] = []
        self._items: list[list[week_paint.PaintItem]] = []
        self._static: Statics | None = None
        self.ghost: Ghost | None = None
        self.time_cursor: Cursor | None = None
        self.focused_id: int | None = None
        self.buffers: tuple[int, int] = (0, 0)  # minutes shaded before and after held slots
        self._scrolled = False
        self.keys = WeekKeys(self)
        self.pointer = WeekPointer(self)
        self.grid = self._make_grid()
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Week calendar"))
        self.setAccessibleDescription(help_text())
        self._minute_timer = QTimer(self)
        self._minute_timer.setSingleShot(True)
        self._minute_timer.timeout.connect(self._minute_passed)
        self._arm_minute_timer()

    # --- public API ---------------------------------------------------------------------------

    @property
    def week_start(self) -> date:
        return self._week_start

    def set_week(self, day: date) -> None:
        monday = monday_of(day)
        if monday == self._week_start:
            return
        self.cancel_gesture()
        self._week_start = monday
        self._update_grid()
        self._relayout()
        self.week_changed.emit(monday)

    def next_week(self) -> None:
        self.set_week(self._week_start + timedelta(days=7))

    def previous_week(self) -> None:
        self.set_week(self._week_start - timedelta(days=7))

    def go_today(self) -> None:
        self.set_week(self.now().astimezone(self.tz).date())
        self.scroll_to_now()

    def week_range(self) -> tuple[datetime, datetime]:
        return self.grid.week_range()

    def set_slots(self, slots: Iterable[SlotRead | SlotView]) -> None:
        """Show these slots (laid out once here, not on every paint)."""
        self._raw = list(slots)
        self.slots = sorted(as_views(self._raw, now=self.now()), key=lambda s: (s.start, s.end, s.id))
        self._by_id = {slot.id: slot for slot in self.slots}
        if self.focused_id is not None and self.focused_id not in self._by_id:
            self.set_focused_slot(None)
        ghost = self.ghost
        if ghost is not None and ghost.slot_id is not None and ghost.slot_id not in self._by_id:
            self.cancel_gesture()
        self._relayout()

    def set_busy(self, blocks: Iterable[BusyBlock]) -> None:
        """Busy times from the specialist's own calendar, drawn hatched under the slots."""
        self._busy = list(blocks)
        self.viewport().update()

    @property
    def busy(self) -> list[BusyBlock]:
        return list(self._busy)

    def slot(self, slot_id: int) -> SlotView | None:
        return self._by_id.get(slot_id)

    def set_buffers(self, before: int, after: int) -> None:
        """Shade this many minutes before and after each request and agreed consultation (the
        specialist's booking rules)."""
        if (before, after) != self.buffers:
            self.buffers = (before, after)
            self.viewport().update()

    @property
    def hour_height(self) -> float:
        return self._hour_height

    def set_hour_height(self, value: float) -> None:
        self._hour_height = max(12.0, min(200.0, value))
        self._update_grid()
        self._reflow()

    def set_work_hours(self, start: int, end: int, days: Iterable[int] = (0, 1, 2, 3, 4)) -> None:
        self.work_hours, self.work_days = (start, end), tuple(days)
        self._static = None
        self.viewport().update()

    def selection(self) -> tuple[datetime, datetime] | None:
        """The time range under the keyboard cursor (extended with Shift+arrows or a sweep)."""
        return None if self.time_cursor is None else self.time_cursor.range(self.grid)

    def set_focused_slot(self, slot_id: int | None) -> None:
        """Select a slot (None: none). A selected slot replaces the time selection: no outline of
        a time is left behind where the slot was once it moves."""
        if slot_id == self.focused_id:
            return
        old = self.focused_id
        self.focused_id = slot_id
        if slot_id is not None and self.time_cursor is not None:
            self.keys.place_cursor(None, reveal=False)
        for sid in (old, slot_id):
            if sid is not None:
                self._update_slot(sid)
        if slot_id is not None:
            slot = self._by_id[slot_id]
            self.ensure_visible(slot.start, slot.end)
            self.viewport().setAccessibleDescription(week_overlay.describe(slot, self.tz))
        self.focused_slot_changed.emit(slot_id)

    def reveal_cursor(self) -> None:
        """Bring the selected slot, or the time cursor (placed if there is none), into sight."""
        slot = self.slot(self.focused_id) if self.focused_id is not None else None
        if slot is not None:
            self.ensure_visible(slot.start, slot.end)
            return
        self.keys.place_cursor(self.time_cursor or self.keys.default_cursor(), reveal=True)

    def scroll_to_now(self) -> None:
        now = self.now()
        position = self.grid.position_of(now)
        if position is None:
            self.scroll_to_minutes(self.work_hours[0] * 60 - 30)
        else:
            self.scroll_to_minutes(min(position[1] - 60, self.work_hours[0] * 60 - 30))

    def scroll_to_minutes(self, minutes: float) -> None:
        self.verticalScrollBar().setValue(round(max(0.0, minutes) * self.grid.minute_height))

    def ensure_visible(self, start: datetime, end: datetime) -> None:
        rects = self.grid.rects_for(start, end, scrolled=False)
        if not rects:
            return
        top = min(r.y for r in rects) - self.grid.header_height
        bottom = max(r.bottom for r in rects) - self.grid.header_height
        view = self.viewport().height() - self.grid.header_height
        bar = self.verticalScrollBar()
        if top < bar.value():
            bar.setValue(round(top - 8))
        elif bottom > bar.value() + view:
            bar.setValue(round(min(top - 8, bottom - view + 8)))

    def cancel_gesture(self) -> None:
        """Esc: drop the drag or keyboard edit in progress, back to idle."""
        self.pointer.cancel()
        self.set_ghost(None)
        self.viewport().unsetCursor()

    # --- geometry and caches ------------------------------------------------------------------

    def _make_grid(self) -> TimeGrid:
        width = max(self.viewport().width() - self._gutter_width, 7 * MIN_DAY_WIDTH)
        return TimeGrid(self._week_start, self.tz, day_width=width / 7, hour_height=self._hour_height,
                        scroll_y=float(self.verticalScrollBar().value()),
                        header_height=self._header_height, gutter_width=self._gutter_width)

    def _update_grid(self) -> None:
        self.grid = self._make_grid()
        bar = self.verticalScrollBar()
        body = max(0, self.viewport().height() - round(self._header_height))
        bar.setRange(0, max(0, round(self.grid.content_height) - body))
        bar.setPageStep(body)
        bar.setSingleStep(max(1, round(self._hour_height / 2)))
        self.grid = self._make_grid()
        self._static = None

    def _relayout(self) -> None:
        self._placed = layout(self.slots, self.grid)
        self._reflow()

    def _reflow(self) -> None:
        self._items = week_paint.paint_items(self._placed, self.grid, self.font())
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        old_width = self.grid.day_width
        self._update_grid()
        if self.grid.day_width != old_width or not self._items:
            self._reflow()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._scrolled:
            self._scrolled = True
            self._update_grid()
            self.scroll_to_now()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.grid = self.grid.with_(scroll_y=float(self.verticalScrollBar().value()))
        body = QRect(0, round(self._header_height), self.viewport().width(),
                     self.viewport().height() - round(self._header_height))
        self.viewport().scroll(0, dy, body)
        if self.gesture is not None and self.pointer.last is not None:
            self.pointer.drag_to(self.pointer.last)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._static = None
            self._reflow()
        super().changeEvent(event)

    def _statics(self) -> Statics:
        if self._static is None:
            self._static = build_statics(
                self.grid, palette=self.palette(), font=self.font(),
                today=self.now().astimezone(self.tz).date(), tz=self.tz, work_hours=self.work_hours,
                work_days=self.work_days, width=self.viewport().width(),
                dpr=self.viewport().devicePixelRatioF())
        return self._static

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        static = self._statics()
        grid = self.grid
        painter = QPainter(self.viewport())
        exposed = event.rect()
        header = round(grid.header_height)
        gutter = round(grid.gutter_width)
        width, height = self.viewport().width(), self.viewport().height()
        dpr, colors = static.dpr, static.colors
        sy = grid.scroll_y
        body = exposed.intersected(QRect(gutter, header, width - gutter, height - header))
        if not body.isEmpty():
            painter.save()
            painter.setClipRect(body)
            target = QRectF(body)
            source = target.translated(-grid.gutter_width, sy - grid.header_height)
            blit(painter, static.body, target, source, dpr)
            painter.translate(0, -sy)
            area = target.translated(0, sy)
            week_overlay.draw_past(painter, grid, self.now(), colors, area)
            week_busy.draw_busy(painter, grid, self._busy, colors, self.font(), area)
            items = week_paint.visible_items(self._items, area, grid)
            week_paint.draw_items(painter, items, self.font())
            every = [i for day in self._items for i in day] if any(self.buffers) else items
            week_rules.draw_rules(painter, every, grid.minute_height, *self.buffers)
            focused = None if self.focused_id is None else self.slot(self.focused_id)
            week_overlay.draw_marks(painter, grid, colors, self.font(), selection=self.selection(),
                                    focused=focused, has_focus=self.hasFocus(), ghost=self.ghost)
            week_overlay.draw_now(painter, grid, self.now(), colors)
            painter.restore()
        gutter_rect = exposed.intersected(QRect(0, header, gutter, height - header))
        if not gutter_rect.isEmpty():
            target = QRectF(gutter_rect)
            source = target.translated(0, sy - grid.header_height)
            blit(painter, static.gutter, target, source, dpr)
        if exposed.top() < header:
            target = QRectF(exposed.intersected(QRect(0, 0, width, header)))
            blit(painter, static.header, target, target, dpr)
        painter.end()

    def _update_slot(self, slot_id: int) -> None:
        slot = self._by_id.get(slot_id)
        if slot is not None:
            self.viewport().update(week_overlay.range_region(self.grid, slot.start, slot.end, margin=4))

    def set_ghost(self, ghost: Ghost | None) -> None:
        old = self.ghost
        if ghost == old:
            return
        if ghost is not None and self.validator is not None:
            ghost.reason = self.validator(ghost.start, ghost.end, ghost.slot_id)
        self.ghost = ghost
        region = QRegion()
        for g in (old, ghost):
            if g is not None:
                region = region.united(week_overlay.ghost_region(self.grid, g, self.font()))
        self.viewport().update(region)

    def update_cursor_area(self, old: Cursor | None, new: Cursor | None) -> None:
        region = QRegion()
        for c in (old, new):
            span = None if c is None else c.range(self.grid)
            if span is not None:
                region = region.united(week_overlay.range_region(self.grid, *span, margin=4))
        self.viewport().update(region)

    # --- pointer (see week_pointer) ----------------------------------------------------------

    def hit(self, point: QPointF) -> tuple[week_paint.PaintItem, Edge | None] | None:
        return self.pointer.hit(point)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pointer.press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.pointer.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.pointer.release(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.pointer.double_click(event)

    @property
    def gesture(self) -> Gesture | None:
        return self.pointer.gesture

    @property
    def paint_items(self) -> list[list[week_paint.PaintItem]]:
        """The laid-out slot pieces in pixels, per day (content coordinates)."""
        return self._items

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            found = self.hit(QPointF(event.pos()))  # type: ignore[attr-defined]
            if found is None:
                QToolTip.hideText()
            else:
                text = week_overlay.describe(found[0].slot, self.tz)
                blocked = week_rules.blocked_line(found[0].slot.blocked_by)
                QToolTip.showText(event.globalPos(),  # type: ignore[attr-defined]
                                  f"{text}\n{blocked}" if blocked else text, self.viewport())
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.keys.context_menu()
            return
        point = QPointF(event.pos())
        found = self.hit(point)
        slot_id = found[0].slot.id if found else None
        when = self.grid.time_at(point.x(), point.y(), step=SNAP_MINUTES)
        self.context_menu_requested.emit(slot_id, when, event.globalPos())

    # --- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and (self.gesture is not None or self.ghost is not None):
            self.cancel_gesture()
            return
        if not self.keys.handle(event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.keys.walk(next):
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.time_cursor is None and self.focused_id is None:
            self.keys.place_cursor(self.keys.default_cursor(), reveal=False)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.ghost is not None and self.gesture is None:
            self.set_ghost(None)
        self.viewport().update()

    # --- time passing -------------------------------------------------------------------------

    def _arm_minute_timer(self) -> None:
        now = self.now()
        self._minute_timer.start(max(1000, round((60 - now.second) * 1000 - now.microsecond / 1000)))

    def _minute_passed(self) -> None:
        """Move the now-line; at midnight move "today", and turn agreed slots that ended to completed."""
        self._arm_minute_timer()
        now = self.now()
        ended = any(s.status is SlotStatus.RESERVED and s.end <= now for s in self.slots)
        if ended or (self._static is not None and now.astimezone(self.tz).date() != self._static.today):
            self._static = None
            self.set_slots(self._raw)
            return
        self.viewport().update(week_overlay.now_region(self.grid, now, self.viewport().width()))
