"""What became of a user's past requests and consultations (GET /api/v1/history/)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.principal import Principal
from planner_server.slots.fields import Client, Specialist, slot_select
from planner_server.slots.models import Comment, Slot
from planner_shared.enums import Outcome
from planner_shared.rules import utcnow


def cost_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _name(first: str | None, last: str | None) -> str | None:
    return None if first is None else f"{first} {last}"


async def history(*, session: AsyncSession, user: Principal) -> list[dict[str, Any]]:
    """Declined and cancelled requests (with reason and comment), moves (from, to, who, when) and
    completed consultations."""
    now = utcnow()
    comments = await session.execute(
        select(Comment, Specialist.c.first_name, Specialist.c.last_name, Client.c.first_name,
               Client.c.last_name)
        .join(Specialist, Specialist.c.id == Comment.specialist_id)
        .outerjoin(Client, Client.c.id == Comment.client_id)
        .where(or_(Comment.client_id == user.id, Comment.specialist_id == user.id)))
    entries = [{
        "slot": c.slot_id, "specialist": c.specialist_id, "specialist_name": _name(sf, sl),
        "client": c.client_id, "client_name": _name(cf, cl), "start_time": c.start_time,
        "end_time": c.end_time, "context": c.context, "cost": cost_text(c.cost_cents),
        "outcome": c.outcome, "reason": c.reason, "text": c.text, "by": c.author_id,
        "at": c.created_at, "moved_to_slot": c.moved_to_slot_id, "moved_to_start": c.moved_to_start,
        "moved_to_end": c.moved_to_end,
    } for c, sf, sl, cf, cl in comments]
    completed = await session.execute(
        slot_select(Slot.id, Slot.specialist_id, Specialist.c.first_name, Specialist.c.last_name,
                    Slot.start_time, Slot.end_time, Slot.context, Slot.cost_cents, Slot.client_id,
                    Client.c.first_name, Client.c.last_name)
        .where(Slot.status == "reserved", Slot.end_time <= now,
               or_(Slot.client_id == user.id, Slot.specialist_id == user.id)))
    for slot_id, specialist_id, sf, sl, start, end, context, cents, client_id, cf, cl in completed:
        entries.append({
            "slot": slot_id, "specialist": specialist_id, "specialist_name": _name(sf, sl),
            "client": client_id, "client_name": _name(cf, cl), "start_time": start, "end_time": end,
            "context": context, "cost": cost_text(cents), "outcome": Outcome.COMPLETED.value,
            "reason": None, "text": "", "by": None, "at": end,
        })
    entries.sort(key=lambda e: (e["start_time"], e["at"]), reverse=True)
    return entries
