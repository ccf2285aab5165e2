"""The calendars' background loop: every few minutes each connected calendar is synced, and every
few seconds the consultations to write back are written. One process of a deployment runs it
(PostgreSQL: a session-level advisory lock; SQLite: a lock file), like the mail sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from planner_server.calendars import service, writeback
from planner_server.calendars.runtime import WAKE, secret_box, uid_domain
from planner_server.context import ServerContext
from planner_server.db import sqlite_path
from planner_server.notifications.leadership import AdvisoryLock, Everyone, FileLock, Leadership

log = logging.getLogger("planner_server.calendars")
LEADER_KEY = 19  # the second key of the leader's lock (the mail sender's namespace, key 0 is its own)
WRITE_POLL_SECONDS = 5.0
MIN_GAP_SECONDS = 1.0  # woken by every commit of this process: at most one round a second


def _leadership(context: ServerContext) -> Leadership:
    db = context.db
    if db.is_postgres:
        return AdvisoryLock(db, key=LEADER_KEY)
    path = sqlite_path(db.url)
    return Everyone() if path is None else FileLock(Path(str(path) + ".calendars.lock"))


async def run_round(context: ServerContext) -> None:
    box = secret_box(context)
    for user_id in await service.due_accounts(db=context.db, now=service.utcnow()):
        try:
            await service.sync_account(db=context.db, box=box, user_id=user_id)
        except Exception:  # one account's trouble never stops the others
            log.exception("calendar sync of user %s failed", user_id)
    for user_id in await writeback.accounts_writing(db=context.db):
        try:
            await writeback.write_back(db=context.db, box=box, user_id=user_id,
                                       domain=uid_domain(context))
        except Exception:
            log.exception("calendar write-back of user %s failed", user_id)


@contextlib.asynccontextmanager
async def calendar_worker(context: ServerContext) -> AsyncIterator[None]:
    """The server feature (main.FEATURES), unless PLANNER_RUN_CALENDAR_WORKER=false."""
    if not context.settings.run_calendar_worker:
        yield
        return
    stop = asyncio.Event()
    woken = context.extras[WAKE] = asyncio.Event()
    leadership = _leadership(context)

    async def loop() -> None:
        while not stop.is_set():
            woken.clear()
            try:
                if await leadership.hold():
                    await run_round(context)
            except Exception:
                log.exception("calendar round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=MIN_GAP_SECONDS)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_either(stop, woken), timeout=WRITE_POLL_SECONDS)
        await leadership.release()

    task = asyncio.create_task(loop(), name="calendars")
    context.db.commit_hooks.append(woken.set)
    try:
        yield
    finally:
        context.db.commit_hooks.remove(woken.set)
        stop.set()
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await asyncio.wait_for(task, timeout=30)


async def _either(*events: asyncio.Event) -> None:
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
