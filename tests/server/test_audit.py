"""The audit trail (SPEC §9): what it records, in the act's transaction, and that nothing edits it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import select

from planner_server.audit.models import AuditEntry
from planner_server.audit.service import prune_audit
from planner_shared.rules import utcnow
from tests.server.helpers import (
    PASSWORD,
    assert_error,
    create_slot,
    future,
    make_admin,
    make_users,
    register,
)


async def _entries(app: Any) -> list[AuditEntry]:
    async with app.state.context.db.session(write=False) as session:
        return list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


async def test_edits_record_the_fields_before_and_after(app, client):
    admin = await make_admin(app, client)
    user = await register(client, "client", first_name="Anna")
    response = await client.patch(f"/users/{user.id}/", headers=admin.headers,
                                  json={"first_name": "Anya", "phone": "+70000000001", "role": "specialist",
                                        "last_name": None})
    assert response.status_code == 200, response.text
    role, edit = await _entries(app)
    assert (role.action, role.actor_id, role.target_id) == ("role_changed", admin.id, user.id)
    assert orjson.loads(role.details) == {"role": ["client", "specialist"]}
    assert edit.action == "user_edited"
    assert orjson.loads(edit.details) == {"first_name": ["Anna", "Anya"], "phone": [None, "+70000000001"]}
    assert edit.address == "127.0.0.1"


async def test_an_act_that_fails_writes_nothing(app, client):
    admin = await make_admin(app, client)
    specialist = await register(client, "specialist")
    customer = await register(client, "client")
    slot = await create_slot(client, specialist, future(5))
    assert (await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)).status_code == 200
    # refused after part of the work was done: the role change withdraws free slots, then refuses
    await create_slot(client, specialist, future(9))
    assert_error(await client.patch(f"/users/{specialist.id}/", headers=admin.headers,
                                    json={"role": "client"}), 409)
    assert_error(await client.patch(f"/users/{customer.id}/", headers=admin.headers,
                                    json={"email": specialist.email, "first_name": "X"}), 409)
    assert_error(await client.patch(f"/users/{admin.id}/block_user/", headers=admin.headers), 403)
    assert_error(await client.patch("/users/999999/block_user/", headers=admin.headers), 404)
    free = await create_slot(client, specialist, future(12))
    assert_error(await client.patch(f"/slots/{free['id']}/cancel_specialist/", headers=admin.headers,
                                    json={"reason": "got sick"}), 409)
    assert_error(await client.post("/outbox/999999/retry/", headers=admin.headers), 404)
    assert await _entries(app) == []
    # and the acts themselves, done right, are recorded
    response = await client.patch(f"/slots/{slot['id']}/cancel_specialist/", headers=admin.headers,
                                  json={"reason": "got sick", "text": "On behalf"})
    assert response.status_code == 200, response.text
    outbox = (await client.get("/outbox/", headers=admin.headers)).json()
    message = outbox[0]["id"]
    assert (await client.post(f"/outbox/{message}/retry/", headers=admin.headers)).status_code == 200
    cancelled, retried = await _entries(app)
    assert (cancelled.action, cancelled.actor_id, cancelled.target_id) == (
        "slot_cancelled", admin.id, specialist.id)
    details = orjson.loads(cancelled.details)
    assert (details["slot"], details["client"], details["reason"]) == (slot["id"], customer.id, "got sick")
    assert (retried.action, retried.actor_id) == ("outbox_retried", admin.id)
    assert orjson.loads(retried.details)["message"] == message


async def test_security_events(app, client):
    user = await register(client, "client")
    blocked = await register(client, "client")
    admin = await make_admin(app, client)
    assert (await client.patch(f"/users/{blocked.id}/block_user/", headers=admin.headers)).status_code == 200
    assert_error(await client.post("/auth/jwt/create/", json={"email": blocked.email, "password": PASSWORD}),
                 403, "user_blocked")
    limit = app.state.context.settings.login_max_failures
    for _ in range(limit):
        assert_error(await client.post("/auth/jwt/create/", json={"email": user.email,
                                                                 "password": "wrong-pass1"}), 401)
    assert_error(await client.post("/auth/jwt/create/", json={"email": user.email, "password": "x"}),
                 429, "login_throttled")
    actions = [(e.action, e.target_id) for e in await _entries(app)]
    assert actions == [("user_blocked", blocked.id), ("blocked_sign_in", blocked.id),
                       ("sign_in_throttled", None)]


async def test_listing_filters_pages_and_counts(app, client):
    admin = await make_admin(app, client)
    one, two = await make_users(app, "client", 2)
    for user in (one, two, one):
        assert (await client.post(f"/users/{user.id}/sessions/revoke/",
                                  headers=admin.headers)).status_code == 204
    assert (await client.patch(f"/users/{two.id}/block_user/", headers=admin.headers)).status_code == 200

    async def listed(query: str) -> tuple[list[dict[str, Any]], int]:
        response = await client.get(f"/audit/?{query}", headers=admin.headers)
        assert response.status_code == 200, response.text
        return response.json(), int(response.headers["X-Total-Count"])

    everything, total = await listed("")
    assert total == 4 and [e["action"] for e in everything] == [
        "user_blocked", "sessions_revoked", "sessions_revoked", "sessions_revoked"]  # newest first
    assert everything[0]["actor_email"] == admin.email and everything[0]["target_email"] == two.email
    assert (await listed(f"target={one.id}"))[1] == 2
    assert (await listed(f"actor={admin.id}&action=user_blocked"))[1] == 1
    assert (await listed(f"actor={one.id}"))[1] == 0
    page, total = await listed("limit=2&offset=1")
    assert total == 4 and [e["id"] for e in page] == [e["id"] for e in everything[1:3]]
    later = (utcnow() + timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    earlier = (utcnow() - timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    assert (await listed(f"from={later}"))[1] == 0
    assert (await listed(f"from={earlier}&to={later}"))[1] == 4
    for query in ("action=nothing", "limit=0", "from=yesterday", "actor=0"):
        assert_error(await client.get(f"/audit/?{query}", headers=admin.headers), 422)
    assert_error(await client.get("/audit/", headers=one.headers), 401)  # its session ended
    assert_error(await client.get("/audit/"), 401)


async def test_no_endpoint_changes_or_deletes_the_trail(app, client):
    admin = await make_admin(app, client)
    user, = await make_users(app, "client", 1)
    assert (await client.post(f"/users/{user.id}/sessions/revoke/", headers=admin.headers)).status_code == 204
    [entry] = await _entries(app)
    kept = (entry.id, entry.at, entry.action, entry.actor_id, entry.target_id, entry.details)
    methods = {method for route in app.routes if "/audit" in getattr(route, "path", "")
               for method in getattr(route, "methods", ())}
    assert methods <= {"GET", "HEAD"}
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in ("/audit/", f"/audit/{entry.id}/"):
            response = await client.request(method, path, headers=admin.headers, json={"action": "x"})
            assert response.status_code in (404, 405), (method, path, response.status_code)
    assert [(e.id, e.at, e.action, e.actor_id, e.target_id, e.details)
            for e in await _entries(app)] == [kept]


async def test_old_entries_are_pruned(app, client):
    admin = await make_admin(app, client)
    user, = await make_users(app, "client", 1)
    assert (await client.post(f"/users/{user.id}/sessions/revoke/", headers=admin.headers)).status_code == 204
    db = app.state.context.db
    assert await prune_audit(db=db, before=utcnow() - timedelta(days=1)) == 0
    assert await prune_audit(db=db, before=utcnow() + timedelta(seconds=1)) == 1
    assert await _entries(app) == []


async def test_an_administrators_edit_of_booking_rules_records_the_rules_it_changed(app, client):
    admin = await make_admin(app, client)
    specialist = await register(client, "specialist")
    # the specialist's own rules, changed by the specialist: not an administrator act
    response = await client.patch("/users/me/booking_rules/", headers=specialist.headers,
                                  json={"buffer_before_minutes": 10, "max_per_day": 4})
    assert response.status_code == 200, response.text
    assert await _entries(app) == []

    response = await client.patch(f"/users/{specialist.id}/booking_rules/", headers=admin.headers,
                                  json={"buffer_before_minutes": 15, "max_per_day": 4,
                                        "min_notice_minutes": 60})
    assert response.status_code == 200, response.text
    [entry] = await _entries(app)
    assert (entry.action, entry.actor_id, entry.target_id, entry.address) == (
        "booking_rules_edited", admin.id, specialist.id, "127.0.0.1")
    # before → after of the rules that changed only (max_per_day was 4 already)
    assert orjson.loads(entry.details) == {"buffer_before_minutes": [10, 15], "min_notice_minutes": [0, 60]}
    listed = (await client.get(f"/audit/?action=booking_rules_edited&target={specialist.id}",
                               headers=admin.headers)).json()
    assert [e["id"] for e in listed] == [entry.id]

    # an edit that changes nothing is no change to record (as for a user's fields); refusals write nothing
    response = await client.patch(f"/users/{specialist.id}/booking_rules/", headers=admin.headers,
                                  json={"max_per_day": 4})
    assert response.status_code == 200, response.text
    assert_error(await client.patch(f"/users/{admin.id}/booking_rules/", headers=admin.headers,
                                    json={"max_per_day": 2}), 409, "not_a_specialist")
    assert_error(await client.patch("/users/999999/booking_rules/", headers=admin.headers,
                                    json={"max_per_day": 2}), 404)
    assert_error(await client.patch(f"/users/{specialist.id}/booking_rules/", headers=admin.headers,
                                    json={"max_per_day": -1}), 422)
    assert [e.id for e in await _entries(app)] == [entry.id]
