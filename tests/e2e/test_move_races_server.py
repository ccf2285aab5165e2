"""The four races of a move against a real `planner-server run --workers 2` on PostgreSQL: two
processes that share nothing but the database, 50 rounds each, the invariant checked every round
(tests/server/move_races.py)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
import pytest

from planner_server.db import LOCK_CLIENT_BOOKINGS
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


def _boris_waits_for_the_move(database_url: str, boris: int) -> move_races.Gate:
    """Holds Boris's bookings lock (LOCK_CLIENT_BOOKINGS, the first thing his reservation takes)
    from before his request is sent until Anna's move has answered: a reservation in flight while
    the move commits, which must then find the slot taken."""

    async def gate(moving: asyncio.Future[httpx.Response], reserving: Awaitable[httpx.Response]
                   ) -> httpx.Response:
        async with await psycopg.AsyncConnection.connect(database_url) as connection:
            await connection.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLIENT_BOOKINGS, boris))
            sent = asyncio.ensure_future(reserving)
            await moving
            await connection.commit()  # the lock goes with the transaction
        return await sent
    return gate


async def _move_wins_too(base: str, database_url: str) -> Counter[str]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        specialist = await register(http, "specialist")
        anna, boris = await register(http, "client"), await register(http, "client")
        return await move_races.move_vs_reservation(http, specialist, anna, boris, start, ROUNDS,
                                                    gate=_boris_waits_for_the_move(database_url, boris.id))


def test_a_move_beats_a_reservation_in_flight(server, postgres_url):  # noqa: F811
    """Every other round the reservation is held back until the move has answered: both outcomes
    of the race, each with the invariant checked."""
    outcomes = asyncio.run(_move_wins_too(server, postgres_url))
    assert outcomes["moved"] >= ROUNDS // 2 and sum(outcomes.values()) == ROUNDS, outcomes


def test_move_races_against_two_server_processes(server):  # noqa: F811
    outcomes = asyncio.run(_all_races(server))
    assert all(sum(counts.values()) == ROUNDS for counts in outcomes.values()), outcomes
    print(outcomes)
