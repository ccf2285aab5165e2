"""The marks the week view shows over its slots, as plain values: the keyboard's time-cell
:class:`Cursor` and the :class:`Ghost` of a gesture in progress.

The mouse (week_pointer), the keyboard (week_keys), the drawing (week_overlay) and the widget
(week_view) all use them; they depend only on the grid and the gesture math below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner_desktop.widgets.time_grid import SNAP_MINUTES, TimeGrid, snap
from planner_desktop.widgets.week_gesture import sweep


@dataclass
class Ghost:
    """The range a gesture would produce; ``reason`` says why it would be refused."""

    start: datetime
    end: datetime
    slot_id: int | None = None
    reason: str | None = None
    keyboard: bool = False

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Ghost) and (self.start, self.end, self.slot_id, self.keyboard)
                == (other.start, other.end, other.slot_id, other.keyboard))

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Cursor:
    """A selection of time cells in one column: from the anchor cell to the current one."""

    day: int
    anchor: float  # axis minutes of the cell's top
    current: float

    def range(self, grid: TimeGrid) -> tuple[datetime, datetime] | None:
        if self.day >= grid.days:
            return None
        return sweep(grid, self.day, self.anchor, self.current, SNAP_MINUTES)

    @classmethod
    def covering(cls, grid: TimeGrid, start: datetime, end: datetime) -> Cursor | None:
        position = grid.position_of(start)
        if position is None:
            return None
        day, top = position
        bottom = grid.minutes_of(day, end, end=True) if grid.day_of(end.timestamp() - 1) == day \
            else grid.axis_minutes
        top = snap(top, SNAP_MINUTES)
        return cls(day, top, max(top, snap(bottom, SNAP_MINUTES, "ceil") - SNAP_MINUTES))
