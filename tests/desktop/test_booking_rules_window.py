"""The specialist's booking rules on the desktop (issue #17), against a real embedded server: the
Calendar → Booking rules… form, buffer time shaded around held slots, a blocked free slot hatched
with its rule named, and a refusal translated by its code.

With PLANNER_SCREENSHOTS_DIR set, the form and the shaded week are also saved there as PNG files.
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from planner_desktop.error_text import booking_rule_text
from planner_desktop.errors import describe_error
from planner_desktop.widgets import week_rules
from planner_shared.enums import Role
from planner_shared.errors import Conflict
from planner_shared.schemas import SlotCreate
from tests.desktop.role_session import (
    PASSWORD,
    demo_server,
    new_account,
    open_session,
    signed_in,
    specialist_window,
)

__all__ = ["demo_server", "open_session"]  # fixtures used by name below

WAIT_MS = 10_000


def _screenshot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("PLANNER_SCREENSHOTS_DIR")
    if folder:
        assert widget.grab().save(str(Path(folder) / name))


@pytest.fixture
def setup(qtbot, demo_server, open_session):
    window, me = specialist_window(qtbot, demo_server, open_session)
    return window, signed_in(demo_server, me.email, PASSWORD), demo_server


def test_the_rules_form_saves_on_the_server_and_shades_the_buffers(setup, qtbot) -> None:
    window, own, server = setup
    assert window.rules_action in window.menus()[0].actions()
    window.rules_action.trigger()
    qtbot.waitUntil(lambda: window.rules_dialog is not None and window.rules_dialog.isVisible(),
                    timeout=WAIT_MS)
    dialog = window.rules_dialog
    assert dialog is not None
    assert {name: box.value() for name, box in dialog.boxes.items()} == dict.fromkeys(dialog.boxes, 0)
    assert dialog.boxes["min_notice_minutes"].text() == "off"  # 0 reads as off
    dialog.boxes["buffer_before_minutes"].setValue(15)
    dialog.boxes["buffer_after_minutes"].setValue(30)
    dialog.boxes["max_per_day"].setValue(4)
    _screenshot(dialog, "booking-rules.png")
    assert dialog.changes().model_dump(exclude_unset=True) == {
        "buffer_before_minutes": 15, "buffer_after_minutes": 30, "max_per_day": 4}
    dialog.accept()
    qtbot.waitUntil(lambda: own.booking_rules().buffer_after_minutes == 30, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.view.buffers == (15, 30), timeout=WAIT_MS)
    assert window.notice.isVisible() and "saved" in window.notice.text()

    # a client takes 10:00–11:00; the free slot at 11:00 is now within the buffer
    view = window.view
    start = view.grid.wall_instant(2, 10, 0)
    taken = own.create_slot(SlotCreate(start_time=start, end_time=start + timedelta(hours=1),
                                       context="Taken", cost=Decimal("30")))
    neighbour = own.create_slot(SlotCreate(start_time=start + timedelta(hours=1),
                                           end_time=start + timedelta(hours=2), context="Next",
                                           cost=Decimal("30")))
    client_api, _ = new_account(server, Role.CLIENT)
    client_api.reserve(taken.id)
    qtbot.waitUntil(lambda: (view.slot(neighbour.id) is not None
                             and view.slot(neighbour.id).blocked_by == "buffer"), timeout=WAIT_MS)
    items = [item for day in view.paint_items for item in day]
    bands = week_rules.buffer_bands(items, view.grid.minute_height, *view.buffers)
    held = next(item for item in items if item.slot.id == taken.id)
    assert len(bands) == 2
    above, below = sorted(bands, key=lambda band: band.top())
    assert above.bottom() == pytest.approx(held.rect.top())
    assert above.height() == pytest.approx(15 * view.grid.minute_height)
    assert below.top() == pytest.approx(held.rect.bottom())
    assert below.height() == pytest.approx(30 * view.grid.minute_height)
    line = week_rules.blocked_line(view.slot(neighbour.id).blocked_by)
    assert line is not None and booking_rule_text("buffer") in line
    view.ensure_visible(start - timedelta(hours=1), start + timedelta(hours=3))
    _screenshot(window, "specialist-buffers.png")

    # freed, the neighbour is free of the rule again
    own.cancel_specialist(taken.id)
    qtbot.waitUntil(lambda: view.slot(neighbour.id).blocked_by is None, timeout=WAIT_MS)


def test_a_refusal_names_the_rule_in_the_interfaces_words(qapp) -> None:
    title, message = describe_error(Conflict("server words", code="day_full"))
    assert title == "Not allowed by the booking rules"
    assert message == booking_rule_text("day_full") and "day is full" in message
    # a conflict that is no booking rule keeps its usual title
    assert describe_error(Conflict("Taken.", code="slot_taken"))[0] == "Could not be done"


def test_a_clients_desktop_sees_the_neighbour_vanish_and_come_back(qtbot, demo_server, open_session) -> None:
    """Through the change feed: a slot the buffer blocks leaves the client's list when its neighbour
    is taken, and comes back when it is freed; choosing the specialist names its rules."""
    from planner_desktop.windows.client.window import ClientWindow
    from planner_shared.schemas import BookingRulesUpdate
    from tests.desktop.role_session import future_slot

    specialist, me = new_account(demo_server, Role.SPECIALIST)
    specialist.update_booking_rules(BookingRulesUpdate(buffer_after_minutes=20, min_notice_minutes=60))
    taken = future_slot(specialist, days=4, hour=9)
    neighbour = future_slot(specialist, days=4, hour=10)
    watcher_api, _ = new_account(demo_server, Role.CLIENT)
    window = ClientWindow(open_session(watcher_api))
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()

    def listed(slot_id: int) -> bool:
        return window.slot_model.row_of(slot_id) is not None

    qtbot.waitUntil(lambda: listed(taken) and listed(neighbour), timeout=WAIT_MS)
    taker, _ = new_account(demo_server, Role.CLIENT)
    taker.reserve(taken)
    qtbot.waitUntil(lambda: not listed(neighbour) and not listed(taken), timeout=WAIT_MS)
    taker.cancel_client(taken)
    qtbot.waitUntil(lambda: listed(neighbour) and listed(taken), timeout=WAIT_MS)

    window.select_specialist(me.id)
    qtbot.waitUntil(lambda: "20 min between consultations" in window.rules_text, timeout=WAIT_MS)
    assert "at least 60 min ahead" in window.rules_text
    assert window.ui.specialists.toolTip() == window.rules_text
