"""Twenty clients race for one slot against a real `planner-server run --workers 2` on PostgreSQL.

Two server processes share nothing but the database, so exactly one winner per slot proves that the
database decides (a conditional update), not a check or a lock inside one Python process.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest

pytestmark = pytest.mark.slow

COMMAND = str(Path(sys.executable).with_name("planner-server"))
RACERS = 20
PASSWORD = "secret123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def postgres_url(pg_template_url: str) -> Iterator[str]:
    """A database of its own, dropped afterwards (the session's template proves PostgreSQL is up)."""
    name = f"planner_e2e_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_template_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_template_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_template_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server(postgres_url: str, tmp_path: Path) -> Iterator[str]:
    """`planner-server run --workers 2` on a free loopback port; stopped (the whole group) afterwards."""
    env = {**os.environ, "DATABASE_URL": postgres_url, "SECRET_KEY": "e2e-secret-" + "k" * 40,
           "PLANNER_DATA_DIR": str(tmp_path / "data"), "EMAIL_BACKEND": "console",
           "PLANNER_RUN_MAIL_WORKER": "false"}
    migrated = subprocess.run([COMMAND, "migrate"], env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [COMMAND, "run", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
         "--log-level", "warning", "--no-access-log"],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.2)
        yield base + "/api/v1"
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the group this test started: uvicorn and its workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


async def _account(http: httpx.AsyncClient, role: str, n: int) -> dict[str, str]:
    email = f"{role}{n}@example.com"
    response = await http.post("/register/", json={"first_name": "E", "last_name": str(n), "email": email,
                                                   "role": role, "password": PASSWORD})
    assert response.status_code == 201, response.text
    tokens = await http.post("/auth/jwt/create/", json={"email": email, "password": PASSWORD})
    assert tokens.status_code == 200, tokens.text
    return {"Authorization": f"Bearer {tokens.json()['access']}", "id": str(response.json()["id"])}


async def _race(base: str) -> None:
    limits = httpx.Limits(max_connections=RACERS + 5)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        specialist = await _account(http, "specialist", 0)
        clients = await asyncio.gather(*(_account(http, "client", n) for n in range(1, RACERS + 1)))
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        for round_ in range(3):
            begin = start + timedelta(hours=2 * round_)
            created = await http.post("/slots/", headers={"Authorization": specialist["Authorization"]},
                                      json={"start_time": begin.isoformat(),
                                            "end_time": (begin + timedelta(hours=1)).isoformat(),
                                            "context": "Race", "cost": "10"})
            assert created.status_code == 201, created.text
            slot = created.json()["id"]
            answers = await asyncio.gather(*(
                http.patch(f"/slots/{slot}/reserve/", headers={"Authorization": c["Authorization"]})
                for c in clients))
            statuses = Counter(a.status_code for a in answers)
            assert statuses == {200: 1, 409: RACERS - 1}, (statuses, [a.text for a in answers][:3])
            winner = next(c for c, a in zip(clients, answers, strict=True) if a.status_code == 200)
            seen = (await http.get(f"/slots/{slot}/",
                                   headers={"Authorization": specialist["Authorization"]})).json()
            assert (seen["status"], str(seen["client"])) == ("agreement", winner["id"])


def test_twenty_clients_race_against_two_server_processes(server):
    asyncio.run(_race(server))
