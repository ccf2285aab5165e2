"""Reading the change feed in tests: one page, every page, compact views of the changes, and the
events of a server's feed a test waits on (its long-polls waiting, its hub having heard a change)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.server.helpers import Account

if TYPE_CHECKING:
    from planner_server.sync.hub import Hub, Waiter


async def page(client: httpx.AsyncClient, account: Account, since: int, **params: Any) -> dict[str, Any]:
    response = await client.get("/sync/", params={"since": since, **params}, headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def head(client: httpx.AsyncClient, account: Account) -> int:
    response = await client.get("/sync/", headers=account.headers)
    assert response.status_code == 200, response.text
    assert response.json()["snapshot"] is True
    return int(response.json()["cursor"])


async def drain(client: httpx.AsyncClient, account: Account, since: int,
                limit: int = 1000) -> tuple[list[dict[str, Any]], int]:
    """Every change after ``since``, page by page, and the final cursor."""
    changes: list[dict[str, Any]] = []
    while True:
        body = await page(client, account, since, limit=limit)
        assert body["cursor"] >= since
        changes.extend(body["changes"])
        since = body["cursor"]
        if not body["more"]:
            return changes, since


def brief(changes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(id, op, status, client) of each slot change: what a test usually compares."""
    result = []
    for change in changes:
        assert change["entity"] == "slot", change
        data = change["data"]
        result.append((change["id"], change["op"], data and data["status"], data and data["client"]))
    return result


def normal(value: Any) -> Any:
    """JSON with its timestamps parsed, so that equal instants compare equal however written."""
    if isinstance(value, dict):
        return {key: (datetime.fromisoformat(item) if isinstance(item, str) and key.endswith(
            ("_time", "_at")) else normal(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [normal(item) for item in value]
    return value


class LongPolls:
    """The long-polls of the test's server as its hub sees them (``Waiter.wait``, wrapped): which
    wait now, which were woken, and their time, which the test may run out."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from planner_server.sync.hub import Waiter

        self.waiting: list[Waiter] = []  # in Waiter.wait now: past their read, holding no connection
        self.woken: list[Waiter] = []  # every wait that ended in a wake-up
        self._changed = asyncio.Event()
        self._time_up = asyncio.Event()
        real_wait = Waiter.wait

        async def wait(waiter: Waiter, timeout: float) -> bool:
            time_up = self._time_up
            self.waiting.append(waiter)
            self._changed.set()
            woken = asyncio.ensure_future(real_wait(waiter, timeout))
            ran_out = asyncio.ensure_future(time_up.wait())
            try:
                await asyncio.wait((woken, ran_out), return_when=asyncio.FIRST_COMPLETED)
            finally:
                ran_out.cancel()
                woken.cancel()  # when the time was run out, or the request went away
                self.waiting.remove(waiter)
                self._changed.set()
            if woken.done() and not woken.cancelled() and woken.result():
                self.woken.append(waiter)
                return True
            return False

        monkeypatch.setattr(Waiter, "wait", wait)

    @property
    def wakes(self) -> int:
        """How many waits were woken, counting those woken and not yet back from their wait."""
        return len(self.woken) + sum(waiter.event.is_set() for waiter in self.waiting)

    async def until_waiting(self, count: int, timeout: float = 5.0) -> None:
        """Until ``count`` long-polls wait (at least)."""
        try:
            async with asyncio.timeout(timeout):
                while len(self.waiting) < count:
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"{len(self.waiting)} of {count} long-polls are waiting") from None

    def run_out(self) -> None:
        """The time of every long-poll waiting now runs out, as if its ``wait`` had passed."""
        self._time_up.set()
        self._time_up = asyncio.Event()


def hub_of_app(app: Any) -> Hub:
    from planner_server.sync.feature import hub_of

    hub = hub_of(app.state.context)
    assert hub is not None
    return hub


async def hub_has_heard(app: Any, cursor: int, timeout: float = 5.0) -> Hub:
    """Until the server's hub has handled every change up to ``cursor``: woken whom it concerns,
    brought its tail up to date or marked it stale. A process hears of its own commits as they
    happen; on PostgreSQL every change's notice comes over the listen connection, on its own time."""
    hub = hub_of_app(app)
    noticed = asyncio.Event()
    hub.change_hooks.append(noticed.set)  # called as each notice arrives
    try:
        async with asyncio.timeout(timeout):
            await hub.idle()
            while app.state.context.db.is_postgres and hub.latest_cursor < cursor:
                await noticed.wait()
                noticed.clear()
                await hub.idle()
    except TimeoutError:
        raise AssertionError(f"the hub has heard of changes up to {hub.latest_cursor}, "
                             f"not {cursor}") from None
    finally:
        hub.change_hooks.remove(noticed.set)
    return hub
