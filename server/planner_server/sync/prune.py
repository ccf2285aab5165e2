"""Forget changes older than the kept history; their cursors then answer 410 (take a snapshot)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import LOCK_CHANGE_LOG, Database
from planner_server.sync.models import Change, ChangeLogState

BATCH = 5_000  # rows per transaction, so a large backlog never holds a lock for long
_PRUNER_KEY = 1  # pg_try_advisory_xact_lock(LOCK_CHANGE_LOG, 1): one pruner at a time


async def prune_changes(*, db: Database, before: datetime) -> int:
    """Delete the changes recorded before ``before``; returns how many went."""
    removed = 0
    while True:
        async with db.session() as session:
            if db.is_postgres and not await session.scalar(
                    text("SELECT pg_try_advisory_xact_lock(:a, :b)"),
                    {"a": LOCK_CHANGE_LOG, "b": _PRUNER_KEY}):
                return removed  # another process is pruning
            oldest = await session.scalar(select(func.min(Change.cursor)))
            if oldest is None:
                return removed
            through = await session.scalar(select(func.max(Change.cursor)).where(
                Change.cursor < oldest + BATCH, Change.created_at < before))
            if through is None:
                return removed
            result = await session.execute(delete(Change).where(Change.cursor <= through))
            removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
            await _advance_horizon(session, through)


async def _advance_horizon(session: AsyncSession, through: int) -> None:
    larger = func.max if session.get_bind().dialect.name == "sqlite" else func.greatest
    result = await session.execute(update(ChangeLogState).where(ChangeLogState.id == 1).values(
        pruned_through=larger(ChangeLogState.pruned_through, through)))
    if not result.rowcount:  # type: ignore[attr-defined]
        session.add(ChangeLogState(id=1, pruned_through=through))
