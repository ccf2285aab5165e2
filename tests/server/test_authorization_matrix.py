"""Every endpoint of the API × anonymous, client, specialist, administrator, blocked user.

Each call that is allowed gets a fresh object to act on (a new free slot, a new request), so the
expected status depends only on who calls. Besides the five kinds of caller, two more columns check
ownership: another specialist acting on a slot that is not theirs, and another client.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from planner_server.audit.models import AuditEntry
from tests.server.helpers import PASSWORD, Account, create_slot, future, make_users, slot_body

ANON, CLIENT, SPECIALIST, ADMIN, BLOCKED = "anonymous", "client", "specialist", "admin", "blocked"
OTHER_SPECIALIST, OTHER_CLIENT = "other specialist", "other client"
ROLES = (ANON, CLIENT, SPECIALIST, ADMIN, BLOCKED)

_hours = itertools.count(1)


@dataclass
class World:
    client: Any
    users: dict[str, Account]
    victim: Account

    def headers(self, role: str) -> dict[str, str]:
        return {} if role == ANON else self.users[role].headers

    async def free_slot(self) -> dict[str, Any]:
        return await create_slot(self.client, self.users[SPECIALIST], future(2 * next(_hours)))

    async def requested_slot(self) -> dict[str, Any]:
        slot = await self.free_slot()
        response = await self.client.patch(f"/slots/{slot['id']}/reserve/", headers=self.headers(CLIENT))
        assert response.status_code == 200, response.text
        return slot

    async def agreed_slot(self) -> dict[str, Any]:
        slot = await self.requested_slot()
        response = await self.client.patch(f"/slots/{slot['id']}/agree/", headers=self.headers(SPECIALIST))
        assert response.status_code == 200, response.text
        return slot


Prepare = Callable[[World], Awaitable[Any]]


async def _nothing(world: World) -> None:
    return None


@dataclass
class Case:
    method: str
    path: str  # may contain {slot}, {user} and {specialist}
    expect: dict[str, int]
    prepare: Prepare = _nothing  # runs before every call: the object the call acts on
    body: Callable[[World, str], Any] | None = None
    anonymous_ok: bool = False  # the endpoint ignores tokens (its "who" is in the body)
    extra: dict[str, int] = field(default_factory=dict)  # ownership columns
    audited: str | None = None  # the audit action an administrator's successful call writes
    after: Callable[[World, str, Any], None] | None = None  # sees each successful response


def _everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _users(status: int, *, only: tuple[str, ...] = (CLIENT, SPECIALIST, ADMIN)) -> dict[str, int]:
    """Signed-in users in ``only`` get ``status``; other roles 403, anonymous 401, blocked 403."""
    return {ANON: 401, BLOCKED: 403, **{role: status if role in only else 403
                                        for role in (CLIENT, SPECIALIST, ADMIN)}}


_emails = itertools.count(1)


def _registration(world: World, role: str) -> dict[str, Any]:
    return {"first_name": "New", "last_name": "User", "email": f"new{next(_emails)}@example.com",
            "role": "client" if role != SPECIALIST else 2, "password": PASSWORD}


def _credentials(world: World, role: str) -> dict[str, str]:
    account = world.users[CLIENT if role == ANON else role]
    return {"email": account.email, "password": PASSWORD}


def _refresh(world: World, role: str) -> dict[str, str]:
    return {"refresh": "not-a-token" if role == ANON else world.users[role].refresh}


def _verify(world: World, role: str) -> dict[str, str]:
    return {"token": "not-a-token" if role == ANON else world.users[role].token}


def _email(world: World, role: str) -> dict[str, str]:
    return {"email": world.users[CLIENT if role == ANON else role].email}


def _new_tokens(world: World, role: str, response: Any) -> None:
    """A password change ends the caller's other sessions: it goes on with the tokens answered."""
    world.users[role].token = response.json()["access"]
    world.users[role].refresh = response.json()["refresh"]


def _new_slot(world: World, role: str) -> dict[str, Any]:
    return slot_body(future(2 * next(_hours)))


def _series(world: World, role: str) -> dict[str, Any]:
    start = future(24 * 30 + 2 * next(_hours))
    return {**slot_body(start, 30), "weekdays": [start.weekday()], "weeks": 1}


SPECIALIST_ONLY = (SPECIALIST,)
CLIENT_ONLY = (CLIENT,)
PEOPLE = (CLIENT, SPECIALIST)

