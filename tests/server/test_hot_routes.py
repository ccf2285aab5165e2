"""Reservations and long-polls, the requests that come in floods, are ordinary FastAPI routes: one
validation, the error answers of every route, and dependency overrides reach them."""

from __future__ import annotations

from planner_server.deps import get_token_user_id
from tests.server.helpers import act, assert_error, create_slot, future, make_users
from tests.server.sync.feedutil import head


async def test_dependency_overrides_reach_the_reservation(app, client):
    specialist, = await make_users(app, "specialist", 1)
    customer, other = await make_users(app, "client", 2)
    slot = await create_slot(client, specialist, future(1))
    bearer = app.state.context.tokens.subject(other.token)
    app.dependency_overrides[get_token_user_id] = lambda: bearer  # whoever signs in, it is `other`
    try:
        response = await act(client, customer, slot, "reserve")
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 200, response.text
    assert response.json()["client"] == other.id


async def test_hot_routes_answer_errors_as_every_route_does(app, client):
    customer, = await make_users(app, "client", 1)
    since = await head(client, customer)
    for method, path in (("GET", f"/sync/?since={since}"), ("PATCH", "/slots/1/reserve/")):
        body = assert_error(await client.request(method, path), 401, "not_authenticated")
        assert body["detail"] == "Authentication credentials were not provided."
        assert_error(await client.request(method, path, headers={"Authorization": "Bearer x"}),
                     401, "token_not_valid")
    for query in ("since=-1", "since=1&wait=31", "since=1&wait=nan", "since=1&limit=0",
                  "since=9223372036854775808"):
        assert_error(await client.get(f"/sync/?{query}", headers=customer.headers), 422, "invalid")
    assert_error(await client.patch("/slots/0/reserve/", headers=customer.headers), 422, "invalid")
    page = await client.get(f"/sync/?since={since}&wait=0e0", headers=customer.headers)  # any float
    assert page.status_code == 200 and page.json()["cursor"] == since
