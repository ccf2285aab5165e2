"""Booking rules (issue #17) on SQLite and PostgreSQL: the endpoints, each rule at its edges, the
day limit in the specialist's time zone across a DST change, what clients are offered, the live
feed, and that changing a rule leaves existing requests alone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest

from planner_shared import rules
from tests.server.helpers import act, assert_error, create_slot, make_admin, make_users
from tests.server.sync.feedutil import drain, head

CANCEL = {"reason": "schedule conflict"}


async def set_rules(client, account, **values: int):  # type: ignore[no-untyped-def]
    response = await client.patch("/users/me/booking_rules/", json=values, headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def listed_ids(client, account) -> set[int]:  # type: ignore[no-untyped-def]
    response = await client.get("/slots/", headers=account.headers)
    assert response.status_code == 200, response.text
    return {slot["id"] for slot in response.json()}


async def blocked(client, specialist, slot) -> Any:  # type: ignore[no-untyped-def]
    response = await client.get(f"/slots/{slot['id']}/", headers=specialist.headers)
    return response.json()["blocked_by"]


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The reservation's clock held at a whole minute (the edges of notice and horizon are exact)."""
    now = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    monkeypatch.setattr(rules, "utcnow", lambda: now)
    return now


async def test_the_rules_endpoints(client, app):
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    admin = await make_admin(app, client)
    mine = await client.get("/users/me/booking_rules/", headers=specialist.headers)
    assert mine.status_code == 200 and set(mine.json().values()) == {0}
    changed = await set_rules(client, specialist, buffer_before_minutes=10, min_notice_minutes=60)
    assert changed["buffer_before_minutes"] == 10 and changed["min_notice_minutes"] == 60
    assert changed["buffer_after_minutes"] == 0  # unchanged fields stay
    for body in ({"buffer_after_minutes": 241}, {"min_notice_minutes": 43201}, {"max_per_day": -1},
                 {"horizon_days": "soon"}, {"buffer_before_minutes": 1.5}):
        assert_error(await client.patch("/users/me/booking_rules/", json=body, headers=specialist.headers),
                     422, "invalid")
    assert_error(await client.patch("/users/me/booking_rules/", content=b"{", headers={
        **specialist.headers, "Content-Type": "application/json"}), 422)
    assert (await client.patch("/users/me/booking_rules/", json={"buffer_after_minutes": 240},
                               headers=specialist.headers)).status_code == 200
    assert_error(await client.get("/users/me/booking_rules/", headers=customer.headers), 403)
    assert_error(await client.patch(f"/users/{specialist.id}/booking_rules/", json={"max_per_day": 1},
                                    headers=customer.headers), 403)
    # a client reads what it may request of a specialist; not "rules" of anyone else
    seen = await client.get(f"/users/{specialist.id}/booking_rules/", headers=customer.headers)
    assert seen.status_code == 200 and seen.json()["min_notice_minutes"] == 60
    assert_error(await client.get(f"/users/{admin.id}/booking_rules/", headers=customer.headers),
                 404, "user_not_found")
    by_admin = await client.patch(f"/users/{specialist.id}/booking_rules/", json={"max_per_day": 3},
                                  headers=admin.headers)
    assert by_admin.status_code == 200 and by_admin.json()["max_per_day"] == 3
    assert (await client.get(f"/users/{specialist.id}/booking_rules/",
                             headers=admin.headers)).json()["buffer_after_minutes"] == 240
    assert_error(await client.get(f"/users/{customer.id}/booking_rules/", headers=admin.headers),
                 409, "not_a_specialist")
    assert_error(await client.get(f"/users/{2**31 - 1}/booking_rules/", headers=admin.headers),
                 404, "user_not_found")


async def test_minimum_notice_at_its_edge(client, app, frozen_now):
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    await set_rules(client, specialist, min_notice_minutes=60)
    early = await create_slot(client, specialist, frozen_now + timedelta(minutes=55), 5)
    edge = await create_slot(client, specialist, frozen_now + timedelta(minutes=60), 30)
    body = assert_error(await act(client, customer, early, "reserve"), 409, "too_soon")
    assert body["detail"] == rules.BOOKING_REFUSALS["too_soon"]
    assert (await act(client, customer, edge, "reserve")).status_code == 200


async def test_horizon_at_its_edge(client, app, frozen_now):
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    await set_rules(client, specialist, horizon_days=2)
    edge = await create_slot(client, specialist, frozen_now + timedelta(days=2), 30)
    beyond = await create_slot(client, specialist, frozen_now + timedelta(days=2, minutes=30), 30)
    assert_error(await act(client, customer, beyond, "reserve"), 409, "too_far")
    assert (await act(client, customer, edge, "reserve")).status_code == 200


