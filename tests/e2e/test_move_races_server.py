"""The four races of a move against a real `planner-server run --workers 2` on PostgreSQL: two
processes that share nothing but the database, 50 rounds each, the invariant checked every round
(tests/server/move_races.py)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.e2e.test_race_server import postgres_url, server  # noqa: F401  (fixtures)
from tests.server import move_races
from tests.server.helpers import register

pytestmark = pytest.mark.slow

ROUNDS = 50


async def _all_races(base: str) -> dict[str, Counter[str]]:
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=20)) as http:
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)

        async def run(name: str, race: Callable[..., Awaitable[Counter[str]]], clients: int
                      ) -> tuple[str, Counter[str]]:
            specialist = await register(http, "specialist")
            people = [await register(http, "client") for _ in range(clients)]
            return name, await race(http, specialist, *people, start, ROUNDS)

        results = await asyncio.gather(  # the four at once: each its own specialist and clients
            run("move vs reservation", move_races.move_vs_reservation, 2),
            run("move vs decline", move_races.move_vs_decline, 1),
            run("accept vs decline", move_races.accept_vs_decline, 1),
            run("two moves", move_races.two_moves, 1))
    return dict(results)


def test_move_races_against_two_server_processes(server):  # noqa: F811
    outcomes = asyncio.run(_all_races(server))
    assert all(sum(counts.values()) == ROUNDS for counts in outcomes.values()), outcomes
    print(outcomes)
