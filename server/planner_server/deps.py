"""Request dependencies as Annotated aliases: the session, the signed-in user, role guards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.context import ServerContext
from planner_server.principal import Principal, active_principal, require_role
from planner_shared.enums import Role
from planner_shared.errors import Unauthorized

API_PREFIX = "/api/v1"
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_bearer = HTTPBearer(auto_error=False, description="The access token from /api/v1/auth/jwt/create/")


async def get_context(request: Request) -> ServerContext:  # async: a plain def would run in a thread
    context: ServerContext = request.app.state.context
    return context


Context = Annotated[ServerContext, Depends(get_context)]


async def get_session(request: Request, context: Context) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed when the view succeeds (views never commit).

    Reads open a plain transaction; writes open one that holds SQLite's write lock from the start.
    """
    async with context.db.session(write=request.method not in _READ_METHODS) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_read_session(context: Context) -> AsyncIterator[AsyncSession]:
    """A read-only transaction whatever the method: for POSTs that write nothing (signing in), so
    that checking a password (slow on purpose) never holds SQLite's write lock."""
    async with context.db.session(write=False) as session:
        yield session


ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session, scope="function")]


def token_in(authorization: str) -> str:
    """The token of an Authorization header: "Bearer <token>", or "JWT <token>" as the original's
    clients send it; 401 otherwise."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() in ("bearer", "jwt") and token.strip():
        return token.strip()
    raise Unauthorized("Authentication credentials were not provided.", code="not_authenticated")


async def get_current_user(
    request: Request,
    context: Context,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],  # for OpenAPI
) -> Principal:
    user_id = token_user_id(request, context)
    return await active_principal(session=session, user_id=user_id)


CurrentUser = Annotated[Principal, Depends(get_current_user)]

BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def access_user_id(context: ServerContext, authorization: str) -> int:
    """The user the access token of an Authorization header names (401 when missing or bad),
    without reading the database."""
    return context.tokens.user_id(token_in(authorization), expected="access")


def token_user_id(request: Request, context: ServerContext) -> int:
    return access_user_id(context, request.headers.get("authorization", ""))


def _require(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    async def guard(user: CurrentUser) -> Principal:
        return require_role(user, *roles)

    return guard


async def get_token_user_id(request: Request) -> int:
    """One dependency of its own (no sub-dependencies to solve): it serves the two requests that
    come in floods, reservations and long-polls."""
    return token_user_id(request, request.app.state.context)


# The user id of a valid access token, unchecked against the database: for endpoints that check
# the user themselves (reservations, in the statement that does the work; the feed, in its cache).
# Their operations name the bearer scheme with BEARER_DOCUMENTED instead of a dependency.
TokenUserId = Annotated[int, Depends(get_token_user_id)]
BEARER_DOCUMENTED: dict[str, Any] = {"security": [{"HTTPBearer": []}]}

AdminUser = Annotated[Principal, Depends(_require(Role.ADMIN))]
SpecialistUser = Annotated[Principal, Depends(_require(Role.SPECIALIST))]
SpecialistOrAdmin = Annotated[Principal, Depends(_require(Role.SPECIALIST, Role.ADMIN))]
ClientUser = Annotated[Principal, Depends(_require(Role.CLIENT))]
ClientOrSpecialist = Annotated[Principal, Depends(_require(Role.CLIENT, Role.SPECIALIST))]
