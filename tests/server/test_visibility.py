"""Who sees what: clients see free future slots and their own; specialists their own; admins all.

What a user may not see answers 404, never 403, so its existence is not revealed.
"""

from __future__ import annotations

from datetime import timedelta

from tests.server.helpers import act, assert_error, create_slot, future, make_users, move_slot, past


async def _ids(client, account, query=""):  # type: ignore[no-untyped-def]
    response = await client.get(f"/slots/{query}", headers=account.headers)
    assert response.status_code == 200, response.text
    return [slot["id"] for slot in response.json()]


async def test_a_client_never_sees_another_clients_consultations(app, client):
    specialist, = await make_users(app, "specialist", 1)
    alice, bob = await make_users(app, "client", 2)
    free = await create_slot(client, specialist, future(1))
    asked = await create_slot(client, specialist, future(3))
    agreed = await create_slot(client, specialist, future(5))
    for slot in (asked, agreed):
        assert (await act(client, alice, slot, "reserve")).status_code == 200
    assert (await act(client, specialist, agreed, "agree")).status_code == 200

    assert await _ids(client, alice) == [free["id"], asked["id"], agreed["id"]]
    assert await _ids(client, bob) == [free["id"]]
    for query in ("?status=agreement", "?status=reserved", f"?specialist={specialist.id}&status=reserved"):
        assert await _ids(client, bob, query) == []
    for slot in (asked, agreed):
        assert_error(await client.get(f"/slots/{slot['id']}/", headers=bob.headers), 404, "slot_not_found")
        assert_error(await act(client, bob, slot, "cancel_client"), 404)
    # The free slot, as a client sees it, names nobody.
    seen = (await client.get(f"/slots/{free['id']}/", headers=bob.headers)).json()
    assert seen["client"] is None and seen["client_name"] is None
    mine = (await client.get(f"/slots/{agreed['id']}/", headers=alice.headers)).json()
    assert mine["client"] == alice.id and mine["status"] == "reserved"


async def test_clients_see_only_future_free_slots_of_active_specialists(app, client):
    admin, = await make_users(app, "admin", 1)
    active, blocked = await make_users(app, "specialist", 2)
    customer, = await make_users(app, "client", 1)
    upcoming = await create_slot(client, active, future(1))
    gone = await create_slot(client, active, future(3))
    await move_slot(app, gone["id"], past(5), past(4))
    hidden = await create_slot(client, blocked, future(1))
    assert (await client.patch(f"/users/{blocked.id}/block_user/", headers=admin.headers)).status_code == 200

    assert await _ids(client, customer) == [upcoming["id"]]
    for slot in (gone, hidden):
        assert_error(await client.get(f"/slots/{slot['id']}/", headers=customer.headers), 404)
    # Nor can it be reserved: the specialist is blocked.
    assert_error(await act(client, customer, hidden, "reserve"), 404)
    # The administrator sees every slot, past and blocked included.
    assert set(await _ids(client, admin)) == {upcoming["id"], gone["id"], hidden["id"]}


async def test_a_specialist_sees_and_touches_only_its_own_slots(app, client):
    mine, theirs = await make_users(app, "specialist", 2)
    customer, = await make_users(app, "client", 1)
    own = await create_slot(client, mine, future(1))
    other = await create_slot(client, theirs, future(1))
    requested = await create_slot(client, theirs, future(3))
    assert (await act(client, customer, requested, "reserve")).status_code == 200
    past_own = await create_slot(client, mine, future(5))
    await move_slot(app, past_own["id"], past(3), past(2))

    assert await _ids(client, mine) == [past_own["id"], own["id"]]  # its own past slots too
    assert await _ids(client, mine, f"?specialist={theirs.id}") == []
    for slot in (other, requested):
        for method, path, body in (("GET", "", None), ("PATCH", "", {"context": "x"}), ("DELETE", "", None),
                                   ("PATCH", "agree/", None), ("PATCH", "cancel_specialist/", {})):
            response = await client.request(method, f"/slots/{slot['id']}/{path}", json=body,
                                            headers=mine.headers)
            assert_error(response, 404, "slot_not_found")
    # Nothing happened to them.
    still_requested = await client.get(f"/slots/{requested['id']}/", headers=theirs.headers)
    assert still_requested.json()["status"] == "agreement"
    still_other = await client.get(f"/slots/{other['id']}/", headers=theirs.headers)
    assert still_other.json()["context"] == "Consultation"


