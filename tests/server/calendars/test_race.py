"""A busy interval arriving while a client reserves the overlapping slot: the outcome is one of the
two consistent states — the reservation refused (``calendar_busy``), or made first and then found by
the sync as a conflict — never a reservation made over busy time already recorded."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from planner_server.calendars.remote import Changes
from planner_server.calendars.service import store_changes
from planner_server.db import LOCK_BUSY_TIMES, advisory_lock
from planner_server.slots.service import reserve_for
from planner_shared.errors import Conflict
from tests.server.calendars.conftest import stamp
from tests.server.helpers import create_slot, eventually, future, make_users, register

pytestmark = pytest.mark.timeout(120)
ROUNDS = 24


def _event(uid: str, start: datetime) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{stamp(start - timedelta(minutes=15))}\r\n"
            f"DTEND:{stamp(start + timedelta(minutes=15))}\r\nSUMMARY:Call\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")


async def test_busy_time_racing_a_reservation(client: httpx.AsyncClient, app: Any) -> None:
    db = app.state.context.db
    specialist = await register(client, "specialist")
    clients = await make_users(app, "client", ROUNDS)
    starts = [future(2 * n) for n in range(ROUNDS)]
    slots = [await create_slot(client, specialist, start) for start in starts]
    outcomes = []
    for n, (slot, start, someone) in enumerate(zip(slots, starts, clients, strict=True)):
        async def reserve(slot_id: int = slot["id"], client_id: int = someone.id) -> str:
            try:
                await reserve_for(db=db, client_id=client_id, slot_id=slot_id, generation=0)  # a new user
                return "reserved"
            except Conflict as refusal:
                return refusal.code

        async def sync(n: int = n, start: datetime = start) -> list[int]:
            href = f"/anna/work/race{n}.ics"
            found = Changes(sync_token=None, changed={href: ('"1"', _event(f"race{n}", start))})
            async with db.session() as session:
                return await store_changes(session, user_id=specialist.id,
                                           changes={"/anna/work/": found}, now=datetime.now(start.tzinfo))

        # alternate which one is started first, so both orders are tried
        first, second = (reserve(), sync()) if n % 2 else (sync(), reserve())
        results = await asyncio.gather(first, second)
        reserved, conflicts = (results[0], results[1]) if n % 2 else (results[1], results[0])
        assert isinstance(reserved, str) and isinstance(conflicts, list)
        outcomes.append(reserved)
        if reserved == "reserved":  # it came first: the sync, under its lock, saw it
            assert slot["id"] in conflicts, (n, conflicts)
        else:
            assert reserved == "calendar_busy", reserved
            assert slot["id"] not in conflicts
    assert set(outcomes) <= {"reserved", "calendar_busy"}


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_reservation_waiting_for_a_sync_sees_what_it_wrote(client: httpx.AsyncClient,
                                                                    app: Any, database_url: str) -> None:
    """The interleaving a plain NOT EXISTS gets wrong on PostgreSQL (READ COMMITTED): the
    reservation's statement starts while a sync holds the lock with its busy time written but not
    committed; it must wait, then see the busy time (its snapshot is taken after the lock)."""
    db = app.state.context.db
    specialist = await register(client, "specialist")
    (someone,) = await make_users(app, "client", 1)
    start = future(5)
    slot = await create_slot(client, specialist, start)
    found = Changes(sync_token=None, changed={"/anna/work/x.ics": ('"1"', _event("x", start))})
    async with db.session() as session:
        await advisory_lock(session, LOCK_BUSY_TIMES, specialist.id)
        await store_changes(session, user_id=specialist.id, changes={"/anna/work/": found},
                            now=datetime.now(start.tzinfo))
        reservation = asyncio.create_task(reserve_for(db=db, client_id=someone.id, slot_id=slot["id"],
                                                      generation=0))  # a new user
        await _until_waiting_for_lock(database_url, specialist.id, reservation)
    with pytest.raises(Conflict) as refused:
        await reservation
    assert refused.value.code == "calendar_busy"


async def _until_waiting_for_lock(url: str, specialist_id: int, reservation: asyncio.Task[Any]) -> None:
    """Until some backend waits for the specialist's busy-times lock (PostgreSQL tells no one: its
    lock table is asked), or the reservation is over without having waited (what a plain NOT
    EXISTS does)."""
    query = ("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
             "AND classid = %s AND objid = %s")
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as connection:

        async def waiting_or_over() -> bool:
            if reservation.done():
                return True
            row = await (await connection.execute(query, (LOCK_BUSY_TIMES, specialist_id))).fetchone()
            return bool(row and row[0])

        await eventually(waiting_or_over, what="the reservation waits for the busy-times lock")
