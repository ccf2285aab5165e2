"""A reservation is one conditional update (on PostgreSQL with its email, in one statement); the
change log's trigger records it; when it reserves nothing, the row read after it explains why."""

from __future__ import annotations

import json

from sqlalchemy import select

from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.snapshot import Snapshot
from planner_server.sync.models import Change
from tests.server.helpers import act, assert_error, create_slot, future, make_users


async def test_a_reservation_writes_its_change_and_its_email_once(app, client):
    db = app.state.context.db
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    slot = await create_slot(client, specialist, future(1), 60, context="First", cost="12.50")
    response = await act(client, customer, slot, "reserve")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer == (await client.get(f"/slots/{slot['id']}/", headers=customer.headers)).json()
    assert answer["status"] == "agreement" and answer["client"] == customer.id
    assert answer["client_name"] == f"Bulk {customer.email}"

    async with db.session(write=False) as session:
        changes = (await session.execute(
            select(Change).where(Change.entity == "slot", Change.entity_id == slot["id"])
            .order_by(Change.id))).scalars().all()
        message = (await session.execute(
            select(OutboxMessage).where(OutboxMessage.slot_id == slot["id"]))).scalar_one()
    created, reserved = changes  # the creation, then the reservation: nothing more
    assert reserved.cursor is not None and reserved.cursor > created.cursor
    assert reserved.status == "agreement" and reserved.client_id == customer.id
    assert reserved.previous_client_id is None
    assert json.loads(reserved.data) == answer  # the feed says what the answer said
    assert (message.kind, message.recipient_id) == ("reserved", specialist.id)
    assert message.status == "pending"
    snapshot = Snapshot.from_json(message.payload)
    assert (snapshot.specialist, snapshot.client, snapshot.context, snapshot.cost_cents) == \
        (specialist.id, customer.id, "First", 1250)
    assert (snapshot.start.isoformat(), snapshot.end.isoformat()) == (slot["start_time"], slot["end_time"])


async def test_a_refused_reservation_is_explained(app, client):
    """The same answers on both databases, from the row read after the update did nothing."""
    specialist, = await make_users(app, "specialist", 1)
    first, second = await make_users(app, "client", 2)
    slot = await create_slot(client, specialist, future(1), 60)
    overlapping = await create_slot(client, specialist, future(1, minutes=60), 60)
    assert (await act(client, first, slot, "reserve")).status_code == 200
    assert_error(await act(client, second, slot, "reserve"), 409, "slot_taken")
    assert_error(await act(client, first, slot, "reserve"), 409, "already_reserved")
    assert_error(await act(client, specialist, overlapping, "reserve"), 403, "wrong_role")
    assert_error(await act(client, first, {"id": 2**31 - 1}, "reserve"), 404, "slot_not_found")
    async with app.state.context.db.session() as session:
        from sqlalchemy import update

        from planner_server.users.models import User

        await session.execute(update(User).where(User.id == second.id).values(is_blocked=True))
    assert_error(await act(client, second, overlapping, "reserve"), 403, "user_blocked")
