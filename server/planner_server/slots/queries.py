"""Reading slots: who may see what (SPEC §1), filters, and one slot as its answer.

The statements are built once for each shape (a role, which filters are set) with every value a
parameter: SQLAlchemy finds a statement's compiled form by a key it computes by walking the whole
statement, which for a slot's object and a client's rule subqueries took milliseconds when the
statement was built anew for each request; a statement built once keeps its key.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Integer, Select, bindparam
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import UTCDateTime
from planner_server.principal import Principal
from planner_server.slots.audience import USER, visible_slots
from planner_server.slots.fields import NOW, SLOT_OBJECT, slot_select
from planner_server.slots.models import Slot
from planner_shared.enums import Role, SlotStatus
from planner_shared.errors import NotFound
from planner_shared.rules import SLOT_MAX_DURATION, utcnow


@dataclass(frozen=True)
class SlotFilter:
    start: datetime | None = None  # slots that end after this …
    end: datetime | None = None  # … and start before this
    specialist: int | None = None
    status: SlotStatus | None = None
    limit: int | None = None
    offset: int = 0

    def shape(self) -> FilterShape:
        """Which filters are set: a statement built once for each shape serves every request of it."""
        return FilterShape(self.start is not None, self.end is not None, self.specialist is not None,
                           self.status)

    def values(self, now: datetime, user_id: int | None = None) -> dict[str, Any]:
        """The parameters of a statement ``narrowed`` by this filter's shape, read at ``now`` for
        ``user_id`` (``audience.USER``, if the statement names it)."""
        values: dict[str, Any] = {"now": now, USER.key: user_id}
        if self.start is not None:
            values.update(window_start=self.start, earliest_start=self.start - SLOT_MAX_DURATION)
        if self.end is not None:
            values["window_end"] = self.end
        if self.specialist is not None:
            values["specialist_id"] = self.specialist
        return values


class FilterShape(NamedTuple):
    start: bool
    end: bool
    specialist: bool
    status: SlotStatus | None


def visible(query: Select[Any], role: Role, shape: FilterShape) -> Select[Any]:
    """The query of the slots a user of ``role`` sees, filtered: executed with the filter's
    ``values`` and the user's (``audience.USER``)."""
    return narrowed(query.where(visible_slots(role)), shape)


def narrowed(query: Select[Any], shape: FilterShape) -> Select[Any]:
    """The query with the filters of this shape applied (not the paging); executed with the
    filter's ``values``."""
    if shape.start:
        query = query.where(Slot.end_time > bindparam("window_start", type_=UTCDateTime()),
                            Slot.start_time > bindparam("earliest_start", type_=UTCDateTime()))
    if shape.end:
        query = query.where(Slot.start_time < bindparam("window_end", type_=UTCDateTime()))
    if shape.specialist:
        query = query.where(Slot.specialist_id == bindparam("specialist_id", type_=Integer()))
    if shape.status is SlotStatus.COMPLETED:
        query = query.where(Slot.status == "reserved", Slot.end_time <= NOW)
    elif shape.status is SlotStatus.RESERVED:
        query = query.where(Slot.status == "reserved", Slot.end_time > NOW)
    elif shape.status is not None:
        query = query.where(Slot.status == shape.status.value)
    return query


_ONE = slot_select(SLOT_OBJECT).where(Slot.id == bindparam("slot_id", type_=Integer()))


async def slot_answer(session: AsyncSession, slot_id: int, *, now: datetime | None = None) -> str | None:
    """The slot's SlotRead object (fields.FIELDS) as JSON, if it exists."""
    return await session.scalar(_ONE, {"slot_id": slot_id, "now": now or utcnow()})


@functools.cache
def _one_visible(role: Role) -> Select[Any]:
    return visible(_ONE, role, SlotFilter().shape())


async def get_visible_slot(*, session: AsyncSession, user: Principal, slot_id: int) -> dict[str, Any]:
    slot = await session.scalar(_one_visible(user.role),
                                {**SlotFilter().values(utcnow(), user.id), "slot_id": slot_id})
    if slot is None:
        raise NotFound("No such slot.", code="slot_not_found")
    return orjson.loads(slot)
