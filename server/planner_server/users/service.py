"""Every rule and query about users: registration, sign-in, profiles, administration."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from planner_server.auth.passwords import hash_password, verify_password
from planner_server.principal import Principal
from planner_server.slots.roles import settle_slots_for_role_change
from planner_server.users.models import User
from planner_shared.enums import Role
from planner_shared.errors import Conflict, Forbidden, NotFound, Unauthorized
from planner_shared.rules import admin_self_change_refusal, normalise_email, utcnow
from planner_shared.schemas import UserAdminUpdate, UserCreate, UserSelfUpdate

READ_COLUMNS = (User.id, User.first_name, User.last_name, User.middle_name, User.role, User.phone,
                User.email, User.is_staff, User.is_active, User.is_blocked, User.created_at,
                User.time_zone, User.language)
_READ_KEYS = tuple(c.key for c in READ_COLUMNS)


def user_dict(row: Any) -> dict[str, Any]:
    """A row of READ_COLUMNS as the UserRead JSON object."""
    return dict(zip(_READ_KEYS, row, strict=True))


async def get_user(*, session: AsyncSession, user_id: int) -> dict[str, Any]:
    row = (await session.execute(select(*READ_COLUMNS).where(User.id == user_id))).first()
    if row is None:
        raise NotFound("No such user.", code="user_not_found")
    return user_dict(row)


async def list_users(*, session: AsyncSession, role: Role | None = None, is_blocked: bool | None = None,
                     search: str | None = None) -> list[dict[str, Any]]:
    query = select(*READ_COLUMNS).order_by(User.id)
    if role is not None:
        query = query.where(User.role == role.value)
    if is_blocked is not None:
        query = query.where(User.is_blocked == is_blocked)
    if search and search.strip():
        query = query.where(_matches(search.strip()))
    return [user_dict(row) for row in await session.execute(query)]


def _matches(search: str) -> ColumnElement[bool]:
    pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    fields = (User.first_name, User.last_name, User.middle_name, User.email, User.phone)
    return or_(*(func.lower(field).like(pattern, escape="\\") for field in fields))


async def register(*, session: AsyncSession, data: UserCreate, role: Role | None = None,
                   is_staff: bool = False, password_hash: str | None = None) -> dict[str, Any]:
    """A new account. Self-registration gives client or specialist; admins come from the CLI.

    ``password_hash``: the hash of ``data.password`` when the caller already has it (accounts
    sharing one password, as the demo's do, are hashed once rather than once each).
    """
    email = normalise_email(str(data.email))
    if password_hash is None:
        # Hashed before the first query: on SQLite that query takes the write lock, held to the commit.
        password_hash = await run_in_threadpool(hash_password, data.password)
    await _check_unused(session, email=email, phone=data.phone, user_id=None)
    now = utcnow()
    user = User(email=email, password_hash=password_hash, first_name=data.first_name,
                last_name=data.last_name, middle_name=data.middle_name, phone=data.phone,
                role=(role or data.role).value, is_staff=is_staff, is_active=True, is_blocked=False,
                time_zone=data.time_zone, language=data.language.value, created_at=now, updated_at=now)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("An account with this email or phone already exists.", code="email_taken") from None
    return await get_user(session=session, user_id=user.id)


async def authenticate(*, session: AsyncSession, email: str, password: str) -> int:
    """The id of the user these credentials belong to; blocked users are refused."""
    row = (await session.execute(
        select(User.id, User.password_hash, User.is_blocked, User.is_active)
        .where(User.email == normalise_email(email)))).first()
    valid = await run_in_threadpool(verify_password, password, row.password_hash if row else None)
    if row is None or not valid:
        raise Unauthorized("No active account found with the given email and password.",
                           code="bad_credentials")
    if row.is_blocked:
        raise Forbidden("This account is blocked. Contact an administrator.", code="user_blocked")
    if not row.is_active:
        raise Forbidden("This account is deactivated. Contact an administrator.", code="user_inactive")
    return int(row.id)


async def update_self(*, session: AsyncSession, user: Principal, data: UserSelfUpdate) -> dict[str, Any]:
    return await _apply(session, user.id, data.model_dump(exclude_unset=True, mode="json"))


async def admin_update(*, session: AsyncSession, admin: Principal, user_id: int,
                       data: UserAdminUpdate) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True, mode="json")
    if user_id == admin.id:
        refusal = admin_self_change_refusal(changes)
        if refusal is not None:
            raise refusal
    if changes.get("role") is not None:
        current = await session.scalar(select(User.role).where(User.id == user_id))
        if current is not None:
            await settle_slots_for_role_change(session=session, user_id=user_id, old=Role(current),
                                               new=Role(changes["role"]))
    return await _apply(session, user_id, changes)


async def set_blocked(*, session: AsyncSession, admin: Principal, user_id: int,
                      blocked: bool) -> dict[str, Any]:
    refusal = admin_self_change_refusal({"is_blocked": blocked}) if user_id == admin.id else None
    if refusal is not None:
        raise refusal
    return await _apply(session, user_id, {"is_blocked": blocked})


_NULLABLE = frozenset({"phone"})  # null clears the phone; for every other field null means "unchanged"


async def _apply(session: AsyncSession, user_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    changes = {key: value for key, value in changes.items() if value is not None or key in _NULLABLE}
    await _check_unused(session, email=changes.get("email"), phone=changes.get("phone"), user_id=user_id)
    if changes:
        result = await session.execute(
            update(User).where(User.id == user_id).values(**changes, updated_at=utcnow()))
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound("No such user.", code="user_not_found")
    return await get_user(session=session, user_id=user_id)


async def _check_unused(session: AsyncSession, *, email: str | None, phone: str | None,
                        user_id: int | None) -> None:
    """409 when another account has this email or phone (the unique constraints back it)."""
    if await _taken(session, User.email, email, user_id):
        raise Conflict("An account with this email already exists.", code="email_taken")
    if await _taken(session, User.phone, phone, user_id):
        raise Conflict("Another account already uses this phone number.", code="phone_taken")


async def _taken(session: AsyncSession, column: Any, value: str | None, user_id: int | None) -> bool:
    if not value:
        return False
    query = select(User.id).where(column == value)
    if user_id is not None:
        query = query.where(User.id != user_id)
    return await session.scalar(query) is not None
