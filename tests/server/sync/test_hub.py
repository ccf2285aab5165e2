"""The in-process hub: notices wake exactly the waiters they may concern; payloads round-trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from planner_server.sync.hub import Hub, Notice
from planner_shared.enums import Role


def test_notice_payload_round_trips():
    for notice in (Notice(7, "slot", 3, 12), Notice(8, "user", 5), Notice(2**40, "slot", 1, None)):
        assert Notice.parse(notice.payload()) == notice


_ROW = {"id": 99, "cursor": None, "entity": "slot", "entity_id": 3, "deleted": False,
        "follow_up": False, "specialist_id": 12, "client_id": None, "previous_client_id": None,
        "held_for_id": None,
        "status": "free", "listed": True, "start_time": "2026-12-01T09:00:00+00:00",
        "end_time": "2026-12-01T10:00:00+03:00", "data": '{"id": 3, "context": "a b  c"}',
        "created_at": "2026-11-30T21:00:00.5+00:00"}


def test_a_slot_notice_may_bring_its_row():
    notice = Notice.parse("7 slot 3 12 " + json.dumps(_ROW))  # as row_to_json writes it
    assert notice == Notice(7, "slot", 3, 12)
    row = notice.row
    assert row.cursor == 7 and json.loads(row.data)["context"] == "a b  c"
    assert row.listed is True and row.client_id is None
    assert row.start_time == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert row.end_time == datetime(2026, 12, 1, 7, tzinfo=UTC) and row.end_time.tzinfo is UTC


@pytest.mark.parametrize("payload", ["", "1 slot 2", "x slot 1 2", "1 table 1 2", "1 slot 1 2 3",
                                     "1 slot 1 2 [", "1 slot 1 2 []", "1 slot 1 2 {}",
                                     "1 slot 1 2 " + json.dumps(list(_ROW.values())),
                                     "1 slot 1 2 " + json.dumps({**_ROW, "start_time": "soon"}),
                                     "1 slot 1 2 " + json.dumps({**_ROW, "end_time": 5})])
def test_unreadable_payloads_are_refused(payload):
    with pytest.raises(ValueError):
        Notice.parse(payload)


async def test_notices_wake_only_whom_they_concern():
    hub = Hub()
    with (hub.subscription(user_id=1, role=Role.SPECIALIST) as own,
          hub.subscription(user_id=2, role=Role.SPECIALIST) as other,
          hub.subscription(user_id=3, role=Role.CLIENT) as customer,
          hub.subscription(user_id=4, role=Role.ADMIN) as admin):
        assert hub.waiting == 4

        def woken() -> set[int]:
            result = {w.user_id for w in (own, other, customer, admin) if w.event.is_set()}
            for w in (own, other, customer, admin):
                w.event.clear()
            return result

        hub.publish([Notice(1, "slot", 10, 1)])
        assert woken() == {1, 3, 4}
        hub.publish([Notice(2, "user", 3)])
        assert woken() == {3, 4}
        hub.publish([Notice(3, "user", 99)])
        assert woken() == {4}
        hub.wake_all()
        assert woken() == {1, 2, 3, 4}
        assert hub.latest_cursor == 3
    assert hub.waiting == 0


async def test_closing_wakes_everyone():
    hub = Hub()
    with hub.subscription(user_id=1, role=Role.CLIENT) as waiter:
        hub.close()
        assert waiter.event.is_set() and hub.closed
        assert await waiter.wait(0.01)
