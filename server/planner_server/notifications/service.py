"""Email notifications (SPEC §5): the outbox hook of the slot services, and the admin's view of it.

``slot_event_of`` is the one way a slot's message enters the outbox: an INSERT … SELECT that the
database builds from the slot, inside the transaction of the state change (on the reservation hot
path, in the same statement): one row, the event and a snapshot, and nothing else. Rendering, recipients and
SMTP belong to the sender (sender.py), after commit.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    Table,
    Text,
    and_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Insert

from planner_server.db import UTCDateTime
from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.snapshot import ON_BEHALF, RECIPIENT_ROLE, Snapshot
from planner_server.slots.events import SlotEvent
from planner_server.slots.models import Slot
from planner_server.sqljson import IsoInstant
from planner_shared.enums import OutboxStatus
from planner_shared.errors import Conflict, NotFound
from planner_shared.rules import utcnow
from planner_shared.schemas import CommentCreate

OUTBOX_COLUMNS = ("kind", "slot_id", "recipient_id", "payload", "status", "attempts",
                  "next_attempt_at", "created_at")
_OUTBOX = cast(Table, OutboxMessage.__table__)
# their invites need a SEQUENCE and the UID's slot
_VERSIONED = (SlotEvent.AGREED, SlotEvent.CANCELLED_BY_SPECIALIST, SlotEvent.RESCHEDULED)


def outbox_rows(kind: str, recipient: ColumnElement[Any], written: FromClause,
                *where: ColumnElement[bool], **extra: ColumnElement[Any]) -> Select[Any]:
    """The outbox rows (``OUTBOX_COLUMNS``) of a message of ``kind`` to ``recipient`` about each
    slot of ``written`` (the table, or a data-modifying CTE returning the slot's columns) that matches
    ``where``; the payload is the slot's snapshot with ``extra`` fields. Binds ``now``."""
    c = written.c
    payload = Snapshot.sql_json(specialist=c.specialist_id, client=c.client_id,
                                start=IsoInstant(c.start_time), end=IsoInstant(c.end_time),
                                context=c.context, cost_cents=c.cost_cents, **extra)
    now = bindparam("now", type_=UTCDateTime())
    return select(literal(kind), c.id, recipient, payload, literal("pending"), literal(0), now, now,
                  ).select_from(written).where(*where)


def slot_event_of(event: SlotEvent, written: FromClause, *where: ColumnElement[bool],
                  comment: CommentCreate | None = None, actor: int | None = None,
                  **times: ColumnElement[Any]) -> Insert:
    """The outbox INSERT of ``event`` for the slots of ``written`` that match ``where``, built by
    the database (see outbox_rows) in the transaction of the change, before a release clears the
    slot's client: with the cancellation's ``comment``, a move's other ``times`` (from_start …),
    the ``actor`` who did it if the event was done on the recipient's behalf (ON_BEHALF: the
    message names them; other events' messages do not), and for an invite its SEQUENCE (the
    slot's version once the change is written, above those of the slots a consultation moved
    from: it only grows, so a later invite supersedes) and the slot whose UID it keeps (the one
    the consultation was first agreed on)."""
    c = written.c
    extra: dict[str, ColumnElement[Any]] = {name: IsoInstant(value) for name, value in times.items()}
    if comment is not None:
        extra.update(reason=literal(comment.reason.value, Text()), text=literal(comment.text, Text()))
    if actor is not None and event in ON_BEHALF:
        extra["actor"] = literal(actor, Integer())
    if event in _VERSIONED:
        extra["sequence"] = c.version + c.invite_base + (1 if comment is not None else 0)
        extra["invite_slot"] = func.coalesce(c.invite_slot_id, c.id)
    recipient = c.specialist_id if RECIPIENT_ROLE[event] == "specialist" else c.client_id
    rows = outbox_rows(event.value, recipient, written, *where, **extra)
    return insert(_OUTBOX).from_select(OUTBOX_COLUMNS, rows)


async def enqueue_slot_event(session: AsyncSession, event: SlotEvent, slot_id: int,
                             comment: CommentCreate | None = None, actor: int | None = None,
                             **times: ColumnElement[Any]) -> None:
    """Write the message ``event`` calls for about one slot into the outbox (same transaction)."""
    statement = slot_event_of(event, Slot.__table__, Slot.id == slot_id, comment=comment, actor=actor,
                              **times)
    await (await session.connection()).execute(statement, {"now": utcnow()})  # Core: no ORM bulk


_READ_COLUMNS = (OutboxMessage.id, OutboxMessage.kind, OutboxMessage.status, OutboxMessage.slot_id,
                 OutboxMessage.recipient_id, OutboxMessage.recipients, OutboxMessage.subject,
                 OutboxMessage.attempts, OutboxMessage.last_error, OutboxMessage.next_attempt_at,
                 OutboxMessage.created_at, OutboxMessage.sent_at)


def _read(row: Any) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "status": row.status, "slot": row.slot_id,
            "recipient": row.recipient_id,
            "recipients": row.recipients.split(", ") if row.recipients else [],
            "subject": row.subject, "attempts": row.attempts, "last_error": row.last_error,
            "next_attempt_at": row.next_attempt_at if row.status == "pending" else None,
            "created_at": row.created_at, "sent_at": row.sent_at}


async def list_messages(*, session: AsyncSession, status: OutboxStatus | None = None, limit: int = 100,
                        offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Messages of one status, or every pending and failed one (the default): oldest first, but
    the most recent first for sent messages."""
    order = OutboxMessage.id.asc()
    if status is OutboxStatus.SENT:
        where, order = OutboxMessage.status == "sent", OutboxMessage.id.desc()
    else:  # ``status <> 'sent'`` repeats the partial index's predicate, so SQLite uses it too
        wanted = (status.value,) if status is not None else ("pending", "failed")
        where = and_(OutboxMessage.status != "sent", OutboxMessage.status.in_(wanted))
    total = await session.scalar(select(func.count()).select_from(OutboxMessage).where(where))
    rows = await session.execute(select(*_READ_COLUMNS).where(where).order_by(order)
                                 .limit(limit).offset(offset))
    return [_read(row) for row in rows], int(total or 0)


async def get_message(*, session: AsyncSession, message_id: int) -> dict[str, Any]:
    row = (await session.execute(select(*_READ_COLUMNS).where(OutboxMessage.id == message_id))).first()
    if row is None:
        raise NotFound("No such message in the outbox.", code="message_not_found")
    return _read(row)


async def retry_message(*, session: AsyncSession, message_id: int) -> dict[str, Any]:
    """Send a failed or waiting message as soon as possible, with a fresh round of attempts.

    A message a sender is delivering at this moment (claimed) is left to it.
    """
    waiting = and_(OutboxMessage.status == "pending", OutboxMessage.claim_token.is_(None))
    await session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, or_(OutboxMessage.status == "failed", waiting),
    ).values(status="pending", attempts=0, next_attempt_at=utcnow()))
    message = await get_message(session=session, message_id=message_id)  # NotFound if absent
    if message["status"] == "sent":
        raise Conflict(f"Message {message_id} has already been sent.", code="message_sent")
    return message
