"""/users/me/ for everyone; /users/ and /users/{id}/ for administrators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from planner_server.audit.service import address_of, changes, record
from planner_server.auth import accounts
from planner_server.deps import AdminUser, Context, CurrentUser, CurrentUserRead, SessionDep
from planner_server.errors import error_responses
from planner_server.jsonresponse import JSONBytes
from planner_server.users import service
from planner_shared.enums import AuditAction, Role
from planner_shared.rules import MAX_ID
from planner_shared.schemas import (
    Accepted,
    PasswordChange,
    SearchText,
    TokenPair,
    UserAdminUpdate,
    UserRead,
    UserSelfUpdate,
)

router = APIRouter(prefix="/users", tags=["users"], responses=error_responses(401, 403, 404, 409, 422))
TOTAL_HEADER = {"X-Total-Count": {"description": "How many users match", "schema": {"type": "integer"}}}
UserId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/me/", response_model=UserRead, summary="Your own profile")
async def read_me(user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    return await service.get_user(session=session, user_id=user.id)


@router.patch("/me/", response_model=UserRead, summary="Change your names, phone, time zone, language")
async def update_me(data: UserSelfUpdate, user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    return await service.update_self(session=session, user=user, data=data)


@router.post("/me/password/", response_model=TokenPair, responses=error_responses(429),
             summary="Change your password: every other session ends; yours goes on with the "
                     "tokens answered")
async def change_password(data: PasswordChange, user: CurrentUserRead, request: Request,
                          context: Context) -> TokenPair:
    return await accounts.change_password(context, user=user, data=data, address=address_of(request))


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
async def update_user(user_id: UserId, data: UserAdminUpdate, admin: AdminUser, session: SessionDep,
                      request: Request) -> dict[str, Any]:
    before = await service.get_user(session=session, user_id=user_id)
    after = await service.admin_update(session=session, admin=admin, user_id=user_id, data=data)
    edited = changes(before, after)
    address = address_of(request)
    if "role" in edited:
        await record(session, AuditAction.ROLE_CHANGED, actor=admin.id, target=user_id,
                     address=address, details={"role": edited.pop("role")})
    if edited:
        await record(session, AuditAction.USER_EDITED, actor=admin.id, target=user_id,
                     address=address, details=edited)
    return after


@router.patch("/{user_id}/block_user/", response_model=UserRead, summary="Block a user")
async def block_user(user_id: UserId, admin: AdminUser, session: SessionDep,
                     request: Request) -> dict[str, Any]:
    user = await service.set_blocked(session=session, admin=admin, user_id=user_id, blocked=True)
    await record(session, AuditAction.USER_BLOCKED, actor=admin.id, target=user_id,
                 address=address_of(request))
    return user


@router.patch("/{user_id}/unblock_user/", response_model=UserRead, summary="Unblock a user")
async def unblock_user(user_id: UserId, admin: AdminUser, session: SessionDep,
                       request: Request) -> dict[str, Any]:
    user = await service.set_blocked(session=session, admin=admin, user_id=user_id, blocked=False)
    await record(session, AuditAction.USER_UNBLOCKED, actor=admin.id, target=user_id,
                 address=address_of(request))
    return user


@router.post("/{user_id}/sessions/revoke/", status_code=status.HTTP_204_NO_CONTENT,
             summary="End every session of a user at once (administrators)")
async def revoke_sessions(user_id: UserId, admin: AdminUser, session: SessionDep,
                          request: Request) -> Response:
    await accounts.end_sessions(session, user_id)
    await record(session, AuditAction.SESSIONS_REVOKED, actor=admin.id, target=user_id,
                 address=address_of(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{user_id}/password_reset/", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted,
             summary="Email a user a code to reset its password (administrators)")
async def send_password_reset(user_id: UserId, admin: AdminUser, session: SessionDep, request: Request,
                              context: Context) -> Accepted:
    user = await service.get_user(session=session, user_id=user_id)  # 404 for no such user
    await accounts.send_code(context, session, user_id=user_id)
    await record(session, AuditAction.PASSWORD_RESET_SENT, actor=admin.id, target=user_id,
                 address=address_of(request))
    return Accepted(detail=f"A code to reset the password has been emailed to {user['email']}; it "
                           f"is valid for {context.settings.password_reset_minutes} minutes.")
