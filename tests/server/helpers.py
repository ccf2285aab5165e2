"""Small helpers for API tests: register and sign in users, build slot bodies, wait for a state."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

PASSWORD = "secret123"
_counter = itertools.count(1)


@dataclass
class Account:
    id: int
    email: str
    role: str
    token: str
    refresh: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post("/auth/jwt/create/", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, str] = response.json()
    return tokens


async def register(client: httpx.AsyncClient, role: str, **fields: Any) -> Account:
    n = next(_counter)
    body = {"first_name": fields.pop("first_name", f"First{n}"), "last_name": f"Last{n}",
            "middle_name": "", "email": f"{role}{n}@example.com", "role": role, "password": PASSWORD,
            **fields}
    response = await client.post("/register/", json=body)
    assert response.status_code == 201, response.text
    user = response.json()
    tokens = await sign_in(client, body["email"])
    return Account(user["id"], body["email"], role, tokens["access"], tokens["refresh"])


async def make_admin(app: Any, client: httpx.AsyncClient, *, first_name: str = "Ada",
                     last_name: str = "") -> Account:
    """Administrators are never self-registered: create one the way the CLI does (last name
    ``Admin<n>`` unless given)."""
    from planner_server.users.service import register as register_user
    from planner_shared.enums import Role
    from planner_shared.schemas import UserCreate

    n = next(_counter)
    email = f"admin{n}@example.com"
    data = UserCreate(first_name=first_name, last_name=last_name or f"Admin{n}", email=email,
                      role="client", password=PASSWORD)
    async with app.state.context.db.session() as session:
        user = await register_user(session=session, data=data, role=Role.ADMIN, is_staff=True)
    tokens = await sign_in(client, email)
    return Account(user["id"], email, "admin", tokens["access"], tokens["refresh"])


def future(hours: float = 24, *, minutes: float = 0) -> datetime:
    base = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    return base + timedelta(hours=hours, minutes=minutes)


def slot_body(start: datetime, minutes: int = 60, **extra: Any) -> dict[str, Any]:
    return {"start_time": start.isoformat(), "end_time": (start + timedelta(minutes=minutes)).isoformat(),
            "context": extra.pop("context", "Consultation"), "cost": extra.pop("cost", "50.00"), **extra}


async def create_slot(client: httpx.AsyncClient, specialist: Account, start: datetime,
                      minutes: int = 60, **extra: Any) -> dict[str, Any]:
    response = await client.post("/slots/", json=slot_body(start, minutes, **extra),
                                 headers=specialist.headers)
    assert response.status_code == 201, response.text
    slot: dict[str, Any] = response.json()
    return slot


# --- direct database access, for what the API rightly refuses to do ----------------------------

_password_hash: str | None = None


async def make_users(app: Any, role: str, count: int) -> list[Account]:
    """``count`` users of ``role`` written straight into the database, with tokens issued directly.

    Much faster than registering and signing in through the API (one argon2 hash for them all);
    for tests that need many users and are about something else (races).
    """
    from planner_server.auth.passwords import hash_password
    from planner_server.users.models import User
    from planner_shared.rules import utcnow

    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)
    context = app.state.context
    now = utcnow()
    emails = [f"{role}{next(_counter)}@example.com" for _ in range(count)]
    async with context.db.session() as session:
        users = [User(email=email, password_hash=_password_hash, first_name="Bulk", last_name=email,
                      middle_name="", role=role, is_staff=role == "admin", is_active=True,
                      is_blocked=False, time_zone="UTC", language="en", created_at=now, updated_at=now)
                 for email in emails]
        session.add_all(users)
        await session.flush()
        ids = [user.id for user in users]
    return [Account(user_id, email, role, context.tokens.issue(user_id, "access"),
                    context.tokens.issue(user_id, "refresh"))
            for user_id, email in zip(ids, emails, strict=True)]


async def move_slot(app: Any, slot_id: int, start: datetime, end: datetime) -> None:
    """Place a slot at any time, past included, bypassing the rules (as time passing would)."""
    from sqlalchemy import update

    from planner_server.slots.models import Slot

    async with app.state.context.db.session() as session:
        await session.execute(update(Slot).where(Slot.id == slot_id).values(start_time=start, end_time=end))


def past(hours: float = 3) -> datetime:
    return datetime.now(timezone.utc) - timedelta(hours=hours)


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is the expected error with a readable ``detail`` (and the stable ``code``)."""
    assert response.status_code == status, (response.status_code, response.text)
    body: dict[str, Any] = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"].strip(), body
    if code is not None:
        assert body.get("code") == code, body
    return body


async def act(client: httpx.AsyncClient, account: Account, slot: dict[str, Any], action: str,
              body: Any = None) -> httpx.Response:
    """PATCH /slots/{id}/{action}/ (reserve, agree, cancel_client, cancel_specialist) as ``account``."""
    return await client.patch(f"/slots/{slot['id']}/{action}/", json=body, headers=account.headers)


def parsed_times(slot: dict[str, Any]) -> dict[str, Any]:
    """A slot's JSON with its times as datetimes: "…T10:00:00+00:00" and "…T10:00:00.000000+00:00"
    are the same instant."""
    return {k: datetime.fromisoformat(v) if k.endswith("_time") or k == "updated_at" else v
            for k, v in slot.items()}


async def eventually(condition: Callable[[], Awaitable[bool]], *, what: str, timeout: float = 10.0) -> None:
    """Until ``condition()`` holds, asked again as soon as the event loop has run whatever else was
    ready. Only for a state that announces itself to no one (a PostgreSQL backend waiting for a
    lock, a lock freed when the database notices a dead client): wait on an event wherever there is
    one. ``timeout`` only bounds a failure."""
    try:
        async with asyncio.timeout(timeout):
            while not await condition():
                await asyncio.sleep(0)
    except TimeoutError:
        raise AssertionError(f"never: {what}") from None
