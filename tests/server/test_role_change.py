"""A change of role leaves no slot that nobody can act on; administrators settle any request or
consultation on the specialist's behalf."""

from __future__ import annotations

from tests.server.helpers import act, assert_error, create_slot, future, make_users, move_slot, past
from tests.server.notifications.conftest import outbox_rows


async def test_a_specialist_with_bookings_to_come_keeps_its_role_until_they_are_settled(app, client):
    admin, = await make_users(app, "admin", 1)
    specialist, = await make_users(app, "specialist", 1)
    asker, agreed_client = await make_users(app, "client", 2)
    free = await create_slot(client, specialist, future(1))
    request = await create_slot(client, specialist, future(3))
    agreed = await create_slot(client, specialist, future(5))
    gone_by = await create_slot(client, specialist, future(7))
    await move_slot(app, gone_by["id"], past(5), past(4))  # history: stays as it is
    assert (await act(client, asker, request, "reserve")).status_code == 200
    assert (await act(client, agreed_client, agreed, "reserve")).status_code == 200
    assert (await act(client, specialist, agreed, "agree")).status_code == 200

    for role in ("client", 3, "admin"):
        refused = await client.patch(f"/users/{specialist.id}/", json={"role": role}, headers=admin.headers)
        detail = assert_error(refused, 409, "role_has_bookings")["detail"]
        assert "1 request awaiting an answer and 1 agreed consultation" in detail, detail
    me = await client.get("/users/me/", headers=specialist.headers)
    assert me.json()["role"] == "specialist"
    assert (await client.get(f"/slots/{free['id']}/", headers=admin.headers)).status_code == 200

    # The administrator declines the request and calls off the consultation, with reasons.
    for slot, reason in ((request, "schedule conflict"), (agreed, "got sick")):
        response = await act(client, admin, slot, "cancel_specialist", {"reason": reason, "text": "Left us"})
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "free" and response.json()["client"] is None
    for account, outcome in ((asker, "declined"), (agreed_client, "cancelled_by_specialist")):
        [entry] = (await client.get("/history/", headers=account.headers)).json()
        assert (entry["outcome"], entry["by"], entry["specialist"], entry["text"]) == (
            outcome, admin.id, specialist.id, "Left us")
    emails = [(row.kind, row.recipient_id) for row in await outbox_rows(app)]
    # each client as by the specialist, and the specialist that an administrator acted for it
    assert emails[-4:] == [("declined", asker.id), ("declined_by_admin", specialist.id),
                           ("cancelled_by_specialist", agreed_client.id),
                           ("cancelled_by_admin", specialist.id)]

    # Now the role changes; the free slots still to come are withdrawn, the past one stays.
    demoted = await client.patch(f"/users/{specialist.id}/", json={"role": "client"}, headers=admin.headers)
    assert demoted.status_code == 200 and demoted.json()["role"] == "client", demoted.text
    for slot in (free, request, agreed):
        assert_error(await client.get(f"/slots/{slot['id']}/", headers=admin.headers), 404)
        assert_error(await act(client, specialist, slot, "reserve"), 404, "slot_not_found")
        assert_error(await act(client, asker, slot, "reserve"), 404, "slot_not_found")
    assert (await client.get(f"/slots/{gone_by['id']}/", headers=admin.headers)).status_code == 200
    offered = (await client.get("/slots/", headers=asker.headers)).json()
    assert [slot["id"] for slot in offered] == []


async def test_a_client_with_bookings_to_come_keeps_its_role_until_they_are_settled(app, client):
    admin, = await make_users(app, "admin", 1)
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    asked, agreed = [await create_slot(client, specialist, future(hours)) for hours in (1, 3)]
    for slot in (asked, agreed):
        assert (await act(client, customer, slot, "reserve")).status_code == 200
    assert (await act(client, specialist, agreed, "agree")).status_code == 200
    refused = await client.patch(f"/users/{customer.id}/", json={"role": "specialist"}, headers=admin.headers)
    assert "1 request awaiting an answer and 1 agreed consultation" in assert_error(
        refused, 409, "role_has_bookings")["detail"]

    assert (await act(client, customer, asked, "cancel_client")).status_code == 200
    assert (await act(client, admin, agreed, "cancel_specialist")).status_code == 200
    promoted = await client.patch(f"/users/{customer.id}/", json={"role": "specialist"},
                                  headers=admin.headers)
    assert promoted.status_code == 200 and promoted.json()["role"] == "specialist", promoted.text
    # The specialist's slots are untouched by a change of someone else's role.
    for slot in (asked, agreed):
        assert (await client.get(f"/slots/{slot['id']}/", headers=specialist.headers)).status_code == 200


async def test_an_administrator_cannot_cancel_what_is_not_held(app, client):
    admin, = await make_users(app, "admin", 1)
    specialist, = await make_users(app, "specialist", 1)
    free = await create_slot(client, specialist, future(1))
    assert_error(await act(client, admin, free, "cancel_specialist"), 409, "no_request")
    assert_error(await client.patch("/slots/999999/cancel_specialist/", headers=admin.headers), 404,
                 "slot_not_found")
