"""Moving a booking (SPEC §2a): a client moves its request; a specialist proposes a new time for an
agreed consultation, which the client accepts or declines.

A move is one transaction of conditional statements, so the database decides every race. The
client's bookings lock comes first (its moves, accepts and declines — and its reservations, which
take the same lock — run one at a time), then the specialist's schedule lock, then the booking's own
row, then the slot it moves to: every path that touches both takes them in that order, so none
waits on another in a cycle.

The booking is released first (conditionally: if it changed meanwhile, 409), then the slot it moves
to is taken by the very reservation decision a new booking goes through (``service._reserve_update``:
every rule that refuses a reservation refuses a move too), and then the history is written. When
the slot cannot be taken, the error rolls the whole transaction back and the client keeps its
booking. Releasing first lets a booking move to an overlapping time (the client's overlap rule and
PostgreSQL's ``slots_client_no_overlap`` see the old time gone).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import LOCK_CLIENT_BOOKINGS, LOCK_SCHEDULE, UTCDateTime, advisory_lock
from planner_server.notifications.service import enqueue_slot_event
from planner_server.principal import Principal
from planner_server.slots import service
from planner_server.slots.events import SlotEvent
from planner_server.slots.models import Comment, Slot
from planner_server.slots.queries import get_visible_slot
from planner_shared import rules
from planner_shared.enums import CancelReason, Outcome, SlotStatus
from planner_shared.errors import Conflict, Invalid, NotFound
from planner_shared.schemas import MoveTo

_BOOKING = (Slot.id, Slot.status, Slot.specialist_id, Slot.client_id, Slot.start_time, Slot.end_time,
            Slot.context, Slot.cost_cents, Slot.version, Slot.proposed_slot_id, Slot.invite_slot_id,
            Slot.invite_base)


def _instant(value: datetime) -> Any:
    return literal(value, UTCDateTime())


async def _clients_booking(session: AsyncSession, client: Principal, slot_id: int) -> Any:
    """The client's booking on ``slot_id``, locked: after the client's bookings lock and its
    specialist's schedule lock (PostgreSQL), the order every path takes them in (a reservation:
    client, then schedule — with booking rules —, then the row; a specialist's change: schedule,
    then rows), so a move never waits on a lock held by one waiting on it."""
    await advisory_lock(session, LOCK_CLIENT_BOOKINGS, client.id)
    specialist = await session.scalar(select(Slot.specialist_id).where(Slot.id == slot_id))
    if specialist is not None:  # never changes: read before any lock
        await advisory_lock(session, LOCK_SCHEDULE, specialist)
    row = (await session.execute(select(*_BOOKING).where(
        Slot.id == slot_id, Slot.client_id == client.id).with_for_update())).first()
    if row is None:
        raise NotFound("You have no booking on this slot.", code="slot_not_found")
    return row


async def _vacate(session: AsyncSession, booking: Any, now: datetime, **where: Any) -> None:
    """The booking's slot free again — only if it is still as read (else 409, nothing changed)."""
    conditions = [Slot.id == booking.id, Slot.status == booking.status,
                  Slot.client_id == booking.client_id, Slot.version == booking.version]
    conditions += [getattr(Slot, name) == value for name, value in where.items()]
    result = await session.execute(update(Slot).where(*conditions).values(
        status="free", client_id=None, updated_at=now, version=Slot.version + 1,
        **service.NO_PROPOSAL, invite_slot_id=None))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("The booking changed meanwhile; reload and try again.", code="stale")


async def _take(session: AsyncSession, client: Principal, slot_id: int, now: datetime,
                held: int | None = None) -> Any:
    """free → agreement for the client by the reservation's own decision; its refusal otherwise."""
    client_id, generation = client.id, client.token_generation  # its session checked already
    parameters = service._reservation_parameters(client_id, slot_id, now, generation, held)
    with service._constraints_as_conflicts():
        rows = await service._RESERVE.rows(session, parameters)
    if not rows:
        raise await service._why_not_reserved(session, client_id, slot_id, now, generation)
    target = (await session.execute(select(Slot.start_time, Slot.end_time).where(
        Slot.id == slot_id))).one()
    return target


