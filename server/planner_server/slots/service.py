"""Every rule of the slot life cycle (SPEC §2): create, edit, delete, reserve, agree, cancel.

Each transition is one conditional statement, so the database decides races: of many clients
reserving one slot exactly one update matches. When nothing matched, ``_why_not`` explains why.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import (
    BindParameter,
    Boolean,
    ColumnElement,
    Integer,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from planner_server.calendars.conditions import BusyChecked, busy_overlap
from planner_server.db import (
    LOCK_CLIENT_BOOKINGS,
    LOCK_SCHEDULE,
    Database,
    HotStatement,
    UTCDateTime,
    advisory_lock,
    violated_constraint,
)
from planner_server.notifications.service import enqueue_slot_event, slot_event_of
from planner_server.principal import Principal, active_principal, require_role
from planner_server.slots.booking import rules_set
from planner_server.slots.events import SlotEvent
from planner_server.slots.fields import slot_object, slot_select
from planner_server.slots.models import Comment, Slot
from planner_server.slots.queries import get_visible_slot, slot_answer
from planner_server.users.models import User, may_act
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
    name = violated_constraint(error) or str(error.orig)  # SQLite: the trigger's message
    if name.startswith("booking_") and name.removeprefix("booking_") in rules.BOOKING_REFUSALS:
        return rules.booking_refusal(name.removeprefix("booking_"))
    if name == "slots_client_no_overlap":
        return Conflict("You already have a consultation at an overlapping time.", code="client_overlap")
    if name == "slots_no_overlap":
        return Conflict("This time overlaps another of your slots.", code="slot_overlap")
    return Conflict("The change conflicts with the current data; reload and try again.")


@contextmanager
def _constraints_as_conflicts() -> Iterator[None]:
    """A write that breaks a constraint answers 409 with what it broke."""
    try:
        yield
    except IntegrityError as error:
        raise _constraint_conflict(error) from None


async def _flush(session: AsyncSession, statement: Any) -> Any:
    with _constraints_as_conflicts():
        return await session.execute(statement)


async def _insert_slot(session: AsyncSession, *, specialist: Principal, start: datetime, end: datetime,
                       context: str, cost_cents: int) -> int:
    now = rules.utcnow()
    result = await _flush(session, insert(Slot).values(
        specialist_id=specialist.id, start_time=start, end_time=end, context=context,
        cost_cents=cost_cents, status="free", created_at=now, updated_at=now, version=1,
    ).returning(Slot.id))
    slot_id = int(result.scalar_one())
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
    """The specialist's slot, locked (an administrator's: any slot)."""
    query = select(Slot.id, Slot.status, Slot.start_time, Slot.end_time, Slot.client_id, Slot.context,
                   Slot.cost_cents, Slot.specialist_id,
                   Slot.held_for_id).where(Slot.id == slot_id)
    if specialist.role is not Role.ADMIN:
        query = query.where(Slot.specialist_id == specialist.id)
    row = (await session.execute(query.with_for_update())).first()
    if row is None:
        raise NotFound("No such slot.", code="slot_not_found")
    return row


def _check_editable(row: Any) -> None:
    status = rules.effective_status(SlotStatus(row.status), row.end_time)
    if not rules.is_editable(status):
        raise rules.not_editable_conflict(status)
    if row.held_for_id is not None:
        raise Conflict("This time is proposed to a client as a new time; wait for the answer.",
                       code="slot_held")


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
    return await get_visible_slot(session=session, user=specialist, slot_id=slot_id)


async def delete_slot(*, session: AsyncSession, specialist: Principal, slot_id: int) -> None:
    row = await _own_slot(session, specialist, slot_id)
    _check_editable(row)
    await session.execute(delete(Slot).where(Slot.id == slot_id, Slot.status == "free"))


class _BookingsLock(ColumnElement[bool]):
    """True once the transaction holds the reserving client's bookings lock. PostgreSQL: two
    overlapping reservations of one client would wait on each other inside the exclusion constraint
    (a deadlock); taken one at a time, the second sees the first and refuses. SQLite's write
    transaction already holds the database's lock."""

    inherit_cache = True
    type = Boolean()

    def __init__(self, client: BindParameter[int]) -> None:
        self.client = client


