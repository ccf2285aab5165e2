"""/users/me/calendar/ (a specialist's CalDAV calendar), /users/me/busy/, /users/me/feed_token/ and
the feeds themselves, /feeds/{token}.ics."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status

from planner_server.calendars import feed as feed_service
from planner_server.calendars import service
from planner_server.calendars.runtime import secret_box, uid_domain, wake
from planner_server.calendars.writeback import write_back
from planner_server.context import ServerContext
from planner_server.deps import (
    API_PREFIX,
    Context,
    CurrentUser,
    CurrentUserRead,
    ReadSessionDep,
    SessionDep,
)
from planner_server.errors import error_responses
from planner_server.principal import Principal, require_role
from planner_shared.calendars import (
    BusyRead,
    CalendarConnect,
    CalendarCredentials,
    CalendarRead,
    FeedRead,
    RemoteCalendarRead,
)
from planner_shared.enums import Role
from planner_shared.errors import Invalid
from planner_shared.schemas import Instant

router = APIRouter(tags=["calendars"], responses=error_responses(401, 403, 404, 409, 422))
MAX_BUSY_RANGE = timedelta(days=400)


async def _specialist(user: CurrentUserRead) -> Principal:
    """The signed-in specialist, checked in a read transaction: these requests talk to a CalDAV
    server and write in short transactions of their own (never holding SQLite's write lock while
    the network answers)."""
    return require_role(user, Role.SPECIALIST)


Specialist = Annotated[Principal, Depends(_specialist)]


async def _read(context: ServerContext, user_id: int) -> CalendarRead:
    async with context.db.session(write=False) as session:
        return CalendarRead(**await service.read_calendar(session=session, user_id=user_id))


@router.get("/users/me/calendar/", response_model=CalendarRead,
            summary="Your connected calendar, its calendars and its state (never the password)")
async def get_calendar(user: Specialist, context: Context) -> CalendarRead:
    return await _read(context, user.id)


@router.post("/users/me/calendar/discover/", response_model=list[RemoteCalendarRead],
             summary="Test a CalDAV account: the calendars it has (nothing is stored)")
async def discover(data: CalendarCredentials, user: Specialist) -> list[RemoteCalendarRead]:
    found = await service.discover(url=str(data.url), username=data.username, password=data.password)
    return [RemoteCalendarRead(href=c.href, name=c.name, events=c.events, busy=c.events)
            for c in found]


@router.put("/users/me/calendar/", response_model=CalendarRead,
            summary="Connect or change your calendar (URL, user, app password; busy and target "
                    "calendars); the first sync follows")
async def put_calendar(data: CalendarConnect, user: Specialist, context: Context) -> CalendarRead:
    box = secret_box(context)
    await service.connect(db=context.db, box=box, user_id=user.id, data=data)
    await service.sync_account(db=context.db, box=box, user_id=user.id)
    wake(context)
    return await _read(context, user.id)


@router.delete("/users/me/calendar/", status_code=status.HTTP_204_NO_CONTENT,
               summary="Disconnect your calendar (its busy times are forgotten)")
async def delete_calendar(user: Specialist, context: Context) -> Response:
    await service.disconnect(db=context.db, user_id=user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/users/me/calendar/sync/", response_model=CalendarRead,
             summary="Sync your calendar now (busy times in, consultations out)")
async def sync_calendar(user: Specialist, context: Context) -> CalendarRead:
    box = secret_box(context)
    outcome = await service.sync_account(db=context.db, box=box, user_id=user.id)
    if outcome.ok:
        await write_back(db=context.db, box=box, user_id=user.id, domain=uid_domain(context),
                         force=True)
    return await _read(context, user.id)


@router.get("/users/me/busy/", response_model=list[BusyRead],
            summary="Your busy times from your calendar, with their titles")
async def busy(
    user: CurrentUser,
    session: SessionDep,
    start: Annotated[Instant, Query(alias="from")],
    end: Annotated[Instant, Query(alias="to")],
) -> list[dict[str, Any]]:
    require_role(user, Role.SPECIALIST)
    if end <= start or end - start > MAX_BUSY_RANGE:
        raise Invalid("'to' must come after 'from', at most 400 days later.", code="invalid_range")
    return await service.list_busy(session=session, specialist_id=user.id, start=start, end=end,
                                   with_titles=True)


def _feed_url(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"{API_PREFIX}/feeds/{token}.ics"


@router.get("/users/me/feed_token/", response_model=FeedRead,
            summary="Your private calendar subscription URL (404 while it is off)")
async def get_feed_token(request: Request, user: CurrentUser, session: SessionDep,
                         context: Context) -> FeedRead:
    token = await feed_service.current_token(session=session, box=secret_box(context), user_id=user.id)
    return FeedRead(url=_feed_url(request, token), token=token)


@router.post("/users/me/feed_token/", response_model=FeedRead,
             summary="Turn on your calendar subscription, or replace its URL (the old one stops)")
async def replace_feed_token(request: Request, user: CurrentUser, session: SessionDep,
                             context: Context) -> FeedRead:
    token = await feed_service.replace_token(session=session, box=secret_box(context), user_id=user.id)
    return FeedRead(url=_feed_url(request, token), token=token)


@router.delete("/users/me/feed_token/", status_code=status.HTTP_204_NO_CONTENT,
               summary="Turn your calendar subscription off")
async def delete_feed_token(user: CurrentUser, session: SessionDep) -> Response:
    await feed_service.turn_off(session=session, user_id=user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/feeds/{token}.ics", response_class=Response, summary="A private iCalendar feed",
            responses={200: {"content": {"text/calendar": {}}}}, openapi_extra={"security": []})
async def get_feed(token: str, session: ReadSessionDep, context: Context) -> Response:
    data = await feed_service.feed(session=session, token=token[:200], domain=uid_domain(context))
    return Response(content=data, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300"})
