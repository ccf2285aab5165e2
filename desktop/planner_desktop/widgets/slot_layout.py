"""What the week view shows of a slot, and where: a small view-model and the lane layout.

Pure Python (no Qt): slots are laid out once per data change, in axis minutes; the widget turns
the result into pixels when its size changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from planner_desktop.widgets.time_grid import TimeGrid, utc
from planner_shared import rules
from planner_shared.enums import SlotStatus
from planner_shared.schemas import SlotRead


@dataclass(frozen=True)
class SlotView:
    """The part of a slot the calendar shows (built from a SlotRead, or directly in tests)."""

    id: int
    start: datetime
    end: datetime
    status: SlotStatus = SlotStatus.FREE
    context: str = ""
    cost: Decimal | None = None
    client_name: str | None = None
    specialist_name: str = ""
    badge: str = ""  # a short mark shown first (e.g. the specialist's initials when several share a view)
    tint: str = ""  # a colour ("#rrggbb") for a stripe at the left edge, telling such groups apart
    blocked_by: str | None = None  # a free slot a booking rule blocks now: the rule's code

    def __post_init__(self) -> None:  # UTC: durations and shifts are real time
        object.__setattr__(self, "start", utc(self.start))
        object.__setattr__(self, "end", utc(self.end))

    @property
    def editable(self) -> bool:
        return rules.is_editable(self.status)

    @classmethod
    def from_read(cls, slot: SlotRead, *, now: datetime | None = None) -> SlotView:
        return cls(id=slot.id, start=slot.start_time, end=slot.end_time,
                   status=rules.effective_status(slot.status, slot.end_time, now=now),
                   context=slot.context, cost=slot.cost, client_name=slot.client_name,
                   specialist_name=slot.specialist_name, blocked_by=slot.blocked_by)


def as_views(slots: Iterable[SlotRead | SlotView], *, now: datetime | None = None) -> list[SlotView]:
    """View-models with the effective status (an agreed slot whose end passed reads as completed)."""
    return [replace(s, status=rules.effective_status(s.status, s.end, now=now))
            if isinstance(s, SlotView) else SlotView.from_read(s, now=now) for s in slots]


@dataclass
class Placed:
    """One column's piece of a slot: a slot crossing midnight has two."""

    slot: SlotView
    day: int
    top: float  # axis minutes
    bottom: float
    lane: int = 0
    lanes: int = 1
    first: bool = True  # holds the slot's start (top edge, labels)
    last: bool = True  # holds the slot's end (bottom edge)


def layout(slots: Iterable[SlotView], grid: TimeGrid) -> list[Placed]:
    """Every piece of every slot in the week, overlapping ones side by side in lanes.

    The result is ordered by day, then top; lanes are shared by each cluster of pieces that
    overlap one another (directly or through a chain), as desktop calendars do.
    """
    by_day: list[list[Placed]] = [[] for _ in range(grid.days)]
    for slot in slots:
        spans = grid.spans(slot.start, slot.end)
        for n, (day, top, bottom) in enumerate(spans):
            by_day[day].append(Placed(slot, day, top, bottom, first=n == 0 and _starts_in_week(grid, slot),
                                      last=n == len(spans) - 1 and _ends_in_week(grid, slot)))
    result: list[Placed] = []
    for pieces in by_day:
        pieces.sort(key=lambda p: (p.top, -p.bottom, p.slot.id))
        _assign_lanes(pieces)
        result.extend(pieces)
    return result


def _starts_in_week(grid: TimeGrid, slot: SlotView) -> bool:
    return grid.day_of(slot.start) is not None


def _ends_in_week(grid: TimeGrid, slot: SlotView) -> bool:
    return grid.axis.day_starts[0] < slot.end.timestamp() <= grid.axis.day_starts[-1]


def _assign_lanes(pieces: list[Placed]) -> None:
    cluster: list[Placed] = []
    lane_bottoms: list[float] = []
    cluster_bottom = float("-inf")
    for piece in pieces:
        if piece.top >= cluster_bottom and cluster:
            _close(cluster, len(lane_bottoms))
            cluster, lane_bottoms = [], []
        for lane, bottom in enumerate(lane_bottoms):
            if bottom <= piece.top:
                piece.lane, lane_bottoms[lane] = lane, piece.bottom
                break
        else:
            piece.lane = len(lane_bottoms)
            lane_bottoms.append(piece.bottom)
        cluster.append(piece)
        cluster_bottom = max(cluster_bottom, piece.bottom) if len(cluster) > 1 else piece.bottom
    if cluster:
        _close(cluster, len(lane_bottoms))


def _close(cluster: list[Placed], lanes: int) -> None:
    for piece in cluster:
        piece.lanes = lanes
