"""Calendar invites (.ics, RFC 5546): REQUEST when a consultation is agreed, CANCEL when called off.

Both carry the same UID for a slot and the slot's version as SEQUENCE, so a calendar applies the
cancellation to the event the invitation created.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Consultation Planner//Consultation Planner//EN"


@dataclass(frozen=True)
class Party:
    name: str
    email: str


def slot_uid(slot_id: int, domain: str) -> str:
    return f"slot-{slot_id}@{domain}"


def _address(party: Party, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{party.email}")
    address.params["CN"] = vText(party.name)
    for key, value in params.items():
        address.params[key.upper()] = value
    return address


def new_calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


def consultation_event(*, uid: str, sequence: int, start: datetime, end: datetime, summary: str,
                       description: str, stamp: datetime, status: str) -> Event:
    """One consultation as a VEVENT: the invite's, the feed's and the written-back event's."""
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("status", status)
    return event


def invite(*, method: str, uid: str, sequence: int, start: datetime, end: datetime, summary: str,
           description: str, organizer: Party, attendee: Party, stamp: datetime) -> bytes:
    """The .ics of one consultation: ``method`` is REQUEST or CANCEL."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unsupported METHOD {method!r}")
    calendar = new_calendar()
    calendar.add("method", method)
    event = consultation_event(uid=uid, sequence=sequence, start=start, end=end, summary=summary,
                               description=description, stamp=stamp,
                               status="CONFIRMED" if method == "REQUEST" else "CANCELLED")
    event.add("organizer", _address(organizer))
    event.add("attendee", _address(attendee, role="REQ-PARTICIPANT", partstat="ACCEPTED",
                                   rsvp="FALSE"))
    calendar.add_component(event)
    return bytes(calendar.to_ical())
