"""Booking rules under real races (issue #17): clients reserve at the same instant through a real
`planner-server run --workers 2` on PostgreSQL, two processes sharing nothing but the database.

Two adjacent slots of a specialist with a buffer: exactly one of two racing clients wins, the other is
refused with ``buffer``. Two reservations that would make a day's count ``max_per_day + 1``: one is
refused with ``day_full``. Each race runs 50 times; never two winners.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.e2e.test_race_server import _account, postgres_url, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

ROUNDS = 50


async def _slot(http: httpx.AsyncClient, specialist: dict[str, str], start: datetime, minutes: int) -> int:
    created = await http.post("/slots/", headers={"Authorization": specialist["Authorization"]},
                              json={"start_time": start.isoformat(),
                                    "end_time": (start + timedelta(minutes=minutes)).isoformat(),
                                    "context": "Race", "cost": "10"})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


async def _rules(http: httpx.AsyncClient, specialist: dict[str, str], **values: int) -> None:
    answer = await http.patch("/users/me/booking_rules/", json=values,
                              headers={"Authorization": specialist["Authorization"]})
    assert answer.status_code == 200, answer.text


async def _pair_race(http: httpx.AsyncClient, first: dict[str, str], second: dict[str, str],
                     slots: tuple[int, int], refusal: str) -> None:
    answers = await asyncio.gather(*(
        http.patch(f"/slots/{slot}/reserve/", headers={"Authorization": who["Authorization"]})
        for who, slot in ((first, slots[0]), (second, slots[1]))))
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {200: 1, 409: 1}, (statuses, [a.text for a in answers])
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json()["code"] == refusal, refused.text


async def _races(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        buffered = await _account(http, "specialist", 0)
        limited = await _account(http, "specialist", 1)
        first, second, third, fourth = [await _account(http, "client", n) for n in range(2, 6)]
        await _rules(http, buffered, buffer_before_minutes=10, buffer_after_minutes=10)
        await _rules(http, limited, max_per_day=1)
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        for round_ in range(ROUNDS):
            # back to back: whichever is taken first, the other is within its buffer
            begin = start + timedelta(hours=3 * round_)
            adjacent = (await _slot(http, buffered, begin, 60),
                        await _slot(http, buffered, begin + timedelta(minutes=60), 60))
            await _pair_race(http, first, second, adjacent, "buffer")
            # one day, far apart: the second would be the day's max_per_day + 1
            day = start.replace(hour=0) + timedelta(days=round_ + 1)  # midnight: the specialist is in UTC
            same_day = (await _slot(http, limited, day + timedelta(hours=1), 60),
                        await _slot(http, limited, day + timedelta(hours=12), 60))
            await _pair_race(http, third, fourth, same_day, "day_full")


def test_booking_rules_hold_under_races_against_two_server_processes(server):  # noqa: F811
    asyncio.run(_races(server))
