"""Why a slot could not go where a gesture puts it — the shared rules, asked early.

The specialist's calendar refuses an overlapping or past sweep at once, with the same words the
server would use (planner_shared.rules); it narrows the candidates with a sorted index first, so
a drag over a busy week stays cheap.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone, tzinfo

from planner_desktop.error_text import error_message
from planner_shared import rules
from planner_shared.errors import DomainError


class SlotChecker:
    """The specialist's own slots as intervals, and the reason a new range would be refused."""

    def __init__(self, intervals: Iterable[rules.Interval] = (), *, tz: tzinfo | None = None) -> None:
        self.tz = tz  # the zone the refusals speak in (the user's)
        self.set_intervals(intervals)

    def set_intervals(self, intervals: Iterable[rules.Interval]) -> None:
        # UTC: aware datetimes of one ZoneInfo compare as wall clocks, wrong in a repeated hour
        self._intervals = sorted((rules.Interval(i.start.astimezone(timezone.utc),
                                                 i.end.astimezone(timezone.utc), i.id) for i in intervals),
                                 key=lambda i: i.start)
        self._starts = [i.start for i in self._intervals]
        self._longest = max((i.end - i.start for i in self._intervals), default=timedelta(0))

    def overlapping(self, start: datetime, end: datetime, *,
                    ignore_id: int | None = None) -> rules.Interval | None:
        start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return rules.first_overlap(start, end, self._intervals[lo:hi], ignore_id=ignore_id)

    def refusal(self, start: datetime, end: datetime, ignore_id: int | None = None, *,
                now: datetime | None = None) -> DomainError | None:
        """The error the server would answer for this range, or None when it looks acceptable."""
        try:
            rules.check_slot_times(start, end, now=now)
        except DomainError as error:
            return error
        other = self.overlapping(start, end, ignore_id=ignore_id)
        if other is None:
            return None
        if self.tz is not None:  # compared in UTC above; told in the user's wall-clock time
            local = rules.Interval(other.start.astimezone(self.tz), other.end.astimezone(self.tz), other.id)
            return rules.overlap_conflict(start.astimezone(self.tz), end.astimezone(self.tz), local)
        return rules.overlap_conflict(start, end, other)

    def reason(self, start: datetime, end: datetime, ignore_id: int | None = None) -> str | None:
        """The refusal in words (the week view's validator signature)."""
        error = self.refusal(start, end, ignore_id)
        return error_message(error) if error is not None else None
