"""Moving a booking on the desktop (SPEC §2a) against a real embedded server: a client moves its
request by the Move… dialog and by dragging it; a specialist proposes a new time by dragging an
agreed consultation; the client accepts or keeps the current time; both windows follow live."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from planner_desktop.models.consultations import State
from planner_desktop.windows.client.move_dialog import MoveDialog
from planner_desktop.windows.client.window import ClientWindow
from planner_desktop.windows.specialist.window import SpecialistWindow
from planner_shared.enums import Role, SlotStatus
from planner_shared.schemas import SlotCreate
from tests.desktop.role_session import demo_server, new_account, open_session
from tests.desktop.test_specialist_window import drag, wall

__all__ = ["demo_server", "open_session"]  # fixtures used by name below

WAIT_MS = 10_000
BERLIN = ZoneInfo("Europe/Berlin")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def people(demo_server):  # type: ignore[no-untyped-def]
    """(specialist API, specialist, client API, client): fresh accounts."""
    specialist_api, specialist = new_account(demo_server, Role.SPECIALIST, first_name="Sofia")
    client_api, customer = new_account(demo_server, Role.CLIENT, first_name="Anna")
    return specialist_api, specialist, client_api, customer


@pytest.fixture
def specialist_window(qtbot, people, open_session):  # type: ignore[no-untyped-def]
    specialist_api = people[0]
    window = SpecialistWindow(open_session(specialist_api), tz=BERLIN)
    qtbot.addWidget(window)
    window.resize(1250, 760)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.session.sync.online is True, timeout=WAIT_MS)
    window.view.next_week()  # wholly in the future
    return window


@pytest.fixture
def client_window(qtbot, people, open_session):  # type: ignore[no-untyped-def]
    client_api = people[2]
    window = ClientWindow(open_session(client_api))
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitUntil(lambda: window.session.sync.online is True, timeout=WAIT_MS)
    return window


def _slot(api, view, day: int, hour: int, minutes: int = 60) -> int:  # type: ignore[no-untyped-def]
    start = wall(view, day, hour)
    return api.create_slot(SlotCreate(start_time=start, end_time=start + timedelta(minutes=minutes),
                                      context="Tax advice", cost=Decimal("40"))).id


def _yes(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(box, QMessageBox), "a confirmation was expected"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)


def _row(window: ClientWindow, slot_id: int):  # type: ignore[no-untyped-def]
    return window.consultations.model.find(f"slot:{slot_id}")


def _agreed(specialist_window, people, day: int = 1, hour: int = 10) -> int:  # type: ignore[no-untyped-def]
    specialist_api, _, client_api, _ = people
    slot_id = _slot(specialist_api, specialist_window.view, day, hour)
    client_api.reserve(slot_id)
    specialist_api.agree(slot_id)
    return slot_id


def test_specialist_proposes_by_drag_and_the_client_accepts(specialist_window, client_window, people,
                                                            qtbot):  # type: ignore[no-untyped-def]
    window, store = specialist_window, specialist_window.session.store
    consultation = _agreed(window, people)
    qtbot.waitUntil(lambda: window.view.slot(consultation) is not None
                    and window.view.slot(consultation).status is SlotStatus.RESERVED, timeout=WAIT_MS)
    assert window.view.slot(consultation).movable

    drag(window.view, (1, 10, 30), (3, 14, 30))  # Tuesday 10:00 → Thursday 14:00, grabbed mid-slot
    box = window.findChild(QMessageBox, "confirmProposal")
    assert "Propose this new time to Anna" in box.text()
    _yes(qtbot, box)
    qtbot.waitUntil(lambda: store.slot(consultation).proposed_slot is not None, timeout=WAIT_MS)
    held = store.slot(consultation).proposed_slot
    assert store.slot(consultation).proposed_start == wall(window.view, 3, 14)
    qtbot.waitUntil(lambda: window.view.slot(held) is not None, timeout=WAIT_MS)
    # the linked ghost: both slots carry the link's stripe, and each names the other
    assert window.view.slot(held).note.startswith("Proposed to Anna")
    assert window.view.slot(consultation).note.startswith("New time proposed")
    assert window.view.slot(held).tint == window.view.slot(consultation).tint != ""

    # the client's window shows it live: a banner and the row
    panel = client_window.consultations
    qtbot.waitUntil(lambda: not panel.banner.isHidden(), timeout=WAIT_MS)
    assert "Sofia" in panel.banner_text.text()
    assert _row(client_window, consultation).has_proposal
    assert client_window.notifier.history[-1][0] == "New time proposed"

    qtbot.mouseClick(panel.banner_accept, LEFT)
    qtbot.waitUntil(lambda: _row(client_window, held) is not None
                    and _row(client_window, held).state is State.AGREED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.banner.isHidden(), timeout=WAIT_MS)
    assert _row(client_window, consultation) is None
    # and the specialist's calendar follows
    qtbot.waitUntil(lambda: store.slot(held).status is SlotStatus.RESERVED
                    and store.slot(consultation).status is SlotStatus.FREE, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.view.slot(held).note == "", timeout=WAIT_MS)
    # the move is in the client's history
    qtbot.waitUntil(lambda: any(r.state is State.MOVED for r in panel.model.rows()), timeout=WAIT_MS)
    assert not any("Cancelled" in title or "declined" in title for title, _ in client_window.notifier.history)


def test_the_client_keeps_the_current_time(specialist_window, client_window, people, qtbot):  # type: ignore[no-untyped-def]
    specialist_api, _, _, _ = people
    consultation = _agreed(specialist_window, people, day=2)
    free = _slot(specialist_api, specialist_window.view, 4, 9)
    specialist_api.propose_move(consultation, to=free)
    panel = client_window.consultations
    qtbot.waitUntil(lambda: _row(client_window, consultation) is not None
                    and _row(client_window, consultation).has_proposal, timeout=WAIT_MS)
    assert panel.select(f"slot:{consultation}")
    assert panel.keep_button.isEnabled() and panel.accept_button.isEnabled()
    qtbot.mouseClick(panel.keep_button, LEFT)
    qtbot.waitUntil(lambda: not _row(client_window, consultation).has_proposal, timeout=WAIT_MS)
    assert _row(client_window, consultation).state is State.AGREED
    store = specialist_window.session.store
    qtbot.waitUntil(lambda: store.slot(free).held_for is None
                    and store.slot(consultation).proposed_slot is None, timeout=WAIT_MS)


def test_client_moves_a_request_by_the_dialog(client_window, people, specialist_window, qtbot):  # type: ignore[no-untyped-def]
    specialist_api, _, client_api, _ = people
    request = _slot(specialist_api, specialist_window.view, 1, 9)
    target = _slot(specialist_api, specialist_window.view, 2, 11)
    client_api.reserve(request)
    panel = client_window.consultations
    qtbot.waitUntil(lambda: _row(client_window, request) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: client_window.session.store.slot(target) is not None, timeout=WAIT_MS)
    assert panel.select(f"slot:{request}") and panel.move_button.isEnabled()
    qtbot.mouseClick(panel.move_button, LEFT)
    dialog = client_window.findChild(MoveDialog, "moveDialog")
    assert dialog is not None and target in dialog.free and request not in dialog.free
    dialog.week.set_focused_slot(target)
    assert dialog.move_button.isEnabled()
    qtbot.mouseClick(dialog.move_button, LEFT)
    qtbot.waitUntil(lambda: _row(client_window, target) is not None
                    and _row(client_window, target).state is State.AWAITING, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _row(client_window, request) is None, timeout=WAIT_MS)
    store = specialist_window.session.store  # the specialist's window follows
    qtbot.waitUntil(lambda: store.slot(target).status is SlotStatus.AGREEMENT
                    and store.slot(request).status is SlotStatus.FREE, timeout=WAIT_MS)
    assert not any("declined" in text for _, text in client_window.notifier.history)


def test_client_moves_a_request_by_dragging_it(client_window, people, specialist_window, qtbot):  # type: ignore[no-untyped-def]
    specialist_api, specialist, client_api, _ = people
    request = _slot(specialist_api, specialist_window.view, 1, 9)
    target = _slot(specialist_api, specialist_window.view, 1, 13)
    client_api.reserve(request)
    window = client_window
    qtbot.waitUntil(lambda: window.specialist_model.row_of(specialist.id) is not None
                    and window.session.store.slot(target) is not None, timeout=WAIT_MS)
    window.select_specialist(specialist.id)
    week = window.ui.week
    week.set_week(wall(specialist_window.view, 1, 9).astimezone(week.tz).date())
    qtbot.waitUntil(lambda: week.slot(request) is not None and week.slot(target) is not None
                    and week.slot(request).status is SlotStatus.AGREEMENT, timeout=WAIT_MS)
    assert week.slot(request).movable and not week.slot(target).movable
    day = (wall(specialist_window.view, 1, 9).astimezone(week.tz).date() - week.week_start).days
    local = wall(specialist_window.view, 1, 9).astimezone(week.tz)
    later = wall(specialist_window.view, 1, 13).astimezone(week.tz)
    drag(week, (day, local.hour, local.minute + 30), (day, later.hour, later.minute + 30))
    box = window.findChild(QMessageBox, "confirmMove")
    _yes(qtbot, box)
    qtbot.waitUntil(lambda: window.session.store.slot(target).status is SlotStatus.AGREEMENT
                    and window.session.store.slot(target).client == window.me, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _row(window, request) is None, timeout=WAIT_MS)
