"""The week view's gestures as pure functions of the grid: which times a sweep, a move or an
edge drag means. The widget feeds them pointer positions; tests can call them without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from planner_desktop.widgets.slot_layout import SlotView
from planner_desktop.widgets.time_grid import TimeGrid, snap, utc


class Mode(Enum):
    IDLE = "idle"
    PRESSED = "pressed"
    CREATING = "creating"
    MOVING = "moving"
    RESIZING = "resizing"


class Edge(Enum):
    TOP = "top"
    BOTTOM = "bottom"


@dataclass
class Gesture:
    """What the pointer is doing between press and release."""

    mode: Mode
    x: float  # press position (viewport)
    y: float
    day: int  # the column pressed
    minutes: float  # axis minutes pressed (unsnapped, with the scroll at press time)
    slot: SlotView | None = None
    edge: Edge | None = None
    grab: float = 0.0  # moving: seconds from the slot's start to the pressed instant
    refused: bool = False  # the pressed slot may not be changed (reported once)


def clamp_minutes(grid: TimeGrid, minutes: float) -> float:
    return min(max(minutes, 0.0), grid.axis_minutes)


def sweep(grid: TimeGrid, day: int, anchor: float, current: float,
          step: int) -> tuple[datetime, datetime] | None:
    """The cells from the pressed one to the one under the pointer, both included."""
    last_cell = max(0.0, snap(grid.axis_minutes, step, "ceil") - step)
    a = min(snap(clamp_minutes(grid, anchor), step), last_cell)
    c = min(snap(clamp_minutes(grid, current), step), last_cell)
    top, bottom = min(a, c), min(max(a, c) + step, grid.axis_minutes)
    start, end = grid.instant_at(day, top), grid.instant_at(day, bottom)
    return (start, end) if end > start else None


def moved(grid: TimeGrid, slot: SlotView, grab: float, day: int, minutes: float,
          step: int) -> tuple[datetime, datetime]:
    """The slot dragged so that the grabbed instant follows the pointer; start on the step."""
    pointer = grid.timestamp_at(day, clamp_minutes(grid, minutes))
    wanted = pointer - grab
    target_day = grid.day_of(wanted)
    if target_day is None:
        target_day = 0 if wanted < grid.axis.day_starts[0] else grid.days - 1
    top = snap(grid.minutes_of(target_day, wanted), step, "round")
    start = grid.instant_at(target_day, clamp_minutes(grid, top))
    return start, start + (utc(slot.end) - utc(slot.start))


def resized(grid: TimeGrid, slot: SlotView, edge: Edge, day: int, minutes: float,
            step: int) -> tuple[datetime, datetime]:
    """The slot with one edge on the step line nearest the pointer; at least one step long."""
    at = grid.instant_at(day, clamp_minutes(grid, snap(minutes, step, "round")))
    least = timedelta(minutes=step)
    start, end = utc(slot.start), utc(slot.end)
    if edge is Edge.BOTTOM:
        return start, max(at, start + least)
    return min(at, end - least), end


def shifted(grid: TimeGrid, start: datetime, end: datetime, *, days: int = 0,
            minutes: float = 0.0) -> tuple[datetime, datetime]:
    """A range moved by whole cells of the axis (the same wall-clock time on another day)."""
    position = grid.position_of(start)
    if position is None:
        return start, end
    day = min(max(position[0] + days, 0), grid.days - 1)
    top = clamp_minutes(grid, position[1] + minutes)
    new_start = grid.instant_at(day, top)
    return new_start, new_start + (utc(end) - utc(start))
