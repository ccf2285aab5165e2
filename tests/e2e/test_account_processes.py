"""Two `planner-server run` processes on one database (SQLite file or PostgreSQL): when a password
is changed or an administrator ends a user's sessions through one of them, the old access and
refresh tokens are refused at once by both — the check is the user's row, not a process's memory."""

from __future__ import annotations

import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from bench._server import running_server, server_env
from tests.server.helpers import PASSWORD, future, slot_body

pytestmark = pytest.mark.slow


async def _sign_in(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await http.post("/auth/jwt/create/", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, str] = response.json()
    return tokens


def _bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access']}"}


async def _refused(http: httpx.AsyncClient, tokens: dict[str, str]) -> list[tuple[int, str]]:
    me = await http.get("/users/me/", headers=_bearer(tokens))
    refreshed = await http.post("/auth/jwt/refresh/", json={"refresh": tokens["refresh"]})
    return [(r.status_code, r.json().get("code", "")) for r in (me, refreshed)]


async def _accepted(http: httpx.AsyncClient, tokens: dict[str, str]) -> bool:
    me = await http.get("/users/me/", headers=_bearer(tokens))
    refreshed = await http.post("/auth/jwt/refresh/", json={"refresh": tokens["refresh"]})
    return me.status_code == refreshed.status_code == 200


ENDED = [(401, "session_ended"), (401, "session_ended")]


async def test_ended_sessions_are_refused_by_every_process(database_url, tmp_path: Path):
    admin_email = "boss@example.com"
    subprocess.run([sys.executable, "-m", "planner_server.cli", "create-admin", "--email", admin_email,
                    "--password", PASSWORD], check=True, capture_output=True,
                   env=server_env(database_url, tmp_path / "admin"))
    with ExitStack() as stack:
        a = stack.enter_context(running_server(database_url, tmp_path / "a"))
        b = stack.enter_context(running_server(database_url, tmp_path / "b"))
        async with (httpx.AsyncClient(base_url=a + "/api/v1", timeout=30) as via_a,
                    httpx.AsyncClient(base_url=b + "/api/v1", timeout=30) as via_b):
            body = {"first_name": "Ann", "last_name": "Client", "email": "ann@example.com",
                    "role": "client", "password": PASSWORD}
            registered = await via_a.post("/register/", json=body)
            assert registered.status_code == 201, registered.text
            user_id = registered.json()["id"]
            here, there = await _sign_in(via_a, body["email"]), await _sign_in(via_b, body["email"])
            for http in (via_a, via_b):  # both processes have seen both sessions
                assert await _accepted(http, here) and await _accepted(http, there)
                assert (await http.get("/sync/", headers=_bearer(there))).status_code == 200

            # the password changed through A: both old sessions end on A and on B
            changed = await via_a.post("/users/me/password/", headers=_bearer(here), json={
                "current_password": PASSWORD, "new_password": "better456"})
            assert changed.status_code == 200, changed.text
            fresh = changed.json()
            for http in (via_a, via_b):
                assert await _refused(http, here) == ENDED
                assert await _refused(http, there) == ENDED
                assert await _accepted(http, fresh)

            # an administrator ends every session through B: refused on A at once, reservation too
            admin = await _sign_in(via_b, admin_email)
            specialist = {**body, "email": "spec@example.com", "role": "specialist"}
            assert (await via_a.post("/register/", json=specialist)).status_code == 201
            slot = await via_a.post("/slots/", json=slot_body(future(2)),
                                    headers=_bearer(await _sign_in(via_a, specialist["email"])))
            assert slot.status_code == 201, slot.text
            revoked = await via_b.post(f"/users/{user_id}/sessions/revoke/", headers=_bearer(admin))
            assert revoked.status_code == 204, revoked.text
            for http in (via_a, via_b):
                assert await _refused(http, fresh) == ENDED
                reserve = await http.patch(f"/slots/{slot.json()['id']}/reserve/", headers=_bearer(fresh))
                assert (reserve.status_code, reserve.json()["code"]) == (401, "session_ended")
            again = await _sign_in(via_a, body["email"], "better456")
            for http in (via_a, via_b):
                assert await _accepted(http, again)
