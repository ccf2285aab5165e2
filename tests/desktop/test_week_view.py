"""The week view driven like a user would: QTest presses, moves, releases and keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner_desktop.widgets.slot_layout import SlotView, layout
from planner_desktop.widgets.status_legend import STYLES, StatusLegend
from planner_desktop.widgets.week_view import WeekView
from planner_shared.enums import SlotStatus

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
WEEK = date(2025, 6, 16)  # Monday
NOW = datetime(2025, 6, 16, 7, 40, tzinfo=BERLIN)
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def at(day: int, hour: int, minute: int = 0, *, week: date = WEEK, fold: int = 0) -> datetime:
    d = week + timedelta(days=day)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=BERLIN, fold=fold)


def same(a: datetime, b: datetime) -> bool:
    return a.timestamp() == b.timestamp()


def point(view: WeekView, day: int, hour: int, minute: float = 0, dx: float = 10) -> QPoint:
    """Where a wall-clock time of a day sits, from the widget's geometry (ordinary weeks)."""
    g = view.grid
    x = g.gutter_width + day * g.day_width + dx
    y = g.header_height + (hour * 60 + minute) * g.hour_height / 60 - g.scroll_y
    return QPoint(round(x), round(y))


def drag(view: WeekView, start: QPoint, end: QPoint, *, modifier=NO_MOD, steps: int = 4,
         release: bool = True) -> None:
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, modifier, start)
    for n in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * n / steps)
    if release:
        QTest.mouseRelease(viewport, LEFT, modifier, end)


def record(signal) -> list[tuple]:
    seen: list[tuple] = []
    signal.connect(lambda *args: seen.append(args))
    return seen


@pytest.fixture
def view(qtbot) -> WeekView:
    widget = WeekView(tz=BERLIN, now=lambda: NOW)
    widget.set_week(WEEK)
    widget.resize(900, 640)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.verticalScrollBar().setValue(0)
    return widget


def slots() -> list[SlotView]:
    return [
        SlotView(1, at(1, 10), at(1, 11), SlotStatus.FREE, "Intro", Decimal("40")),
        SlotView(2, at(1, 13), at(1, 14), SlotStatus.AGREEMENT, "Tax", Decimal("90"), "Ann Lee"),
        SlotView(3, at(2, 9), at(2, 10, 30), SlotStatus.RESERVED, "Will", Decimal("70"), "Bo Chan"),
    ]


@pytest.mark.parametrize(("width", "height", "hour_height", "scroll"), [
    (900, 640, 48, 0), (1300, 800, 60, 300), (640, 480, 30, 150), (900, 640, 96, 900),
])
def test_a_sweep_drafts_exactly_the_cells_under_the_pointer(view: WeekView, width: int, height: int,
                                                            hour_height: float, scroll: int) -> None:
    view.resize(width, height)
    view.set_hour_height(hour_height)
    view.verticalScrollBar().setValue(scroll)
    view.clearFocus()  # the press gives focus: that must not scroll the view under the pointer
    view.time_cursor = None
    assert view.grid.scroll_y == scroll
    top_hour = int(scroll / hour_height) + 1  # an hour in sight at this scroll
    drafted = record(view.slot_drafted)
    drag(view, point(view, 3, top_hour, 5), point(view, 3, top_hour + 1, 20))
    assert len(drafted) == 1
    start, end = drafted[0]
    assert same(start, at(3, top_hour, 0)) and same(end, at(3, top_hour + 1, 30))
    assert view.ghost is None and view.grid.scroll_y == scroll
    assert view.selection() is not None and same(view.selection()[0], start)


def test_a_sweep_upwards_covers_the_same_cells(view: WeekView) -> None:
    drafted = record(view.slot_drafted)
    drag(view, point(view, 4, 11, 20), point(view, 4, 9, 50))
    (start, end), = drafted
    assert same(start, at(4, 9, 45)) and same(end, at(4, 11, 30))


