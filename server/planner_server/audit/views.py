"""GET /audit/: the administrator's reading of the audit trail. There is no path that writes it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from planner_server.audit import service
from planner_server.deps import AdminUser, SessionDep
from planner_server.errors import error_responses
from planner_shared.enums import AuditAction
from planner_shared.rules import MAX_ID
from planner_shared.schemas import AuditEntryRead, Instant

router = APIRouter(prefix="/audit", tags=["audit"], responses=error_responses(401, 403, 422))
TOTAL_HEADER = {"X-Total-Count": {"description": "How many entries match", "schema": {"type": "integer"}}}


@router.get("/", response_model=list[AuditEntryRead], responses={200: {"headers": TOTAL_HEADER}},
            summary="The audit trail, newest first (administrators); total in X-Total-Count")
async def list_audit(
    _: AdminUser,
    session: SessionDep,
    response: Response,
    actor: Annotated[int | None, Query(ge=1, le=MAX_ID, description="who acted")] = None,
    target: Annotated[int | None, Query(ge=1, le=MAX_ID, description="the user acted on")] = None,
    action: AuditAction | None = None,
    since: Annotated[Instant | None, Query(alias="from", description="at or after (ISO 8601)")] = None,
    until: Annotated[Instant | None, Query(alias="to", description="before (ISO 8601)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[AuditEntryRead]:
    entries, total = await service.list_entries(session=session, actor=actor, target=target,
                                                action=action, since=since, until=until,
                                                limit=limit, offset=offset)
    response.headers["X-Total-Count"] = str(total)
    return [AuditEntryRead(**entry) for entry in entries]
