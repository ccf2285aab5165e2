"""GET /sync/: snapshots, exactly the visible changes in order, paging, resuming, 410, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.helpers import (
    act,
    assert_error,
    create_slot,
    future,
    make_users,
    register,
    sign_in,
)
from tests.server.sync.feedutil import brief, drain, head, normal, page


async def _cast(client, app):  # type: ignore[no-untyped-def]
    """Two specialists, two clients and an administrator (written straight into the database)."""
    s1, s2 = await make_users(app, "specialist", 2)
    c1, c2 = await make_users(app, "client", 2)
    (admin,) = await make_users(app, "admin", 1)
    return s1, s2, c1, c2, admin


async def test_snapshot_holds_what_the_user_may_see(client, app):
    s1, s2, c1, c2, admin = await _cast(client, app)
    a = await create_slot(client, s1, future(1))
    b = await create_slot(client, s1, future(2))
    c = await create_slot(client, s2, future(3))
    assert (await act(client, c1, b, "reserve")).status_code == 200

    snapshots = {}
    for account in (s1, s2, c1, c2, admin):
        response = await client.get("/sync/", headers=account.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["snapshot"] is True and body["changes"] == [] and body["more"] is False
        listed = (await client.get("/slots/", headers=account.headers)).json()
        assert body["slots"] == listed  # the same objects as the slot list, field for field
        snapshots[account.id] = body

    ids = {account.id: [slot["id"] for slot in snapshots[account.id]["slots"]]
           for account in (s1, s2, c1, c2, admin)}
    assert ids == {s1.id: [a["id"], b["id"]], s2.id: [c["id"]], c1.id: [a["id"], b["id"], c["id"]],
                   c2.id: [a["id"], c["id"]], admin.id: [a["id"], b["id"], c["id"]]}
    for account in (s1, s2, c1, c2):
        assert [user["id"] for user in snapshots[account.id]["users"]] == [account.id]
    assert {user["id"] for user in snapshots[admin.id]["users"]} == {s1.id, s2.id, c1.id, c2.id, admin.id}

    # The snapshot's cursor is the end of the log: nothing is waiting after it.
    cursors = {body["cursor"] for body in snapshots.values()}
    assert len(cursors) == 1
    after = await page(client, admin, cursors.pop())
    assert after["changes"] == [] and after["more"] is False


async def test_each_user_sees_exactly_its_changes_in_order(client, app):
    s1, s2, c1, c2, admin = await _cast(client, app)
    start = await head(client, admin)
    responses: dict[str, Any] = {}

    a = await create_slot(client, s1, future(1))
    b = await create_slot(client, s1, future(2))
    c = await create_slot(client, s2, future(3))
    responses["c1 reserves a"] = await act(client, c1, a, "reserve")
    responses["s1 agrees a"] = await act(client, s1, a, "agree")
    responses["s1 edits b"] = await client.patch(f"/slots/{b['id']}/", json={"cost": "75.00"},
                                                 headers=s1.headers)
    responses["c2 reserves b"] = await act(client, c2, b, "reserve")
    responses["c2 cancels b"] = await act(client, c2, b, "cancel_client", {"reason": "got sick"})
    responses["s1 cancels a"] = await act(client, s1, a, "cancel_specialist")
    responses["s1 deletes b"] = await client.delete(f"/slots/{b['id']}/", headers=s1.headers)
    for what, response in responses.items():
        assert response.status_code in (200, 204), (what, response.text)

    A, B, C = a["id"], b["id"], c["id"]
    expected = {
        c1.id: [(A, "upsert", "free", None), (B, "upsert", "free", None), (C, "upsert", "free", None),
                (A, "upsert", "agreement", c1.id), (A, "upsert", "reserved", c1.id),
                (B, "upsert", "free", None), (B, "delete", None, None), (B, "upsert", "free", None),
                (A, "upsert", "free", None), (B, "delete", None, None)],
        c2.id: [(A, "upsert", "free", None), (B, "upsert", "free", None), (C, "upsert", "free", None),
                (A, "delete", None, None), (B, "upsert", "free", None),
                (B, "upsert", "agreement", c2.id), (B, "upsert", "free", None),
                (A, "upsert", "free", None), (B, "delete", None, None)],
        s1.id: [(A, "upsert", "free", None), (B, "upsert", "free", None),
                (A, "upsert", "agreement", c1.id), (A, "upsert", "reserved", c1.id),
                (B, "upsert", "free", None), (B, "upsert", "agreement", c2.id),
                (B, "upsert", "free", None), (A, "upsert", "free", None), (B, "delete", None, None)],
        s2.id: [(C, "upsert", "free", None)],
        admin.id: [(A, "upsert", "free", None), (B, "upsert", "free", None), (C, "upsert", "free", None),
                   (A, "upsert", "agreement", c1.id), (A, "upsert", "reserved", c1.id),
                   (B, "upsert", "free", None), (B, "upsert", "agreement", c2.id),
                   (B, "upsert", "free", None), (A, "upsert", "free", None), (B, "delete", None, None)],
    }
    feeds = {}
    for account in (s1, s2, c1, c2, admin):
        changes, _ = await drain(client, account, start)
        feeds[account.id] = changes
        assert brief(changes) == expected[account.id], account.role
        cursors = [change["cursor"] for change in changes]
        assert cursors == sorted(set(cursors))

    # Each change carries the slot exactly as its author's answer showed it.
    def data_of(account, slot_id, status):  # type: ignore[no-untyped-def]
        return next(ch["data"] for ch in feeds[account.id]
                    if ch["id"] == slot_id and ch["data"] and ch["data"]["status"] == status)

    assert normal(data_of(c1, A, "agreement")) == normal(responses["c1 reserves a"].json())
    assert normal(data_of(s1, A, "reserved")) == normal(responses["s1 agrees a"].json())
    assert normal(data_of(c2, B, "agreement")) == normal(responses["c2 reserves b"].json())
    assert data_of(s1, B, "agreement")["client_name"] == responses["c2 reserves b"].json()["client_name"]
    assert [ch["data"]["cost"] for ch in feeds[c1.id] if ch["id"] == B and ch["data"]][:2] == [
        "50.00", "75.00"]


async def test_a_client_never_sees_another_clients_identity(client, app):
    (specialist,) = await make_users(app, "specialist", 1)
    clients = await make_users(app, "client", 3)
    start = await head(client, specialist)
    slots = [await create_slot(client, specialist, future(hours)) for hours in range(1, 5)]
    plan = [(0, 0, "reserve"), (1, 1, "reserve"), (1, 1, "cancel_client"), (2, 1, "reserve"),
            (0, 2, "reserve"), (0, 0, "cancel_client"), (1, 0, "reserve")]
    for who, which, action in plan:
        response = await act(client, clients[who], slots[which], action)
        assert response.status_code == 200, response.text
    assert (await act(client, specialist, slots[1], "agree")).status_code == 200
    assert (await act(client, specialist, slots[2], "cancel_specialist")).status_code == 200

    for me in clients:
        changes, _ = await drain(client, me, start)
        assert changes
        for change in changes:
            data = change["data"]
            if data is None:
                assert change["op"] == "delete"
                continue
            assert data["client"] in (None, me.id), change
            assert (data["client_name"] is None) == (data["client"] is None), change
        # What the feed leaves is exactly what the slot list shows.
        final: dict[int, Any] = {}
        for change in changes:
            final[change["id"]] = change["data"]
        shown = {slot["id"]: slot for slot in (await client.get("/slots/", headers=me.headers)).json()}
        assert normal({k: v for k, v in final.items() if v is not None}) == normal(shown)


@pytest.mark.parametrize("limit", [1, 2, 3])
async def test_pages_join_without_gaps_or_repeats(client, app, limit):
    s1, s2, c1, c2, admin = await _cast(client, app)
    start = await head(client, admin)
    slots = [await create_slot(client, s1 if n % 2 else s2, future(n)) for n in range(1, 6)]
    for slot in slots[:3]:
        assert (await act(client, c1, slot, "reserve")).status_code == 200
    everything = (await page(client, admin, start, limit=1000))["changes"]
    assert len(everything) == 8

    for account in (admin, c2, s1):
        whole = (await page(client, account, start, limit=1000))["changes"]
        pieces, since, pages = [], start, 0
        while True:
            body = await page(client, account, since, limit=limit)
            assert len(body["changes"]) <= limit
            pieces.extend(body["changes"])
            since, pages = body["cursor"], pages + 1
            if not body["more"]:
                break
        assert pieces == whole
        assert pages >= len(whole) // limit


async def test_a_desktop_resumes_from_its_cursor_after_reconnecting(client, app):
    (specialist,) = await make_users(app, "specialist", 1)
    (customer,) = await make_users(app, "client", 1)
    first = await create_slot(client, specialist, future(1))
    snapshot = (await client.get("/sync/", headers=customer.headers)).json()
    assert [slot["id"] for slot in snapshot["slots"]] == [first["id"]]
    cursor = snapshot["cursor"]

    # Offline meanwhile: changes happen without it.
    second = await create_slot(client, specialist, future(2))
    assert (await act(client, specialist, first, "cancel_specialist")).status_code == 409
    await client.delete(f"/slots/{first['id']}/", headers=specialist.headers)

    # A new sign-in (a restarted desktop) continues from the cursor it kept.
    tokens = await sign_in(client, customer.email)
    customer.token = tokens["access"]
    body = await page(client, customer, cursor)
    assert brief(body["changes"]) == [(second["id"], "upsert", "free", None),
                                      (first["id"], "delete", None, None)]
    assert body["more"] is False and body["cursor"] > cursor
    again = await page(client, customer, cursor)  # reading is repeatable
    assert again == body
    assert (await page(client, customer, body["cursor"]))["changes"] == []


async def test_user_changes_and_a_blocked_specialist(client, app):
    s1, s2, c1, c2, admin = await _cast(client, app)
    free = await create_slot(client, s1, future(1))
    held = await create_slot(client, s1, future(2))
    assert (await act(client, c1, held, "reserve")).status_code == 200
    start = await head(client, admin)

    assert (await client.patch("/users/me/", json={"first_name": "Renamed"},
                               headers=c1.headers)).status_code == 200
    assert (await client.patch(f"/users/{s1.id}/block_user/", headers=admin.headers)).status_code == 200

    own, _ = await drain(client, c1, start)
    assert [(ch["entity"], ch["id"], ch["op"]) for ch in own] == [
        ("user", c1.id, "upsert"),  # its own profile
        ("slot", held["id"], "upsert"),  # its consultation, with its new name
        ("slot", free["id"], "delete"),  # the blocked specialist's free slot is gone
        ("slot", held["id"], "upsert"),  # its own consultation stays
    ]
    assert own[0]["data"]["first_name"] == "Renamed"
    assert own[1]["data"]["client_name"].startswith("Renamed ")

    other, _ = await drain(client, c2, start)
    assert [(ch["entity"], ch["id"], ch["op"]) for ch in other] == [("slot", free["id"], "delete")]
    assert [ch["id"] for ch in (await drain(client, s2, start))[0]] == []

    everything, cursor = await drain(client, admin, start)
    assert [(ch["entity"], ch["id"]) for ch in everything if ch["entity"] == "user"] == [
        ("user", c1.id), ("user", s1.id)]
    blocked = next(ch for ch in everything if ch["entity"] == "user" and ch["id"] == s1.id)
    assert blocked["data"]["is_blocked"] is True

    assert (await client.patch(f"/users/{s1.id}/unblock_user/", headers=admin.headers)).status_code == 200
    back, _ = await drain(client, c2, cursor)
    assert brief(back) == [(free["id"], "upsert", "free", None)]


async def test_old_or_unknown_cursors_get_410(client, app):
    from planner_server.sync.prune import prune_changes
    from planner_shared.rules import utcnow

    specialist = await register(client, "specialist")  # a user change and a slot change
    await create_slot(client, specialist, future(1))
    cursor = await head(client, specialist)
    assert cursor >= 2
    removed = await prune_changes(db=app.state.context.db, before=utcnow())
    assert removed == cursor
    assert (await prune_changes(db=app.state.context.db, before=utcnow())) == 0

    body = assert_error(await client.get("/sync/", params={"since": 0}, headers=specialist.headers),
                        410, "cursor_expired")
    assert "snapshot" in body["detail"]
    # The cursor of the pruned head is still good, and so is a new snapshot's.
    assert (await page(client, specialist, cursor))["changes"] == []
    assert await head(client, specialist) == cursor
    await create_slot(client, specialist, future(2))
    assert len((await page(client, specialist, cursor))["changes"]) == 1
    assert_error(await client.get("/sync/", params={"since": cursor + 100}, headers=specialist.headers),
                 410, "cursor_unknown")


@pytest.mark.parametrize("params", [
    {"since": -1}, {"since": "abc"}, {"since": 2**63}, {"since": "1.5"}, {"since": 0, "wait": 31},
    {"since": 0, "wait": -1}, {"since": 0, "wait": "nan"}, {"since": 0, "wait": "inf"},
    {"since": 0, "limit": 0}, {"since": 0, "limit": 5000}, {"since": 0, "limit": "many"},
])
async def test_malformed_queries_get_422_with_a_reason(client, app, params):
    (user,) = await make_users(app, "client", 1)
    assert_error(await client.get("/sync/", params=params, headers=user.headers), 422)


async def test_the_feed_needs_a_signed_in_user(client):
    assert_error(await client.get("/sync/", params={"since": 0}), 401)
    assert_error(await client.get("/sync/", headers={"Authorization": "Bearer nonsense"}), 401)
