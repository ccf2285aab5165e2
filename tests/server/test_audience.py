"""One rule of who sees which slot (slots.audience), in two forms: over the slots in SQL (the list)
and over a slot's change row (the feed). For every user and every kind of slot they must agree."""

from __future__ import annotations

from sqlalchemy import select, update

from planner_server.principal import load_principal
from planner_server.slots.audience import audience_of
from planner_server.slots.fields import slot_select
from planner_server.slots.models import Slot
from planner_server.sync.models import Change
from planner_server.users.models import User
from planner_shared.rules import utcnow
from tests.server.helpers import act, create_slot, future, make_users, move_slot, past


async def test_the_list_and_the_feed_apply_the_same_rule(app, client):
    specialist, blocked_specialist = await make_users(app, "specialist", 2)
    first, second = await make_users(app, "client", 2)
    admin, = await make_users(app, "admin", 1)
    free = await create_slot(client, specialist, future(1))
    requested = await create_slot(client, specialist, future(3))
    agreed = await create_slot(client, specialist, future(5))
    over = await create_slot(client, specialist, future(7))
    unlisted = await create_slot(client, blocked_specialist, future(1))
    assert (await act(client, first, requested, "reserve")).status_code == 200
    assert (await act(client, second, agreed, "reserve")).status_code == 200
    assert (await act(client, specialist, agreed, "agree")).status_code == 200
    await move_slot(app, over["id"], past(3), past(2))  # free, but its time has passed
    db = app.state.context.db
    async with db.session() as session:
        await session.execute(update(User).where(User.id == blocked_specialist.id).values(is_blocked=True))

    ids = {slot["id"] for slot in (free, requested, agreed, over, unlisted)}
    now = utcnow()
    async with db.session(write=False) as session:
        latest = {}  # each slot's newest change row: the slot as it now is
        for row in (await session.execute(
                select(Change).where(Change.entity == "slot", Change.entity_id.in_(ids))
                .order_by(Change.cursor))).scalars():
            latest[row.entity_id] = row
        for account in (specialist, blocked_specialist, first, second, admin):
            audience = audience_of(await load_principal(session=session, user_id=account.id))
            in_sql = set(await session.scalars(
                slot_select(Slot.id).where(Slot.id.in_(ids), audience.slots(now))))
            in_rows = {slot_id for slot_id, row in latest.items() if audience.sees(row, now)}
            assert in_sql == in_rows, account.role
    assert latest[unlisted["id"]].listed is False  # the block was recorded as a follow-up
    expected = {first.id: {free["id"], requested["id"]}, second.id: {free["id"], agreed["id"]}}
    async with db.session(write=False) as session:
        for client_id, seen in expected.items():
            audience = audience_of(await load_principal(session=session, user_id=client_id))
            assert set(await session.scalars(
                slot_select(Slot.id).where(Slot.id.in_(ids), audience.slots(now)))) == seen
