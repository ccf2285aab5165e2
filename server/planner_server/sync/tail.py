"""The newest part of the change log, kept in memory by each server process.

When changes commit, the process appends the rows their notifications brought (PostgreSQL, slot
changes) or reads the new rows once, and every long-poll it holds takes its page from here: fifty
waiting desktops cost one query at most, not fifty. A request whose cursor lies outside what the
tail holds reads the database as usual.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from planner_server.db import Database
from planner_server.principal import Principal
from planner_server.sync import feed
from planner_server.sync.visibility import EntryMemo

CAPACITY = 5_000  # rows kept
_MAX_READS = 20  # per refresh: a larger backlog is left to the database path


class Tail:
    def __init__(self, db: Database, *, capacity: int = CAPACITY) -> None:
        self._db = db
        self._capacity = capacity
        self._rows: list[Any] = []  # the log's rows (SQLAlchemy rows or named tuples)
        self._cursors: list[int] = []
        self.start: int | None = None  # the tail holds every row with start < cursor <= end
        self.end: int | None = None
        self.stale = False  # changes committed after `end` have not been read yet
        self._entries: EntryMemo = {}  # visibility.entry_for's memo

    async def refresh(self) -> list[Any]:
        """Read what committed since the last refresh; the rows read (none at a first read)."""
        read: list[Any] = []
        for _ in range(_MAX_READS):
            head, horizon, covered, rows = await feed.read_tail(db=self._db, after=self.end,
                                                                limit=self._capacity)
            if self.end is None or self.end < horizon:  # first read, or pruned past us
                self.forget()
                self.start = self.end = covered
                return read
            read.extend(rows)
            self._rows.extend(rows)
            self._cursors.extend(int(row.cursor) for row in rows)
            self.end = covered
            self._trim()
            if covered >= head:
                self.stale = False
                return read
        self.stale = True  # a backlog too long for one refresh: the next one reads on
        return read

    def extend(self, rows: Iterable[Any]) -> None:
        """Rows the change notices brought, in cursor order (see Hub): those past ``end`` are
        appended; the caller knows the tail holds every row up to them."""
        assert self.end is not None
        for row in rows:
            if row.cursor > self.end:
                self._rows.append(row)
                self._cursors.append(row.cursor)
                self.end = row.cursor
        self._trim()

    def forget(self) -> None:
        """Hold nothing (until the next refresh starts afresh): every page reads the database."""
        self._rows, self._cursors, self.start, self.end = [], [], None, None
        self._entries = {}
        self.stale = False

    def _trim(self) -> None:
        extra = len(self._rows) - self._capacity
        if extra > 0:
            for cursor in self._cursors[:extra]:
                self._entries.pop(cursor, None)
            self.start = self._cursors[extra - 1]
            del self._rows[:extra], self._cursors[:extra]

    def page(self, *, user: Principal, since: int, limit: int) -> dict[str, Any] | None:
        """The page after ``since`` from memory, or None when the tail does not hold it."""
        if self.stale or self.start is None or self.end is None or not self.start <= since <= self.end:
            return None
        first = bisect.bisect_right(self._cursors, since)
        return feed.assemble(self._rows[first:], user=user, since=since, upper=self.end,
                             head=self.end, limit=limit, truncated=False, memo=self._entries)
