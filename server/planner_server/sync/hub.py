"""Wake-ups inside one server process: long-polls wait here, notices of committed changes arrive.

On a notice the hub first brings its tail up to date, then wakes only the waiters the notice may
concern (slots.audience: a specialist for its own slots, every client for any slot,
administrators for everything). On PostgreSQL a slot's notice brings its row, which the tail
appends; otherwise the tail reads the new rows (one query, however many wait). A woken waiter
takes its page from the tail. A waiter subscribes before it reads, so a change committed between
its read and its wait still wakes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planner_server.slots.audience import sees_every_specialist
from planner_server.sync.noticed import noticed_row
from planner_server.sync.principals import PrincipalCache
from planner_shared.enums import Role

if TYPE_CHECKING:
    from planner_server.principal import Principal
    from planner_server.sync.tail import Tail

log = logging.getLogger("planner_server.sync")


@dataclass(frozen=True)
class Notice:
    """A committed change: its cursor, what it is about and, for a slot, whose slot it is; on
    PostgreSQL a slot's notice also brings its row of the log as the tail keeps it."""

    cursor: int
    entity: str
    entity_id: int
    specialist_id: int | None = None
    row: Any = field(default=None, compare=False)  # a noticed.NoticedRow

    @classmethod
    def of_row(cls, row: Any) -> Notice:
        """The notice of a row read from the log."""
        return cls(row.cursor, row.entity, row.entity_id, row.specialist_id)

    def payload(self) -> str:
        return f"{self.cursor} {self.entity} {self.entity_id} {self.specialist_id or 0}"

    @classmethod
    def parse(cls, payload: str) -> Notice:
        """A notification of the change-log trigger (migration 0003_notify_rows): payload(), then
        optionally the row as JSON; ValueError for anything else."""
        cursor, entity, entity_id, specialist_id, *row = payload.split(" ", 4)
        if entity not in ("slot", "user"):
            raise ValueError(f"unknown entity {entity!r}")
        return cls(int(cursor), entity, int(entity_id), int(specialist_id) or None,
                   noticed_row(int(cursor), row[0]) if row else None)


@dataclass(eq=False)
class Waiter:
    user_id: int
    role: Role
    event: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait(self, timeout: float) -> bool:
        """True when woken, False when the time ran out."""
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            return False
        return True


REFRESH_INTERVAL = 0.005  # seconds: the tail is read at most this often


