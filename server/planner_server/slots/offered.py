"""The slots on offer (free, future, of active specialists), kept by a server process between changes.

A client's list of slots is the slots on offer, the same for every client, and its own few. For a
week's window the first part is about 1,400 slots, and building it is nearly all the cost of the
request. A process keeps it per window (from, to, specialist) as ready JSON objects in start order
and drops everything whenever a change may have happened: at once after its own commits, and on the
change feed's notice of another process's (within milliseconds). A request then reads only the
client's own slots and merges the two lists.

A slot on offer stops being on offer when it starts, or earlier by its specialist's minimum
notice: the kept list is filtered by the time of each request. The answer is field for field what
the database-built list gives (tests compare them).
"""

from __future__ import annotations

import functools
import heapq
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.context import ServerContext
from planner_server.principal import Principal
from planner_server.slots.audience import USER, OfferedAndOwn, audience_of, offered
from planner_server.slots.fields import NOW, SLOT_OBJECT, Specialist, slot_select
from planner_server.slots.models import Slot
from planner_server.slots.queries import FilterShape, SlotFilter, narrowed
from planner_shared.rules import utcnow

EXTRAS_KEY = "offered_slots"  # ServerContext.extras
MAX_WINDOWS = 32  # windows kept at once (the least recently used goes first)

# (start, id, the slot as a JSON object, the last instant it is on offer: its start less its
# specialist's minimum notice): sorts as the list does.
Entry = tuple[datetime, int, bytes, datetime]


class OfferedSlots:
    def __init__(self, max_windows: int = MAX_WINDOWS) -> None:
        self._max_windows = max_windows
        self._windows: OrderedDict[tuple[Any, ...], list[Entry]] = OrderedDict()
        self.generation = 0  # counts invalidations: a list read before one is not kept

    def invalidate(self) -> None:
        """Something may have changed: forget every kept list."""
        self.generation += 1
        self._windows.clear()

    @staticmethod
    def serves(user: Principal, where: SlotFilter) -> bool:
        """Whether this request's list is the unpaged list, of every status, of a user who sees
        the slots on offer and its own (a client: slots.audience)."""
        return (isinstance(audience_of(user), OfferedAndOwn) and where.status is None
                and where.limit is None and not where.offset)

    async def client_list(self, *, session: AsyncSession, user: Principal,
                          where: SlotFilter) -> tuple[bytes, int]:
        """The client's slots (as listing.list_slots gives them): the slots on offer, kept or read
        now, and the client's own, read now."""
        now = utcnow()
        on_offer = await self._on_offer(session, where, now)
        own = await _entries(session, where, now, client=user.id)
        own_ids = {entry[1] for entry in own}
        still_on_offer = [entry for entry in on_offer
                          if entry[0] > now and entry[3] >= now and entry[1] not in own_ids]
        merged = [entry[2] for entry in heapq.merge(still_on_offer, own)]
        return _json_array(merged), len(merged)

    async def _on_offer(self, session: AsyncSession, where: SlotFilter, now: datetime) -> list[Entry]:
        key = (where.start, where.end, where.specialist)
        kept = self._windows.get(key)
        if kept is not None:
            self._windows.move_to_end(key)
            return kept
        generation = self.generation
        entries = await _entries(session, where, now)
        if generation == self.generation:  # nothing changed while it was read
            self._windows[key] = entries
            while len(self._windows) > self._max_windows:
                self._windows.popitem(last=False)
        return entries


def _json_array(objects: list[bytes]) -> bytes:
    """The objects as one JSON array, made in one join: wrapping a joined list of thousands in
    brackets copies megabytes twice more, which took longer than all the rest of the request. The
    brackets go onto the list's first and last objects (the list is the caller's own, made for it)."""
    if not objects:
        return b"[]"
    objects[0] = b"[" + objects[0]
    objects[-1] += b"]"
    return b",".join(objects)


async def _entries(session: AsyncSession, where: SlotFilter, now: datetime,
                   client: int | None = None) -> list[Entry]:
    """The ``client``'s own slots in the window, or without a client the slots on offer."""
    rows = await session.execute(_entries_query(client is not None, where.shape()), where.values(now, client))
    return [(start, slot_id, text.encode(), start - timedelta(minutes=notice))
            for start, slot_id, text, notice in rows]


@functools.cache
def _entries_query(own: bool, shape: FilterShape) -> Select[Any]:
    """The client's own slots (``own``) or the slots on offer, in a window of this shape: built
    once, as its key for SQLAlchemy's statement cache is (walking the slot's object and its rule
    subqueries took longer than the own slots' query itself)."""
    which = OfferedAndOwn(USER).own() if own else offered(NOW)
    query = slot_select(Slot.start_time, Slot.id, SLOT_OBJECT, Specialist.c.min_notice_minutes).where(which)
    return narrowed(query, shape).order_by(Slot.start_time, Slot.id)


def offered_slots_of(context: ServerContext) -> OfferedSlots | None:
    kept: OfferedSlots | None = context.extras.get(EXTRAS_KEY)
    return kept


@asynccontextmanager
async def offered_slots(context: ServerContext) -> AsyncIterator[OfferedSlots | None]:
    """Keep the slots on offer while the server runs, if it hears of every change (the change
    feed tells of this process's commits at once and of other processes' by their notices)."""
    hooks = context.change_hooks
    if hooks is None:
        yield None  # changes would go unnoticed
        return
    kept = OfferedSlots()
    hooks.append(kept.invalidate)
    context.extras[EXTRAS_KEY] = kept
    try:
        yield kept
    finally:
        context.extras.pop(EXTRAS_KEY, None)
        hooks.remove(kept.invalidate)