async def test_buffers_at_their_edges_and_the_offer(client, app):
    specialist, = await make_users(app, "specialist", 1)
    first, second = await make_users(app, "client", 2)
    await set_rules(client, specialist, buffer_before_minutes=10, buffer_after_minutes=5)
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    held = await create_slot(client, specialist, base, 60)  # 10:00–11:00
    after_5 = await create_slot(client, specialist, base + timedelta(minutes=65), 5)  # 11:05
    after_10 = await create_slot(client, specialist, base + timedelta(minutes=70), 10)  # 11:10
    before_5 = await create_slot(client, specialist, base - timedelta(minutes=10), 5)  # ends 09:55
    before_10 = await create_slot(client, specialist, base - timedelta(minutes=15), 5)  # ends 09:50
    everything = {s["id"] for s in (held, after_5, after_10, before_5, before_10)}
    assert await listed_ids(client, second) == everything
    assert await blocked(client, specialist, after_5) is None

    assert (await act(client, first, held, "reserve")).status_code == 200
    # the gap must be the larger buffer (10), on either side; exactly 10 is allowed
    assert await listed_ids(client, second) == {after_10["id"], before_10["id"]}
    assert await blocked(client, specialist, after_5) == "buffer"
    assert await blocked(client, specialist, before_5) == "buffer"
    assert await blocked(client, specialist, after_10) is None
    assert_error(await act(client, second, after_5, "reserve"), 409, "buffer")
    assert_error(await act(client, second, before_5, "reserve"), 409, "buffer")
    assert (await act(client, second, after_10, "reserve")).status_code == 200
    assert (await act(client, second, before_10, "reserve")).status_code == 200

    # freed, the neighbours come back
    for slot, who in ((held, first), (after_10, second), (before_10, second)):
        assert (await act(client, who, slot, "cancel_client", CANCEL)).status_code == 200
    assert await listed_ids(client, second) == everything


async def test_the_day_limit_in_the_specialists_time_zone_across_dst(client, app):
    """Berlin's 28 March 2027 has 23 hours (02:00 CET → 03:00 CEST): 23:00Z the day before is its
    first minute, 21:00Z its last hour, 22:00Z already the 29th."""
    specialist, = await make_users(app, "specialist", 1)
    clients = await make_users(app, "client", 5)
    assert (await client.patch("/users/me/", json={"time_zone": "Europe/Berlin"},
                               headers=specialist.headers)).status_code == 200
    await set_rules(client, specialist, max_per_day=2)

    def at(text: str) -> datetime:
        return datetime.fromisoformat(text + "+00:00")

    first = await create_slot(client, specialist, at("2027-03-27T23:00"), 30)  # 28th 00:00 CET
    last = await create_slot(client, specialist, at("2027-03-28T21:00"), 30)  # 28th 23:00 CEST
    middle = await create_slot(client, specialist, at("2027-03-28T10:00"), 30)  # 28th
    next_day = await create_slot(client, specialist, at("2027-03-28T22:00"), 30)  # 29th 00:00
    day_before = await create_slot(client, specialist, at("2027-03-27T22:30"), 30)  # 27th 23:30
    assert (await act(client, clients[0], first, "reserve")).status_code == 200
    assert (await act(client, clients[1], last, "reserve")).status_code == 200
    assert await blocked(client, specialist, middle) == "day_full"
    assert middle["id"] not in await listed_ids(client, clients[2])
    body = assert_error(await act(client, clients[2], middle, "reserve"), 409, "day_full")
    assert body["detail"] == rules.BOOKING_REFUSALS["day_full"]
    assert (await act(client, clients[3], next_day, "reserve")).status_code == 200
    assert (await act(client, clients[4], day_before, "reserve")).status_code == 200
    # a cancelled request frees its place in the day
    assert (await act(client, clients[0], first, "cancel_client", CANCEL)).status_code == 200
    assert await blocked(client, specialist, middle) is None
    assert (await act(client, clients[2], middle, "reserve")).status_code == 200


async def test_pending_requests_per_client(client, app):
    specialist, other_specialist = await make_users(app, "specialist", 2)
    customer, someone = await make_users(app, "client", 2)
    await set_rules(client, specialist, max_pending_per_client=1)
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    one = await create_slot(client, specialist, base, 60)
    two = await create_slot(client, specialist, base + timedelta(hours=2), 60)
    elsewhere = await create_slot(client, other_specialist, base + timedelta(hours=4), 60)
    assert (await act(client, customer, one, "reserve")).status_code == 200
    assert_error(await act(client, customer, two, "reserve"), 409, "too_many_pending")
    assert (await act(client, customer, elsewhere, "reserve")).status_code == 200  # another specialist
    assert (await act(client, specialist, one, "agree")).status_code == 200  # answered: not pending
    assert (await act(client, customer, two, "reserve")).status_code == 200
    assert (await act(client, someone, {"id": two["id"]}, "reserve")).status_code == 409


