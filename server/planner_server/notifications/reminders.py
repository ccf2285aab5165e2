"""Reminders to both sides of an agreed consultation, REMINDER_HOURS before it starts.

Each reminder has a key made of the slot, its version and the side, under a unique index: however
many senders scan, and however often a restarted one scans again, it is written once. A slot that
is cancelled and agreed again has a new version, hence a new reminder.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Interval, String, Table, cast, exists, func, literal
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.service import OUTBOX_COLUMNS, outbox_rows
from planner_server.notifications.snapshot import REMINDER
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


async def enqueue_due_reminders(*, session: AsyncSession, lead: timedelta, now: datetime) -> int:
    """Write the reminders now due, built by the database like every slot's message; returns how
    many were new.

    Due: agreed, starting within ``lead`` from now, and agreed before that window opened (a
    consultation agreed at shorter notice has just had its confirmation).
    """
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    written = 0
    slots: Table = Slot.__table__  # type: ignore[assignment]
    for side, recipient in (("s", slots.c.specialist_id), ("c", slots.c.client_id)):
        due = (outbox_rows(REMINDER, recipient, slots, Slot.status == "reserved",
                           Slot.client_id.is_not(None), Slot.start_time > now,
                           Slot.start_time <= now + lead, _agreed_before_window(session, lead),
                           ~exists().where(OutboxMessage.dedupe_key == _key(side)))
               .add_columns(_key(side)).order_by(Slot.start_time).limit(SCAN_LIMIT))
        statement = insert(OutboxMessage).from_select((*OUTBOX_COLUMNS, "dedupe_key"), due)
        result = await (await session.connection()).execute(statement.on_conflict_do_nothing(
            index_elements=["dedupe_key"], index_where=OutboxMessage.dedupe_key.is_not(None),
        ).returning(OutboxMessage.id), {"now": utcnow()})  # written now; ``now`` places the window
        written += len(result.all())
    return written
