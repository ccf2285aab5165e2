"""Reading slots: who may see what (SPEC §1), filters, and one slot as its answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.principal import Principal
from planner_server.slots.audience import audience_of
from planner_server.slots.fields import SLOT_OBJECT, slot_select
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


def filtered(query: Select[Any], user: Principal, now: datetime, where: SlotFilter) -> Select[Any]:
    return narrowed(query.where(visible_to(user, now)), now, where)


def narrowed(query: Select[Any], now: datetime, where: SlotFilter) -> Select[Any]:
    """The query with the filters applied (not the paging)."""
    if where.start is not None:
        query = query.where(Slot.end_time > where.start,
                            Slot.start_time > where.start - SLOT_MAX_DURATION)
    if where.end is not None:
        query = query.where(Slot.start_time < where.end)
    if where.specialist is not None:
        query = query.where(Slot.specialist_id == where.specialist)
    if where.status is SlotStatus.COMPLETED:
        query = query.where(Slot.status == "reserved", Slot.end_time <= now)
    elif where.status is SlotStatus.RESERVED:
        query = query.where(Slot.status == "reserved", Slot.end_time > now)
    elif where.status is not None:
        query = query.where(Slot.status == where.status.value)
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
