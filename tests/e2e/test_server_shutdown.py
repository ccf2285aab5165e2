"""A server asked to stop (SIGTERM) answers its held long-polls at once and exits promptly,
instead of holding the shutdown for as long as a long-poll may wait."""

from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench._server import server_process
from tests.server.helpers import PASSWORD

pytestmark = pytest.mark.slow


def test_sigterm_releases_long_polls_and_exits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.sqlite3'}"
    with server_process(url, tmp_path / "data", PLANNER_RUN_MAIL_WORKER="false") as (base, process):
        api = base + "/api/v1"
        body = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "role": "client",
                "password": PASSWORD}
        assert httpx.post(api + "/register/", json=body).status_code == 201
        token = httpx.post(api + "/auth/jwt/create/",
                           json={"email": body["email"], "password": PASSWORD}).json()["access"]
        headers = {"Authorization": f"Bearer {token}"}
        cursor = httpx.get(api + "/sync/", headers=headers).json()["cursor"]
        with ThreadPoolExecutor(1) as pool:
            poll = pool.submit(httpx.get, api + "/sync/", params={"since": cursor, "wait": 30},
                               headers=headers, timeout=40)
            time.sleep(1.0)
            assert not poll.done()
            asked = time.monotonic()
            process.send_signal(signal.SIGTERM)
            answer = poll.result(timeout=40)
            process.wait(timeout=40)
            stopped = time.monotonic() - asked
    assert answer.status_code == 200
    assert answer.json()["changes"] == []
    assert stopped < 5, f"the server took {stopped:.1f} s to stop"
