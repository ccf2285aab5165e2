"""GET /slots/: the slot list built as JSON by the database itself (PostgreSQL and SQLite alike).

Listing thousands of slots through Python objects costs far more than the query; letting the
database aggregate the rows into one JSON array keeps the hot list endpoint fast. The objects carry
the same fields and values as ``queries.slot_dict`` builds (SlotRead).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Numeric, Select, String, Subquery, case, cast, func, literal, null, select, type_coerce
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from planner_server.slots.models import Slot
from planner_server.slots.queries import Client, SlotFilter, Specialist, filtered, slot_select
from planner_server.users.service import Principal
from planner_shared.rules import utcnow

if TYPE_CHECKING:  # offered.py needs the sync feature, whose feed needs this module
    from planner_server.slots.offered import OfferedSlots


def _iso_utc(column: Any, dialect: str) -> Any:
    """The instant as Python (and orjson, and every other answer) spells it: seconds, then six
    digits of fraction unless it is zero, then +00:00."""
    if dialect == "postgresql":  # its own JSON would drop trailing zeros (".35191")
        utc = func.timezone("UTC", column)
        fraction = case((func.date_trunc("second", utc) == utc, ""),
                        else_="." + func.to_char(utc, "US"))
        return func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS') + fraction + "+00:00"
    # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (db.UTCDateTime); whole seconds are
    # written without the fraction, as orjson and PostgreSQL write them.
    text = func.replace(type_coerce(column, String), " ", "T")
    return func.replace(text, ".000000", "") + "+00:00"


def _cost(cents: Any, dialect: str) -> ColumnElement[str]:
    if dialect == "postgresql":
        return cast(cast(cast(cents, Numeric) / 100, Numeric(12, 2)), String)
    return func.printf("%d.%02d", cents // 100, cents % 100)


def _visible_rows(filtered_query: Select[Any], *, dialect: str, now: datetime) -> Subquery:
    """One row per slot with exactly the SlotRead fields, named as in the JSON."""
    status = case(((Slot.status == "reserved") & (Slot.end_time <= now), "completed"),
                  else_=Slot.status)
    client_name = case((Slot.client_id.is_(None), null()),
                       else_=Client.first_name + " " + Client.last_name)
    return filtered_query.with_only_columns(
        Slot.id.label("id"), Slot.specialist_id.label("specialist"),
        (Specialist.first_name + " " + Specialist.last_name).label("specialist_name"),
        _iso_utc(Slot.start_time, dialect).label("start_time"),
        _iso_utc(Slot.end_time, dialect).label("end_time"), Slot.context.label("context"),
        _cost(Slot.cost_cents, dialect).label("cost"), status.label("status"),
        Slot.client_id.label("client"), client_name.label("client_name"),
        _iso_utc(Slot.updated_at, dialect).label("updated_at"), Slot.version.label("version"),
        maintain_column_froms=True,
    ).subquery("visible")


def json_array_select(rows: Subquery, *, dialect: str) -> Select[Any]:
    """SELECT of the JSON array of the rows (in start order) and their number."""
    if dialect == "postgresql":
        ordered = aggregate_order_by(rows.table_valued(), rows.c.start_time, rows.c.id)
        array: Any = func.json_agg(ordered).cast(String)
    else:  # SQLite aggregates in the order of the ordered subquery
        pairs = [part for column in rows.c for part in (literal(column.name), column)]
        array = func.json_group_array(func.json_object(*pairs))
    return select(func.coalesce(array, "[]"), func.count()).select_from(rows)


async def list_slots(*, session: AsyncSession, user: Principal, where: SlotFilter,
                     offers: OfferedSlots | None = None) -> tuple[str | bytes, int]:
    """The visible slots in start order as a JSON array (one page of them), and how many in all.

    With ``offers`` (a running server's), a client's whole list comes from its kept slots on offer
    and the client's own."""
    if offers is not None and offers.serves(user, where):
        return await offers.client_list(session=session, user=user, where=where)
    now = utcnow()
    query = filtered(slot_select(), user, now, where).order_by(Slot.start_time, Slot.id)
    paged = where.limit is not None or bool(where.offset)
    if paged:
        query = query.limit(where.limit).offset(where.offset)
    dialect = session.get_bind().dialect.name
    rows = _visible_rows(query, dialect=dialect, now=now)
    text, count = (await session.execute(json_array_select(rows, dialect=dialect))).one()
    if paged:
        count = await session.scalar(filtered(slot_select(func.count(Slot.id)), user, now, where))
    return text, int(count or 0)
