"""The signed-in user of a request: who it is, whether it may still act, and role checks.

Every domain takes the principal from here (core, below the domains): a token names a user id,
and this is the one reading of that user that every request makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import HotStatement
from planner_server.users.models import User
from planner_shared.enums import Role
from planner_shared.errors import Forbidden, Unauthorized


@dataclass(frozen=True)
class Principal:
    """The signed-in user of a request."""

    id: int
    role: Role
    email: str
    first_name: str
    last_name: str
    is_staff: bool
    is_active: bool
    is_blocked: bool
    token_generation: int = 0


_users = User.__table__.c
# Built once: it runs on every authenticated request.
_PRINCIPAL = HotStatement(select(
    _users.id, _users.role, _users.email, _users.first_name, _users.last_name, _users.is_staff,
    _users.is_active, _users.is_blocked, _users.token_generation).where(_users.id == bindparam("user_id")))


async def load_principal(*, session: AsyncSession, user_id: int) -> Principal | None:
    rows = await _PRINCIPAL.rows(session, {"user_id": user_id})
    if not rows:
        return None
    user_id, role, email, first_name, last_name, is_staff, is_active, is_blocked, generation = rows[0]
    return Principal(user_id, Role(role), email, first_name, last_name, is_staff, is_active,
                     is_blocked, generation)


SESSION_ENDED = "session_ended"


def session_ended() -> Unauthorized:
    return Unauthorized("This session has ended (the password was changed or the sessions were "
                        "ended). Sign in again.", code=SESSION_ENDED)


def check_generation(principal: Principal, generation: int) -> Principal:
    """The principal, if the token's generation is still the user's; 401 when its session ended."""
    if principal.token_generation != generation:
        raise session_ended()
    return principal


async def active_principal(*, session: AsyncSession, user_id: int, generation: int) -> Principal:
    """The user a valid token names, if it may still act: 401 when gone or when the token's session
    has ended (``generation``: the token's), 403 when blocked or deactivated.

    Checked on every request, so blocking a user or ending its sessions stops every token it holds
    at once, on every server process.
    """
    principal = await load_principal(session=session, user_id=user_id)
    if principal is None:
        raise Unauthorized("The account of this token no longer exists.", code="user_not_found")
    if principal.is_blocked:
        raise Forbidden("Your account is blocked. Contact an administrator.", code="user_blocked")
    if not principal.is_active:
        raise Forbidden("Your account is deactivated. Contact an administrator.", code="user_inactive")
    return check_generation(principal, generation)


_ROLE_WORDS = {Role.ADMIN: "an administrator", Role.SPECIALIST: "a specialist", Role.CLIENT: "a client"}


def require_role(user: Principal, *roles: Role) -> Principal:
    """The user, if it has one of these roles; 403 otherwise."""
    if user.role not in roles:
        names = " or ".join(_ROLE_WORDS[r] for r in roles)
        raise Forbidden(f"Only {names} can do this.", code="wrong_role")
    return user
