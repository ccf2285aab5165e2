"""GET /slots/: the slot list, built as one JSON array by the database (SQLite and PostgreSQL alike).

Listing thousands of slots through Python objects costs far more than the query; the database
builds each slot's object (fields.FIELDS) and joins them into the array.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.principal import Principal
from planner_server.slots.fields import SLOT_OBJECT, json_array, slot_select
from planner_server.slots.models import Slot
from planner_server.slots.queries import SlotFilter, filtered
from planner_shared.rules import utcnow

if TYPE_CHECKING:
    from planner_server.slots.offered import OfferedSlots


async def list_slots(*, session: AsyncSession, user: Principal, where: SlotFilter,
                     offers: OfferedSlots | None = None) -> tuple[str | bytes, int]:
    """The visible slots in start order as a JSON array (one page of them), and how many in all.

    With ``offers`` (a running server's), a client's whole list comes from its kept slots on offer
    and the client's own."""
    if offers is not None and offers.serves(user, where):
        return await offers.client_list(session=session, user=user, where=where)
    now = utcnow()
    query = filtered(slot_select(SLOT_OBJECT.label("object"), Slot.start_time, Slot.id),
                     user, now, where).order_by(Slot.start_time, Slot.id)
    paged = where.limit is not None or bool(where.offset)
    if paged:
        query = query.limit(where.limit).offset(where.offset)
    values = where.values(now)
    text, count = (await session.execute(json_array(query), values)).one()
    if paged:
        count = await session.scalar(filtered(slot_select(func.count(Slot.id)), user, now, where), values)
    return text, int(count or 0)
