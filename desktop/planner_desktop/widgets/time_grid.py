"""The week view's time↔pixel mapping: pure arithmetic, no Qt.

The vertical axis counts *axis minutes* from the top of a day column. On an ordinary week it is
the wall clock (0 … 1440). Daylight saving is handled with ``zoneinfo`` and real instants, never
by adding hours to a naive time:

* a day that springs forward (23 hours) leaves a *dead band* where its skipped wall-clock hour
  would be: no instant maps there, and a point inside it reads as the instant of the jump;
* a day that falls back (25 hours) repeats an hour; the week's axis then holds that hour twice
  (``02:00`` and ``02:00²``), so every instant of the week has exactly one place and the same
  wall-clock time sits at the same height in every column. On the other days the repeated row is
  a dead band.

Each day is described by *segments* ``(m0, m1, t0)``: axis minutes ``m0 … m1`` show the instants
``t0 … t0 + (m1 - m0) minutes`` (``t0`` in POSIX seconds). Everything else follows from them.

Instants come back as UTC-aware datetimes, so arithmetic on them is real elapsed time (Python
subtracts and adds two datetimes of one ``ZoneInfo`` as wall clocks); ``astimezone(tz)`` shows them.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

DAY_MINUTES = 1440
UTC = timezone.utc
SNAP_MINUTES = 15
FINE_SNAP_MINUTES = 5


@dataclass(frozen=True)
class Segment:
    m0: float  # axis minutes
    m1: float
    t0: float  # POSIX seconds of the instant at m0


@dataclass(frozen=True)
class Band:
    """A wall-clock range ``[start, end)`` (minutes) that a fall-back day lives through twice."""

    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class HourMark:
    minutes: float  # axis minutes
    label: str
    repeated: bool = False  # the second pass through a wall-clock hour on a fall-back day


@dataclass(frozen=True)
class Rect:
    """A rectangle of one day column (a range crossing midnight gives one per day)."""

    day: int
    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class WeekAxis:
    """The DST-aware skeleton of one week in one zone (computed once, then cached)."""

    day_starts: tuple[float, ...]  # POSIX seconds; days + 1 entries (the last is the week's end)
    segments: tuple[tuple[Segment, ...], ...]
    bands: tuple[Band, ...]
    length: float  # axis minutes of a day column: 1440 plus the repeated bands


def _utc_midnight(day: date) -> float:
    return float(calendar.timegm(day.timetuple()))


def _offset(ts: float, tz: tzinfo) -> float:
    offset = datetime.fromtimestamp(ts, tz).utcoffset()
    return offset.total_seconds() if offset is not None else 0.0


def _local_date(ts: float, tz: tzinfo) -> date:
    return datetime.fromtimestamp(ts, tz).date()


def first_instant(day: date, tz: tzinfo) -> float:
    """POSIX seconds of the first instant whose local date is ``day`` (midnight, or the jump)."""
    guess = datetime.combine(day, time(0), tzinfo=tz).timestamp()
    if _local_date(guess, tz) == day and _local_date(guess - 1, tz) < day:
        return guess
    lo, hi = int(_utc_midnight(day)) - 15 * 3600, int(_utc_midnight(day)) + 15 * 3600
    while lo < hi:  # smallest second whose local date is >= day
        mid = (lo + hi) // 2
        if _local_date(mid, tz) >= day:
            hi = mid
        else:
            lo = mid + 1
    return float(lo)


def _transitions(start: float, end: float, tz: tzinfo) -> list[tuple[float, float, float]]:
    """(instant, offset before, offset after) of each offset change in ``[start, end)``."""
    found = []
    lo_ts = start
    while lo_ts < end - 1:
        before, after = _offset(lo_ts, tz), _offset(end - 1, tz)
        if before == after:
            break
        lo, hi = int(lo_ts), int(end - 1)
        while lo < hi:  # first second with a different offset
            mid = (lo + hi) // 2
            if _offset(mid, tz) != before:
                hi = mid
            else:
                lo = mid + 1
        found.append((float(lo), before, _offset(lo, tz)))
        lo_ts = float(lo)
    return found


def _base(wall: float, bands: tuple[Band, ...]) -> float:
    return wall + sum(band.length for band in bands if band.end <= wall)


@lru_cache(maxsize=64)
def week_axis(week_start: date, tz: tzinfo, days: int = 7) -> WeekAxis:
    dates = [week_start + timedelta(days=i) for i in range(days + 1)]
    starts = tuple(first_instant(d, tz) for d in dates)
    pieces_by_day: list[list[tuple[float, float, float, bool]]] = []  # (a, b, wall_a, second)
    bands: list[Band] = []
    for i in range(days):
        midnight = _utc_midnight(dates[i])
        bounds = [starts[i]]
        fall_backs = set()
        for instant, before, after in _transitions(starts[i], starts[i + 1], tz):
            bounds.append(instant)
            if after < before:
                band = Band((instant + after - midnight) / 60, (instant + before - midnight) / 60)
                if not any(b.start < band.end and band.start < b.end for b in bands):
                    bands.append(band)
                    fall_backs.add(instant)
        bounds.append(starts[i + 1])
        pieces = []
        for a, b in itertools.pairwise(bounds):
            if b > a:
                wall_a = (a + _offset(a, tz) - midnight) / 60
                pieces.append((a, b, wall_a, a in fall_backs))
        pieces_by_day.append(pieces)
    bands.sort(key=lambda band: band.start)
    frozen_bands = tuple(bands)
    cuts = sorted({edge for band in frozen_bands for edge in (band.start, band.end)})
    segments = []
    for pieces in pieces_by_day:
        day_segments = []
        for a, b, wall_a, second in pieces:
            wall_b = wall_a + (b - a) / 60
            own = next((band for band in frozen_bands if second and band.start == wall_a), None)
            inner = [c for c in cuts if wall_a < c < wall_b]
            walls = [wall_a, *inner, wall_b]
            for u0, u1 in itertools.pairwise(walls):
                m0 = _base(u0, frozen_bands)
                if own is not None and own.start <= u0 < own.end:
                    m0 += own.length
                day_segments.append(Segment(m0, m0 + (u1 - u0), a + (u0 - wall_a) * 60))
        segments.append(tuple(sorted(day_segments, key=lambda s: s.m0)))
    length = DAY_MINUTES + sum(band.length for band in frozen_bands)
    return WeekAxis(starts, tuple(segments), frozen_bands, length)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC, where adding and subtracting is real elapsed time."""
    return moment.astimezone(UTC)


