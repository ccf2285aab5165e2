"""Twenty clients race for one slot against a real `planner-server run --workers 2` on PostgreSQL.

Two server processes share nothing but the database, so exactly one winner per slot proves that the
database decides (a conditional update), not a check or a lock inside one Python process.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest

from bench._server import server_process
from planner_server import migrate

pytestmark = pytest.mark.slow

RACERS = 20
PASSWORD = "secret123"


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
    """`planner-server run --workers 2` on a free loopback port, on a migrated database."""
    migrate.upgrade(postgres_url)
    with server_process(postgres_url, tmp_path / "data", workers=2,
                        PLANNER_RUN_MAIL_WORKER="false") as (base, _):
        yield base + "/api/v1"


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
