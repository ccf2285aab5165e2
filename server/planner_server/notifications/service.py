"""Email notifications (SPEC §5): the hook the slot services call in the writing transaction.

Placeholder until the outbox lands: accepts the events and records nothing yet.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.slots.events import SlotEventData


async def enqueue_slot_event(session: AsyncSession, event: SlotEventData) -> None:
    """Write the messages this event calls for into the outbox (same transaction)."""
