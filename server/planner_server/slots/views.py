"""/slots/ and its life-cycle actions, and /history/."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Request, Response, status

from planner_server.context import ServerContext
from planner_server.deps import (
    API_PREFIX,
    BEARER_DOCUMENTED,
    ClientOrSpecialist,
    ClientUser,
    Context,
    CurrentUser,
    SessionDep,
    SpecialistOrAdmin,
    SpecialistUser,
    TokenUserId,
)
from planner_server.errors import ERROR_RESPONSES, error_responses
from planner_server.floodroute import FloodRoute
from planner_server.jsonresponse import JSONBytes
from planner_server.slots import history as history_service
from planner_server.slots import listing, queries, service
from planner_server.slots.offered import offered_slots_of
from planner_server.slots.series import create_series
from planner_shared.enums import SlotStatus
from planner_shared.rules import MAX_ID
from planner_shared.schemas import (
    CommentCreate,
    HistoryEntry,
    Instant,
    SeriesCreate,
    SeriesResult,
    SlotCreate,
    SlotRead,
    SlotUpdate,
)

router = APIRouter(tags=["slots"], responses=error_responses(401, 403, 404, 409, 422))
# Included first, by the application itself (main.py), so its paths are whole.
hot_router = APIRouter(prefix=API_PREFIX, tags=["slots"], route_class=FloodRoute,
                       responses={**ERROR_RESPONSES, **error_responses(401, 403, 404, 409, 422)})
TOTAL_HEADER = {"X-Total-Count": {"description": "How many slots match the filters (all pages)",
                                  "schema": {"type": "integer"}}}
SlotId = Annotated[int, Path(ge=1, le=MAX_ID)]
OptionalComment = Annotated[CommentCreate | None, Body()]


@router.get("/slots/", response_model=list[SlotRead],
            summary="The slots you may see, ordered by start (total in X-Total-Count)",
            responses={200: {"headers": TOTAL_HEADER}})
async def list_slots(
    user: CurrentUser,
    session: SessionDep,
    context: Context,
    start: Annotated[Instant | None, Query(alias="from", description="slots ending after")] = None,
    end: Annotated[Instant | None, Query(alias="to", description="slots starting before")] = None,
    specialist: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    status_: Annotated[SlotStatus | None, Query(alias="status")] = None,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Response:
    where = queries.SlotFilter(start=start, end=end, specialist=specialist, status=status_,
                               limit=limit, offset=offset)
    slots, total = await listing.list_slots(session=session, user=user, where=where,
                                            offers=offered_slots_of(context))
    return Response(slots, media_type="application/json", headers={"X-Total-Count": str(total)})


@router.get("/slots/{slot_id}/", response_model=SlotRead, summary="One slot you may see")
async def read_slot(slot_id: SlotId, user: CurrentUser, session: SessionDep) -> JSONBytes:
    return JSONBytes(await queries.get_visible_slot(session=session, user=user, slot_id=slot_id))


@router.post("/slots/", response_model=SlotRead, status_code=status.HTTP_201_CREATED,
             summary="Create a free slot (specialists)")
async def create_slot(data: SlotCreate, user: SpecialistUser, session: SessionDep) -> JSONBytes:
    slot = await service.create_slot(session=session, specialist=user, data=data)
    return JSONBytes(slot, status_code=status.HTTP_201_CREATED)


@router.post("/slots/series/", response_model=SeriesResult, status_code=status.HTTP_201_CREATED,
             summary="Repeat a slot on chosen weekdays for N weeks, in one transaction")
async def create_slot_series(data: SeriesCreate, user: SpecialistUser, session: SessionDep) -> JSONBytes:
    result = await create_series(session=session, specialist=user, data=data)
    return JSONBytes(result, status_code=status.HTTP_201_CREATED)


@router.patch("/slots/{slot_id}/", response_model=SlotRead, summary="Edit a free slot")
async def update_slot(slot_id: SlotId, data: SlotUpdate, user: SpecialistUser,
                      session: SessionDep) -> JSONBytes:
    return JSONBytes(await service.update_slot(session=session, specialist=user, slot_id=slot_id,
                                               data=data))


@router.delete("/slots/{slot_id}/", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a free slot")
async def delete_slot(slot_id: SlotId, user: SpecialistUser, session: SessionDep) -> Response:
    await service.delete_slot(session=session, specialist=user, slot_id=slot_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/slots/{slot_id}/agree/", response_model=SlotRead,
              summary="Agree to a client's request (specialists)")
async def agree(slot_id: SlotId, user: SpecialistUser, session: SessionDep) -> JSONBytes:
    return JSONBytes(await service.agree(session=session, specialist=user, slot_id=slot_id))


@router.patch("/slots/{slot_id}/cancel_specialist/", response_model=SlotRead,
              summary="Decline a request or cancel an agreed consultation (specialists; "
                      "administrators on the specialist's behalf)")
async def cancel_specialist(slot_id: SlotId, user: SpecialistOrAdmin, session: SessionDep,
                            comment: OptionalComment = None) -> JSONBytes:
    return JSONBytes(await service.cancel_by_specialist(
        session=session, specialist=user, slot_id=slot_id, comment=comment or CommentCreate()))


@hot_router.patch("/slots/{slot_id}/reserve/", response_model=SlotRead, openapi_extra=BEARER_DOCUMENTED,
                  summary="Reserve a free slot (clients)")
async def reserve(slot_id: SlotId, user_id: TokenUserId, request: Request) -> JSONBytes:
    # The hot path of a booking rush: the service checks the user in its own statement.
    context: ServerContext = request.app.state.context
    return JSONBytes(await service.reserve_for(db=context.db, client_id=user_id, slot_id=slot_id))


@router.patch("/slots/{slot_id}/cancel_client/", response_model=SlotRead,
              summary="Withdraw your request before the specialist answers (clients)")
async def cancel_client(slot_id: SlotId, user: ClientUser, session: SessionDep,
                        comment: OptionalComment = None) -> JSONBytes:
    return JSONBytes(await service.cancel_by_client(
        session=session, client=user, slot_id=slot_id, comment=comment or CommentCreate()))


@router.get("/history/", response_model=list[HistoryEntry],
            summary="What became of your past requests and consultations")
async def history(user: ClientOrSpecialist, session: SessionDep) -> JSONBytes:
    return JSONBytes(await history_service.history(session=session, user=user))
