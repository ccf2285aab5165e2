"""POST /register/ and the JWT endpoints: create, refresh, verify."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status

from planner_server.deps import Context, ReadSessionDep, SessionDep
from planner_server.errors import error_responses
from planner_server.principal import active_principal
from planner_server.users import service
from planner_shared.rules import normalise_email
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
             summary="Register as a client or a specialist", responses=error_responses(409, 422))
async def register(data: UserCreate, session: SessionDep) -> dict[str, Any]:
    return await service.register(session=session, data=data)


@router.post("/auth/jwt/create/", response_model=TokenPair, summary="Sign in: email and password → tokens",
             responses=error_responses(401, 403, 422, 429))
async def create_tokens(data: TokenCreate, request: Request, session: ReadSessionDep,
                        context: Context) -> TokenPair:
    email = normalise_email(data.email)
    address = request.client.host if request.client else "unknown"
    async with context.throttle.attempt(email=email, address=address):
        user_id = await service.authenticate(session=session, email=email, password=data.password)
    return TokenPair(access=context.tokens.issue(user_id, "access"),
                     refresh=context.tokens.issue(user_id, "refresh"))


@router.post("/auth/jwt/refresh/", response_model=AccessToken, summary="A new access token",
             responses=error_responses(401, 403, 422))
async def refresh_token(data: TokenRefresh, session: ReadSessionDep, context: Context) -> AccessToken:
    user_id = context.tokens.user_id(data.refresh, expected="refresh")
    await active_principal(session=session, user_id=user_id)
    return AccessToken(access=context.tokens.issue(user_id, "access"))


@router.post("/auth/jwt/verify/", summary="Is this token valid (and may its account still act)?",
             responses=error_responses(401, 403, 422))
async def verify_token(data: TokenVerify, session: ReadSessionDep, context: Context) -> dict[str, Any]:
    user_id = context.tokens.user_id(data.token)
    await active_principal(session=session, user_id=user_id)
    return {}
