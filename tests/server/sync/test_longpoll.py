"""GET /sync/?wait=: answered as soon as a visible change commits, held otherwise, connection-free."""

from __future__ import annotations

import asyncio
import time

from tests.server.helpers import create_slot, future, make_users
from tests.server.sync.feedutil import brief, head, page


async def _until_waiting(app, count: int) -> None:  # type: ignore[no-untyped-def]
    from planner_server.sync.feature import hub_of

    hub = hub_of(app.state.context)
    assert hub is not None
    for _ in range(200):
        if hub.waiting >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{hub.waiting} of {count} long-polls are waiting")


async def test_a_long_poll_answers_when_a_visible_change_commits(client, app):
    (specialist,) = await make_users(app, "specialist", 1)
    customers = await make_users(app, "client", 3)
    cursor = await head(client, specialist)

    polls = [asyncio.create_task(page(client, who, cursor, wait=20)) for who in (*customers, specialist)]
    await _until_waiting(app, len(polls))
    assert not any(poll.done() for poll in polls)
    written = time.monotonic()
    slot = await create_slot(client, specialist, future(1))
    bodies = await asyncio.wait_for(asyncio.gather(*polls), 5)
    assert time.monotonic() - written < 2
    for body in bodies:
        assert brief(body["changes"]) == [(slot["id"], "upsert", "free", None)]
        assert body["more"] is False and body["cursor"] > cursor


async def test_a_long_poll_ignores_changes_it_may_not_see(client, app):
    mine, other = await make_users(app, "specialist", 2)
    cursor = await head(client, mine)
    await create_slot(client, other, future(1))
    poll = asyncio.create_task(page(client, mine, cursor, wait=0.8))
    await _until_waiting(app, 1)
    started = time.monotonic()
    await create_slot(client, other, future(2))
    body = await poll
    assert time.monotonic() - started >= 0.5  # not answered by the other specialist's changes
    assert body["changes"] == [] and body["more"] is False
    assert body["cursor"] == await head(client, mine)  # past the changes it may not see


async def test_waiting_long_polls_hold_no_database_connection(client, app):
    users = await make_users(app, "client", 8)
    cursor = await head(client, users[0])
    pool = app.state.context.db.engine.pool
    polls = [asyncio.create_task(page(client, who, cursor, wait=20)) for who in users]
    await _until_waiting(app, len(users))
    await asyncio.sleep(0.05)
    assert pool.checkedout() == 0
    (specialist,) = await make_users(app, "specialist", 1)
    await create_slot(client, specialist, future(1))
    assert all(len(body["changes"]) == 1 for body in await asyncio.wait_for(asyncio.gather(*polls), 5))


async def test_a_long_poll_without_news_answers_after_its_wait(client, app):
    (customer,) = await make_users(app, "client", 1)
    cursor = await head(client, customer)
    started = time.monotonic()
    body = await page(client, customer, cursor, wait=0.3)
    assert 0.25 <= time.monotonic() - started < 3
    assert body == {"cursor": cursor, "changes": [], "more": False, "snapshot": False}


async def test_blocking_a_user_stops_its_feed_at_once(client, app):
    from tests.server.helpers import assert_error

    (customer,) = await make_users(app, "client", 1)
    (admin,) = await make_users(app, "admin", 1)
    cursor = await head(client, customer)
    assert (await page(client, customer, cursor, wait=0.05))["changes"] == []  # known to the feed now
    poll = asyncio.create_task(page(client, customer, cursor, wait=20))
    await _until_waiting(app, 1)
    assert (await client.patch(f"/users/{customer.id}/block_user/", headers=admin.headers)).status_code == 200
    body = await asyncio.wait_for(poll, 5)  # its own record changed: the waiting poll answers
    assert [(c["entity"], c["data"]["is_blocked"]) for c in body["changes"]] == [("user", True)]
    for _ in range(100):  # the notice reaches the feed within milliseconds (PostgreSQL: NOTIFY)
        response = await client.get("/sync/", params={"since": cursor, "wait": 1},
                                    headers=customer.headers)
        if response.status_code == 403:
            break
        await asyncio.sleep(0.01)
    assert_error(response, 403, "user_blocked")


async def test_a_stream_of_changes_reaches_a_desktop_in_batches(client, app, monkeypatch):
    monkeypatch.setattr(app.state.context.settings, "sync_batch_ms", 400.0)
    (specialist,) = await make_users(app, "specialist", 1)
    (customer,) = await make_users(app, "client", 1)
    cursor = await head(client, customer)
    first = await create_slot(client, specialist, future(1))

    asked = time.monotonic()
    poll = asyncio.create_task(page(client, customer, cursor, wait=20))
    await asyncio.sleep(0.05)
    assert not poll.done()  # a change is there, but the window is open: it gathers what comes
    second = await create_slot(client, specialist, future(2))
    body = await asyncio.wait_for(poll, 5)
    assert time.monotonic() - asked >= 0.4
    assert [change["id"] for change in body["changes"]] == [first["id"], second["id"]]

    monkeypatch.setattr(app.state.context.settings, "sync_batch_ms", 0.0)
    asked = time.monotonic()
    third = await create_slot(client, specialist, future(3))
    body = await page(client, customer, body["cursor"], wait=20)  # no window: at once
    assert [change["id"] for change in body["changes"]] == [third["id"]]
    assert time.monotonic() - asked < 0.4
