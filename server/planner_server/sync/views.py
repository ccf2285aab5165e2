"""GET /sync/: the change feed (SPEC §6)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from planner_server.context import ServerContext
from planner_server.deps import API_PREFIX, BEARER_DOCUMENTED, token_subject
from planner_server.errors import ERROR_RESPONSES
from planner_server.floodroute import FloodRoute
from planner_server.jsonresponse import JSONBytes
from planner_server.principal import Principal
from planner_server.sync import feed, longpoll
from planner_server.sync.feature import feed_principal, follow_feed
from planner_shared.schemas import SyncPage

# Included first, by the application itself (main.py), so its paths are whole.
router = APIRouter(prefix=API_PREFIX, tags=["sync"], responses=ERROR_RESPONSES, route_class=FloodRoute)


async def feed_user(request: Request) -> Principal:
    """The signed-in user, kept by the process between long-polls (one dependency of its own: the
    long-poll is the request that comes most often)."""
    context: ServerContext = request.app.state.context
    return await feed_principal(context, token_subject(request, context))


FeedUser = Annotated[Principal, Depends(feed_user)]


@router.get(
    "/sync/", response_model=SyncPage, openapi_extra=BEARER_DOCUMENTED,
    summary="The changes you may see since a cursor (long poll)",
    description=(
        "Without `since`: a snapshot of everything you may see (`snapshot: true`, `slots`, "
        "`users`) and the `cursor` it is current to. With `since`: the changes after that cursor, "
        "oldest first, each an `upsert` (with the object as you may see it) or a `delete`, and the "
        "cursor to ask from next; `more: true` means ask again at once. With `wait` (seconds, up to "
        "30) an empty answer is held until a change arrives or the time runs out. A cursor the "
        "server no longer knows answers 410: take a new snapshot."))
async def sync(
    user: FeedUser,
    request: Request,
    since: Annotated[int | None, Query(ge=0, le=feed.MAX_CURSOR,
                                       description="the cursor of your last page or snapshot")] = None,
    wait: Annotated[float, Query(ge=0, le=longpoll.MAX_WAIT,
                                 description="seconds to wait for a change (long poll)")] = 0,
    limit: Annotated[int, Query(ge=1, le=feed.MAX_LIMIT,
                                description="the most changes in one page")] = feed.DEFAULT_LIMIT,
) -> JSONBytes:
    context: ServerContext = request.app.state.context
    if since is None:
        return JSONBytes(await feed.snapshot(db=context.db, user=user))
    return JSONBytes(await follow_feed(context, user, since=since, wait=wait, limit=limit))
