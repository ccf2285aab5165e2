"""Every rule of the slot life cycle (SPEC §2): create, edit, delete, reserve, agree, cancel.

Each transition is one conditional statement, so the database decides races: of many clients
reserving one slot exactly one update matches. When nothing matched, ``_why_not`` explains why.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Table, and_, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import (
    LOCK_CLIENT_BOOKINGS,
    LOCK_SCHEDULE,
    Database,
    HotStatement,
    advisory_lock,
    violated_constraint,
)
from planner_server.notifications.service import enqueue_slot_event, slot_event_of
from planner_server.slots.events import SlotEvent, SlotEventData
from planner_server.slots.models import Comment, Slot
from planner_server.slots.queries import get_visible_slot, slot_dict
from planner_server.sync.service import record_slot_change, slot_change_of
from planner_server.users.models import User, may_act
from planner_server.users.service import Principal, active_principal, require_role
from planner_shared import rules
from planner_shared.enums import Outcome, Role, SlotStatus
from planner_shared.errors import Conflict, NotFound
from planner_shared.schemas import CommentCreate, SlotCreate, SlotUpdate

HELD = ("agreement", "reserved")  # statuses in which a client holds the slot


def to_cents(cost: Any) -> int:
    return round(cost * 100)


async def _find_overlap(session: AsyncSession, *, specialist_id: int, start: datetime, end: datetime,
                        ignore_id: int | None = None) -> rules.Interval | None:
    query = select(Slot.id, Slot.start_time, Slot.end_time).where(
        Slot.specialist_id == specialist_id, Slot.start_time < end, Slot.end_time > start)
    if ignore_id is not None:
        query = query.where(Slot.id != ignore_id)
    row = (await session.execute(query.limit(1))).first()
    return rules.Interval(row.start_time, row.end_time, row.id) if row else None


async def _check_free_time(session: AsyncSession, *, specialist_id: int, start: datetime, end: datetime,
                           ignore_id: int | None = None) -> None:
    other = await _find_overlap(session, specialist_id=specialist_id, start=start, end=end,
                                ignore_id=ignore_id)
    if other is not None:
        raise rules.overlap_conflict(start, end, other)


def _constraint_conflict(error: IntegrityError) -> Conflict:
    name = violated_constraint(error)
    if name == "slots_client_no_overlap":
        return Conflict("You already have a consultation at an overlapping time.", code="client_overlap")
    if name == "slots_no_overlap":
        return Conflict("This time overlaps another of your slots.", code="slot_overlap")
    return Conflict("The change conflicts with the current data; reload and try again.")


async def _flush(session: AsyncSession, statement: Any) -> Any:
    try:
        return await session.execute(statement)
    except IntegrityError as error:
        raise _constraint_conflict(error) from None


async def _insert_slot(session: AsyncSession, *, specialist: Principal, start: datetime, end: datetime,
                       context: str, cost_cents: int) -> int:
    now = rules.utcnow()
    result = await _flush(session, insert(Slot).values(
        specialist_id=specialist.id, start_time=start, end_time=end, context=context,
        cost_cents=cost_cents, status="free", created_at=now, updated_at=now, version=1,
    ).returning(Slot.id))
    slot_id = int(result.scalar_one())
    await record_slot_change(session, slot_id=slot_id, specialist_id=specialist.id)
    return slot_id


async def create_slot(*, session: AsyncSession, specialist: Principal, data: SlotCreate) -> dict[str, Any]:
    rules.check_slot_times(data.start_time, data.end_time)
    await advisory_lock(session, LOCK_SCHEDULE, specialist.id)
    await _check_free_time(session, specialist_id=specialist.id, start=data.start_time, end=data.end_time)
    slot_id = await _insert_slot(session, specialist=specialist, start=data.start_time,
                                 end=data.end_time, context=data.context, cost_cents=to_cents(data.cost))
    return await get_visible_slot(session=session, user=specialist, slot_id=slot_id)


async def insert_checked(*, session: AsyncSession, specialist: Principal, start: datetime, end: datetime,
                         context: str, cost_cents: int) -> int:
    """Check the shared rules and the schedule, then insert: for series and other bulk creators."""
    rules.check_slot_times(start, end)
    await _check_free_time(session, specialist_id=specialist.id, start=start, end=end)
    return await _insert_slot(session, specialist=specialist, start=start, end=end, context=context,
                              cost_cents=cost_cents)


async def _own_slot(session: AsyncSession, specialist: Principal, slot_id: int) -> Any:
    row = (await session.execute(
        select(Slot.id, Slot.status, Slot.start_time, Slot.end_time, Slot.client_id, Slot.context,
               Slot.cost_cents)
        .where(Slot.id == slot_id, Slot.specialist_id == specialist.id).with_for_update())).first()
    if row is None:
        raise NotFound("No such slot.", code="slot_not_found")
    return row


def _check_editable(row: Any) -> None:
    status = rules.effective_status(SlotStatus(row.status), row.end_time)
    if not rules.is_editable(status):
        raise Conflict(rules.not_editable_reason(status), code="slot_not_free")


async def update_slot(*, session: AsyncSession, specialist: Principal, slot_id: int,
                      data: SlotUpdate) -> dict[str, Any]:
    await advisory_lock(session, LOCK_SCHEDULE, specialist.id)
    row = await _own_slot(session, specialist, slot_id)
    _check_editable(row)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    values: dict[str, Any] = {}
    if "context" in changes:
        values["context"] = changes["context"]
    if "cost" in changes:
        values["cost_cents"] = to_cents(changes["cost"])
    start = changes.get("start_time", row.start_time)
    end = changes.get("end_time", row.end_time)
    if start != row.start_time or end != row.end_time:
        rules.check_slot_times(start, end)
        await _check_free_time(session, specialist_id=specialist.id, start=start, end=end,
                               ignore_id=slot_id)
        values.update(start_time=start, end_time=end)
    if values:
        await _flush(session, update(Slot).where(Slot.id == slot_id, Slot.status == "free").values(
            **values, updated_at=rules.utcnow(), version=Slot.version + 1))
        await record_slot_change(session, slot_id=slot_id, specialist_id=specialist.id)
    return await get_visible_slot(session=session, user=specialist, slot_id=slot_id)


async def delete_slot(*, session: AsyncSession, specialist: Principal, slot_id: int) -> None:
    row = await _own_slot(session, specialist, slot_id)
    _check_editable(row)
    await session.execute(delete(Slot).where(Slot.id == slot_id, Slot.status == "free"))
    await record_slot_change(session, slot_id=slot_id, specialist_id=specialist.id, deleted=True)


def _reserve_statement(*, at_once: bool = False) -> Any:
    """free → agreement for one client, if the slot is still free, in the future, offered by an
    active specialist, and the client holds nothing overlapping. Built once (it is the hot path);
    RETURNING gives everything the answer needs, so no second query is made.

    ``at_once`` (PostgreSQL): the statement also checks the client (active, not blocked, a
    client) and first takes the client's bookings lock, and returns the client's names too.
    """
    slots: Table = Slot.__table__  # type: ignore[assignment]
    users: Table = User.__table__  # type: ignore[assignment]
    mine = slots.alias("mine")
    client: BindParameter[int] = bindparam("reserving_client")
    now: BindParameter[datetime] = bindparam("at")
    specialist_ok = exists().where(users.c.id == slots.c.specialist_id, may_act(users.c))
    clash = exists().where(mine.c.client_id == client, mine.c.status != "free",  # held by them
                           mine.c.start_time < slots.c.end_time, mine.c.end_time > slots.c.start_time)
    conditions = [slots.c.id == bindparam("slot"), slots.c.status == "free", slots.c.start_time > now,
                  specialist_ok, ~clash]
    if at_once:  # both are InitPlans, checked once before any row is read: the lock first
        conditions[:0] = [select(func.pg_advisory_xact_lock(LOCK_CLIENT_BOOKINGS, client))
                          .scalar_subquery().is_not(None),
                          exists().where(users.c.id == client, users.c.role == Role.CLIENT.value,
                                         may_act(users.c))]

    def name_of(user_id: Any, column: Any, label: str) -> Any:
        return select(column).where(users.c.id == user_id).correlate(slots).scalar_subquery().label(label)

    names = [name_of(slots.c.specialist_id, users.c.first_name, "specialist_first_name"),
             name_of(slots.c.specialist_id, users.c.last_name, "specialist_last_name")]
    if at_once:
        names += [name_of(client, users.c.first_name, "client_first_name"),
                  name_of(client, users.c.last_name, "client_last_name")]
    return (update(slots).where(*conditions)
            .values(status="agreement", client_id=client, updated_at=now, version=slots.c.version + 1)
            .returning(slots.c.id, slots.c.specialist_id, *names[:2], slots.c.start_time,
                       slots.c.end_time, slots.c.context, slots.c.cost_cents, slots.c.status,
                       slots.c.client_id, *names[2:], slots.c.updated_at, slots.c.version))


def _reserve_at_once_statement() -> Any:
    """The whole reservation as one statement (PostgreSQL): the update, its change-log row and
    its email, as data-modifying CTEs; answers the slot_dict row of the reserved slot."""
    reserved = _reserve_statement(at_once=True).cte("reserved")
    return (select(*reserved.c)
            .add_cte(slot_change_of(reserved).cte("change"),
                     slot_event_of(SlotEvent.RESERVED, reserved).cte("message")))


_RESERVE = HotStatement(_reserve_statement())
_RESERVE_AT_ONCE = HotStatement(_reserve_at_once_statement())


async def reserve_for(*, db: Database, client_id: int, slot_id: int) -> dict[str, Any]:
    """A reservation request of the user ``client_id`` (from a valid token, not yet checked).

    On PostgreSQL it is first tried as one statement in a transaction of its own (one round trip:
    the hot path of a storm). Whenever that reserves nothing (or breaks a constraint), and on
    SQLite, the ordinary transaction below decides and explains.
    """
    if db.is_postgres:
        now = rules.utcnow()
        try:
            rows = await db.rows_alone(_RESERVE_AT_ONCE, {
                "slot": slot_id, "reserving_client": client_id, "at": now, "now": now,
                "follow_up": False, "previous_client_id": None})
        except IntegrityError:
            rows = []
        if rows:
            return slot_dict(rows[0], now)
    async with db.session() as session:
        client = require_role(await active_principal(session=session, user_id=client_id), Role.CLIENT)
        return await reserve(session=session, client=client, slot_id=slot_id)


async def reserve(*, session: AsyncSession, client: Principal, slot_id: int) -> dict[str, Any]:
    """free → agreement, in one conditional update: of racing clients exactly one wins."""
    now = rules.utcnow()
    # Two overlapping reservations of one client would wait on each other inside the exclusion
    # constraint (a deadlock); taking them one at a time lets the second see the first and refuse.
    await advisory_lock(session, LOCK_CLIENT_BOOKINGS, client.id)
    try:
        rows = await _RESERVE.rows(session, {"slot": slot_id, "reserving_client": client.id, "at": now})
    except IntegrityError as error:
        raise _constraint_conflict(error) from None
    if not rows:
        raise await _why_not_reserved(session, client, slot_id, now)
    row = rows[0]
    (_, specialist_id, _, _, start, end, context, cost_cents, _, _, updated_at, version) = row
    await record_slot_change(session, slot_id=slot_id, specialist_id=specialist_id)
    await enqueue_slot_event(session, SlotEventData(
        SlotEvent.RESERVED, slot_id, specialist_id, client.id, start, end, context, cost_cents))
    return slot_dict((*row[:10], client.first_name, client.last_name, updated_at, version), now)


async def _why_not_reserved(session: AsyncSession, client: Principal, slot_id: int,
                            now: datetime) -> Exception:
    row = (await session.execute(
        select(Slot.status, Slot.client_id, Slot.start_time, Slot.end_time, User.is_active,
               User.is_blocked)
        .join(User, User.id == Slot.specialist_id).where(Slot.id == slot_id))).first()
    if row is None:
        return NotFound("No such slot.", code="slot_not_found")
    if row.client_id == client.id:
        return Conflict("You have already reserved this slot.", code="already_reserved")
    if row.status != "free":
        return Conflict("Someone else has just reserved this slot. Choose another time.",
                        code="slot_taken")
    if row.start_time <= now:
        return Conflict("This slot has already started and can no longer be reserved.",
                        code="slot_in_past")
    if not row.is_active or row.is_blocked:
        return NotFound("No such slot.", code="slot_not_found")
    other = (await session.execute(
        select(Slot.id, Slot.start_time, Slot.end_time).where(
            Slot.client_id == client.id, Slot.status.in_(HELD), Slot.start_time < row.end_time,
            Slot.end_time > row.start_time).limit(1))).first()
    if other is not None:
        return rules.client_overlap_conflict(rules.Interval(other.start_time, other.end_time, other.id))
    return Conflict("This slot could not be reserved; reload and try again.", code="slot_taken")


async def agree(*, session: AsyncSession, specialist: Principal, slot_id: int) -> dict[str, Any]:
    """agreement → reserved."""
    now = rules.utcnow()
    result = await session.execute(update(Slot).where(
        Slot.id == slot_id, Slot.specialist_id == specialist.id, Slot.status == "agreement",
        Slot.end_time > now,
    ).values(status="reserved", updated_at=now, version=Slot.version + 1)
     .returning(Slot.client_id, Slot.start_time, Slot.end_time, Slot.context, Slot.cost_cents))
    row = result.first()
    if row is None:
        current = await _own_slot(session, specialist, slot_id)
        status = rules.effective_status(SlotStatus(current.status), current.end_time)
        if status is SlotStatus.RESERVED:
            raise Conflict("This consultation is already agreed.", code="already_agreed")
        if current.end_time <= now:
            raise Conflict("This slot is already over.", code="slot_in_past")
        raise Conflict("There is no client's request on this slot to agree to.", code="no_request")
    await record_slot_change(session, slot_id=slot_id, specialist_id=specialist.id)
    await enqueue_slot_event(session, SlotEventData(
        SlotEvent.AGREED, slot_id, specialist.id, row.client_id, row.start_time, row.end_time,
        row.context, row.cost_cents))
    return await get_visible_slot(session=session, user=specialist, slot_id=slot_id)


async def cancel_by_specialist(*, session: AsyncSession, specialist: Principal, slot_id: int,
                               comment: CommentCreate) -> dict[str, Any]:
    """agreement (decline) or reserved (call off) → free, with the reason kept."""
    row = await _own_slot(session, specialist, slot_id)
    status = rules.effective_status(SlotStatus(row.status), row.end_time)
    if status is SlotStatus.COMPLETED:
        raise Conflict("This consultation has already taken place.", code="slot_completed")
    if status is SlotStatus.FREE:
        raise Conflict("Nobody has reserved this slot; there is nothing to cancel.", code="no_request")
    outcome = Outcome.DECLINED if status is SlotStatus.AGREEMENT else Outcome.CANCELLED_BY_SPECIALIST
    await _release(session, row, slot_id, author=specialist.id, specialist_id=specialist.id,
                   outcome=outcome, comment=comment)
    event = SlotEvent.DECLINED if outcome is Outcome.DECLINED else SlotEvent.CANCELLED_BY_SPECIALIST
    await enqueue_slot_event(session, SlotEventData(
        event, slot_id, specialist.id, row.client_id, row.start_time, row.end_time, row.context,
        row.cost_cents, comment.reason.value, comment.text))
    return await get_visible_slot(session=session, user=specialist, slot_id=slot_id)


async def cancel_by_client(*, session: AsyncSession, client: Principal, slot_id: int,
                           comment: CommentCreate) -> dict[str, Any]:
    """agreement → free, by the client who asked; refused once the specialist has agreed."""
    row = (await session.execute(
        select(Slot.id, Slot.status, Slot.specialist_id, Slot.start_time, Slot.end_time,
               Slot.client_id, Slot.context, Slot.cost_cents)
        .where(Slot.id == slot_id, Slot.client_id == client.id).with_for_update())).first()
    if row is None:
        raise NotFound("You have no request on this slot.", code="slot_not_found")
    if row.status == "reserved":
        raise Conflict("The specialist has already agreed to this consultation; ask them to cancel it.",
                       code="already_agreed")
    await _release(session, row, slot_id, author=client.id, specialist_id=row.specialist_id,
                   outcome=Outcome.CANCELLED_BY_CLIENT, comment=comment)
    await enqueue_slot_event(session, SlotEventData(
        SlotEvent.CANCELLED_BY_CLIENT, slot_id, row.specialist_id, client.id, row.start_time,
        row.end_time, row.context, row.cost_cents, comment.reason.value, comment.text))
    return await get_visible_slot(session=session, user=client, slot_id=slot_id)


async def _release(session: AsyncSession, row: Any, slot_id: int, *, author: int, specialist_id: int,
                   outcome: Outcome, comment: CommentCreate) -> None:
    now = rules.utcnow()
    result = await session.execute(update(Slot).where(
        and_(Slot.id == slot_id, Slot.status == row.status, Slot.client_id == row.client_id),
    ).values(status="free", client_id=None, updated_at=now, version=Slot.version + 1))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("The slot changed meanwhile; reload and try again.", code="stale")
    await session.execute(insert(Comment).values(
        slot_id=slot_id, author_id=author, client_id=row.client_id, specialist_id=specialist_id,
        reason=comment.reason.value, text=comment.text, outcome=outcome.value,
        start_time=row.start_time, end_time=row.end_time, context=row.context,
        cost_cents=row.cost_cents, created_at=now))
    await record_slot_change(session, slot_id=slot_id, specialist_id=specialist_id,
                             previous_client_id=row.client_id)
