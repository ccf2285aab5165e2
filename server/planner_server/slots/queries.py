"""Reading slots: who may see what (SPEC §1), filters, and rows straight to JSON objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from planner_server.slots.models import Slot
from planner_server.users.models import User, may_act
from planner_server.users.service import Principal
from planner_shared.enums import Role, SlotStatus
from planner_shared.errors import NotFound
from planner_shared.rules import SLOT_MAX_DURATION, utcnow

Specialist = aliased(User, name="specialist_user")
Client = aliased(User, name="client_user")

_COLUMNS = (Slot.id, Slot.specialist_id, Specialist.first_name, Specialist.last_name, Slot.start_time,
            Slot.end_time, Slot.context, Slot.cost_cents, Slot.status, Slot.client_id,
            Client.first_name, Client.last_name, Slot.updated_at, Slot.version)


def slot_select(*columns: Any) -> Select[Any]:
    return (select(*(columns or _COLUMNS))
            .join(Specialist, Specialist.id == Slot.specialist_id)
            .outerjoin(Client, Client.id == Slot.client_id))


def cost_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def slot_dict(row: Any, now: datetime) -> dict[str, Any]:
    """A row of slot_select() as the SlotRead JSON object."""
    (slot_id, specialist_id, spec_first, spec_last, start, end, context, cents, status, client_id,
     client_first, client_last, updated_at, version) = row
    if status == "reserved" and end <= now:
        status = "completed"
    return {
        "id": slot_id, "specialist": specialist_id, "specialist_name": f"{spec_first} {spec_last}",
        "start_time": start, "end_time": end, "context": context, "cost": cost_text(cents),
        "status": status, "client": client_id,
        "client_name": f"{client_first} {client_last}" if client_id is not None else None,
        "updated_at": updated_at, "version": version,
    }


def offered(now: datetime) -> ColumnElement[bool]:
    """Free future slots of active specialists: what every client may reserve."""
    return and_(Slot.status == "free", Slot.start_time > now, may_act(Specialist))


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


async def get_visible_slot(*, session: AsyncSession, user: Principal, slot_id: int) -> dict[str, Any]:
    now = utcnow()
    row = (await session.execute(
        slot_select().where(Slot.id == slot_id, visible_to(user, now)))).first()
    if row is None:
        raise NotFound("No such slot.", code="slot_not_found")
    return slot_dict(row, now)
