"""Slows down password guessing: too many failed sign-ins for one account or from one address → 429.

Failures are rows of the database, so every server process of a deployment counts the same ones.
An attempt is written before its password is checked and taken back unless the password was wrong,
so attempts racing in parallel count as well: no more than the limit are ever checked in a window.
The address is the client's as the server sees it (behind a proxy: see README, security notes).
The answer is the same whether or not the account exists.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import delete, func, insert, or_, select

from planner_server.auth.models import LoginFailure
from planner_server.db import Database
from planner_shared.errors import Throttled, Unauthorized
from planner_shared.rules import utcnow


class LoginThrottle:
    def __init__(self, *, db: Database, per_account: int, per_address: int,
                 window_seconds: float) -> None:
        self.db = db
        self.per_account = per_account
        self.per_address = per_address
        self.window = timedelta(seconds=window_seconds)

    @asynccontextmanager
    async def attempt(self, *, email: str, address: str) -> AsyncIterator[None]:
        """A sign-in attempt: 429 when the account or the address is over its limit; a failure
        (Unauthorized) raised in the block stays counted, success clears the account's count."""
        limits = {f"e:{email}": self.per_account, f"a:{address}": self.per_address}
        now = utcnow()
        async with self.db.session() as session:
            await session.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.window))
            ids = [(await session.execute(insert(LoginFailure).values(key=key, at=now)
                                          .returning(LoginFailure.id))).scalar_one() for key in limits]
        async with self.db.session(write=False) as session:
            counts = (await session.execute(
                select(LoginFailure.key, func.count(), func.min(LoginFailure.at))
                .where(LoginFailure.key.in_(limits), LoginFailure.at > now - self.window)
                .group_by(LoginFailure.key))).all()
        over = [first for key, count, first in counts if count > limits[key]]
        if over:
            await self._forget(ids)
            wait = max(1, int((min(over) + self.window - now).total_seconds()))
            raise Throttled(f"Too many failed sign-in attempts. Try again in {_in_words(wait)}.",
                            code="login_throttled", params={"seconds": wait})
        try:
            yield
        except Unauthorized:
            raise
        except BaseException:
            await self._forget(ids)
            raise
        await self._forget(ids, account=f"e:{email}")

    async def _forget(self, ids: list[int], *, account: str | None = None) -> None:
        async with self.db.session() as session:
            await session.execute(delete(LoginFailure).where(
                or_(LoginFailure.id.in_(ids), LoginFailure.key == account)))


def _in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"