CASES = [
    Case("POST", "/register/", _everyone(201), body=_registration, anonymous_ok=True),
    Case("POST", "/auth/jwt/create/", {**_everyone(200), BLOCKED: 403}, body=_credentials,
         anonymous_ok=True),
    Case("POST", "/auth/jwt/refresh/", {**_everyone(200), ANON: 401, BLOCKED: 403}, body=_refresh,
         anonymous_ok=True),
    Case("POST", "/auth/jwt/verify/", {**_everyone(200), ANON: 401, BLOCKED: 403}, body=_verify,
         anonymous_ok=True),
    Case("GET", "/users/me/", _users(200)),
    Case("PATCH", "/users/me/", _users(200), body=lambda w, r: {"middle_name": "M"}),
    Case("GET", "/users/", _users(200, only=(ADMIN,))),
    Case("GET", "/users/{user}/", _users(200, only=(ADMIN,))),
    Case("PATCH", "/users/{user}/", _users(200, only=(ADMIN,)), body=lambda w, r: {"first_name": "R"},
         audited="user_edited"),
    Case("PATCH", "/users/{user}/block_user/", _users(200, only=(ADMIN,)), audited="user_blocked"),
    Case("PATCH", "/users/{user}/unblock_user/", _users(200, only=(ADMIN,)), audited="user_unblocked"),
    Case("POST", "/users/{user}/sessions/revoke/", _users(204, only=(ADMIN,)),
         audited="sessions_revoked"),
    Case("POST", "/users/{user}/password_reset/", _users(202, only=(ADMIN,)),
         audited="password_reset_sent"),
    Case("GET", "/audit/", _users(200, only=(ADMIN,))),
    Case("POST", "/auth/password/reset/", _everyone(202), body=_email, anonymous_ok=True),
    Case("POST", "/auth/password/reset/confirm/", _everyone(422), anonymous_ok=True,
         body=lambda w, r: {**_email(w, r), "code": "AAAA-AAAA", "new_password": "better456"}),
    Case("GET", "/users/me/booking_rules/", _users(200, only=SPECIALIST_ONLY)),
    Case("PATCH", "/users/me/booking_rules/", _users(200, only=SPECIALIST_ONLY),
         body=lambda w, r: {"buffer_after_minutes": 0}),
    Case("GET", "/users/{specialist}/booking_rules/", _users(200)),
    # a change (an edit that changes nothing records nothing); a minute's notice stops no later case
    Case("PATCH", "/users/{specialist}/booking_rules/", _users(200, only=(ADMIN,)),
         body=lambda w, r: {"min_notice_minutes": 1}, audited="booking_rules_edited"),
    Case("GET", "/slots/", _users(200)),
    Case("GET", "/slots/{slot}/", _users(200), prepare=World.free_slot, extra={OTHER_SPECIALIST: 404}),
    Case("POST", "/slots/", _users(201, only=SPECIALIST_ONLY), body=_new_slot,
         extra={OTHER_SPECIALIST: 201}),
    Case("POST", "/slots/series/", _users(201, only=SPECIALIST_ONLY), body=_series),
    Case("PATCH", "/slots/{slot}/", _users(200, only=SPECIALIST_ONLY), prepare=World.free_slot,
         body=lambda w, r: {"context": "Edited"}, extra={OTHER_SPECIALIST: 404}),
    Case("DELETE", "/slots/{slot}/", _users(204, only=SPECIALIST_ONLY), prepare=World.free_slot,
         extra={OTHER_SPECIALIST: 404}),
    Case("PATCH", "/slots/{slot}/agree/", _users(200, only=SPECIALIST_ONLY),
         prepare=World.requested_slot, extra={OTHER_SPECIALIST: 404}),
    # an administrator may cancel on the specialist's behalf, a request or an agreed consultation
    *(Case("PATCH", "/slots/{slot}/cancel_specialist/", _users(200, only=(SPECIALIST, ADMIN)),
           prepare=held, body=lambda w, r: {"reason": "got sick", "text": "Sorry"},
           extra={OTHER_SPECIALIST: 404}, audited="slot_cancelled")
      for held in (World.requested_slot, World.agreed_slot)),
    Case("PATCH", "/slots/{slot}/reserve/", _users(200, only=CLIENT_ONLY), prepare=World.free_slot,
         extra={OTHER_CLIENT: 200}),
    Case("PATCH", "/slots/{slot}/cancel_client/", _users(200, only=CLIENT_ONLY),
         prepare=World.requested_slot, body=lambda w, r: {"reason": "schedule conflict", "text": ""},
         extra={OTHER_CLIENT: 404}),
    Case("GET", "/history/", _users(200, only=PEOPLE)),
    Case("GET", "/swagger/", _everyone(200), anonymous_ok=True),
    Case("GET", "/schema/", _everyone(200), anonymous_ok=True),
    # last: they end sessions (the password change answers the caller's new tokens)
    Case("POST", "/users/me/password/", _users(200), after=_new_tokens, audited="password_changed",
         body=lambda w, r: {"current_password": PASSWORD, "new_password": "better456"}),
    Case("POST", "/auth/jwt/revoke/", {**_everyone(204), ANON: 401}, body=_refresh, anonymous_ok=True),
]


