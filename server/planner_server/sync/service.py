"""The change log (SPEC §6), write side: hooks the domain services call in the writing transaction.

Each hook costs one INSERT (… SELECT of the slot as it now is). The cursor and the wake-up come
at commit: on PostgreSQL from the deferred trigger (migrations 0002_changes, 0003_notify_rows),
which NOTIFYs every listening server; on SQLite the rows' ids are kept on the session and handed
to this process's hub once the transaction has committed.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    Boolean,
    ColumnElement,
    FromClause,
    Integer,
    Table,
    bindparam,
    event,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql import Insert, Select

from planner_server.db import HotStatement, UTCDateTime
from planner_server.slots.models import Slot
from planner_server.sync.hub import Hub, Notice
from planner_server.sync.models import Change
from planner_server.users.models import User, may_act
from planner_shared.rules import utcnow

HUB_KEY = "planner_sync_hub"  # Session.info: the hub of the server that opened the session
PENDING_KEY = "planner_sync_pending"  # Session.info: notices to publish after commit (SQLite)

_SLOT_COLUMNS = ("entity", "entity_id", "deleted", "follow_up", "specialist_id", "client_id",
                 "previous_client_id", "status", "listed", "start_time", "end_time", "context",
                 "cost_cents", "updated_at", "version", "created_at")


def _change_rows(slot: FromClause, listed: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """Change rows, in the order of _SLOT_COLUMNS, of the slots in ``slot`` (the table, or a
    statement returning its columns); binds ``now``, ``follow_up`` and ``previous_client_id``."""
    c = slot.c
    return select(literal("slot"), c.id, literal(False, Boolean), bindparam("follow_up", type_=Boolean),
                  c.specialist_id, c.client_id, bindparam("previous_client_id", type_=Integer),
                  c.status, listed, c.start_time, c.end_time, c.context, c.cost_cents, c.updated_at,
                  c.version, bindparam("now", type_=UTCDateTime()))


def _slot_rows() -> Select[*tuple[Any, ...]]:
    """The slots (filter it) as change rows; listed while their specialist may offer them."""
    return _change_rows(cast(Table, Slot.__table__), may_act(User)).join(User, User.id == Slot.specialist_id)


def slot_change_of(written: FromClause) -> Insert:
    """The change-log INSERT for the slots a data-modifying CTE returns (with the slot's own
    column names), whose specialists may offer them: for a write made in one statement
    (PostgreSQL). Binds ``now``, ``follow_up`` and ``previous_client_id``."""
    return insert(_changes).from_select(_SLOT_COLUMNS, _change_rows(written, literal(True, Boolean)))


def _returning_notices(statement: Insert) -> Insert:
    """On SQLite the new rows' ids come back, to be published after commit."""
    return statement.returning(_changes.c.id, _changes.c.entity, _changes.c.entity_id,
                               _changes.c.specialist_id)


# Built once, on the table (not the ORM class, whose parameters would mean a bulk insert):
# record_slot_change runs in every slot write, reservations included.
_changes: Table = Change.__table__  # type: ignore[assignment]
_SLOT_CHANGE = insert(_changes).from_select(_SLOT_COLUMNS,
                                          _slot_rows().where(Slot.id == bindparam("slot_id")))
_SLOT_DELETED = insert(_changes).values(
    entity="slot", entity_id=bindparam("slot_id"), deleted=True, follow_up=False,
    specialist_id=bindparam("specialist_id"), previous_client_id=bindparam("previous_client_id"),
    created_at=bindparam("now"))
_USER_CHANGE = insert(_changes).values(entity="user", entity_id=bindparam("user_id"), deleted=False,
                                     follow_up=False, created_at=bindparam("now"))
_USER_SLOTS_CHANGE = insert(_changes).from_select(_SLOT_COLUMNS, _slot_rows().where(
    or_(Slot.specialist_id == bindparam("user_id"), Slot.client_id == bindparam("user_id")),
    Slot.end_time > bindparam("now")).order_by(Slot.id))
_SQLITE = {statement: _returning_notices(statement)
           for statement in (_SLOT_CHANGE, _SLOT_DELETED, _USER_CHANGE, _USER_SLOTS_CHANGE)}
_POSTGRES = {statement: HotStatement(statement)
             for statement in (_SLOT_CHANGE, _SLOT_DELETED, _USER_CHANGE, _USER_SLOTS_CHANGE)}


async def _write(session: AsyncSession, statement: Insert, parameters: dict[str, Any]) -> None:
    if session.get_bind().dialect.name != "sqlite":  # the trigger numbers and announces the rows
        await _POSTGRES[statement].rows(session, parameters)
        return
    rows = await session.execute(_SQLITE[statement], parameters)
    session.info.setdefault(PENDING_KEY, []).extend(Notice(*row) for row in rows)


async def record_slot_change(session: AsyncSession, *, slot_id: int, specialist_id: int,
                             previous_client_id: int | None = None, deleted: bool = False) -> None:
    """A slot was created, changed or deleted in this transaction (call after the write)."""
    parameters = {"slot_id": slot_id, "previous_client_id": previous_client_id, "now": utcnow()}
    if deleted:
        await _write(session, _SLOT_DELETED, {**parameters, "specialist_id": specialist_id})
        return
    await _write(session, _SLOT_CHANGE, {**parameters, "follow_up": False})


async def record_user_change(session: AsyncSession, *, user_id: int) -> None:
    """A user was created or changed in this transaction (call after the write).

    The slots the user takes part in that have not ended are recorded again, as follow-ups: they
    carry the user's new name, and a blocked or unblocked specialist's free slots disappear from
    or reappear in the clients' feeds.
    """
    now = utcnow()
    await _write(session, _USER_CHANGE, {"user_id": user_id, "now": now})
    await _write(session, _USER_SLOTS_CHANGE, {"user_id": user_id, "now": now, "follow_up": True,
                                               "previous_client_id": None})


@event.listens_for(Session, "after_commit")
def _publish_committed(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    hub: Hub | None = session.info.get(HUB_KEY)
    if pending and hub is not None:
        hub.publish(pending)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
