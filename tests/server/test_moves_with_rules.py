"""Moves under booking rules (issue #17): a move takes its new slot through the reservation's own
decision, so every rule that refuses a reservation refuses a move — and the old booking is released
first, so it never counts against its own move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.server.helpers import act, assert_error, create_slot, make_users
from tests.server.test_booking_rules import set_rules


def _base() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)


async def _bookings(client, specialist, customer) -> list[int]:  # type: ignore[no-untyped-def]
    slots = (await client.get("/slots/", headers=specialist.headers)).json()
    return [s["id"] for s in slots if s["client"] == customer.id]


async def test_a_move_is_refused_by_a_buffer_and_keeps_the_request(client, app):
    specialist, = await make_users(app, "specialist", 1)
    anna, boris = await make_users(app, "client", 2)
    await set_rules(client, specialist, buffer_before_minutes=10, buffer_after_minutes=10)
    base = _base()
    borises = await create_slot(client, specialist, base, 60)  # 10:00–11:00
    near = await create_slot(client, specialist, base + timedelta(minutes=65), 30)  # 11:05: in the buffer
    far = await create_slot(client, specialist, base + timedelta(hours=3), 60)
    annas = await create_slot(client, specialist, base + timedelta(hours=6), 60)
    assert (await act(client, boris, borises, "reserve")).status_code == 200
    assert (await act(client, anna, annas, "reserve")).status_code == 200
    assert_error(await act(client, anna, annas, "move", {"to": near["id"]}), 409, "buffer")
    assert await _bookings(client, specialist, anna) == [annas["id"]]
    assert (await act(client, anna, annas, "move", {"to": far["id"]})).status_code == 200
    assert await _bookings(client, specialist, anna) == [far["id"]]


async def test_a_request_at_the_pending_limit_still_moves(client, app):
    specialist, = await make_users(app, "specialist", 1)
    anna, = await make_users(app, "client", 1)
    await set_rules(client, specialist, max_pending_per_client=1)
    one = await create_slot(client, specialist, _base(), 60)
    two = await create_slot(client, specialist, _base() + timedelta(hours=2), 60)
    assert (await act(client, anna, one, "reserve")).status_code == 200
    assert_error(await act(client, anna, two, "reserve"), 409, "too_many_pending")
    assert (await act(client, anna, one, "move", {"to": two["id"]})).status_code == 200
    assert await _bookings(client, specialist, anna) == [two["id"]]


async def test_accepting_a_proposal_is_refused_by_a_buffer_and_keeps_the_consultation(client, app):
    specialist, = await make_users(app, "specialist", 1)
    anna, boris = await make_users(app, "client", 2)
    base = _base()
    consultation = await create_slot(client, specialist, base + timedelta(hours=6), 60)
    assert (await act(client, anna, consultation, "reserve")).status_code == 200
    assert (await act(client, specialist, consultation, "agree")).status_code == 200
    proposed = await create_slot(client, specialist, base + timedelta(minutes=65), 30)
    assert (await act(client, specialist, consultation, "propose_move", {"to": proposed["id"]})
            ).status_code == 200
    borises = await create_slot(client, specialist, base, 60)  # 10:00–11:00, before the proposal
    assert (await act(client, boris, borises, "reserve")).status_code == 200
    await set_rules(client, specialist, buffer_after_minutes=10)  # now 11:05 is in Boris's buffer
    assert_error(await act(client, anna, consultation, "accept_move"), 409, "buffer")
    kept = (await client.get(f"/slots/{consultation['id']}/", headers=anna.headers)).json()
    assert (kept["status"], kept["proposed_slot"]) == ("reserved", proposed["id"])
    assert (await act(client, anna, consultation, "decline_move")).status_code == 200
