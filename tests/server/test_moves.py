"""Moving a booking (SPEC §2a): a client's request moved; a specialist's proposal accepted or
declined; every refusal leaves the booking where it was; history, visibility and the change feed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.server.helpers import assert_error, create_slot, future, make_users


async def _people(app, clients: int = 1):  # type: ignore[no-untyped-def]
    specialist, = await make_users(app, "specialist", 1)
    customers = await make_users(app, "client", clients)
    return specialist, customers


async def _patch(client, account, slot_id, action, body=None, status=200):  # type: ignore[no-untyped-def]
    response = await client.patch(f"/slots/{slot_id}/{action}/", json=body, headers=account.headers)
    assert response.status_code == status, (action, response.text)
    return response.json()


async def _slot(client, account, slot_id) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = await client.get(f"/slots/{slot_id}/", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _bookings(client, account) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    slots = (await client.get("/slots/", headers=account.headers)).json()
    return [s for s in slots if s["client"] == account.id]


# --- a client moves its request -----------------------------------------------------------------

async def test_client_moves_its_request(app, client):
    specialist, (anna,) = await _people(app)
    old = await create_slot(client, specialist, future(1))
    new = await create_slot(client, specialist, future(3))
    await _patch(client, anna, old["id"], "reserve")

    moved = await _patch(client, anna, old["id"], "move", {"to": new["id"]})
    assert (moved["id"], moved["status"], moved["client"]) == (new["id"], "agreement", anna.id)
    assert (await _slot(client, specialist, old["id"]))["status"] == "free"
    assert [b["id"] for b in await _bookings(client, anna)] == [new["id"]]

    [entry] = (await client.get("/history/", headers=anna.headers)).json()
    assert (entry["outcome"], entry["slot"], entry["moved_to_slot"], entry["by"]) == (
        "moved", old["id"], new["id"], anna.id)
    assert (entry["start_time"][:16], entry["moved_to_start"][:16]) == (
        old["start_time"][:16], new["start_time"][:16])
    specialists_view = (await client.get("/history/", headers=specialist.headers)).json()
    assert [e["outcome"] for e in specialists_view] == ["moved"]


async def test_a_move_to_the_adjacent_time_beside_another_booking(app, client):
    """A specialist's slots never overlap, so neither do a move's two; the old time is released
    before the new one is taken, so the client's other bookings are what the new time is checked
    against."""
    specialist, (anna,) = await _people(app)
    old = await create_slot(client, specialist, future(1), minutes=30)
    new = await create_slot(client, specialist, future(1, minutes=30), minutes=60)
    await _patch(client, anna, old["id"], "reserve")
    other = await create_slot(client, specialist, future(1, minutes=90))
    await _patch(client, anna, other["id"], "reserve")
    moved = await _patch(client, anna, old["id"], "move", {"to": new["id"]})
    assert moved["status"] == "agreement"
    assert sorted(b["id"] for b in await _bookings(client, anna)) == sorted([new["id"], other["id"]])


async def test_a_client_moves_next_to_its_own_request_but_not_onto_another_booking(app, client):
    a, (anna,) = await _people(app)
    b, _ = await _people(app, 0)
    mine = await create_slot(client, a, future(1))
    target = await create_slot(client, a, future(10))
    elsewhere = await create_slot(client, b, future(10, minutes=30))  # overlaps target
    await _patch(client, anna, mine["id"], "reserve")
    await _patch(client, anna, elsewhere["id"], "reserve")
    assert_error(await client.patch(f"/slots/{mine['id']}/move/", json={"to": target["id"]},
                                    headers=anna.headers), 409, "client_overlap")
    assert (await _slot(client, anna, mine["id"]))["status"] == "agreement"  # kept


async def test_refused_moves_keep_the_request(app, client):
    specialist, (anna, boris) = await _people(app, 2)
    other_specialist, _ = await _people(app, 0)
    mine = await create_slot(client, specialist, future(1))
    taken = await create_slot(client, specialist, future(3))
    foreign = await create_slot(client, other_specialist, future(5))
    await _patch(client, anna, mine["id"], "reserve")
    await _patch(client, boris, taken["id"], "reserve")

    async def refused(body: Any, status: int, code: str | None, who=anna, slot=mine):  # type: ignore[no-untyped-def]
        assert_error(await client.patch(f"/slots/{slot['id']}/move/", json=body, headers=who.headers),
                     status, code)
        assert [b["id"] for b in await _bookings(client, anna)] == [mine["id"]]

    await refused({"to": taken["id"]}, 409, "slot_taken")
    await refused({"to": foreign["id"]}, 409, "other_specialist")
    await refused({"to": mine["id"]}, 409, "same_slot")
    await refused({"to": 999_999}, 404, "slot_not_found")
    await refused({}, 422, None)
    await refused({"to": taken["id"]}, 404, "slot_not_found", who=boris)  # not boris's request
    assert_error(await client.patch(f"/slots/{mine['id']}/move/", json={"to": taken["id"]},
                                    headers=specialist.headers), 403)
    # once agreed, only the specialist proposes a new time
    free = await create_slot(client, specialist, future(7))
    await _patch(client, specialist, mine["id"], "agree")
    await refused({"to": free["id"]}, 409, "already_agreed")


# --- a specialist proposes, the client answers ----------------------------------------------------

async def _agreed(client, specialist, customer, hours: float = 1) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    slot = await create_slot(client, specialist, future(hours))
    await _patch(client, customer, slot["id"], "reserve")
    return await _patch(client, specialist, slot["id"], "agree")


async def test_proposal_holds_the_slot_for_the_client_until_accepted(app, client):
    specialist, (anna, boris) = await _people(app, 2)
    consultation = await _agreed(client, specialist, anna)
    new = await create_slot(client, specialist, future(6))

    proposed = await _patch(client, specialist, consultation["id"], "propose_move", {"to": new["id"]})
    assert (proposed["status"], proposed["proposed_slot"]) == ("reserved", new["id"])
    assert proposed["proposed_start"] and proposed["proposed_end"]
    held = await _slot(client, anna, new["id"])  # the client sees the slot held for it
    assert (held["status"], held["held_for"]) == ("free", anna.id)
    # nobody else is offered it, nor can reserve it
    assert new["id"] not in [s["id"] for s in (await client.get("/slots/", headers=boris.headers)).json()]
    assert_error(await client.get(f"/slots/{new['id']}/", headers=boris.headers), 404)
    assert_error(await client.patch(f"/slots/{new['id']}/reserve/", headers=boris.headers), 409,
                 "slot_taken")
    # nor the client itself as a second booking, nor the specialist edit it
    assert_error(await client.patch(f"/slots/{new['id']}/reserve/", headers=anna.headers), 409)
    assert_error(await client.delete(f"/slots/{new['id']}/", headers=specialist.headers), 409,
                 "slot_held")
    assert_error(await client.patch(f"/slots/{consultation['id']}/propose_move/", json={"to": new["id"]},
                                    headers=specialist.headers), 409, "move_pending")

    accepted = await _patch(client, anna, consultation["id"], "accept_move")
    assert (accepted["id"], accepted["status"], accepted["client"], accepted["held_for"]) == (
        new["id"], "reserved", anna.id, None)
    old = await _slot(client, specialist, consultation["id"])
    assert (old["status"], old["client"], old["proposed_slot"]) == ("free", None, None)
    assert [b["id"] for b in await _bookings(client, anna)] == [new["id"]]
    [entry] = (await client.get("/history/", headers=anna.headers)).json()
    assert (entry["outcome"], entry["moved_to_slot"], entry["by"]) == ("moved", new["id"], anna.id)


async def test_proposal_of_a_new_time_and_its_decline(app, client):
    specialist, (anna, boris) = await _people(app, 2)
    consultation = await _agreed(client, specialist, anna)
    start = future(8)
    proposed = await _patch(client, specialist, consultation["id"], "propose_move",
                            {"start_time": start.isoformat(),
                             "end_time": (start + timedelta(minutes=45)).isoformat()})
    new_id = proposed["proposed_slot"]
    created = await _slot(client, specialist, new_id)
    assert (created["status"], created["held_for"], created["context"]) == (
        "free", anna.id, consultation["context"])

    kept = await _patch(client, anna, consultation["id"], "decline_move")
    assert (kept["status"], kept["proposed_slot"], kept["client"]) == ("reserved", None, anna.id)
    freed = await _slot(client, boris, new_id)  # on offer again
    assert (freed["status"], freed["held_for"]) == ("free", None)
    assert_error(await client.patch(f"/slots/{consultation['id']}/accept_move/", headers=anna.headers),
                 409, "no_proposal")
    assert (await client.get("/history/", headers=anna.headers)).json() == []


async def test_proposal_refusals(app, client):
    specialist, (anna, boris) = await _people(app, 2)
    other, _ = await _people(app, 0)
    consultation = await _agreed(client, specialist, anna)
    request = await create_slot(client, specialist, future(3))
    await _patch(client, boris, request["id"], "reserve")
    foreign = await create_slot(client, other, future(5))
    clash = future(1, minutes=30)  # overlaps the consultation itself

    async def refused(slot_id, body, status, code, who=specialist):  # type: ignore[no-untyped-def]
        assert_error(await client.patch(f"/slots/{slot_id}/propose_move/", json=body,
                                        headers=who.headers), status, code)
        assert (await _slot(client, specialist, consultation["id"]))["proposed_slot"] is None

    await refused(consultation["id"], {"to": request["id"]}, 409, "slot_taken")
    await refused(consultation["id"], {"to": foreign["id"]}, 404, "slot_not_found")
    await refused(consultation["id"], {"to": consultation["id"]}, 409, "same_slot")
    await refused(consultation["id"], {"start_time": clash.isoformat(),
                                       "end_time": (clash + timedelta(hours=1)).isoformat()}, 409, None)
    await refused(request["id"], {"to": consultation["id"]}, 409, "not_agreed")
    await refused(consultation["id"], {"to": request["id"]}, 403, None, who=anna)
    free = await create_slot(client, specialist, future(9))
    assert_error(await client.patch(f"/slots/{consultation['id']}/accept_move/", headers=anna.headers),
                 409, "no_proposal")
    await _patch(client, specialist, consultation["id"], "propose_move", {"to": free["id"]})
    assert_error(await client.patch(f"/slots/{consultation['id']}/accept_move/", headers=boris.headers),
                 404, "slot_not_found")


async def test_accept_refused_by_the_reservation_rules_keeps_the_consultation(app, client):
    """The client took another booking overlapping the proposed time: accepting is refused by the
    reservation's own overlap rule, and nothing changes."""
    specialist, (anna,) = await _people(app)
    other, _ = await _people(app, 0)
    consultation = await _agreed(client, specialist, anna)
    new = await create_slot(client, specialist, future(6))
    await _patch(client, specialist, consultation["id"], "propose_move", {"to": new["id"]})
    elsewhere = await create_slot(client, other, future(6, minutes=15))
    await _patch(client, anna, elsewhere["id"], "reserve")
    assert_error(await client.patch(f"/slots/{consultation['id']}/accept_move/", headers=anna.headers),
                 409, "client_overlap")
    kept = await _slot(client, anna, consultation["id"])
    assert (kept["status"], kept["proposed_slot"]) == ("reserved", new["id"])


