"""Where the sender runs: inside each server process (a lifespan task; only the leader sends) or
as its own process, ``planner-server worker``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from planner_server.config import Settings
from planner_server.context import ServerContext
from planner_server.db import Database
from planner_server.notifications.sender import Sender

log = logging.getLogger("planner_server.mail")
STOP_GRACE_SECONDS = 10.0
# Inside a server, rendering and sending take at most this much of one core: requests come first
# (during a reservation storm the backlog waits; it is cleared when the storm has passed).
IN_SERVER_CPU_SHARE = 0.25


@contextlib.asynccontextmanager
async def running_sender(sender: Sender) -> AsyncIterator[Sender]:
    """The sender's loop as a background task, stopped (between two messages) on exit."""
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop), name="mail-sender")
    try:
        yield sender
    finally:
        stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=STOP_GRACE_SECONDS)
        except TimeoutError:
            log.warning("mail sender did not stop in %.0f s; cancelling it", STOP_GRACE_SECONDS)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


@contextlib.asynccontextmanager
async def mail_worker(context: ServerContext) -> AsyncIterator[None]:
    """The server feature (main.FEATURES): delivery in this process unless PLANNER_RUN_MAIL_WORKER=false."""
    if not context.settings.run_mail_worker:
        yield
        return
    sender = Sender(db=context.db, settings=context.settings, cpu_share=IN_SERVER_CPU_SHARE)
    context.extras["mail_sender"] = sender
    async with running_sender(sender):
        yield


async def serve(settings: Settings) -> None:
    """``planner-server worker``: deliver until SIGTERM or SIGINT."""
    db = Database(settings.effective_database_url, pool_size=2)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C raises instead
            loop.add_signal_handler(signum, stop.set)
    try:
        async with running_sender(Sender(db=db, settings=settings)):
            await stop.wait()
    finally:
        await db.dispose()