def _expected_code(case: Case, role: str, status: int) -> str | None:
    if case.anonymous_ok:
        return "user_blocked" if status == 403 else None
    if role == ANON:
        return "not_authenticated"
    if role == BLOCKED:
        return "user_blocked"
    if status == 403:
        return "wrong_role"
    if status == 404:
        return "slot_not_found"
    return None


async def _world(app: Any, client: Any) -> World:
    admin, = await make_users(app, "admin", 1)
    specialist, other_specialist = await make_users(app, "specialist", 2)
    customer, other_client, blocked, victim = await make_users(app, "client", 4)
    world = World(client, {CLIENT: customer, SPECIALIST: specialist, ADMIN: admin, BLOCKED: blocked,
                           OTHER_SPECIALIST: other_specialist, OTHER_CLIENT: other_client}, victim)
    response = await client.patch(f"/users/{blocked.id}/block_user/", headers=admin.headers)
    assert response.status_code == 200, response.text
    return world


async def test_every_endpoint_for_every_kind_of_caller(app, client):
    world = await _world(app, client)
    admin_id = world.users[ADMIN].id
    audited_before = await _audited(app, admin_id)
    acts: dict[str, int] = {}
    calls, wrong = 0, []
    for case in CASES:
        for role, expected in {**case.expect, **case.extra}.items():
            target = await case.prepare(world)
            path = case.path.format(slot=target["id"] if target else 0, user=world.victim.id,
                                    specialist=world.users[SPECIALIST].id)
            kwargs: dict[str, Any] = {"headers": world.headers(role)}
            if case.body is not None:
                kwargs["json"] = case.body(world, role)
            response = await client.request(case.method, path, **kwargs)
            calls += 1
            label = f"{case.method} {case.path} as {role}"
            if case.audited and role == ADMIN and response.status_code < 300:
                acts[case.audited] = acts.get(case.audited, 0) + 1
            if case.after is not None and response.status_code < 300:
                case.after(world, role, response)
            if response.status_code != expected:
                wrong.append(f"{label}: expected {expected}, got {response.status_code} "
                             f"{response.text[:200]}")
                continue
            if expected >= 400:
                body = response.json()
                code = _expected_code(case, role, expected)
                if not isinstance(body.get("detail"), str) or (code and body.get("code") != code):
                    wrong.append(f"{label}: expected code {code} and a detail, got {body}")
    assert not wrong, "\n".join(wrong)
    # every administrator act of the matrix is in the audit trail, once, as the administrator's
    audited = await _audited(app, admin_id)
    written = {action: audited.get(action, 0) - audited_before.get(action, 0) for action in audited}
    assert {action: n for action, n in written.items() if n} == acts
    assert set(acts) == {case.audited for case in CASES if case.audited}
    assert calls == sum(len(c.expect) + len(c.extra) for c in CASES) > 120


async def _audited(app: Any, actor: int) -> dict[str, int]:
    async with app.state.context.db.session(write=False) as session:
        rows = await session.execute(select(AuditEntry.action, func.count())
                                     .where(AuditEntry.actor_id == actor).group_by(AuditEntry.action))
        return {action: count for action, count in rows}


async def test_blocking_and_role_changes_apply_to_existing_tokens(app, client):
    """Administrative changes take effect on the next request, not at the next sign-in."""
    admin, = await make_users(app, "admin", 1)
    user, = await make_users(app, "specialist", 1)
    start = future(5)
    assert (await client.post("/slots/", json=slot_body(start), headers=user.headers)).status_code == 201
    demoted = await client.patch(f"/users/{user.id}/", json={"role": 3}, headers=admin.headers)
    assert demoted.status_code == 200 and demoted.json()["role"] == "client"
    response = await client.post("/slots/", json=slot_body(start + timedelta(hours=2)), headers=user.headers)
    assert response.status_code == 403 and response.json()["code"] == "wrong_role"
    promoted = await client.patch(f"/users/{user.id}/", json={"role": "admin"}, headers=admin.headers)
    assert promoted.json()["role"] == "admin"
    assert (await client.get("/users/", headers=user.headers)).status_code == 200
