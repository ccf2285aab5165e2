"""The client window against a real embedded server: find, reserve, follow, cancel, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from planner_desktop.errors import reporter
from planner_desktop.models.consultations import State
from planner_desktop.models.slots import SlotColumn
from planner_desktop.windows.client.window import ClientWindow
from planner_shared.enums import CancelReason, Outcome, Role, SlotStatus
from tests.desktop.role_session import demo_server, future_slot, new_account, open_session

__all__ = ["demo_server", "open_session"]  # fixtures used by name below

WAIT_MS = 10_000


@pytest.fixture
def client(demo_server):  # type: ignore[no-untyped-def]
    return new_account(demo_server, Role.CLIENT)


@pytest.fixture
def window(qtbot, client, open_session):  # type: ignore[no-untyped-def]
    api, _user = client
    window = ClientWindow(open_session(api))
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitUntil(lambda: window.session.sync.online is True and window.slot_model.rowCount() > 0,
                    timeout=WAIT_MS)
    return window


def wait_for_slot(qtbot, window: ClientWindow, slot_id: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.slot_model.row_of(slot_id) is not None, timeout=WAIT_MS)


def confirm(qtbot, box: QMessageBox | None) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(box, QMessageBox), "a confirmation was expected"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def test_search_narrows_specialists_and_shows_their_free_slots(window, qtbot, demo_server, qtmodeltester):  # type: ignore[no-untyped-def]
    specialist_api, specialist = new_account(demo_server, Role.SPECIALIST, first_name="Quentin")
    cheap = future_slot(specialist_api, days=4, hour=9, context="Xylophone lessons", cost="20.00")
    dear = future_slot(specialist_api, days=6, hour=9, context="Xylophone lessons", cost="90.00")
    wait_for_slot(qtbot, window, dear)

    qtbot.keyClicks(window.ui.search, "xylophone")
    names = [window.specialist_proxy.index(r, 0).data() for r in range(window.specialist_proxy.rowCount())]
    assert len(names) == 2 and names[0].startswith("All specialists") and names[1].startswith("Quentin")
    window.ui.specialists.setCurrentIndex(window.specialist_proxy.index(1, 0))
    assert window.specialist == specialist.id
    assert {s.id for s in window.shown_slots()} == {cheap, dear}
    assert all(s.status is SlotStatus.FREE for s in window.shown_slots())

    window.slot_proxy.sort(SlotColumn.COST, Qt.SortOrder.DescendingOrder)
    assert [s.id for s in window.shown_slots()] == [dear, cheap]
    window.ui.max_cost.setValue(50)
    assert [s.id for s in window.shown_slots()] == [cheap]
    assert window.select_slot(cheap)
    assert window.ui.week.slot(cheap) is not None  # the calendar went to that week
    window.ui.max_cost.setValue(-1)
    window.ui.date_from.setDate(window.session.store.slot(dear).start_time.astimezone(window.tz).date())
    assert [s.id for s in window.shown_slots()] == [dear]
    for model in (window.slot_model, window.slot_proxy, window.specialist_model, window.specialist_proxy,
                  window.consultations.model, window.consultations.proxy):
        qtmodeltester.check(model)


def test_the_search_narrows_the_slots_too_and_the_week_follows_them(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    specialist_api, _ = new_account(demo_server, Role.SPECIALIST, first_name="Wilhelmina")
    far = future_slot(specialist_api, days=16, hour=9, context="Zither tuning")  # never this week
    wait_for_slot(qtbot, window, far)
    assert window.specialist is None  # all specialists
    qtbot.keyClicks(window.ui.search, "zither")
    assert [s.id for s in window.shown_slots()] == [far]  # not every specialist's slots
    assert window.ui.week.slot(far) is not None  # the calendar went to where the listed slots are
    window.ui.search.clear()
    assert len(window.shown_slots()) > 1


def test_with_all_specialists_slots_at_the_same_time_stay_legible(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    made = []
    for name in ("Olga", "Pavel", "Rosa"):
        api, user = new_account(demo_server, Role.SPECIALIST, first_name=name)
        made.append((future_slot(api, days=17, hour=11, context="Same hour"), user))
    for slot_id, _ in made:
        wait_for_slot(qtbot, window, slot_id)
    qtbot.keyClicks(window.ui.search, "same hour")
    items = {item.slot.id: item for day in window.ui.week.paint_items for item in day}
    for slot_id, user in made:
        label = items[slot_id].lines[0].text()
        assert label.startswith(f"{user.first_name[0]}{user.last_name[0]}")  # initials, not "○ 1…"
    assert len({items[slot_id].slot.tint for slot_id, _ in made}) == 3  # and a colour each
    window.ui.specialists.setCurrentIndex(window.specialist_proxy.index(1, 0))  # one specialist
    assert all(item.slot.badge == "" for day in window.ui.week.paint_items for item in day)


def test_reserve_awaits_approval_then_agreed_with_a_notification(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    specialist_api, _ = new_account(demo_server, Role.SPECIALIST)
    slot_id = future_slot(specialist_api, days=3, hour=8, context="Career advice", cost="35.00")
    wait_for_slot(qtbot, window, slot_id)
    window.select_specialist(None)
    assert window.select_slot(slot_id) and window.ui.reserve.isEnabled()
    window.activateWindow()
    window.ui.slots.setFocus()
    qtbot.keyClick(window.ui.slots, Qt.Key.Key_Return)  # Enter on the list reserves
    box = window.findChild(QMessageBox, "confirmReservation")
    assert "Career advice" in box.informativeText() and "35.00" in box.informativeText()
    confirm(qtbot, box)
    qtbot.waitUntil(lambda: window.session.store.slot(slot_id).status is SlotStatus.AGREEMENT,
                    timeout=WAIT_MS)
    row = window.slot_model.row_of(slot_id)
    assert window.slot_model.index(row, SlotColumn.STATUS).data() == "Awaiting approval (yours)"
    qtbot.waitUntil(lambda: not window.ui.reserve.isEnabled(), timeout=WAIT_MS)  # no longer free
    qtbot.waitUntil(lambda: window.ui.week.slot(slot_id).status is SlotStatus.AGREEMENT,  # the calendar too
                    timeout=WAIT_MS)
    assert window.consultations.model.find(f"slot:{slot_id}").state is State.AWAITING

    with qtbot.waitSignal(window.notifier.raised, timeout=WAIT_MS) as raised:
        specialist_api.agree(slot_id)
    assert raised.args[0] == "Consultation agreed"
    assert window.consultations.model.find(f"slot:{slot_id}").state is State.AGREED
    assert window.notifier.history[-1] == tuple(raised.args)
    assert window.banner.isVisible()


def test_a_declined_request_says_so_with_the_reason(window, qtbot, client, demo_server):  # type: ignore[no-untyped-def]
    client_api, _ = client
    specialist_api, _ = new_account(demo_server, Role.SPECIALIST)
    slot_id = future_slot(specialist_api, days=5, hour=13)
    client_api.reserve(slot_id)
    key = f"slot:{slot_id}"
    qtbot.waitUntil(lambda: window.consultations.model.find(key) is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(window.notifier.raised, timeout=WAIT_MS) as raised:
        specialist_api.cancel_specialist(slot_id, CancelReason.GOT_SICK, "Fever, sorry")
    assert raised.args[0] == "Request declined"
    panel = window.consultations

    def declined() -> list:
        return [r for r in panel.model.rows() if r.state is State.DECLINED and r.slot_id == slot_id]

    qtbot.waitUntil(lambda: bool(declined()), timeout=WAIT_MS)
    assert declined()[0].reason_text == "Got sick: Fever, sorry"
    assert panel.model.find(key) is None


def test_cancel_with_reason_and_comment_reaches_the_specialist(window, qtbot, client, demo_server):  # type: ignore[no-untyped-def]
    client_api, _ = client
    specialist_api, _ = new_account(demo_server, Role.SPECIALIST)
    slot_id = future_slot(specialist_api, days=7, hour=11)
    client_api.reserve(slot_id)
    panel = window.consultations
    qtbot.waitUntil(lambda: panel.model.find(f"slot:{slot_id}") is not None, timeout=WAIT_MS)
    window.ui.tabs.setCurrentWidget(panel)
    assert panel.select(f"slot:{slot_id}")
    assert panel.cancel_button.isEnabled() and not panel.calendar_button.isEnabled()
    dialog = panel.cancel_selected()
    dialog.reason.setCurrentIndex(dialog.reason.findData(CancelReason.SCHEDULE_CONFLICT.value))
    qtbot.keyClicks(dialog.comment, "Moved abroad")
    assert dialog.counter.text() == "12 / 255"
    dialog.comment.insertPlainText("x" * 300)  # a paste past the limit is cut at 255
    assert len(dialog.comment.toPlainText()) == 255 and dialog.counter.text() == "255 / 255"
    dialog.comment.setPlainText("Moved abroad")
    with qtbot.assertNotEmitted(window.notifier.raised, wait=300):
        dialog.confirm_button.click()
        qtbot.waitUntil(lambda: panel.model.find(f"slot:{slot_id}") is None, timeout=WAIT_MS)
    comments = [h for h in specialist_api.history() if h.slot == slot_id]
    assert [(c.outcome, c.reason, c.text) for c in comments] == [
        (Outcome.CANCELLED_BY_CLIENT, CancelReason.SCHEDULE_CONFLICT, "Moved abroad")]
    qtbot.waitUntil(lambda: any(r.state is State.CANCELLED_BY_YOU and r.slot_id == slot_id
                                for r in panel.model.rows()), timeout=WAIT_MS)


def test_someone_else_faster_is_said_plainly(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    specialist_api, _ = new_account(demo_server, Role.SPECIALIST)
    slot_id = future_slot(specialist_api, days=8, hour=10)
    wait_for_slot(qtbot, window, slot_id)
    box = window.reserve(slot_id)  # the client reads the confirmation while another one books
    rival_api, _ = new_account(demo_server, Role.CLIENT)
    rival_api.reserve(slot_id)
    with qtbot.waitSignal(reporter().shown, timeout=WAIT_MS) as shown:
        confirm(qtbot, box)
    assert shown.args[0] == "Slot already taken"
    assert shown.args[1].startswith("Someone else was faster")
    qtbot.waitUntil(lambda: window.slot_model.row_of(slot_id) is None, timeout=WAIT_MS)
    assert "Someone else was faster" in window.ui.status.text()


def test_an_overlapping_booking_is_refused_before_asking(window, qtbot, client, demo_server):  # type: ignore[no-untyped-def]
    client_api, _ = client
    first_api, _ = new_account(demo_server, Role.SPECIALIST)
    second_api, _ = new_account(demo_server, Role.SPECIALIST)
    held = future_slot(first_api, days=9, hour=10, minutes=60)
    clash = future_slot(second_api, days=9, hour=10, minutes=30)
    client_api.reserve(held)
    qtbot.waitUntil(lambda: window.session.store.slot(held) is not None
                    and window.session.store.slot(held).status is SlotStatus.AGREEMENT, timeout=WAIT_MS)
    wait_for_slot(qtbot, window, clash)
    with qtbot.waitSignal(reporter().shown) as shown:
        assert window.reserve(clash) is None  # no confirmation: refused here
    assert "overlapping time" in shown.args[1]
    assert second_api.slot(clash).status is SlotStatus.FREE


def test_add_to_calendar_saves_an_ics(window, qtbot, client, demo_server, tmp_path: Path):  # type: ignore[no-untyped-def]
    client_api, _ = client
    specialist_api, _ = new_account(demo_server, Role.SPECIALIST, first_name="Iris")
    slot_id = future_slot(specialist_api, days=10, hour=15, context="Portfolio review")
    client_api.reserve(slot_id)
    specialist_api.agree(slot_id)
    panel = window.consultations
    qtbot.waitUntil(lambda: panel.model.find(f"slot:{slot_id}") is not None
                    and panel.model.find(f"slot:{slot_id}").state is State.AGREED, timeout=WAIT_MS)
    assert panel.select(f"slot:{slot_id}") and panel.calendar_button.isEnabled()
    path = tmp_path / "consultation.ics"
    panel.save_calendar(panel.selected(), path)
    qtbot.waitUntil(path.exists, timeout=WAIT_MS)
    event = next(c for c in Calendar.from_ical(path.read_bytes()).walk() if c.name == "VEVENT")
    slot = client_api.slot(slot_id)
    assert event.decoded("dtstart") == slot.start_time
    assert "Iris" in str(event.get("summary")) and "Portfolio review" in str(event.get("description"))


def test_reserve_from_the_calendar(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    specialist_api, specialist = new_account(demo_server, Role.SPECIALIST, first_name="Calendar")
    slot_id = future_slot(specialist_api, days=11, hour=12, context="Garden design", cost="70.00")
    wait_for_slot(qtbot, window, slot_id)
    window.select_specialist(specialist.id)
    assert window.select_slot(slot_id)  # the calendar goes to that week and shows the slot
    week = window.ui.week
    slot = window.session.store.slot(slot_id)
    week.ensure_visible(slot.start_time, slot.end_time)
    rect = week.grid.rects_for(slot.start_time, slot.end_time)[0]
    qtbot.mouseDClick(week.viewport(), Qt.MouseButton.LeftButton,
                      pos=QPoint(round(rect.x + rect.width / 2), round(rect.y + rect.height / 2)))
    box = window.findChild(QMessageBox, "confirmReservation")
    assert box is not None and box.isVisible()
    details = box.informativeText()
    assert "Calendar Tester" in details and "Garden design" in details and "70.00" in details
    assert str(getattr(window.tz, "key", window.tz)) in details  # the time is in the user's zone
    confirm(qtbot, box)
    qtbot.waitUntil(lambda: week.slot(slot_id) is not None
                    and week.slot(slot_id).status is SlotStatus.AGREEMENT, timeout=WAIT_MS)
