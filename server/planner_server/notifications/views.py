"""/outbox/: the administrator's view of emails not yet delivered, and a retry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from planner_server.audit.service import address_of, record
from planner_server.deps import AdminUser, SessionDep
from planner_server.notifications import service
from planner_shared.enums import AuditAction, OutboxStatus
from planner_shared.rules import MAX_ID
from planner_shared.schemas import OutboxMessageRead

router = APIRouter(prefix="/outbox", tags=["outbox"])
MessageId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/", response_model=list[OutboxMessageRead],
            summary="Pending and failed emails (or those of one status), oldest first (sent: "
                    "newest first); total in X-Total-Count")
async def list_outbox(
    _: AdminUser,
    session: SessionDep,
    response: Response,
    status: Annotated[OutboxStatus | None, Query(description="pending, failed or sent; "
                                                             "default: pending and failed")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[OutboxMessageRead]:
    messages, total = await service.list_messages(session=session, status=status, limit=limit,
                                                  offset=offset)
    response.headers["X-Total-Count"] = str(total)
    return [OutboxMessageRead(**message) for message in messages]


@router.post("/{message_id}/retry/", response_model=OutboxMessageRead,
             summary="Send a failed or waiting email again now, with a fresh round of attempts")
async def retry(message_id: MessageId, admin: AdminUser, session: SessionDep,
                request: Request) -> OutboxMessageRead:
    message = await service.retry_message(session=session, message_id=message_id)
    await record(session, AuditAction.OUTBOX_RETRIED, actor=admin.id, target=message["recipient"],
                 address=address_of(request),
                 details={"message": message_id, "kind": message["kind"], "slot": message["slot"]})
    return OutboxMessageRead(**message)
