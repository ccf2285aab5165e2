"""/users/me/ for everyone; /users/ and /users/{id}/ for administrators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from planner_server.deps import AdminUser, CurrentUser, SessionDep
from planner_server.errors import error_responses
from planner_server.jsonresponse import JSONBytes
from planner_server.users import service
from planner_shared.enums import Role
from planner_shared.rules import MAX_ID
from planner_shared.schemas import SearchText, UserAdminUpdate, UserRead, UserSelfUpdate

router = APIRouter(prefix="/users", tags=["users"], responses=error_responses(401, 403, 404, 409, 422))
TOTAL_HEADER = {"X-Total-Count": {"description": "How many users match", "schema": {"type": "integer"}}}
UserId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/me/", response_model=UserRead, summary="Your own profile")
async def read_me(user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    return await service.get_user(session=session, user_id=user.id)


@router.patch("/me/", response_model=UserRead, summary="Change your names, phone, time zone, language")
async def update_me(data: UserSelfUpdate, user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    return await service.update_self(session=session, user=user, data=data)


@router.get("/", response_model=list[UserRead], summary="All users (administrators)",
            responses={200: {"headers": TOTAL_HEADER}})
async def list_users(
    admin: AdminUser,
    session: SessionDep,
    role: Annotated[Role | None, Query(description="admin, specialist or client")] = None,
    is_blocked: bool | None = None,
    search: Annotated[SearchText | None, Query(description="names, email or phone")] = None,
) -> JSONBytes:
    users = await service.list_users(session=session, role=role, is_blocked=is_blocked, search=search)
    return JSONBytes(users, headers={"X-Total-Count": str(len(users))})


@router.get("/{user_id}/", response_model=UserRead, summary="One user (administrators)")
async def read_user(user_id: UserId, admin: AdminUser, session: SessionDep) -> dict[str, Any]:
    return await service.get_user(session=session, user_id=user_id)


@router.patch("/{user_id}/", response_model=UserRead, summary="Edit a user (administrators)")
async def update_user(user_id: UserId, data: UserAdminUpdate, admin: AdminUser,
                      session: SessionDep) -> dict[str, Any]:
    return await service.admin_update(session=session, admin=admin, user_id=user_id, data=data)


@router.patch("/{user_id}/block_user/", response_model=UserRead, summary="Block a user")
async def block_user(user_id: UserId, admin: AdminUser, session: SessionDep) -> dict[str, Any]:
    return await service.set_blocked(session=session, admin=admin, user_id=user_id, blocked=True)


@router.patch("/{user_id}/unblock_user/", response_model=UserRead, summary="Unblock a user")
async def unblock_user(user_id: UserId, admin: AdminUser, session: SessionDep) -> dict[str, Any]:
    return await service.set_blocked(session=session, admin=admin, user_id=user_id, blocked=False)
