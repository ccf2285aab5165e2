"""GET /slots/: the slot list, built as one JSON array by the database (SQLite and PostgreSQL alike).

Listing thousands of slots through Python objects costs far more than the query; the database
builds each slot's object (fields.FIELDS) and joins them into the array.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Select, bindparam, func
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.principal import Principal
from planner_server.slots.fields import SLOT_OBJECT, json_array, slot_select
from planner_server.slots.models import Slot
from planner_server.slots.queries import FilterShape, SlotFilter, visible
from planner_shared.enums import Role
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
    limited, offset = where.limit is not None, bool(where.offset)
    objects, counted = _listing(user.role, where.shape(), limited, offset)
    values = {**where.values(now, user.id), "page_limit": where.limit, "page_offset": where.offset}
    text, count = (await session.execute(objects, values)).one()
    if limited or offset:
        count = await session.scalar(counted, values)
    return text, int(count or 0)


@functools.cache
def _listing(role: Role, shape: FilterShape, limited: bool,
             offset: bool) -> tuple[Select[str, int], Select[Any]]:
    """The JSON array of the slots a user of ``role`` sees in a window of this shape (a page of
    them, if ``limited`` or ``offset``), and the count of all of them: built once (queries)."""
    query = visible(slot_select(SLOT_OBJECT.label("object"), Slot.start_time, Slot.id), role, shape)
    query = query.order_by(Slot.start_time, Slot.id)
    if limited:
        query = query.limit(bindparam("page_limit", type_=Integer()))
    if offset:
        query = query.offset(bindparam("page_offset", type_=Integer()))
    return json_array(query), visible(slot_select(func.count(Slot.id)), role, shape)
