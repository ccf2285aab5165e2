"""Reading slots: who may see what (SPEC §1), filters, and one slot as its answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import orjson
from sqlalchemy import ColumnElement, Integer, Select, bindparam
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import UTCDateTime
from planner_server.principal import Principal
from planner_server.slots.audience import audience_of
from planner_server.slots.fields import NOW, SLOT_OBJECT, slot_select
from planner_server.slots.models import Slot
from planner_shared.enums import SlotStatus
from planner_shared.errors import NotFound
from planner_shared.rules import SLOT_MAX_DURATION, utcnow


def visible_to(user: Principal, now: datetime) -> ColumnElement[bool]:
    return audience_of(user).slots(now)


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

    def values(self, now: datetime) -> dict[str, Any]:
        """The parameters of a statement ``narrowed`` by this filter's shape."""
        values: dict[str, Any] = {"now": now}
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


def filtered(query: Select[Any], user: Principal, now: datetime, where: SlotFilter) -> Select[Any]:
    return narrowed(query.where(visible_to(user, now)), where.shape())


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


async def slot_answer(session: AsyncSession, slot_id: int, *, where: ColumnElement[bool] | None = None,
                      now: datetime | None = None) -> str | None:
    """The slot's SlotRead object (fields.FIELDS) as JSON, if it exists (and matches ``where``)."""
    query = slot_select(SLOT_OBJECT).where(Slot.id == slot_id)
    return await session.scalar(query if where is None else query.where(where), {"now": now or utcnow()})


async def get_visible_slot(*, session: AsyncSession, user: Principal, slot_id: int) -> dict[str, Any]:
    now = utcnow()
    slot = await slot_answer(session, slot_id, where=visible_to(user, now), now=now)
    if slot is None:
        raise NotFound("No such slot.", code="slot_not_found")
    return orjson.loads(slot)
