"""The week view without a mouse: a time-cell cursor, slot focus and keyboard move / resize.

Arrows move the cursor one cell (15 minutes) or one day; Shift+Up/Down extends the selection;
Home goes to the start of the working day, Ctrl+Home to Monday's; Enter drafts a slot over it.
Tab / Shift+Tab walk the slots in time order. On a focused slot,
Alt+Up/Down moves it by 15 minutes, Alt+Left/Right by a day, Alt+Shift+Up/Down shortens or
lengthens it; Enter applies the change (the same signals as the mouse), Esc drops it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeyEvent

from planner_desktop.widgets.slot_layout import SlotView
from planner_desktop.widgets.time_grid import SNAP_MINUTES, snap
from planner_desktop.widgets.week_gesture import shifted
from planner_desktop.widgets.week_marks import Cursor, Ghost

if TYPE_CHECKING:
    from planner_desktop.widgets.week_view import WeekView


ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
STEP = timedelta(minutes=SNAP_MINUTES)


class WeekKeys:
    def __init__(self, view: WeekView) -> None:
        self.view = view

    # --- the cursor ---------------------------------------------------------------------------

    def default_cursor(self) -> Cursor:
        view, grid = self.view, self.view.grid
        position = grid.position_of(view.now())
        if position is not None:
            minutes = snap(max(position[1], view.work_hours[0] * 60.0), SNAP_MINUTES)
            return Cursor(position[0], minutes, minutes)
        minutes = view.work_hours[0] * 60.0
        return Cursor(0, minutes, minutes)

    def place_cursor(self, cursor: Cursor | None, *, reveal: bool = True) -> None:
        view = self.view
        old, view.time_cursor = view.time_cursor, cursor
        view.update_cursor_area(old, cursor)
        span = None if cursor is None else cursor.range(view.grid)
        if reveal and span is not None and view.focused_id is None:
            view.ensure_visible(*span)
        if old != cursor:
            view.selection_changed.emit(span)

    def _live(self, day: int, minutes: float) -> bool:
        grid = self.view.grid
        return grid.timestamp_at(day, minutes) < grid.timestamp_at(day, minutes + SNAP_MINUTES)

    def _step(self, day: int, minutes: float, direction: int) -> float:
        grid = self.view.grid
        last = snap(grid.axis_minutes, SNAP_MINUTES, "ceil") - SNAP_MINUTES
        candidate = minutes
        while True:
            candidate += direction * SNAP_MINUTES
            if candidate < 0 or candidate > last:
                return minutes
            if self._live(day, candidate):
                return candidate

    def _arrow(self, key: Qt.Key, extend: bool) -> None:
        view = self.view
        cursor = view.time_cursor or self.default_cursor()
        if view.focused_id is not None:
            slot = view.slot(view.focused_id)
            view.set_focused_slot(None)
            if slot is not None:
                cursor = Cursor.covering(view.grid, slot.start, slot.end) or cursor
                cursor = Cursor(cursor.day, cursor.anchor, cursor.anchor)
        day, anchor, current = cursor.day, cursor.anchor, cursor.current
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            current = self._step(day, current, -1 if key == Qt.Key.Key_Up else 1)
            if not extend:
                anchor = current
        else:
            day += -1 if key == Qt.Key.Key_Left else 1
            if not 0 <= day < view.grid.days:
                view.set_week(view.week_start + timedelta(days=7 if day > 0 else -7))
                day %= 7
            limit = snap(view.grid.axis_minutes, SNAP_MINUTES, "ceil") - SNAP_MINUTES
            anchor, current = min(anchor, limit), min(current, limit)
        self.place_cursor(Cursor(day, anchor, current))

    # --- slots --------------------------------------------------------------------------------

    def walk(self, forward: bool) -> bool:
        """Tab / Shift+Tab: the next or previous slot; False once past the last (focus moves on).

        From the time cursor (no slot selected) it goes to the first slot after the cursor (Shift:
        before it), round to the week's first (last) when there is none that way: a Tab from the
        calendar always lands on a slot if the week has any.
        """
        view = self.view
        if view.ghost is not None and view.ghost.keyboard:
            view.set_ghost(None)
        slots = view.slots
        if not slots:
            return False
        target: SlotView | None
        if view.focused_id is None:
            span = view.selection()
            pivot = span[0] if span is not None else view.week_range()[0]
            if forward:
                target = next((s for s in slots if s.start >= pivot), slots[0])
            else:
                target = next((s for s in reversed(slots) if s.start < pivot), slots[-1])
        else:
            index = next((i for i, s in enumerate(slots) if s.id == view.focused_id), -1)
            index += 1 if forward else -1
            target = slots[index] if 0 <= index < len(slots) else None
        if target is None:
            view.set_focused_slot(None)
            return False
        view.set_focused_slot(target.id)
        return True

    def _edit(self, key: Qt.Key, resize: bool) -> None:
        view = self.view
        slot = view.slot(view.focused_id) if view.focused_id is not None else None
        if slot is None:
            return
        if not slot.editable and not (slot.movable and not resize):  # a move is never resized
            view.edit_refused.emit(slot.id)
            return
        ghost = view.ghost if view.ghost is not None and view.ghost.keyboard else None
        start, end = (ghost.start, ghost.end) if ghost else (slot.start, slot.end)  # UTC
        if resize:
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                end = max(start + STEP, end + (STEP if key == Qt.Key.Key_Down else -STEP))
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            start, end = shifted(view.grid, start, end,
                                 minutes=SNAP_MINUTES if key == Qt.Key.Key_Down else -SNAP_MINUTES)
        else:
            start, end = shifted(view.grid, start, end, days=1 if key == Qt.Key.Key_Right else -1)
        view.set_ghost(Ghost(start, end, slot_id=slot.id, keyboard=True))
        view.ensure_visible(start, end)

    def _commit(self) -> None:
        view = self.view
        ghost = view.ghost
        view.set_ghost(None)
        slot = view.slot(ghost.slot_id) if ghost is not None and ghost.slot_id is not None else None
        if ghost is None or slot is None:
            return
        if ghost.start != slot.start:
            view.slot_moved.emit(slot.id, ghost.start, ghost.end)
        elif ghost.end != slot.end:
            view.slot_resized.emit(slot.id, ghost.start, ghost.end)

    def context_menu(self) -> None:
        view, grid = self.view, self.view.grid
        slot = view.slot(view.focused_id) if view.focused_id is not None else None
        span = (slot.start, slot.end) if slot is not None else view.selection()
        if span is None:
            return
        rects = grid.rects_for(*span)
        point = QPoint(round(rects[0].x + 8), round(rects[0].y + 8)) if rects else QPoint(0, 0)
        view.context_menu_requested.emit(slot.id if slot else None, span[0],
                                         view.viewport().mapToGlobal(point))

    # --- dispatch -----------------------------------------------------------------------------

    def handle(self, event: QKeyEvent) -> bool:
        view, key = self.view, Qt.Key(event.key())
        mods = event.modifiers()
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        editing = view.ghost is not None and view.ghost.keyboard
        if key in ENTER and editing:
            self._commit()
        elif key == Qt.Key.Key_Escape and view.focused_id is not None:
            slot = view.slot(view.focused_id)
            view.set_focused_slot(None)
            if slot is not None:
                self.place_cursor(Cursor.covering(view.grid, slot.start, slot.start + STEP))
        elif key == Qt.Key.Key_Escape and view.time_cursor is not None:
            here = view.time_cursor
            self.place_cursor(Cursor(here.day, here.current, here.current))
        elif key in ARROWS and alt and not view.read_only and view.focused_id is not None:
            self._edit(key, resize=shift)
        elif key == Qt.Key.Key_Home and not alt:
            if view.focused_id is not None:
                view.set_focused_slot(None)
            cursor = view.time_cursor or self.default_cursor()
            day = 0 if mods & Qt.KeyboardModifier.ControlModifier else cursor.day
            minutes = snap(view.grid.minutes_of(day, view.grid.wall_instant(day, view.work_hours[0])),
                           SNAP_MINUTES)
            self.place_cursor(Cursor(day, minutes, minutes))
        elif key in ARROWS and not alt:
            if editing:
                view.set_ghost(None)
            self._arrow(key, extend=shift and key in (Qt.Key.Key_Up, Qt.Key.Key_Down))
        elif key in ENTER and view.focused_id is not None:
            view.slot_activated.emit(view.focused_id)
        elif key in ENTER and not view.read_only:
            span = view.selection()
            if span is not None:
                view.slot_drafted.emit(*span)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and view.focused_id is not None:
            if not view.read_only:
                view.delete_requested.emit(view.focused_id)
        else:
            return False
        return True