@compiles(_BookingsLock)
def _no_lock_needed(element: _BookingsLock, compiler: SQLCompiler, **kw: Any) -> str:
    return "1 = 1"


@compiles(_BookingsLock, "postgresql")
def _client_bookings_lock(element: _BookingsLock, compiler: SQLCompiler, **kw: Any) -> str:
    # a scalar subquery: an InitPlan, taken once before any row is read
    lock = select(func.pg_advisory_xact_lock(LOCK_CLIENT_BOOKINGS, element.client)).scalar_subquery()
    return compiler.process(lock.is_not(None), **kw)


class _ScheduleLock(ColumnElement[bool]):
    """True once the transaction holds the slot's specialist's schedule lock, if that specialist
    has booking rules (PostgreSQL). The rules' trigger takes the lock too, but only after the update
    has locked the slot's row: a specialist editing that slot (schedule lock, then the row) would
    deadlock with it. Taken here first, before any row, the order is the same everywhere."""

    inherit_cache = True
    type = Boolean()

    def __init__(self, slot: BindParameter[int]) -> None:
        self.slot = slot


@compiles(_ScheduleLock)
def _no_schedule_lock_needed(element: _ScheduleLock, compiler: SQLCompiler, **kw: Any) -> str:
    return "1 = 1"


@compiles(_ScheduleLock, "postgresql")
def _schedule_lock(element: _ScheduleLock, compiler: SQLCompiler, **kw: Any) -> str:
    slots = Slot.__table__.alias("rules_slot")
    owner = User.__table__.alias("rules_owner")
    # a scalar subquery (an InitPlan, taken once before any row is read); 0 rows: no rules, no lock
    lock = (select(func.count(func.pg_advisory_xact_lock(LOCK_SCHEDULE, slots.c.specialist_id)))
            .select_from(slots.join(owner, owner.c.id == slots.c.specialist_id))
            .where(slots.c.id == element.slot, rules_set(owner)).scalar_subquery())
    return compiler.process(lock >= 0, **kw)


def _reserve_update() -> Update:
    """free → agreement for one client — the whole reservation decision in one conditional update:
    the client may reserve (a client, active, not blocked: checked first, its bookings lock
    taken), the slot is still free, in the future, offered by an active specialist, held for
    nobody (or, accepting a proposed move, for this client: ``held``), the client holds nothing
    overlapping, and the specialist's own calendar is not busy then (checked last:
    calendars/conditions.py). Of racing clients exactly one update matches. Returns the slot."""
    slots: Table = Slot.__table__  # type: ignore[assignment]
    users: Table = User.__table__  # type: ignore[assignment]
    mine = slots.alias("mine")
    client: BindParameter[int] = bindparam("client")
    now: BindParameter[datetime] = bindparam("now", type_=UTCDateTime())
    held: BindParameter[int | None] = bindparam("held", type_=Integer())
    client_ok = exists().where(users.c.id == client, users.c.role == Role.CLIENT.value, may_act(users.c),
                               users.c.token_generation == bindparam("generation"))  # session alive
    specialist_ok = exists().where(users.c.id == slots.c.specialist_id, may_act(users.c))
    clash = exists().where(mine.c.client_id == client, mine.c.status != "free",  # held by them
                           mine.c.start_time < slots.c.end_time, mine.c.end_time > slots.c.start_time)
    slot: BindParameter[int] = bindparam("slot")
    return (update(slots)
            .where(_BookingsLock(client), _ScheduleLock(slot), client_ok, slots.c.id == slot,
                   slots.c.status == "free", slots.c.held_for_id.is_not_distinct_from(held),
                   slots.c.start_time > now, specialist_ok, ~clash,
                   ~BusyChecked(slots.c.specialist_id, slots.c.start_time, slots.c.end_time))
            .values(status="agreement", client_id=client, held_for_id=None, updated_at=now,
                    version=slots.c.version + 1)
            .returning(*slots.c))


def _reservation_at_once() -> Select[Any]:
    """PostgreSQL: the reservation and its email as one statement (one round trip: the hot path of
    a booking rush), answering the slot's object. The change log's row comes from its trigger."""
    reserved = _reserve_update().cte("reserved")
    return (slot_select(slot_object(bindparam("now"), reserved), slot=reserved)
            .add_cte(slot_event_of(SlotEvent.RESERVED, reserved).cte("message")))


