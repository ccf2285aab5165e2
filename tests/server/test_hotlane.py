"""The hot lane (hotlane.py) answers well-formed reservations and long-polls itself; everything
else goes on to FastAPI. Both ways must give the same answers."""

from __future__ import annotations

from typing import Any

import pytest

from planner_server import hotlane
from planner_server.sync import feed
from tests.server.helpers import act, assert_error, create_slot, future, make_users
from tests.server.sync.feedutil import head


@pytest.mark.parametrize("query, expected", [
    (b"since=5", {"since": 5, "wait": 0.0, "limit": feed.DEFAULT_LIMIT}),
    (b"since=0&wait=25&limit=100", {"since": 0, "wait": 25.0, "limit": 100}),
    (b"wait=0.5&since=12", {"since": 12, "wait": 0.5, "limit": feed.DEFAULT_LIMIT}),
    (b"since=%31", {"since": 1, "wait": 0.0, "limit": feed.DEFAULT_LIMIT}),  # as FastAPI reads it
    (b"since=9223372036854775807", {"since": 2**63 - 1, "wait": 0.0, "limit": feed.DEFAULT_LIMIT}),
])
def test_plainly_valid_long_polls_are_recognised(query: bytes, expected: dict[str, Any]) -> None:
    assert hotlane.feed_params(query) == expected


@pytest.mark.parametrize("query", [
    b"", b"wait=5", b"since=", b"since=-1", b"since=1.0", b"since=1&since=2", b"since=1&other=2",
    b"since=1&wait=31", b"since=1&wait=nan", b"since=1&wait=1e1", b"since=1&limit=0",
    b"since=1&limit=1001", b"since=9223372036854775808", b"since=1&&wait=2", b"since=\xff",
])
def test_anything_else_goes_to_fastapi(query: bytes) -> None:
    assert hotlane.feed_params(query) is None


async def test_long_polls_take_the_lane_and_answer_as_the_route_does(app, client, monkeypatch):
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    since = await head(client, customer)
    await create_slot(client, specialist, future(1))
    await create_slot(client, specialist, future(3))

    taken: list[dict[str, Any]] = []
    follow = hotlane._follow

    async def counted(scope: Any, **params: Any) -> Any:
        taken.append(params)
        return await follow(scope, **params)

    monkeypatch.setattr(hotlane, "_follow", counted)
    lane = await client.get(f"/sync/?since={since}&wait=0", headers=customer.headers)
    assert taken == [{"since": since, "wait": 0.0, "limit": feed.DEFAULT_LIMIT}]
    route = await client.get(f"/sync/?since={since}&wait=0e0", headers=customer.headers)  # not plain
    assert len(taken) == 1
    assert lane.status_code == route.status_code == 200
    assert lane.json() == route.json() and len(lane.json()["changes"]) == 2
    assert lane.headers["content-type"] == route.headers["content-type"] == "application/json"

    for query in (f"since={since}", f"since={since}&wait=0e0"):  # errors alike both ways
        body = assert_error(await client.get(f"/sync/?{query}"), 401, "not_authenticated")
        assert body["detail"] == "Authentication credentials were not provided."
        assert_error(await client.get(f"/sync/?{query}", headers={"Authorization": "Bearer x"}),
                     401, "token_not_valid")
    assert_error(await client.get("/sync/?since=-1", headers=customer.headers), 422, "invalid")


async def test_reservations_take_the_lane(app, client, monkeypatch):
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    slot = await create_slot(client, specialist, future(1))
    taken: list[int] = []
    reserve = hotlane._reserve

    async def counted(scope: Any, slot_id: int) -> Any:
        taken.append(slot_id)
        return await reserve(scope, slot_id)

    monkeypatch.setattr(hotlane, "_reserve", counted)
    response = await act(client, customer, slot, "reserve")
    assert response.status_code == 200 and response.json()["status"] == "agreement"
    assert taken == [slot["id"]]
    assert_error(await act(client, customer, {"id": 0}, "reserve"), 422, "invalid")  # FastAPI's
    assert_error(await act(client, customer, {"id": 99999999999}, "reserve"), 422, "invalid")
    assert taken == [slot["id"]]
    response = await client.patch(f"/slots/{slot['id']}/reserve/")
    assert_error(response, 401, "not_authenticated")
    assert response.headers["www-authenticate"] == "Bearer"