class Hub:
    def __init__(self, tail: Tail | None = None, *, notified: bool = False) -> None:
        """``notified``: every commit's notices arrive through ``publish`` (PostgreSQL's LISTEN);
        otherwise (SQLite) a commit of this process makes the hub read the log for them."""
        self.tail = tail
        self._notified = notified
        self._unread = False  # committed changes known only by being read from the log
        self.principals = PrincipalCache()
        self._by_user: dict[int, set[Waiter]] = {}
        self._every_specialist: set[Waiter] = set()  # any slot change may concern them
        self._admins: set[Waiter] = set()  # any user change may concern them
        self._pending: list[Notice] = []
        self._everyone = False
        self._catch_up: asyncio.Future[None] | None = None  # asked by page() of a stale tail
        self._drainer: asyncio.Task[None] | None = None
        self._last_refresh = float("-inf")
        self.latest_cursor = 0
        self.closed = False
        # Called at every commit, notice and gap: whatever a process keeps of the data is now stale.
        self.change_hooks: list[Callable[[], None]] = []

    @property
    def waiting(self) -> int:
        return sum(len(waiters) for waiters in self._by_user.values())

    @contextmanager
    def subscription(self, *, user_id: int, role: Role) -> Iterator[Waiter]:
        waiter = Waiter(user_id, role)
        self._by_user.setdefault(user_id, set()).add(waiter)
        groups = [group for group, member in ((self._every_specialist, sees_every_specialist(role)),
                                              (self._admins, role is Role.ADMIN)) if member]
        for group in groups:
            group.add(waiter)
        try:
            yield waiter
        finally:
            mine = self._by_user.get(user_id)
            if mine is not None:
                mine.discard(waiter)
                if not mine:
                    del self._by_user[user_id]
            for group in groups:
                group.discard(waiter)

    async def page(self, *, user: Principal, since: int, limit: int) -> dict[str, Any] | None:
        """The page after ``since`` from the tail, or None when the tail does not hold it.

        A tail left stale while nobody waited first reads what it skipped: one read for every
        request that asks meanwhile, instead of each reading its page from the database (under a
        storm all of a process's desktops can be between two polls at once, and then all ask)."""
        if self.tail is None:
            return None
        if self.tail.stale:
            if self._catch_up is None:
                self._catch_up = asyncio.get_running_loop().create_future()
            asked = self._catch_up
            self._schedule()
            await asyncio.shield(asked)  # a request that goes away does not cancel it for the rest
        return self.tail.page(user=user, since=since, limit=limit)

    def publish(self, notices: Iterable[Notice]) -> None:
        """Changes have committed: refresh the tail (once for all), then wake whom they concern."""
        self._pending += self._noticed(notices)
        self._changed()
        self._schedule()

    def _noticed(self, notices: Iterable[Notice]) -> list[Notice]:
        """The notices, once the users they change are no longer kept."""
        notices = list(notices)
        for notice in notices:
            if notice.entity == "user":
                self.principals.forget(notice.entity_id)
        return notices

    def committed(self) -> None:
        """A write of this process has committed: what the process keeps is dropped at once (so
        its next answer shows the write); without notices, the log is read for the changes."""
        self._changed()
        if not self._notified:
            self._unread = True
            self._schedule()

    def _changed(self) -> None:
        for hook in self.change_hooks:
            hook()

    def wake_all(self) -> None:
        """After a gap in the notices (a lost listen connection): everyone reads again."""
        self.principals.forget()
        self._everyone = True
        self._changed()
        self._schedule()

    def close(self) -> None:
        """The server is stopping: every waiting request answers now."""
        self.closed = True
        self._wake(self._everybody())

    async def idle(self) -> None:
        """Until what the hub has heard of so far (commits, notices, gaps) is handled: the tail
        brought up to date or marked stale, the waiters concerned woken. For tests and tools: a
        commit that concerns no waiter leaves no other trace."""
        while self._drainer is not None and not self._drainer.done():
            await asyncio.wait((self._drainer,))

    async def aclose(self) -> None:
        self.close()
        if self._drainer is not None:
            self._drainer.cancel()
            with suppress(asyncio.CancelledError):
                await self._drainer

    def _schedule(self) -> None:
        if self.tail is None:
            self._take_and_route()
        elif self._drainer is None or self._drainer.done():
            self._drainer = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        assert self.tail is not None
        loop = asyncio.get_running_loop()
        while self._pending or self._everyone or self._unread or self._catch_up is not None:
            if self._rows_in_hand():  # every change came with its row: nothing to read
                notices, self._pending = self._pending, []
                self.tail.extend(notice.row for notice in notices)
                self._route(notices, False)
                continue
            # Under a stream of commits, read at most once per REFRESH_INTERVAL: the notices that
            # arrive meanwhile are served by the same read.
            pause = self._last_refresh + REFRESH_INTERVAL - loop.time()
            if pause > 0:
                await asyncio.sleep(pause)
            notices, everyone, asked, unread = self._pending, self._everyone, self._catch_up, self._unread
            self._pending, self._everyone, self._catch_up, self._unread = [], False, None, False
            try:
                if not self._by_user and asked is None and self.tail.end is not None:
                    # Nobody waits: read nothing now (a storm of writes costs no reads); the tail
                    # is marked stale, and the first request to come catches it up in one read.
                    self.tail.stale = True
                    if unread:  # which users changed is not known: none is kept
                        self.principals.forget()
                    self._route(notices, everyone)
                    continue
                self._last_refresh = loop.time()
                try:
                    read = await self.tail.refresh()
                except Exception:  # the database path still works: drop the tail, wake everyone
                    log.exception("change feed: reading the new changes failed")
                    self.tail.forget()
                    everyone = True
                else:
                    if unread:
                        notices += self._noticed(Notice.of_row(row) for row in read)
                self._route(notices, everyone)
            finally:  # whoever asked reads the tail now (or the database, if it could not be read)
                if asked is not None and not asked.done():
                    asked.set_result(None)

    def _rows_in_hand(self) -> bool:
        """Whether the waiting notices bring every row the tail lacks (PostgreSQL, slot changes)
        and the tail holds everything up to them (no gap a read would have to fill)."""
        assert self.tail is not None
        return (not self._everyone and not self._unread and self._catch_up is None and not self.tail.stale
                and self.tail.end is not None and all(n.row is not None for n in self._pending))

    def _take_and_route(self) -> None:
        notices, everyone = self._pending, self._everyone or self._unread
        self._pending, self._everyone, self._unread = [], False, False
        if everyone:
            self.principals.forget()
        self._route(notices, everyone)

    def _route(self, notices: list[Notice], everyone: bool) -> None:
        for notice in notices:
            self.latest_cursor = max(self.latest_cursor, notice.cursor)
        if everyone:
            self._wake(self._everybody())
            return
        woken: set[Waiter] = set()
        for notice in notices:
            if notice.entity == "user":
                woken |= self._admins | self._by_user.get(notice.entity_id, set())
                continue
            woken |= self._every_specialist  # slots.audience: whom a change to a slot may concern
            if notice.specialist_id is not None:
                woken |= self._by_user.get(notice.specialist_id, set())
        self._wake(woken)

    def _everybody(self) -> set[Waiter]:
        return {waiter for waiters in self._by_user.values() for waiter in waiters}

    @staticmethod
    def _wake(waiters: Iterable[Waiter]) -> None:
        for waiter in waiters:
            waiter.event.set()
