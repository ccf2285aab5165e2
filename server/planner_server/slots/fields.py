"""A slot's public fields (SlotRead): the one table every answer about a slot is built from.

Every form of a slot a user receives — one slot, the list, a reservation's answer, a change-log
row (and so the feed and its notifications), the slots on offer a process keeps — is the JSON
object the database builds from ``FIELDS``. Adding a field to a slot is one entry here, the column's
migration and the field in ``planner_shared.schemas.SlotRead``; nothing else spells a slot's shape.

The objects are built by the database on both SQLite and PostgreSQL (``planner_server.sqljson``
spells instants, costs and JSON objects for each): a list of thousands of slots costs one
aggregate, not thousands of Python objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import FromClause, Select, bindparam, case, func, literal_column, null, select
from sqlalchemy.sql.elements import ColumnElement

from planner_server.db import UTCDateTime
from planner_server.slots.booking import blocking_rule
from planner_server.slots.models import Slot
from planner_server.sqljson import CostText, IsoInstant, JoinedObjects, JSONObject
from planner_server.users.models import User

SLOTS: FromClause = Slot.__table__
USERS: FromClause = User.__table__
Specialist = USERS.alias("specialist_user")
Client = USERS.alias("client_user")


def _full_name(user: FromClause) -> ColumnElement[str]:
    return user.c.first_name + " " + user.c.last_name


# name → its value, from the slot's columns (a table or statement with the slots' column names),
# its specialist and client (users; the client outer-joined) and the time of the answer.
Field = Callable[[FromClause, Any], ColumnElement[Any]]
FIELDS: dict[str, Field] = {
    "id": lambda slot, now: slot.c.id,
    "specialist": lambda slot, now: slot.c.specialist_id,
    "specialist_name": lambda slot, now: _full_name(Specialist),
    "start_time": lambda slot, now: IsoInstant(slot.c.start_time),
    "end_time": lambda slot, now: IsoInstant(slot.c.end_time),
    "context": lambda slot, now: slot.c.context,
    "cost": lambda slot, now: CostText(slot.c.cost_cents),
    "status": lambda slot, now: case(  # planner_shared.rules.effective_status
        ((slot.c.status == "reserved") & (slot.c.end_time <= now), "completed"), else_=slot.c.status),
    "client": lambda slot, now: slot.c.client_id,
    "client_name": lambda slot, now: case((slot.c.client_id.is_(None), null()), else_=_full_name(Client)),
    "updated_at": lambda slot, now: IsoInstant(slot.c.updated_at),
    "version": lambda slot, now: slot.c.version,
    "proposed_slot": lambda slot, now: slot.c.proposed_slot_id,
    "proposed_start": lambda slot, now: IsoInstant(slot.c.proposed_start),
    "proposed_end": lambda slot, now: IsoInstant(slot.c.proposed_end),
    "held_for": lambda slot, now: slot.c.held_for_id,
    "blocked_by": lambda slot, now: case(
        (slot.c.status == "free", blocking_rule(slot, Specialist, now)), else_=null()),
}


def slot_object(now: Any, slot: FromClause = SLOTS) -> ColumnElement[str]:
    """SQL: the slot's SlotRead JSON object, as text (from a select_from(slot))."""
    pairs = [part for name, field in FIELDS.items()
             for part in (literal_column(f"'{name}'"), field(slot, now))]
    return JSONObject(*pairs)


NOW = bindparam("now", type_=UTCDateTime())  # the instant a slot's object is built at
# The object of a row of the slots table, built once (its rule subqueries are costly to build):
# statements that use it are executed with {"now": …}.
SLOT_OBJECT = slot_object(NOW)


def slot_select(*columns: Any, slot: FromClause = SLOTS) -> Select[Any]:
    """SELECT from the slots (or a statement returning slot rows) with their specialist and client."""
    return (select(*columns).select_from(slot)
            .join(Specialist, Specialist.c.id == slot.c.specialist_id)
            .outerjoin(Client, Client.c.id == slot.c.client_id))


def json_array(objects: Select[Any]) -> Select[str, int]:
    """SELECT of the JSON array of the slots of a query of (object, start_time, id), in that order,
    and their number: the objects' texts joined, nothing parsed again."""
    rows = objects.subquery("objects")
    joined = JoinedObjects(rows.c.object, rows.c.start_time, rows.c.id)
    return select(func.coalesce("[" + joined + "]", "[]"), func.count()).select_from(rows)
