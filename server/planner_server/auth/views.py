"""POST /register/ and the JWT endpoints: create, refresh, verify."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status

from planner_server.deps import Context, SessionDep
from planner_server.users import service
from planner_server.users.service import normalise_email
from planner_shared.errors import Forbidden, Unauthorized
from planner_shared.schemas import (
    AccessToken,
    TokenCreate,
    TokenPair,
    TokenRefresh,
    TokenVerify,
    UserCreate,
    UserRead,
)

router = APIRouter(tags=["auth"])


@router.post("/register/", response_model=UserRead, status_code=status.HTTP_201_CREATED,
             summary="Register as a client or a specialist")
async def register(data: UserCreate, session: SessionDep) -> dict[str, Any]:
    return await service.register(session=session, data=data)


@router.post("/auth/jwt/create/", response_model=TokenPair, summary="Sign in: email and password → tokens",
             responses={401: {"description": "Wrong email or password"},
                        403: {"description": "Blocked account"}, 429: {"description": "Throttled"}})
async def create_tokens(data: TokenCreate, request: Request, session: SessionDep,
                        context: Context) -> TokenPair:
    email = normalise_email(data.email)
    address = request.client.host if request.client else "unknown"
    context.throttle.check(email=email, address=address)
    try:
        user_id = await service.authenticate(session=session, email=email, password=data.password)
    except Unauthorized:
        context.throttle.failed(email=email, address=address)
        raise
    context.throttle.succeeded(email=email)
    return TokenPair(access=context.tokens.issue(user_id, "access"),
                     refresh=context.tokens.issue(user_id, "refresh"))


@router.post("/auth/jwt/refresh/", response_model=AccessToken, summary="A new access token")
async def refresh_token(data: TokenRefresh, session: SessionDep, context: Context) -> AccessToken:
    user_id = context.tokens.user_id(data.refresh, expected="refresh")
    user = await service.load_principal(session=session, user_id=user_id)
    if user is None:
        raise Unauthorized("The account of this token no longer exists.", code="user_not_found")
    if user.is_blocked or not user.is_active:
        raise Forbidden("Your account is blocked. Contact an administrator.", code="user_blocked")
    return AccessToken(access=context.tokens.issue(user_id, "access"))


@router.post("/auth/jwt/verify/", summary="Is this token valid?",
             responses={401: {"description": "Invalid or expired"}})
async def verify_token(data: TokenVerify, context: Context) -> dict[str, Any]:
    context.tokens.user_id(data.token)
    return {}
