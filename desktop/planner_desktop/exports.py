"""Files the user saves: the administrator's CSV of users, the client's calendar entry (.ics).

Plain functions on plain data; call them from a worker thread (``session.run``), never the UI thread.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from icalendar import Calendar, Event

from planner_shared.schemas import UserRead

CSV_FIELDS = ("id", "last_name", "first_name", "middle_name", "email", "phone", "role", "is_staff",
              "is_active", "is_blocked", "created_at")
PRODID = "-//Consultation Planner//Desktop//EN"


def write_users_csv(path: Path, users: Iterable[UserRead]) -> int:
    """Write ``users`` as CSV (UTF-8 with BOM, so spreadsheets read the names right); the row count."""
    count = 0
    temporary = path.with_name(path.name + ".part")
    with temporary.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for user in users:
            writer.writerow([user.id, user.last_name, user.first_name, user.middle_name, user.email,
                             user.phone or "", user.role.value, _flag(user.is_staff),
                             _flag(user.is_active), _flag(user.is_blocked), user.created_at.isoformat()])
            count += 1
    os.replace(temporary, path)
    return count


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def consultation_calendar(*, slot_id: int, specialist_name: str, start: datetime, end: datetime,
                          context: str, cost: str, now: datetime | None = None) -> bytes:
    """One agreed consultation as an iCalendar file any calendar application imports."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"slot-{slot_id}@consultation-planner")
    event.add("dtstamp", (now or datetime.now(timezone.utc)).astimezone(timezone.utc))
    event.add("dtstart", start.astimezone(timezone.utc))
    event.add("dtend", end.astimezone(timezone.utc))
    event.add("summary", f"Consultation with {specialist_name}")
    description = "\n".join(part for part in (context, f"Cost: {cost}") if part)
    event.add("description", description)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def write_file(path: Path, content: bytes) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(content)
    os.replace(temporary, path)
