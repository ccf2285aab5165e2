"""Writing the audit trail (inside the act's transaction), reading it, and pruning old rows."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import datetime, timedelta
from typing import Any

import orjson
from fastapi import Request
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from planner_server.audit.models import AuditEntry
from planner_server.context import ServerContext
from planner_server.db import Database
from planner_server.users.models import User
from planner_shared.enums import AuditAction
from planner_shared.rules import utcnow

log = logging.getLogger("planner_server.audit")

PRUNE_FIRST_AFTER_SECONDS = 60.0
PRUNE_EVERY_SECONDS = 3600.0


def address_of(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy: README, security notes)."""
    return request.client.host if request.client else "unknown"


async def record(session: AsyncSession, action: AuditAction, *, actor: int | None, target: int | None,
                 address: str | None, details: dict[str, Any] | None = None) -> None:
    """One entry, in ``session``'s transaction: it commits with the act or not at all."""
    await session.execute(insert(AuditEntry).values(
        at=utcnow(), actor_id=actor, target_id=target, action=action.value,
        details=orjson.dumps(details or {}, default=str).decode(), address=address))


async def record_alone(db: Database, action: AuditAction, **fields: Any) -> None:
    """An entry for an event with no transaction of its own (a refused sign-in)."""
    async with db.session() as session:
        await record(session, action, **fields)


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value differs."""
    return {key: [before.get(key), value] for key, value in after.items()
            if key in before and before[key] != value}


async def list_entries(*, session: AsyncSession, actor: int | None = None, target: int | None = None,
                       action: AuditAction | None = None, since: datetime | None = None,
                       until: datetime | None = None, limit: int = 100,
                       offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The entries matching the filters, newest first, and how many match in all."""
    conditions = []
    if actor is not None:
        conditions.append(AuditEntry.actor_id == actor)
    if target is not None:
        conditions.append(AuditEntry.target_id == target)
    if action is not None:
        conditions.append(AuditEntry.action == action.value)
    if since is not None:
        conditions.append(AuditEntry.at >= since)
    if until is not None:
        conditions.append(AuditEntry.at < until)
    total = await session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions))
    actors, targets = aliased(User), aliased(User)
    rows = await session.execute(
        select(AuditEntry, actors.email, targets.email)
        .outerjoin(actors, actors.id == AuditEntry.actor_id)
        .outerjoin(targets, targets.id == AuditEntry.target_id)
        .where(*conditions).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit).offset(offset))
    return [{"id": entry.id, "at": entry.at, "action": entry.action, "actor": entry.actor_id,
             "actor_email": actor_email, "target": entry.target_id, "target_email": target_email,
             "details": orjson.loads(entry.details or "{}"), "address": entry.address}
            for entry, actor_email, target_email in rows], int(total or 0)


async def prune_audit(*, db: Database, before: datetime) -> int:
    async with db.session() as session:
        result = await session.execute(delete(AuditEntry).where(AuditEntry.at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


@asynccontextmanager
async def audit_pruner(context: ServerContext) -> AsyncIterator[None]:
    """A feature of the running server: entries older than AUDIT_KEEP_DAYS are removed hourly."""
    keep = timedelta(days=context.settings.audit_keep_days)

    async def prune_forever() -> None:
        await asyncio.sleep(PRUNE_FIRST_AFTER_SECONDS)
        while True:
            try:
                removed = await prune_audit(db=context.db, before=utcnow() - keep)
                if removed:
                    log.info("audit trail: pruned %d entries older than %s", removed, keep)
            except Exception:  # retried next time; it must not stop the server
                log.exception("audit trail: pruning failed")
            await asyncio.sleep(PRUNE_EVERY_SECONDS)

    task = asyncio.create_task(prune_forever(), name="planner-audit-pruner")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
