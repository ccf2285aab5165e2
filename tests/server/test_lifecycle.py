"""The slot life cycle (SPEC §2): every transition, every refusal, comments and the history."""

from __future__ import annotations

from datetime import timedelta

from tests.server.helpers import (
    act,
    assert_error,
    create_slot,
    future,
    make_users,
    move_slot,
    past,
    slot_body,
)


async def _people(app):  # type: ignore[no-untyped-def]
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    return specialist, customer


async def _act(client, account, slot, action, body=None, status=200):  # type: ignore[no-untyped-def]
    response = await client.patch(f"/slots/{slot['id']}/{action}/", json=body, headers=account.headers)
    assert response.status_code == status, (action, response.text)
    return response.json()


async def test_free_to_agreement_to_reserved_and_back(app, client):
    specialist, customer = await _people(app)
    slot = await create_slot(client, specialist, future(1), context="Tax advice", cost="120.50")
    assert (slot["status"], slot["client"], slot["version"], slot["cost"]) == ("free", None, 1, "120.50")
    assert slot["specialist"] == specialist.id and slot["specialist_name"]

    asked = await _act(client, customer, slot, "reserve")
    assert (asked["status"], asked["client"], asked["version"]) == ("agreement", customer.id, 2)
    assert asked["client_name"]
    agreed = await _act(client, specialist, slot, "agree")
    assert (agreed["status"], agreed["client"], agreed["version"]) == ("reserved", customer.id, 3)

    cancelled = await _act(client, specialist, slot, "cancel_specialist",
                           {"reason": "schedule conflict", "text": "Conference moved"})
    assert (cancelled["status"], cancelled["client"], cancelled["version"]) == ("free", None, 4)
    # Free again: another booking is possible.
    assert (await _act(client, customer, slot, "reserve"))["status"] == "agreement"

    for account in (specialist, customer):
        history = (await client.get("/history/", headers=account.headers)).json()
        assert len(history) == 1
        entry = history[0]
        assert entry["outcome"] == "cancelled_by_specialist"
        assert (entry["reason"], entry["text"], entry["by"]) == ("schedule conflict", "Conference moved",
                                                                 specialist.id)
        assert (entry["slot"], entry["client"], entry["specialist"]) == (slot["id"], customer.id,
                                                                         specialist.id)
        assert (entry["context"], entry["cost"]) == ("Tax advice", "120.50")
        assert entry["start_time"].startswith(slot["start_time"][:16])


async def test_decline_and_client_cancel_keep_their_comments(app, client):
    specialist, customer = await _people(app)
    first = await create_slot(client, specialist, future(1))
    second = await create_slot(client, specialist, future(3))
    third = await create_slot(client, specialist, future(5))
    for slot in (first, second, third):
        await _act(client, customer, slot, "reserve")

    declined = await _act(client, specialist, first, "cancel_specialist", {"reason": "got sick"})
    assert declined["status"] == "free" and declined["client"] is None
    withdrawn = await _act(client, customer, second, "cancel_client",
                           {"reason": "None", "text": "Changed my mind"})
    assert withdrawn["status"] == "free" and withdrawn["client"] is None
    # Without a body the reason is the default one, force majeure.
    await _act(client, customer, third, "cancel_client")

    history = {e["slot"]: e for e in (await client.get("/history/", headers=customer.headers)).json()}
    declined_entry = history[first["id"]]
    assert (declined_entry["outcome"], declined_entry["reason"], declined_entry["text"]) == (
        "declined", "got sick", "")
    assert (history[second["id"]]["outcome"], history[second["id"]]["reason"],
            history[second["id"]]["text"], history[second["id"]]["by"]) == (
        "cancelled_by_client", "None", "Changed my mind", customer.id)
    assert (history[third["id"]]["reason"], history[third["id"]]["outcome"]) == (
        "force majeure", "cancelled_by_client")
    specialist_view = await client.get("/history/", headers=specialist.headers)
    assert len(specialist_view.json()) == 3


async def test_comments_survive_in_the_database(app, client):
    from sqlalchemy import select

    from planner_server.slots.models import Comment

    specialist, customer = await _people(app)
    slot = await create_slot(client, specialist, future(1))
    await _act(client, customer, slot, "reserve")
    await _act(client, customer, slot, "cancel_client", {"reason": "got sick", "text": "т" * 255})
    async with app.state.context.db.session(write=False) as session:
        comment = (await session.execute(select(Comment))).scalar_one()
    assert (comment.slot_id, comment.author_id, comment.client_id, comment.specialist_id) == (
        slot["id"], customer.id, customer.id, specialist.id)
    assert (comment.reason, comment.text, comment.outcome) == ("got sick", "т" * 255, "cancelled_by_client")


