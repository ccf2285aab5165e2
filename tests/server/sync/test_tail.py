"""The process's tail: pages from memory equal pages from the database; fan-out reads the log once."""

from __future__ import annotations

import asyncio

import pytest

from tests.server.helpers import act, create_slot, future, make_users
from tests.server.sync.feedutil import head, hub_has_heard, page


async def test_pages_from_the_tail_equal_pages_from_the_database(client, app):
    from planner_server.principal import load_principal
    from planner_server.sync import feed
    from planner_server.sync.feature import hub_of

    s1, s2 = await make_users(app, "specialist", 2)
    c1, c2 = await make_users(app, "client", 2)
    (admin,) = await make_users(app, "admin", 1)
    start = await head(client, admin)
    a = await create_slot(client, s1, future(1))
    b = await create_slot(client, s2, future(2))
    assert (await act(client, c1, a, "reserve")).status_code == 200
    assert (await act(client, s1, a, "agree")).status_code == 200
    assert (await act(client, c2, b, "reserve")).status_code == 200
    assert (await act(client, c2, b, "cancel_client")).status_code == 200
    assert (await client.patch(f"/users/{s2.id}/block_user/", headers=admin.headers)).status_code == 200
    end = await head(client, admin)

    hub = hub_of(app.state.context)
    assert hub is not None and hub.tail is not None
    await hub.tail.refresh()
    assert hub.tail.start is not None and hub.tail.start <= start and hub.tail.end == end
    db = app.state.context.db

    async def follow(read, since, limit):  # type: ignore[no-untyped-def]
        changes = []
        while True:
            body = await read(since, limit)
            changes += body["changes"]
            since = body["cursor"]
            if not body["more"]:
                return changes, since

    # The tail keeps entries between users (visibility.entry_for's memo): whoever reads first,
    # each user gets exactly its own view.
    for account in (admin, s1, s2, c1, c2, admin, c2):
        async with db.session(write=False) as session:
            user = await load_principal(session=session, user_id=account.id)
            assert user is not None

            async def from_db(since, limit, user=user):  # type: ignore[no-untyped-def]
                return await feed.read_page(session=session, user=user, since=since, limit=limit)

            async def from_tail(since, limit, user=user):  # type: ignore[no-untyped-def]
                body = await hub.page(user=user, since=since, limit=limit)
                assert body is not None
                return body

            for since in range(start, end + 1):
                for limit in (1, 2, 500):
                    assert await follow(from_tail, since, limit) == await follow(from_db, since, limit)
                assert await hub.page(user=user, since=since, limit=500) == await from_db(since, 500)
    assert await hub.page(user=user, since=end + 1, limit=5) is None  # beyond what it holds


async def test_rows_brought_by_notifications_read_as_the_log_does(client, app, monkeypatch):
    from planner_server.sync import feed
    from planner_server.sync.feature import hub_of

    if not app.state.context.db.is_postgres:
        pytest.skip("SQLite has no notifications: its tail reads the log")
    s1, s2 = await make_users(app, "specialist", 2)
    c1, c2 = await make_users(app, "client", 2)
    (admin,) = await make_users(app, "admin", 1)
    hub = hub_of(app.state.context)
    assert hub is not None and hub.tail is not None
    start = await head(client, admin)
    await hub_has_heard(app, start)  # the new users' notices: nobody waited, the tail is stale
    assert await hub.page(user=await _principal(app, admin), since=start, limit=1) is not None
    assert not hub.tail.stale and hub.tail.end == start  # a request caught it up

    reads = _counted_log_reads(monkeypatch)
    a = await create_slot(client, s1, future(1), context="first")
    b = await create_slot(client, s2, future(2), cost="12.50")
    gone = await create_slot(client, s2, future(3))
    assert (await act(client, c1, a, "reserve")).status_code == 200
    assert (await act(client, s1, a, "agree")).status_code == 200
    assert (await act(client, c2, b, "reserve")).status_code == 200
    assert (await act(client, c2, b, "cancel_client")).status_code == 200
    assert (await client.delete(f"/slots/{gone['id']}/", headers=s2.headers)).status_code == 204
    end = await head(client, admin)
    await hub_has_heard(app, end)
    assert reads == [] and not hub.tail.stale and hub.tail.end == end  # rows came with notices
    monkeypatch.undo()

    for account in (admin, s1, s2, c1, c2):
        user = await _principal(app, account)
        async with app.state.context.db.session(write=False) as session:
            for since in range(start, end + 1):
                from_tail = await hub.page(user=user, since=since, limit=500)
                assert from_tail == await feed.read_page(session=session, user=user, since=since,
                                                         limit=500)