def snap(minutes: float, step: int = SNAP_MINUTES, mode: str = "floor") -> float:
    """Snap axis minutes to a multiple of ``step`` ('floor', 'ceil' or 'round')."""
    ratio = minutes / step
    if mode == "floor":
        return math.floor(ratio + 1e-9) * step
    if mode == "ceil":
        return math.ceil(ratio - 1e-9) * step
    return math.floor(ratio + 0.5) * step


@dataclass(frozen=True)
class TimeGrid:
    """Where a week's times sit on screen, and which time a point means.

    Viewport coordinates: the date header is ``header_height`` tall at the top, the hour gutter
    ``gutter_width`` wide at the left; the day columns scroll by ``scroll_x``/``scroll_y``.
    Content coordinates are the same without the scroll.
    """

    week_start: date
    tz: tzinfo
    day_width: float = 120.0
    hour_height: float = 48.0
    scroll_x: float = 0.0
    scroll_y: float = 0.0
    header_height: float = 40.0
    gutter_width: float = 56.0
    days: int = 7
    axis: WeekAxis = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "axis", week_axis(self.week_start, self.tz, self.days))

    # --- shape ------------------------------------------------------------------------------

    def with_(self, **changes: float) -> TimeGrid:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def minute_height(self) -> float:
        return self.hour_height / 60

    @property
    def axis_minutes(self) -> float:
        return self.axis.length

    @property
    def content_height(self) -> float:
        return self.axis.length * self.minute_height

    @property
    def content_width(self) -> float:
        return self.days * self.day_width

    def day_date(self, day: int) -> date:
        return self.week_start + timedelta(days=day)

    def day_start(self, day: int) -> datetime:
        return datetime.fromtimestamp(self.axis.day_starts[day], UTC)

    def day_end(self, day: int) -> datetime:
        return datetime.fromtimestamp(self.axis.day_starts[day + 1], UTC)

    def day_length(self, day: int) -> timedelta:
        return timedelta(seconds=self.axis.day_starts[day + 1] - self.axis.day_starts[day])

    def week_range(self) -> tuple[datetime, datetime]:
        return self.day_start(0), self.day_end(self.days - 1)

    def dead_bands(self, day: int) -> list[tuple[float, float]]:
        """Axis-minute ranges of a column that no instant of that day occupies."""
        bands, cursor = [], 0.0
        for seg in self.axis.segments[day]:
            if seg.m0 > cursor + 1e-9:
                bands.append((cursor, seg.m0))
            cursor = max(cursor, seg.m1)
        if cursor < self.axis.length - 1e-9:
            bands.append((cursor, self.axis.length))
        return bands

    def hour_marks(self) -> list[HourMark]:
        """Gutter labels: each wall-clock hour at its height, a repeated hour twice."""
        marks = []
        bands = self.axis.bands
        for hour in range(24):
            wall = hour * 60.0
            marks.append(HourMark(_base(wall, bands), f"{hour:02d}:00"))
            for band in bands:
                if band.start <= wall < band.end:
                    marks.append(HourMark(_base(wall, bands) + band.length, f"{hour:02d}:00", True))
        return sorted(marks, key=lambda mark: mark.minutes)

    # --- coordinates --------------------------------------------------------------------------

    def x_for_day(self, day: int) -> float:
        return self.gutter_width + day * self.day_width - self.scroll_x

    def y_for_minutes(self, minutes: float) -> float:
        return self.header_height + minutes * self.minute_height - self.scroll_y

    def day_at_x(self, x: float) -> int | None:
        if x < self.gutter_width:
            return None
        day = math.floor((x - self.gutter_width + self.scroll_x) / self.day_width)
        return day if 0 <= day < self.days else None

    def minutes_at_y(self, y: float) -> float:
        return (y - self.header_height + self.scroll_y) / self.minute_height

    def in_body(self, x: float, y: float) -> bool:
        return x >= self.gutter_width and y >= self.header_height

    # --- instants -----------------------------------------------------------------------------

    def timestamp_at(self, day: int, minutes: float) -> float:
        """POSIX seconds shown at axis ``minutes`` of ``day`` (a dead band reads as its far edge)."""
        minutes = min(max(minutes, 0.0), self.axis.length)
        for seg in self.axis.segments[day]:
            if minutes < seg.m1:
                return seg.t0 + (max(minutes, seg.m0) - seg.m0) * 60
        return self.axis.day_starts[day + 1]

    def instant_at(self, day: int, minutes: float) -> datetime:
        return datetime.fromtimestamp(self.timestamp_at(day, minutes), UTC)

    def day_of(self, moment: datetime | float) -> int | None:
        ts = moment if isinstance(moment, float | int) else moment.timestamp()
        day = bisect.bisect_right(self.axis.day_starts, ts) - 1
        return day if 0 <= day < self.days else None

    def minutes_of(self, day: int, moment: datetime | float, *, end: bool = False) -> float:
        """Axis minutes of an instant in ``day``'s column (``end``: as the end of a range)."""
        ts = float(moment if isinstance(moment, float | int) else moment.timestamp())
        segments = self.axis.segments[day]
        for seg in segments:
            seg_end = seg.t0 + (seg.m1 - seg.m0) * 60
            if (seg.t0 < ts <= seg_end) if end else (seg.t0 <= ts < seg_end):
                return seg.m0 + (ts - seg.t0) / 60
        if ts <= self.axis.day_starts[day]:
            return 0.0 if end or not segments else segments[0].m0
        return self.axis.length

    def position_of(self, moment: datetime) -> tuple[int, float] | None:
        day = self.day_of(moment)
        return None if day is None else (day, self.minutes_of(day, moment))

    def time_at(self, x: float, y: float, *, step: int | None = None,
                mode: str = "floor") -> datetime | None:
        """The instant a point shows (snapped to ``step`` minutes), or None outside the columns."""
        day = self.day_at_x(x)
        if day is None or y < self.header_height:
            return None
        minutes = self.minutes_at_y(y)
        if step:
            minutes = snap(minutes, step, mode)
        return self.instant_at(day, minutes)

    def wall_instant(self, day: int, hour: int, minute: int = 0) -> datetime:
        """The instant a wall-clock time of ``day`` names (a skipped time reads as the jump)."""
        naive = datetime.combine(self.day_date(day), time(hour % 24, minute))
        if hour >= 24:
            naive += timedelta(days=1)
        wall = (calendar.timegm(naive.timetuple()) - _utc_midnight(self.day_date(day))) / 60
        bands = self.axis.bands
        return self.instant_at(day, _base(wall, bands)) if wall < DAY_MINUTES else self.day_end(day)

    # --- rectangles ---------------------------------------------------------------------------

    def spans(self, start: datetime | float, end: datetime | float) -> list[tuple[int, float, float]]:
        """``(day, top, bottom)`` in axis minutes of each column the range ``[start, end)`` crosses."""
        s = float(start if isinstance(start, float | int) else start.timestamp())
        e = float(end if isinstance(end, float | int) else end.timestamp())
        starts = self.axis.day_starts
        if e <= s or e <= starts[0] or s >= starts[-1]:
            return []
        first = max(bisect.bisect_right(starts, s) - 1, 0)
        result = []
        for day in range(first, self.days):
            lo, hi = starts[day], starts[day + 1]
            if lo >= e:
                break
            top = self.minutes_of(day, max(s, lo))
            bottom = self.axis.length if e >= hi else self.minutes_of(day, e, end=True)
            if bottom > top:
                result.append((day, top, bottom))
        return result

    def rect_for_span(self, day: int, top: float, bottom: float, *, lane: int = 0, lanes: int = 1,
                      inset: float = 0.0, scrolled: bool = True) -> Rect:
        width = (self.day_width - 2 * inset) / lanes
        x = self.gutter_width + day * self.day_width + inset + lane * width
        y = self.header_height + top * self.minute_height
        if scrolled:
            x, y = x - self.scroll_x, y - self.scroll_y
        return Rect(day, x, y, width, (bottom - top) * self.minute_height)

    def rects_for(self, start: datetime | float, end: datetime | float, *,
                  scrolled: bool = True) -> list[Rect]:
        """One rectangle per day column the range covers; a range crossing midnight splits."""
        return [self.rect_for_span(day, top, bottom, scrolled=scrolled)
                for day, top, bottom in self.spans(start, end)]
