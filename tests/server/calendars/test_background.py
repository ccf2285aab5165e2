"""The calendar's effects that no one asks for: clients' change feeds follow the busy times, and the
server's background loop writes agreed consultations back by itself."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest

from planner_server.main import create_app
from tests.server.calendars.conftest import CalDAV, stamp
from tests.server.calendars.test_busy_times import connect, sync
from tests.server.helpers import act, create_slot, future, register
from tests.server.sync.feedutil import drain, head

pytestmark = pytest.mark.timeout(120)


async def test_a_clients_feed_follows_the_busy_times(client: httpx.AsyncClient,
                                                     caldav_account: CalDAV) -> None:
    specialist = await register(client, "specialist")
    clientele = await register(client, "client")
    at = future(9)
    slot = await create_slot(client, specialist, at)
    await connect(client, specialist, caldav_account)
    cursor = await head(client, clientele)

    caldav_account.add("meeting", f"DTSTART:{stamp(at)}\r\nDTEND:{stamp(at + timedelta(hours=1))}")
    await sync(client, specialist)
    changes, cursor = await drain(client, clientele, cursor)
    assert [(c["id"], c["op"]) for c in changes] == [(slot["id"], "delete")]  # no longer on offer

    caldav_account.remove("meeting")
    await sync(client, specialist)
    changes, cursor = await drain(client, clientele, cursor)
    assert [(c["id"], c["op"]) for c in changes] == [(slot["id"], "upsert")]  # back on offer


async def test_the_background_loop_writes_back_by_itself(settings: Any, caldav_account: CalDAV) -> None:
    settings.run_calendar_worker = True
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as http:
            specialist = await register(http, "specialist")
            clientele = await register(http, "client")
            slot = await create_slot(http, specialist, future(10))
            await connect(http, specialist, caldav_account, target_calendar="/anna/home/")
            assert (await act(http, clientele, slot, "reserve")).status_code == 200
            assert (await act(http, specialist, slot, "agree")).status_code == 200
            uid = f"slot-{slot['id']}@localhost"
            await _until(lambda: uid in caldav_account.events(caldav_account.home))
            assert (await act(http, specialist, slot, "cancel_specialist", {"reason": "got sick"})
                    ).status_code == 200
            await _until(lambda: uid not in caldav_account.events(caldav_account.home))


async def _until(condition: Any) -> None:
    """Until the CalDAV server shows it (polled: it tells no one); the test's timeout bounds it."""
    while not await asyncio.to_thread(condition):
        await asyncio.sleep(0.05)