_RESERVE = HotStatement(_reserve_update())
_RESERVE_AT_ONCE = HotStatement(_reservation_at_once())
_RESERVED_EMAIL = slot_event_of(SlotEvent.RESERVED, Slot.__table__, Slot.id == bindparam("slot"))


def _reservation_parameters(client_id: int, slot_id: int, now: datetime,
                            generation: int, held: int | None = None) -> dict[str, Any]:
    return {"slot": slot_id, "client": client_id, "now": now, "generation": generation, "held": held}


async def reserve(*, session: AsyncSession, client_id: int, slot_id: int,
                  generation: int) -> dict[str, Any]:
    """A reservation request of the user ``client_id`` (from a valid token, not yet checked):
    free → agreement, in the one conditional update above, with its email; when it reserves
    nothing, the row read after it explains why."""
    now = rules.utcnow()
    parameters = _reservation_parameters(client_id, slot_id, now, generation)
    with _constraints_as_conflicts():
        if session.get_bind().dialect.name == "postgresql":
            rows = await _RESERVE_AT_ONCE.rows(session, parameters)
            answer = rows[0][0] if rows else None
        else:
            answer = None
            if await _RESERVE.rows(session, parameters):
                await session.execute(_RESERVED_EMAIL, parameters)
                answer = await slot_answer(session, slot_id, now=now)
    if answer is None:
        raise await _why_not_reserved(session, client_id, slot_id, now, generation)
    return orjson.loads(answer)


async def reserve_for(*, db: Database, client_id: int, slot_id: int,
                      generation: int) -> dict[str, Any]:
    """``reserve`` in a transaction of its own. On PostgreSQL its one statement runs alone, in
    autocommit: no BEGIN and COMMIT round trips."""
    if not db.is_postgres:
        async with db.session() as session:
            return await reserve(session=session, client_id=client_id, slot_id=slot_id,
                                 generation=generation)
    now = rules.utcnow()
    with _constraints_as_conflicts():
        rows = await db.rows_alone(_RESERVE_AT_ONCE,
                                   _reservation_parameters(client_id, slot_id, now, generation))
    if rows:
        return orjson.loads(rows[0][0])
    async with db.session(write=False) as session:
        raise await _why_not_reserved(session, client_id, slot_id, now, generation)


# What decides a refusal, read after the reservation did nothing (built once: a contended rush is
# mostly refusals).
_REFUSED_SLOT = (select(Slot.status, Slot.client_id, Slot.start_time, Slot.end_time, Slot.held_for_id,
                        User.is_active, User.is_blocked,
                        busy_overlap(Slot.specialist_id, Slot.start_time, Slot.end_time).label("busy"))
                 .join(User, User.id == Slot.specialist_id).where(Slot.id == bindparam("slot")))


async def _why_not_reserved(session: AsyncSession, client_id: int, slot_id: int,
                            now: datetime, generation: int) -> Exception:
    client = require_role(await active_principal(session=session, user_id=client_id,
                                                 generation=generation), Role.CLIENT)
    row = (await session.execute(_REFUSED_SLOT, {"slot": slot_id})).first()
    if row is None:
        return NotFound("No such slot.", code="slot_not_found")
    if row.client_id == client.id:
        return Conflict("You have already reserved this slot.", code="already_reserved")
    if row.status != "free":
        return Conflict("Someone else has just reserved this slot. Choose another time.",
                        code="slot_taken")
    if row.held_for_id is not None and row.held_for_id != client.id:
        return Conflict("This time is held for another client. Choose another time.",
                        code="slot_taken")
    if row.start_time <= now:
        return Conflict("This slot has already started and can no longer be reserved.",
                        code="slot_in_past")
    if not row.is_active or row.is_blocked:
        return NotFound("No such slot.", code="slot_not_found")
    if row.busy:
        return Conflict("The specialist is not available at this time any more. Choose another time.",
                        code="calendar_busy")
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
     .returning(Slot.id))
    if result.first() is None:
        current = await _own_slot(session, specialist, slot_id)
        status = rules.effective_status(SlotStatus(current.status), current.end_time)
        if status is SlotStatus.RESERVED:
            raise Conflict("This consultation is already agreed.", code="already_agreed")
        if current.end_time <= now:
            raise Conflict("This slot is already over.", code="slot_in_past")
        raise Conflict("There is no client's request on this slot to agree to.", code="no_request")
    await enqueue_slot_event(session, SlotEvent.AGREED, slot_id)
    return await get_visible_slot(session=session, user=specialist, slot_id=slot_id)


