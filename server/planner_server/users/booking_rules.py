"""A specialist's booking rules (issue #17): read and changed by the specialist, or by an
administrator for any specialist (an act in the audit trail: the rules it changed, before → after);
read by any signed-in user (a client sees what it may request). What the rules mean is
``planner_server.slots.booking``; changing them re-records the specialist's slots that have not
ended (the users trigger's follow-ups), so clients' lists and feeds follow, and never touches a
request or an agreed consultation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.audit.service import address_of, changes, record
from planner_server.deps import AdminUser, CurrentUser, SessionDep, SpecialistUser
from planner_server.errors import error_responses
from planner_server.users.models import User, may_act
from planner_shared.enums import AuditAction, Role
from planner_shared.errors import Conflict, NotFound
from planner_shared.rules import BOOKING_RULE_FIELDS, MAX_ID, utcnow
from planner_shared.schemas import BOOKING_RULES_DOC, BookingRules, BookingRulesUpdate

router = APIRouter(prefix="/users", tags=["booking rules"],
                   responses=error_responses(401, 403, 404, 409, 422))
UserId = Annotated[int, Path(ge=1, le=MAX_ID)]
_COLUMNS = tuple(getattr(User, name) for name in BOOKING_RULE_FIELDS)


async def get_rules(session: AsyncSession, user_id: int) -> dict[str, Any]:
    row = (await session.execute(select(User.role, *_COLUMNS).where(User.id == user_id))).first()
    if row is None:
        raise NotFound("No such user.", code="user_not_found")
    if row.role != Role.SPECIALIST.value:
        raise Conflict("Only specialists have booking rules.", code="not_a_specialist")
    return {name: getattr(row, name) for name in BOOKING_RULE_FIELDS}


async def set_rules(session: AsyncSession, user_id: int, data: BookingRulesUpdate) -> dict[str, Any]:
    await get_rules(session, user_id)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    if changes:
        await session.execute(update(User).where(User.id == user_id).values(**changes,
                                                                            updated_at=utcnow()))
    return await get_rules(session, user_id)


@router.get("/me/booking_rules/", response_model=BookingRules, summary="Your booking rules (specialists)")
async def read_my_rules(user: SpecialistUser, session: SessionDep) -> dict[str, Any]:
    return await get_rules(session, user.id)


@router.patch("/me/booking_rules/", response_model=BookingRules,
              summary="Change your booking rules (specialists)", description=BOOKING_RULES_DOC)
async def update_my_rules(data: BookingRulesUpdate, user: SpecialistUser,
                          session: SessionDep) -> dict[str, Any]:
    return await set_rules(session, user.id, data)


@router.get("/{user_id}/booking_rules/", response_model=BookingRules,
            summary="A specialist's booking rules (any signed-in user: what clients may request)")
async def read_rules(user_id: UserId, user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    if user.role is not Role.ADMIN:
        listed = await session.scalar(select(User.id).where(
            User.id == user_id, User.role == Role.SPECIALIST.value, may_act(User)))
        if listed is None:
            raise NotFound("No such specialist.", code="user_not_found")
    return await get_rules(session, user_id)


@router.patch("/{user_id}/booking_rules/", response_model=BookingRules,
              summary="Change a specialist's booking rules (administrators)")
async def update_rules(user_id: UserId, data: BookingRulesUpdate, admin: AdminUser,
                       session: SessionDep, request: Request) -> dict[str, Any]:
    # an administrator's act: in the audit trail, in its transaction, the rules it changed
    before = await get_rules(session, user_id)
    after = await set_rules(session, user_id, data)
    edited = changes(before, after)
    if edited:
        await record(session, AuditAction.BOOKING_RULES_EDITED, actor=admin.id, target=user_id,
                     address=address_of(request), details=edited)
    return after
