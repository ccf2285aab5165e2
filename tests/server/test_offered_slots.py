"""A running server keeps the slots on offer between changes (slots/offered.py): a client's list
must be exactly what the database builds, and never outlive a change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import orjson
import pytest

from planner_server.principal import active_principal
from planner_server.slots import listing, offered
from planner_server.slots.queries import SlotFilter
from tests.server.helpers import act, create_slot, future, make_users, parsed_times
from tests.server.sync.feedutil import head, hub_has_heard


def _kept(app: Any) -> offered.OfferedSlots:
    kept = offered.offered_slots_of(app.state.context)
    assert kept is not None, "a running server keeps the slots on offer"
    return kept


async def _listed(client, account, **window: Any) -> tuple[list[dict[str, Any]], str]:
    query = urlencode({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in window.items()})
    response = await client.get(f"/slots/?{query}", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["X-Total-Count"]


async def _built_by_database(app: Any, account: Any, where: SlotFilter) -> list[dict[str, Any]]:
    async with app.state.context.db.session(write=False) as session:
        user = await active_principal(session=session, user_id=account.id, generation=0)
        text, _ = await listing.list_slots(session=session, user=user, where=where)
    return [parsed_times(slot) for slot in orjson.loads(text)]


async def test_a_clients_list_is_what_the_database_builds(app, client):
    first, second = await make_users(app, "specialist", 2)
    me, other = await make_users(app, "client", 2)
    slots = [await create_slot(client, specialist, future(hour), 60, context=f"at {hour}")
             for hour, specialist in ((1, first), (2, second), (3, first), (5, second), (8, first))]
    assert (await act(client, me, slots[1], "reserve")).status_code == 200
    assert (await act(client, other, slots[2], "reserve")).status_code == 200  # not mine: hidden
    assert (await act(client, first, slots[4], "reserve")).status_code == 403  # a specialist may not

    windows: list[dict[str, Any]] = [{}, {"from": future(1, minutes=30), "to": future(6)},
                                     {"specialist": first.id}, {"from": future(4)}]
    for window in windows:
        where = SlotFilter(start=window.get("from"), end=window.get("to"),
                           specialist=window.get("specialist"))
        for _ in range(2):  # read, then kept
            listed, total = await _listed(client, me, **window)
            # the same instants (PostgreSQL writes ".51983" where orjson writes ".519830")
            assert [parsed_times(s) for s in listed] == await _built_by_database(app, me, where)
            assert total == str(len(listed))
    listed, _ = await _listed(client, me)
    assert [(s["id"], s["status"]) for s in listed] == [
        (slots[0]["id"], "free"), (slots[1]["id"], "agreement"), (slots[3]["id"], "free"),
        (slots[4]["id"], "free")]
    assert len(_kept(app)._windows) == len(windows)


async def test_every_change_is_seen_at_once(app, client):
    specialist, = await make_users(app, "specialist", 1)
    me, other = await make_users(app, "client", 2)
    slot = await create_slot(client, specialist, future(1))
    assert [s["id"] for s in (await _listed(client, me))[0]] == [slot["id"]]

    added = await create_slot(client, specialist, future(3))
    assert [s["id"] for s in (await _listed(client, me))[0]] == [slot["id"], added["id"]]
    assert (await act(client, other, added, "reserve")).status_code == 200
    assert [s["id"] for s in (await _listed(client, me))[0]] == [slot["id"]]
    assert (await act(client, me, slot, "reserve")).status_code == 200
    assert [(s["id"], s["status"]) for s in (await _listed(client, me))[0]] == [(slot["id"], "agreement")]
    assert (await act(client, me, slot, "cancel_client")).status_code == 200
    assert [(s["id"], s["status"]) for s in (await _listed(client, me))[0]] == [(slot["id"], "free")]

    admin, = await make_users(app, "admin", 1)
    blocked = await client.patch(f"/users/{specialist.id}/block_user/", headers=admin.headers)
    assert blocked.status_code == 200, blocked.text
    assert (await _listed(client, me))[0] == []


async def test_a_kept_slot_leaves_the_list_when_it_starts(app, client, monkeypatch):
    specialist, = await make_users(app, "specialist", 1)
    me, = await make_users(app, "client", 1)
    soon = await create_slot(client, specialist, future(1))
    later = await create_slot(client, specialist, future(3))
    assert len((await _listed(client, me))[0]) == 2  # now kept
    moment = future(2)  # between the two starts
    monkeypatch.setattr(offered, "utcnow", lambda: moment)
    listed, total = await _listed(client, me)
    assert [s["id"] for s in listed] == [later["id"]] and total == "1"
    assert soon["id"] not in [s["id"] for s in listed]


async def test_another_process_change_reaches_the_kept_list(app, client, database_url):
    """Several processes on PostgreSQL: a write through another one arrives as a notice."""
    from planner_server.db import Database
    from planner_server.slots import service
    from planner_shared.schemas import SlotCreate

    if not app.state.context.db.is_postgres:
        pytest.skip("an SQLite server is one process: it sees every commit itself")
    specialist, = await make_users(app, "specialist", 1)
    me, = await make_users(app, "client", 1)
    await create_slot(client, specialist, future(1))
    assert len((await _listed(client, me))[0]) == 1
    elsewhere = Database(database_url, pool_size=1)  # another process's connection and pool
    try:
        async with elsewhere.session() as session:
            principal = await active_principal(session=session, user_id=specialist.id, generation=0)
            await service.create_slot(session=session, specialist=principal, data=SlotCreate(
                start_time=future(3), end_time=future(3) + timedelta(hours=1), context="", cost=0))
    finally:
        await elsewhere.dispose()
    await hub_has_heard(app, await head(client, me))  # its notice came over the listen connection
    assert len((await _listed(client, me))[0]) == 2