async def test_client_cannot_cancel_after_agreement(app, client):
    specialist, customer = await _people(app)
    slot = await create_slot(client, specialist, future(1))
    await _act(client, customer, slot, "reserve")
    await _act(client, specialist, slot, "agree")
    response = await act(client, customer, slot, "cancel_client", {"reason": "got sick"})
    assert_error(response, 409, "already_agreed")
    still = (await client.get(f"/slots/{slot['id']}/", headers=customer.headers)).json()
    assert (still["status"], still["client"]) == ("reserved", customer.id)
    assert (await client.get("/history/", headers=customer.headers)).json() == []


async def test_only_free_slots_may_be_edited_or_deleted(app, client):
    specialist, customer = await _people(app)
    slot = await create_slot(client, specialist, future(1))
    await _act(client, customer, slot, "reserve")
    for step in ("agreement", "reserved"):
        for method, body in (("PATCH", {"context": "Changed"}), ("PATCH", {"cost": "1.00"}),
                             ("PATCH", slot_body(future(30))), ("DELETE", None)):
            response = await client.request(method, f"/slots/{slot['id']}/", json=body,
                                            headers=specialist.headers)
            assert_error(response, 409, "slot_not_free")
        if step == "agreement":
            await _act(client, specialist, slot, "agree")
    unchanged = (await client.get(f"/slots/{slot['id']}/", headers=specialist.headers)).json()
    assert (unchanged["context"], unchanged["cost"], unchanged["start_time"]) == (
        slot["context"], slot["cost"], slot["start_time"])


async def test_editing_and_deleting_a_free_slot(app, client):
    specialist, _ = await _people(app)
    slot = await create_slot(client, specialist, future(1))
    edited = await client.patch(f"/slots/{slot['id']}/", json={"context": "Second opinion", "cost": 75},
                                headers=specialist.headers)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["context"], edited.json()["cost"], edited.json()["version"]) == (
        "Second opinion", "75.00", 2)
    start = future(10)
    moved = await client.patch(f"/slots/{slot['id']}/", json=slot_body(start, 45), headers=specialist.headers)
    body = moved.json()
    assert moved.status_code == 200 and body["version"] == 3
    assert (body["start_time"], body["end_time"]) == (
        start.isoformat(), (start + timedelta(minutes=45)).isoformat())
    # Moving only the end, to before the start, is refused.
    assert_error(await client.patch(f"/slots/{slot['id']}/", json={"end_time": start.isoformat()},
                                    headers=specialist.headers), 422, "slot_empty")
    assert_error(await client.patch(f"/slots/{slot['id']}/",
                                    json={"end_time": (start - timedelta(hours=1)).isoformat()},
                                    headers=specialist.headers), 422, "slot_reversed")
    # An empty change changes nothing.
    same = await client.patch(f"/slots/{slot['id']}/", json={}, headers=specialist.headers)
    assert same.status_code == 200 and same.json()["version"] == 3

    assert (await client.delete(f"/slots/{slot['id']}/", headers=specialist.headers)).status_code == 204
    assert_error(await client.get(f"/slots/{slot['id']}/", headers=specialist.headers), 404)
    assert_error(await client.delete(f"/slots/{slot['id']}/", headers=specialist.headers), 404)


async def test_refused_transitions(app, client):
    specialist, customer = await _people(app)
    other, = await make_users(app, "client", 1)
    slot = await create_slot(client, specialist, future(1))
    # Nothing to agree to or cancel on a free slot; the client has nothing to withdraw.
    assert_error(await act(client, specialist, slot, "agree"), 409, "no_request")
    assert_error(await act(client, specialist, slot, "cancel_specialist"),
                 409, "no_request")
    assert_error(await act(client, customer, slot, "cancel_client"), 404)

    await _act(client, customer, slot, "reserve")
    assert_error(await act(client, customer, slot, "reserve"), 409,
                 "already_reserved")
    assert_error(await act(client, other, slot, "reserve"), 409, "slot_taken")
    await _act(client, specialist, slot, "agree")
    assert_error(await act(client, specialist, slot, "agree"), 409,
                 "already_agreed")
    assert_error(await act(client, other, slot, "reserve"), 409, "slot_taken")
    # Unknown slots.
    for action in ("reserve", "cancel_client"):
        assert_error(await client.patch(f"/slots/424242/{action}/", headers=customer.headers), 404)
    for action in ("agree", "cancel_specialist"):
        assert_error(await client.patch(f"/slots/424242/{action}/", headers=specialist.headers), 404)


