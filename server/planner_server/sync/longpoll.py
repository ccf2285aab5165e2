"""GET /sync/?wait=: hold the request until a change this user may see has committed."""

from __future__ import annotations

import asyncio
from typing import Any

from planner_server.db import Database
from planner_server.principal import Principal
from planner_server.sync import feed
from planner_server.sync.hub import Hub

MAX_WAIT = 30.0


async def read(*, db: Database, hub: Hub | None, user: Principal, since: int,
               limit: int) -> dict[str, Any]:
    """The page after ``since``: from the process's tail when it holds it, else the database.

    The tail may trail the database by the changes whose notices are on their way; a waiter is
    woken once they are in it.
    """
    page = await hub.page(user=user, since=since, limit=limit) if hub is not None else None
    if page is not None:
        return page
    async with db.session(write=False) as session:
        return await feed.read_page(session=session, user=user, since=since, limit=limit)


async def follow(*, db: Database, hub: Hub | None, user: Principal, since: int, wait: float,
                 limit: int, batch: float = 0.0) -> dict[str, Any]:
    """The next page after ``since``; when it is empty, wait up to ``wait`` seconds for one.

    The waiter subscribes before the first read, so a change committed between that read and the
    wait still wakes it. While waiting the request holds no database connection. A page with
    changes is answered no sooner than ``batch`` seconds after the request arrived (unless it is
    full): under a stream of changes each desktop then gets a batch per round trip rather than a
    change per round trip, which would turn long-polling into tight polling.
    """
    if wait <= 0 or hub is None:  # straight from the database: it shows the caller's own writes
        return await read(db=db, hub=None, user=user, since=since, limit=limit)
    loop = asyncio.get_running_loop()
    arrived = loop.time()
    deadline = arrived + min(wait, MAX_WAIT)
    with hub.subscription(user_id=user.id, role=user.role) as waiter:
        page = await read(db=db, hub=hub, user=user, since=since, limit=limit)
        while not page["more"] and not hub.closed:
            if page["changes"]:
                held = arrived + batch - loop.time()
                if held > 0:  # the window is still open: take what else arrives in it
                    await asyncio.sleep(held)
                    page = await read(db=db, hub=hub, user=user, since=since, limit=limit)
                break
            remaining = deadline - loop.time()
            if remaining <= 0 or not await waiter.wait(remaining):
                # time is up: answer with the newest cursor the tail knows (past unseen changes)
                page = await hub.page(user=user, since=page["cursor"], limit=limit) or page
                break
            waiter.event.clear()
            page = await read(db=db, hub=hub, user=user, since=page["cursor"], limit=limit)
    return page
