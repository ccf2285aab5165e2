"""The in-process hub: notices wake exactly the waiters they may concern; payloads round-trip."""

from __future__ import annotations

import pytest

from planner_server.sync.hub import Hub, Notice
from planner_shared.enums import Role


def test_notice_payload_round_trips():
    for notice in (Notice(7, "slot", 3, 12), Notice(8, "user", 5), Notice(2**40, "slot", 1, None)):
        assert Notice.parse(notice.payload()) == notice


@pytest.mark.parametrize("payload", ["", "1 slot 2", "x slot 1 2", "1 table 1 2", "1 slot 1 2 3"])
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