def test_shift_snaps_to_five_minutes(view: WeekView) -> None:
    view.set_hour_height(120)  # two pixels a minute
    view.verticalScrollBar().setValue(8 * 120)
    drafted = record(view.slot_drafted)
    drag(view, point(view, 2, 10, 7), point(view, 2, 10, 41), modifier=Qt.KeyboardModifier.ShiftModifier)
    (start, end), = drafted
    assert same(start, at(2, 10, 5)) and same(end, at(2, 10, 45))


def test_the_ghost_shows_live_times_and_esc_cancels(view: WeekView) -> None:
    drafted = record(view.slot_drafted)
    drag(view, point(view, 1, 9, 10), point(view, 1, 10, 10), release=False)
    assert view.ghost is not None
    assert (view.ghost.start.astimezone(BERLIN).strftime("%H:%M"),
            view.ghost.end.astimezone(BERLIN).strftime("%H:%M")) == ("09:00", "10:15")
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.ghost is None and view.gesture is None
    QTest.mouseMove(view.viewport(), point(view, 1, 12))
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, point(view, 1, 12))
    assert drafted == []


def test_dragging_a_free_slot_moves_it_across_days(view: WeekView) -> None:
    view.set_slots(slots())
    moved = record(view.slot_moved)
    # grab the slot (Tue 10:00–11:00) at 10:30, drop at Thu 14:40 → starts 14:15 (nearest step)
    drag(view, point(view, 1, 10, 30), point(view, 3, 14, 40))
    (slot_id, start, end), = moved
    assert slot_id == 1
    assert same(start, at(3, 14, 15)) and same(end, at(3, 15, 15))


def test_dragging_an_edge_resizes(view: WeekView) -> None:
    view.set_slots(slots())
    resized = record(view.slot_resized)
    drag(view, point(view, 1, 11, -2), point(view, 1, 12, 10))  # bottom edge → 12:15
    drag(view, point(view, 1, 10, 2), point(view, 1, 9, 31))  # top edge → 09:30
    assert [(r[0], r[1].astimezone(BERLIN).strftime("%H:%M"), r[2].astimezone(BERLIN).strftime("%H:%M"))
            for r in resized] == [(1, "10:00", "12:15"), (1, "09:30", "11:00")]


def test_the_edge_zone_shows_the_resize_cursor(view: WeekView) -> None:
    view.set_slots(slots())
    QTest.mouseMove(view.viewport(), point(view, 1, 11, -2))
    assert view.viewport().cursor().shape() == Qt.CursorShape.SizeVerCursor
    QTest.mouseMove(view.viewport(), point(view, 1, 10, 30))
    assert view.viewport().cursor().shape() == Qt.CursorShape.OpenHandCursor
    QTest.mouseMove(view.viewport(), point(view, 5, 10, 30))
    assert view.viewport().cursor().shape() == Qt.CursorShape.ArrowCursor


def test_a_slot_that_is_not_free_refuses_to_move(view: WeekView) -> None:
    view.set_slots(slots())
    moved, refused = record(view.slot_moved), record(view.edit_refused)
    drag(view, point(view, 2, 9, 45), point(view, 4, 12))
    assert moved == [] and refused == [(3,)]


def test_double_clicks(view: WeekView) -> None:
    view.set_slots(slots())
    quick, activated = record(view.slot_quick_drafted), record(view.slot_activated)
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, point(view, 5, 15, 20))
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, point(view, 1, 13, 30))
    (start, end), = quick
    assert same(start, at(5, 15, 15)) and same(end, at(5, 16, 15))
    assert activated == [(2,)]


def test_keyboard_only_create(view: WeekView) -> None:
    drafted = record(view.slot_drafted)
    view.setFocus()
    assert view.time_cursor is not None  # the time cursor appears with focus: today, working morning
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down):
        QTest.keyClick(view, key)
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_Return)
    (start, end), = drafted
    assert same(start, at(2, 9, 30)) and same(end, at(2, 10, 30))