async def test_cancel_bodies_are_checked(app, client):
    specialist, customer = await _people(app)
    slot = await create_slot(client, specialist, future(1))
    await _act(client, customer, slot, "reserve")
    for body in ({"reason": "bored"}, {"reason": None}, {"text": "x" * 256}, {"reason": 3}, {"text": 5}):
        for account, action in ((customer, "cancel_client"), (specialist, "cancel_specialist")):
            assert_error(await act(client, account, slot, action, body), 422, "invalid")
    current = await client.get(f"/slots/{slot['id']}/", headers=customer.headers)
    assert current.json()["status"] == "agreement"


async def test_past_slots_cannot_be_created_or_reserved(app, client):
    specialist, customer = await _people(app)
    for start in (past(2), past(0.01)):
        assert_error(await client.post("/slots/", json=slot_body(start), headers=specialist.headers), 422,
                     "slot_in_past")
    slot = await create_slot(client, specialist, future(1))
    assert_error(await client.patch(f"/slots/{slot['id']}/", json=slot_body(past(2)),
                                    headers=specialist.headers), 422, "slot_in_past")
    # Time passes: the free slot has started. It cannot be reserved any more.
    await move_slot(app, slot["id"], past(0.5), past(0.5) + timedelta(hours=1))
    assert_error(await act(client, customer, slot, "reserve"), 409,
                 "slot_in_past")
    assert await _visible_ids(client, customer) == []


async def _visible_ids(client, account, query=""):  # type: ignore[no-untyped-def]
    return [s["id"] for s in (await client.get(f"/slots/{query}", headers=account.headers)).json()]


async def test_agreed_slot_reads_completed_once_over(app, client):
    specialist, customer = await _people(app)
    slot = await create_slot(client, specialist, future(1), context="Review")
    waiting = await create_slot(client, specialist, future(3))
    for s in (slot, waiting):
        await _act(client, customer, s, "reserve")
    await _act(client, specialist, slot, "agree")
    await move_slot(app, slot["id"], past(3), past(2))
    await move_slot(app, waiting["id"], past(6), past(5))

    for account in (specialist, customer):
        seen = (await client.get(f"/slots/{slot['id']}/", headers=account.headers)).json()
        assert seen["status"] == "completed"
        assert await _visible_ids(client, account, "?status=completed") == [slot["id"]]
        assert await _visible_ids(client, account, "?status=reserved") == []
        history = (await client.get("/history/", headers=account.headers)).json()
        assert [(e["slot"], e["outcome"], e["reason"]) for e in history] == [(slot["id"], "completed", None)]
        assert history[0]["context"] == "Review"
    # A completed consultation cannot be changed, cancelled or agreed again.
    assert_error(await act(client, specialist, slot, "cancel_specialist"),
                 409, "slot_completed")
    assert_error(await act(client, customer, slot, "cancel_client"), 409)
    path = f"/slots/{slot['id']}/"
    assert_error(await client.patch(path, json={"context": "x"}, headers=specialist.headers), 409,
                 "slot_not_free")
    assert_error(await client.delete(path, headers=specialist.headers), 409, "slot_not_free")
    assert_error(await act(client, specialist, slot, "agree"), 409)
    # A request the specialist never answered cannot be agreed once the slot is over.
    assert_error(await act(client, specialist, waiting, "agree"), 409,
                 "slot_in_past")


async def test_slot_time_rules_and_stored_values(app, client):
    from zoneinfo import ZoneInfo

    specialist, _ = await _people(app)
    start = future(1)
    for minutes, code in ((4, "slot_too_short"), (12 * 60 + 1, "slot_too_long"), (0, "slot_empty"),
                          (-30, "slot_reversed")):
        response = await client.post("/slots/", json=slot_body(start, minutes), headers=specialist.headers)
        assert_error(response, 422, code)
    # Times are kept as instants and answered in UTC, whatever offset they were written with.
    moscow = start.astimezone(ZoneInfo("Europe/Moscow"))
    created = await client.post("/slots/", json=slot_body(moscow, 5, cost="1e2"), headers=specialist.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["start_time"] == start.isoformat() and body["cost"] == "100.00"
    longest = await client.post("/slots/", json=slot_body(future(3), 12 * 60, cost=0),
                                headers=specialist.headers)
    assert longest.status_code == 201 and longest.json()["cost"] == "0.00"


async def test_history_survives_the_slot(app, client):
    specialist, customer = await _people(app)
    slot = await create_slot(client, specialist, future(1), context="Kept")
    await _act(client, customer, slot, "reserve")
    await _act(client, specialist, slot, "cancel_specialist", {"reason": "got sick", "text": "Flu"})
    assert (await client.delete(f"/slots/{slot['id']}/", headers=specialist.headers)).status_code == 204
    for account in (customer, specialist):
        history = (await client.get("/history/", headers=account.headers)).json()
        assert [(e["slot"], e["outcome"], e["text"], e["context"]) for e in history] == [
            (None, "declined", "Flu", "Kept")]
        assert history[0]["start_time"] == slot["start_time"]