async def _principal(app, account):  # type: ignore[no-untyped-def]
    from planner_server.principal import load_principal

    async with app.state.context.db.session(write=False) as session:
        return await load_principal(session=session, user_id=account.id)


async def test_waking_many_long_polls_reads_the_log_once(client, app, monkeypatch, long_polls):
    (specialist,) = await make_users(app, "specialist", 1)
    customers = await make_users(app, "client", 12)
    cursor = await head(client, specialist)
    polls = [asyncio.create_task(page(client, who, cursor, wait=20)) for who in customers]
    await long_polls.until_waiting(len(customers))

    reads = _counted_log_reads(monkeypatch)
    await create_slot(client, specialist, future(1))
    bodies = await asyncio.wait_for(asyncio.gather(*polls), 5)
    assert all(len(body["changes"]) == 1 for body in bodies)
    if app.state.context.db.is_postgres:
        assert reads == []  # the change's notification brought its row
    else:
        assert reads in (["read_tail"], ["read_tail", "read_tail"]), reads  # not one per waiter


async def test_writes_while_nobody_waits_cost_no_log_reads_and_lose_nothing(client, app, monkeypatch):
    (specialist,) = await make_users(app, "specialist", 1)
    (customer,) = await make_users(app, "client", 1)
    cursor = await head(client, customer)
    statements = _counted_log_reads(monkeypatch)
    created = [await create_slot(client, specialist, future(n + 1)) for n in range(5)]
    await hub_has_heard(app, await head(client, customer))  # the notices handled
    assert statements == []  # nobody was waiting: the process read nothing
    monkeypatch.undo()
    body = await page(client, customer, cursor, wait=5)
    assert [change["id"] for change in body["changes"]] == [slot["id"] for slot in created]


async def test_many_polls_of_a_stale_tail_read_the_log_once(client, app, monkeypatch):
    (specialist,) = await make_users(app, "specialist", 1)
    renamed, *customers = await make_users(app, "client", 13)
    cursor = await head(client, specialist)
    created = [await create_slot(client, specialist, future(n + 1)) for n in range(3)]
    response = await client.patch("/users/me/", json={"first_name": "Renamed"}, headers=renamed.headers)
    assert response.status_code == 200, response.text
    # nobody waited: the hub skipped what it would have had to read, and marked its tail stale
    hub = await hub_has_heard(app, await head(client, specialist))
    assert hub.tail is not None and hub.tail.stale
    reads = _counted_log_reads(monkeypatch)
    bodies = await asyncio.wait_for(asyncio.gather(
        *(page(client, who, cursor, wait=5) for who in customers)), 5)
    expected = [slot["id"] for slot in created]
    assert all([change["id"] for change in body["changes"]] == expected for body in bodies)
    assert reads in (["read_tail"], ["read_tail", "read_tail"]), reads  # not a page read per poll


def _counted_log_reads(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every read of the change log from now on: the tail's refreshes and requests' own reads."""
    from planner_server.sync import feed

    reads: list[str] = []
    for name in ("read_tail", "read_page"):
        original = getattr(feed, name)

        async def counted(*args, _original=original, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            reads.append(_name)
            return await _original(*args, **kwargs)

        monkeypatch.setattr(feed, name, counted)
    return reads


async def test_a_full_tail_lets_its_oldest_rows_and_their_entries_go(client, app):
    from planner_server.sync import feed
    from planner_server.sync.tail import Tail

    (specialist,) = await make_users(app, "specialist", 1)
    (customer,) = await make_users(app, "client", 1)
    db = app.state.context.db
    tail = Tail(db, capacity=3)
    await tail.refresh()  # starts at the head
    start = tail.end
    assert start is not None
    user = await _principal(app, customer)
    for n in range(6):
        await create_slot(client, specialist, future(n + 1))
        await tail.refresh()
        assert tail.page(user=user, since=tail.start, limit=500) is not None  # builds entries
    end = await head(client, customer)
    assert tail.end == end and tail.start == end - 3
    assert tail.page(user=user, since=tail.start - 1, limit=500) is None  # let go
    assert set(tail._entries) == {end - 2, end - 1, end}
    async with db.session(write=False) as session:
        for since in range(tail.start, end + 1):
            assert tail.page(user=user, since=since, limit=500) == await feed.read_page(
                session=session, user=user, since=since, limit=500)
