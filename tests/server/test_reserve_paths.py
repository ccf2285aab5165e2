"""On PostgreSQL a reservation is first tried as one statement (the update, its change-log row and
its email as data-modifying CTEs, in a transaction of its own); whatever that cannot do falls back
to the ordinary transaction. Both paths must write exactly the same."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.snapshot import Snapshot
from planner_server.slots import service
from planner_server.sync.models import Change
from planner_server.users.service import active_principal
from tests.server.helpers import act, assert_error, create_slot, future, make_users

# What differs between two reservations of two slots by design.
_PER_SLOT = {"id", "cursor", "entity_id", "start_time", "end_time", "context", "updated_at", "created_at"}


async def _written(db: Any, slot_id: int) -> tuple[dict[str, Any], Any, Snapshot]:
    async with db.session(write=False) as session:
        latest = select(Change).where(Change.entity_id == slot_id).order_by(Change.id.desc()).limit(1)
        change = (await session.execute(latest)).scalar_one()
        message = (await session.execute(
            select(OutboxMessage).where(OutboxMessage.slot_id == slot_id))).scalar_one()
    row = {column: getattr(change, column) for column in Change.__table__.columns.keys()}  # noqa: SIM118
    return row, message, Snapshot.from_json(message.payload)


async def test_the_one_statement_reservation_writes_what_the_transaction_writes(app, client, monkeypatch):
    db = app.state.context.db
    if not db.is_postgres:
        pytest.skip("SQLite reserves in the ordinary transaction only")
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    first = await create_slot(client, specialist, future(1), 60, context="First", cost="12.50")
    second = await create_slot(client, specialist, future(3), 45, context="Second", cost="12.50")

    async def no_fallback(**_: Any) -> None:
        raise AssertionError("the one-statement path fell back to the transaction")

    with monkeypatch.context() as patch:
        patch.setattr(service, "reserve", no_fallback)
        response = await act(client, customer, first, "reserve")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer == (await client.get(f"/slots/{first['id']}/", headers=customer.headers)).json()
    assert answer["status"] == "agreement" and answer["client"] == customer.id
    assert answer["client_name"] == f"Bulk {customer.email}"

    async with db.session() as session:  # the same reservation through the transaction path
        principal = await active_principal(session=session, user_id=customer.id)
        await service.reserve(session=session, client=principal, slot_id=second["id"])

    fast_change, fast_message, fast_snapshot = await _written(db, first["id"])
    slow_change, slow_message, slow_snapshot = await _written(db, second["id"])
    assert fast_change["cursor"] is not None and fast_change["entity_id"] == first["id"]
    assert {k: v for k, v in fast_change.items() if k not in _PER_SLOT} == \
        {k: v for k, v in slow_change.items() if k not in _PER_SLOT}
    assert (fast_change["start_time"].isoformat(), fast_change["context"]) == (first["start_time"], "First")
    for column in ("kind", "recipient_id", "status", "attempts"):
        assert getattr(fast_message, column) == getattr(slow_message, column), column
    assert fast_message.recipient_id == specialist.id
    assert fast_snapshot.start.isoformat() == first["start_time"]
    assert fast_snapshot.end.isoformat() == first["end_time"]
    assert fast_snapshot.context == "First"
    per_slot = ("start", "end", "context")
    assert ({k: v for k, v in vars(fast_snapshot).items() if k not in per_slot}
            == {k: v for k, v in vars(slow_snapshot).items() if k not in per_slot})


async def test_whatever_one_statement_cannot_reserve_the_transaction_explains(app, client):
    """Refusals come from the transaction path, with the same answers on both databases."""
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
