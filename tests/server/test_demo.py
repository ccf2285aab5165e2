"""seed_demo: the demo population written through the services into an empty database, and only there."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from planner_server.demo import seed_demo
from planner_server.slots.models import Comment, Slot
from planner_server.sync.models import Change
from planner_server.users.models import User
from planner_shared import demo
from planner_shared.enums import CancelReason, Role
from tests.server.helpers import Account, sign_in
from tests.server.sync.feedutil import drain

# The status (and whether a client holds it) each planned state is written as.
WRITTEN_AS = {"free": ("free", False), "agreement": ("agreement", True), "reserved": ("reserved", True),
              "completed": ("reserved", True), "cancelled": ("free", False)}


def _plan() -> list[demo.PlannedSlot]:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return demo.week_plan(datetime.now(zone), zone)


def _written(plan: list[demo.PlannedSlot]) -> Counter[tuple[str, bool]]:
    return Counter(WRITTEN_AS[p.state] for p in plan)


async def _counts(db: Any) -> tuple[int, ...]:
    async with db.session(write=False) as session:
        return tuple([await session.scalar(select(func.count()).select_from(table))
                      for table in (User, Slot, Comment, Change)])


async def test_an_empty_database_gets_the_demo_population_with_its_change_rows(app, client) -> None:  # type: ignore[no-untyped-def]
    db = app.state.context.db
    before = _plan()
    assert await seed_demo(db)
    after = _plan()  # the same unless a planned slot ended meanwhile (then the rest differs too)

    async with db.session(write=False) as session:
        users = {row.email: row for row in await session.execute(
            select(User.id, User.email, User.role, User.is_staff, User.is_blocked))}
        slots = (await session.execute(
            select(Slot.id, Slot.status, Slot.client_id, Slot.start_time, Slot.end_time))).all()
        comments = (await session.execute(select(Comment.reason, Comment.author_id))).all()
        changes = (await session.execute(select(Change.entity, Change.entity_id))).all()

    assert set(users) == {a.email for a in demo.EVERYONE}
    for account in demo.EVERYONE:
        user = users[account.email]
        assert (Role(user.role), user.is_blocked) == (account.role, account.blocked)
        assert user.is_staff == (account.role is Role.ADMIN)
    assert [email for email, user in users.items() if user.is_blocked] == [demo.BLOCKED_CLIENT.email]

    statuses = Counter((s.status, s.client_id is not None) for s in slots)
    assert statuses in (_written(before), _written(after))
    plan = before if statuses == _written(before) else after
    assert {"free", "agreement", "reserved"} <= {s.status for s in slots}
    # consultations already over (none on a Monday morning) are written as they were: agreed
    now = datetime.now().astimezone()
    over = {(s.start_time, s.client_id is not None) for s in slots if s.end_time <= now}
    assert {(p.start, True) for p in plan if p.state == "completed"} <= over
    # the one request its client withdrew, with the reason
    withdrawn = [p for p in plan if p.state == "cancelled"]
    assert len(withdrawn) == 1 and withdrawn[0].client is not None
    assert [(c.reason, c.author_id) for c in comments] == [
        (CancelReason.SCHEDULE_CONFLICT.value, users[demo.CLIENTS[withdrawn[0].client].email].id)]

    # every user and every slot is in the change log, so that a desktop's feed brings them
    assert {i for e, i in changes if e == "user"} == {u.id for u in users.values()}
    assert {i for e, i in changes if e == "slot"} == {s.id for s in slots}
    admin_tokens = await sign_in(client, demo.ADMIN.email, demo.DEMO_PASSWORD)
    admin = Account(users[demo.ADMIN.email].id, demo.ADMIN.email, "admin", admin_tokens["access"],
                    admin_tokens["refresh"])
    fed, _ = await drain(client, admin, 0)
    assert {c["id"] for c in fed if c["entity"] == "user"} == {u.id for u in users.values()}
    assert {c["id"] for c in fed if c["entity"] == "slot"} == {s.id for s in slots}

    # every account shares the demo password; the blocked one may not sign in
    await sign_in(client, demo.SPECIALISTS[0].email, demo.DEMO_PASSWORD)
    refused = await client.post("/auth/jwt/create/", json={"email": demo.BLOCKED_CLIENT.email,
                                                           "password": demo.DEMO_PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "user_blocked"


async def test_a_used_database_is_left_alone(app) -> None:  # type: ignore[no-untyped-def]
    db = app.state.context.db
    assert await seed_demo(db)
    seeded = await _counts(db)
    assert not await seed_demo(db)
    assert await _counts(db) == seeded