def test_keyboard_walk_move_resize_and_delete(view: WeekView) -> None:
    view.set_slots(slots())
    moved, resized = record(view.slot_moved), record(view.slot_resized)
    deleted, activated = record(view.delete_requested), record(view.slot_activated)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert view.focused_id == 1
    alt = Qt.KeyboardModifier.AltModifier
    QTest.keyClick(view, Qt.Key.Key_Down, alt)
    QTest.keyClick(view, Qt.Key.Key_Down, alt)
    QTest.keyClick(view, Qt.Key.Key_Right, alt)
    assert view.ghost is not None and view.ghost.keyboard
    QTest.keyClick(view, Qt.Key.Key_Return)
    (slot_id, start, end), = moved
    assert slot_id == 1 and same(start, at(2, 10, 30)) and same(end, at(2, 11, 30))
    QTest.keyClick(view, Qt.Key.Key_Down, alt | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_Enter)
    (slot_id, start, end), = resized
    assert slot_id == 1 and same(start, at(1, 10)) and same(end, at(1, 11, 15))
    QTest.keyClick(view, Qt.Key.Key_Up, alt)
    QTest.keyClick(view, Qt.Key.Key_Escape)  # drops the keyboard change
    assert view.ghost is None and len(moved) == 1
    QTest.keyClick(view, Qt.Key.Key_Delete)
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClick(view, Qt.Key.Key_Backtab)
    assert deleted == [(1,)] and activated == [(2,)] and view.focused_id == 1


def test_tab_from_the_cursor_walks_the_slots_from_either_end(view: WeekView) -> None:
    view.set_slots(slots())
    view.setFocus()
    for _ in range(4):
        QTest.keyClick(view, Qt.Key.Key_Right)  # Friday: every slot is before the cursor
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert view.focused_id == 1 and view.hasFocus()  # round to the first, not out of the calendar
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # before every slot
    QTest.keyClick(view, Qt.Key.Key_Backtab)
    assert view.focused_id == 3


def test_moving_a_slot_drafted_by_a_sweep_leaves_no_outline_behind(view: WeekView) -> None:
    drafted, moved = record(view.slot_drafted), record(view.slot_moved)
    drag(view, point(view, 1, 10, 5), point(view, 1, 10, 50))
    (start, end), = drafted
    view.set_slots([SlotView(7, start, end, SlotStatus.FREE, "New")])  # what the window creates
    drag(view, point(view, 1, 10, 30), point(view, 3, 14, 30))
    (slot_id, new_start, _), = moved
    assert slot_id == 7 and same(new_start, at(3, 14))
    view.set_slots([SlotView(7, new_start, new_start + (end - start), SlotStatus.FREE, "New")])
    assert view.focused_id == 7
    assert view.selection() is None  # no dashed time selection left where the slot was


def test_read_only_browses_but_never_edits(view: WeekView) -> None:
    view.read_only = True
    view.set_slots(slots())
    signals = [record(s) for s in (view.slot_drafted, view.slot_moved, view.slot_quick_drafted,
                                   view.delete_requested)]
    activated = record(view.slot_activated)
    drag(view, point(view, 4, 10), point(view, 4, 12))
    drag(view, point(view, 1, 10, 30), point(view, 3, 12))
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, point(view, 5, 15))
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, point(view, 1, 10, 30))
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert all(seen == [] for seen in signals)
    assert activated == [(1,), (1,)]


def test_the_validator_marks_a_refused_ghost_with_its_reason(view: WeekView) -> None:
    view.set_slots(slots())
    view.validator = lambda start, end, ignore: "overlaps" if end > at(1, 10) and start < at(1, 11) else None
    drag(view, point(view, 1, 8), point(view, 1, 9, 50), release=False)
    assert view.ghost is not None and view.ghost.reason is None
    QTest.mouseMove(view.viewport(), point(view, 1, 10, 20))
    assert view.ghost.reason == "overlaps"
    QTest.keyClick(view, Qt.Key.Key_Escape)


def test_context_menu_request_names_the_slot(view: WeekView) -> None:
    view.set_slots(slots())
    requests = record(view.context_menu_requested)
    where = point(view, 1, 13, 30)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    (slot_id, when, _), = requests
    assert slot_id == 2 and same(when, at(1, 13, 30))


