"""The calendar's effects that no one asks for: clients' change feeds follow the busy times, and the
server's background loop writes agreed consultations back by itself."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from planner_server.calendars import writeback
from planner_server.calendars.writeback import WriteOutcome
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


async def test_the_background_loop_writes_back_by_itself(settings: Any, caldav_account: CalDAV,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    settings.run_calendar_worker = True
    rounds = _WriteBacks(monkeypatch)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as http:
            specialist = await register(http, "specialist")
            clientele = await register(http, "client")
            slot = await create_slot(http, specialist, future(10))
            await connect(http, specialist, caldav_account, target_calendar="/anna/home/")
            assert (await act(http, clientele, slot, "reserve")).status_code == 200
            since = len(rounds.outcomes)
            assert (await act(http, specialist, slot, "agree")).status_code == 200
            await rounds.until(since, lambda outcome: outcome.written == 1)
            uid = f"slot-{slot['id']}@localhost"
            assert uid in await asyncio.to_thread(caldav_account.events, caldav_account.home)
            since = len(rounds.outcomes)
            assert (await act(http, specialist, slot, "cancel_specialist", {"reason": "got sick"})
                    ).status_code == 200
            await rounds.until(since, lambda outcome: outcome.deleted == 1)
            assert uid not in await asyncio.to_thread(caldav_account.events, caldav_account.home)


class _WriteBacks:
    """The background loop's write-back rounds as they end (writeback.write_back, wrapped)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.outcomes: list[WriteOutcome] = []
        self._ended = asyncio.Event()
        real = writeback.write_back

        async def write_back(**arguments: Any) -> WriteOutcome:
            outcome = await real(**arguments)
            self.outcomes.append(outcome)
            self._ended.set()
            return outcome

        monkeypatch.setattr(writeback, "write_back", write_back)

    async def until(self, since: int, done: Callable[[WriteOutcome], bool], timeout: float = 30.0) -> None:
        """Until a round that ended after the first ``since`` satisfies ``done``."""
        try:
            async with asyncio.timeout(timeout):
                while not any(done(outcome) for outcome in self.outcomes[since:]):
                    self._ended.clear()
                    await self._ended.wait()
        except TimeoutError:
            raise AssertionError(f"no such write-back round: {self.outcomes[since:]}") from None