async def _record_move(session: AsyncSession, booking: Any, *, author: int, to_id: int,
                       to: Any, now: datetime) -> None:
    """The history's entry of the move: from (the booking's slot and times), to, who, when."""
    await session.execute(insert(Comment).values(
        slot_id=booking.id, author_id=author, client_id=booking.client_id,
        specialist_id=booking.specialist_id, reason=CancelReason.NONE.value, text="",
        outcome=Outcome.MOVED.value, start_time=booking.start_time, end_time=booking.end_time,
        context=booking.context, cost_cents=booking.cost_cents, created_at=now,
        moved_to_slot_id=to_id, moved_to_start=to.start_time, moved_to_end=to.end_time))


async def move_request(*, session: AsyncSession, client: Principal, slot_id: int,
                       data: MoveTo) -> dict[str, Any]:
    """The client's request (awaiting the specialist) moves to another free slot of the same
    specialist: the old slot free, the new one the request, or nothing changes."""
    if data.to is None:
        raise Invalid("Choose the slot to move the request to ('to').", code="move_target")
    if data.to == slot_id:
        raise Conflict("The request is already at this time.", code="same_slot")
    booking = await _clients_booking(session, client, slot_id)
    if booking.status != "agreement":
        raise Conflict("The specialist has already agreed to this consultation; only the specialist "
                       "can propose a new time.", code="already_agreed")
    specialist = await session.scalar(select(Slot.specialist_id).where(Slot.id == data.to))
    if specialist is None:
        raise NotFound("No such slot.", code="slot_not_found")
    if specialist != booking.specialist_id:
        raise Conflict("A request moves only to another time of the same specialist.",
                       code="other_specialist")
    now = rules.utcnow()
    await _vacate(session, booking, now)
    target = await _take(session, client, data.to, now)
    await _record_move(session, booking, author=client.id, to_id=data.to, to=target, now=now)
    await enqueue_slot_event(session, SlotEvent.MOVED, data.to, from_start=_instant(booking.start_time),
                             from_end=_instant(booking.end_time))
    return await get_visible_slot(session=session, user=client, slot_id=data.to)


async def propose_move(*, session: AsyncSession, specialist: Principal, slot_id: int,
                       data: MoveTo) -> dict[str, Any]:
    """A new time for an agreed consultation: one of the specialist's free slots, or a new one; the
    slot is held for the client (nobody else may reserve it) until the client answers."""
    await advisory_lock(session, LOCK_SCHEDULE, specialist.id)
    booking = (await session.execute(select(*_BOOKING).where(
        Slot.id == slot_id, Slot.specialist_id == specialist.id).with_for_update())).first()
    if booking is None:
        raise NotFound("No such slot.", code="slot_not_found")
    status = rules.effective_status(SlotStatus(booking.status), booking.end_time)
    if status is SlotStatus.COMPLETED:
        raise Conflict("This consultation has already taken place.", code="slot_completed")
    if status is not SlotStatus.RESERVED:
        raise Conflict("Only an agreed consultation can be given a new time; a request is answered "
                       "with Agree or Decline.", code="not_agreed")
    if booking.proposed_slot_id is not None:
        raise Conflict("A new time is already proposed; wait for the client's answer.",
                       code="move_pending")
    if data.to is not None:
        if data.to == slot_id:
            raise Conflict("The consultation is already at this time.", code="same_slot")
        target_id = data.to
    else:
        assert data.start_time is not None and data.end_time is not None
        target_id = await service.insert_checked(
            session=session, specialist=specialist, start=data.start_time, end=data.end_time,
            context=booking.context, cost_cents=booking.cost_cents)
    now = rules.utcnow()
    held = (await session.execute(update(Slot).where(
        Slot.id == target_id, Slot.specialist_id == specialist.id, Slot.status == "free",
        Slot.held_for_id.is_(None), Slot.start_time > now,
    ).values(held_for_id=booking.client_id, updated_at=now, version=Slot.version + 1)
     .returning(Slot.start_time, Slot.end_time))).first()
    if held is None:
        raise await _why_not_held(session, specialist, target_id, now)
    result = await session.execute(update(Slot).where(
        Slot.id == slot_id, Slot.status == "reserved", Slot.client_id == booking.client_id,
        Slot.proposed_slot_id.is_(None),
    ).values(proposed_slot_id=target_id, proposed_start=held.start_time, proposed_end=held.end_time,
             updated_at=now, version=Slot.version + 1))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("The consultation changed meanwhile; reload and try again.", code="stale")
    await enqueue_slot_event(session, SlotEvent.MOVE_PROPOSED, slot_id,
                             to_start=_instant(held.start_time), to_end=_instant(held.end_time))
    return await get_visible_slot(session=session, user=specialist, slot_id=slot_id)


