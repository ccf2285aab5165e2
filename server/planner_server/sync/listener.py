"""One LISTEN connection per server process (PostgreSQL): committed changes from any process,
fanned out to this process's waiting long-polls through its hub."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

import psycopg
from sqlalchemy.engine import make_url

from planner_server.sync.hub import Hub, Notice
from planner_server.sync.models import NOTIFY_CHANNEL

log = logging.getLogger("planner_server.sync")

APPLICATION_NAME = "planner-sync-listener"  # as pg_stat_activity shows it
IDLE_CHECK_SECONDS = 30.0  # with no notification for this long, check the connection is alive
MIN_BACKOFF_SECONDS = 0.25
MAX_BACKOFF_SECONDS = 10.0


def libpq_url(url: str) -> str:
    """``postgresql+psycopg://…`` or ``postgres://…`` as the plain URL libpq reads."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    def __init__(self, url: str, hub: Hub) -> None:
        self._conninfo = libpq_url(url)
        self._hub = hub
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    async def start(self, *, ready_timeout: float = 5.0) -> None:
        """Start listening; wait a little for the first connection, but never fail start-up on it."""
        self._task = asyncio.create_task(self._run(), name="planner-sync-listener")
        with suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), ready_timeout)
        if not self.listening.is_set():
            log.warning("change feed: not yet listening for changes; long-polls fall back to "
                        "their time-outs until the database answers")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        backoff = MIN_BACKOFF_SECONDS
        while True:
            try:
                await self._listen()
            except (psycopg.Error, OSError) as error:
                if self.listening.is_set():  # it had worked: try again soon
                    backoff = MIN_BACKOFF_SECONDS
                log.warning("change feed: listen connection lost or refused (%s); retrying in %.2f s",
                            str(error).strip() or type(error).__name__, backoff)
            self.listening.clear()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    async def _listen(self) -> None:
        async with await psycopg.AsyncConnection.connect(
                self._conninfo, autocommit=True, application_name=APPLICATION_NAME) as conn:
            await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self.listening.set()
            self._hub.wake_all()  # whatever committed while nobody listened is read now
            while True:
                async for notify in conn.notifies(timeout=IDLE_CHECK_SECONDS):
                    self._deliver(notify.payload)
                await conn.execute("SELECT 1")

    def _deliver(self, payload: str) -> None:
        try:
            notice = Notice.parse(payload)
        except ValueError:
            log.warning("change feed: unreadable notification %r; waking every waiter", payload)
            self._hub.wake_all()
            return
        self._hub.publish((notice,))
