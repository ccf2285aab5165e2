"""The week view's time↔pixel mapping, without Qt: sizes, scrolling, snapping, daylight saving."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from planner_desktop.widgets.time_grid import TimeGrid, first_instant, snap

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
SUMMER_WEEK = date(2025, 6, 16)  # Monday, no transition
SPRING_WEEK = date(2025, 3, 24)  # Sunday 30 March: 02:00 → 03:00 (23 hours)
AUTUMN_WEEK = date(2025, 10, 20)  # Sunday 26 October: 03:00 → 02:00 (25 hours)

SIZES = [  # day_width, hour_height, scroll_y, header, gutter
    (120.0, 48.0, 0.0, 40.0, 56.0),
    (87.5, 30.0, 215.0, 32.0, 48.0),
    (200.0, 96.0, 1333.0, 50.0, 70.0),
]


def berlin(y: int, mo: int, d: int, h: int, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN, fold=fold)


@pytest.mark.parametrize(("day_width", "hour_height", "scroll", "header", "gutter"), SIZES)
def test_point_and_time_agree_at_every_size_and_scroll(day_width: float, hour_height: float,
                                                       scroll: float, header: float,
                                                       gutter: float) -> None:
    grid = TimeGrid(SUMMER_WEEK, BERLIN, day_width=day_width, hour_height=hour_height,
                    scroll_y=scroll, header_height=header, gutter_width=gutter)
    moment = berlin(2025, 6, 19, 14, 45)  # Thursday, day 3
    (rect,) = grid.rects_for(moment, moment + timedelta(minutes=30))
    assert rect.day == 3
    assert rect.x == pytest.approx(gutter + 3 * day_width)
    assert rect.y == pytest.approx(header + 14.75 * hour_height - scroll)
    assert rect.height == pytest.approx(0.5 * hour_height)
    # any point inside the cell reads as that cell's start once snapped
    for dy in (0.01, 0.25 * hour_height - 0.01):
        assert grid.time_at(rect.x + 1, rect.y + dy, step=15) == moment
    # and the exact point reads as the exact time
    assert grid.time_at(rect.x + day_width - 1, rect.y) == moment


def test_points_outside_the_columns_mean_no_time() -> None:
    grid = TimeGrid(SUMMER_WEEK, BERLIN)
    assert grid.time_at(grid.gutter_width - 1, 300) is None  # the hour gutter
    assert grid.time_at(200, grid.header_height - 1) is None  # the date header
    assert grid.time_at(grid.gutter_width + 7 * grid.day_width + 1, 300) is None


def test_snapping_floors_to_15_or_5_minutes() -> None:
    assert snap(7, 15) == 0
    assert snap(14.99, 15) == 0
    assert snap(15, 15) == 15
    assert snap(29.999, 15) == 15
    assert snap(7, 5) == 5
    assert snap(7, 15, "ceil") == 15
    assert snap(8, 15, "round") == 15
    assert snap(7, 15, "round") == 0
    grid = TimeGrid(SUMMER_WEEK, BERLIN, hour_height=60)  # one pixel per minute
    y = grid.header_height + 9 * 60 + 13  # 09:13
    assert grid.time_at(grid.gutter_width + 5, y, step=15) == berlin(2025, 6, 16, 9, 0)
    assert grid.time_at(grid.gutter_width + 5, y, step=5) == berlin(2025, 6, 16, 9, 10)


def test_a_range_crossing_midnight_splits_into_two_rectangles() -> None:
    grid = TimeGrid(SUMMER_WEEK, BERLIN, hour_height=40)
    first, second = grid.rects_for(berlin(2025, 6, 17, 23, 0), berlin(2025, 6, 18, 1, 30))
    assert (first.day, second.day) == (1, 2)
    assert first.y == pytest.approx(grid.header_height + 23 * 40)
    assert first.bottom == pytest.approx(grid.header_height + 24 * 40)
    assert second.y == pytest.approx(grid.header_height)
    assert second.height == pytest.approx(1.5 * 40)


def test_ranges_are_clipped_to_the_week() -> None:
    grid = TimeGrid(SUMMER_WEEK, BERLIN)
    before = berlin(2025, 6, 15, 22, 0)  # the Sunday before
    (rect,) = grid.rects_for(before, berlin(2025, 6, 16, 2, 0))
    assert rect.day == 0 and rect.y == grid.header_height
    assert grid.rects_for(before, berlin(2025, 6, 15, 23, 0)) == []
    assert grid.rects_for(berlin(2025, 6, 16, 10), berlin(2025, 6, 16, 10)) == []


def test_an_ordinary_week_has_seven_days_of_24_hours() -> None:
    grid = TimeGrid(SUMMER_WEEK, BERLIN)
    assert [grid.day_length(d) for d in range(7)] == [timedelta(hours=24)] * 7
    assert grid.axis_minutes == 1440
    assert all(grid.dead_bands(d) == [] for d in range(7))
    assert [m.label for m in grid.hour_marks()] == [f"{h:02d}:00" for h in range(24)]


def test_spring_forward_day_has_23_hours_and_no_0200() -> None:
    grid = TimeGrid(SPRING_WEEK, BERLIN, hour_height=60)
    assert grid.day_length(6) == timedelta(hours=23)
    assert grid.day_length(5) == timedelta(hours=24)
    assert grid.axis_minutes == 1440
    assert grid.dead_bands(6) == [(120.0, 180.0)]  # 02:00–03:00 never happens
    x = grid.x_for_day(6) + 5
    jump = datetime(2025, 3, 30, 1, 0, tzinfo=UTC)  # 03:00 CEST, the first instant after 01:59:59 CET
    for minute in (120, 135, 179):
        assert grid.time_at(x, grid.y_for_minutes(minute)) == jump
    assert grid.time_at(x, grid.y_for_minutes(180)) == berlin(2025, 3, 30, 3, 0)
    assert grid.time_at(x, grid.y_for_minutes(119)) == berlin(2025, 3, 30, 1, 59)
    # a slot over the jump lasts one real hour and spans 01:30–03:30 on the wall clock
    start = berlin(2025, 3, 30, 1, 30)
    (rect,) = grid.rects_for(start, start + timedelta(hours=1))
    assert (rect.y, rect.bottom) == (grid.y_for_minutes(90), grid.y_for_minutes(210))
    # the skipped time named on the wall clock reads as the jump, never as a naive sum
    assert grid.wall_instant(6, 2, 30) == jump
    assert grid.wall_instant(6, 9) == berlin(2025, 3, 30, 9)
    assert grid.wall_instant(6, 9).astimezone(BERLIN).utcoffset() == timedelta(hours=2)


def test_fall_back_day_has_25_hours_and_its_repeated_hour_gets_its_own_row() -> None:
    grid = TimeGrid(AUTUMN_WEEK, BERLIN, hour_height=60)
    assert grid.day_length(6) == timedelta(hours=25)
    assert grid.axis_minutes == 1500
    marks = [(m.minutes, m.label, m.repeated) for m in grid.hour_marks()][:5]
    assert marks == [(0, "00:00", False), (60, "01:00", False), (120, "02:00", False),
                     (180, "02:00", True), (240, "03:00", False)]
    first = berlin(2025, 10, 26, 2, 30, fold=0)  # CEST
    second = berlin(2025, 10, 26, 2, 30, fold=1)  # CET, one hour later
    assert second.timestamp() - first.timestamp() == 3600
    assert grid.position_of(first) == (6, 150)
    assert grid.position_of(second) == (6, 210)
    assert grid.position_of(berlin(2025, 10, 26, 4, 0)) == (6, 300)
    # the same wall-clock time sits at the same height on every day of the week
    assert grid.position_of(berlin(2025, 10, 22, 4, 0)) == (2, 300)
    assert grid.position_of(berlin(2025, 10, 22, 2, 30)) == (2, 150)
    # on the other days the repeated row is dead: it reads as 03:00, and ranges skip it
    assert grid.dead_bands(2) == [(180.0, 240.0)]
    assert grid.dead_bands(6) == []
    x = grid.x_for_day(2) + 3
    assert grid.time_at(x, grid.y_for_minutes(200)) == berlin(2025, 10, 22, 3, 0)
    (rect,) = grid.rects_for(berlin(2025, 10, 22, 2, 30), berlin(2025, 10, 22, 3, 0))
    assert (rect.y, rect.bottom) == (grid.y_for_minutes(150), grid.y_for_minutes(180))
    # a point in the repeated row of the long day is the second 02:xx
    x6 = grid.x_for_day(6) + 3
    # (an instant in a repeated hour never compares equal across zones, PEP 495: use seconds)
    assert grid.time_at(x6, grid.y_for_minutes(210)).timestamp() == second.timestamp()
    assert grid.time_at(x6, grid.y_for_minutes(150)).timestamp() == first.timestamp()


def test_a_day_whose_midnight_never_happens_starts_at_the_jump() -> None:
    santiago = ZoneInfo("America/Santiago")  # 7 September 2025: 00:00 → 01:00
    grid = TimeGrid(date(2025, 9, 1), santiago)
    assert grid.day_start(6) == datetime(2025, 9, 7, 1, 0, tzinfo=santiago)
    assert grid.day_length(6) == timedelta(hours=23)
    assert grid.dead_bands(6) == [(0.0, 60.0)]
    assert first_instant(date(2025, 9, 7), santiago) == datetime(2025, 9, 7, 4, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(("zone", "week"), [
    ("Europe/Berlin", SPRING_WEEK), ("Europe/Berlin", AUTUMN_WEEK), ("America/Santiago", date(2025, 4, 1)),
    ("America/Santiago", date(2025, 9, 1)), ("Australia/Lord_Howe", date(2025, 4, 1)),
    ("America/New_York", date(2025, 11, 1)), ("UTC", SUMMER_WEEK),
])
def test_every_instant_of_a_week_round_trips(zone: str, week: date) -> None:
    tz = ZoneInfo(zone)
    grid = TimeGrid(week, tz, hour_height=52, scroll_y=123)
    start, end = grid.week_range()
    # (aware datetimes of one zone subtract as wall clocks in Python: compare real seconds)
    real = timedelta(seconds=end.timestamp() - start.timestamp())
    assert real == sum((grid.day_length(d) for d in range(7)), timedelta())
    moment = start
    while moment < end:
        day, minutes = grid.position_of(moment)
        assert grid.instant_at(day, minutes).timestamp() == moment.timestamp()
        x, y = grid.x_for_day(day) + 1, grid.y_for_minutes(minutes)
        if y >= grid.header_height:  # scrolled out of sight above otherwise
            assert grid.time_at(x, y + 1e-6).timestamp() == pytest.approx(moment.timestamp(), abs=0.01)
        moment = (moment.astimezone(UTC) + timedelta(minutes=5)).astimezone(tz)


def test_the_axis_is_monotonic_so_ranges_never_turn_upside_down() -> None:
    grid = TimeGrid(AUTUMN_WEEK, BERLIN)
    for day in range(7):
        previous = None
        for minute in range(0, int(grid.axis_minutes) + 1, 5):
            ts = grid.timestamp_at(day, minute)
            assert previous is None or ts >= previous
            previous = ts
