"""PostgreSQL: the listen connection comes back by itself, and what it missed is read then."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from tests.server.helpers import create_slot, future, make_users
from tests.server.sync.feedutil import brief, head, page


async def test_a_lost_listen_connection_is_replaced_and_waiters_catch_up(client, app, database_url,
                                                                         long_polls):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite wakes waiters in-process; there is no listen connection")
    from planner_server.sync.listener import APPLICATION_NAME

    (specialist,) = await make_users(app, "specialist", 1)
    (customer,) = await make_users(app, "client", 1)
    cursor = await head(client, customer)
    poll = asyncio.create_task(page(client, customer, cursor, wait=20))
    await long_polls.until_waiting(1)

    with psycopg.connect(database_url, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()", (APPLICATION_NAME,)
        ).fetchone()
    assert killed == (1,)
    slot = await create_slot(client, specialist, future(1))  # committed while nobody may listen
    # Only the listener, once listening again, wakes the poll (everyone reads what it missed).
    body = await asyncio.wait_for(poll, 10)
    assert brief(body["changes"]) == [(slot["id"], "upsert", "free", None)]

    # Listening again (a new backend): the next change's notice wakes a new waiter.
    poll = asyncio.create_task(page(client, customer, body["cursor"], wait=20))
    await long_polls.until_waiting(1)
    second = await create_slot(client, specialist, future(2))
    body = await asyncio.wait_for(poll, 5)
    assert brief(body["changes"]) == [(second["id"], "upsert", "free", None)]
