"""Slows down password guessing: too many failed logins for one account or address → 429.

Counts live in the server process; each process of a team deployment counts on its own.
The answer is the same whether or not the account exists.
"""

from __future__ import annotations

import time
from collections import deque

from planner_shared.errors import Throttled


class LoginThrottle:
    def __init__(self, *, per_account: int, per_address: int, window_seconds: float) -> None:
        self.per_account = per_account
        self.per_address = per_address
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}

    def check(self, *, email: str, address: str) -> None:
        now = time.monotonic()
        for key, limit in ((f"e:{email}", self.per_account), (f"a:{address}", self.per_address)):
            recent = self._recent(key, now)
            if len(recent) >= limit:
                wait = max(1, int(recent[0] + self.window - now))
                raise Throttled(f"Too many failed sign-in attempts. Try again in {_in_words(wait)}.",
                                code="login_throttled", params={"seconds": wait})

    def failed(self, *, email: str, address: str) -> None:
        now = time.monotonic()
        for key in (f"e:{email}", f"a:{address}"):
            self._failures.setdefault(key, deque()).append(now)
        if len(self._failures) > 100_000:
            self._forget_stale(now)

    def succeeded(self, *, email: str) -> None:
        self._failures.pop(f"e:{email}", None)

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures.get(key)
        if recent is None:
            return deque()
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        return recent

    def _forget_stale(self, now: float) -> None:
        for key in [k for k, v in self._failures.items() if not v or v[-1] <= now - self.window]:
            del self._failures[key]


def _in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"
