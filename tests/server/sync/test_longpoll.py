"""GET /sync/?wait=: answered as soon as a visible change commits, held otherwise, connection-free."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.server.helpers import create_slot, future, make_users
from tests.server.sync.feedutil import brief, head, hub_has_heard, page


async def test_a_long_poll_answers_when_a_visible_change_commits(client, app, long_polls):
    (specialist,) = await make_users(app, "specialist", 1)
    customers = await make_users(app, "client", 3)
    cursor = await head(client, specialist)

    polls = [asyncio.create_task(page(client, who, cursor, wait=20)) for who in (*customers, specialist)]
    await long_polls.until_waiting(len(polls))
    assert not any(poll.done() for poll in polls)
    slot = await create_slot(client, specialist, future(1))
    bodies = await asyncio.wait_for(asyncio.gather(*polls), 5)  # woken: far sooner than their wait
    for body in bodies:
        assert brief(body["changes"]) == [(slot["id"], "upsert", "free", None)]
        assert body["more"] is False and body["cursor"] > cursor


async def test_a_long_poll_ignores_changes_it_may_not_see(client, app, long_polls):
    mine, other = await make_users(app, "specialist", 2)
    cursor = await head(client, mine)
    await create_slot(client, other, future(1))
    poll = asyncio.create_task(page(client, mine, cursor, wait=20))
    await long_polls.until_waiting(1)
    await create_slot(client, other, future(2))
    await hub_has_heard(app, await head(client, mine))
    assert long_polls.wakes == 0 and not poll.done()  # not woken by the other specialist's changes
    long_polls.run_out()
    body = await asyncio.wait_for(poll, 5)
    assert body["changes"] == [] and body["more"] is False
    assert body["cursor"] == await head(client, mine)  # past the changes it may not see


async def test_waiting_long_polls_hold_no_database_connection(client, app, long_polls):
    users = await make_users(app, "client", 8)
    cursor = await head(client, users[0])
    pool = app.state.context.db.engine.pool
    polls = [asyncio.create_task(page(client, who, cursor, wait=20)) for who in users]
    await long_polls.until_waiting(len(users))
    assert pool.checkedout() == 0
    (specialist,) = await make_users(app, "specialist", 1)
    await create_slot(client, specialist, future(1))
    assert all(len(body["changes"]) == 1 for body in await asyncio.wait_for(asyncio.gather(*polls), 5))


async def test_a_long_poll_without_news_answers_when_its_wait_runs_out(client, app, long_polls):
    (customer,) = await make_users(app, "client", 1)
    cursor = await head(client, customer)
    empty = {"cursor": cursor, "changes": [], "more": False, "snapshot": False}
    poll = asyncio.create_task(page(client, customer, cursor, wait=20))
    await long_polls.until_waiting(1)
    assert not poll.done()  # held while its time lasts
    long_polls.run_out()
    assert await asyncio.wait_for(poll, 5) == empty
    # the same, on the clock: a wait of its own length ends (long before the bound)
    assert await asyncio.wait_for(page(client, customer, cursor, wait=0.05), 5) == empty


async def test_blocking_a_user_stops_its_feed_at_once(client, app, long_polls):
    from tests.server.helpers import assert_error

    (customer,) = await make_users(app, "client", 1)
    (admin,) = await make_users(app, "admin", 1)
    cursor = await head(client, customer)
    assert (await page(client, customer, cursor, wait=0.05))["changes"] == []  # known to the feed now
    poll = asyncio.create_task(page(client, customer, cursor, wait=20))
    await long_polls.until_waiting(1)
    assert (await client.patch(f"/users/{customer.id}/block_user/", headers=admin.headers)).status_code == 200
    body = await asyncio.wait_for(poll, 5)  # its own record changed: the waiting poll answers
    assert [(c["entity"], c["data"]["is_blocked"]) for c in body["changes"]] == [("user", True)]
    # The hub forgot the user on hearing of the change, before it woke the poll: refused now.
    response = await client.get("/sync/", params={"since": cursor, "wait": 1}, headers=customer.headers)
    assert_error(response, 403, "user_blocked")


class _HeldWindows:
    """``asyncio`` as the long-poll module sees it, but for its one sleep, the batch window: held
    open until the test closes it. The window's clock, in the test's hands."""

    def __init__(self) -> None:
        self.lengths: list[float] = []  # of every window opened, as the long-poll asked
        self.opened = asyncio.Event()
        self._closed = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, seconds: float) -> None:
        self.lengths.append(seconds)
        self.opened.set()
        await self._closed.wait()

    def close(self) -> None:
        self._closed.set()


async def test_a_stream_of_changes_reaches_a_desktop_in_batches(client, app, monkeypatch):
    from planner_server.sync import longpoll

    windows = _HeldWindows()
    monkeypatch.setattr(longpoll, "asyncio", windows)
    monkeypatch.setattr(app.state.context.settings, "sync_batch_ms", 1000.0)
    (specialist,) = await make_users(app, "specialist", 1)
    (customer,) = await make_users(app, "client", 1)
    cursor = await head(client, customer)
    first = await create_slot(client, specialist, future(1))

    poll = asyncio.create_task(page(client, customer, cursor, wait=20))
    await asyncio.wait_for(windows.opened.wait(), 5)
    assert not poll.done()  # a change is there, but the window is open: it gathers what comes
    assert 0 < windows.lengths[0] <= 1.0
    second = await create_slot(client, specialist, future(2))
    await hub_has_heard(app, await head(client, customer))
    assert not poll.done()
    windows.close()
    body = await asyncio.wait_for(poll, 5)
    assert [change["id"] for change in body["changes"]] == [first["id"], second["id"]]

    monkeypatch.setattr(app.state.context.settings, "sync_batch_ms", 0.0)
    third = await create_slot(client, specialist, future(3))
    body = await asyncio.wait_for(page(client, customer, body["cursor"], wait=20), 5)
    assert [change["id"] for change in body["changes"]] == [third["id"]]
    assert len(windows.lengths) == 1  # no window: answered at once
