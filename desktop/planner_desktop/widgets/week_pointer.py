"""The week view's mouse: hit-testing, the press → drag → release state machine, autoscroll.

idle → pressed → creating | moving | resizing → idle. A press on empty time that moves past the
drag distance sweeps (creating); on a free slot's body it moves the slot, on its top or bottom
edge (``RESIZE_ZONE`` px) it resizes; a slot that is not free reports ``edit_refused`` once. Esc
(:meth:`cancel`) drops the gesture and ignores the pointer until the button is released.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from planner_desktop.widgets.time_grid import FINE_SNAP_MINUTES, SNAP_MINUTES, snap
from planner_desktop.widgets.week_gesture import Edge, Gesture, Mode, moved, resized, sweep
from planner_desktop.widgets.week_marks import Cursor, Ghost
from planner_desktop.widgets.week_paint import PaintItem

if TYPE_CHECKING:
    from planner_desktop.widgets.week_view import WeekView

RESIZE_ZONE = 12.0  # px at a slot's top and bottom edge that resize instead of move
AUTOSCROLL_MARGIN = 24


class WeekPointer:
    def __init__(self, view: WeekView) -> None:
        self.view = view
        self.gesture: Gesture | None = None
        self.swallow_until_release = False
        self.last: QPointF | None = None  # the pointer's last position (viewport)
        self.fine = False  # Shift held during the gesture: 5-minute steps
        self.autoscroll = QTimer(view)
        self.autoscroll.setInterval(30)
        self.autoscroll.timeout.connect(self._autoscroll_step)

    def hit(self, point: QPointF) -> tuple[PaintItem, Edge | None] | None:
        """The slot piece under a viewport point, and the edge when in a resize zone."""
        view, grid = self.view, self.view.grid
        if not grid.in_body(point.x(), point.y()):
            return None
        day = grid.day_at_x(point.x())
        items = view.paint_items
        if day is None or day >= len(items):
            return None
        content = QPointF(point.x(), point.y() + grid.scroll_y)
        for item in reversed(items[day]):
            rect = item.rect
            if rect.contains(content):
                zone = min(RESIZE_ZONE, rect.height() / 3)
                if item.piece.first and content.y() - rect.top() < zone:
                    return item, Edge.TOP
                if item.piece.last and rect.bottom() - content.y() < zone:
                    return item, Edge.BOTTOM
                return item, None
        return None

    def cancel(self) -> None:
        if self.gesture is not None and self.gesture.mode is not Mode.IDLE:
            self.swallow_until_release = True
        self.gesture = None
        self.autoscroll.stop()

    def press(self, event: QMouseEvent) -> None:
        view, point = self.view, event.position()
        view.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            if event.button() == Qt.MouseButton.RightButton:
                found = self.hit(point)
                view.set_focused_slot(found[0].slot.id if found else None)
            return
        self.swallow_until_release = False
        grid = view.grid
        day = grid.day_at_x(point.x())
        if day is None or point.y() < grid.header_height:
            return
        found = self.hit(point)
        self.fine = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.gesture = Gesture(Mode.PRESSED, point.x(), point.y(), day, grid.minutes_at_y(point.y()))
        if found is not None:
            item, edge = found
            self.gesture.slot, self.gesture.edge = item.slot, edge
            self.gesture.grab = grid.timestamp_at(day, self.gesture.minutes) - item.slot.start.timestamp()
            view.set_focused_slot(item.slot.id)
        else:
            view.set_focused_slot(None)

    def move(self, event: QMouseEvent) -> None:
        point = event.position()
        self.last = point
        gesture = self.gesture
        if gesture is None or self.swallow_until_release:
            if not self.swallow_until_release:
                self.hover(point)
            return
        self.fine = self.fine or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if gesture.mode is Mode.PRESSED:
            distance = abs(point.x() - gesture.x) + abs(point.y() - gesture.y)
            if distance < QApplication.startDragDistance():
                return
            self._begin_drag(gesture)
            if gesture.mode is Mode.PRESSED:
                return
        self.drag_to(point)
        view = self.view
        near_edge = (point.y() < view.grid.header_height + AUTOSCROLL_MARGIN
                     or point.y() > view.viewport().height() - AUTOSCROLL_MARGIN)
        if near_edge and not self.autoscroll.isActive():
            self.autoscroll.start()
        elif not near_edge:
            self.autoscroll.stop()

    def _begin_drag(self, gesture: Gesture) -> None:
        view = self.view
        if view.read_only and (gesture.slot is None or not gesture.slot.movable):
            return
        if gesture.slot is None:
            gesture.mode = Mode.CREATING
            view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        elif not gesture.slot.editable and not gesture.slot.movable:
            if not gesture.refused:
                gesture.refused = True
                view.viewport().setCursor(Qt.CursorShape.ForbiddenCursor)
                view.edit_refused.emit(gesture.slot.id)
        elif gesture.edge is not None and gesture.slot.editable:
            gesture.mode = Mode.RESIZING
            view.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            gesture.mode = Mode.MOVING
            view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def drag_to(self, point: QPointF) -> None:
        """The ghost for the pointer at ``point`` (also after a scroll under a still pointer)."""
        gesture, view = self.gesture, self.view
        grid = view.grid
        if gesture is None or gesture.mode in (Mode.IDLE, Mode.PRESSED):
            return
        step = FINE_SNAP_MINUTES if self.fine else SNAP_MINUTES
        minutes = grid.minutes_at_y(point.y())
        day = grid.day_at_x(min(max(point.x(), grid.gutter_width), grid.gutter_width
                                + grid.content_width - 1))
        if day is None:
            return
        if gesture.mode is Mode.CREATING:
            span = sweep(grid, gesture.day, gesture.minutes, minutes, step)
            if span is not None:
                view.set_ghost(Ghost(*span))
        elif gesture.mode is Mode.MOVING and gesture.slot is not None:
            view.set_ghost(Ghost(*moved(grid, gesture.slot, gesture.grab, day, minutes, step),
                                 slot_id=gesture.slot.id))
        elif gesture.mode is Mode.RESIZING and gesture.slot is not None and gesture.edge is not None:
            view.set_ghost(Ghost(*resized(grid, gesture.slot, gesture.edge, day, minutes, step),
                                 slot_id=gesture.slot.id))

    def _autoscroll_step(self) -> None:
        view = self.view
        if self.gesture is None or self.last is None:
            self.autoscroll.stop()
            return
        bar, step = view.verticalScrollBar(), round(view.hour_height / 4)
        if self.last.y() < view.grid.header_height + AUTOSCROLL_MARGIN:
            bar.setValue(bar.value() - step)
        elif self.last.y() > view.viewport().height() - AUTOSCROLL_MARGIN:
            bar.setValue(bar.value() + step)

    def release(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        view = self.view
        self.autoscroll.stop()
        gesture, ghost = self.gesture, view.ghost
        swallowed = self.swallow_until_release
        self.gesture, self.swallow_until_release = None, False
        view.viewport().unsetCursor()
        self.hover(event.position())
        if gesture is None or swallowed:
            return
        if gesture.mode is Mode.PRESSED and gesture.slot is None:
            minutes = snap(gesture.minutes, SNAP_MINUTES)
            view.keys.place_cursor(Cursor(gesture.day, minutes, minutes), reveal=False)
            return
        view.set_ghost(None)
        if ghost is None:
            return
        if gesture.mode is Mode.CREATING:
            view.keys.place_cursor(Cursor.covering(view.grid, ghost.start, ghost.end), reveal=False)
            view.slot_drafted.emit(ghost.start, ghost.end)
        elif gesture.slot is not None and (ghost.start, ghost.end) != (gesture.slot.start, gesture.slot.end):
            signal = view.slot_moved if gesture.mode is Mode.MOVING else view.slot_resized
            signal.emit(gesture.slot.id, ghost.start, ghost.end)

    def double_click(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        view = self.view
        found = self.hit(event.position())
        self.gesture = None
        if found is not None:
            view.slot_activated.emit(found[0].slot.id)
            return
        grid, point = view.grid, event.position()
        day = grid.day_at_x(point.x())
        if view.read_only or day is None or point.y() < grid.header_height:
            return
        start = grid.instant_at(day, snap(grid.minutes_at_y(point.y()), SNAP_MINUTES))
        view.slot_quick_drafted.emit(start, start + timedelta(hours=1))

    def hover(self, point: QPointF) -> None:
        view = self.view
        found = self.hit(point)
        shape = Qt.CursorShape.ArrowCursor
        if found is not None and found[0].slot.movable and not found[0].slot.editable:
            shape = Qt.CursorShape.OpenHandCursor  # moved whole, never resized
        elif found is not None and not view.read_only and found[0].slot.editable:
            shape = Qt.CursorShape.SizeVerCursor if found[1] is not None else Qt.CursorShape.OpenHandCursor
        if view.viewport().cursor().shape() != shape:
            view.viewport().setCursor(shape)