async def cancel_by_specialist(*, session: AsyncSession, specialist: Principal, slot_id: int,
                               comment: CommentCreate) -> dict[str, Any]:
    """agreement (decline) or reserved (call off) → free, with the reason kept. ``specialist``: the
    slot's, or an administrator acting on its behalf (the comment records who did it; the client
    is emailed the same, and the specialist is told which administrator did it, and why)."""
    row = await _own_slot(session, specialist, slot_id)
    status = rules.effective_status(SlotStatus(row.status), row.end_time)
    if status is SlotStatus.COMPLETED:
        raise Conflict("This consultation has already taken place.", code="slot_completed")
    if status is SlotStatus.FREE:
        raise Conflict("Nobody has reserved this slot; there is nothing to cancel.", code="no_request")
    declined = status is SlotStatus.AGREEMENT
    events: tuple[SlotEvent, ...] = (SlotEvent.DECLINED if declined else SlotEvent.CANCELLED_BY_SPECIALIST,)
    if specialist.role is Role.ADMIN:
        events += (SlotEvent.DECLINED_BY_ADMIN if declined else SlotEvent.CANCELLED_BY_ADMIN,)
    await _release(session, row, slot_id, author=specialist.id, specialist_id=row.specialist_id,
                   outcome=Outcome.DECLINED if declined else Outcome.CANCELLED_BY_SPECIALIST,
                   events=events, comment=comment)
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
                   outcome=Outcome.CANCELLED_BY_CLIENT, events=(SlotEvent.CANCELLED_BY_CLIENT,),
                   comment=comment)
    return await get_visible_slot(session=session, user=client, slot_id=slot_id)


NO_PROPOSAL: dict[str, Any] = {"proposed_slot_id": None, "proposed_start": None, "proposed_end": None}


async def drop_proposal(session: AsyncSession, slot_id: int, client_id: int | None,
                        now: datetime) -> None:
    """The slot a proposal on ``slot_id`` holds for its client, free for everyone again (the
    proposal itself is cleared by the caller's update of ``slot_id``, which it has locked)."""
    consultation = Slot.__table__.alias("consultation")
    proposed = select(consultation.c.proposed_slot_id).where(consultation.c.id == slot_id)
    await session.execute(update(Slot).where(
        Slot.id == proposed.scalar_subquery(), Slot.held_for_id == client_id,
    ).values(held_for_id=None, updated_at=now, version=Slot.version + 1))


async def _release(session: AsyncSession, row: Any, slot_id: int, *, author: int, specialist_id: int,
                   outcome: Outcome, events: tuple[SlotEvent, ...], comment: CommentCreate) -> None:
    """A held slot back to free, with the reason kept and the emails of ``events`` (the other
    side's; written first: they are built from the slot, which names its client until the
    release; one done on its recipient's behalf names the ``author``); a pending proposal of a new
    time goes with it, its held slot free again."""
    for event in events:
        await enqueue_slot_event(session, event, slot_id, comment, actor=author)
    now = rules.utcnow()
    await drop_proposal(session, slot_id, row.client_id, now)
    result = await session.execute(update(Slot).where(
        and_(Slot.id == slot_id, Slot.status == row.status, Slot.client_id == row.client_id),
    ).values(status="free", client_id=None, updated_at=now, version=Slot.version + 1,
             **NO_PROPOSAL, invite_slot_id=None))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("The slot changed meanwhile; reload and try again.", code="stale")
    await session.execute(insert(Comment).values(
        slot_id=slot_id, author_id=author, client_id=row.client_id, specialist_id=specialist_id,
        reason=comment.reason.value, text=comment.text, outcome=outcome.value,
        start_time=row.start_time, end_time=row.end_time, context=row.context,
        cost_cents=row.cost_cents, created_at=now))
