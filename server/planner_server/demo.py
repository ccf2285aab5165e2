"""The demo population written into a database (``planner --demo``, ``planner-server seed-demo``).

Who and what is in it is :mod:`planner_shared.demo`; this module writes it through the users and
slots services, as the accounts' own requests would, so the rules and the notifications are the
services' own (and the change-feed rows, as for every write, the database's triggers'). Only the
slots already over cannot go that way (a slot cannot be created in the past):
:func:`_insert_past_slot` writes those as they were.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, tzinfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from planner_server.auth.passwords import hash_password
from planner_server.db import Database
from planner_server.principal import Principal, load_principal
from planner_server.slots import service as slots
from planner_server.slots.models import Slot
from planner_server.users import service as users
from planner_server.users.models import User
from planner_shared import demo
from planner_shared.enums import Role
from planner_shared.schemas import CommentCreate, SlotCreate, UserCreate

log = logging.getLogger("planner_server.demo")


async def seed_demo(db: Database, *, zone: tzinfo | None = None) -> bool:
    """Fill an empty database with the demo population; leave a used one alone.

    Returns whether it seeded. The fortnight of slots is laid out around now, in working hours of
    ``zone`` (default: this machine's time zone); everything is written in one transaction, so a
    failure leaves the database empty.
    """
    async with db.session(write=False) as session:
        if await _has_users(session):
            return False
    started = time.monotonic()
    # Every demo account has the same password: hashed once (a hash takes a noticeable moment), and
    # outside the transaction, which on SQLite holds the write lock from its first query.
    password_hash = await run_in_threadpool(hash_password, demo.DEMO_PASSWORD)
    zone = zone or datetime.now().astimezone().tzinfo
    assert zone is not None
    async with db.session() as session:
        if await _has_users(session):  # filled meanwhile by someone else
            return False
        principals: dict[str, Principal] = {}
        for account in (demo.ADMIN, *demo.SPECIALISTS, *demo.CLIENTS, demo.BLOCKED_CLIENT):
            principals[account.email] = await _register(session, account, password_hash)
        admin = principals[demo.ADMIN.email]
        for account in demo.EVERYONE:
            if account.blocked:
                await users.set_blocked(session=session, admin=admin, user_id=principals[account.email].id,
                                        blocked=True)
        now = datetime.now(zone)
        for planned in demo.week_plan(now, zone):
            specialist = principals[demo.SPECIALISTS[planned.specialist].email]
            client = None if planned.client is None else principals[demo.CLIENTS[planned.client].email]
            if planned.end <= now:
                await _insert_past_slot(session, planned, specialist=specialist, client=client)
                continue
            created = await slots.create_slot(session=session, specialist=specialist, data=SlotCreate(
                start_time=planned.start, end_time=planned.end, context=planned.context,
                cost=planned.cost))
            if client is None:
                continue
            await slots.reserve(session=session, client_id=client.id, slot_id=created["id"],
                                    generation=client.token_generation)
            if planned.state == "reserved":
                await slots.agree(session=session, specialist=specialist, slot_id=created["id"])
            elif planned.state == "cancelled":
                await slots.cancel_by_client(session=session, client=client, slot_id=created["id"],
                                             comment=CommentCreate(reason=planned.reason,
                                                                   text=planned.text))
    log.info("demo data written in %.2f s", time.monotonic() - started)
    return True


async def _has_users(session: AsyncSession) -> bool:
    return bool(await session.scalar(select(func.count()).select_from(User)))


async def _register(session: AsyncSession, account: demo.DemoAccount, password_hash: str) -> Principal:
    """The account, registered as `planner-server create-admin` or a sign-up would."""
    data = UserCreate(first_name=account.first_name, last_name=account.last_name,
                      middle_name=account.middle_name, email=account.email, phone=account.phone,
                      role=Role.CLIENT,  # what a sign-up may ask for; ``role=`` below decides
                      password=demo.DEMO_PASSWORD)
    created = await users.register(session=session, data=data, role=account.role,
                                   is_staff=account.role is Role.ADMIN, password_hash=password_hash)
    principal = await load_principal(session=session, user_id=created["id"])
    assert principal is not None
    return principal


async def _insert_past_slot(session: AsyncSession, planned: demo.PlannedSlot, *,
                            specialist: Principal, client: Principal | None) -> None:
    """A slot already over, written as it was (taken and agreed, or left free): the slots service
    refuses to create a slot in the past."""
    slot = Slot(specialist_id=specialist.id, client_id=client.id if client else None,
                start_time=planned.start, end_time=planned.end, context=planned.context,
                cost_cents=slots.to_cents(planned.cost), status="reserved" if client else "free",
                created_at=planned.start, updated_at=planned.start, version=1)
    session.add(slot)
    await session.flush()  # the change log's trigger records it, as any other write
