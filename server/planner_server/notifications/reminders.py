"""Reminders to both sides of an agreed consultation, REMINDER_HOURS before it starts.

Each reminder has a key made of the slot, its version and the side, under a unique index: however
many senders scan, and however often a restarted one scans again, it is written once. A slot that
is cancelled and agreed again has a new version, hence a new reminder.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Interval, String, cast, exists, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.snapshot import REMINDER, Snapshot
from planner_server.slots.models import Slot
from planner_shared.rules import utcnow

SCAN_LIMIT = 500


def _key(side: str) -> ColumnElement[str]:
    """``reminder:<slot>:<version>:<side>`` as an SQL expression over the slots table."""
    return (literal("reminder:") + cast(Slot.id, String) + literal(":")
            + cast(Slot.version, String) + literal(f":{side}"))


def _agreed_before_window(session: AsyncSession, lead: timedelta) -> ColumnElement[bool]:
    """updated_at (the time of agreement: an agreed slot cannot be edited) <= start_time - lead."""
    if session.get_bind().dialect.name == "postgresql":
        return Slot.updated_at <= Slot.start_time - literal(lead, Interval())
    days = lead.total_seconds() / 86400  # SQLite keeps UTC text; julianday() reads it
    return func.julianday(Slot.updated_at) <= func.julianday(Slot.start_time) - days


def reminder_key(slot_id: int, version: int, side: str) -> str:
    return f"reminder:{slot_id}:{version}:{side}"


async def enqueue_due_reminders(*, session: AsyncSession, lead: timedelta, now: datetime) -> int:
    """Write the reminders now due; returns how many were new.

    Due: agreed, starting within ``lead`` from now, and agreed before that window opened (a
    consultation agreed at shorter notice has just had its confirmation).
    """
    reminded = exists().where(OutboxMessage.dedupe_key == _key("c"))
    rows = (await session.execute(
        select(Slot.id, Slot.specialist_id, Slot.client_id, Slot.start_time, Slot.end_time,
               Slot.context, Slot.cost_cents, Slot.version)
        .where(Slot.status == "reserved", Slot.client_id.is_not(None), Slot.start_time > now,
               Slot.start_time <= now + lead, _agreed_before_window(session, lead), ~reminded)
        .order_by(Slot.start_time).limit(SCAN_LIMIT))).all()
    values = []
    written = utcnow()  # ``now`` places the window; the rows are written at the real time
    for row in rows:
        snapshot = Snapshot(specialist=row.specialist_id, client=row.client_id, start=row.start_time,
                            end=row.end_time, context=row.context, cost_cents=row.cost_cents)
        for side, recipient in (("s", row.specialist_id), ("c", row.client_id)):
            values.append({"kind": REMINDER, "slot_id": row.id, "recipient_id": recipient,
                           "payload": snapshot.to_json(), "status": "pending", "attempts": 0,
                           "next_attempt_at": written, "created_at": written,
                           "dedupe_key": reminder_key(row.id, row.version, side)})
    if not values:
        return 0
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(OutboxMessage).on_conflict_do_nothing(
        index_elements=["dedupe_key"], index_where=OutboxMessage.dedupe_key.is_not(None))
    result = await session.execute(statement.returning(OutboxMessage.id), values)
    return len(result.all())
