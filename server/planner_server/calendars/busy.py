"""Busy intervals from iCalendar text (pure: no database, no network).

Counted as busy: opaque events (not TRANSP:TRANSPARENT), not cancelled, recurrences expanded
(RRULE, RDATE, EXDATE, RECURRENCE-ID overrides: ``recurring-ical-events``), all-day events and
floating times in the specialist's own time zone, zoned times through their VTIMEZONE. The
planner's own written-back events (X-CONSULTATION-PLANNER-SLOT) are not counted against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

OWN_EVENT_PROPERTY = "X-CONSULTATION-PLANNER-SLOT"
PRIVATE_TITLE = "Busy"
TITLE_LENGTH = 255


@dataclass(frozen=True, order=True)
class Busy:
    start: datetime  # UTC
    end: datetime
    title: str


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating: the specialist's wall clock
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    return datetime.combine(value, time(0), tzinfo=zone).astimezone(UTC)  # a day starts at 00:00 local


def _end(event: Any, start: date | datetime) -> date | datetime:
    if event.get("DTEND") is not None:
        return event.decoded("DTEND")
    if event.get("DURATION") is not None:
        return start + event.decoded("DURATION")
    return start if isinstance(start, datetime) else start + timedelta(days=1)  # RFC 5545 3.6.1


def _counts(event: Any) -> bool:
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    return event.get(OWN_EVENT_PROPERTY) is None


def _title(event: Any) -> str:
    if str(event.get("CLASS", "PUBLIC")).upper() in ("PRIVATE", "CONFIDENTIAL"):
        return PRIVATE_TITLE
    return " ".join(str(event.get("SUMMARY", "")).split())[:TITLE_LENGTH] or PRIVATE_TITLE


def busy_of(data: str, *, zone: ZoneInfo, start: datetime, end: datetime) -> list[Busy]:
    """The busy intervals of one calendar object between ``start`` and ``end`` (aware), sorted.

    Unreadable text yields nothing (one broken event must not stop a calendar's sync)."""
    try:
        calendar = Calendar.from_ical(data)
        occurrences = recurring_ical_events.of(calendar, components=["VEVENT"]).between(
            start.astimezone(zone), end.astimezone(zone))
    except Exception:
        return []
    found: set[Busy] = set()
    for event in occurrences:
        if not _counts(event) or event.get("DTSTART") is None:
            continue
        first = event.decoded("DTSTART")
        begin, finish = _instant(first, zone), _instant(_end(event, first), zone)
        if finish > begin and finish > start and begin < end:
            found.add(Busy(begin, finish, _title(event)))
    return sorted(found)
