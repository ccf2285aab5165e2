"""Cursors follow commit order: no reader skips a change that commits late, under concurrent writers."""

from __future__ import annotations

import asyncio

import pytest

from tests.server.helpers import act, create_slot, future, make_users
from tests.server.sync.feedutil import head, page


async def test_a_change_that_commits_late_is_not_skipped(client, app, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite runs one writing transaction at a time: commits cannot interleave")
    from sqlalchemy import update

    from planner_server.slots.models import Slot

    specialist, admin = *(await make_users(app, "specialist", 1)), *(await make_users(app, "admin", 1))
    early = await create_slot(client, specialist, future(1))
    late = await create_slot(client, specialist, future(2))
    start = await head(client, admin)
    db = app.state.context.db

    async with db.session() as slow:  # writes (and so records) first, commits last
        await slow.execute(update(Slot).where(Slot.id == early["id"]).values(context="slow"))
        async with db.session() as quick:
            await quick.execute(update(Slot).where(Slot.id == late["id"]).values(context="quick"))
        body = await page(client, admin, start)
        assert [change["id"] for change in body["changes"]] == [late["id"]]
        cursor = body["cursor"]
    body = await page(client, admin, cursor)
    assert [change["id"] for change in body["changes"]] == [early["id"]]


async def test_a_reader_racing_concurrent_writers_sees_every_change_once(client, app):
    specialists = await make_users(app, "specialist", 4)
    customers = await make_users(app, "client", 6)
    (admin,) = await make_users(app, "admin", 1)
    start = await head(client, admin)
    slots = await asyncio.gather(*(create_slot(client, specialists[n % 4], future(n // 4 + 1))
                                   for n in range(16)))
    seen: list[dict] = []  # type: ignore[type-arg]
    writing = True

    async def follow() -> None:
        since = start
        while True:
            finished = not writing  # every write had answered before this read began
            body = await page(client, admin, since, limit=3)
            seen.extend(body["changes"])
            since = body["cursor"]
            if finished and not body["more"]:
                return

    reader = asyncio.create_task(follow())
    # Every client races for every slot; creations go on meanwhile.
    outcomes = await asyncio.gather(
        *(act(client, who, slot, "reserve") for slot in slots[:8] for who in customers[:3]),
        *(create_slot(client, specialists[n % 4], future(10 + n)) for n in range(8)))
    writing = False
    await asyncio.wait_for(reader, 30)

    wins = [o for o in outcomes[:24] if o.status_code == 200]
    assert len(wins) + sum(o.status_code == 409 for o in outcomes[:24]) == 24
    whole = (await page(client, admin, start, limit=1000))["changes"]
    assert len(whole) == 16 + len(wins) + 8
    assert seen == whole
    cursors = [change["cursor"] for change in seen]
    assert cursors == sorted(set(cursors))