async def test_cancelling_a_consultation_drops_its_proposal(app, client):
    specialist, (anna, boris) = await _people(app, 2)
    consultation = await _agreed(client, specialist, anna)
    new = await create_slot(client, specialist, future(6))
    await _patch(client, specialist, consultation["id"], "propose_move", {"to": new["id"]})
    await _patch(client, specialist, consultation["id"], "cancel_specialist", {"reason": "got sick"})
    freed = await _slot(client, boris, new["id"])
    assert (freed["status"], freed["held_for"]) == ("free", None)
    assert (await _slot(client, specialist, consultation["id"]))["proposed_slot"] is None


async def test_the_change_feed_carries_a_proposal_and_its_answer(app, client):
    specialist, (anna, boris) = await _people(app, 2)
    consultation = await _agreed(client, specialist, anna)
    new = await create_slot(client, specialist, future(6))

    async def head(account) -> int:  # type: ignore[no-untyped-def]
        return int((await client.get("/sync/", headers=account.headers)).json()["cursor"])

    async def changes(account, since):  # type: ignore[no-untyped-def]
        body = (await client.get(f"/sync/?since={since}", headers=account.headers)).json()
        return {(c["id"], c["op"]): c.get("data") for c in body["changes"]}

    cursors = {who.id: await head(who) for who in (specialist, anna, boris)}
    await _patch(client, specialist, consultation["id"], "propose_move", {"to": new["id"]})
    seen = await changes(anna, cursors[anna.id])
    assert seen[(consultation["id"], "upsert")]["proposed_slot"] == new["id"]
    assert seen[(new["id"], "upsert")]["held_for"] == anna.id
    assert (new["id"], "delete") in await changes(boris, cursors[boris.id])  # no longer on offer
    assert (await changes(specialist, cursors[specialist.id]))[(consultation["id"], "upsert")][
        "proposed_slot"] == new["id"]

    cursors = {who.id: await head(who) for who in (specialist, anna)}
    await _patch(client, anna, consultation["id"], "accept_move")
    seen = await changes(anna, cursors[anna.id])
    assert seen[(new["id"], "upsert")]["status"] == "reserved"
    assert seen[(consultation["id"], "upsert")]["status"] == "free"
    mine = await changes(specialist, cursors[specialist.id])
    assert mine[(new["id"], "upsert")]["client"] == anna.id
