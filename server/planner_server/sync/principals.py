"""Signed-in users as the feed last read them: a long-poll loop need not read its user every time.

An entry is dropped as soon as a change to that user is noticed (blocked, role changed …), when
the notices had a gap, and after a short time in any case; the next request then reads it again.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner_server.principal import Principal

TTL_SECONDS = 30.0


class PrincipalCache:
    def __init__(self, ttl: float = TTL_SECONDS) -> None:
        self._ttl = ttl
        self._entries: dict[int, tuple[float, Principal]] = {}
        self.generation = 0  # counts forgets: a read begun before one must not be kept

    def get(self, user_id: int) -> Principal | None:
        entry = self._entries.get(user_id)
        if entry is None:
            return None
        if entry[0] < time.monotonic():
            del self._entries[user_id]
            return None
        return entry[1]

    def put(self, principal: Principal, *, read_at_generation: int) -> None:
        if read_at_generation == self.generation:
            self._entries[principal.id] = (time.monotonic() + self._ttl, principal)

    def forget(self, user_id: int | None = None) -> None:
        """Drop one user, or everyone."""
        self.generation += 1
        if user_id is None:
            self._entries.clear()
        else:
            self._entries.pop(user_id, None)
