"""The four races of a move, in-process on SQLite and PostgreSQL (concurrent requests on the app:
on PostgreSQL each in its own transaction; on SQLite they queue for the write lock). The same
against a real two-process server: tests/e2e/test_move_races_server.py."""

from __future__ import annotations

from tests.server import move_races
from tests.server.helpers import future, make_users

ROUNDS = 50


async def _cast(app, clients: int = 1):  # type: ignore[no-untyped-def]
    specialist, = await make_users(app, "specialist", 1)
    return specialist, await make_users(app, "client", clients)


async def test_move_races_a_reservation_of_its_target(app, client):
    specialist, (anna, boris) = await _cast(app, 2)
    outcomes = await move_races.move_vs_reservation(client, specialist, anna, boris, future(0), ROUNDS)
    assert sum(outcomes.values()) == ROUNDS


async def test_move_races_the_specialists_decline(app, client):
    specialist, (anna,) = await _cast(app)
    outcomes = await move_races.move_vs_decline(client, specialist, anna, future(0), ROUNDS)
    assert sum(outcomes.values()) == ROUNDS


async def test_accept_races_decline(app, client):
    specialist, (anna,) = await _cast(app)
    outcomes = await move_races.accept_vs_decline(client, specialist, anna, future(0), ROUNDS)
    assert sum(outcomes.values()) == ROUNDS


async def test_two_moves_of_one_request(app, client):
    specialist, (anna,) = await _cast(app)
    outcomes = await move_races.two_moves(client, specialist, anna, future(0), ROUNDS)
    assert sum(outcomes.values()) == ROUNDS
