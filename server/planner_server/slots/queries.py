"""Reading slots: who may see what (SPEC §1), filters, and one slot as its answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, and_, false, or_
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.principal import Principal
from planner_server.slots.fields import Specialist, slot_object, slot_select
from planner_server.slots.models import Slot
from planner_server.users.models import may_act
from planner_shared.enums import Role, SlotStatus
from planner_shared.errors import NotFound
from planner_shared.rules import SLOT_MAX_DURATION, utcnow


def offered(now: datetime) -> ColumnElement[bool]:
    """Free future slots of active specialists: what every client may reserve."""
    return and_(Slot.status == "free", Slot.start_time > now, may_act(Specialist.c))


def visible_to(user: Principal, now: datetime) -> ColumnElement[bool]:
    """Clients: free future slots of active specialists, and their own. Specialists: their own."""
    if user.role is Role.ADMIN:
        return and_(True)
    if user.role is Role.SPECIALIST:
        return Slot.specialist_id == user.id
    if user.role is Role.CLIENT:
        return or_(offered(now), Slot.client_id == user.id)
    return false()


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
    query = slot_select(slot_object(now or utcnow())).where(Slot.id == slot_id)
    return await session.scalar(query if where is None else query.where(where))


async def get_visible_slot(*, session: AsyncSession, user: Principal, slot_id: int) -> dict[str, Any]:
    now = utcnow()
    slot = await slot_answer(session, slot_id, where=visible_to(user, now), now=now)
    if slot is None:
        raise NotFound("No such slot.", code="slot_not_found")
    return orjson.loads(slot)