def test_overlapping_slots_sit_side_by_side(view: WeekView) -> None:
    overlapping = [SlotView(10, at(0, 9), at(0, 11)), SlotView(11, at(0, 10), at(0, 12)),
                   SlotView(12, at(0, 11), at(0, 12)), SlotView(13, at(0, 13), at(0, 14))]
    placed = {(p.slot.id, p.day): p for p in layout(overlapping, view.grid)}
    assert [(placed[(i, 0)].lane, placed[(i, 0)].lanes) for i in (10, 11, 12, 13)] == \
        [(0, 2), (1, 2), (0, 2), (0, 1)]
    crossing = layout([SlotView(20, at(2, 23), at(3, 1))], view.grid)
    assert [(p.day, p.first, p.last) for p in crossing] == [(2, True, False), (3, False, True)]


def test_slots_are_painted_where_the_grid_says(view: WeekView) -> None:
    view.set_slots(slots())
    image = view.viewport().grab().toImage()
    for slot_id, day, hour in ((1, 1, 10), (3, 2, 9)):
        colour = STYLES[view.slot(slot_id).status].fill
        inside = point(view, day, hour, 45, dx=view.grid.day_width - 12)
        assert QColor(image.pixel(inside)) == colour
    empty = point(view, 5, 10, 30, dx=view.grid.day_width / 2)
    assert QColor(image.pixel(empty)) not in [s.fill for s in STYLES.values()]


def test_a_fall_back_sunday_has_a_row_for_its_second_0200(view: WeekView) -> None:
    autumn = date(2025, 10, 20)
    view.set_week(autumn)
    view.verticalScrollBar().setValue(0)
    g = view.grid
    drafted = record(view.slot_drafted)
    x = round(g.gutter_width + 6 * g.day_width + 10)
    y_second_0200 = round(g.header_height + 180 * g.minute_height + 2)  # the repeated row
    y_0300 = round(g.header_height + 240 * g.minute_height + 2)
    drag(view, QPoint(x, y_second_0200), QPoint(x, y_0300))
    (start, end), = drafted
    assert start == datetime(2025, 10, 26, 1, 0, tzinfo=UTC)  # 02:00 CET, the second one
    assert end == datetime(2025, 10, 26, 2, 15, tzinfo=UTC)  # 03:15 CET: 75 real minutes


def test_a_scroll_during_a_drag_keeps_the_ghost_under_the_pointer(view: WeekView) -> None:
    drag(view, point(view, 3, 9), point(view, 3, 10, 10), release=False)
    end_before = view.ghost.end
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + round(view.grid.hour_height))
    assert view.ghost.end - end_before == timedelta(hours=1)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, point(view, 3, 10))


def test_the_legend_names_every_status(qtbot) -> None:
    legend = StatusLegend()
    qtbot.addWidget(legend)
    assert [label.text() for label in legend.labels.values()] == [
        "○ Free", "? Awaiting approval", "✓ Agreed", "■ Completed"]


def test_mouse_move_without_press_never_drafts(view: WeekView) -> None:
    drafted = record(view.slot_drafted)
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(point(view, 2, 10)), QPointF(point(view, 2, 10)),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, NO_MOD)
    QApplication.sendEvent(view.viewport(), move)
    assert drafted == [] and view.ghost is None


def test_time_passing_moves_today_and_completes_agreed_slots(qtbot) -> None:
    clock = {"now": at(2, 9, 55)}
    view = WeekView(tz=BERLIN, now=lambda: clock["now"])
    qtbot.addWidget(view)
    view.set_week(WEEK)
    view.set_slots([SlotView(1, at(2, 9), at(2, 10), SlotStatus.RESERVED, "Agreed", Decimal("1"), "Ann")])
    assert view.slot(1).status is SlotStatus.RESERVED
    clock["now"] = at(2, 10, 1)
    view._minute_passed()
    assert view.slot(1).status is SlotStatus.COMPLETED
    assert view._minute_timer.isActive()
