"""Which of several processes runs the sender: one per deployment, taken over at once if it dies.

PostgreSQL: a session-level advisory lock held on a dedicated connection (released by the
server when the process or its connection dies). SQLite: an exclusive lock on a file beside the
database (released by the operating system when the process dies).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from planner_server.db import LOCK_OUTBOX_SENDER, Database, sqlite_path

log = logging.getLogger("planner_server.mail")


class Leadership(Protocol):
    async def hold(self) -> bool:
        """Take or keep the lead; False while another process has it."""
        ...

    async def release(self) -> None: ...


class Everyone:
    """No coordination: every sender sends (the claims alone keep them apart)."""

    async def hold(self) -> bool:
        return True

    async def release(self) -> None:
        pass


class AdvisoryLock:
    def __init__(self, db: Database, key: int = 0) -> None:
        self._db = db
        self._key = key
        self._connection: AsyncConnection | None = None

    async def hold(self) -> bool:
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception as error:  # the connection died, and the lock with it
                log.warning("lost the mail sender's lock: %s", error)
                await self._drop()
        connection = await self._db.engine.connect()
        try:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            taken = await connection.scalar(text("SELECT pg_try_advisory_lock(:a, :b)"),
                                            {"a": LOCK_OUTBOX_SENDER, "b": self._key})
        except BaseException:
            await connection.close()
            raise
        if taken:
            self._connection = connection
            return True
        await connection.close()
        return False

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # already gone
                await connection.invalidate()

    async def release(self) -> None:
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT pg_advisory_unlock(:a, :b)"),
                                               {"a": LOCK_OUTBOX_SENDER, "b": self._key})
                await self._connection.close()
            except Exception:
                await self._drop()
            self._connection = None


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[Any] | None = None

    async def hold(self) -> bool:
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 -- kept open while we lead
        if _try_lock(handle):
            self._handle = handle
            return True
        handle.close()
        return False

    async def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None


if os.name == "nt":  # pragma: no cover - exercised on Windows desktops
    import msvcrt

    def _try_lock(handle: IO[Any]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False

    def _unlock(handle: IO[Any]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
else:
    import fcntl

    def _try_lock(handle: IO[Any]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[Any]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def leadership_for(db: Database) -> Leadership:
    if db.is_postgres:
        return AdvisoryLock(db)
    path = sqlite_path(db.url)
    if path is None:  # an in-memory database lives in one process anyway
        return Everyone()
    return FileLock(path.with_name(path.name + ".sender.lock"))
