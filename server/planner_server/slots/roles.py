"""What a change of role does to the user's slots: nothing may be left that nobody can act on.

A specialist's free slots still to come are withdrawn (nobody holds them). Requests and agreed
consultations still to come, as the specialist or as the client, concern another person: the
change is refused until they are settled (an administrator can cancel each on the specialist's
behalf, with a reason, and the client is emailed).
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import LOCK_CLIENT_BOOKINGS, LOCK_SCHEDULE, advisory_lock
from planner_server.slots.models import Slot
from planner_shared.enums import Role
from planner_shared.errors import Conflict
from planner_shared.rules import utcnow

_SIDE = {Role.SPECIALIST: (Slot.specialist_id, LOCK_SCHEDULE),
         Role.CLIENT: (Slot.client_id, LOCK_CLIENT_BOOKINGS)}
_WORDS = {"agreement": ("request awaiting an answer", "requests awaiting an answer"),
          "reserved": ("agreed consultation", "agreed consultations")}


async def settle_slots_for_role_change(*, session: AsyncSession, user_id: int, old: Role, new: Role) -> None:
    """Before ``user_id`` goes from role ``old`` to ``new``: withdraw its free slots to come (as a
    specialist), or refuse (409, saying how many) while it has requests or consultations to come."""
    if old is new or old not in _SIDE:
        return
    column, lock = _SIDE[old]
    await advisory_lock(session, lock, user_id)  # no slot written for this user meanwhile
    now = utcnow()
    if old is Role.SPECIALIST:
        await session.execute(delete(Slot).where(column == user_id, Slot.status == "free",
                                                 Slot.end_time > now))
    held = dict((await session.execute(
        select(Slot.status, func.count()).where(column == user_id, Slot.status != "free",
                                                Slot.end_time > now).group_by(Slot.status))).all())
    if held:
        counts = " and ".join(f"{held[status]} {_WORDS[status][held[status] != 1]}"
                              for status in _WORDS if status in held)
        raise Conflict(f"This {old.value} still has {counts} to come. Settle them before changing the "
                       "role: an administrator can cancel each on the specialist's behalf, with a reason.",
                       code="role_has_bookings",
                       params={"requests": held.get("agreement", 0), "agreed": held.get("reserved", 0)})
