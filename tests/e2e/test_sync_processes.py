"""Two `planner-server run` processes on one PostgreSQL database: a change made through one of them
is delivered at once to a long-poll held by the other (LISTEN/NOTIFY), both ways."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from bench._server import running_server
from tests.server.helpers import PASSWORD, future, slot_body

pytestmark = pytest.mark.slow


async def _account(http: httpx.AsyncClient, role: str, email: str) -> dict[str, str]:
    body = {"first_name": "Ann", "last_name": role.title(), "email": email, "role": role,
            "password": PASSWORD}
    assert (await http.post("/register/", json=body)).status_code == 201
    tokens = (await http.post("/auth/jwt/create/", json={"email": email, "password": PASSWORD})).json()
    return {"Authorization": f"Bearer {tokens['access']}"}


async def _poll_until_waiting(poll: asyncio.Task) -> None:  # type: ignore[type-arg]
    # The other process's hub cannot be seen from here: give the poll time to start waiting. Should
    # it start only after the write, it answers at once with the change: the test still passes (it
    # checks the change arrives before the poll's own 20 s are up), only without a wake to show.
    await asyncio.sleep(0.5)
    assert not poll.done(), poll.result().text if poll.done() else ""


async def _woken(poll: asyncio.Task) -> httpx.Response:  # type: ignore[type-arg]
    """The poll's answer, well before its 20 s wait ends: nothing but the change's notice (no timer,
    no polling of the database) answers a waiting long-poll early."""
    return await asyncio.wait_for(poll, 10)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_change_through_one_process_wakes_a_long_poll_on_another(database_url, tmp_path: Path):
    with ExitStack() as stack:
        a = stack.enter_context(running_server(database_url, tmp_path / "a"))
        b = stack.enter_context(running_server(database_url, tmp_path / "b"))
        async with (httpx.AsyncClient(base_url=a + "/api/v1", timeout=30) as via_a,
                    httpx.AsyncClient(base_url=b + "/api/v1", timeout=30) as via_b):
            specialist = await _account(via_a, "specialist", "spec@example.com")
            customer = await _account(via_b, "client", "client@example.com")
            cursor = (await via_b.get("/sync/", headers=customer)).json()["cursor"]

            # A client waits on B; the specialist adds a slot through A.
            poll = asyncio.create_task(via_b.get("/sync/", params={"since": cursor, "wait": 20},
                                                 headers=customer))
            await _poll_until_waiting(poll)
            created = await via_a.post("/slots/", json=slot_body(future(1)), headers=specialist)
            assert created.status_code == 201, created.text
            response = await _woken(poll)
            body = response.json()
            slot = created.json()
            assert [(c["id"], c["op"]) for c in body["changes"]] == [(slot["id"], "upsert")]

            # The specialist waits on A; the client reserves through B.
            since = (await via_a.get("/sync/", headers=specialist)).json()["cursor"]
            poll = asyncio.create_task(via_a.get("/sync/", params={"since": since, "wait": 20},
                                                 headers=specialist))
            await _poll_until_waiting(poll)
            reserved = await via_b.patch(f"/slots/{slot['id']}/reserve/", headers=customer)
            assert reserved.status_code == 200, reserved.text
            response = await _woken(poll)
            change = response.json()["changes"][0]
            assert change["data"]["status"] == "agreement"
            assert change["data"]["client"] == reserved.json()["client"]
