"""/api/v1/outbox/: administrators only, and every malformed request answered with a readable 4xx."""

from __future__ import annotations

from tests.server.helpers import assert_error, create_slot, future, make_admin, make_users


async def test_only_administrators(app, client):
    [customer] = await make_users(app, "client", 1)
    [specialist] = await make_users(app, "specialist", 1)
    assert_error(await client.get("/outbox/"), 401)
    for user in (customer, specialist):
        assert_error(await client.get("/outbox/", headers=user.headers), 403, "wrong_role")
        assert_error(await client.post("/outbox/1/retry/", headers=user.headers), 403, "wrong_role")


async def test_malformed_requests(app, client):
    admin = await make_admin(app, client)
    for query in ("status=bogus", "status=", "limit=0", "limit=100000", "offset=-1", "limit=abc",
                  "status=sent&offset=99999999999"):
        assert_error(await client.get(f"/outbox/?{query}", headers=admin.headers), 422)
    for message_id in ("0", "-3", "abc", "99999999999", "1.5"):
        assert_error(await client.post(f"/outbox/{message_id}/retry/", headers=admin.headers), 422)
    response = await client.post("/outbox/1/retry/", headers=admin.headers, content=b"\xff{not json")
    assert response.status_code in (404, 422)  # no body is read; the message does not exist


async def test_listing_pages_and_an_unknown_message(app, client):
    admin = await make_admin(app, client)
    [specialist] = await make_users(app, "specialist", 1)
    [customer] = await make_users(app, "client", 1)
    for n in range(3):
        slot = await create_slot(client, specialist, future(2 * n))
        await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    response = await client.get("/outbox/?limit=2&offset=1", headers=admin.headers)
    assert response.status_code == 200
    assert response.headers["X-Total-Count"] == "3"
    page = response.json()
    assert len(page) == 2 and page[0]["id"] < page[1]["id"]
    assert all(m["status"] == "pending" and m["attempts"] == 0 and m["recipients"] == [] and
               m["recipient"] == specialist.id and m["next_attempt_at"] for m in page)
    assert_error(await client.post("/outbox/424242/retry/", headers=admin.headers), 404,
                 "message_not_found")
    retried = await client.post(f"/outbox/{page[0]['id']}/retry/", headers=admin.headers)
    assert retried.status_code == 200 and retried.json()["status"] == "pending"
