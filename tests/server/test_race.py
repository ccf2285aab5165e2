"""Concurrent requests: the database, not a check in Python, decides who wins.

The requests run concurrently on the in-process app (asyncio.gather): on PostgreSQL each holds its
own pooled connection and transaction; on SQLite they queue for the write lock. The same race
against a real multi-process server is in tests/e2e/test_race_server.py.
"""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.server.helpers import act, create_slot, future, make_users, slot_body

RACERS = 20


async def test_twenty_clients_race_for_one_slot(app, client):
    specialist, = await make_users(app, "specialist", 1)
    racers = await make_users(app, "client", RACERS)
    for round_ in range(3):
        slot = await create_slot(client, specialist, future(2 * round_))
        answers = await asyncio.gather(*(act(client, racer, slot, "reserve") for racer in racers))
        statuses = Counter(a.status_code for a in answers)
        assert statuses == {200: 1, 409: RACERS - 1}, statuses
        winner = next(racer for racer, a in zip(racers, answers, strict=True) if a.status_code == 200)
        assert {a.json()["code"] for a in answers if a.status_code == 409} == {"slot_taken"}
        seen = (await client.get(f"/slots/{slot['id']}/", headers=specialist.headers)).json()
        assert (seen["status"], seen["client"], seen["version"]) == ("agreement", winner.id, 2)


async def test_racing_cancel_and_agree(app, client):
    """The specialist agrees while the client withdraws: exactly one of them succeeds."""
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    outcomes = Counter()
    for round_ in range(5):
        slot = await create_slot(client, specialist, future(2 * round_))
        assert (await act(client, customer, slot, "reserve")).status_code == 200
        agree, cancel = await asyncio.gather(act(client, specialist, slot, "agree"),
                                             act(client, customer, slot, "cancel_client"))
        assert sorted([agree.status_code, cancel.status_code]) == [200, 409], (agree.text, cancel.text)
        final = (await client.get(f"/slots/{slot['id']}/", headers=specialist.headers)).json()
        assert final["status"] == ("reserved" if agree.status_code == 200 else "free")
        outcomes[final["status"]] += 1
    assert sum(outcomes.values()) == 5


async def test_concurrent_overlapping_creations_leave_one_slot(app, client):
    specialist, = await make_users(app, "specialist", 1)
    start = future(1)
    bodies = [slot_body(start, 60)] * 5 + [slot_body(future(1, minutes=m), 60) for m in (10, 20, 30, 40, 50)]
    answers = await asyncio.gather(*(client.post("/slots/", json=body, headers=specialist.headers)
                                     for body in bodies))
    statuses = Counter(a.status_code for a in answers)
    assert statuses[201] == 1 and statuses[409] == len(bodies) - 1, [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {"slot_overlap", "slot_duplicate"}
    assert len((await client.get("/slots/", headers=specialist.headers)).json()) == 1


async def test_one_client_racing_for_overlapping_slots_gets_one(app, client):
    specialists = await make_users(app, "specialist", 6)
    customer, = await make_users(app, "client", 1)
    slots = [await create_slot(client, s, future(1, minutes=10 * n), 60) for n, s in enumerate(specialists)]
    answers = await asyncio.gather(*(act(client, customer, slot, "reserve") for slot in slots))
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {200: 1, 409: len(slots) - 1}, [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"client_overlap"}
    mine = (await client.get("/slots/", params={"status": "agreement"}, headers=customer.headers)).json()
    assert len(mine) == 1


async def test_concurrent_registrations_of_one_email(client):
    """The unique index decides, whatever the case of the letters: one account, the rest 409."""
    bodies = [{"first_name": "Same", "last_name": "Person", "email": email, "role": "client",
               "password": "secret123"}
              for email in ("twin@example.com", "Twin@example.com", "TWIN@EXAMPLE.COM", "twin@Example.com")]
    answers = await asyncio.gather(*(client.post("/register/", json=body) for body in bodies))
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409], [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"email_taken"}