async def test_nonexistent_and_invisible_answer_alike(app, client):
    specialist, = await make_users(app, "specialist", 1)
    alice, bob = await make_users(app, "client", 2)
    slot = await create_slot(client, specialist, future(1))
    assert (await act(client, alice, slot, "reserve")).status_code == 200
    invisible = await client.get(f"/slots/{slot['id']}/", headers=bob.headers)
    missing = await client.get("/slots/999999/", headers=bob.headers)
    assert invisible.status_code == missing.status_code == 404
    assert invisible.json() == missing.json()


async def test_history_is_private(app, client):
    specialist, other_specialist = await make_users(app, "specialist", 2)
    alice, bob = await make_users(app, "client", 2)
    slot = await create_slot(client, specialist, future(1))
    assert (await act(client, alice, slot, "reserve")).status_code == 200
    response = await act(client, alice, slot, "cancel_client", {"reason": "got sick",
                                                                               "text": "Fever"})
    assert response.status_code == 200
    for account, count in ((alice, 1), (specialist, 1), (bob, 0), (other_specialist, 0)):
        history = await client.get("/history/", headers=account.headers)
        assert history.status_code == 200 and len(history.json()) == count, (account.role, history.text)


async def test_list_filters_paging_and_total(app, client):
    specialist, other = await make_users(app, "specialist", 2)
    customer, = await make_users(app, "client", 1)
    base = future(0)
    slots = [await create_slot(client, specialist, base + timedelta(hours=2 * n)) for n in range(6)]
    theirs = await create_slot(client, other, base + timedelta(hours=1))
    assert (await act(client, customer, slots[1], "reserve")).status_code == 200

    everything = await client.get("/slots/", headers=customer.headers)
    expected = [slots[0]["id"], theirs["id"]] + [s["id"] for s in slots[1:]]
    assert [s["id"] for s in everything.json()] == expected
    assert everything.headers["X-Total-Count"] == "7"
    assert await _ids(client, customer, f"?specialist={other.id}") == [theirs["id"]]
    assert await _ids(client, customer, "?status=agreement") == [slots[1]["id"]]
    assert len(await _ids(client, customer, "?status=free")) == 6
    # A window: slots that end after `from` and start before `to`.
    window = {"from": (base + timedelta(hours=2, minutes=30)).isoformat(),
              "to": (base + timedelta(hours=6)).isoformat()}
    response = await client.get("/slots/", params=window, headers=specialist.headers)
    assert [s["id"] for s in response.json()] == [slots[1]["id"], slots[2]["id"]]
    # Pages keep the order and the total counts every match.
    page = await client.get("/slots/", params={"limit": 2, "offset": 1}, headers=specialist.headers)
    assert [s["id"] for s in page.json()] == [slots[1]["id"], slots[2]["id"]]
    assert page.headers["X-Total-Count"] == "6"
    beyond = await client.get("/slots/", params={"limit": 5, "offset": 50}, headers=specialist.headers)
    assert beyond.json() == [] and beyond.headers["X-Total-Count"] == "6"


async def test_admin_user_filters(app, client):
    admin, = await make_users(app, "admin", 1)
    specialist, = await make_users(app, "specialist", 1)
    first, second = await make_users(app, "client", 2)
    renamed = await client.patch(f"/users/{second.id}/", json={"last_name": "Smirnova_100%"},
                                 headers=admin.headers)
    assert renamed.status_code == 200
    await client.patch(f"/users/{first.id}/block_user/", headers=admin.headers)

    async def ids(**params):  # type: ignore[no-untyped-def]
        response = await client.get("/users/", params=params, headers=admin.headers)
        assert response.status_code == 200, response.text
        assert response.headers["X-Total-Count"] == str(len(response.json()))
        return [user["id"] for user in response.json()]

    assert await ids() == [admin.id, specialist.id, first.id, second.id]
    assert await ids(role="client") == [first.id, second.id]
    assert await ids(role="specialist") == [specialist.id]
    assert await ids(is_blocked="true") == [first.id]
    assert await ids(is_blocked="false", role="client") == [second.id]
    assert await ids(search="SMIRNOVA") == [second.id]
    assert await ids(search=second.email.upper()) == [second.id]
    assert await ids(search="_100%") == [second.id]  # LIKE wildcards are taken literally
    assert await ids(search="%") == [second.id]
    assert await ids(search="nobody-like-this") == []
    one = await client.get(f"/users/{specialist.id}/", headers=admin.headers)
    assert one.status_code == 200 and one.json()["role"] == "specialist"
    assert_error(await client.get("/users/999999/", headers=admin.headers), 404, "user_not_found")
    assert_error(await client.patch("/users/999999/", json={"first_name": "X"}, headers=admin.headers), 404)
    assert_error(await client.patch("/users/999999/block_user/", headers=admin.headers), 404)
