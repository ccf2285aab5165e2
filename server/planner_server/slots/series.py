"""A slot repeated on chosen weekdays for N weeks, created in one transaction."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.db import LOCK_SCHEDULE, advisory_lock
from planner_server.principal import Principal
from planner_server.slots.queries import get_visible_slot
from planner_server.slots.service import insert_checked, to_cents
from planner_shared.errors import DomainError
from planner_shared.schemas import SeriesCreate


def occurrences(start: datetime, end: datetime, *, weekdays: list[int], weeks: int,
                time_zone: str | None = None) -> list[tuple[datetime, datetime]]:
    """Every (start, end) of the series: the first one's wall-clock time on each chosen weekday.

    With an IANA ``time_zone`` the wall-clock time is kept across daylight-saving changes;
    otherwise the offset of ``start`` is used throughout.
    """
    zone = ZoneInfo(time_zone) if time_zone else start.tzinfo
    local_start = start.astimezone(zone)
    duration = end - start
    monday = local_start.date() - timedelta(days=local_start.weekday())
    result = []
    for week in range(weeks):
        for weekday in sorted(set(weekdays)):
            day: date = monday + timedelta(weeks=week, days=weekday)
            if day < local_start.date():
                continue
            occurrence = datetime.combine(day, local_start.timetz().replace(tzinfo=None), tzinfo=zone)
            result.append((occurrence, occurrence + duration))
    return result


async def create_series(*, session: AsyncSession, specialist: Principal,
                        data: SeriesCreate) -> dict[str, Any]:
    await advisory_lock(session, LOCK_SCHEDULE, specialist.id)
    created: list[dict[str, Any]] = []
    collisions: list[dict[str, Any]] = []
    for start, end in occurrences(data.start_time, data.end_time, weekdays=data.weekdays,
                                  weeks=data.weeks, time_zone=data.time_zone):
        try:
            slot_id = await insert_checked(session=session, specialist=specialist, start=start,
                                           end=end, context=data.context, cost_cents=to_cents(data.cost))
        except DomainError as refusal:
            collisions.append({"start_time": start, "end_time": end, "code": refusal.code,
                               "detail": refusal.detail})
            continue
        created.append(await get_visible_slot(session=session, user=specialist, slot_id=slot_id))
    return {"created": created, "collisions": collisions}
