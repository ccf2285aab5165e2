"""The live part of the sync feed in a running server: the hub, its wake-ups and the pruner."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from datetime import timedelta
from typing import Any

from planner_server.auth.tokens import TokenSubject
from planner_server.context import ServerContext
from planner_server.principal import Principal, active_principal
from planner_server.sync import longpoll
from planner_server.sync.hub import Hub
from planner_server.sync.listener import ChangeListener
from planner_server.sync.prune import prune_changes
from planner_server.sync.tail import Tail
from planner_shared.rules import utcnow

log = logging.getLogger("planner_server.sync")

EXTRAS_KEY = "sync_hub"  # ServerContext.extras
PRUNE_FIRST_AFTER_SECONDS = 60.0  # not in the rush of start-up
PRUNE_EVERY_SECONDS = 3600.0


def hub_of(context: ServerContext) -> Hub | None:
    hub: Hub | None = context.extras.get(EXTRAS_KEY)
    return hub


async def feed_principal(context: ServerContext, bearer: TokenSubject) -> Principal:
    """The signed-in user, as every endpoint checks it (401 also when the token's session has
    ended, 403 when blocked or deactivated), but kept by the process between a desktop's long-polls
    until a change to that user is noticed (an ended session changes the user's row)."""
    hub = hub_of(context)
    if (hub is not None and (known := hub.principals.get(bearer.user_id)) is not None
            and known.token_generation == bearer.generation):
        return known
    generation = hub.principals.generation if hub is not None else 0
    async with context.db.session(write=False) as session:
        principal = await active_principal(session=session, user_id=bearer.user_id,
                                           generation=bearer.generation)
    if hub is not None:
        hub.principals.put(principal, read_at_generation=generation)
    return principal


async def follow_feed(context: ServerContext, user: Principal, *, since: int, wait: float,
                      limit: int) -> dict[str, Any]:
    """GET /sync/?since=…: the next page of ``user``'s feed, waited for up to ``wait`` seconds."""
    return await longpoll.follow(db=context.db, hub=hub_of(context), user=user, since=since, wait=wait,
                                 limit=limit, batch=context.settings.sync_batch_ms / 1000)


@asynccontextmanager
async def live_sync(context: ServerContext) -> AsyncIterator[Hub]:
    """The hub hears of every commit of this process at once; on PostgreSQL one LISTEN
    connection feeds it with every process's commits, with their changes."""
    hub = Hub(Tail(context.db), notified=context.db.is_postgres)
    context.extras[EXTRAS_KEY] = hub
    hub.wake_all()  # reads the head into the tail
    context.db.commit_hooks.append(hub.committed)
    context.change_hooks = hub.change_hooks
    listener = ChangeListener(context.db.url, hub) if context.db.is_postgres else None
    if listener is not None:
        await listener.start()
    keep = timedelta(days=context.settings.sync_keep_days)
    pruner = asyncio.create_task(_prune_forever(context, keep), name="planner-sync-pruner")
    try:
        with _released_on_exit_signal(hub):
            yield hub
    finally:
        context.db.commit_hooks.remove(hub.committed)
        context.change_hooks = None
        await hub.aclose()
        pruner.cancel()
        with suppress(asyncio.CancelledError):
            await pruner
        if listener is not None:
            await listener.stop()
        context.extras.pop(EXTRAS_KEY, None)


@contextmanager
def _released_on_exit_signal(hub: Hub) -> Iterator[None]:
    """On SIGTERM/SIGINT, answer the held long-polls at once, then let the server's own handler
    run: a graceful shutdown waits for open requests, and a long-poll may be held for 30 s.

    Signals can only be handled in the main thread; an embedded server closes its hub itself.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    previous: dict[int, Any] = {n: signal.getsignal(n) for n in (signal.SIGTERM, signal.SIGINT)}

    def release_then_exit(number: int, frame: Any) -> None:
        loop.call_soon_threadsafe(hub.close)
        handler = previous[number]
        if callable(handler):
            handler(number, frame)
        else:  # no handler of the server's own: behave as if this one were not here
            signal.signal(number, handler)
            signal.raise_signal(number)

    for number in previous:
        signal.signal(number, release_then_exit)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


async def _prune_forever(context: ServerContext, keep: timedelta) -> None:
    await asyncio.sleep(PRUNE_FIRST_AFTER_SECONDS)
    while True:
        try:
            removed = await prune_changes(db=context.db, before=utcnow() - keep)
            if removed:
                log.info("change feed: pruned %d changes older than %s", removed, keep)
        except Exception:  # a failed prune is retried next time; it must not stop the server
            log.exception("change feed: pruning failed")
        await asyncio.sleep(PRUNE_EVERY_SECONDS)