async def _why_not_held(session: AsyncSession, specialist: Principal, slot_id: int,
                        now: datetime) -> Exception:
    row = (await session.execute(select(Slot.status, Slot.held_for_id, Slot.start_time).where(
        Slot.id == slot_id, Slot.specialist_id == specialist.id))).first()
    if row is None:
        return NotFound("No such slot.", code="slot_not_found")
    if row.status != "free" or row.held_for_id is not None:
        return Conflict("That time is not free any more. Choose another time.", code="slot_taken")
    return Conflict("That time has already started. Choose a later time.", code="slot_in_past")


async def _proposal(session: AsyncSession, client: Principal, slot_id: int) -> Any:
    booking = await _clients_booking(session, client, slot_id)
    if booking.proposed_slot_id is None or booking.status != "reserved":
        raise Conflict("There is no proposed new time to answer.", code="no_proposal")
    if rules.effective_status(SlotStatus(booking.status), booking.end_time) is SlotStatus.COMPLETED:
        raise Conflict("This consultation has already taken place.", code="slot_completed")
    return booking


async def accept_move(*, session: AsyncSession, client: Principal, slot_id: int) -> dict[str, Any]:
    """The proposed slot becomes the agreed consultation and the old one free, atomically; the
    calendar invite moves (the same UID, a higher SEQUENCE)."""
    booking = await _proposal(session, client, slot_id)
    target_id = booking.proposed_slot_id
    now = rules.utcnow()
    await _vacate(session, booking, now, proposed_slot_id=target_id)
    target = await _take(session, client, target_id, now, held=client.id)
    # agreed at once, keeping the invite's UID and a SEQUENCE above every one sent for it
    await session.execute(update(Slot).where(
        Slot.id == target_id, Slot.status == "agreement", Slot.client_id == client.id,
    ).values(status="reserved", invite_slot_id=booking.invite_slot_id or booking.id,
             invite_base=booking.version + 1 + booking.invite_base, updated_at=now,
             version=Slot.version + 1))
    await _record_move(session, booking, author=client.id, to_id=target_id, to=target, now=now)
    moved_from = {"from_start": _instant(booking.start_time), "from_end": _instant(booking.end_time)}
    await enqueue_slot_event(session, SlotEvent.RESCHEDULED, target_id, **moved_from)
    await enqueue_slot_event(session, SlotEvent.MOVE_ACCEPTED, target_id, **moved_from)
    return await get_visible_slot(session=session, user=client, slot_id=target_id)


async def decline_move(*, session: AsyncSession, client: Principal, slot_id: int) -> dict[str, Any]:
    """The proposal dropped, its slot free for everyone again; the agreed time stands."""
    booking = await _proposal(session, client, slot_id)
    now = rules.utcnow()
    await enqueue_slot_event(session, SlotEvent.MOVE_DECLINED, slot_id,
                             to_start=Slot.__table__.c.proposed_start,
                             to_end=Slot.__table__.c.proposed_end)
    await service.drop_proposal(session, slot_id, client.id, now)
    result = await session.execute(update(Slot).where(
        Slot.id == slot_id, Slot.version == booking.version,
        Slot.proposed_slot_id == booking.proposed_slot_id,
    ).values(**service.NO_PROPOSAL, updated_at=now, version=Slot.version + 1))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("The consultation changed meanwhile; reload and try again.", code="stale")
    return await get_visible_slot(session=session, user=client, slot_id=slot_id)
