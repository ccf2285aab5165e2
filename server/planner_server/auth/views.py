"""POST /register/, the JWT endpoints (create, refresh, verify, revoke) and password resets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request, Response, status
from sqlalchemy import select

from planner_server.audit.service import address_of, record_alone
from planner_server.auth import accounts
from planner_server.deps import Context, ReadSessionDep, SessionDep
from planner_server.errors import error_responses
from planner_server.principal import active_principal, session_ended
from planner_server.users import service
from planner_server.users.models import User
from planner_shared.enums import AuditAction
from planner_shared.errors import Forbidden, Throttled
from planner_shared.rules import normalise_email
from planner_shared.schemas import (
    Accepted,
    AccessToken,
    PasswordResetConfirm,
    PasswordResetRequest,
    TokenCreate,
    TokenPair,
    TokenRefresh,
    TokenVerify,
    UserCreate,
    UserRead,
)

router = APIRouter(tags=["auth"])
RESET_ACCEPTED = ("If an account with this email exists, a code to reset its password has been "
                  "sent to it. The code is valid for {minutes} minutes.")


@router.post("/register/", response_model=UserRead, status_code=status.HTTP_201_CREATED,
             summary="Register as a client or a specialist", responses=error_responses(409, 422))
async def register(data: UserCreate, session: SessionDep) -> dict[str, Any]:
    return await service.register(session=session, data=data)


@router.post("/auth/jwt/create/", response_model=TokenPair, summary="Sign in: email and password → tokens",
             responses=error_responses(401, 403, 422, 429))
async def create_tokens(data: TokenCreate, request: Request, session: ReadSessionDep,
                        context: Context) -> TokenPair:
    email = normalise_email(data.email)
    address = address_of(request)
    try:
        async with context.throttle.attempt(email=email, address=address):
            user_id, generation = await service.authenticate(session=session, email=email,
                                                             password=data.password)
    except Throttled:
        await record_alone(context.db, AuditAction.SIGN_IN_THROTTLED, actor=None, target=None,
                           address=address, details={"email": email})
        raise
    except Forbidden as refused:  # blocked or deactivated, with the right password
        target = await session.scalar(select(User.id).where(User.email == email))
        await record_alone(context.db, AuditAction.BLOCKED_SIGN_IN, actor=None, target=target,
                           address=address, details={"email": email, "code": refused.code})
        raise
    return accounts.token_pair(context, user_id, generation)


@router.post("/auth/jwt/refresh/", response_model=AccessToken, summary="A new access token",
             responses=error_responses(401, 403, 422))
async def refresh_token(data: TokenRefresh, session: ReadSessionDep, context: Context) -> AccessToken:
    token = context.tokens.subject(data.refresh, expected="refresh")
    if await accounts.is_revoked(session, token):
        raise session_ended()
    await active_principal(session=session, user_id=token.user_id, generation=token.generation)
    return AccessToken(access=context.tokens.issue(token.user_id, "access", token.generation))


@router.post("/auth/jwt/verify/", summary="Is this token valid (and may its account still act)?",
             responses=error_responses(401, 403, 422))
async def verify_token(data: TokenVerify, session: ReadSessionDep, context: Context) -> dict[str, Any]:
    token = context.tokens.subject(data.token)
    if token.token_type == "refresh" and await accounts.is_revoked(session, token):
        raise session_ended()
    await active_principal(session=session, user_id=token.user_id, generation=token.generation)
    return {}


@router.post("/auth/jwt/revoke/", status_code=status.HTTP_204_NO_CONTENT,
             summary="Sign out: this refresh token is refused from now on",
             responses=error_responses(401, 422))
async def revoke_token(data: TokenRefresh, context: Context) -> Response:
    token = context.tokens.subject(data.refresh, expected="refresh")
    await accounts.revoke_refresh(context, token=token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/auth/password/reset/", response_model=Accepted, status_code=status.HTTP_202_ACCEPTED,
             summary="Email a one-time code to reset a password (the same answer for any email)",
             responses=error_responses(422, 429))
async def request_password_reset(data: PasswordResetRequest, request: Request, context: Context,
                                 background: BackgroundTasks) -> Accepted:
    address = address_of(request)
    await accounts.count_reset_request(context, email=data.email, address=address)
    # Looked up and written after the answer: neither the answer nor its time tells whether the
    # account exists.
    background.add_task(accounts.request_reset, context, email=data.email, address=address)
    return Accepted(detail=RESET_ACCEPTED.format(minutes=context.settings.password_reset_minutes))


@router.post("/auth/password/reset/confirm/", status_code=status.HTTP_204_NO_CONTENT,
             summary="Set a new password with the emailed code; every session of the account ends",
             responses=error_responses(422))
async def confirm_password_reset(data: PasswordResetConfirm, request: Request,
                                 context: Context) -> Response:
    await accounts.confirm_reset(context, data=data, address=address_of(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
