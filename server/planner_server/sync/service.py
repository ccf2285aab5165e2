"""The change log (SPEC §6), write side: hooks the domain services call in the writing transaction.

Each hook costs one INSERT (… SELECT of the slot as it now is). The cursor and the wake-up come
at commit: on PostgreSQL from the deferred trigger (migration 0002_changes), which NOTIFYs every
listening server; on SQLite the rows' ids are kept on the session and handed to this process's
hub once the transaction has committed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, and_, cast, event, insert, literal, null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql import Insert, Select

from planner_server.db import UTCDateTime
from planner_server.slots.models import Slot
from planner_server.sync.hub import Hub, Notice
from planner_server.sync.models import Change
from planner_server.users.models import User
from planner_shared.rules import utcnow

HUB_KEY = "planner_sync_hub"  # Session.info: the hub of the server that opened the session
PENDING_KEY = "planner_sync_pending"  # Session.info: notices to publish after commit (SQLite)

_SLOT_COLUMNS = ("entity", "entity_id", "deleted", "follow_up", "specialist_id", "client_id",
                 "previous_client_id", "status", "listed", "start_time", "end_time", "context",
                 "cost_cents", "updated_at", "version", "created_at")


def _slot_rows(*, now: datetime, follow_up: bool, previous_client_id: int | None) -> Select[*tuple[Any, ...]]:
    """The slots (filter it) as change rows, in the order of _SLOT_COLUMNS."""
    previous = (cast(null(), Integer) if previous_client_id is None
                else literal(previous_client_id, Integer))
    return (select(literal("slot"), Slot.id, literal(False, Boolean), literal(follow_up, Boolean),
                   Slot.specialist_id, Slot.client_id, previous, Slot.status,
                   and_(User.is_active.is_(True), User.is_blocked.is_(False)), Slot.start_time,
                   Slot.end_time, Slot.context, Slot.cost_cents, Slot.updated_at, Slot.version,
                   literal(now, UTCDateTime()))
            .join(User, User.id == Slot.specialist_id))


async def _write(session: AsyncSession, statement: Insert) -> None:
    if session.get_bind().dialect.name != "sqlite":
        await session.execute(statement)
        return
    rows = await session.execute(
        statement.returning(Change.id, Change.entity, Change.entity_id, Change.specialist_id))
    session.info.setdefault(PENDING_KEY, []).extend(Notice(*row) for row in rows)


async def record_slot_change(session: AsyncSession, *, slot_id: int, specialist_id: int,
                             previous_client_id: int | None = None, deleted: bool = False) -> None:
    """A slot was created, changed or deleted in this transaction (call after the write)."""
    now = utcnow()
    if deleted:
        await _write(session, insert(Change).values(
            entity="slot", entity_id=slot_id, deleted=True, follow_up=False,
            specialist_id=specialist_id, previous_client_id=previous_client_id, created_at=now))
        return
    rows = _slot_rows(now=now, follow_up=False, previous_client_id=previous_client_id)
    await _write(session, insert(Change).from_select(_SLOT_COLUMNS, rows.where(Slot.id == slot_id)))


async def record_user_change(session: AsyncSession, *, user_id: int) -> None:
    """A user was created or changed in this transaction (call after the write).

    The slots the user takes part in that have not ended are recorded again, as follow-ups: they
    carry the user's new name, and a blocked or unblocked specialist's free slots disappear from
    or reappear in the clients' feeds.
    """
    now = utcnow()
    await _write(session, insert(Change).values(
        entity="user", entity_id=user_id, deleted=False, follow_up=False, created_at=now))
    rows = _slot_rows(now=now, follow_up=True, previous_client_id=None).where(
        or_(Slot.specialist_id == user_id, Slot.client_id == user_id), Slot.end_time > now)
    await _write(session, insert(Change).from_select(_SLOT_COLUMNS, rows.order_by(Slot.id)))


@event.listens_for(Session, "after_commit")
def _publish_committed(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    hub: Hub | None = session.info.get(HUB_KEY)
    if pending and hub is not None:
        hub.publish(pending)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
