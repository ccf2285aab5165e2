"""The specialist's calendar window against a real embedded server, driven with mouse and keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from planner_desktop.error_text import error_message, not_editable_text
from planner_desktop.errors import reporter
from planner_desktop.formats import short_day
from planner_desktop.widgets.week_view import WeekView
from planner_shared import rules
from planner_shared.enums import CancelReason, Role, SlotStatus
from planner_shared.errors import NotFound
from planner_shared.schemas import SlotCreate
from tests.desktop.role_session import (
    BERLIN,
    PASSWORD,
    demo_server,
    new_account,
    open_session,
    signed_in,
    specialist_window,
)

__all__ = ["demo_server", "open_session"]  # fixtures used by name below

WAIT_MS = 10_000
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def setup(qtbot, demo_server, open_session):
    """(window on a fresh specialist, a second API client of that specialist, the user)."""
    window, me = specialist_window(qtbot, demo_server, open_session)
    return window, signed_in(demo_server, me.email, PASSWORD), me


def wall(view: WeekView, day: int, hour: int, minute: int = 0) -> datetime:
    return view.grid.wall_instant(day, hour, minute)


def where(view: WeekView, day: int, hour: int, minute: int = 0, dx: float = 12) -> QPoint:
    """The point showing a wall-clock time of a day of the shown week (scrolled into sight)."""
    grid = view.grid
    minutes = grid.minutes_of(day, grid.wall_instant(day, hour, 0)) + minute
    if not grid.header_height + 20 < grid.y_for_minutes(minutes) < view.viewport().height() - 20:
        view.scroll_to_minutes(minutes - 120)
        grid = view.grid
    return QPoint(round(grid.x_for_day(day) + dx), round(grid.y_for_minutes(minutes)))


def drag(view: WeekView, start_at: tuple[int, int, int], end_at: tuple[int, int, int], *,
         release: bool = True) -> None:
    for at in sorted((start_at, end_at), key=lambda at: at[1] * 60 + at[2]):
        where(view, *at)  # scrolls the earlier time into sight first, then the later one
    start, end = where(view, *start_at), where(view, *end_at)  # both in sight now: no scroll between
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, NO_MOD, start)
    for n in range(1, 5):
        QTest.mouseMove(viewport, start + (end - start) * n / 4)
    if release:
        QTest.mouseRelease(viewport, LEFT, NO_MOD, end)


def make_slot(api, view: WeekView, day: int, hour: int, minutes: int = 60, context: str = "Made elsewhere"):
    start = wall(view, day, hour)
    return api.create_slot(SlotCreate(start_time=start, end_time=start + timedelta(minutes=minutes),
                                      context=context, cost=Decimal("30")))


def same(a: datetime, b: datetime) -> bool:
    return a.timestamp() == b.timestamp()


def test_a_sweep_opens_the_form_and_creates_the_slot_on_the_server(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    drag(view, (2, 10, 5), (2, 11, 20))
    form = window.form
    assert form is not None and form.isVisible()
    start, end, _, _ = form.values()
    assert same(start, wall(view, 2, 10)) and same(end, wall(view, 2, 11, 30))
    form.context_edit.setText("Sleep advice")
    form.cost_edit.setValue(42.5)
    qtbot.mouseClick(form.ok_button, LEFT)
    qtbot.waitUntil(lambda: len(own.slots()) == 1, timeout=WAIT_MS)
    (slot,) = own.slots()
    assert (slot.context, slot.cost, slot.status) == ("Sleep advice", Decimal("42.50"), SlotStatus.FREE)
    assert same(slot.start_time, start) and same(slot.end_time, end)
    qtbot.waitUntil(lambda: view.slot(slot.id) is not None, timeout=WAIT_MS)
    # the next form remembers the context and cost
    drag(view, (4, 15, 0), (4, 15, 40))
    assert window.form is not None
    assert (window.form.context_edit.text(), window.form.cost_edit.value()) == ("Sleep advice", 42.5)
    window.form.reject()


def test_a_double_click_on_empty_time_opens_the_form_for_a_one_hour_slot(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, where(view, 1, 16, 5))
    form = window.form
    assert form is not None and form.isVisible()  # the same form as a sweep: nothing published yet
    start, end, context, cost = form.values()
    assert same(start, wall(view, 1, 16)) and same(end, wall(view, 1, 17))
    assert (context, cost) == ("", Decimal("0.00"))  # a new specialist: nothing to take over
    form.context_edit.setText("First steps")
    form.cost_edit.setValue(25)
    qtbot.mouseClick(form.ok_button, LEFT)
    qtbot.waitUntil(lambda: len(own.slots()) == 1, timeout=WAIT_MS)
    (slot,) = own.slots()
    assert (slot.context, slot.cost) == ("First steps", Decimal("25.00"))
    assert same(slot.start_time, wall(view, 1, 16)) and same(slot.end_time, wall(view, 1, 17))
    qtbot.waitUntil(lambda: view.slot(slot.id) is not None, timeout=WAIT_MS)
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, where(view, 3, 11, 5))
    assert window.form is not None  # pre-filled with the last values
    assert (window.form.context_edit.text(), window.form.cost_edit.value()) == ("First steps", 25.0)
    window.form.reject()
    assert len(own.slots()) == 1


def test_tab_walks_the_slots_from_the_time_cursor(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    early, late = make_slot(own, view, 1, 10), make_slot(own, view, 2, 14)
    qtbot.waitUntil(lambda: view.slot(late.id) is not None, timeout=WAIT_MS)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(4):
        QTest.keyClick(view, Qt.Key.Key_Right)  # Friday: after every slot of the week
    QTest.keyClick(view, Qt.Key.Key_Tab)  # never selected with the mouse
    assert view.focused_id == early.id and view.hasFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert view.focused_id == late.id


def test_f1_helps_from_the_side_list(setup, qtbot) -> None:
    window, _, _ = setup
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    window.panel.awaiting.setFocus()
    with qtbot.waitSignal(reporter().shown, timeout=WAIT_MS) as shown:
        QTest.keyClick(window.panel.awaiting, Qt.Key.Key_F1)
    assert shown.args[0] == "Calendar keys and gestures"


def test_after_the_f1_help_the_calendar_has_the_focus_and_a_visible_cursor(setup, qtbot) -> None:
    window, _, _ = setup
    view = window.view
    view.setFocus()
    with qtbot.waitSignal(reporter().shown, timeout=WAIT_MS):
        QTest.keyClick(view, Qt.Key.Key_F1)
    (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=WAIT_MS)
    span = view.selection()
    assert span is not None  # arrows move a cursor one can see
    rects = view.grid.rects_for(*span)
    assert rects and view.grid.header_height <= rects[0].y < view.viewport().height()
    week = view.week_start
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.week_start == week


def test_new_series_repeats_the_selected_slot_with_its_context_and_cost(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    slot = make_slot(own, view, 1, 12, context="Made elsewhere")
    qtbot.waitUntil(lambda: view.slot(slot.id) is not None, timeout=WAIT_MS)
    window.session.settings.set_value("specialist/last_context", "Remembered")
    window.session.settings.set_value("specialist/last_cost", "99")
    view.set_focused_slot(slot.id)
    window.series_action.trigger()
    dialog = window.series_dialog
    assert (dialog.context_edit.text(), dialog.cost_edit.value()) == ("Made elsewhere", 30.0)
    assert (dialog.start, dialog.end) == (slot.start_time, slot.end_time)
    dialog.reject()


def test_overlapping_and_past_sweeps_are_refused_at_once_with_the_reason(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    other = make_slot(own, view, 2, 10)
    qtbot.waitUntil(lambda: view.slot(other.id) is not None, timeout=WAIT_MS)
    drag(view, (2, 9, 5), (2, 10, 20), release=False)  # a sweep from 09:00 into the slot
    local = rules.Interval(other.start_time.astimezone(BERLIN), other.end_time.astimezone(BERLIN))
    expected = error_message(rules.overlap_conflict(wall(view, 2, 9).astimezone(BERLIN),
                                                    wall(view, 2, 10, 30).astimezone(BERLIN), local))
    assert view.ghost is not None and view.ghost.reason == expected  # red while dragging
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, where(view, 2, 10, 20))
    assert window.form is None
    assert window.notice.isVisible() and window.notice.text() == expected
    assert "overlaps your slot" in expected
    view.previous_week()
    view.previous_week()  # last week: all of it has passed
    drag(view, (3, 10, 0), (3, 10, 50))
    assert window.form is None and window.notice.text() == "This time has already passed."
    assert [s.id for s in own.slots()] == [other.id]


def test_the_servers_refusal_is_shown_when_it_still_disagrees(setup, qtbot) -> None:
    window, own, _ = setup
    window.session.sync.stop()  # the local copy will not hear of the next slot
    clash = make_slot(own, window.view, 3, 14)
    drag(window.view, (3, 14, 30), (3, 15, 20))
    form = window.form
    assert form is not None  # nothing known locally stands in the way
    with qtbot.waitSignal(reporter().shown, timeout=WAIT_MS) as shown:
        qtbot.mouseClick(form.ok_button, LEFT)
    assert "overlaps your slot" in shown.args[1]
    assert [s.id for s in own.slots()] == [clash.id]


def test_keyboard_only_create(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # Monday, 09:00
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down):
        QTest.keyClick(view, key)
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_Return)
    form = window.form
    assert form is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.context_edit, timeout=WAIT_MS)
    focused = form.context_edit  # where the keys go: the form opened with it focused
    QTest.keyClicks(focused, "Typed only")
    QTest.keyClick(focused, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(own.slots()) == 1, timeout=WAIT_MS)
    (slot,) = own.slots()
    assert slot.context == "Typed only"
    assert same(slot.start_time, wall(view, 2, 9, 30)) and same(slot.end_time, wall(view, 2, 10, 30))


def test_move_resize_delete_and_undo_reach_the_server(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    slot = make_slot(own, view, 2, 10)
    qtbot.waitUntil(lambda: view.slot(slot.id) is not None, timeout=WAIT_MS)
    drag(view, (2, 10, 30), (3, 14, 30))  # grabbed at half past, dropped at half past 14 on Thursday
    qtbot.waitUntil(lambda: same(own.slot(slot.id).start_time, wall(view, 3, 14)), timeout=WAIT_MS)
    assert same(own.slot(slot.id).end_time, wall(view, 3, 15))
    qtbot.waitUntil(window.undo_action.isEnabled, timeout=WAIT_MS)  # once the answer is back
    assert window.undo_action.text() == "Undo move"
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: same(own.slot(slot.id).start_time, wall(view, 2, 10)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: same(view.slot(slot.id).start, wall(view, 2, 10)), timeout=WAIT_MS)
    drag(view, (2, 11, -3), (2, 12, 10))  # the bottom edge → 12:15
    qtbot.waitUntil(lambda: same(own.slot(slot.id).end_time, wall(view, 2, 12, 15)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: same(view.slot(slot.id).end, wall(view, 2, 12, 15)), timeout=WAIT_MS)
    view.set_focused_slot(slot.id)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: own.slots() == [], timeout=WAIT_MS)
    with pytest.raises(NotFound):
        own.slot(slot.id)
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(own.slots()) == 1, timeout=WAIT_MS)
    (back,) = own.slots()
    assert same(back.start_time, wall(view, 2, 10)) and same(back.end_time, wall(view, 2, 12, 15))


def test_a_slot_that_is_not_free_says_why_it_cannot_change(setup, qtbot, demo_server) -> None:
    window, own, _ = setup
    view = window.view
    slot = make_slot(own, view, 1, 10)
    client_api, _ = new_account(demo_server, Role.CLIENT)
    client_api.reserve(slot.id)
    qtbot.waitUntil(lambda: view.slot(slot.id) is not None
                    and view.slot(slot.id).status is SlotStatus.AGREEMENT, timeout=WAIT_MS)
    drag(view, (1, 10, 30), (1, 13, 30))
    assert window.notice.text() == not_editable_text(SlotStatus.AGREEMENT)
    assert same(own.slot(slot.id).start_time, slot.start_time)


def test_a_series_reports_what_collided(setup, qtbot) -> None:
    window, own, _ = setup
    view = window.view
    clash = make_slot(own, view, 3, 9, minutes=30)  # Thursday 09:00–09:30
    qtbot.waitUntil(lambda: view.slot(clash.id) is not None, timeout=WAIT_MS)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # Monday 09:00–10:00
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(view, Qt.Key.Key_N, control_shift)
    dialog = window.series_dialog
    assert dialog.isVisible() and dialog.weekdays() == [0, 1, 2, 3, 4]
    dialog.weeks.setValue(2)
    dialog.context_edit.setText("Weekly")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: len(own.slots()) == 10, timeout=WAIT_MS)
    created = [s for s in own.slots() if s.id != clash.id]
    assert len(created) == 9 and {s.context for s in created} == {"Weekly"}
    assert all(s.start_time.astimezone(BERLIN).strftime("%H:%M") == "09:00" for s in created)
    qtbot.waitUntil(lambda: "1 could not be created" in window.notice.text(), timeout=WAIT_MS)
    assert "overlaps another of your slots" in window.series_report.text()
    window.series_report.close()
    window.activateWindow()  # back from the report (the offscreen platform needs telling)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the whole series goes
    qtbot.waitUntil(lambda: [s.id for s in own.slots()] == [clash.id], timeout=WAIT_MS)


def test_agree_and_decline_reach_the_server_and_the_clients_view(setup, qtbot, demo_server,
                                                                open_session) -> None:
    window, own, _ = setup
    view = window.view
    first, second = make_slot(own, view, 1, 10), make_slot(own, view, 1, 12)
    client_api, client = new_account(demo_server, Role.CLIENT)
    client_view = open_session(client_api).store  # what the client's window reads
    client_api.reserve(first.id)
    client_api.reserve(second.id)
    panel = window.panel
    qtbot.waitUntil(lambda: panel.ids() == [second.id, first.id], timeout=WAIT_MS)  # newest first
    assert client.first_name in panel.awaiting.item(0).text()
    panel.select(first.id)
    qtbot.mouseClick(panel.agree_button, LEFT)
    qtbot.waitUntil(lambda: own.slot(first.id).status is SlotStatus.RESERVED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: client_view.slot(first.id) is not None
                    and client_view.slot(first.id).status is SlotStatus.RESERVED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.ids() == [second.id] and panel.ids("agreed") == [first.id],
                    timeout=WAIT_MS)

    panel.select(second.id)
    qtbot.mouseClick(panel.decline_button, LEFT)
    dialog = window.reason_dialog
    dialog.reason.setCurrentIndex(dialog.reason.findData(CancelReason.GOT_SICK.value))
    dialog.comment.setText("Sorry, ill today")
    qtbot.mouseClick(dialog.confirm_button, LEFT)
    qtbot.waitUntil(lambda: own.slot(second.id).status is SlotStatus.FREE, timeout=WAIT_MS)
    assert own.slot(second.id).client is None
    qtbot.waitUntil(lambda: client_view.slot(second.id) is not None
                    and client_view.slot(second.id).client is None
                    and client_view.slot(second.id).status is SlotStatus.FREE, timeout=WAIT_MS)
    declined = [h for h in client_api.history() if h.slot == second.id]
    assert [(h.reason, h.text) for h in declined] == [(CancelReason.GOT_SICK, "Sorry, ill today")]

    panel.select(first.id)
    qtbot.mouseClick(panel.cancel_button, LEFT)
    qtbot.mouseClick(window.reason_dialog.confirm_button, LEFT)
    qtbot.waitUntil(lambda: own.slot(first.id).status is SlotStatus.FREE, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.ids() == [] and panel.ids("agreed") == [], timeout=WAIT_MS)


def test_week_navigation_and_jump_to_date(setup, qtbot) -> None:
    window, _, _ = setup
    view = window.view
    monday = view.week_start
    window.previous_action.trigger()
    assert view.week_start == monday - timedelta(days=7)
    window.today_action.trigger()
    assert view.week_start == monday - timedelta(days=7)
    window.next_action.trigger()
    window.next_action.trigger()
    assert view.week_start == monday + timedelta(days=7)
    window.date_edit.setDate(window.date_edit.date().addDays(40))
    assert view.week_start.weekday() == 0
    assert window.date_edit.date().toPython() == view.week_start
    assert short_day(view.week_start) in window.week_label.text()  # "Mon 4 Jan", not "04 Jan"