async def test_changing_a_rule_never_touches_requests_or_consultations(client, app):
    specialist, = await make_users(app, "specialist", 1)
    a, b = await make_users(app, "client", 2)
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    first = await create_slot(client, specialist, base, 60)
    second = await create_slot(client, specialist, base + timedelta(hours=1), 60)  # back to back
    assert (await act(client, a, first, "reserve")).status_code == 200
    assert (await act(client, b, second, "reserve")).status_code == 200
    await set_rules(client, specialist, buffer_after_minutes=120, max_per_day=1, min_notice_minutes=43200)
    assert (await act(client, specialist, first, "agree")).status_code == 200
    for slot, status in ((first, "reserved"), (second, "agreement")):
        seen = (await client.get(f"/slots/{slot['id']}/", headers=specialist.headers)).json()
        assert seen["status"] == status and seen["blocked_by"] is None


async def test_a_clients_feed_sees_the_neighbour_vanish_and_come_back(client, app):
    specialist, = await make_users(app, "specialist", 1)
    taker, watcher = await make_users(app, "client", 2)
    await set_rules(client, specialist, buffer_after_minutes=15)
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    taken = await create_slot(client, specialist, base, 60)
    neighbour = await create_slot(client, specialist, base + timedelta(minutes=60), 30)
    far = await create_slot(client, specialist, base + timedelta(hours=5), 30)
    cursor = await head(client, watcher)

    assert (await act(client, taker, taken, "reserve")).status_code == 200
    changes, cursor = await drain(client, watcher, cursor)
    ops = {(ch["id"], ch["op"]) for ch in changes}
    assert (neighbour["id"], "delete") in ops and (taken["id"], "delete") in ops
    assert all(ch["id"] != far["id"] for ch in changes)  # out of reach: not re-recorded

    assert (await act(client, taker, taken, "cancel_client", CANCEL)).status_code == 200
    changes, _ = await drain(client, watcher, cursor)
    back = {ch["id"]: ch for ch in changes if ch["op"] == "upsert"}
    assert set(back) == {taken["id"], neighbour["id"]}
    assert back[neighbour["id"]]["data"]["blocked_by"] is None


async def test_racing_reservations_of_adjacent_slots(client, app):
    """In one process, many at once: the database decides (the processes' race is in tests/e2e)."""
    specialist, = await make_users(app, "specialist", 1)
    racers = await make_users(app, "client", 8)
    await set_rules(client, specialist, buffer_before_minutes=10, max_per_day=3)
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    slots = [await create_slot(client, specialist, base + timedelta(minutes=30 * i), 30) for i in range(8)]
    answers = await asyncio.gather(*(act(client, c, s, "reserve")
                                     for c, s in zip(racers, slots, strict=True)))
    won = [s for s, a in zip(slots, answers, strict=True) if a.status_code == 200]
    assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {"buffer", "day_full"}
    starts = sorted(datetime.fromisoformat(s["start_time"]) for s in won)
    assert won and all(b - a >= timedelta(minutes=40) for a, b in pairwise(starts))
    per_day = {day: sum(1 for s in starts if s.date() == day) for day in {s.date() for s in starts}}
    assert max(per_day.values()) <= 3  # the specialist's time zone is UTC


async def test_an_edit_racing_a_reservation_of_the_same_slot_is_decided(client, app):
    """The specialist's edit takes the schedule lock, then the slot's row; so does a reservation when
    rules are set (not the row first, which would deadlock: a 503 instead of an answer)."""
    specialist, = await make_users(app, "specialist", 1)
    racers = await make_users(app, "client", 20)
    await set_rules(client, specialist, buffer_after_minutes=5)
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    for n, racer in enumerate(racers):
        slot = await create_slot(client, specialist, base + timedelta(hours=2 * n), 60)
        edit, reservation = await asyncio.gather(
            client.patch(f"/slots/{slot['id']}/", json={"context": f"Edited {n}"},
                         headers=specialist.headers),
            act(client, racer, slot, "reserve"))
        assert edit.status_code in (200, 409), edit.text
        assert reservation.status_code == 200, reservation.text  # an edit never stops a booking
