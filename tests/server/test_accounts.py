"""Accounts (SPEC §9): password change and reset, sessions ended, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update

from planner_server.audit.models import AuditEntry
from planner_server.auth.accounts import CODE_ALPHABET
from planner_server.auth.models import PasswordReset
from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.snapshot import Snapshot
from planner_shared.rules import utcnow
from tests.server.helpers import (
    PASSWORD,
    Account,
    assert_error,
    create_slot,
    future,
    make_admin,
    register,
    sign_in,
)

NEW_PASSWORD = "better456"


async def _still_signed_in(client: Any, account: Account) -> bool:
    response = await client.get("/users/me/", headers=account.headers)
    return response.status_code == 200


async def _refreshes(client: Any, refresh: str) -> int:
    response = await client.post("/auth/jwt/refresh/", json={"refresh": refresh})
    return response.status_code


async def _audit(app: Any, action: str) -> list[AuditEntry]:
    async with app.state.context.db.session(write=False) as session:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                          .order_by(AuditEntry.id)))


async def _latest_code(app: Any, user_id: int) -> str:
    async with app.state.context.db.session(write=False) as session:
        payload = await session.scalar(
            select(OutboxMessage.payload).where(OutboxMessage.recipient_id == user_id,
                                                OutboxMessage.kind == "password_reset")
            .order_by(OutboxMessage.id.desc()).limit(1))
    assert payload is not None, "no reset email in the outbox"
    return Snapshot.from_json(payload).text


async def test_changing_the_password_ends_every_other_session(app, client):
    user = await register(client, "client")
    other = await sign_in(client, user.email)  # a second computer
    response = await client.post("/users/me/password/", headers=user.headers,
                                 json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 200, response.text
    fresh = response.json()
    for access in (user.token, other["access"]):
        assert_error(await client.get("/users/me/", headers={"Authorization": f"Bearer {access}"}),
                     401, "session_ended")
    for refresh in (user.refresh, other["refresh"]):
        assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": refresh}),
                     401, "session_ended")
    assert (await client.get("/users/me/", headers={"Authorization": f"Bearer {fresh['access']}"})
            ).status_code == 200
    assert await _refreshes(client, fresh["refresh"]) == 200
    assert_error(await client.post("/auth/jwt/create/", json={"email": user.email, "password": PASSWORD}),
                 401, "bad_credentials")
    await sign_in(client, user.email, NEW_PASSWORD)
    [entry] = await _audit(app, "password_changed")
    assert (entry.actor_id, entry.target_id, entry.address) == (user.id, user.id, "127.0.0.1")


async def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(app, client):
    user = await register(client, "specialist")
    assert_error(await client.post("/users/me/password/", headers=user.headers, json={
        "current_password": "wrong-one1", "new_password": NEW_PASSWORD}), 422, "wrong_password")
    assert_error(await client.post("/users/me/password/", headers=user.headers, json={
        "current_password": PASSWORD, "new_password": "short"}), 422)
    assert await _still_signed_in(client, user)
    await sign_in(client, user.email, PASSWORD)
    assert await _audit(app, "password_changed") == []


async def test_revoking_a_refresh_token_ends_that_session_only(client):
    user = await register(client, "client")
    other = await sign_in(client, user.email)
    response = await client.post("/auth/jwt/revoke/", json={"refresh": user.refresh})
    assert response.status_code == 204, response.text
    assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": user.refresh}),
                 401, "session_ended")
    assert_error(await client.post("/auth/jwt/verify/", json={"token": user.refresh}),
                 401, "session_ended")
    assert await _refreshes(client, other["refresh"]) == 200
    # revoking again is harmless; an access token is not a refresh token
    assert (await client.post("/auth/jwt/revoke/", json={"refresh": user.refresh})).status_code == 204
    assert_error(await client.post("/auth/jwt/revoke/", json={"refresh": user.token}),
                 401, "token_not_valid")


async def test_an_administrator_ends_every_session_of_a_user(app, client):
    admin = await make_admin(app, client)
    specialist = await register(client, "specialist")
    customer = await register(client, "client")
    slot = await create_slot(client, specialist, future(3))
    response = await client.post(f"/users/{customer.id}/sessions/revoke/", headers=admin.headers)
    assert response.status_code == 204, response.text
    assert_error(await client.get("/users/me/", headers=customer.headers), 401, "session_ended")
    assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": customer.refresh}),
                 401, "session_ended")
    # the reservation and the feed check the user their own way: the session is over there too
    assert_error(await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers),
                 401, "session_ended")
    assert_error(await client.get("/sync/", headers=customer.headers), 401, "session_ended")
    again = await sign_in(client, customer.email)
    headers = {"Authorization": f"Bearer {again['access']}"}
    assert (await client.patch(f"/slots/{slot['id']}/reserve/", headers=headers)).status_code == 200
    [entry] = await _audit(app, "sessions_revoked")
    assert (entry.actor_id, entry.target_id) == (admin.id, customer.id)
    assert_error(await client.post("/users/999999/sessions/revoke/", headers=admin.headers),
                 404, "user_not_found")
    assert len(await _audit(app, "sessions_revoked")) == 1  # a failed act writes none


async def test_a_reset_code_works_once_and_ends_every_session(app, client):
    user = await register(client, "client")
    response = await client.post("/auth/password/reset/", json={"email": user.email.upper()})
    assert response.status_code == 202, response.text
    code = await _latest_code(app, user.id)
    raw = code.replace("-", "")
    assert len(raw) == 8 and set(raw) <= set(CODE_ALPHABET)
    async with app.state.context.db.session(write=False) as session:
        stored = await session.scalar(select(PasswordReset.code_hash).where(PasswordReset.user_id == user.id))
    assert stored is not None and raw not in stored and code not in stored  # only a hash
    confirm = {"email": user.email, "code": code.lower().replace("-", " "), "new_password": NEW_PASSWORD}
    response = await client.post("/auth/password/reset/confirm/", json=confirm)
    assert response.status_code == 204, response.text
    assert_error(await client.get("/users/me/", headers=user.headers), 401, "session_ended")
    assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": user.refresh}),
                 401, "session_ended")
    await sign_in(client, user.email, NEW_PASSWORD)
    assert_error(await client.post("/auth/password/reset/confirm/",
                                   json={**confirm, "new_password": "another789"}),
                 422, "reset_code_invalid")
    await sign_in(client, user.email, NEW_PASSWORD)
    [requested] = await _audit(app, "password_reset_requested")
    assert (requested.actor_id, requested.target_id) == (None, user.id)
    [used] = await _audit(app, "password_reset_used")
    assert used.target_id == user.id


async def test_a_reset_code_expires(app, client):
    user = await register(client, "client")
    assert (await client.post("/auth/password/reset/", json={"email": user.email})).status_code == 202
    code = await _latest_code(app, user.id)
    async with app.state.context.db.session() as session:
        await session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert_error(await client.post("/auth/password/reset/confirm/", json={
        "email": user.email, "code": code, "new_password": NEW_PASSWORD}), 422, "reset_code_invalid")
    await sign_in(client, user.email, PASSWORD)


async def test_wrong_guesses_are_limited(app, client):
    user = await register(client, "client")
    assert (await client.post("/auth/password/reset/", json={"email": user.email})).status_code == 202
    code = await _latest_code(app, user.id)
    wrong = "".join("A" if c != "A" else "B" for c in code)
    for _ in range(app.state.context.settings.password_reset_max_guesses):
        assert_error(await client.post("/auth/password/reset/confirm/", json={
            "email": user.email, "code": wrong, "new_password": NEW_PASSWORD}), 422, "reset_code_invalid")
    assert_error(await client.post("/auth/password/reset/confirm/", json={
        "email": user.email, "code": code, "new_password": NEW_PASSWORD}), 422, "reset_code_invalid")
    await sign_in(client, user.email, PASSWORD)
    # a new code starts afresh, and the old one stays dead
    assert (await client.post("/auth/password/reset/", json={"email": user.email})).status_code == 202
    fresh = await _latest_code(app, user.id)
    assert fresh != code
    response = await client.post("/auth/password/reset/confirm/", json={
        "email": user.email, "code": fresh, "new_password": NEW_PASSWORD})
    assert response.status_code == 204, response.text


async def test_an_unknown_email_gets_the_same_answer_and_no_email(app, client):
    user = await register(client, "client")
    known = await client.post("/auth/password/reset/", json={"email": user.email})
    unknown = await client.post("/auth/password/reset/", json={"email": "nobody@example.com"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert known.status_code == 202
    assert set(known.headers) == set(unknown.headers)
    async with app.state.context.db.session(write=False) as session:
        emails = await session.scalar(select(func.count()).select_from(OutboxMessage))
    assert emails == 1
    requested = await _audit(app, "password_reset_requested")
    assert [(e.target_id, e.details) for e in requested] == [
        (user.id, f'{{"email":"{user.email}"}}'), (None, '{"email":"nobody@example.com"}')]
    assert_error(await client.post("/auth/password/reset/confirm/", json={
        "email": "nobody@example.com", "code": "AAAA-AAAA", "new_password": NEW_PASSWORD}),
        422, "reset_code_invalid")


async def test_reset_requests_are_throttled_per_email(app, client):
    user = await register(client, "client")
    limit = app.state.context.settings.password_reset_per_email
    for _ in range(limit):
        assert (await client.post("/auth/password/reset/", json={"email": user.email})).status_code == 202
    assert_error(await client.post("/auth/password/reset/", json={"email": user.email}),
                 429, "reset_throttled")
    # an unknown email is throttled the same way
    for _ in range(limit):
        response = await client.post("/auth/password/reset/", json={"email": "x@example.com"})
        assert response.status_code == 202
    assert_error(await client.post("/auth/password/reset/", json={"email": "x@example.com"}),
                 429, "reset_throttled")


async def test_an_administrator_sends_a_reset_code(app, client):
    admin = await make_admin(app, client)
    user = await register(client, "specialist", language="ru")
    response = await client.post(f"/users/{user.id}/password_reset/", headers=admin.headers)
    assert response.status_code == 202, response.text
    code = await _latest_code(app, user.id)
    response = await client.post("/auth/password/reset/confirm/", json={
        "email": user.email, "code": code, "new_password": NEW_PASSWORD})
    assert response.status_code == 204, response.text
    [sent] = await _audit(app, "password_reset_sent")
    assert (sent.actor_id, sent.target_id) == (admin.id, user.id)
    assert_error(await client.post("/users/999999/password_reset/", headers=admin.headers), 404)
    assert len(await _audit(app, "password_reset_sent")) == 1
