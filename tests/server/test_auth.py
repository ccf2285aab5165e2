"""Sign-in, refresh, verify, throttling of password guessing, and blocked or deactivated accounts."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import pytest

from tests.server.helpers import PASSWORD, assert_error, make_users, register, sign_in

ACCOUNT_LIMIT = 2
ADDRESS_LIMIT = 5


@pytest.fixture
def settings(settings_env):  # type: ignore[no-untyped-def]
    """Small throttling limits so that the tests reach them quickly."""
    from planner_server.config import Settings

    return Settings(**settings_env, LOGIN_MAX_FAILURES=str(ACCOUNT_LIMIT),
                    LOGIN_MAX_FAILURES_PER_ADDRESS=str(ADDRESS_LIMIT))


async def _login(client, email, password=PASSWORD):  # type: ignore[no-untyped-def]
    return await client.post("/auth/jwt/create/", json={"email": email, "password": password})


async def test_sign_in_refresh_and_verify(client):
    user = await register(client, "client")
    me = await client.get("/users/me/", headers=user.headers)
    assert me.status_code == 200 and me.json()["id"] == user.id and me.json()["email"] == user.email

    refreshed = await client.post("/auth/jwt/refresh/", json={"refresh": user.refresh})
    assert refreshed.status_code == 200 and set(refreshed.json()) == {"access"}
    new_access = refreshed.json()["access"]
    assert (await client.get("/users/me/", headers={"Authorization": f"Bearer {new_access}"})).json()[
        "id"] == user.id

    for token in (user.token, user.refresh, new_access):
        response = await client.post("/auth/jwt/verify/", json={"token": token})
        assert response.status_code == 200, response.text
    for token in ("garbage", user.token[:-3] + "abc", user.token + "x"):
        assert_error(await client.post("/auth/jwt/verify/", json={"token": token}), 401, "token_not_valid")


async def test_tokens_of_the_wrong_kind_are_refused(app, client):
    user, = await make_users(app, "specialist", 1)
    # An access token cannot refresh; a refresh token cannot authenticate a request.
    body = assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": user.token}), 401,
                        "token_not_valid")
    assert body["detail"] == "A refresh token is needed here."
    body = assert_error(await client.get("/users/me/", headers={"Authorization": f"Bearer {user.refresh}"}),
                        401, "token_not_valid")
    assert body["detail"] == "An access token is needed here."
    assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": "not.a.token"}), 401)


async def test_authorization_header_forms(app, client):
    user, = await make_users(app, "client", 1)
    # The original's clients send "JWT <token>"; "Bearer" is the standard.
    for header in (f"Bearer {user.token}", f"JWT {user.token}", f"bearer {user.token}"):
        response = await client.get("/users/me/", headers={"Authorization": header})
        assert response.status_code == 200, (header, response.text)
    for header in ("", "Bearer", "Bearer ", f"Basic {user.token}", user.token, "JWT", "Bearer a b"):
        response = await client.get("/users/me/", headers={"Authorization": header})
        assert response.status_code == 401, (header, response.text)
        assert response.json()["detail"]
    assert response.headers.get("www-authenticate") == "Bearer"


async def test_expired_and_foreign_tokens_refused(app, client):
    from planner_server.auth.tokens import TokenIssuer

    user, = await make_users(app, "client", 1)
    secret = app.state.context.tokens.secret
    expired = TokenIssuer(secret=secret, access_lifetime=timedelta(seconds=-5),
                          refresh_lifetime=timedelta(seconds=-5))
    foreign = TokenIssuer(secret="another-secret-that-is-long-enough-0123456789",
                          access_lifetime=timedelta(minutes=5), refresh_lifetime=timedelta(days=1))
    for issuer, words in ((expired, "expired"), (foreign, "invalid")):
        access, refresh = issuer.issue(user.id, "access"), issuer.issue(user.id, "refresh")
        body = assert_error(await client.get("/users/me/", headers={"Authorization": f"Bearer {access}"}),
                            401, "token_not_valid")
        assert words in body["detail"]
        assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": refresh}), 401)
        assert_error(await client.post("/auth/jwt/verify/", json={"token": access}), 401)


async def test_a_token_that_expires_after_it_was_accepted_is_refused(app, client, monkeypatch):
    """Verified tokens are remembered between requests; their expiry is checked every time."""
    from types import SimpleNamespace

    import jwt
    import jwt.api_jwt

    from planner_server.auth import tokens

    user, = await make_users(app, "client", 1)
    short = tokens.TokenIssuer(secret=app.state.context.tokens.secret, access_lifetime=timedelta(minutes=5),
                               refresh_lifetime=timedelta(minutes=5)).issue(user.id, "access")
    headers = {"Authorization": f"Bearer {short}"}
    assert (await client.get("/users/me/", headers=headers)).status_code == 200  # now remembered
    # The time moves past its expiry, for both clocks that judge it: the remembered token's and
    # PyJWT's (which reads its module's ``datetime``).
    later = jwt.decode(short, options={"verify_signature": False})["exp"] + 1
    monkeypatch.setattr(tokens, "time", SimpleNamespace(time=lambda: later))
    monkeypatch.setattr(jwt.api_jwt, "datetime", _clock_at(later))
    body = assert_error(await client.get("/users/me/", headers=headers), 401, "token_not_valid")
    assert "expired" in body["detail"]


def _clock_at(timestamp: float) -> type[datetime]:
    """``datetime`` whose ``now`` is the given moment."""

    class Moved(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            return datetime.fromtimestamp(timestamp, tz)

    return Moved


async def test_token_of_a_deleted_account(app, client):
    from sqlalchemy import delete

    from planner_server.users.models import User

    user, = await make_users(app, "client", 1)
    async with app.state.context.db.session() as session:
        await session.execute(delete(User).where(User.id == user.id))
    assert_error(await client.get("/users/me/", headers=user.headers), 401, "user_not_found")
    assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": user.refresh}), 401)
    assert_error(await client.post("/auth/jwt/verify/", json={"token": user.token}), 401)


async def test_a_signed_token_that_names_no_real_user_answers_401(app, client):
    """Only reachable with the secret key, but no such token may get further than 401."""
    import jwt

    from planner_shared.rules import utcnow

    user, = await make_users(app, "client", 1)
    secret = app.state.context.tokens.secret
    subjects = ["0", "-1", "2147483648", str(2**63 - 1), str(2**63), "9" * 40, "1e3", " 1", "٣",
                "abc", ""]
    for sub in subjects:
        claims = {"sub": sub, "token_type": "access", "exp": utcnow() + timedelta(minutes=5)}
        headers = {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"}
        for method, path in (("GET", "/users/me/"), ("PATCH", f"/slots/{user.id}/reserve/"),
                             ("GET", "/sync/"), ("GET", "/sync/?since=0&wait=0.01"),
                             ("GET", "/slots/")):
            response = await client.request(method, path, headers=headers)
            assert_error(response, 401)
        refresh = jwt.encode({**claims, "token_type": "refresh"}, secret, algorithm="HS256")
        assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": refresh}), 401)
        assert_error(await client.post("/auth/jwt/verify/", json={"token": refresh}), 401)


async def test_wrong_password_and_unknown_account_answer_alike(app, client):
    user, = await make_users(app, "client", 1)
    wrong = await _login(client, user.email, "wrongpass1")
    unknown = await _login(client, "nobody@example.com", "wrongpass1")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert_error(await _login(client, user.email, ""), 422)


async def test_repeated_failures_throttle_one_account(app, client):
    user, other = await make_users(app, "client", 2)
    answers = [await _login(client, user.email, "wrongpass1") for _ in range(ACCOUNT_LIMIT)]
    assert [a.status_code for a in answers] == [401] * ACCOUNT_LIMIT
    # Now even the right password is refused for a while, and says when to come back.
    throttled = await _login(client, user.email.upper())
    body = assert_error(throttled, 429, "login_throttled")
    assert "Try again" in body["detail"] and int(throttled.headers["Retry-After"]) > 0
    # Another account is not affected.
    assert (await _login(client, other.email)).status_code == 200

    # An account that does not exist gets exactly the same answers, so nothing reveals existence.
    ghost = [await _login(client, "ghost@example.com", "wrongpass1") for _ in range(ACCOUNT_LIMIT + 1)]
    assert [a.status_code for a in ghost] == [401] * ACCOUNT_LIMIT + [429]
    assert ghost[0].json() == answers[0].json()
    assert ghost[-1].json()["detail"].split(" Try again")[0] == body["detail"].split(" Try again")[0]


async def test_parallel_wrong_passwords_cannot_pass_the_account_limit(app, client):
    """Attempts are counted before their password is checked: a burst gets no more checks than the
    limit allows, and what the burst did not use is left for later attempts."""
    import asyncio
    from collections import Counter

    user, = await make_users(app, "client", 1)
    burst = Counter(r.status_code for r in await asyncio.gather(
        *(_login(client, user.email, "wrongpass1") for _ in range(4 * ACCOUNT_LIMIT))))
    assert set(burst) <= {401, 429} and burst[401] <= ACCOUNT_LIMIT, burst
    later = [(await _login(client, user.email, "wrongpass1")).status_code
             for _ in range(ACCOUNT_LIMIT - burst[401] + 1)]
    assert later == [401] * (ACCOUNT_LIMIT - burst[401]) + [429], (burst, later)
    assert_error(await _login(client, user.email), 429, "login_throttled")


async def test_success_resets_the_account_count(app, client):
    user, = await make_users(app, "client", 1)
    for _ in range(2):
        for _ in range(ACCOUNT_LIMIT - 1):
            assert (await _login(client, user.email, "wrongpass1")).status_code == 401
        assert (await _login(client, user.email)).status_code == 200


async def test_repeated_failures_throttle_one_address(app, client):
    user, = await make_users(app, "client", 1)
    for n in range(ADDRESS_LIMIT):
        assert (await _login(client, f"guess{n}@example.com", "wrongpass1")).status_code == 401
    assert_error(await _login(client, user.email), 429, "login_throttled")


async def test_blocked_user_refused_at_once(app, client):
    admin, = await make_users(app, "admin", 1)
    user, = await make_users(app, "specialist", 1)
    assert (await client.get("/slots/", headers=user.headers)).status_code == 200

    blocked = await client.patch(f"/users/{user.id}/block_user/", headers=admin.headers)
    assert blocked.status_code == 200 and blocked.json()["is_blocked"] is True
    # The token it already holds stops working at once, everywhere, and cannot be refreshed.
    for response in (await client.get("/slots/", headers=user.headers),
                     await client.get("/users/me/", headers=user.headers),
                     await client.post("/auth/jwt/refresh/", json={"refresh": user.refresh}),
                     await client.post("/auth/jwt/verify/", json={"token": user.token})):
        assert_error(response, 403, "user_blocked")
    # Signing in is refused with the right password; a wrong one still says only "wrong".
    assert_error(await _login(client, user.email), 403, "user_blocked")
    assert_error(await _login(client, user.email, "wrongpass1"), 401, "bad_credentials")

    unblocked = await client.patch(f"/users/{user.id}/unblock_user/", headers=admin.headers)
    assert unblocked.status_code == 200 and unblocked.json()["is_blocked"] is False
    assert (await client.get("/slots/", headers=user.headers)).status_code == 200
    assert set(await sign_in(client, user.email)) == {"access", "refresh"}


async def test_deactivated_user_refused(app, client):
    admin, = await make_users(app, "admin", 1)
    user, = await make_users(app, "client", 1)
    response = await client.patch(f"/users/{user.id}/", json={"is_active": False}, headers=admin.headers)
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert_error(await client.get("/users/me/", headers=user.headers), 403, "user_inactive")
    assert_error(await _login(client, user.email), 403, "user_inactive")
    assert_error(await client.post("/auth/jwt/refresh/", json={"refresh": user.refresh}), 403)


async def test_admin_cannot_lock_itself_out(app, client):
    admin, = await make_users(app, "admin", 1)
    assert_error(await client.patch(f"/users/{admin.id}/block_user/", headers=admin.headers), 403,
                 "self_block")
    for change, code in (({"is_blocked": True}, "self_block"), ({"role": "client"}, "self_demote"),
                         ({"role": 3}, "self_demote"), ({"is_active": False}, "self_deactivate")):
        assert_error(await client.patch(f"/users/{admin.id}/", json=change, headers=admin.headers), 403,
                     code)
    me = await client.get("/users/me/", headers=admin.headers)
    assert me.status_code == 200 and me.json()["role"] == "admin" and not me.json()["is_blocked"]
    # Unblocking oneself (a no-op) and editing one's own names are fine.
    assert (await client.patch(f"/users/{admin.id}/unblock_user/", headers=admin.headers)).status_code == 200
    renamed = await client.patch(f"/users/{admin.id}/", json={"first_name": "Grace"}, headers=admin.headers)
    assert renamed.status_code == 200 and renamed.json()["first_name"] == "Grace"
